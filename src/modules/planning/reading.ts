// What the report, figures, exports and public pages of a plan all read first: the plan's
// heading, the names of the organisations it may name, and — for the public — the plan as
// someone signed out sees it, whoever sends the request.
import { sql } from 'kysely';
import type { Tx } from '../../db.ts';
import { DomainError } from '../../platform/http/errors.ts';
import { planAccess, type PlanAccess } from './access.ts';
import type { PlanHeading } from './report-schema.ts';
import { STAGES } from './schema.ts';

export type OrgName = { name: string; shortName: string | null; type: string; womenLed: boolean };

/**
 * Runs the rest of the transaction as nobody signed in: a public page shows what the public may
 * see, even when a coordinator (who may see more) opens it. Row-level security then holds back
 * unanswered contributions, meeting registers and unpublished plans by itself.
 */
export async function asPublic(tx: Tx): Promise<void> {
  await sql.raw(`SET LOCAL tandem.user_id = ''; SET LOCAL tandem.org_id = ''`).execute(tx);
}

/** A published plan, read as the public; not_found for any other (missing, hidden or unpublished). */
export async function publishedPlan(tx: Tx, planId: string): Promise<PlanAccess> {
  await asPublic(tx);
  const access = await planAccess(tx, null, planId);
  if (!access.published) throw new DomainError('not_found');
  return access;
}

/** The organisations this reader may see named in the plan (tandem_plan_organisations, migration 0033), by id. */
export async function planOrgNames(tx: Tx, planId: string): Promise<Map<string, OrgName>> {
  const { rows } = await sql<{ id: string; name: string; short_name: string | null; type: string; women_led: boolean }>`
    SELECT id, name, short_name, type, women_led FROM tandem_plan_organisations(${planId}::uuid)`.execute(tx);
  return new Map(rows.map((r) => [r.id, { name: r.name, shortName: r.short_name, type: r.type, womenLed: r.women_led }]));
}

export async function planHeading(tx: Tx, planId: string, names: Map<string, OrgName>): Promise<PlanHeading> {
  const p = await tx
    .selectFrom('plans')
    .select(['id', 'title', 'country', 'stage', 'period_start', 'period_end', 'owner_org_id', 'published_at'])
    .where('id', '=', planId)
    .executeTakeFirst();
  if (!p) throw new DomainError('not_found');
  return {
    id: p.id,
    title: p.title,
    country: p.country,
    stage: STAGES.find((s) => s === p.stage) ?? 'drafting',
    periodStart: p.period_start,
    periodEnd: p.period_end,
    ownerName: names.get(p.owner_org_id)?.name ?? null,
    publishedAt: p.published_at?.toISOString() ?? null,
  };
}

/** Current title of each section of the plan, in plan order. */
export async function currentSections(tx: Tx, planId: string): Promise<Array<{ id: string; position: number; title: string; body: string; version: number; updatedAt: string }>> {
  const { rows } = await sql<{ id: string; position: number; title: string; body: string; version: number; created_at: Date }>`
    SELECT s.id, s.position, v.title, v.body, v.version, v.created_at
    FROM plan_sections s
    JOIN LATERAL (SELECT title, body, version, created_at FROM plan_section_versions x
                  WHERE x.section_id = s.id ORDER BY x.version DESC LIMIT 1) v ON true
    WHERE s.plan_id = ${planId}::uuid
    ORDER BY s.position, s.created_at`.execute(tx);
  return rows.map((r) => ({ id: r.id, position: r.position, title: r.title, body: r.body, version: r.version, updatedAt: new Date(r.created_at).toISOString() }));
}
