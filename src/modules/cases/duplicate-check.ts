// The duplicate check, run only while opening cases (by hand or by import), never on its own.
//
// Two kinds of match, answered differently:
//   * Cases the acting organisation may already see (row-level security decides: its own cases,
//     and cases whose identity section is open to it as a team member) are shown as before, by
//     case number and alias, so that the coordinator does not open the same person twice.
//   * Cases led by another organisation are never described to the asker — not by a count, not
//     by a flag, not by a refusal. Any answer that differed with what another agency holds (the
//     old "hiddenMatches: 1" versus 0, a 409 versus a 201, a report row in error versus none)
//     would tell a coordinator whether a named person is a case elsewhere, and a coordinator can
//     type any name. So the case is opened, and the database compares its identity with other
//     agencies' cases itself (tandem_raise_duplicate_notices, which returns nothing): a possible
//     match becomes a notice for the data protection officers of both organisations, who
//     reconcile it. The asker is told the same thing whether or not anything matched: that the
//     check across agencies was made and that their officer is told of any possible match. The
//     literal "possible match held elsewhere" only when there is one would be the oracle again.
//
// A person may check only so many people against other agencies' cases a day
// (TANDEM_DUPLICATE_CHECKS_PER_DAY), counted in the database; over the limit, nothing is opened.
import { sql } from 'kysely';
import type { Tx } from '../../db.ts';
import type { Actor } from '../../platform/auth/actor.ts';
import type { Vault, VaultField } from '../../platform/crypto/vault.ts';
import { DomainError } from '../../platform/http/errors.ts';
import type { IdentityInput } from './schema.ts';

export type Probe = { field: VaultField; index: string };
type Probed = Pick<IdentityInput, 'legalName' | 'birthDate' | 'documentNumbers'>;

/** A name or a document number makes a possible duplicate alone; a birth date only beside one. */
const STRONG: readonly string[] = ['legal_name', 'document_number'];

/** The blind indexes of the identity fields the duplicate check compares (nothing else is sent). */
export function probesOf(vault: Vault, identity: Probed): Probe[] {
  const out: Probe[] = [];
  if (identity.legalName) out.push({ field: 'legal_name', index: vault.blindIndex('legal_name', identity.legalName)! });
  if (identity.birthDate) out.push({ field: 'birth_date', index: vault.blindIndex('birth_date', identity.birthDate)! });
  for (const d of identity.documentNumbers ?? []) out.push({ field: 'document_number', index: vault.blindIndex('document_number', d)! });
  return out;
}

/** Whether opening a case with this identity checks other agencies' cases (and counts towards the limit). */
export function checksAcrossAgencies(identity: Probed): boolean {
  return Boolean(identity.legalName) || (identity.documentNumbers ?? []).length > 0;
}

export type ProbeHit = { field: string; blindIndex: string; caseId: string; caseNumber: string; alias: string };

/**
 * Exact matches among the cases the acting organisation may see: an ordinary query, so that the
 * case and identity tables' row-level security decides (a case offered to the organisation,
 * whose identity it may not read, is not matched on it). Nothing of any other case comes back.
 */
export async function visibleHits(tx: Tx, probes: Probe[]): Promise<ProbeHit[]> {
  if (probes.length === 0) return [];
  const { rows } = await sql<{ field: string; blind_index: string; case_id: string; case_number: string; alias: string }>`
    SELECT DISTINCT i.field, i.blind_index, c.id AS case_id, c.case_number, c.alias
    FROM unnest(${probes.map((p) => p.field)}::text[], ${probes.map((p) => p.index)}::text[]) AS p (field, idx)
    JOIN case_identity i ON i.field = p.field AND i.blind_index = p.idx
    JOIN cases c ON c.id = i.case_id AND c.status <> 'anonymised'`.execute(tx);
  return rows.map((r) => ({ field: r.field, blindIndex: r.blind_index, caseId: r.case_id, caseNumber: r.case_number, alias: r.alias }));
}

export type VisibleMatch = { caseId: string; caseNumber: string; alias: string; fields: string[] };

