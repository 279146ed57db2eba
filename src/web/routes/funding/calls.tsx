// Funding calls: the list (published calls, the donor's drafts, the organisation's application to
// each), a call's page (eligibility with reasons, apply; for the owner the applications, publish,
// extend), and the editor of a draft.
import { useState, type FormEvent } from 'react';
import { FormattedMessage, useIntl } from 'react-intl';
import { Link, useNavigate, useParams } from 'react-router';
import { ORG_TYPES } from '../../../modules/funding/schema.ts';
import { client, data, useLoad, type Answer, type Body } from '../../api/typed.ts';
import { useAction } from '../../api/use-action.ts';
import { DataTable, type Column } from '../../components/data-table.tsx';
import { Checkbox, CheckboxGroup, fieldError, TextField } from '../../components/fields.tsx';
import { Loaded } from '../../components/loaded.tsx';
import { useCountries } from '../civic/use-countries.ts';
import { Day, EligibilityNote, Moment, Money, nextKey, StageTag } from './funding-parts.tsx';
import { CircleExclamationPoint, Pencil, Plus } from 'lucide-react';
import { Icon } from '../../components/icon.tsx';

type CallList = Answer<'/api/funding/calls'>;
type CallView = Answer<'/api/funding/calls/{id}'>;
type CallInput = Body<'/api/funding/calls', 'post'>;

export function CallListPage() {
  const state = useLoad(() => data(client.GET('/api/funding/calls')), []);
  return (
    <>
      <h1 tabIndex={-1}>
        <FormattedMessage id="funding.title" />
      </h1>
      <p className="lead">
        <FormattedMessage id="funding.intro" />
      </p>
      <Loaded state={state}>
        {({ calls, can }) => {
          const columns: Column<CallList['calls'][number]>[] = [
            { header: 'funding.field.title', cell: (c) => <Link to={`/funding/calls/${c.id}`} dir="auto">{c.title}</Link> },
            { header: 'funding.field.ownerOrg', cell: (c) => <bdi>{c.ownerOrg}</bdi> },
            { header: 'funding.field.deadline', cell: (c) => <Moment value={c.deadline} /> },
            { header: 'funding.field.budgetCeiling', cell: (c) => <Money value={c.budgetCeiling} currency={c.currency} /> },
            {
              header: 'funding.field.status',
              cell: (c) => (
                <>
                  <span className="tag">
                    <FormattedMessage id={`funding.callStatus.${c.status}`} />
                  </span>
                  {c.womenLedPriority && (
                    <>
                      {' '}
                      <span className="tag accent">
                        <FormattedMessage id="funding.womenLedPriority" />
                      </span>
                    </>
                  )}
                </>
              ),
            },
            {
              header: 'funding.field.myApplication',
              cell: (c) => (c.myApplication ? <Link to={`/funding/applications/${c.myApplication.id}`}><StageTag stage={c.myApplication.stage} /></Link> : '—'),
            },
          ];
          return (
            <>
              <p className="actions">
                {can.create && (
                  <Link className="button primary" to="/funding/calls/new">
                    <Icon of={Plus} />
                    <FormattedMessage id="funding.newCall" />
                  </Link>
                )}{' '}
                <Link className="button" to="/funding/reviews">
                  <FormattedMessage id="funding.reviews.title" />
                </Link>
              </p>
              <section aria-labelledby="funding-calls">
                <h2 id="funding-calls">
                  <FormattedMessage id="funding.calls" />
                </h2>
                {calls.length === 0 ? (
                  <p className="empty-state">
                    <FormattedMessage id="funding.noCalls" />
                  </p>
                ) : (
                  <DataTable labelledBy="funding-calls" caption="funding.calls" columns={columns} rows={calls} rowKey={(c) => c.id} />
                )}
              </section>
            </>
          );
        }}
      </Loaded>
    </>
  );
}

