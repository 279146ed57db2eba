// A plan's contributions. The coordinators work the queue — unanswered first, filtered by status
// or consultation — answering each with a status, written reasons and the sections and
// commitments that reflect it. A contributor sees their own and their organisation's, with answers.
import { useState, type FormEvent, type ReactNode } from 'react';
import { FormattedDate, FormattedMessage, useIntl } from 'react-intl';
import { useParams, useSearchParams } from 'react-router';
import { RESPONSE_STATUSES } from '../../../modules/planning/schema.ts';
import { client, data, useLoad, type Answer, type Body, type Loadable, type Query } from '../../api/typed.ts';
import { useAction } from '../../api/use-action.ts';
import { CheckboxGroup, fieldError, SelectField, TextField } from '../../components/fields.tsx';
import { Loaded } from '../../components/loaded.tsx';
import { orgTypeLabel } from './meeting-register.tsx';
import { PlanNav } from './plan-nav.tsx';
import { FileList, FileUpload, type PlanFile } from './plan-files.tsx';
import { CircleExclamationPoint, Send } from 'lucide-react';
import { Icon } from '../../components/icon.tsx';

type ContributionsView = Answer<'/api/plans/{planId}/contributions'>;
type ContributionView = ContributionsView['contributions'][number];
type LinkableView = Answer<'/api/plans/{planId}/linkable'>;
type NewResponse = Body<'/api/plans/{planId}/contributions/{id}/response', 'put'>;

/** The answer to a contribution, or that it awaits one. */
export function ResponseBlock(props: { c: ContributionView }) {
  const r = props.c.response;
  if (!r) {
    return (
      <p>
        <span className="tag status-suspended">
          <FormattedMessage id="contributions.status.unanswered" />
        </span>
      </p>
    );
  }
  return (
    <div className="response">
      <p className="badges">
        <span className={`tag ${r.status === 'accepted' || r.status === 'partly_accepted' ? 'partner' : ''}`}>
          <FormattedMessage id={`contributions.status.${r.status}`} />
        </span>{' '}
        <span className="meta">
          <FormattedDate value={r.respondedAt} dateStyle="medium" />
        </span>
      </p>
      <p className="note-body">{r.reasons}</p>
      {(r.sections.length > 0 || r.commitments.length > 0) && (
        <>
          <p className="meta">
            <FormattedMessage id="contributions.reflectedIn" />
          </p>
          <ul className="compact">
            {r.sections.map((s) => (
              <li key={s.id}>
                <FormattedMessage id="contributions.linkSection" values={{ title: <bdi>{s.title}</bdi> }} />
              </li>
            ))}
            {r.commitments.map((c) => (
              <li key={c.id}>
                <FormattedMessage id="contributions.linkCommitment" values={{ reference: <span dir="ltr">{c.reference}</span>, title: <bdi>{c.title}</bdi> }} />
              </li>
            ))}
          </ul>
        </>
      )}
    </div>
  );
}

/** One contribution: what it is on, by whom, its text and files, and its answer. */
export function ContributionCard(props: { c: ContributionView; heading?: string; children?: ReactNode }) {
  const { c } = props;
  const [added, setAdded] = useState<PlanFile[]>([]);
  return (
    <li className="card" aria-labelledby={`contribution-${c.id}`}>
      <h3 id={`contribution-${c.id}`}>
        {props.heading ?? <bdi>{c.consultation.title}</bdi>}
      </h3>
      <p className="meta">
        {c.section ? (
          <FormattedMessage id="contributions.onSection" values={{ title: <bdi>{c.section.title}</bdi> }} />
        ) : c.question ? (
          <FormattedMessage id="contributions.onQuestion" values={{ text: c.question.text }} />
        ) : (
          <FormattedMessage id="contributions.onWhole" />
        )}
      </p>
      <p className="meta">
        {c.orgName ?? <FormattedMessage id="contributions.individual" />}
        {c.orgName && (
          <>
            {' '}
            (<FormattedMessage id={orgTypeLabel(c.orgType)} />
            {c.womenLed && (
              <>
                , <FormattedMessage id="contributions.womenLed" />
              </>
            )}
            )
          </>
        )}{' '}
        · <FormattedMessage id={`contributions.attribution.${c.attribution}`} /> · <FormattedDate value={c.submittedAt} dateStyle="medium" />
      </p>
      <p className="note-body" dir="auto">{c.body}</p>
      <FileList files={[...c.files, ...added]} base={`/api/plans/${c.planId}/files`} />
      {c.canAttach && <FileUpload planId={c.planId} ownerKind="contribution" ownerId={c.id} onUploaded={(f) => setAdded((list) => [...list, f])} />}
      <h4>
        <FormattedMessage id="contributions.answer" />
      </h4>
      <ResponseBlock c={c} />
      {props.children}
    </li>
  );
}

