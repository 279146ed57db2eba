// The civic-space monitor's pages, loaded as their own chunk: the records (own organisation's at
// any status, and those other monitors verified), the form to enter one, a record with its
// sources, affected organisations, consent, verification and publication, and the ratings.
import { useState, type FormEvent } from 'react';
import { FormattedMessage, useIntl } from 'react-intl';
import { Link, Route, Routes, useNavigate, useParams } from 'react-router';
import { RESTRICTION_TYPES, SEVERITIES } from '../../../modules/civic/schema.ts';
import { client, data, useLoad, type Answer, type Body } from '../../api/typed.ts';
import { useAction } from '../../api/use-action.ts';
import { DataTable, type Column } from '../../components/data-table.tsx';
import { Checkbox, CheckboxGroup, fieldError, SelectField, TextField } from '../../components/fields.tsx';
import { Loaded } from '../../components/loaded.tsx';
import { localName } from '../../i18n/names.ts';
import { NotFoundPage } from '../not-found.tsx';
import { Day, RecordFacts, Types } from './civic-parts.tsx';
import { RatingsPage } from './ratings.tsx';
import { ReportPage, ReportQueuePage } from './reports.tsx';
import { useCountries } from './use-countries.ts';
import { CircleExclamationPoint } from 'lucide-react';
import { Icon } from '../../components/icon.tsx';

type RecordList = Answer<'/api/civic/records'>;
type NewRecord = Body<'/api/civic/records', 'post'>;

/** What a monitor does on a record's page, each with the body its route takes. */
type RecordStep =
  | { status: Body<'/api/civic/records/{id}/status', 'post'> }
  | { publication: Body<'/api/civic/records/{id}/publication', 'post'> }
  | { source: Body<'/api/civic/records/{id}/sources', 'post'> }
  | { affected: Body<'/api/civic/records/{id}/affected', 'post'> }
  | { consent: { affectedId: string; body: Body<'/api/civic/records/{id}/affected/{affectedId}/consent', 'post'> } };

function StatusTag(props: { status: string; published?: boolean }) {
  return (
    <span className={`tag civic-status-${props.published ? 'published' : props.status}`}>
      <FormattedMessage id={props.published ? 'civic.status.published' : `civic.status.${props.status}`} />
    </span>
  );
}

function RecordListPage() {
  const state = useLoad(() => data(client.GET('/api/civic/records')), []);
  const { name } = useCountries();
  return (
    <>
      <h1 tabIndex={-1}>
        <FormattedMessage id="civic.title" />
      </h1>
      <p className="lead">
        <FormattedMessage id="civic.intro" />
      </p>
      <p className="actions">
        <Link className="button primary" to="/civic/records/new">
          <FormattedMessage id="civic.new" />
        </Link>{' '}
        <Link className="button" to="/civic/ratings">
          <FormattedMessage id="civic.ratings.title" />
        </Link>{' '}
        <Link className="button" to="/civic/reports">
          <FormattedMessage id="civic.reports.title" />
        </Link>{' '}
        <Link className="button" to="/public/civic">
          <FormattedMessage id="civic.publicPages" />
        </Link>
      </p>
      <Loaded state={state}>
        {({ records }) => {
          const columns: Column<RecordList['records'][number]>[] = [
            { header: 'civic.field.title', cell: (r) => <Link to={`/civic/records/${r.id}`} dir="auto">{r.title}</Link> },
            { header: 'civic.field.country', cell: (r) => name(r.country) },
            { header: 'civic.field.startedOn', cell: (r) => <Day value={r.startedOn} /> },
            { header: 'civic.field.types', cell: (r) => <Types types={r.types} /> },
            { header: 'civic.field.status', cell: (r) => <StatusTag status={r.status} published={r.published} /> },
            { header: 'civic.field.monitorOrg', cell: (r) => (r.own ? <FormattedMessage id="civic.ownOrg" /> : (r.monitorOrg ?? '—')) },
          ];
          return (
            <section aria-labelledby="civic-records">
              <h2 id="civic-records">
                <FormattedMessage id="civic.records" />
              </h2>
              {records.length === 0 ? (
                <p className="empty-state">
                  <FormattedMessage id="civic.none" />
                </p>
              ) : (
                <DataTable labelledBy="civic-records" caption="civic.records" columns={columns} rows={records} rowKey={(r) => r.id} />
              )}
            </section>
          );
        }}
      </Loaded>
    </>
  );
}

