// One application, as the person's relation to it allows: the applicant's form (answers, budget
// lines checked against the ceiling, submission) and then its feedback; the call owner's view with
// reviewers, their declarations and scores, and the panel's decision; a reviewer's scoring.
import { useState } from 'react';
import { FormattedMessage } from 'react-intl';
import { Link, useParams } from 'react-router';
import { SCORE_MAX } from '../../../modules/funding/schema.ts';
import { client, data, useLoad, type Answer, type Body } from '../../api/typed.ts';
import { useAction } from '../../api/use-action.ts';
import { ProblemText, type FieldProblem } from '../../components/field-problem.tsx';
import { fieldError, TextField } from '../../components/fields.tsx';
import { Loaded } from '../../components/loaded.tsx';
import { EligibilityNote, Moment, Money, StageTag } from './funding-parts.tsx';
import { CircleExclamationPoint, Trash } from 'lucide-react';
import { Icon } from '../../components/icon.tsx';

type ApplicationView = Answer<'/api/funding/applications/{id}'>;
type Decision = Body<'/api/funding/applications/{id}/decision', 'post'>;
/** What the call owner does on the page: remove a reviewer, assign one, or decide. */
type OwnerStep = { remove: string } | { assign: Body<'/api/funding/applications/{id}/reviewers', 'post'> } | { decide: Decision };

export function ApplicationPage() {
  const { id = '' } = useParams();
  const [version, setVersion] = useState(0);
  const state = useLoad(() => data(client.GET('/api/funding/applications/{id}', { params: { path: { id } } })), [id, version]);
  const refresh = () => setVersion((v) => v + 1);
  return (
    <Loaded state={state}>
      {(a) => (
        <>
          <h1 tabIndex={-1}>
            <FormattedMessage id="funding.application" />
          </h1>
          <p className="meta">
            <Link to={`/funding/calls/${a.call.id}`} dir="auto">
              {a.call.title}
            </Link>{' '}
            · <StageTag stage={a.stage} />
            {a.applicant ? (
              <>
                {' '}
                · <bdi>{a.applicant.name}</bdi>
                {a.applicant.womenLed && (
                  <>
                    {' '}
                    <span className="tag accent">
                      <FormattedMessage id="funding.womenLed" />
                    </span>
                  </>
                )}
              </>
            ) : (
              <>
                {' '}
                · <FormattedMessage id="funding.blindApplicant" />
              </>
            )}
          </p>
          {a.decision && <Feedback decision={a.decision} />}
          {a.eligibility && <EligibilityNote eligibility={a.eligibility} />}
          {a.can.edit ? <ApplicationForm application={a} onSaved={refresh} /> : <ApplicationContent application={a} />}
          {a.role === 'reviewer' && a.myReview && <Scoring application={a} onSaved={refresh} />}
          {a.role === 'owner' && <OwnerReview application={a} onChanged={refresh} />}
        </>
      )}
    </Loaded>
  );
}

function Feedback(props: { decision: NonNullable<ApplicationView['decision']> }) {
  const d = props.decision;
  return (
    <section className="panel" aria-labelledby="funding-feedback">
      <h2 id="funding-feedback">
        <FormattedMessage id="funding.feedback" />
      </h2>
      <p>
        <span className={`tag funding-stage-${d.outcome}`}>
          <FormattedMessage id={`funding.stage.${d.outcome}`} />
        </span>
        {d.score !== null && (
          <>
            {' '}
            <FormattedMessage id="funding.panelScore" values={{ score: d.score }} />
          </>
        )}
        {d.decidedAt && (
          <>
            {' · '}
            <Moment value={d.decidedAt} />
          </>
        )}
      </p>
      <p className="free-text" dir="auto">
        {d.reasons}
      </p>
    </section>
  );
}