/**
 * Possible duplicates of one person among the cases the acting organisation may see: found by
 * name or document number; a birth date (shared by many people) is only noted beside those.
 */
export async function visibleMatches(tx: Tx, probes: Probe[]): Promise<VisibleMatch[]> {
  const byCase = new Map<string, VisibleMatch>();
  for (const h of await visibleHits(tx, probes.filter((p) => STRONG.includes(p.field)))) {
    const m = byCase.get(h.caseId) ?? { caseId: h.caseId, caseNumber: h.caseNumber, alias: h.alias, fields: [] };
    if (!m.fields.includes(h.field)) m.fields.push(h.field);
    byCase.set(h.caseId, m);
  }
  const birth = probes.find((p) => p.field === 'birth_date');
  if (birth && byCase.size > 0) {
    const same = await tx
      .selectFrom('case_identity')
      .select('case_id')
      .where('field', '=', 'birth_date')
      .where('blind_index', '=', birth.index)
      .where('case_id', 'in', [...byCase.keys()])
      .execute();
    for (const r of same) byCase.get(r.case_id)?.fields.push('birth_date');
  }
  return [...byCase.values()].map((m) => ({ ...m, fields: [...new Set(m.fields)].sort() }));
}

/** Over the daily limit: 429, with the moment the count starts again. */
export class DailyLimitReached extends DomainError {
  readonly retryAfterSeconds: number;
  constructor(message: string, now: Date) {
    super('rate_limited', message);
    const midnight = Date.UTC(now.getUTCFullYear(), now.getUTCMonth(), now.getUTCDate() + 1);
    this.retryAfterSeconds = Math.max(1, Math.ceil((midnight - now.getTime()) / 1000));
  }
}

/**
 * Counts `people` checks across agencies for the acting person today (UTC), refusing when that
 * would pass `perDay`. The count is a row in the database, moved in the caller's transaction:
 * several servers share it, and a refusal (the transaction rolled back) leaves it unchanged.
 */
export async function countChecks(tx: Tx, actor: Actor, people: number, perDay: number, now: Date, flow: 'open' | 'import'): Promise<void> {
  if (people === 0) return;
  const day = now.toISOString().slice(0, 10);
  const { rows } = await sql<{ checks: number }>`
    INSERT INTO case_duplicate_check_counts AS k (user_id, day, checks) VALUES (${actor.userId}, ${day}::date, ${people})
    ON CONFLICT (user_id) DO UPDATE
      SET checks = CASE WHEN k.day >= EXCLUDED.day THEN k.checks + EXCLUDED.checks ELSE EXCLUDED.checks END,
          day = GREATEST(k.day, EXCLUDED.day)
    RETURNING checks`.execute(tx);
  const total = rows[0]!.checks;
  if (total > perDay) {
    const left = Math.max(0, perDay - (total - people));
    throw new DailyLimitReached(
      flow === 'open'
        ? `You have checked ${perDay} people against other agencies' cases today, the most allowed in a day: nothing was opened. Try again tomorrow.`
        : `This would check ${people} people against other agencies' cases; ${left} more are allowed for you today (${perDay} a day): nothing was imported. Import fewer rows, or ask your administrator to raise the daily limit.`,
      now,
    );
  }
}

/**
 * The check across agencies for cases just opened in this transaction: the database records a
 * notice pair for each possible match and tells the caller nothing (see the top of this file).
 */
export async function raiseDuplicateNotices(tx: Tx, caseIds: string[]): Promise<void> {
  if (caseIds.length === 0) return;
  await sql`SELECT tandem_raise_duplicate_notices(${caseIds}::uuid[])`.execute(tx);
}

/**
 * What the audit event of a check keeps of the people looked for: which fields and their blind
 * indexes (keyed hashes: they show which values were searched to whoever holds the key, and
 * nothing to a reader of an exported trail). The values themselves stay sealed in the identity
 * vault of the case opened, and leave with it at anonymisation; the append-only trail never
 * holds a name.
 */
export function probeRecord(probes: Probe[]): Record<string, string[]> {
  const out: Record<string, string[]> = {};
  for (const p of probes) (out[p.field] ??= []).push(p.index);
  return out;
}
