// The header of each case a list mentions: from the case itself where the reader sees it, and
// for a case only offered to the reader's organisation, the header the database gives for it
// (alias, sex, age band, category, region; no case number). Read by key, for the page only.
import { sql } from 'kysely';
import type { Tx } from '../../db.ts';

export type CaseHeader = { id: string; case_number: string | null; alias: string; sex: string; age_band: string; category: string; region: string | null };

export async function caseHeaders(tx: Tx, caseIds: readonly string[]): Promise<Map<string, CaseHeader>> {
  const ids = [...new Set(caseIds)];
  if (ids.length === 0) return new Map();
  const seen = await tx.selectFrom('cases').select(['id', 'case_number', 'alias', 'sex', 'age_band', 'category', 'region']).where('id', 'in', ids).execute();
  const byId = new Map<string, CaseHeader>(seen.map((c) => [c.id, c]));
  const offered = ids.filter((id) => !byId.has(id));
  if (offered.length > 0) {
    const { rows } = await sql<CaseHeader>`
      SELECT id, NULL::text AS case_number, alias, sex, age_band, category, region FROM tandem_offered_case_headers(${offered}::uuid[])`.execute(tx);
    for (const h of rows) byId.set(h.id, h);
  }
  return byId;
}
