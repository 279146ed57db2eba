// A plan's overview: its facts, the dated timeline of its stages, and for its coordinators the
// forms to move it on (showing the adoption rule), to publish it, and to edit its facts.
import { useState, type FormEvent } from 'react';
import { FormattedDate, FormattedMessage } from 'react-intl';
import { Link, useParams } from 'react-router';
import { useMe } from '../../api/session.tsx';
import { REASON_MIN } from '../../../modules/planning/plan-schema.ts';
import { STAGES, type Stage } from '../../../modules/planning/schema.ts';
import { client, data, useLoad, type Answer, type Body } from '../../api/typed.ts';
import { useAction } from '../../api/use-action.ts';
import { ProblemText, type FieldProblem } from '../../components/field-problem.tsx';
import { fieldError } from '../../components/fields.tsx';
import { Loaded } from '../../components/loaded.tsx';
import { planFields, PlanFormFields } from './new-plan.tsx';
import { PlanNav } from './plan-nav.tsx';
import { Period, StageTag } from './plan-parts.tsx';
import { useLocale } from '../../i18n/i18n-provider.tsx';
import { localName } from '../../i18n/names.ts';
import { CircleExclamationPoint, Info, Pencil } from 'lucide-react';
import { Icon } from '../../components/icon.tsx';

type PlanView = Answer<'/api/plans/{planId}'>;

/** A country by its name in the interface language; its code until the names arrive. */
function CountryName(props: { code: string }) {
  const { locale } = useLocale();
  const places = useLoad(() => data(client.GET('/api/jurisdictions')), []);
  const found = places.status === 'ready' ? places.data.jurisdictions.find((j) => j.code === props.code) : undefined;
  return <>{found ? localName(found.names, locale) : props.code}</>;
}

export function PlanOverviewPage() {
  const { planId = '' } = useParams();
  const [version, setVersion] = useState(0);
  const state = useLoad(() => data(client.GET('/api/plans/{planId}', { params: { path: { planId } } })), [planId, version]);
  const changed = () => setVersion((v) => v + 1);
  return (
    <Loaded state={state}>
      {(plan) => (
        <>
          <h1 tabIndex={-1} dir="auto">{plan.title}</h1>
          <PlanNav planId={plan.id} />
          {plan.stage === 'consultation' && <ContributeNow planId={plan.id} />}
          <section className="panel" aria-labelledby="plan-facts">
            <h2 id="plan-facts">
              <FormattedMessage id="plans.facts" />
            </h2>
            <dl className="facts">
              <dt>
                <FormattedMessage id="plans.field.stage" />
              </dt>
              <dd>
                <StageTag stage={plan.stage} />
              </dd>
              <dt>
                <FormattedMessage id="plans.field.period" />
              </dt>
              <dd>
                <Period start={plan.periodStart} end={plan.periodEnd} />
              </dd>
              <dt>
                <FormattedMessage id="plans.field.owner" />
              </dt>
              <dd>{plan.ownerOrg.name}</dd>
              <dt>
                <FormattedMessage id="plans.field.country" />
              </dt>
              <dd>
                <CountryName code={plan.country} />
              </dd>
              <dt>
                <FormattedMessage id="plans.field.published" />
              </dt>
              <dd>
                {plan.publishedAt ? (
                  <FormattedMessage id="plans.publishedOn" values={{ date: <FormattedDate value={plan.publishedAt} dateStyle="medium" /> }} />
                ) : (
                  <FormattedMessage id="plans.published.no" />
                )}
              </dd>
              <dt>
                <FormattedMessage id="plans.field.contributors" />
              </dt>
              <dd>
                <FormattedMessage id={plan.allowsIndividuals ? 'plans.contributors.individuals' : 'plans.contributors.organisations'} />
              </dd>
              <dt>
                <FormattedMessage id="plans.field.counts" />
              </dt>
              <dd>
                <FormattedMessage id="plans.counts" values={plan.counts} />
              </dd>
            </dl>
            {plan.summary && <p className="note-body" dir="auto">{plan.summary}</p>}
          </section>
          <StageTimeline plan={plan} />
          {plan.can.changeStage && plan.nextStages.length > 0 && <StageForm plan={plan} onChanged={changed} />}
          {plan.can.publish && <PublishForm plan={plan} onChanged={changed} />}
          {plan.can.edit && <EditPlan plan={plan} onChanged={changed} />}
        </>
      )}
    </Loaded>
  );
}

