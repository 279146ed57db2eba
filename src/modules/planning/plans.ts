// National action plans: creating one, reading it with its stage history, editing its facts,
// moving it through its stages (drafting → consultation → adopted → implementation →
// evaluation), and publishing it. The owning body's plan coordinators write; those in the
// country who take part in planning read it once it leaves drafting; everyone once published.
import { randomUUID } from 'node:crypto';
import { sql } from 'kysely';
import type { Tx } from '../../db.ts';
import type { Actor } from '../../platform/auth/actor.ts';
import { audit } from '../../platform/audit/audit.ts';
import { DomainError } from '../../platform/http/errors.ts';
import { can } from '../identity/policy.ts';
import { actorCountry, isCoordinatorOf, readableAccess, requireCoordinator, requirePlanningRole, type PlanAccess } from './access.ts';
import type { NewPlan, PlanList, PlanUpdate, PlanView, StageChange, StageChangeView } from './plan-schema.ts';
import { AWAITING_ANSWER_SQL, awaitingAnswer } from './awaiting.ts';
import { STAGES, type Stage } from './schema.ts';
import { currentSections } from './sections.ts';

const stageOf = (v: string | null): Stage | null => STAGES.find((s) => s === v) ?? null;

/** A plan the actor may read, or not_found; roles outside planning are refused before anything. */
export async function readablePlan(tx: Tx, actor: Actor, planId: string): Promise<PlanAccess> {
  requirePlanningRole(actor);
  return readableAccess(tx, actor, planId);
}

/** A plan the actor coordinates: not_found when they may not read it, forbidden when only read. */
export async function coordinatedPlan(tx: Tx, actor: Actor, planId: string): Promise<PlanAccess> {
  const access = await readablePlan(tx, actor, planId);
  requireCoordinator(access);
  return access;
}

/** Where a plan may go from its stage: forward one; back one, with a reason. */
export function nextStages(stage: Stage): { forward: Stage | null; back: Stage | null } {
  const i = STAGES.indexOf(stage);
  return { forward: STAGES[i + 1] ?? null, back: i > 0 ? STAGES[i - 1]! : null };
}

export async function listPlans(tx: Tx, actor: Actor): Promise<PlanList> {
  requirePlanningRole(actor);
  const country = await actorCountry(tx, actor);
  const rows = await tx
    .selectFrom('plans as p')
    .leftJoin('organisations as o', 'o.id', 'p.owner_org_id')
    .select(['p.id', 'p.title', 'p.country', 'p.period_start', 'p.period_end', 'p.stage', 'p.owner_org_id', 'o.name', 'p.published_at'])
    .where((eb) =>
      eb.or([
        eb('p.published_at', 'is not', null),
        eb('p.owner_org_id', '=', actor.orgId),
        eb.and([eb('p.stage', '<>', 'drafting'), eb('p.country', '=', country)]),
      ]),
    )
    .orderBy('p.period_start', 'desc')
    .orderBy('p.title')
    .limit(500)
    .execute();
  const coordinated = rows.filter((r) => isCoordinatorOf(actor, r.owner_org_id)).map((r) => r.id);
  const unanswered = new Map<string, number>();
  if (coordinated.length > 0) {
    const counts = await tx
      .selectFrom('contributions')
      .select(['plan_id', (eb) => eb.fn.countAll<string>().as('n')])
      .where('plan_id', 'in', coordinated)
      .where(awaitingAnswer)
      .groupBy('plan_id')
      .execute();
    for (const c of counts) unanswered.set(c.plan_id, Number(c.n));
  }
  return {
    plans: rows.map((r) => ({
      id: r.id,
      title: r.title,
      country: r.country,
      periodStart: r.period_start,
      periodEnd: r.period_end,
      stage: stageOf(r.stage) ?? 'drafting',
      ownerOrg: { id: r.owner_org_id, name: r.name ?? '' },
      published: r.published_at !== null,
      unanswered: coordinated.includes(r.id) ? (unanswered.get(r.id) ?? 0) : null,
    })),
    can: { create: can(actor, 'plans.coordinate') && actor.orgId !== null },
  };
}

