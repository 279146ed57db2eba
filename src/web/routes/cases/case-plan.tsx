// The case plan: goals per need domain with their actions. Overdue actions carry a marked
// border and the word "Overdue" (never colour alone) and are counted at the top. The lead
// agency adds goals and actions; the responsible organisation updates the status of its own.
import { useState, type FormEvent } from 'react';
import { FormattedDate, FormattedMessage, useIntl } from 'react-intl';
import { Link } from 'react-router';
import { ACTION_STATUSES, GOAL_STATUSES } from '../../../modules/cases/plan-schema.ts';
import { NEED_DOMAINS } from '../../../modules/orgs/schema.ts';
import { useAction } from '../../api/use-action.ts';
import { client, data, useLoad, type Answer, type Body } from '../../api/typed.ts';
import { SelectField, TextField } from '../../components/fields.tsx';
import { Loaded } from '../../components/loaded.tsx';
import { useCase } from './case-page.tsx';
import { AlarmClock, CircleExclamationPoint } from 'lucide-react';
import { Icon } from '../../components/icon.tsx';

type PlanView = Answer<'/api/cases/{id}/plan'>;
type GoalView = PlanView['goals'][number];
type ActionView = GoalView['actions'][number];

// The choices come from the lists the server's schema is built from; it checks them again.
type GoalChange = Body<'/api/cases/{id}/plan/goals/{childId}', 'patch'>;
type ActionChange = Body<'/api/cases/{id}/plan/actions/{childId}', 'patch'>;
type NewGoalBody = Body<'/api/cases/{id}/plan/goals', 'post'>;

export function PlanSection() {
  const { detail, reload } = useCase();
  const [version, setVersion] = useState(0);
  const state = useLoad(() => data(client.GET('/api/cases/{id}/plan', { params: { path: { id: detail.id } } })), [detail.id, version]);
  const changed = () => {
    setVersion((v) => v + 1);
    reload();
  };
  return (
    <Loaded state={state}>
      {(plan) => (
        <>
          <section className="panel" aria-labelledby="case-plan">
            <h2 id="case-plan">
              <FormattedMessage id="case.tab.plan" />
            </h2>
            {plan.overdue > 0 && (
              <p className="notice overdue-notice" role="status">
                <Icon of={AlarmClock} />
                <strong>
                  <FormattedMessage id="plan.overdueCount" values={{ count: plan.overdue }} />
                </strong>
              </p>
            )}
            {plan.goals.length === 0 ? (
              <p className="empty-state">
                <FormattedMessage id="plan.none" />
              </p>
            ) : (
              <ul className="goals">
                {plan.goals.map((g) => (
                  <Goal key={g.id} goal={g} plan={plan} onChanged={changed} />
                ))}
              </ul>
            )}
          </section>
          {plan.can.write && <NewGoal onAdded={changed} />}
        </>
      )}
    </Loaded>
  );
}