export function CallPage() {
  const intl = useIntl();
  const { id = '' } = useParams();
  const [version, setVersion] = useState(0);
  const state = useLoad(() => data(client.GET('/api/funding/calls/{id}', { params: { path: { id } } })), [id, version]);
  const navigate = useNavigate();
  const { name } = useCountries();
  // One action for the page's buttons: they share its busy state and its message.
  const act = useAction(async (step: 'apply' | 'publish' | 'deadline', deadline?: string): Promise<{ id: string } | undefined> => {
    const params = { path: { id } };
    if (step === 'apply') return data(() => client.POST('/api/funding/calls/{id}/applications', { params }));
    if (step === 'publish') await data(() => client.POST('/api/funding/calls/{id}/publish', { params }));
    else await data(() => client.POST('/api/funding/calls/{id}/deadline', { params, body: { deadline: deadline ?? '' } }));
    return undefined;
  });
  return (
    <Loaded state={state}>
      {(c) => (
        <>
          <h1 tabIndex={-1} dir="auto">
            {c.title}
          </h1>
          <p className="meta">
            <bdi>{c.ownerOrg}</bdi> ·{' '}
            <span className="tag">
              <FormattedMessage id={`funding.callStatus.${c.status}`} />
            </span>
          </p>
          {act.error && (
            <p className="form-error" role="alert">
              <Icon of={CircleExclamationPoint} />
              <FormattedMessage id={act.error} />
            </p>
          )}
          <p className="free-text" dir="auto">
            {c.purpose}
          </p>
          <dl className="facts">
            <dt>
              <FormattedMessage id="funding.field.dates" />
            </dt>
            <dd>
              <FormattedMessage id="funding.opensCloses" values={{ opens: <Day value={c.opensOn} />, closes: <Moment value={c.deadline} /> }} />
            </dd>
            <dt>
              <FormattedMessage id="funding.field.budgetCeiling" />
            </dt>
            <dd>
              <Money value={c.budgetCeiling} currency={c.currency} />
            </dd>
            <dt>
              <FormattedMessage id="funding.field.orgTypes" />
            </dt>
            <dd>{c.orgTypes.length === 0 ? <FormattedMessage id="funding.any" /> : c.orgTypes.map((t) => <span key={t} className="tag"><FormattedMessage id={`orgType.${t}`} /></span>)}</dd>
            <dt>
              <FormattedMessage id="funding.field.countries" />
            </dt>
            <dd>{c.countries.length === 0 ? <FormattedMessage id="funding.any" /> : intl.formatList(c.countries.map(name), { type: 'unit', style: 'short' })}</dd>
            <dt>
              <FormattedMessage id="funding.womenLedPriority" />
            </dt>
            <dd>
              <FormattedMessage id={c.womenLedPriority ? 'common.yes' : 'common.no'} />
            </dd>
            <dt>
              <FormattedMessage id="funding.field.blindReview" />
            </dt>
            <dd>
              <FormattedMessage id={c.blindReview ? 'common.yes' : 'common.no'} />
            </dd>
          </dl>
          <section className="panel" aria-labelledby="funding-criteria">
            <h2 id="funding-criteria">
              <FormattedMessage id="funding.criteria" />
            </h2>
            <ul>
              {c.criteria.map((k) => (
                <li key={k.key}>
                  <bdi>{k.label}</bdi> — <FormattedMessage id="funding.weight" values={{ weight: k.weight }} />
                </li>
              ))}
            </ul>
            {c.questions.length > 0 && (
              <>
                <h3>
                  <FormattedMessage id="funding.questions" />
                </h3>
                <ol>
                  {c.questions.map((q) => (
                    <li key={q.key} dir="auto">
                      {q.text}
                    </li>
                  ))}
                </ol>
              </>
            )}
          </section>
          {c.eligibility && <EligibilityNote eligibility={c.eligibility} />}
          {c.myApplication && (
            <p>
              <Link className="button" to={`/funding/applications/${c.myApplication.id}`}>
                <FormattedMessage id="funding.openMyApplication" />
              </Link>{' '}
              <StageTag stage={c.myApplication.stage} />
            </p>
          )}
          <p className="actions">
            {c.can.apply && (
              <button
                type="button"
                className="primary"
                disabled={act.busy}
                onClick={async () => {
                  const r = await act.run('apply');
                  if (r.ok && r.value?.id) void navigate(`/funding/applications/${r.value.id}`);
                }}
              >
                <FormattedMessage id="funding.apply" />
              </button>
            )}
            {c.can.edit && (
              <Link className="button" to={`/funding/calls/${c.id}/edit`}>
                <Icon of={Pencil} />
                <FormattedMessage id="funding.editCall" />
              </Link>
            )}{' '}
            {c.can.publish && (
              <button type="button" className="primary" disabled={act.busy} onClick={async () => (await act.run('publish')).ok && setVersion((v) => v + 1)}>
                <FormattedMessage id="funding.publish" />
              </button>
            )}
          </p>
          {c.can.extend && (
            <form
              className="stacked compact"
              onSubmit={async (e) => {
                e.preventDefault();
                const v = String(new FormData(e.currentTarget).get('deadline') ?? '');
                if ((await act.run('deadline', v ? new Date(v).toISOString() : '')).ok) setVersion((n) => n + 1);
              }}
            >
              <TextField name="deadline" type="datetime-local" label="funding.field.newDeadline" hint="funding.hint.extend" required error={fieldError(act.fields, 'deadline')} />
              <button type="submit" disabled={act.busy}>
                <FormattedMessage id="funding.extend" />
              </button>
            </form>
          )}
          {c.own && c.status !== 'draft' && (
            <section aria-labelledby="funding-applications">
              <h2 id="funding-applications">
                <FormattedMessage id="funding.applications" />
              </h2>
              {c.applications.length === 0 ? (
                <p className="empty-state">
                  <FormattedMessage id="funding.noApplications" />
                </p>
              ) : (
                <DataTable
                  labelledBy="funding-applications"
                  caption="funding.applications"
                  rows={c.applications}
                  rowKey={(a) => a.id}
                  columns={[
                    { header: 'funding.field.applicant', cell: (a) => <Link to={`/funding/applications/${a.id}`}><bdi>{a.applicantName}</bdi></Link> },
                    { header: 'funding.womenLed', cell: (a) => <FormattedMessage id={a.womenLed ? 'common.yes' : 'common.no'} /> },
                    { header: 'funding.field.budgetTotal', cell: (a) => <Money value={a.budgetTotal} currency={c.currency} /> },
                    { header: 'funding.field.stage', cell: (a) => <StageTag stage={a.stage} /> },
                    { header: 'funding.field.reviews', cell: (a) => <FormattedMessage id="funding.reviewsDone" values={{ done: a.completeReviews, all: a.reviewers }} /> },
                    { header: 'funding.field.meanScore', cell: (a) => (a.meanScore === null ? '—' : <FormattedMessage id="funding.outOf100" values={{ score: a.meanScore }} />) },
                  ]}
                />
              )}
            </section>
          )}
        </>
      )}
    </Loaded>
  );
}

