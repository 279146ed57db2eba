// Partnership agreements: the list of one's own, the form to draft or change one, and one
// agreement with its parties, signatures and the actions open to the organisation now.
import { useState, type FormEvent } from 'react';
import { FormattedDate, FormattedMessage, useIntl } from 'react-intl';
import { Link, useNavigate, useParams } from 'react-router';
import { DATA_CATEGORIES, LEGAL_BASES } from '../../modules/orgs/schema.ts';
import { useMe } from '../api/session.tsx';
import { useAction } from '../api/use-action.ts';
import type { paths } from '../api/openapi.d.ts';
import { client, data, useLoad } from '../api/typed.ts';
import { DataTable, type Column } from '../components/data-table.tsx';
import { ProblemText, type FieldProblem } from '../components/field-problem.tsx';
import { CheckboxGroup, fieldError, SelectField, TextField } from '../components/fields.tsx';
import { Loaded } from '../components/loaded.tsx';
import { CircleExclamationPoint } from 'lucide-react';
import { Icon } from '../components/icon.tsx';

/** An agreement as the API gives it, and what it takes to draft one (from the OpenAPI document). */
type AgreementView = paths['/api/agreements/{id}']['get']['responses'][200]['content']['application/json'];
type AgreementInput = NonNullable<paths['/api/agreements']['post']['requestBody']>['content']['application/json'];
type OrganisationProfile = paths['/api/directory']['get']['responses'][200]['content']['application/json']['organisations'][number];

export function AgreementsPage() {
  const me = useMe();
  const intl = useIntl();
  const state = useLoad(() => data(client.GET('/api/agreements')), []);
  const columns: Column<AgreementView>[] = [
    { header: 'agreements.titleField', cell: (a) => <Link to={`/agreements/${a.id}`}><bdi>{a.title}</bdi></Link> },
    { header: 'agreements.parties', cell: (a) => intl.formatList(a.parties.map((p) => p.orgName), { type: 'conjunction' }) },
    { header: 'agreements.validity', cell: (a) => <Validity a={a} /> },
    { header: 'members.status', cell: (a) => <StatusTag status={a.status} /> },
  ];
  return (
    <>
      <h1 tabIndex={-1}>
        <FormattedMessage id="agreements.title" />
      </h1>
      <p className="lead">
        <FormattedMessage id="agreements.intro" />
      </p>
      {me.abilities.includes('org.agreements.manage') && (
        <p>
          <Link to="/agreements/new" className="button primary">
            <FormattedMessage id="agreements.new" />
          </Link>
        </p>
      )}
      <Loaded state={state}>
        {({ agreements }) =>
          agreements.length === 0 ? (
            <p className="empty-state">
              <FormattedMessage id="agreements.none" />
            </p>
          ) : (
            <section aria-labelledby="agreements-list">
              <h2 id="agreements-list" className="visually-hidden">
                <FormattedMessage id="agreements.title" />
              </h2>
              <DataTable labelledBy="agreements-list" caption="agreements.title" columns={columns} rows={agreements} rowKey={(a) => a.id} />
            </section>
          )
        }
      </Loaded>
    </>
  );
}

function Validity(props: { a: Pick<AgreementView, 'validFrom' | 'validUntil'> }) {
  return (
    <FormattedMessage
      id="agreements.from"
      values={{
        from: <FormattedDate value={props.a.validFrom} dateStyle="medium" timeZone="UTC" />,
        until: <FormattedDate value={props.a.validUntil} dateStyle="medium" timeZone="UTC" />,
      }}
    />
  );
}

function StatusTag(props: { status: AgreementView['status'] }) {
  return (
    <span className={`tag status-${props.status}`}>
      <FormattedMessage id={`agreementStatus.${props.status}`} />
    </span>
  );
}

