// Who may do what with one commitment. Mirrors the SQL functions of migration 0025:
// `tandem_commitment_reporter` (the lead body, or a body responsible for it, reports progress)
// and `tandem_commitment_assessor` (an independent civil society, community or academic
// organisation, neither leading it nor responsible or accountable for it, assesses it).
import type { Tx } from '../../db.ts';
import type { Actor } from '../../platform/auth/actor.ts';
import { DomainError } from '../../platform/http/errors.ts';
import { can } from '../identity/policy.ts';
import { planAccess, type PlanAccess } from './access.ts';

export type CommitmentAccess = {
  plan: PlanAccess;
  id: string;
  leadOrgId: string;
  bodies: Array<{ orgId: string; role: string }>;
};

/** The commitment of a plan the actor (or the public) may read; not_found otherwise. */
export async function commitmentAccess(tx: Tx, actor: Actor | null, planId: string, commitmentId: string): Promise<CommitmentAccess> {
  const plan = await planAccess(tx, actor, planId);
  const row = await tx.selectFrom('commitments').select(['id', 'lead_org_id']).where('id', '=', commitmentId).where('plan_id', '=', planId).executeTakeFirst();
  if (!row) throw new DomainError('not_found');
  const bodies = await tx.selectFrom('commitment_bodies').select(['org_id', 'role']).where('commitment_id', '=', commitmentId).execute();
  return { plan, id: row.id, leadOrgId: row.lead_org_id, bodies: bodies.map((b) => ({ orgId: b.org_id, role: b.role })) };
}

const takesPart = (actor: Actor) => can(actor, 'plans.coordinate') || can(actor, 'plans.contribute');

/** The acting organisation leads the commitment or is responsible for it. */
export function isReporter(actor: Actor | null, c: Pick<CommitmentAccess, 'leadOrgId' | 'bodies'>): boolean {
  if (!actor?.orgId || !takesPart(actor)) return false;
  return c.leadOrgId === actor.orgId || c.bodies.some((b) => b.orgId === actor.orgId && b.role === 'responsible');
}

export const INDEPENDENT_ORG_TYPES: readonly string[] = ['cso', 'community', 'academic'];

/** The acting organisation may assess the commitment independently (`actorOrgType` is its type). */
export function isAssessor(actor: Actor | null, actorOrgType: string | null, c: Pick<CommitmentAccess, 'leadOrgId' | 'bodies'>): boolean {
  if (!actor?.orgId || !can(actor, 'plans.contribute') || actorOrgType === null || !INDEPENDENT_ORG_TYPES.includes(actorOrgType)) return false;
  if (c.leadOrgId === actor.orgId) return false;
  return !c.bodies.some((b) => b.orgId === actor.orgId && (b.role === 'responsible' || b.role === 'accountable'));
}

/** The type of the acting organisation (its members always see it). */
export async function actorOrgType(tx: Tx, actor: Actor | null): Promise<string | null> {
  if (!actor?.orgId) return null;
  const row = await tx.selectFrom('organisations').select('type').where('id', '=', actor.orgId).executeTakeFirst();
  return row?.type ?? null;
}

/** The last day a progress update or an assessment may be dated: tomorrow in UTC, so that a
 *  person east of Greenwich can date it with their own today, and nobody further ahead. */
export function latestAllowedDay(now: Date): string {
  return new Date(now.getTime() + 86_400_000).toISOString().slice(0, 10);
}