function Goal(props: { goal: GoalView; plan: PlanView; onChanged: () => void }) {
  const { detail } = useCase();
  const intl = useIntl();
  const { goal, plan } = props;
  const [adding, setAdding] = useState(false);
  const update = useAction((body: GoalChange) => data(() => client.PATCH('/api/cases/{id}/plan/goals/{childId}', { params: { path: { id: detail.id, childId: goal.id } }, body })));
  const headingId = `goal-${goal.id}`;
  return (
    <li className="goal" aria-labelledby={headingId}>
      <h3 id={headingId}>
        <span className="tag">
          <FormattedMessage id={`domain.${goal.domain}`} />
        </span>{' '}
        {goal.description}
      </h3>
      <p className="badges">
        <span className={`tag ${goal.status === 'achieved' ? 'partner' : goal.status === 'discontinued' ? 'status-expired' : ''}`}>
          <FormattedMessage id={`goalStatus.${goal.status}`} />
        </span>
      </p>
      {plan.can.write && (
        <form
          className="inline-form"
          onSubmit={async (e: FormEvent<HTMLFormElement>) => {
            e.preventDefault();
            if ((await update.run({ status: String(new FormData(e.currentTarget).get('status')) as GoalChange['status'] })).ok) props.onChanged();
          }}
        >
          <SelectField name="status" label="plan.goalStatus" defaultValue={goal.status} options={GOAL_STATUSES.map((s) => ({ value: s, label: intl.formatMessage({ id: `goalStatus.${s}` }) }))} />
          <button type="submit" disabled={update.busy}>
            <FormattedMessage id="plan.update" />
          </button>
          {update.error && (
            <span className="form-error" role="alert">
              <Icon of={CircleExclamationPoint} />
              <FormattedMessage id={update.error} />
            </span>
          )}
        </form>
      )}
      {goal.actions.length === 0 ? (
        <p className="empty-state">
          <FormattedMessage id="plan.noActions" />
        </p>
      ) : (
        <ul className="cards actions">
          {goal.actions.map((a) => (
            <Action key={a.id} action={a} onChanged={props.onChanged} />
          ))}
        </ul>
      )}
      {plan.can.write &&
        (adding ? (
          <NewAction goalId={goal.id} plan={plan} onAdded={() => (setAdding(false), props.onChanged())} />
        ) : (
          <p>
            <button type="button" onClick={() => setAdding(true)}>
              <FormattedMessage id="plan.addAction" />
            </button>
          </p>
        ))}
    </li>
  );
}

function Action(props: { action: ActionView; onChanged: () => void }) {
  const { detail } = useCase();
  const intl = useIntl();
  const a = props.action;
  const update = useAction((body: ActionChange) => data(() => client.PATCH('/api/cases/{id}/plan/actions/{childId}', { params: { path: { id: detail.id, childId: a.id } }, body })));
  return (
    <li className={`card${a.overdue ? ' overdue' : ''}`}>
      <p className="badges">
        {a.overdue && (
          <span className="tag overdue">
            <Icon of={AlarmClock} />
            <FormattedMessage id="plan.overdue" />
          </span>
        )}
        <span className={`tag ${a.status === 'done' ? 'partner' : a.status === 'cancelled' ? 'status-expired' : ''}`}>
          <FormattedMessage id={`actionStatus.${a.status}`} />
        </span>
      </p>
      <p className="action-text">{a.description}</p>
      <dl className="facts">
        <dt>
          <FormattedMessage id="plan.responsible" />
        </dt>
        <dd>
          {a.responsibleOrgName}
          {a.responsibleName && ` — ${a.responsibleName}`}
        </dd>
        <dt>
          <FormattedMessage id="plan.targetDate" />
        </dt>
        <dd>
          <FormattedDate value={a.targetDate} dateStyle="medium" timeZone="UTC" />
        </dd>
        {a.completedOn && (
          <>
            <dt>
              <FormattedMessage id="plan.completedOn" />
            </dt>
            <dd>
              <FormattedDate value={a.completedOn} dateStyle="medium" timeZone="UTC" />
            </dd>
          </>
        )}
      </dl>
      {a.conference && (
        <p className="meta">
          <Link to={`/cases/${detail.id}/conferences`}>
            <FormattedMessage id="plan.fromConference" values={{ date: intl.formatDate(a.conference.heldAt, { dateStyle: 'medium' }) }} />
          </Link>
        </p>
      )}
      {a.canUpdateStatus && (
        <form
          className="inline-form"
          onSubmit={async (e: FormEvent<HTMLFormElement>) => {
            e.preventDefault();
            if ((await update.run({ status: String(new FormData(e.currentTarget).get('status')) as ActionChange['status'] })).ok) props.onChanged();
          }}
        >
          <SelectField name="status" label="plan.actionStatus" defaultValue={a.status} options={ACTION_STATUSES.map((s) => ({ value: s, label: intl.formatMessage({ id: `actionStatus.${s}` }) }))} />
          <button type="submit" disabled={update.busy}>
            <FormattedMessage id="plan.update" />
          </button>
          {update.error && (
            <span className="form-error" role="alert">
              <Icon of={CircleExclamationPoint} />
              <FormattedMessage id={update.error} />
            </span>
          )}
        </form>
      )}
    </li>
  );
}