export function AgreementPage() {
  const { id } = useParams();
  const [version, setVersion] = useState(0);
  const state = useLoad(() => data(client.GET('/api/agreements/{id}', { params: { path: { id: id ?? '' } } })), [id, version]);
  const intl = useIntl();
  return (
    <Loaded state={state}>
      {(a) => (
        <>
          <h1 tabIndex={-1} dir="auto">{a.title}</h1>
          <p>
            <StatusTag status={a.status} />
          </p>
          <StatusChange a={a} />
          <dl className="facts profile">
            <dt>
              <FormattedMessage id="agreements.services" />
            </dt>
            <dd>{a.services || '—'}</dd>
            <dt>
              <FormattedMessage id="agreements.categories" />
            </dt>
            <dd>{intl.formatList(a.dataCategories.map((c) => intl.formatMessage({ id: `category.${c}` })), { type: 'conjunction' })}</dd>
            <dt>
              <FormattedMessage id="agreements.legalBasis" />
            </dt>
            <dd>
              <FormattedMessage id={`legalBasis.${a.legalBasis}`} />
            </dd>
            <dt>
              <FormattedMessage id="agreements.retention" />
            </dt>
            <dd>
              <FormattedMessage id="agreements.months" values={{ count: a.retentionMonths }} />
            </dd>
            <dt>
              <FormattedMessage id="agreements.validity" />
            </dt>
            <dd>
              <Validity a={a} />
            </dd>
            {a.reviewDate && (
              <>
                <dt>
                  <FormattedMessage id="agreements.review" />
                </dt>
                <dd>
                  <FormattedDate value={a.reviewDate} dateStyle="medium" timeZone="UTC" />
                </dd>
              </>
            )}
          </dl>
          <section className="panel" aria-labelledby="agreement-parties">
            <h2 id="agreement-parties">
              <FormattedMessage id="agreements.parties" />
            </h2>
            <ul className="parties">
              {a.parties.map((p) => (
                <li key={p.orgId}>
                  <strong>{p.orgName}</strong> —{' '}
                  {p.signedAt ? (
                    <FormattedMessage
                      id="agreements.signedBy"
                      values={{ name: p.signatoryName, title: p.signatoryTitle, date: <FormattedDate value={p.signedAt} dateStyle="medium" /> }}
                    />
                  ) : (
                    <FormattedMessage id="agreements.notSigned" />
                  )}
                </li>
              ))}
            </ul>
          </section>
          <AgreementActions a={a} onChanged={() => setVersion((v) => v + 1)} />
        </>
      )}
    </Loaded>
  );
}

type Change = 'suspend' | 'resume' | 'signAgain' | 'terminate';
const CHANGES: readonly Change[] = ['suspend', 'resume', 'signAgain', 'terminate'];
const CHANGE_PATH = {
  suspend: '/api/agreements/{id}/suspend',
  resume: '/api/agreements/{id}/resume',
  signAgain: '/api/agreements/{id}/sign-again',
  terminate: '/api/agreements/{id}/terminate',
} as const satisfies Record<Change, keyof paths>;

/** What the last change of status was, by whom, when and why: a suspension above all. */
function changeKind(a: AgreementView): 'suspended' | 'terminated' | 'signAgain' | 'resumed' | null {
  if (a.status === 'suspended') return 'suspended';
  if (a.status === 'terminated') return 'terminated';
  if (!a.statusReason) return null;
  if (a.status === 'signing') return 'signAgain';
  if (a.status === 'active') return 'resumed';
  return null;
}

function StatusChange(props: { a: AgreementView }) {
  const { a } = props;
  const kind = changeKind(a);
  if (!kind) return null;
  const date = a.statusChangedAt ? <FormattedDate value={a.statusChangedAt} dateStyle="medium" /> : null;
  const org = a.statusChangedBy?.orgName;
  return (
    <div className="notice status-change" data-testid="status-change">
      {date && (
        <p>
          <strong>
            {org ? <FormattedMessage id="agreements.changedBy" values={{ kind, org, date }} /> : <FormattedMessage id="agreements.changedOn" values={{ kind, date }} />}
          </strong>
        </p>
      )}
      {a.statusReason && (
        <p>
          <FormattedMessage id="agreements.reasonGiven" values={{ reason: a.statusReason }} />
        </p>
      )}
      {a.status === 'suspended' && a.can.resume && (
        <p>
          <FormattedMessage id="agreements.suspendedByYou" />
        </p>
      )}
      {a.status === 'suspended' && !a.can.resume && (
        <p>{org ? <FormattedMessage id="agreements.onlySuspenderResumes" values={{ org }} /> : <FormattedMessage id="agreements.resumedBySigningAgain" />}</p>
      )}
      {kind === 'signAgain' && (
        <p>
          <FormattedMessage id="agreements.signingAgain" />
        </p>
      )}
    </div>
  );
}

