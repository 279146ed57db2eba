// Report desks: an organisation's civic-space monitors open a desk for a country (or for every
// country) and read the confidential reports sent about it — those addressed to their
// organisation, and those the reporter left to any desk of the country. No one else reads a
// waiting report. The database holds the same rule on its own (migration 0105); neither asks
// the other.
import { sql } from 'kysely';
import type { Tx } from '../../db.ts';
import type { Actor } from '../../platform/auth/actor.ts';
import { audit } from '../../platform/audit/audit.ts';
import { DomainError } from '../../platform/http/errors.ts';
import { requireMonitor } from './policy.ts';

/** What an organisation's desks cover: some countries, or every one. */
export type DeskScope = { everyCountry: boolean; countries: Set<string> };

/** The desks of the monitor's organisation, as a scope. */
export async function deskScope(tx: Tx, orgId: string): Promise<DeskScope> {
  const rows = await tx.selectFrom('civic_report_desks').select('country').where('org_id', '=', orgId).execute();
  return { everyCountry: rows.some((r) => r.country === null), countries: new Set(rows.flatMap((r) => (r.country === null ? [] : [r.country]))) };
}

/** Whether a waiting report is for this organisation: addressed to it, or to any desk of a country it covers. */
export function deskReads(scope: DeskScope, orgId: string, report: { country: string; desk_org_id: string | null }): boolean {
  return (report.desk_org_id === null || report.desk_org_id === orgId) && (scope.everyCountry || scope.countries.has(report.country));
}

export async function listDesks(tx: Tx, actor: Actor) {
  requireMonitor(actor);
  const rows = await tx
    .selectFrom('civic_report_desks as d')
    .leftJoin('users as u', 'u.id', 'd.opened_by')
    .select(['d.id', 'd.country', 'd.opened_by', 'd.opened_at', 'u.display_name'])
    .where('d.org_id', '=', actor.orgId)
    .orderBy('d.country')
    .execute();
  return {
    desks: rows.map((r) => ({
      id: r.id,
      country: r.country,
      openedBy: r.display_name === null ? null : { id: r.opened_by, name: r.display_name },
      openedAt: new Date(r.opened_at).toISOString(),
    })),
  };
}

/** Opens a desk of the monitor's organisation for a country (null: every country). */
export async function openDesk(tx: Tx, actor: Actor, country: string | null): Promise<{ id: string }> {
  requireMonitor(actor);
  if (country !== null) {
    const place = await tx.selectFrom('jurisdictions').select('code').where('code', '=', country).executeTakeFirst();
    if (!place) throw new DomainError('validation_failed', undefined, [{ path: 'body.country', message: 'is not a known country', code: 'invalid_choice' }]);
  }
  const existing = await tx
    .selectFrom('civic_report_desks')
    .select('id')
    .where('org_id', '=', actor.orgId)
    .where((eb) => (country === null ? eb('country', 'is', null) : eb('country', '=', country)))
    .executeTakeFirst();
  if (existing) throw new DomainError('conflict', 'Your organisation already receives these reports');
  const row = await tx.insertInto('civic_report_desks').values({ org_id: actor.orgId, country, opened_by: actor.userId }).returning('id').executeTakeFirstOrThrow();
  await audit(tx, { action: 'civic.desk.open', subjectType: 'civic_report_desk', subjectId: row.id, subjectOrgId: actor.orgId, details: { country } });
  return row;
}

/**
 * Closes a desk. Reports addressed to the organisation stay with it; reports left to any desk
 * wait for the other desks of the country. A desk that is the last reader of a waiting report
 * addressed to the organisation is not closed: that report would have no reader.
 */
export async function closeDesk(tx: Tx, actor: Actor, id: string): Promise<void> {
  requireMonitor(actor);
  const desk = await tx.selectFrom('civic_report_desks').select(['id', 'country', 'org_id']).where('id', '=', id).where('org_id', '=', actor.orgId).executeTakeFirst();
  if (!desk) throw new DomainError('not_found');
  // Asked before the desk goes: after it, the policies hide the reports it alone let us read.
  const scope = await deskScope(tx, actor.orgId);
  const after: DeskScope = desk.country === null ? { everyCountry: false, countries: scope.countries } : { everyCountry: scope.everyCountry, countries: new Set([...scope.countries].filter((c) => c !== desk.country)) };
  const addressed = await tx.selectFrom('civic_reports').select(['country', 'desk_org_id']).where('status', '=', 'new').where('desk_org_id', '=', actor.orgId).execute();
  if (addressed.some((r) => !deskReads(after, actor.orgId, r))) {
    throw new DomainError('conflict', 'Reports addressed to your organisation are waiting for this desk: take them first');
  }
  await tx.deleteFrom('civic_report_desks').where('id', '=', id).execute();
  await audit(tx, { action: 'civic.desk.close', subjectType: 'civic_report_desk', subjectId: id, subjectOrgId: actor.orgId, details: { country: desk.country } });
}

/**
 * The desks a reporter chooses from, with the names of their organisations: through a function,
 * as an organisation that opened a desk chose to be named on the form even if the directory
 * does not list it.
 */
export async function desksForReporters(tx: Tx): Promise<Array<{ orgId: string; name: string; country: string | null }>> {
  const rows = await sql<{ org_id: string; name: string; country: string | null }>`SELECT org_id, name, country FROM tandem_civic_report_desks()`.execute(tx);
  return rows.rows.map((r) => ({ orgId: r.org_id, name: r.name, country: r.country }));
}
