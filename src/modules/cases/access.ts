// Need to know, as the application enforces it: services ask `accessTo` first and refuse with
// "not found" (a case one may not see does not exist for one). The decision is the
// application's own (case-policy.ts, from the facts read by access-facts.ts); row-level security
// in the database is the second, separate wall.
import type { Tx } from '../../db.ts';
import type { Actor } from '../../platform/auth/actor.ts';
import { DomainError } from '../../platform/http/errors.ts';
import { can } from '../identity/policy.ts';
import { decideMany } from './access-facts.ts';
import type { CaseRelation } from './case-policy.ts';
import type { Section } from './schema.ts';

export type CaseAccess = {
  caseId: string;
  leadOrgId: string;
  relation: CaseRelation;
  sections: Section[];
  status: string;
};

export function requireCaseRole(actor: Actor): void {
  if (!can(actor, 'cases.coordinate') && !can(actor, 'cases.work')) throw new DomainError('forbidden');
}

/** What the acting organisation may see of the case; not found when nothing. */
export async function accessTo(tx: Tx, actor: Actor, caseId: string): Promise<CaseAccess> {
  requireCaseRole(actor);
  return (await accessToMany(tx, actor, [caseId])).get(caseId) ?? notFound();
}

/** The access of each case the acting organisation has a relation to; the others are left out. */
export async function accessToMany(tx: Tx, actor: Actor, caseIds: readonly string[]): Promise<Map<string, CaseAccess>> {
  const decided = await decideMany(tx, actor, caseIds);
  const out = new Map<string, CaseAccess>();
  for (const [id, d] of decided) {
    if (d.relation === null) continue;
    out.set(id, { caseId: id, leadOrgId: d.facts.leadOrgId, relation: d.relation, sections: d.sections, status: d.facts.status });
  }
  return out;
}

function notFound(): never {
  throw new DomainError('not_found');
}

export function requireSection(access: CaseAccess, section: Section): void {
  if (!access.sections.includes(section)) throw new DomainError('not_found');
}

export function requireLeadCoordinator(actor: Actor, access: CaseAccess): void {
  if (access.leadOrgId !== actor.orgId || !can(actor, 'cases.coordinate')) throw new DomainError('forbidden');
  if (access.status === 'anonymised') throw new DomainError('conflict', 'This case has been anonymised');
}

/** A line on the case's timeline, in the section it belongs to. */
export async function recordEvent(tx: Tx, caseId: string, kind: string, section: Section | null, data: Record<string, unknown> = {}): Promise<void> {
  await tx.insertInto('case_events').values({ case_id: caseId, kind, section, data: JSON.stringify(data) }).execute();
}