function StageTimeline(props: { plan: PlanView }) {
  return (
    <section className="panel" aria-labelledby="plan-stages">
      <h2 id="plan-stages">
        <FormattedMessage id="plans.stages" />
      </h2>
      <ol className="timeline">
        {props.plan.stages.map((s, i) => (
          <li key={`${s.changedAt}-${i}`}>
            <FormattedDate value={s.changedAt} dateStyle="medium" timeStyle="short" />
            {': '}
            {s.fromStage === null ? (
              <FormattedMessage id="plans.stageStarted" values={{ stage: <StageTag stage={s.toStage} /> }} />
            ) : (
              <FormattedMessage id="plans.stageMoved" values={{ from: <StageTag stage={s.fromStage} />, to: <StageTag stage={s.toStage} /> }} />
            )}
            {s.changedBy && (
              <span className="meta">
                {' '}
                <FormattedMessage id="plans.stageBy" values={{ name: s.changedBy }} />
              </span>
            )}
            {s.unanswered > 0 && (
              <p className="notice">
                <Icon of={Info} />
                <FormattedMessage id="plans.adoptedUnanswered" values={{ count: s.unanswered }} />
              </p>
            )}
            {s.reason && (
              <p className="note-body">
                <FormattedMessage id="plans.stageReason" values={{ reason: s.reason }} />
              </p>
            )}
          </li>
        ))}
      </ol>
    </section>
  );
}

function StageForm(props: { plan: PlanView; onChanged: () => void }) {
  const { plan } = props;
  const [target, setTarget] = useState<Stage>(plan.nextStages[0]!);
  const move = useAction((body: Body<'/api/plans/{planId}/stage', 'post'>) => data(() => client.POST('/api/plans/{planId}/stage', { params: { path: { planId: plan.id } }, body })));
  const back = STAGES.indexOf(target) < STAGES.indexOf(plan.stage);
  const adoptingUnanswered = target === 'adopted' && !back && plan.counts.unanswered > 0;
  const needsReason = back || adoptingUnanswered;
  async function submit(e: FormEvent<HTMLFormElement>) {
    e.preventDefault();
    const reason = String(new FormData(e.currentTarget).get('reason') ?? '').trim();
    const result = await move.run({ stage: target, ...(needsReason || reason ? { reason } : {}) });
    if (result.ok) props.onChanged();
  }
  return (
    <section className="panel" aria-labelledby="plan-move">
      <h2 id="plan-move">
        <FormattedMessage id="plans.changeStage" />
      </h2>
      <form className="stacked" onSubmit={submit}>
        {move.error && (
          <p className="form-error" role="alert">
            <Icon of={CircleExclamationPoint} />
            <FormattedMessage id={move.error === 'error.conflict' && adoptingUnanswered ? 'plans.adoptionRefused' : move.error} values={{ count: plan.counts.unanswered }} />
          </p>
        )}
        <fieldset className="field checkbox-group">
          <legend>
            <FormattedMessage id="plans.moveTo" />
          </legend>
          {plan.nextStages.map((s) => (
            <label key={s} className="checkbox">
              <input type="radio" name="stage" value={s} checked={target === s} onChange={() => setTarget(s)} />
              <span>
                <FormattedMessage id={STAGES.indexOf(s) < STAGES.indexOf(plan.stage) ? 'plans.moveBack' : 'plans.moveForward'} values={{ stage: <FormattedMessage id={`plans.stage.${s}`} /> }} />
              </span>
            </label>
          ))}
        </fieldset>
        {target === 'adopted' && !back && (
          <p className={plan.counts.unanswered > 0 ? 'notice' : 'hint'} role="status">
            <Icon of={Info} />
            <FormattedMessage id={plan.counts.unanswered > 0 ? 'plans.adoptionRule' : 'plans.adoptionReady'} values={{ count: plan.counts.unanswered }} />
          </p>
        )}
        {needsReason && <ReasonField error={fieldError(move.fields, 'reason')} hint={back ? 'plans.reasonBackHint' : 'plans.reasonAdoptHint'} />}
        <button type="submit" className="primary" disabled={move.busy}>
          <FormattedMessage id="plans.changeStageButton" />
        </button>
      </form>
    </section>
  );
}