export function ContributionsPage() {
  const { planId = '' } = useParams();
  const intl = useIntl();
  const [params, setParams] = useSearchParams();
  const [version, setVersion] = useState(0);
  const status = params.get('status') ?? '';
  const consultationId = params.get('consultationId') ?? '';
  // The filters are passed as they stand in the address: the server checks them.
  const query = { ...(status ? { status } : {}), ...(consultationId ? { consultationId } : {}) } as Query<'/api/plans/{planId}/contributions'>;
  const state = useLoad(() => data(client.GET('/api/plans/{planId}/contributions', { params: { path: { planId }, query } })), [planId, status, consultationId, version]);
  const consultations = useLoad(() => data(client.GET('/api/plans/{planId}/consultations', { params: { path: { planId } } })), [planId]);
  // Pages after the first, appended by "Show more"; forgotten when the filters or the first page change.
  const firstPage = `${planId}|${status}|${consultationId}|${version}`;
  const [more, setMore] = useState<{ firstPage: string; contributions: ContributionView[]; next: string | null } | null>(null);
  const [loadingMore, setLoadingMore] = useState(false);
  const shownMore = more?.firstPage === firstPage ? more : null;
  const showMore = async (after: string) => {
    setLoadingMore(true);
    try {
      const page = await data(client.GET('/api/plans/{planId}/contributions', { params: { path: { planId }, query: { ...query, after } } }));
      setMore({ firstPage, contributions: [...(shownMore?.contributions ?? []), ...page.contributions], next: page.next });
    } finally {
      setLoadingMore(false);
    }
  };
  const plan = consultations.status === 'ready' ? consultations.data.plan.title : '';
  return (
    <>
      <h1 tabIndex={-1}>
        <FormattedMessage id="contributions.title" />
      </h1>
      {plan && <p className="lead" dir="auto">{plan}</p>}
      <PlanNav planId={planId} />
      <form className="filters" role="search" onSubmit={(e) => e.preventDefault()}>
        <div className="field">
          <label htmlFor="filter-status">
            <FormattedMessage id="contributions.filter.status" />
          </label>
          <select id="filter-status" value={status} onChange={(e) => setParams((p) => (e.target.value ? p.set('status', e.target.value) : p.delete('status'), p))}>
            <option value="">{intl.formatMessage({ id: 'contributions.filter.all' })}</option>
            <option value="awaiting">{intl.formatMessage({ id: 'contributions.filter.awaiting' })}</option>
            {['unanswered', ...RESPONSE_STATUSES].map((s) => (
              <option key={s} value={s}>
                {intl.formatMessage({ id: `contributions.status.${s}` })}
              </option>
            ))}
          </select>
        </div>
        {consultations.status === 'ready' && consultations.data.consultations.length > 1 && (
          <div className="field">
            <label htmlFor="filter-consultation">
              <FormattedMessage id="contributions.filter.consultation" />
            </label>
            <select id="filter-consultation" value={consultationId} onChange={(e) => setParams((p) => (e.target.value ? p.set('consultationId', e.target.value) : p.delete('consultationId'), p))}>
              <option value="">{intl.formatMessage({ id: 'contributions.filter.all' })}</option>
              {consultations.data.consultations.map((c) => (
                <option key={c.id} value={c.id}>
                  {c.title}
                </option>
              ))}
            </select>
          </div>
        )}
      </form>
      <Loaded state={state}>
        {(first) => {
          const view = shownMore ? { ...first, contributions: [...first.contributions, ...shownMore.contributions], next: shownMore.next } : first;
          return (
          <section className="panel" aria-labelledby="contributions-list">
            <h2 id="contributions-list">
              <FormattedMessage id={view.can.answer ? 'contributions.queue' : 'contributions.yours'} />
            </h2>
            <p>
              <FormattedMessage id="contributions.counts" values={view.counts} />
            </p>
            {view.contributions.length === 0 ? (
              <p className="empty-state">
                <FormattedMessage id="contributions.none" />
              </p>
            ) : (
              <ContributionList planId={planId} view={view} onAnswered={() => setVersion((v) => v + 1)} />
            )}
            {view.next !== null && (
              <p className="row-actions">
                <button type="button" disabled={loadingMore} onClick={() => void showMore(view.next!)}>
                  <FormattedMessage id="contributions.more" values={{ shown: view.contributions.length, total: view.counts.total }} />
                </button>
              </p>
            )}
          </section>
          );
        }}
      </Loaded>
    </>
  );
}