function ApplicationContent(props: { application: ApplicationView }) {
  const a = props.application;
  return (
    <>
      <section className="panel" aria-labelledby="funding-answers">
        <h2 id="funding-answers">
          <FormattedMessage id="funding.answers" />
        </h2>
        {a.call.questions.length === 0 && (
          <p className="empty-state">
            <FormattedMessage id="funding.noQuestions" />
          </p>
        )}
        <dl className="facts">
          {a.call.questions.map((q) => (
            <div key={q.key}>
              <dt dir="auto">{q.text}</dt>
              <dd className="free-text" dir="auto">
                {a.answers[q.key] || '—'}
              </dd>
            </div>
          ))}
        </dl>
      </section>
      <section className="panel" aria-labelledby="funding-budget">
        <h2 id="funding-budget">
          <FormattedMessage id="funding.budget" />
        </h2>
        <ul>
          {a.budgetLines.map((l, i) => (
            <li key={i}>
              <bdi>{l.label}</bdi>: <Money value={l.amount} currency={a.call.currency} />
            </li>
          ))}
        </ul>
        <p>
          <FormattedMessage id="funding.budgetTotal" values={{ total: <Money value={a.budgetTotal} currency={a.call.currency} />, ceiling: <Money value={a.call.budgetCeiling} currency={a.call.currency} /> }} />
        </p>
        {a.submittedAt && (
          <p className="meta">
            <FormattedMessage id="funding.submittedAt" values={{ at: <Moment value={a.submittedAt} /> }} />
          </p>
        )}
      </section>
    </>
  );
}

/** A problem with an answer or the budget: a missing one in this page's words, any other as the server's code says. */
function ApplicationProblem(props: { problem: FieldProblem | null; required: string }) {
  if (!props.problem) return null;
  return <span className="field-error">{props.problem.id === 'field.required' ? <FormattedMessage id={props.required} /> : <ProblemText problem={props.problem} />}</span>;
}

function ApplicationForm(props: { application: ApplicationView; onSaved: () => void }) {
  const a = props.application;
  const [answers, setAnswers] = useState<Record<string, string>>(a.answers);
  const [lines, setLines] = useState(a.budgetLines.map((l) => ({ label: l.label, amount: String(l.amount) })));
  const save = useAction((body: Body<'/api/funding/applications/{id}', 'put'>) => data(() => client.PUT('/api/funding/applications/{id}', { params: { path: { id: a.id } }, body })));
  const submit = useAction(() => data(() => client.POST('/api/funding/applications/{id}/submit', { params: { path: { id: a.id } } })));
  const total = lines.reduce((s, l) => s + Math.round((Number(l.amount) || 0) * 100), 0) / 100;
  const over = total > a.call.budgetCeiling;
  const body = () => ({ answers, budgetLines: lines.filter((l) => l.label.trim() || l.amount).map((l) => ({ label: l.label.trim(), amount: Number(l.amount) })) });
  const problems = [...save.fields, ...submit.fields];
  return (
    <form
      className="stacked"
      onSubmit={async (e) => {
        e.preventDefault();
        if ((await save.run(body())).ok) props.onSaved();
      }}
    >
      {(save.error || submit.error) && (
        <p className="form-error" role="alert">
          <Icon of={CircleExclamationPoint} />
          <FormattedMessage id={(save.error ?? submit.error)!} />
        </p>
      )}
      <p className="hint">
        <FormattedMessage id="funding.deadlineHint" values={{ at: <Moment value={a.call.deadline} /> }} />
      </p>
      {a.call.questions.map((q) => (
        <div className="field" key={q.key}>
          <label htmlFor={`answer-${q.key}`} dir="auto">
            {q.text}
          </label>
          <ApplicationProblem problem={fieldError(problems, `answers.${q.key}`)} required="funding.hint.answerNeeded" />
          <textarea id={`answer-${q.key}`} dir="auto" maxLength={8000} value={answers[q.key] ?? ''} onChange={(e) => setAnswers({ ...answers, [q.key]: e.target.value })} />
        </div>
      ))}
      <fieldset className="field">
        <legend>
          <FormattedMessage id="funding.budget" />
        </legend>
        {lines.map((l, i) => (
          <div className="inline-fields" key={i}>
            <label>
              <FormattedMessage id="funding.field.budgetLine" values={{ n: i + 1 }} />
              <input value={l.label} maxLength={200} dir="auto" onChange={(e) => setLines(lines.map((x, j) => (j === i ? { ...x, label: e.target.value } : x)))} />
            </label>
            <label>
              <FormattedMessage id="funding.field.amount" values={{ currency: a.call.currency }} />
              <input type="number" min={0} step="0.01" value={l.amount} onChange={(e) => setLines(lines.map((x, j) => (j === i ? { ...x, amount: e.target.value } : x)))} />
            </label>
            <button type="button" onClick={() => setLines(lines.filter((_, j) => j !== i))}>
              <FormattedMessage id="funding.remove" />
            </button>
          </div>
        ))}
        <button type="button" onClick={() => setLines([...lines, { label: '', amount: '' }])}>
          <FormattedMessage id="funding.addBudgetLine" />
        </button>
        <p className={over ? 'field-error' : 'hint'} role="status">
          <FormattedMessage id="funding.budgetTotal" values={{ total: <Money value={total} currency={a.call.currency} />, ceiling: <Money value={a.call.budgetCeiling} currency={a.call.currency} /> }} />
        </p>
        <ApplicationProblem problem={fieldError(problems, 'budgetLines')} required="funding.hint.budget" />
      </fieldset>
      <p className="actions">
        <button type="submit" disabled={save.busy}>
          <FormattedMessage id="funding.saveDraft" />
        </button>{' '}
        {a.can.submit && (
          <button
            type="button"
            className="primary"
            disabled={submit.busy || save.busy || over}
            onClick={async () => {
              if (!(await save.run(body())).ok) return;
              if ((await submit.run()).ok) props.onSaved();
            }}
          >
            <FormattedMessage id="funding.submit" />
          </button>
        )}
      </p>
    </form>
  );
}

