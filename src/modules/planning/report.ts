// The response report of a plan: every contribution the reader may see with its answer and
// reasons and the plan elements that reflect it, grouped by section (in plan order), then by
// consultation question, then general, with counts by status. The plan's coordinators see every
// contribution; others what row-level security lets them read (their own, and answered ones of
// a published plan); the public only answered ones, with the number still awaiting an answer.
import { sql } from 'kysely';
import type { Tx } from '../../db.ts';
import type { Actor } from '../../platform/auth/actor.ts';
import { planAccess, requirePlanningRole, type PlanAccess } from './access.ts';
import { filesOf } from './files.ts';
import { currentSections, planHeading, planOrgNames, publishedPlan, type OrgName } from './reading.ts';
import { ANSWER_STATES, type AnswerState, type ContributorLabel, type ReportContribution, type ReportGroup, type ReportView, type StatusCounts } from './report-schema.ts';

export const emptyCounts = (): StatusCounts => ({ total: 0, accepted: 0, partly_accepted: 0, not_accepted: 0, out_of_scope: 0, under_consideration: 0, unanswered: 0 });

export function answerState(status: string | null): AnswerState {
  return ANSWER_STATES.find((s) => s === status) ?? 'unanswered';
}

function tally(counts: StatusCounts, state: AnswerState, n = 1): void {
  counts[state] += n;
  counts.total += n;
}

/** The reader, for labels: whether they coordinate the plan and which organisation and person they act as. */
export type Reader = { coordinator: boolean; orgId: string | null; userId: string | null };
const PUBLIC_READER: Reader = { coordinator: false, orgId: null, userId: null };

type ContributionRow = {
  id: string;
  org_id: string;
  user_id: string;
  on_behalf: string;
  attribution: string;
  org_type: string;
};

/** Organisations are named only when they chose to be, to the coordinators, and to themselves. */
export function contributorLabel(row: ContributionRow, reader: Reader, names: Map<string, OrgName>): ContributorLabel {
  if (row.on_behalf === 'individual') return { kind: 'individual', orgName: null, orgType: 'individual' };
  const named = row.attribution === 'named';
  const reveal = named || reader.coordinator || (reader.orgId !== null && reader.orgId === row.org_id);
  return { kind: named ? 'organisation' : 'anonymous_organisation', orgName: reveal ? (names.get(row.org_id)?.name ?? null) : null, orgType: row.org_type };
}

/** Contributions the reader may see, with answers, links and files, in the order they came in. */
export async function readContributions(tx: Tx, planId: string, reader: Reader, answeredOnly: boolean, names: Map<string, OrgName>) {
  let q = tx
    .selectFrom('contributions as c')
    .innerJoin('consultations as k', 'k.id', 'c.consultation_id')
    .select([
      'c.id',
      'c.section_id',
      'c.question_id',
      'c.org_id',
      'c.user_id',
      'c.on_behalf',
      'c.attribution',
      'c.org_type',
      'c.women_led',
      'c.body',
      'c.submitted_at',
      'c.response_status',
      'c.response_reasons',
      'c.responded_at',
      'k.title as consultation',
    ])
    .where('c.plan_id', '=', planId);
  if (answeredOnly) q = q.where('c.response_status', 'is not', null);
  const rows = await q.orderBy('c.submitted_at').orderBy('c.id').execute();
  const ids = rows.map((r) => r.id);
  const links =
    ids.length === 0
      ? []
      : await tx
          .selectFrom('contribution_links as l')
          .leftJoin('commitments as m', 'm.id', 'l.commitment_id')
          .select(['l.contribution_id', 'l.section_id', 'l.commitment_id', 'm.reference', 'm.title'])
          .where('l.plan_id', '=', planId)
          .where('l.contribution_id', '=', sql<string>`ANY(${ids}::uuid[])`)
          .execute();
  const sections = await currentSections(tx, planId);
  const sectionTitle = new Map(sections.map((s) => [s.id, s.title]));
  const files = await filesOf(tx, planId, 'contribution', ids);
  // Grouped once: thousands of contributions each looking through thousands of links is slow.
  const linksOf = Map.groupBy(links, (l) => l.contribution_id);
  return {
    sections,
    contributions: rows.map((r) => {
      const mine = linksOf.get(r.id) ?? [];
      const view: ReportContribution = {
        id: r.id,
        body: r.body,
        contributor: contributorLabel(r, reader, names),
        consultation: r.consultation,
        submittedAt: r.submitted_at.toISOString(),
        status: answerState(r.response_status),
        reasons: r.response_status === null ? null : r.response_reasons,
        respondedAt: r.responded_at?.toISOString() ?? null,
        sections: mine.filter((l) => l.section_id !== null).map((l) => ({ id: l.section_id!, title: sectionTitle.get(l.section_id!) ?? '' })),
        commitments: mine.filter((l) => l.commitment_id !== null && l.reference !== null).map((l) => ({ id: l.commitment_id!, reference: l.reference!, title: l.title ?? '' })),
        files: (files.get(r.id) ?? []).map((f) => ({ id: f.id, filename: f.filename, sizeBytes: f.sizeBytes })),
      };
      return { view, sectionId: r.section_id, questionId: r.question_id, womenLed: r.women_led, orgId: r.org_id };
    }),
  };
}