function NewRecordPage() {
  return (
    <>
      <h1 tabIndex={-1}>
        <FormattedMessage id="civic.new" />
      </h1>
      <p className="lead">
        <FormattedMessage id="civic.newIntro" />
      </p>
      <RecordForm submit="civic.create" />
    </>
  );
}

export type RecordDraft = { country?: string; title?: string; description?: string; startedOn?: string | null; types?: readonly string[]; actor?: string | null; ctJustification?: boolean; womenTargeted?: boolean };

/** The form of a restriction record: a new one, or one made from a confidential report (prefilled from it). */
export function RecordForm(props: { fromReport?: string; submit: string; initial?: RecordDraft }) {
  const intl = useIntl();
  const navigate = useNavigate();
  const { list, locale } = useCountries();
  const initial = props.initial ?? {};
  const [country, setCountry] = useState(initial.country ?? '');
  const { fromReport } = props;
  const create = useAction((body: NewRecord) =>
    fromReport === undefined
      ? data(() => client.POST('/api/civic/records', { body }))
      : data(() => client.POST('/api/civic/reports/{id}/record', { params: { path: { id: fromReport } }, body })),
  );
  const err = (p: string) => fieldError(create.fields, p);
  async function submit(e: FormEvent<HTMLFormElement>) {
    e.preventDefault();
    const form = new FormData(e.currentTarget);
    const text = (k: string) => String(form.get(k) ?? '').trim();
    const result = await create.run({
      country: text('country'),
      region: text('region') || null,
      title: text('title'),
      description: text('description'),
      startedOn: text('startedOn'),
      endedOn: text('endedOn') || null,
      types: form.getAll('types').map(String) as NewRecord['types'],
      ctJustification: form.get('ctJustification') === 'true',
      legalInstrument: text('legalInstrument') || null,
      actor: text('actor'),
      womenTargeted: form.get('womenTargeted') === 'true',
      severity: text('severity') as NewRecord['severity'],
    });
    if (result.ok) void navigate(`/civic/records/${result.value.id}`);
  }
  const regions = list.find((j) => j.code === country)?.regions ?? [];
  return (
    <form className="stacked" onSubmit={submit}>
      {create.error && (
        <p className="form-error" role="alert">
          <Icon of={CircleExclamationPoint} />
          <FormattedMessage id={create.error} />
        </p>
      )}
      <div className="field">
        <label htmlFor="civic-country">
          <FormattedMessage id="civic.field.country" />
        </label>
        <select id="civic-country" name="country" required value={country} onChange={(e) => setCountry(e.target.value)}>
          <option value="">{intl.formatMessage({ id: 'civic.choose' })}</option>
          {list.map((j) => (
            <option key={j.code} value={j.code}>
              {localName(j.names, locale)}
            </option>
          ))}
        </select>
      </div>
      <SelectField name="region" label="civic.field.region" blank={intl.formatMessage({ id: 'civic.wholeCountry' })} options={regions.map((r) => ({ value: r.code, label: localName(r.names, locale) }))} error={err('region')} />
      <TextField name="title" label="civic.field.title" required maxLength={300} defaultValue={initial.title} error={err('title')} />
      <TextField name="description" label="civic.field.description" multiline required maxLength={8000} defaultValue={initial.description} error={err('description')} />
      <TextField name="startedOn" type="date" label="civic.field.startedOn" required defaultValue={initial.startedOn} error={err('startedOn')} />
      <TextField name="endedOn" type="date" label="civic.field.endedOn" hint="civic.hint.endedOn" error={err('endedOn')} />
      <CheckboxGroup name="types" label="civic.field.types" defaultValue={initial.types} options={RESTRICTION_TYPES.map((t) => ({ value: t, label: <FormattedMessage id={`civic.type.${t}`} /> }))} error={err('types')} />
      <TextField name="actor" label="civic.field.actor" required maxLength={300} hint="civic.hint.actor" defaultValue={initial.actor} error={err('actor')} />
      <Checkbox name="ctJustification" label="civic.field.ctJustification" defaultChecked={initial.ctJustification} />
      <TextField name="legalInstrument" label="civic.field.legalInstrument" maxLength={500} hint="civic.hint.legalInstrument" error={err('legalInstrument')} />
      <Checkbox name="womenTargeted" label="civic.field.womenTargeted" defaultChecked={initial.womenTargeted} />
      <SelectField name="severity" label="civic.field.severity" required blank={intl.formatMessage({ id: 'civic.choose' })} options={SEVERITIES.map((s) => ({ value: s, label: intl.formatMessage({ id: `civic.severity.${s}` }) }))} error={err('severity')} />
      <button type="submit" className="primary" disabled={create.busy}>
        <FormattedMessage id={props.submit} />
      </button>
    </form>
  );
}