function Scoring(props: { application: ApplicationView; onSaved: () => void }) {
  const a = props.application;
  const mine = a.myReview!;
  const save = useAction((body: Body<'/api/funding/reviews/{id}/scores', 'put'>) => data(() => client.PUT('/api/funding/reviews/{id}/scores', { params: { path: { id: mine.id } }, body })));
  return (
    <section className="panel" aria-labelledby="funding-scoring">
      <h2 id="funding-scoring">
        <FormattedMessage id="funding.scoring" />
      </h2>
      {mine.weightedSum !== null && (
        <p>
          <FormattedMessage id="funding.yourSum" values={{ score: mine.weightedSum }} />
        </p>
      )}
      {save.error && (
        <p className="form-error" role="alert">
          <Icon of={CircleExclamationPoint} />
          <FormattedMessage id={save.error} />
        </p>
      )}
      <form
        className="stacked"
        onSubmit={async (e) => {
          e.preventDefault();
          const f = new FormData(e.currentTarget);
          const scores = a.call.criteria.map((c) => ({ criterion: c.key, score: Number(f.get(`score-${c.key}`)), comment: String(f.get(`comment-${c.key}`) ?? '').trim() }));
          if ((await save.run({ scores })).ok) props.onSaved();
        }}
      >
        {a.call.criteria.map((c) => {
          const s = mine.scores.find((x) => x.criterion === c.key);
          return (
            <fieldset key={c.key} className="field">
              <legend>
                <bdi>{c.label}</bdi> — <FormattedMessage id="funding.weight" values={{ weight: c.weight }} />
              </legend>
              <TextField name={`score-${c.key}`} type="number" min={0} max={SCORE_MAX} required label="funding.field.score" defaultValue={s ? String(s.score) : undefined} />
              <TextField name={`comment-${c.key}`} multiline maxLength={5000} label="funding.field.comment" defaultValue={s?.comment} />
            </fieldset>
          );
        })}
        {a.can.score && (
          <button type="submit" className="primary" disabled={save.busy}>
            <FormattedMessage id="funding.saveScores" />
          </button>
        )}
      </form>
    </section>
  );
}