/** Contributions awaiting an answer, counted over the whole plan (only counts; see migration 0025). */
export async function awaitingAnswer(tx: Tx, planId: string): Promise<number> {
  const { rows } = await sql<{ n: number }>`
    SELECT coalesce(sum(n), 0)::int AS n FROM tandem_plan_representation(${planId}::uuid)
    WHERE dimension = 'contributions' AND status = 'unanswered'`.execute(tx);
  return Number(rows[0]?.n ?? 0);
}

/** A plan's contributions counted by answer, unanswered included, without reading them (the
 * public plan page shows only the counts). */
export async function responseCounts(tx: Tx, planId: string): Promise<StatusCounts> {
  const { rows } = await sql<{ status: string; n: number }>`
    SELECT status, sum(n)::int AS n FROM tandem_plan_representation(${planId}::uuid)
    WHERE dimension = 'contributions' GROUP BY status`.execute(tx);
  const counts = emptyCounts();
  for (const r of rows) tally(counts, answerState(r.status), Number(r.n));
  return counts;
}

async function buildReport(tx: Tx, access: PlanAccess, reader: Reader, answeredOnly: boolean, now: Date): Promise<ReportView> {
  const names = await planOrgNames(tx, access.id);
  const plan = await planHeading(tx, access.id, names);
  const { sections, contributions } = await readContributions(tx, access.id, reader, answeredOnly, names);
  const questions = await tx
    .selectFrom('consultation_questions as q')
    .innerJoin('consultations as k', 'k.id', 'q.consultation_id')
    .select(['q.id', 'q.text', 'k.title as consultation'])
    .where('q.plan_id', '=', access.id)
    .orderBy('k.opens_at')
    .orderBy('k.id')
    .orderBy('q.position')
    .execute();
  const groups: ReportGroup[] = [];
  const group = (kind: ReportGroup['kind'], id: string | null, title: string | null, consultation: string | null, items: typeof contributions) => {
    if (items.length === 0) return;
    const counts = emptyCounts();
    for (const c of items) tally(counts, c.view.status);
    groups.push({ kind, id, title, consultation, counts, contributions: items.map((c) => c.view) });
  };
  // A contribution on a section is reported under it even when it also answers a question.
  for (const s of sections) group('section', s.id, s.title, null, contributions.filter((c) => c.sectionId === s.id));
  for (const q of questions) group('question', q.id, q.text, q.consultation, contributions.filter((c) => c.sectionId === null && c.questionId === q.id));
  group('general', null, null, null, contributions.filter((c) => c.sectionId === null && (c.questionId === null || !questions.some((q) => q.id === c.questionId))));
  const counts = emptyCounts();
  for (const c of contributions) tally(counts, c.view.status);
  return {
    plan,
    generatedAt: now.toISOString(),
    complete: reader.coordinator,
    counts,
    awaitingAnswer: Math.max(await awaitingAnswer(tx, access.id), counts.unanswered),
    groups,
    can: { export: reader.coordinator },
  };
}

export function readerOf(actor: Actor, access: PlanAccess): Reader {
  return { coordinator: access.coordinator, orgId: actor.orgId, userId: actor.userId };
}

/** The report as a signed-in participant in planning may read it. */
export async function planReport(tx: Tx, actor: Actor, planId: string, now: Date): Promise<ReportView> {
  requirePlanningRole(actor);
  const access = await planAccess(tx, actor, planId);
  return buildReport(tx, access, readerOf(actor, access), false, now);
}

/** The published report: answered contributions of a published plan only. */
export async function publicReport(tx: Tx, planId: string, now: Date): Promise<ReportView> {
  const access = await publishedPlan(tx, planId);
  return buildReport(tx, access, PUBLIC_READER, true, now);
}