type Row = { key: string; label: string; weight: number };
type QRow = { key: string; text: string };

export function NewCallPage() {
  return <CallEditor />;
}

export function EditCallPage() {
  const { id = '' } = useParams();
  const state = useLoad(() => data(client.GET('/api/funding/calls/{id}', { params: { path: { id } } })), [id]);
  return <Loaded state={state}>{(c) => <CallEditor call={c} />}</Loaded>;
}

function CallEditor(props: { call?: CallView }) {
  const intl = useIntl();
  const navigate = useNavigate();
  const { list, name } = useCountries();
  const c = props.call;
  const [criteria, setCriteria] = useState<Row[]>(c?.criteria ?? [{ key: 'c1', label: '', weight: 100 }]);
  const [questions, setQuestions] = useState<QRow[]>(c?.questions ?? []);
  const save = useAction((body: CallInput) =>
    c ? data(() => client.PUT('/api/funding/calls/{id}', { params: { path: { id: c.id } }, body })) : data(() => client.POST('/api/funding/calls', { body })),
  );
  const err = (p: string) => fieldError(save.fields, p);
  const total = criteria.reduce((s, k) => s + (Number.isFinite(k.weight) ? k.weight : 0), 0);
  async function submit(e: FormEvent<HTMLFormElement>) {
    e.preventDefault();
    const f = new FormData(e.currentTarget);
    const text = (k: string) => String(f.get(k) ?? '').trim();
    const deadline = text('deadline');
    const result = await save.run({
      title: text('title'),
      purpose: text('purpose'),
      orgTypes: f.getAll('orgTypes').map(String) as CallInput['orgTypes'],
      countries: f.getAll('countries').map(String),
      womenLedPriority: f.get('womenLedPriority') === 'true',
      criteria,
      questions,
      budgetCeiling: Number(text('budgetCeiling')),
      currency: text('currency').toUpperCase(),
      opensOn: text('opensOn'),
      deadline: deadline ? new Date(deadline).toISOString() : '',
      blindReview: f.get('blindReview') === 'true',
      publicListing: f.get('publicListing') === 'true',
    });
    if (result.ok) void navigate(`/funding/calls/${c?.id ?? (result.value as { id: string }).id}`);
  }
  const local = (iso: string) => {
    const d = new Date(iso);
    return new Date(d.getTime() - d.getTimezoneOffset() * 60_000).toISOString().slice(0, 16);
  };
  return (
    <>
      <h1 tabIndex={-1}>
        <FormattedMessage id={c ? 'funding.editCall' : 'funding.newCall'} />
      </h1>
      <form className="stacked" onSubmit={submit}>
        {save.error && (
          <p className="form-error" role="alert">
            <Icon of={CircleExclamationPoint} />
            <FormattedMessage id={save.error} />
          </p>
        )}
        <TextField name="title" label="funding.field.title" required maxLength={200} defaultValue={c?.title} error={err('title')} />
        <TextField name="purpose" label="funding.field.purpose" multiline required maxLength={10000} defaultValue={c?.purpose} error={err('purpose')} />
        <CheckboxGroup name="orgTypes" label="funding.field.orgTypes" hint="funding.hint.anyIfNone" defaultValue={c?.orgTypes} options={ORG_TYPES.map((t) => ({ value: t, label: <FormattedMessage id={`orgType.${t}`} /> }))} error={err('orgTypes')} />
        <CheckboxGroup name="countries" label="funding.field.countries" hint="funding.hint.anyIfNone" defaultValue={c?.countries} options={list.map((j) => ({ value: j.code, label: name(j.code) }))} error={err('countries')} />
        <Checkbox name="womenLedPriority" label="funding.womenLedPriority" defaultChecked={c?.womenLedPriority} />
        <fieldset className="field">
          <legend>
            <FormattedMessage id="funding.criteria" />
          </legend>
          <p className={total === 100 ? 'hint' : 'field-error'}>
            <FormattedMessage id="funding.weightsTotal" values={{ total }} />
          </p>
          {err('criteria') && (
            <p className="field-error">
              <FormattedMessage id="funding.hint.weights" />
            </p>
          )}
          {criteria.map((k, i) => (
            <div key={k.key} className="inline-fields">
              <label>
                <FormattedMessage id="funding.field.criterion" values={{ n: i + 1 }} />
                <input value={k.label} required maxLength={200} onChange={(e) => setCriteria(criteria.map((x, j) => (j === i ? { ...x, label: e.target.value } : x)))} />
              </label>
              <label>
                <FormattedMessage id="funding.field.weight" />
                <input type="number" min={1} max={100} required value={k.weight} onChange={(e) => setCriteria(criteria.map((x, j) => (j === i ? { ...x, weight: Number(e.target.value) } : x)))} />
              </label>
              {criteria.length > 1 && (
                <button type="button" onClick={() => setCriteria(criteria.filter((_, j) => j !== i))}>
                  <FormattedMessage id="funding.remove" />
                </button>
              )}
            </div>
          ))}
          <button type="button" onClick={() => setCriteria([...criteria, { key: nextKey('c', criteria), label: '', weight: 0 }])}>
            <FormattedMessage id="funding.addCriterion" />
          </button>
        </fieldset>
        <fieldset className="field">
          <legend>
            <FormattedMessage id="funding.questions" />
          </legend>
          {questions.map((q, i) => (
            <div key={q.key} className="inline-fields">
              <label>
                <FormattedMessage id="funding.field.question" values={{ n: i + 1 }} />
                <input value={q.text} required maxLength={500} onChange={(e) => setQuestions(questions.map((x, j) => (j === i ? { ...x, text: e.target.value } : x)))} />
              </label>
              <button type="button" onClick={() => setQuestions(questions.filter((_, j) => j !== i))}>
                <FormattedMessage id="funding.remove" />
              </button>
            </div>
          ))}
          <button type="button" onClick={() => setQuestions([...questions, { key: nextKey('q', questions), text: '' }])}>
            <FormattedMessage id="funding.addQuestion" />
          </button>
        </fieldset>
        <TextField name="budgetCeiling" type="number" label="funding.field.budgetCeiling" required min={1} defaultValue={c ? String(c.budgetCeiling) : undefined} error={err('budgetCeiling')} />
        <TextField name="currency" label="funding.field.currency" required maxLength={3} defaultValue={c?.currency ?? 'EUR'} dir="ltr" error={err('currency')} />
        <TextField name="opensOn" type="date" label="funding.field.opensOn" required defaultValue={c?.opensOn} error={err('opensOn')} />
        <TextField name="deadline" type="datetime-local" label="funding.field.deadline" required defaultValue={c ? local(c.deadline) : undefined} error={err('deadline')} />
        <Checkbox name="blindReview" label="funding.field.blindReview" defaultChecked={c?.blindReview} />
        <Checkbox name="publicListing" label="funding.field.publicListing" defaultChecked={c?.publicListing} />
        <button type="submit" className="primary" disabled={save.busy}>
          {intl.formatMessage({ id: 'funding.saveDraft' })}
        </button>
      </form>
    </>
  );
}