function AgreementActions(props: { a: AgreementView; onChanged: () => void }) {
  const { a } = props;
  const me = useMe();
  const sign = useAction((body: { signatoryName: string; signatoryTitle: string }) => data(() => client.POST('/api/agreements/{id}/signatures', { params: { path: { id: a.id } }, body })));
  const change = useAction((what: Change, reason: string) => data(() => client.POST(CHANGE_PATH[what], { params: { path: { id: a.id } }, body: { reason } })));
  const [pending, setPending] = useState<Change | null>(null);
  const error = sign.error ?? change.error;
  return (
    <div className="actions">
      {error && (
        <p className="form-error" role="alert">
          <Icon of={CircleExclamationPoint} />
          <FormattedMessage id={error} />
        </p>
      )}
      {a.can.edit && (
        <p>
          <Link to={`/agreements/${a.id}/edit`}>
            <FormattedMessage id="agreements.edit" />
          </Link>
        </p>
      )}
      {a.can.sign && (
        <form
          className="stacked panel"
          onSubmit={async (e: FormEvent<HTMLFormElement>) => {
            e.preventDefault();
            const f = new FormData(e.currentTarget);
            const ok = await sign.run({ signatoryName: String(f.get('signatoryName') ?? ''), signatoryTitle: String(f.get('signatoryTitle') ?? '') });
            if (ok.ok) props.onChanged();
          }}
        >
          <h2>
            <FormattedMessage id="agreements.sign" />
          </h2>
          <p>
            <FormattedMessage id="agreements.signIntro" />
          </p>
          <TextField name="signatoryName" label="agreements.signatoryName" defaultValue={me.user.displayName} required maxLength={200} />
          <TextField name="signatoryTitle" label="agreements.signatoryTitle" required maxLength={200} />
          <button type="submit" className="primary" disabled={sign.busy}>
            <FormattedMessage id="agreements.signButton" />
          </button>
        </form>
      )}
      <p className="row-actions">
        {CHANGES.filter((w) => a.can[w])
          .map((w) => (
            <button key={w} type="button" onClick={() => setPending(w)}>
              <FormattedMessage id={`agreements.${w}`} />
            </button>
          ))}
      </p>
      {pending && (
        <form
          className="stacked panel"
          onSubmit={async (e: FormEvent<HTMLFormElement>) => {
            e.preventDefault();
            const ok = await change.run(pending, String(new FormData(e.currentTarget).get('reason') ?? ''));
            if (ok.ok) {
              setPending(null);
              props.onChanged();
            }
          }}
        >
          <h2>
            <FormattedMessage id={`agreements.${pending}`} />
          </h2>
          <TextField name="reason" label="agreements.reason" hint={`agreements.${pending}Hint`} multiline required maxLength={1000} />
          <button type="submit" className="primary" disabled={change.busy}>
            <FormattedMessage id={`agreements.${pending}`} />
          </button>
        </form>
      )}
    </div>
  );
}

export function NewAgreementPage() {
  return <AgreementForm agreement={null} />;
}

export function EditAgreementPage() {
  const { id } = useParams();
  const existing = useLoad(() => data(client.GET('/api/agreements/{id}', { params: { path: { id: id ?? '' } } })), [id]);
  return <Loaded state={existing}>{(a) => <AgreementForm agreement={a} />}</Loaded>;
}

/** Partners are chosen from the directory: a filter narrows the list; chosen ones always stay shown. */
function PartnerPicker(props: { organisations: OrganisationProfile[]; initial: string[]; error: FieldProblem | null }) {
  const [filter, setFilter] = useState('');
  const [selected, setSelected] = useState(() => new Set(props.initial));
  const shown = props.organisations.filter((o) => selected.has(o.id) || o.name.toLowerCase().includes(filter.trim().toLowerCase())).slice(0, 60);
  return (
    <fieldset className="field checkbox-group partner-picker" aria-describedby={props.error ? 'partners-error' : undefined}>
      <legend>
        <FormattedMessage id="agreements.partners" />
      </legend>
      {props.error && (
        <span id="partners-error" className="field-error">
          <ProblemText problem={props.error} />
        </span>
      )}
      <label htmlFor="partner-filter" className="hint">
        <FormattedMessage id="agreements.findPartner" />
      </label>
      <input id="partner-filter" type="search" value={filter} onChange={(e) => setFilter(e.target.value)} />
      {shown.map((o) => (
        <label key={o.id} className="checkbox">
          <input
            type="checkbox"
            name="partnerOrgIds"
            value={o.id}
            checked={selected.has(o.id)}
            onChange={(e) => {
              const next = new Set(selected);
              if (e.target.checked) next.add(o.id);
              else next.delete(o.id);
              setSelected(next);
            }}
          />{' '}
          {o.name}
        </label>
      ))}
    </fieldset>
  );
}

