// The case plan: goals per need domain and actions under them, each with a responsible
// organisation (the lead agency or a team organisation), an optional named worker of it, a
// target date and a status. The lead agency's case roles write the plan; the responsible
// organisation moves its own actions along. An action whose target date has passed while it is
// still to be done is overdue.
import { sql } from 'kysely';
import type { Tx } from '../../db.ts';
import type { Actor } from '../../platform/auth/actor.ts';
import { audit } from '../../platform/audit/audit.ts';
import { DomainError } from '../../platform/http/errors.ts';
import { can } from '../identity/policy.ts';
import { NEED_DOMAINS } from '../orgs/schema.ts';
import { decideMany, type Who } from './access-facts.ts';
import { accessTo, recordEvent, requireSection, type CaseAccess } from './access.ts';
import {
  ACTION_STATUSES,
  GOAL_STATUSES,
  OPEN_ACTION_STATUSES,
  type ActionInput,
  type ActionUpdate,
  type ActionView,
  type CasePerson,
  type DueActionView,
  type GoalUpdate,
  type PlanView,
} from './plan-schema.ts';

const pick = <T extends string>(values: readonly T[], v: string, fallback: T): T => values.find((x) => x === v) ?? fallback;
export const isoDay = (now: Date) => now.toISOString().slice(0, 10);
const isOpen = (status: string) => (OPEN_ACTION_STATUSES as readonly string[]).includes(status);
export const isOverdue = (targetDate: string, status: string, today: string) => isOpen(status) && targetDate < today;

/** The lead agency's coordinators and caseworkers write the plan of an open case. */
function isPlanWriter(actor: Actor, access: CaseAccess): boolean {
  return access.leadOrgId === actor.orgId && (can(actor, 'cases.coordinate') || can(actor, 'cases.work'));
}

export function requirePlanWriter(actor: Actor, access: CaseAccess): void {
  if (!isPlanWriter(actor, access)) throw new DomainError('forbidden');
  if (access.status !== 'open') throw new DomainError('conflict', 'The case is not open');
}

/** The lead agency and the organisations on the case team now. */
export async function caseOrganisations(tx: Tx, caseId: string, leadOrgId: string): Promise<Array<{ orgId: string; orgName: string }>> {
  const rows = await tx
    .selectFrom('organisations as o')
    .select(['o.id', 'o.name'])
    .where((eb) =>
      eb.or([
        eb('o.id', '=', leadOrgId),
        eb('o.id', 'in', eb.selectFrom('case_team').select('org_id').where('case_id', '=', caseId).where('left_at', 'is', null)),
      ]),
    )
    .execute();
  const lead = rows.filter((r) => r.id === leadOrgId);
  const team = rows.filter((r) => r.id !== leadOrgId).sort((a, b) => a.name.localeCompare(b.name));
  return [...lead, ...team].map((r) => ({ orgId: r.id, orgName: r.name }));
}

/** Case coordinators and caseworkers of those organisations, for whoever sees the plan or conferences. */
export async function casePeople(tx: Tx, caseId: string, orgs: Array<{ orgId: string; orgName: string }>): Promise<CasePerson[]> {
  const { rows } = await sql<{ org_id: string; user_id: string; display_name: string }>`
    SELECT org_id, user_id, display_name FROM tandem_case_people(${caseId}) ORDER BY display_name`.execute(tx);
  return rows.map((r) => ({ orgId: r.org_id, orgName: orgs.find((o) => o.orgId === r.org_id)?.orgName ?? '', userId: r.user_id, name: r.display_name }));
}

/** An action is given to an organisation on the case, and to one of its named people. */
export function checkResponsible(
  orgs: Array<{ orgId: string }>,
  people: CasePerson[],
  orgId: string,
  userId: string | null,
  path: string,
): void {
  if (!orgs.some((o) => o.orgId === orgId)) {
    throw new DomainError('unprocessable', 'The responsible organisation is not on the case team', [{ path: `${path}.responsibleOrgId`, message: 'is not on the case team', code: 'not_on_team' }]);
  }
  if (userId && !people.some((p) => p.userId === userId && p.orgId === orgId)) {
    throw new DomainError('unprocessable', 'The responsible worker is not a case worker of that organisation', [
      { path: `${path}.responsibleUserId`, message: 'is not a case worker of the responsible organisation', code: 'not_caseworker' },
    ]);
  }
}