/** Organisation and worker choices of an action, as the plan offers them. */
export function ResponsibleFields(props: { plan: Pick<PlanView, 'organisations' | 'people'>; prefix?: string }) {
  const intl = useIntl();
  const p = props.prefix ?? '';
  return (
    <>
      <SelectField name={`${p}responsibleOrgId`} label="plan.responsibleOrg" options={props.plan.organisations.map((o) => ({ value: o.orgId, label: o.orgName }))} />
      <SelectField
        name={`${p}responsibleUserId`}
        label="plan.responsibleWorker"
        hint="plan.responsibleWorkerHint"
        blank={intl.formatMessage({ id: 'plan.noWorker' })}
        options={props.plan.people.map((x) => ({ value: x.userId, label: `${x.name} (${x.orgName})` }))}
      />
    </>
  );
}

function NewAction(props: { goalId: string; plan: PlanView; onAdded: () => void }) {
  const { detail } = useCase();
  const add = useAction((body: Body<'/api/cases/{id}/plan/goals/{childId}/actions', 'post'>) =>
    data(() => client.POST('/api/cases/{id}/plan/goals/{childId}/actions', { params: { path: { id: detail.id, childId: props.goalId } }, body })),
  );
  async function submit(e: FormEvent<HTMLFormElement>) {
    e.preventDefault();
    const f = new FormData(e.currentTarget);
    const ok = await add.run({
      description: String(f.get('description') ?? ''),
      responsibleOrgId: String(f.get('responsibleOrgId')),
      responsibleUserId: String(f.get('responsibleUserId') ?? '') || null,
      targetDate: String(f.get('targetDate') ?? ''),
    });
    if (ok.ok) props.onAdded();
  }
  return (
    <form className="stacked card" onSubmit={submit}>
      {add.error && (
        <p className="form-error" role="alert">
          <Icon of={CircleExclamationPoint} />
          <FormattedMessage id={add.error} />
        </p>
      )}
      <TextField name="description" label="plan.actionDescription" multiline required maxLength={2000} />
      <ResponsibleFields plan={props.plan} />
      <TextField name="targetDate" type="date" label="plan.targetDate" required />
      <button type="submit" className="primary" disabled={add.busy}>
        <FormattedMessage id="plan.saveAction" />
      </button>
    </form>
  );
}

function NewGoal(props: { onAdded: () => void }) {
  const { detail } = useCase();
  const intl = useIntl();
  const add = useAction((body: NewGoalBody) => data(() => client.POST('/api/cases/{id}/plan/goals', { params: { path: { id: detail.id } }, body })));
  async function submit(e: FormEvent<HTMLFormElement>) {
    e.preventDefault();
    const form = e.currentTarget;
    const f = new FormData(form);
    if ((await add.run({ domain: String(f.get('domain')) as NewGoalBody['domain'], description: String(f.get('description') ?? '') })).ok) {
      form.reset();
      props.onAdded();
    }
  }
  return (
    <section className="panel" aria-labelledby="goal-new">
      <h2 id="goal-new">
        <FormattedMessage id="plan.newGoal" />
      </h2>
      <form className="stacked" onSubmit={submit}>
        {add.error && (
          <p className="form-error" role="alert">
            <Icon of={CircleExclamationPoint} />
            <FormattedMessage id={add.error} />
          </p>
        )}
        <SelectField name="domain" label="plan.domain" options={NEED_DOMAINS.map((d) => ({ value: d, label: intl.formatMessage({ id: `domain.${d}` }) }))} />
        <TextField name="description" label="plan.goalDescription" multiline required maxLength={2000} />
        <button type="submit" className="primary" disabled={add.busy}>
          <FormattedMessage id="plan.saveGoal" />
        </button>
      </form>
    </section>
  );
}