function ContributionList(props: { planId: string; view: ContributionsView; onAnswered: () => void }) {
  const { view } = props;
  return (
    <ul className="conferences">
      {view.can.answer ? (
        <AnswerableCards planId={props.planId} contributions={view.contributions} onAnswered={props.onAnswered} />
      ) : (
        view.contributions.map((c) => <ContributionCard key={c.id} c={c} />)
      )}
    </ul>
  );
}

/** The coordinators' cards, each with its answer form; what an answer may link to is read once for all. */
function AnswerableCards(props: { planId: string; contributions: ContributionView[]; onAnswered: () => void }) {
  const linkable = useLoad(() => data(client.GET('/api/plans/{planId}/linkable', { params: { path: { planId: props.planId } } })), [props.planId]);
  return (
    <>
      {props.contributions.map((c) => (
        <ContributionCard key={c.id} c={c}>
          <AnswerForm planId={props.planId} c={c} linkable={linkable} onAnswered={props.onAnswered} />
        </ContributionCard>
      ))}
    </>
  );
}

function AnswerForm(props: { planId: string; c: ContributionView; linkable: Loadable<LinkableView>; onAnswered: () => void }) {
  const intl = useIntl();
  const { c } = props;
  const [open, setOpen] = useState(c.response === null);
  const { linkable } = props;
  const answer = useAction((body: NewResponse) =>
    data(() => client.PUT('/api/plans/{planId}/contributions/{id}/response', { params: { path: { planId: props.planId, id: c.id } }, body })),
  );
  if (!open) {
    return (
      <p>
        <button type="button" onClick={() => setOpen(true)}>
          <FormattedMessage id="contributions.answerAgain" />
        </button>
      </p>
    );
  }
  async function submit(e: FormEvent<HTMLFormElement>) {
    e.preventDefault();
    const f = new FormData(e.currentTarget);
    const body = {
      status: String(f.get('status')) as NewResponse['status'],
      reasons: String(f.get('reasons') ?? '').trim(),
      sectionIds: f.getAll('sectionIds').map(String),
      commitmentIds: f.getAll('commitmentIds').map(String),
    };
    if ((await answer.run(body)).ok) {
      setOpen(false);
      props.onAnswered();
    }
  }
  const r = c.response;
  return (
    <form className="stacked" onSubmit={submit} aria-label={intl.formatMessage({ id: 'contributions.answerForm' })}>
      {answer.error && (
        <p className="form-error" role="alert">
          <Icon of={CircleExclamationPoint} />
          <FormattedMessage id={answer.error} />
        </p>
      )}
      {/* No default answer: a coordinator who writes reasons for a refusal must not publish "accepted" by forgetting this. */}
      <SelectField name="status" label="contributions.field.status" required blank={intl.formatMessage({ id: 'contributions.chooseStatus' })} defaultValue={r?.status} options={RESPONSE_STATUSES.map((s) => ({ value: s, label: intl.formatMessage({ id: `contributions.status.${s}` }) }))} />
      <TextField name="reasons" label="contributions.field.reasons" hint="contributions.field.reasonsHint" multiline required maxLength={8000} defaultValue={r?.reasons} error={fieldError(answer.fields, 'reasons')} />
      <Loaded state={linkable}>
        {(l) => (
          <>
            {l.sections.length > 0 && (
              <CheckboxGroup name="sectionIds" label="contributions.field.sections" defaultValue={r?.sections.map((s) => s.id)} options={l.sections.map((s) => ({ value: s.id, label: <>{s.position}. <bdi>{s.title}</bdi></> }))} />
            )}
            {l.commitments.length > 0 && (
              <CheckboxGroup name="commitmentIds" label="contributions.field.commitments" defaultValue={r?.commitments.map((x) => x.id)} options={l.commitments.map((x) => ({ value: x.id, label: <><span dir="ltr">{x.reference}</span> — <bdi>{x.title}</bdi></> }))} />
            )}
          </>
        )}
      </Loaded>
      <button type="submit" className="primary" disabled={answer.busy}>
        <Icon of={Send} directional />
        <FormattedMessage id="contributions.sendAnswer" />
      </button>
    </form>
  );
}