export async function getPlan(tx: Tx, actor: Actor, caseId: string, now: Date): Promise<PlanView> {
  const access = await accessTo(tx, actor, caseId);
  requireSection(access, 'case_plan');
  const today = isoDay(now);
  const goals = await tx
    .selectFrom('case_plan_goals')
    .select(['id', 'domain', 'description', 'status'])
    .where('case_id', '=', caseId)
    .orderBy('created_at')
    .orderBy('id')
    .execute();
  const actions = await tx
    .selectFrom('case_plan_actions as a')
    .innerJoin('organisations as o', 'o.id', 'a.responsible_org_id')
    .leftJoin('case_conferences as k', 'k.id', 'a.conference_id')
    .select(['a.id', 'a.goal_id', 'a.description', 'a.responsible_org_id', 'o.name', 'a.responsible_user_id', 'a.target_date', 'a.status', 'a.completed_on', 'a.conference_id', 'k.held_at'])
    .where('a.case_id', '=', caseId)
    .orderBy('a.target_date')
    .orderBy('a.created_at')
    .execute();
  const organisations = await caseOrganisations(tx, caseId, access.leadOrgId);
  const people = await casePeople(tx, caseId, organisations);
  const writer = isPlanWriter(actor, access) && access.status === 'open';
  const view = (a: (typeof actions)[number]): ActionView => ({
    id: a.id,
    goalId: a.goal_id,
    description: a.description,
    responsibleOrgId: a.responsible_org_id,
    responsibleOrgName: a.name,
    responsibleUserId: a.responsible_user_id,
    responsibleName: people.find((p) => p.userId === a.responsible_user_id)?.name ?? null,
    targetDate: a.target_date,
    status: pick(ACTION_STATUSES, a.status, 'planned'),
    completedOn: a.completed_on,
    overdue: isOverdue(a.target_date, a.status, today),
    conference: a.conference_id && a.held_at ? { id: a.conference_id, heldAt: a.held_at.toISOString() } : null,
    canEdit: writer,
    canUpdateStatus: access.status === 'open' && (writer || (a.responsible_org_id === actor.orgId && !!actor.orgId)),
  });
  const actionViews = actions.map(view);
  await audit(tx, { action: 'case.plan.read', subjectType: 'case', subjectId: caseId, subjectOrgId: access.leadOrgId });
  return {
    goals: goals.map((g) => ({
      id: g.id,
      domain: pick(NEED_DOMAINS, g.domain, 'psychosocial'),
      description: g.description,
      status: pick(GOAL_STATUSES, g.status, 'open'),
      actions: actionViews.filter((a) => a.goalId === g.id),
    })),
    overdue: actionViews.filter((a) => a.overdue).length,
    organisations,
    people,
    can: { write: writer },
  };
}

/** Overdue actions of a case, for the overview; null when the plan is not the caller's to see. */
export async function overdueCount(tx: Tx, access: CaseAccess, now: Date): Promise<number | null> {
  if (!access.sections.includes('case_plan')) return null;
  const row = await tx
    .selectFrom('case_plan_actions')
    .select((eb) => eb.fn.countAll<string>().as('n'))
    .where('case_id', '=', access.caseId)
    .where('status', 'in', [...OPEN_ACTION_STATUSES])
    .where('target_date', '<', isoDay(now))
    .executeTakeFirstOrThrow();
  return Number(row.n);
}

export async function addGoal(tx: Tx, actor: Actor, caseId: string, input: { domain: string; description: string }) {
  const access = await accessTo(tx, actor, caseId);
  requireSection(access, 'case_plan');
  requirePlanWriter(actor, access);
  const row = await tx
    .insertInto('case_plan_goals')
    .values({ case_id: caseId, domain: input.domain, description: input.description, created_by: actor.userId })
    .returning('id')
    .executeTakeFirstOrThrow();
  await recordEvent(tx, caseId, 'plan.goal_added', 'case_plan', { goal: row.id, domain: input.domain });
  await audit(tx, { action: 'case.plan.goal.add', subjectType: 'plan_goal', subjectId: row.id, subjectOrgId: access.leadOrgId, details: { case: caseId, domain: input.domain } });
  return { id: row.id };
}