function AgreementForm(props: { agreement: AgreementView | null }) {
  const intl = useIntl();
  const me = useMe();
  const navigate = useNavigate();
  const a = props.agreement;
  const directory = useLoad(() => data(client.GET('/api/directory')), []);
  const save = useAction((body: AgreementInput) =>
    data(() => (a ? client.PUT('/api/agreements/{id}', { params: { path: { id: a.id } }, body }) : client.POST('/api/agreements', { body }))),
  );
  const initialPartners = (a?.parties.map((p) => p.orgId) ?? []).filter((o) => o !== me.activeOrgId);

  async function submit(e: FormEvent<HTMLFormElement>) {
    e.preventDefault();
    const f = new FormData(e.currentTarget);
    const text = (k: string) => String(f.get(k) ?? '').trim();
    const result = await save.run({
      title: text('title'),
      partnerOrgIds: f.getAll('partnerOrgIds').map(String),
      services: text('services'),
      regions: [],
      dataCategories: f.getAll('dataCategories').map(String) as AgreementInput['dataCategories'],
      legalBasis: text('legalBasis') as AgreementInput['legalBasis'],
      retentionMonths: Number(text('retentionMonths')),
      validFrom: text('validFrom'),
      validUntil: text('validUntil'),
      reviewDate: text('reviewDate') || null,
    });
    if (result.ok) void navigate(`/agreements/${result.value.id}`);
  }
  const err = (p: string) => fieldError(save.fields, p);
  return (
    <>
      <h1 tabIndex={-1}>
        <FormattedMessage id={a ? 'agreements.edit' : 'agreements.new'} />
      </h1>
      <form className="stacked" onSubmit={submit}>
        {save.error && (
          <p className="form-error" role="alert">
            <Icon of={CircleExclamationPoint} />
            <FormattedMessage id={save.error} />
          </p>
        )}
        <TextField name="title" label="agreements.titleField" defaultValue={a?.title} required maxLength={200} error={err('title')} />
        <Loaded state={directory}>
          {({ organisations }) => (
            <PartnerPicker organisations={organisations.filter((o) => o.id !== me.activeOrgId)} initial={initialPartners} error={err('partnerOrgIds')} />
          )}
        </Loaded>
        <TextField name="services" label="agreements.services" defaultValue={a?.services} multiline maxLength={4000} />
        <CheckboxGroup
          name="dataCategories"
          label="agreements.categories"
          hint="agreements.categoriesHint"
          defaultValue={a?.dataCategories}
          error={err('dataCategories')}
          options={DATA_CATEGORIES.map((c) => ({ value: c, label: intl.formatMessage({ id: `category.${c}` }) }))}
        />
        <SelectField name="legalBasis" label="agreements.legalBasis" defaultValue={a?.legalBasis ?? 'consent'} options={LEGAL_BASES.map((b) => ({ value: b, label: intl.formatMessage({ id: `legalBasis.${b}` }) }))} />
        <TextField name="retentionMonths" type="number" min={1} max={600} label="agreements.retentionMonths" defaultValue={String(a?.retentionMonths ?? 60)} required error={err('retentionMonths')} />
        <TextField name="validFrom" type="date" label="agreements.validFrom" defaultValue={a?.validFrom} required error={err('validFrom')} />
        <TextField name="validUntil" type="date" label="agreements.validUntil" defaultValue={a?.validUntil} required error={err('validUntil')} />
        <TextField name="reviewDate" type="date" label="agreements.review" defaultValue={a?.reviewDate} error={err('reviewDate')} />
        <button type="submit" className="primary" disabled={save.busy}>
          <FormattedMessage id="common.save" />
        </button>
      </form>
    </>
  );
}