function OwnerReview(props: { application: ApplicationView; onChanged: () => void }) {
  const a = props.application;
  // One action for the owner's steps: they share its busy state and its message.
  const act = useAction(async (step: OwnerStep) => {
    const path = { id: a.id };
    if ('remove' in step) await data(() => client.DELETE('/api/funding/applications/{id}/reviewers/{reviewerId}', { params: { path: { ...path, reviewerId: step.remove } } }));
    else if ('assign' in step) await data(() => client.POST('/api/funding/applications/{id}/reviewers', { params: { path }, body: step.assign }));
    else await data(() => client.POST('/api/funding/applications/{id}/decision', { params: { path }, body: step.decide }));
  });
  const label = (key: string) => a.call.criteria.find((c) => c.key === key)?.label ?? key;
  return (
    <>
      <section className="panel" aria-labelledby="funding-reviewers">
        <h2 id="funding-reviewers">
          <FormattedMessage id="funding.reviewers" />
        </h2>
        {act.error && (
          <p className="form-error" role="alert">
            <Icon of={CircleExclamationPoint} />
            <FormattedMessage id={act.error} />
          </p>
        )}
        {a.reviews.length === 0 ? (
          <p className="empty-state">
            <FormattedMessage id="funding.noReviewers" />
          </p>
        ) : (
          <ul className="civic-list">
            {a.reviews.map((r) => (
              <li key={r.id} className="card">
                <strong>
                  <bdi>{r.reviewerName}</bdi>
                </strong>{' '}
                {r.conflictFlagged && (
                  <span className="tag warning">
                    <FormattedMessage id="funding.conflictFlagged" />
                  </span>
                )}{' '}
                <span className="tag">
                  <FormattedMessage id={!r.declared ? 'funding.awaitingDeclaration' : r.conflictDeclared ? 'funding.conflictDeclared' : 'funding.noConflict'} />
                </span>
                {r.conflictNote && (
                  <p className="free-text" dir="auto">
                    {r.conflictNote}
                  </p>
                )}
                {r.scores.length > 0 && (
                  <ul>
                    {r.scores.map((s) => (
                      <li key={s.criterion}>
                        <bdi>{label(s.criterion)}</bdi>: <FormattedMessage id="funding.scoreOf" values={{ score: s.score, max: SCORE_MAX }} />
                        {s.comment && (
                          <>
                            {' — '}
                            <span dir="auto">{s.comment}</span>
                          </>
                        )}
                      </li>
                    ))}
                  </ul>
                )}
                {r.weightedSum !== null && (
                  <p>
                    <FormattedMessage id="funding.weightedSum" values={{ score: r.weightedSum }} />
                  </p>
                )}
                {r.canRemove && (
                  <button type="button" disabled={act.busy} onClick={async () => (await act.run({ remove: r.id })).ok && props.onChanged()}>
                    <Icon of={Trash} />
                    <FormattedMessage id="funding.removeReviewer" />
                  </button>
                )}
              </li>
            ))}
          </ul>
        )}
        {a.can.assign && (
          <form
            className="stacked compact"
            onSubmit={async (e) => {
              e.preventDefault();
              const form = e.currentTarget;
              const email = String(new FormData(form).get('email') ?? '').trim();
              if ((await act.run({ assign: { email } })).ok) {
                form.reset();
                props.onChanged();
              }
            }}
          >
            <TextField name="email" type="email" label="funding.field.reviewerEmail" hint="funding.hint.reviewerEmail" required dir="ltr" error={fieldError(act.fields, 'email')} />
            <button type="submit" disabled={act.busy}>
              <FormattedMessage id="funding.assign" />
            </button>
          </form>
        )}
      </section>
      {a.can.decide && (
        <section className="panel" aria-labelledby="funding-decision">
          <h2 id="funding-decision">
            <FormattedMessage id="funding.decision" />
          </h2>
          <form
            className="stacked"
            onSubmit={async (e) => {
              e.preventDefault();
              const f = new FormData(e.currentTarget);
              if ((await act.run({ decide: { decision: String(f.get('decision') ?? '') as Decision['decision'], reasons: String(f.get('reasons') ?? '').trim() } })).ok) props.onChanged();
            }}
          >
            <fieldset className="field">
              <legend>
                <FormattedMessage id="funding.field.decision" />
              </legend>
              <label className="checkbox">
                <input type="radio" name="decision" value="award" required /> <FormattedMessage id="funding.award" />
              </label>
              <label className="checkbox">
                <input type="radio" name="decision" value="decline" /> <FormattedMessage id="funding.decline" />
              </label>
            </fieldset>
            <TextField name="reasons" multiline required maxLength={8000} label="funding.field.reasons" hint="funding.hint.reasons" error={fieldError(act.fields, 'reasons')} />
            <button type="submit" className="primary" disabled={act.busy}>
              <FormattedMessage id="funding.recordDecision" />
            </button>
          </form>
        </section>
      )}
    </>
  );
}