export async function updateGoal(tx: Tx, actor: Actor, caseId: string, goalId: string, input: GoalUpdate, now: Date) {
  const access = await accessTo(tx, actor, caseId);
  requireSection(access, 'case_plan');
  requirePlanWriter(actor, access);
  const updated = await tx
    .updateTable('case_plan_goals')
    .set({ ...(input.description !== undefined ? { description: input.description } : {}), ...(input.status ? { status: input.status } : {}), updated_at: now })
    .where('id', '=', goalId)
    .where('case_id', '=', caseId)
    .returning('id')
    .executeTakeFirst();
  if (!updated) throw new DomainError('not_found');
  await recordEvent(tx, caseId, 'plan.goal_updated', 'case_plan', { goal: goalId, status: input.status ?? null });
  await audit(tx, { action: 'case.plan.goal.update', subjectType: 'plan_goal', subjectId: goalId, subjectOrgId: access.leadOrgId, details: { case: caseId, fields: Object.keys(input) } });
}

export async function addAction(tx: Tx, actor: Actor, caseId: string, goalId: string, input: ActionInput, conferenceId: string | null = null) {
  const access = await accessTo(tx, actor, caseId);
  requireSection(access, 'case_plan');
  requirePlanWriter(actor, access);
  const goal = await tx.selectFrom('case_plan_goals').select('id').where('id', '=', goalId).where('case_id', '=', caseId).executeTakeFirst();
  if (!goal) throw new DomainError('not_found');
  const orgs = await caseOrganisations(tx, caseId, access.leadOrgId);
  checkResponsible(orgs, await casePeople(tx, caseId, orgs), input.responsibleOrgId, input.responsibleUserId, 'body');
  return insertAction(tx, actor, access, goalId, input, conferenceId);
}

/** Writes an action already checked (also used when a conference's action items become actions). */
export async function insertAction(tx: Tx, actor: Actor, access: CaseAccess, goalId: string, input: ActionInput, conferenceId: string | null) {
  const row = await tx
    .insertInto('case_plan_actions')
    .values({
      case_id: access.caseId,
      goal_id: goalId,
      description: input.description,
      responsible_org_id: input.responsibleOrgId,
      responsible_user_id: input.responsibleUserId,
      target_date: input.targetDate,
      conference_id: conferenceId,
      created_by: actor.userId,
    })
    .returning('id')
    .executeTakeFirstOrThrow();
  await recordEvent(tx, access.caseId, 'plan.action_added', 'case_plan', { action: row.id, goal: goalId, responsible: input.responsibleOrgId, target: input.targetDate, conference: conferenceId });
  await audit(tx, {
    action: 'case.plan.action.add',
    subjectType: 'plan_action',
    subjectId: row.id,
    subjectOrgId: access.leadOrgId,
    details: { case: access.caseId, goal: goalId, responsible_org: input.responsibleOrgId, conference: conferenceId },
  });
  return { id: row.id };
}