export async function createPlan(tx: Tx, actor: Actor, input: NewPlan): Promise<{ id: string }> {
  if (!can(actor, 'plans.coordinate') || !actor.orgId) throw new DomainError('forbidden');
  // A national plan belongs to a government body, and to that body's own country (the database
  // holds the same rule in the plans_insert policy).
  const owner = await tx.selectFrom('organisations').select(['type', 'country']).where('id', '=', actor.orgId).executeTakeFirst();
  if (!owner || owner.type !== 'government') throw new DomainError('forbidden', 'A plan is owned by a government body');
  const country = input.country ?? owner.country;
  const known = await tx.selectFrom('jurisdictions').select('code').where('code', '=', country).executeTakeFirst();
  if (!known) throw new DomainError('validation_failed', undefined, [{ path: 'body.country', message: 'is not a known jurisdiction', code: 'invalid_choice' }]);
  if (known.code !== owner.country) {
    throw new DomainError('validation_failed', 'A plan is made for the country of the body that owns it', [{ path: 'body.country', message: 'must be the country of your organisation', code: 'not_your_country' }]);
  }
  // The id is made here: a new plan cannot be read back in the statement that inserts it (its
  // read policy asks a function that sees the table as it was when the statement began).
  const plan = { id: randomUUID() };
  await tx
    .insertInto('plans')
    .values({
      id: plan.id,
      country: known.code,
      title: input.title,
      summary: input.summary || null,
      period_start: input.periodStart,
      period_end: input.periodEnd,
      owner_org_id: actor.orgId,
      allows_individuals: input.allowsIndividuals,
      created_by: actor.userId,
    })
    .execute();
  await tx.insertInto('plan_stage_changes').values({ plan_id: plan.id, from_stage: null, to_stage: 'drafting', changed_by: actor.userId }).execute();
  await audit(tx, { action: 'plan.create', subjectType: 'plan', subjectId: plan.id, subjectOrgId: actor.orgId, details: { country: known.code } });
  return { id: plan.id };
}

export async function getPlan(tx: Tx, actor: Actor, planId: string): Promise<PlanView> {
  const access = await readablePlan(tx, actor, planId);
  const plan = await tx
    .selectFrom('plans as p')
    .leftJoin('organisations as o', 'o.id', 'p.owner_org_id')
    .select(['p.id', 'p.title', 'p.summary', 'p.country', 'p.period_start', 'p.period_end', 'p.stage', 'p.allows_individuals', 'p.published_at', 'p.owner_org_id', 'o.name'])
    .where('p.id', '=', planId)
    .executeTakeFirstOrThrow();
  const stages = await tx
    .selectFrom('plan_stage_changes as c')
    .leftJoin('users as u', 'u.id', 'c.changed_by')
    .select(['c.from_stage', 'c.to_stage', 'c.changed_at', 'u.display_name', 'c.reason', 'c.unanswered'])
    .where('c.plan_id', '=', planId)
    .orderBy('c.changed_at')
    .orderBy('c.id')
    .execute();
  const { rows } = await sql<{ consultations: number; contributions: number; unanswered: number; commitments: number }>`
    SELECT (SELECT count(*)::int FROM consultations WHERE plan_id = ${planId}) AS consultations,
           (SELECT count(*)::int FROM contributions WHERE plan_id = ${planId}) AS contributions,
           (SELECT count(*)::int FROM contributions WHERE plan_id = ${planId} AND ${AWAITING_ANSWER_SQL}) AS unanswered,
           (SELECT count(*)::int FROM commitments WHERE plan_id = ${planId}) AS commitments`.execute(tx);
  const stage = stageOf(plan.stage) ?? 'drafting';
  const moves = nextStages(stage);
  return {
    id: plan.id,
    title: plan.title,
    summary: plan.summary,
    country: plan.country,
    periodStart: plan.period_start,
    periodEnd: plan.period_end,
    stage,
    allowsIndividuals: plan.allows_individuals,
    publishedAt: plan.published_at ? plan.published_at.toISOString() : null,
    ownerOrg: { id: plan.owner_org_id, name: plan.name ?? '' },
    stages: stages.map(
      (c): StageChangeView => ({
        fromStage: stageOf(c.from_stage),
        toStage: stageOf(c.to_stage) ?? 'drafting',
        changedAt: c.changed_at.toISOString(),
        changedBy: c.display_name,
        reason: c.reason,
        unanswered: c.unanswered,
      }),
    ),
    sections: await currentSections(tx, planId),
    counts: rows[0]!,
    nextStages: access.coordinator ? [moves.forward, moves.back].filter((s): s is Stage => s !== null) : [],
    can: { edit: access.coordinator, changeStage: access.coordinator, publish: access.coordinator },
  };
}