function ReasonField(props: { error: FieldProblem | null; hint: string }) {
  return (
    <div className="field">
      <label htmlFor="stage-reason">
        <FormattedMessage id="plans.reason" />
      </label>
      <span id="stage-reason-hint" className="hint">
        <FormattedMessage id={props.hint} values={{ min: REASON_MIN }} />
      </span>
      {props.error && (
        <span id="stage-reason-error" className="field-error">
          <ProblemText problem={props.error} />
        </span>
      )}
      <textarea id="stage-reason" name="reason" rows={3} required minLength={REASON_MIN} maxLength={4000} aria-describedby={props.error ? 'stage-reason-hint stage-reason-error' : 'stage-reason-hint'} />
    </div>
  );
}

function PublishForm(props: { plan: PlanView; onChanged: () => void }) {
  const published = props.plan.publishedAt !== null;
  const publish = useAction((body: Body<'/api/plans/{planId}/publication', 'post'>) =>
    data(() => client.POST('/api/plans/{planId}/publication', { params: { path: { planId: props.plan.id } }, body })),
  );
  async function toggle() {
    const result = await publish.run({ published: !published });
    if (result.ok) props.onChanged();
  }
  return (
    <section className="panel" aria-labelledby="plan-publication">
      <h2 id="plan-publication">
        <FormattedMessage id="plans.publication" />
      </h2>
      <p>
        <FormattedMessage id={published ? 'plans.publicationOn' : 'plans.publicationOff'} />
      </p>
      {publish.error && (
        <p className="form-error" role="alert">
          <Icon of={CircleExclamationPoint} />
          <FormattedMessage id={publish.error} />
        </p>
      )}
      <button type="button" onClick={() => void toggle()} disabled={publish.busy}>
        <FormattedMessage id={published ? 'plans.unpublish' : 'plans.publish'} />
      </button>
    </section>
  );
}

function EditPlan(props: { plan: PlanView; onChanged: () => void }) {
  const save = useAction((body: Body<'/api/plans/{planId}', 'patch'>) => data(() => client.PATCH('/api/plans/{planId}', { params: { path: { planId: props.plan.id } }, body })));
  async function submit(e: FormEvent<HTMLFormElement>) {
    e.preventDefault();
    const result = await save.run(planFields(new FormData(e.currentTarget)));
    if (result.ok) props.onChanged();
  }
  return (
    <details className="panel">
      <summary>
        <Icon of={Pencil} />
        <FormattedMessage id="plans.edit" />
      </summary>
      <form className="stacked" onSubmit={submit}>
        {save.error && (
          <p className="form-error" role="alert">
            <Icon of={CircleExclamationPoint} />
            <FormattedMessage id={save.error} />
          </p>
        )}
        <PlanFormFields fields={save.fields} values={props.plan} />
        <button type="submit" className="primary" disabled={save.busy}>
          <FormattedMessage id="plans.save" />
        </button>
      </form>
    </details>
  );
}

/** During a consultation, a contributor's way in: each consultation open to them now. */
function ContributeNow(props: { planId: string }) {
  const me = useMe();
  const contributes = me.abilities.includes('plans.contribute');
  const state = useLoad(() => data(client.GET('/api/plans/{planId}/consultations', { params: { path: { planId: props.planId } } })), [props.planId]);
  if (!contributes || state.status !== 'ready') return null;
  const open = state.data.consultations.filter((c) => c.window === 'open' && c.contribute === 'yes');
  if (open.length === 0) return null;
  return (
    <p className="actions">
      {open.map((c) => (
        <Link key={c.id} className="button primary" to={`/plans/${props.planId}/consultations/${c.id}`}>
          <FormattedMessage id="plans.contributeTo" values={{ title: <bdi>{c.title}</bdi> }} />
        </Link>
      ))}
    </p>
  );
}