export async function updateAction(tx: Tx, actor: Actor, caseId: string, actionId: string, input: ActionUpdate, now: Date) {
  const access = await accessTo(tx, actor, caseId);
  requireSection(access, 'case_plan');
  const action = await tx
    .selectFrom('case_plan_actions')
    .select(['id', 'responsible_org_id', 'responsible_user_id', 'status'])
    .where('id', '=', actionId)
    .where('case_id', '=', caseId)
    .executeTakeFirst();
  if (!action) throw new DomainError('not_found');
  const statusOnly = input.description === undefined && input.responsibleOrgId === undefined && input.responsibleUserId === undefined && input.targetDate === undefined;
  if (isPlanWriter(actor, access)) {
    requirePlanWriter(actor, access);
  } else {
    // The responsible organisation's case roles: the status of their own action, nothing more.
    const own = action.responsible_org_id === actor.orgId && (can(actor, 'cases.work') || can(actor, 'cases.coordinate'));
    if (!own || !statusOnly) throw new DomainError('forbidden');
    if (access.status !== 'open') throw new DomainError('conflict', 'The case is not open');
  }
  if (!statusOnly) {
    const orgs = await caseOrganisations(tx, caseId, access.leadOrgId);
    const orgId = input.responsibleOrgId ?? action.responsible_org_id;
    const userId = input.responsibleUserId !== undefined ? input.responsibleUserId : input.responsibleOrgId !== undefined && input.responsibleOrgId !== action.responsible_org_id ? null : action.responsible_user_id;
    checkResponsible(orgs, await casePeople(tx, caseId, orgs), orgId, userId, 'body');
    input = { ...input, responsibleOrgId: orgId, responsibleUserId: userId };
  }
  const today = isoDay(now);
  if (input.completedOn && input.completedOn > today) {
    throw new DomainError('validation_failed', undefined, [{ path: 'body.completedOn', message: 'must not be in the future', code: 'in_future' }]);
  }
  const statusChange = input.status ? { status: input.status, completed_on: input.status === 'done' ? (input.completedOn ?? today) : null } : {};
  await tx
    .updateTable('case_plan_actions')
    .set({
      ...(input.description !== undefined ? { description: input.description } : {}),
      ...(input.responsibleOrgId !== undefined ? { responsible_org_id: input.responsibleOrgId } : {}),
      ...(input.responsibleUserId !== undefined ? { responsible_user_id: input.responsibleUserId } : {}),
      ...(input.targetDate !== undefined ? { target_date: input.targetDate } : {}),
      ...statusChange,
      updated_at: now,
    })
    .where('id', '=', actionId)
    .execute();
  await recordEvent(tx, caseId, 'plan.action_updated', 'case_plan', { action: actionId, status: input.status ?? null });
  await audit(tx, {
    action: 'case.plan.action.update',
    subjectType: 'plan_action',
    subjectId: actionId,
    subjectOrgId: access.leadOrgId,
    details: { case: caseId, fields: Object.keys(input).filter((k) => input[k as keyof ActionUpdate] !== undefined), status: input.status ?? null },
  });
}

/**
 * Open plan actions an organisation is responsible for that are overdue or due within `withinDays`
 * days of `today`, on open cases whose plan it still sees. For the home panel and for reminders;
 * works in a request's transaction (row-level security narrows it on its own) and in a system one.
 */
export async function plannedActionsDue(tx: Tx, who: Who, today: string, withinDays: number): Promise<DueActionView[]> {
  if (!who.orgId) return [];
  const until = isoDay(new Date(Date.parse(`${today}T00:00:00Z`) + withinDays * 86_400_000));
  const rows = await tx
    .selectFrom('case_plan_actions as a')
    .innerJoin('cases as c', 'c.id', 'a.case_id')
    .select(['a.id', 'a.case_id', 'c.case_number', 'c.alias', 'a.description', 'a.target_date', 'a.status'])
    .where('a.responsible_org_id', '=', who.orgId)
    .where('a.status', 'in', [...OPEN_ACTION_STATUSES])
    .where('a.target_date', '<=', until)
    .where('c.status', '=', 'open')
    .orderBy('a.target_date')
    .orderBy('a.id')
    .limit(200)
    .execute();
  const access = await decideMany(tx, who, rows.map((r) => r.case_id));
  return rows
    .filter((r) => access.get(r.case_id)?.sections.includes('case_plan'))
    .map((r) => ({
      id: r.id,
      caseId: r.case_id,
      caseNumber: r.case_number,
      alias: r.alias,
      description: r.description,
      targetDate: r.target_date,
      status: pick(OPEN_ACTION_STATUSES, r.status, 'planned'),
      overdue: r.target_date < today,
    }));
}

/** The acting organisation's actions due within `days` (and overdue ones): the home panel. */
export async function myDueActions(tx: Tx, actor: Actor, days: number, now: Date) {
  if (!actor.orgId || (!can(actor, 'cases.coordinate') && !can(actor, 'cases.work'))) throw new DomainError('forbidden');
  const actions = await plannedActionsDue(tx, actor, isoDay(now), days);
  await audit(tx, { action: 'case.plan.due.read', subjectOrgId: actor.orgId, details: { shown: actions.length, days } });
  return actions;
}
