// The audit trail as a data protection officer reads it: filtered by person, organisation,
// record, action and date; read page by page, or exported. Reading and exporting the trail
// are themselves recorded. Row-level security limits the rows to the officer's organisation.
import type { Tx } from '../../db.ts';
import type { Actor } from '../../platform/auth/actor.ts';
import { audit } from '../../platform/audit/audit.ts';
import { DomainError } from '../../platform/http/errors.ts';
import { can } from '../identity/policy.ts';
import { sql } from 'kysely';
import { AUDIT_COUNT_BOUND, type AuditEventView, type AuditQuery } from './schema.ts';

const OUTCOMES = ['success', 'denied', 'failure'] as const;

function query(tx: Tx, q: AuditQuery) {
  let s = tx
    .selectFrom('audit_events as a')
    .leftJoin('users as u', 'u.id', 'a.actor_user_id')
    .select([
      'a.id',
      'a.occurred_at',
      'a.actor_user_id',
      'u.display_name',
      'a.actor_org_id',
      'a.action',
      'a.outcome',
      'a.subject_type',
      'a.subject_id',
      'a.subject_org_id',
      'a.request_id',
      'a.hash',
      'a.details',
    ]);
  if (q.user) s = s.where('a.actor_user_id', '=', q.user);
  if (q.org) s = s.where((eb) => eb.or([eb('a.actor_org_id', '=', q.org!), eb('a.subject_org_id', '=', q.org!)]));
  if (q.subjectType) s = s.where('a.subject_type', '=', q.subjectType);
  if (q.subjectId) s = s.where('a.subject_id', '=', q.subjectId);
  if (q.action) s = s.where((eb) => eb.or([eb('a.action', '=', q.action!), eb('a.action', 'like', `${q.action!.replace(/[%_]/g, '\\$&')}.%`)]));
  if (q.outcome) s = s.where('a.outcome', '=', q.outcome);
  if (q.from) s = s.where('a.occurred_at', '>=', new Date(`${q.from}T00:00:00Z`));
  if (q.to) s = s.where('a.occurred_at', '<', new Date(new Date(`${q.to}T00:00:00Z`).getTime() + 86_400_000));
  if (q.before) s = s.where('a.id', '<', q.before);
  return s.orderBy('a.id', 'desc');
}

type Row = Awaited<ReturnType<ReturnType<typeof query>['execute']>>[number];

/**
 * Names the records of these events in words: case numbers, people's and organisations' names.
 * Read as the officer, so row-level security decides: a case led elsewhere keeps no number here.
 */
async function subjectLabels(tx: Tx, rows: Row[]): Promise<Map<string, string>> {
  const ids = (type: string) => [...new Set(rows.filter((r) => r.subject_type === type && r.subject_id && UUID.test(r.subject_id)).map((r) => r.subject_id!))];
  const labels = new Map<string, string>();
  const caseIds = ids('case');
  if (caseIds.length > 0) {
    for (const c of await tx.selectFrom('cases').select(['id', 'case_number']).where('id', 'in', caseIds).execute()) labels.set(`case:${c.id}`, c.case_number);
  }
  const userIds = ids('user');
  if (userIds.length > 0) {
    for (const u of await tx.selectFrom('users').select(['id', 'display_name']).where('id', 'in', userIds).execute()) labels.set(`user:${u.id}`, u.display_name);
  }
  const orgIds = ids('organisation');
  if (orgIds.length > 0) {
    for (const o of await tx.selectFrom('organisations').select(['id', 'name']).where('id', 'in', orgIds).execute()) labels.set(`organisation:${o.id}`, o.name);
  }
  return labels;
}

const UUID = /^[0-9a-f]{8}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{12}$/i;

/** A case number in the filter becomes the case's identifier; a number the officer cannot read matches nothing. */
async function resolveFilters(tx: Tx, q: AuditQuery): Promise<AuditQuery | null> {
  if (!q.caseNumber) return q;
  const found = await tx.selectFrom('cases').select('id').where('case_number', '=', q.caseNumber).executeTakeFirst();
  return found ? { ...q, subjectType: 'case', subjectId: found.id } : null;
}

function view(r: Row, labels: Map<string, string>): AuditEventView {
  return {
    id: Number(r.id),
    occurredAt: r.occurred_at.toISOString(),
    actorUserId: r.actor_user_id,
    actorName: r.display_name,
    actorOrgId: r.actor_org_id,
    action: r.action,
    outcome: OUTCOMES.find((o) => o === r.outcome) ?? 'failure',
    subjectType: r.subject_type,
    subjectId: r.subject_id,
    subjectOrgId: r.subject_org_id,
    subjectLabel: labels.get(`${r.subject_type}:${r.subject_id}`) ?? null,
    requestId: r.request_id,
    sealed: r.hash !== null,
    details: r.details,
  };
}

function filtersOf(q: AuditQuery): Record<string, unknown> {
  const { limit: _limit, before: _before, ...filters } = q;
  return filters;
}

export async function searchAudit(tx: Tx, actor: Actor, q: AuditQuery) {
  if (!can(actor, 'privacy.oversee')) throw new DomainError('forbidden');
  const resolved = await resolveFilters(tx, q);
  // The page from its cursor, and the matching events (from the newest, whatever the page)
  // counted along the same index up to the bound: never a count of the whole trail.
  const [rows, counted] = resolved
    ? await Promise.all([
        query(tx, resolved).limit(q.limit + 1).execute(),
        tx
          .selectFrom(
            query(tx, { ...resolved, before: undefined })
              .clearSelect()
              .select(sql`1`.as('one'))
              .limit(AUDIT_COUNT_BOUND + 1)
              .as('m'),
          )
          .select(sql<string>`count(*)`.as('n'))
          .executeTakeFirstOrThrow(),
      ])
    : [[], { n: '0' }];
  const shown = rows.slice(0, q.limit);
  const labels = await subjectLabels(tx, shown);
  const events = shown.map((r) => view(r, labels));
  await audit(tx, { action: 'audit.search', subjectOrgId: actor.orgId, details: { filters: filtersOf(q), shown: events.length } });
  const n = Number(counted.n);
  return {
    events,
    nextBefore: rows.length > q.limit ? events.at(-1)!.id : null,
    total: Math.min(n, AUDIT_COUNT_BOUND),
    totalCapped: n > AUDIT_COUNT_BOUND,
  };
}

/** Every matching event (up to `max`), for a file the officer downloads. */
export async function exportAudit(tx: Tx, actor: Actor, q: AuditQuery, max = 100_000): Promise<AuditEventView[]> {
  if (!can(actor, 'privacy.oversee')) throw new DomainError('forbidden');
  const resolved = await resolveFilters(tx, q);
  const rows = resolved ? await query(tx, resolved).limit(max).execute() : [];
  // The file keeps identifiers (a machine reads it); names are for the page.
  const events = rows.map((r) => view(r, new Map()));
  await audit(tx, { action: 'audit.export', subjectOrgId: actor.orgId, details: { filters: filtersOf(q), rows: events.length } });
  return events;
}