function RecordPage() {
  const { id = '' } = useParams();
  const [version, setVersion] = useState(0);
  const state = useLoad(() => data(client.GET('/api/civic/records/{id}', { params: { path: { id } } })), [id, version]);
  const { list, name, locale } = useCountries();
  const refresh = () => setVersion((v) => v + 1);
  const act = useAction(async (step: RecordStep) => {
    const path = { id };
    if ('status' in step) await data(() => client.POST('/api/civic/records/{id}/status', { params: { path }, body: step.status }));
    else if ('publication' in step) await data(() => client.POST('/api/civic/records/{id}/publication', { params: { path }, body: step.publication }));
    else if ('source' in step) await data(() => client.POST('/api/civic/records/{id}/sources', { params: { path }, body: step.source }));
    else if ('affected' in step) await data(() => client.POST('/api/civic/records/{id}/affected', { params: { path }, body: step.affected }));
    else await data(() => client.POST('/api/civic/records/{id}/affected/{affectedId}/consent', { params: { path: { ...path, affectedId: step.consent.affectedId } }, body: step.consent.body }));
  });
  const post = async (step: RecordStep, form?: HTMLFormElement) => {
    const result = await act.run(step);
    if (result.ok) {
      form?.reset();
      refresh();
    }
  };
  return (
    <Loaded state={state}>
      {(r) => {
        const region = list.find((j) => j.code === r.country)?.regions.find((x) => x.code === r.region);
        return (
          <>
            <h1 tabIndex={-1} dir="auto">
              {r.title}
            </h1>
            <p className="meta">
              {name(r.country)} · <StatusTag status={r.status} published={r.publishedAt !== null} />
              {r.monitorOrg && <> · {r.monitorOrg}</>}
            </p>
            {act.error && (
              <p className="form-error" role="alert">
                <Icon of={CircleExclamationPoint} />
                <FormattedMessage id={act.error} />
              </p>
            )}
            <p className="free-text" dir="auto">
              {r.description}
            </p>
            <RecordFacts record={r} regionName={region ? localName(region.names, locale) : undefined} />
            <section className="panel" aria-labelledby="civic-checks">
              <h2 id="civic-checks">
                <FormattedMessage id="civic.checks" />
              </h2>
              <ul className="civic-list">
                <li>
                  <FormattedMessage id="civic.enteredBy" values={{ who: r.enteredBy ?? '—' }} />
                </li>
                {r.corroboratedBy && (
                  <li>
                    <FormattedMessage id="civic.corroboratedBy" values={{ who: r.corroboratedBy }} />
                  </li>
                )}
                {r.verifiedBy && (
                  <li>
                    <FormattedMessage id="civic.verifiedBy" values={{ who: r.verifiedBy }} />
                  </li>
                )}
                {r.waitingFor.map((w) => (
                  <li key={w} className="hint">
                    <FormattedMessage id={`civic.waiting.${w}`} />
                  </li>
                ))}
              </ul>
              <p className="actions">
                {r.can.corroborate && (
                  <button type="button" disabled={act.busy} onClick={() => void post({ status: { status: 'corroborated' } })}>
                    <FormattedMessage id="civic.action.corroborate" />
                  </button>
                )}
                {r.can.verify && (
                  <button type="button" className="primary" disabled={act.busy} onClick={() => void post({ status: { status: 'verified' } })}>
                    <FormattedMessage id="civic.action.verify" />
                  </button>
                )}
                {r.can.publish && (
                  <button type="button" className="primary" disabled={act.busy} onClick={() => void post({ publication: { published: true } })}>
                    <FormattedMessage id="civic.action.publish" />
                  </button>
                )}
                {r.can.unpublish && (
                  <button type="button" disabled={act.busy} onClick={() => void post({ publication: { published: false } })}>
                    <FormattedMessage id="civic.action.unpublish" />
                  </button>
                )}
              </p>
            </section>
            <section className="panel" aria-labelledby="civic-sources">
              <h2 id="civic-sources">
                <FormattedMessage id="civic.sources" />
              </h2>
              {r.sources.length === 0 ? (
                <p className="empty-state">
                  <FormattedMessage id="civic.noSources" />
                </p>
              ) : (
                <ul>
                  {r.sources.map((s) => (
                    <li key={s.id}>
                      <a href={s.url} rel="noopener noreferrer nofollow" target="_blank" dir="auto">
                        {s.title}
                      </a>
                      {s.publishedOn && (
                        <>
                          {' · '}
                          <Day value={s.publishedOn} />
                        </>
                      )}
                    </li>
                  ))}
                </ul>
              )}
              {r.can.addSource && (
                <form
                  className="stacked compact"
                  onSubmit={(e) => {
                    e.preventDefault();
                    const f = new FormData(e.currentTarget);
                    void post({ source: { url: String(f.get('url') ?? '').trim(), title: String(f.get('title') ?? '').trim(), publishedOn: String(f.get('publishedOn') ?? '') || null } }, e.currentTarget);
                  }}
                >
                  <TextField name="url" label="civic.field.url" required maxLength={2000} dir="ltr" error={fieldError(act.fields, 'url')} />
                  <TextField name="title" label="civic.field.sourceTitle" required maxLength={300} error={fieldError(act.fields, 'title')} />
                  <TextField name="publishedOn" type="date" label="civic.field.sourceDate" />
                  <button type="submit" disabled={act.busy}>
                    <FormattedMessage id="civic.action.addSource" />
                  </button>
                </form>
              )}
            </section>
            <section className="panel" aria-labelledby="civic-affected">
              <h2 id="civic-affected">
                <FormattedMessage id="civic.affected" />
              </h2>
              {r.affected.length === 0 ? (
                <p className="empty-state">
                  <FormattedMessage id="civic.noAffected" />
                </p>
              ) : (
                <ul className="civic-list">
                  {r.affected.map((a) => (
                    <li key={a.id} className="card">
                      <strong dir="auto">{a.name ?? <FormattedMessage id="civic.anonymous" />}</strong> — <span dir="auto">{a.description}</span>
                      {a.womenLed && (
                        <>
                          {' '}
                          <span className="tag">
                            <FormattedMessage id="civic.womenLed" />
                          </span>
                        </>
                      )}
                      {a.name !== null && (
                        <p className="meta">
                          {a.consentAt ? (
                            <FormattedMessage id="civic.consentGiven" values={{ note: a.consentNote ?? '' }} />
                          ) : (
                            <FormattedMessage id="civic.consentMissing" />
                          )}
                        </p>
                      )}
                      {a.name !== null && a.consentAt === null && r.can.recordConsent && (
                        <form
                          className="stacked compact"
                          onSubmit={(e) => {
                            e.preventDefault();
                            void post({ consent: { affectedId: a.id, body: { note: String(new FormData(e.currentTarget).get('note') ?? '').trim() } } }, e.currentTarget);
                          }}
                        >
                          <TextField name="note" label="civic.field.consentNote" hint="civic.hint.consentNote" required maxLength={1000} />
                          <button type="submit" disabled={act.busy}>
                            <FormattedMessage id="civic.action.recordConsent" />
                          </button>
                        </form>
                      )}
                    </li>
                  ))}
                </ul>
              )}
              {r.can.addAffected && (
                <form
                  className="stacked compact"
                  onSubmit={(e) => {
                    e.preventDefault();
                    const f = new FormData(e.currentTarget);
                    void post({ affected: { name: String(f.get('name') ?? '').trim() || null, description: String(f.get('description') ?? '').trim(), womenLed: f.get('womenLed') === 'true' } }, e.currentTarget);
                  }}
                >
                  <TextField name="name" label="civic.field.affectedName" hint="civic.hint.affectedName" maxLength={200} />
                  <TextField name="description" label="civic.field.affectedDescription" required maxLength={500} />
                  <Checkbox name="womenLed" label="civic.womenLed" />
                  <button type="submit" disabled={act.busy}>
                    <FormattedMessage id="civic.action.addAffected" />
                  </button>
                </form>
              )}
            </section>
          </>
        );
      }}
    </Loaded>
  );
}

export default function CivicRoutes() {
  return (
    <Routes>
      <Route index element={<RecordListPage />} />
      <Route path="records/new" element={<NewRecordPage />} />
      <Route path="records/:id" element={<RecordPage />} />
      <Route path="ratings" element={<RatingsPage />} />
      <Route path="reports" element={<ReportQueuePage />} />
      <Route path="reports/:id" element={<ReportPage />} />
      <Route path="*" element={<NotFoundPage />} />
    </Routes>
  );
}
