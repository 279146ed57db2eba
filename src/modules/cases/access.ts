// Need to know, as the application sees it: the same answer row-level security gives, asked of
// the database function that the policies use, so that the two walls cannot disagree. Services
// check it first and refuse with "not found" (a case one may not see does not exist for one).
import { sql } from 'kysely';
import type { Tx } from '../../db.ts';
import type { Actor } from '../../platform/auth/actor.ts';
import { DomainError } from '../../platform/http/errors.ts';
import { can } from '../identity/policy.ts';
import { SECTIONS, type Section } from './schema.ts';

export type CaseAccess = {
  caseId: string;
  leadOrgId: string;
  relation: 'lead' | 'team' | 'offered' | 'oversight' | 'break_glass';
  sections: Section[];
  status: string;
};

export function requireCaseRole(actor: Actor): void {
  if (!can(actor, 'cases.coordinate') && !can(actor, 'cases.work')) throw new DomainError('forbidden');
}

/** What the acting organisation may see of the case; not found when nothing. */
export async function accessTo(tx: Tx, actor: Actor, caseId: string): Promise<CaseAccess> {
  requireCaseRole(actor);
  const row = await tx
    .selectFrom('cases')
    .select(['id', 'lead_org_id', 'status'])
    .select(sql<string[]>`tandem_case_sections(id)`.as('sections'))
    .select(sql<boolean>`tandem_case_offered(id)`.as('offered'))
    .where('id', '=', caseId)
    .executeTakeFirst();
  if (!row) throw new DomainError('not_found');
  const sections = row.sections.filter((s): s is Section => (SECTIONS as readonly string[]).includes(s));
  const relation: CaseAccess['relation'] =
    row.lead_org_id === actor.orgId && sections.length > 0
      ? 'lead'
      : sections.length > 0
        ? (await onTeam(tx, caseId, actor.orgId))
          ? 'team'
          : 'break_glass'
        : row.offered
          ? 'offered'
          : 'oversight';
  return { caseId, leadOrgId: row.lead_org_id, relation, sections, status: row.status };
}

async function onTeam(tx: Tx, caseId: string, orgId: string | null): Promise<boolean> {
  if (!orgId) return false;
  const row = await tx.selectFrom('case_team').select('org_id').where('case_id', '=', caseId).where('org_id', '=', orgId).where('left_at', 'is', null).executeTakeFirst();
  return row !== undefined;
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
