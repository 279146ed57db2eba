// Who may do what with a plan. The service asks here first; row-level security (migration
// 0025) says the same again in the database. A plan the actor may not read does not exist for
// them: `planAccess` answers not_found, whether the plan is missing or hidden.
import type { Tx } from '../../db.ts';
import type { Actor } from '../../platform/auth/actor.ts';
import { DomainError } from '../../platform/http/errors.ts';
import { can } from '../identity/policy.ts';
import { STAGES, type Stage } from './schema.ts';

export type PlanAccess = {
  id: string;
  country: string;
  ownerOrgId: string;
  stage: Stage;
  published: boolean;
  allowsIndividuals: boolean;
  /** The actor is a plan coordinator of the owning body. */
  coordinator: boolean;
};

export async function planAccess(tx: Tx, actor: Actor | null, planId: string): Promise<PlanAccess> {
  const row = await tx
    .selectFrom('plans')
    .select(['id', 'country', 'owner_org_id', 'stage', 'published_at', 'allows_individuals'])
    .where('id', '=', planId)
    .executeTakeFirst();
  if (!row) throw new DomainError('not_found');
  return {
    id: row.id,
    country: row.country,
    ownerOrgId: row.owner_org_id,
    stage: STAGES.find((s) => s === row.stage) ?? 'drafting',
    published: row.published_at !== null,
    allowsIndividuals: row.allows_individuals,
    coordinator: isCoordinatorOf(actor, row.owner_org_id),
  };
}

export function isCoordinatorOf(actor: Actor | null, ownerOrgId: string): boolean {
  return actor !== null && actor.orgId === ownerOrgId && can(actor, 'plans.coordinate');
}

/** Refuses unless the actor coordinates this plan (403: the plan itself is readable to them). */
export function requireCoordinator(access: PlanAccess): void {
  if (!access.coordinator) throw new DomainError('forbidden');
}

/** The actor takes part in planning: a plan coordinator or a contributor. */
export function takesPartInPlanning(actor: Actor | null): actor is Actor {
  return actor !== null && (can(actor, 'plans.coordinate') || can(actor, 'plans.contribute'));
}

/** Refuses a role that takes no part in planning before anything is read (403). */
export function requirePlanningRole(actor: Actor): void {
  if (!takesPartInPlanning(actor)) throw new DomainError('forbidden');
}

/** The country of the organisation the actor acts for. */
export async function actorCountry(tx: Tx, actor: Actor | null): Promise<string | null> {
  if (!actor?.orgId) return null;
  const row = await tx.selectFrom('organisations').select('country').where('id', '=', actor.orgId).executeTakeFirst();
  return row?.country ?? null;
}

/**
 * The same rule as tandem_plan_readable (migration 0032), asked first by the application:
 * everyone reads a published plan; before that, only people taking part in planning — of the
 * owning body, and of the plan's country once it is out of drafting. Other staff of the owning
 * body read it as the public does.
 */
export function mayReadPlan(access: PlanAccess, actor: Actor | null, country: string | null): boolean {
  if (access.published) return true;
  if (!takesPartInPlanning(actor)) return false;
  return access.ownerOrgId === actor.orgId || (access.stage !== 'drafting' && country !== null && country === access.country);
}

/** A plan the actor (or the public, for `null`) may read; not_found otherwise, hidden or missing alike. */
export async function readableAccess(tx: Tx, actor: Actor | null, planId: string): Promise<PlanAccess> {
  const access = await planAccess(tx, actor, planId);
  if (!mayReadPlan(access, actor, await actorCountry(tx, actor))) throw new DomainError('not_found');
  return access;
}