export async function updatePlan(tx: Tx, actor: Actor, planId: string, input: PlanUpdate, now: Date): Promise<void> {
  const access = await coordinatedPlan(tx, actor, planId);
  const current = await tx.selectFrom('plans').select(['period_start', 'period_end']).where('id', '=', planId).executeTakeFirstOrThrow();
  const start = input.periodStart ?? current.period_start;
  const end = input.periodEnd ?? current.period_end;
  if (end <= start) throw new DomainError('validation_failed', undefined, [{ path: 'body.periodEnd', message: 'must be after the start of the period', code: 'order' }]);
  await tx
    .updateTable('plans')
    .set({
      ...(input.title !== undefined ? { title: input.title } : {}),
      ...(input.summary !== undefined ? { summary: input.summary || null } : {}),
      ...(input.periodStart !== undefined ? { period_start: input.periodStart } : {}),
      ...(input.periodEnd !== undefined ? { period_end: input.periodEnd } : {}),
      ...(input.allowsIndividuals !== undefined ? { allows_individuals: input.allowsIndividuals } : {}),
      updated_at: now,
    })
    .where('id', '=', planId)
    .execute();
  const fields = Object.keys(input).filter((k) => input[k as keyof PlanUpdate] !== undefined);
  await audit(tx, { action: 'plan.update', subjectType: 'plan', subjectId: planId, subjectOrgId: access.ownerOrgId, details: { fields } });
}

/**
 * Moves a plan one stage forward, or one back with a reason. A plan is adopted only when every
 * contribution has its final answer ("under consideration" is not one), unless the coordinator
 * writes why it is adopted before; the reason is kept with the number then awaiting an answer.
 * The plan's row is locked for the move, and a contribution being submitted locks it to share
 * (migration 0032): none slips in uncounted beside the adoption.
 */
export async function changeStage(tx: Tx, actor: Actor, planId: string, input: StageChange, now: Date): Promise<void> {
  const access = await coordinatedPlan(tx, actor, planId);
  // The plan's row is locked, so that two coordinators cannot move it at once.
  const { stage } = await tx.selectFrom('plans').select('stage').where('id', '=', planId).forUpdate().executeTakeFirstOrThrow();
  const from = stageOf(stage) ?? 'drafting';
  const moves = nextStages(from);
  if (input.stage !== moves.forward && input.stage !== moves.back) {
    throw new DomainError('conflict', `A plan in ${from} moves to ${[moves.forward, moves.back].filter(Boolean).join(' or ')} only`);
  }
  if (input.stage === moves.back && !input.reason) {
    throw new DomainError('validation_failed', 'Going back a stage needs a reason', [{ path: 'body.reason', message: 'is required to go back a stage', code: 'required' }]);
  }
  let unanswered = 0;
  if (input.stage === 'adopted') {
    const row = await tx
      .selectFrom('contributions')
      .select((eb) => eb.fn.countAll<string>().as('n'))
      .where('plan_id', '=', planId)
      .where(awaitingAnswer)
      .executeTakeFirstOrThrow();
    unanswered = Number(row.n);
    if (unanswered > 0 && !input.reason) {
      throw new DomainError('conflict', `${unanswered} contribution(s) have no final answer yet (none, or only "under consideration"); answer them or give the reason for adopting the plan now`);
    }
  }
  await tx.updateTable('plans').set({ stage: input.stage, updated_at: now }).where('id', '=', planId).execute();
  await tx
    .insertInto('plan_stage_changes')
    .values({ plan_id: planId, from_stage: from, to_stage: input.stage, changed_by: actor.userId, reason: input.reason ?? null, unanswered })
    .execute();
  await audit(tx, {
    action: 'plan.stage',
    subjectType: 'plan',
    subjectId: planId,
    subjectOrgId: access.ownerOrgId,
    details: { from, to: input.stage, unanswered, reasoned: input.reason !== undefined },
  });
}

export async function setPublication(tx: Tx, actor: Actor, planId: string, published: boolean, now: Date): Promise<{ publishedAt: string | null }> {
  const access = await coordinatedPlan(tx, actor, planId);
  const row = await tx
    .updateTable('plans')
    // Publishing again keeps the first date; unpublishing clears it.
    .set({ published_at: published ? sql<Date>`coalesce(published_at, ${now})` : null, updated_at: now })
    .where('id', '=', planId)
    .returning('published_at')
    .executeTakeFirstOrThrow();
  await audit(tx, { action: published ? 'plan.publish' : 'plan.unpublish', subjectType: 'plan', subjectId: planId, subjectOrgId: access.ownerOrgId, details: { was: access.published } });
  return { publishedAt: row.published_at ? new Date(row.published_at).toISOString() : null };
}
