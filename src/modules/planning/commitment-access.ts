// Who may do what with one commitment. Mirrors the SQL functions of migrations 0025 and 0032:
// `tandem_commitment_reporter` (the lead body, or a body responsible for it, reports progress)
// and `tandem_commitment_assessor` (an independent civil society, community or academic
// organisation of the plan's country, neither leading it nor responsible or accountable for it,
// assesses it, by a person who belongs to none of those bodies nor to the plan's owner).
import type { Tx } from '../../db.ts';
import type { Actor } from '../../platform/auth/actor.ts';
import { DomainError } from '../../platform/http/errors.ts';
import { can } from '../identity/policy.ts';
import { readableAccess, takesPartInPlanning, type PlanAccess } from './access.ts';

export type CommitmentAccess = {
  plan: PlanAccess;
  id: string;
  leadOrgId: string;
  bodies: Array<{ orgId: string; role: string }>;
};

/** The commitment of a plan the actor (or the public) may read; not_found otherwise. */
export async function commitmentAccess(tx: Tx, actor: Actor | null, planId: string, commitmentId: string): Promise<CommitmentAccess> {
  const plan = await readableAccess(tx, actor, planId);
  const row = await tx.selectFrom('commitments').select(['id', 'lead_org_id']).where('id', '=', commitmentId).where('plan_id', '=', planId).executeTakeFirst();
  if (!row) throw new DomainError('not_found');
  const bodies = await tx.selectFrom('commitment_bodies').select(['org_id', 'role']).where('commitment_id', '=', commitmentId).execute();
  return { plan, id: row.id, leadOrgId: row.lead_org_id, bodies: bodies.map((b) => ({ orgId: b.org_id, role: b.role })) };
}

/** The acting organisation leads the commitment or is responsible for it. */
export function isReporter(actor: Actor | null, c: Pick<CommitmentAccess, 'leadOrgId' | 'bodies'>): boolean {
  if (!takesPartInPlanning(actor) || !actor.orgId) return false;
  return c.leadOrgId === actor.orgId || c.bodies.some((b) => b.orgId === actor.orgId && b.role === 'responsible');
}

export const INDEPENDENT_ORG_TYPES: readonly string[] = ['cso', 'community', 'academic'];

/** What independence is judged on: the acting organisation's type and country, and every
 *  organisation the acting person is an active member of (their own memberships are readable). */
export type AssessorFacts = { orgType: string | null; country: string | null; memberOf: readonly string[] };

export async function assessorFacts(tx: Tx, actor: Actor | null): Promise<AssessorFacts> {
  if (!actor?.orgId) return { orgType: null, country: null, memberOf: [] };
  const org = await tx.selectFrom('organisations').select(['type', 'country']).where('id', '=', actor.orgId).executeTakeFirst();
  const memberships = await tx.selectFrom('memberships').select('org_id').where('user_id', '=', actor.userId).where('status', '=', 'active').execute();
  return { orgType: org?.type ?? null, country: org?.country ?? null, memberOf: memberships.map((m) => m.org_id) };
}

/** The acting organisation, and the acting person, may assess the commitment independently. */
export function isAssessor(actor: Actor | null, facts: AssessorFacts, c: Pick<CommitmentAccess, 'leadOrgId' | 'bodies' | 'plan'>): boolean {
  if (!actor?.orgId || !can(actor, 'plans.contribute') || facts.orgType === null || !INDEPENDENT_ORG_TYPES.includes(facts.orgType)) return false;
  if (facts.country !== c.plan.country) return false;
  const answerable = new Set([c.leadOrgId, ...c.bodies.filter((b) => b.role === 'responsible' || b.role === 'accountable').map((b) => b.orgId)]);
  if (answerable.has(actor.orgId)) return false;
  // Independence is about people too: someone who also works for a body answering for the
  // commitment, or for the plan's owner, does not assess it through another organisation.
  answerable.add(c.plan.ownerOrgId);
  return !facts.memberOf.some((org) => answerable.has(org));
}

/** The last day a progress update or an assessment may be dated: tomorrow in UTC, so that a
 *  person east of Greenwich can date it with their own today, and nobody further ahead. */
export function latestAllowedDay(now: Date): string {
  return new Date(now.getTime() + 86_400_000).toISOString().slice(0, 10);
}
