// Contributions to a consultation, by an organisation or (where the plan allows) a person in
// their own name, on a linked section, on a question or on the consultation as a whole. The
// service explains a refusal (not open, not invited, not part of the consultation); the database
// trigger of migration 0025 is the second wall. The coordinators read every contribution of
// their plan; a contributor reads their own and their organisation's, never others' unanswered.
import { sql } from 'kysely';
import type { Tx } from '../../db.ts';
import type { Actor } from '../../platform/auth/actor.ts';
import { audit } from '../../platform/audit/audit.ts';
import { DomainError } from '../../platform/http/errors.ts';
import { can } from '../identity/policy.ts';
import { planAccess, requirePlanningRole } from './access.ts';
import type { ContributionInput, ContributionQuery, ContributionsView, ContributionView, MyContributionsView } from './contribution-schema.ts';
import { actingOrganisation, contributeState, currentSections, windowState } from './consultations.ts';
import { filesOf } from './files.ts';
import { planOrgNames } from './reading.ts';
import { ATTRIBUTIONS, ON_BEHALF, RESPONSE_STATUSES } from './schema.ts';
import { AWAITING_ANSWER_SQL } from './awaiting.ts';

export async function createContribution(tx: Tx, actor: Actor, planId: string, input: ContributionInput, now: Date) {
  if (!can(actor, 'plans.contribute')) throw new DomainError('forbidden');
  const access = await planAccess(tx, actor, planId);
  const consultation = await tx.selectFrom('consultations').select(['id', 'title', 'description', 'opens_at', 'closes_at', 'modes', 'open_to', 'meeting_place', 'meeting_at']).where('id', '=', input.consultationId).where('plan_id', '=', planId).executeTakeFirst();
  if (!consultation) throw new DomainError('unprocessable', 'The consultation is not one of this plan', [{ path: 'body.consultationId', message: 'is not a consultation of this plan', code: 'not_in_plan' }]);
  const state = await contributeState(tx, actor, access, consultation, now, await actingOrganisation(tx, actor));
  if (state === 'not_open') throw new DomainError('conflict', 'The consultation is not open for contributions now');
  if (state === 'not_invited') throw new DomainError('forbidden', 'The consultation is open to invited organisations only');
  if (state !== 'yes') throw new DomainError('forbidden');
  if (input.onBehalf === 'individual' && !access.allowsIndividuals) {
    throw new DomainError('unprocessable', 'This plan takes contributions from organisations only', [{ path: 'body.onBehalf', message: 'the plan takes contributions from organisations only', code: 'organisations_only' }]);
  }
  if (input.sectionId) {
    const linked = await tx.selectFrom('consultation_sections').select('section_id').where('consultation_id', '=', consultation.id).where('section_id', '=', input.sectionId).executeTakeFirst();
    if (!linked) throw new DomainError('unprocessable', 'The section is not part of this consultation', [{ path: 'body.sectionId', message: 'is not a section of this consultation', code: 'not_in_consultation' }]);
  }
  if (input.questionId) {
    const asked = await tx.selectFrom('consultation_questions').select('id').where('consultation_id', '=', consultation.id).where('id', '=', input.questionId).executeTakeFirst();
    if (!asked) throw new DomainError('unprocessable', 'The question is not part of this consultation', [{ path: 'body.questionId', message: 'is not a question of this consultation', code: 'not_in_consultation' }]);
  }
  const row = await tx
    .insertInto('contributions')
    .values({
      plan_id: planId,
      consultation_id: consultation.id,
      section_id: input.sectionId,
      question_id: input.questionId,
      org_id: actor.orgId!,
      user_id: actor.userId,
      on_behalf: input.onBehalf,
      attribution: input.onBehalf === 'individual' ? 'anonymous' : input.attribution,
      body: input.body,
    })
    .returning('id')
    .executeTakeFirstOrThrow();
  await audit(tx, {
    action: 'plan.contribution.submit',
    subjectType: 'contribution',
    subjectId: row.id,
    subjectOrgId: access.ownerOrgId,
    details: { planId, consultationId: consultation.id, onBehalf: input.onBehalf, on: input.sectionId ? 'section' : input.questionId ? 'question' : 'consultation' },
  });
  return { id: row.id };
}

/** What a contributor reads of their own: what they wrote, and what their organisation wrote in its name. */
const ownedBy = (actor: Actor) => sql<boolean>`(c.user_id = ${actor.userId} OR (c.on_behalf = 'organisation' AND c.org_id = ${actor.orgId}))`;

function baseQuery(tx: Tx) {
  return tx
    .selectFrom('contributions as c')
    .innerJoin('consultations as k', 'k.id', 'c.consultation_id')
    .leftJoin('consultation_questions as q', 'q.id', 'c.question_id')
    .select([
      'c.id',
      'c.plan_id',
      'c.consultation_id',
      'k.title as consultation_title',
      'k.opens_at',
      'k.closes_at',
      'c.section_id',
      'c.question_id',
      'q.text as question_text',
      'c.body',
      'c.on_behalf',
      'c.attribution',
      'c.user_id',
      'c.org_id',
      'c.org_type',
      'c.women_led',
      'c.submitted_at',
      'c.response_status',
      'c.response_reasons',
      'c.responded_at',
    ]);
}
type Row = Awaited<ReturnType<ReturnType<typeof baseQuery>['execute']>>[number];

/** Rows of one plan turned into views: section titles, the answer's links and the attachments. */
async function views(tx: Tx, actor: Actor, planId: string, rows: Row[], now = new Date()): Promise<ContributionView[]> {
  if (rows.length === 0) return [];
  const plan = await tx.selectFrom('plans').select('stage').where('id', '=', planId).executeTakeFirst();
  const ids = rows.map((r) => r.id);
  const links = await tx.selectFrom('contribution_links').select(['contribution_id', 'section_id', 'commitment_id']).where('contribution_id', '=', sql<string>`ANY(${ids}::uuid[])`).execute();
  const sectionTitles = new Map((await currentSections(tx, planId)).map((s) => [s.id, s.title]));
  const commitmentIds = [...new Set(links.flatMap((l) => (l.commitment_id ? [l.commitment_id] : [])))];
  const commitments = new Map(
    commitmentIds.length === 0
      ? []
      : (await tx.selectFrom('commitments').select(['id', 'reference', 'title']).where('id', '=', sql<string>`ANY(${commitmentIds}::uuid[])`).orderBy('reference').execute()).map((c) => [c.id, c]),
  );
  const files = await filesOf(tx, planId, 'contribution', ids);
  const names = await planOrgNames(tx, planId);
  const linksOf = Map.groupBy(links, (l) => l.contribution_id);
  return rows.map((r) => {
    const own = linksOf.get(r.id) ?? [];
    const status = RESPONSE_STATUSES.find((s) => s === r.response_status);
    return {
      id: r.id,
      planId: r.plan_id,
      consultation: { id: r.consultation_id, title: r.consultation_title },
      section: r.section_id ? { id: r.section_id, title: sectionTitles.get(r.section_id) ?? '' } : null,
      question: r.question_id ? { id: r.question_id, text: r.question_text ?? '' } : null,
      body: r.body,
      onBehalf: ON_BEHALF.find((x) => x === r.on_behalf) ?? 'organisation',
      attribution: ATTRIBUTIONS.find((x) => x === r.attribution) ?? 'anonymous',
      orgName: r.on_behalf === 'organisation' ? (names.get(r.org_id)?.name ?? '') : null,
      orgType: r.org_type,
      womenLed: r.women_led,
      submittedAt: r.submitted_at.toISOString(),
      response:
        status && r.responded_at
          ? {
              status,
              reasons: r.response_reasons ?? '',
              respondedAt: r.responded_at.toISOString(),
              sections: own.flatMap((l) => (l.section_id ? [{ id: l.section_id, title: sectionTitles.get(l.section_id) ?? '' }] : [])),
              commitments: own.flatMap((l) => {
                const c = l.commitment_id ? commitments.get(l.commitment_id) : undefined;
                return c ? [c] : [];
              }),
            }
          : null,
      files: files.get(r.id) ?? [],
      mine: r.user_id === actor.userId,
      // As the upload checks it: the author's own, not answered yet, its consultation open.
      canAttach: r.user_id === actor.userId && r.response_status === null && plan?.stage === 'consultation' && windowState(r, now) === 'open',
    };
  });
}

/** Contributions on one page of the queue: cards are tall, each with its answer form. */
export const CONTRIBUTIONS_PAGE = 20;

/** The queue's order: no answer yet (0), under consideration (1), answered (2); then oldest first. */
const QUEUE_RANK = sql<number>`(CASE WHEN c.response_status IS NULL THEN 0 WHEN c.response_status = 'under_consideration' THEN 1 ELSE 2 END)`;

type Cursor = { rank: number; submittedAt: string; id: string };
const encodeCursor = (c: Cursor) => Buffer.from(JSON.stringify([c.rank, c.submittedAt, c.id])).toString('base64url');
function decodeCursor(text: string): Cursor {
  try {
    const [rank, submittedAt, id] = JSON.parse(Buffer.from(text, 'base64url').toString()) as unknown[];
    if (typeof rank === 'number' && [0, 1, 2].includes(rank) && typeof submittedAt === 'string' && /^\d{4}-\d{2}-\d{2}[ T]\d{2}:\d{2}:\d{2}(\.\d{1,6})?([+-]\d{2}(:?\d{2})?|Z)?$/.test(submittedAt) && typeof id === 'string' && /^[0-9a-f-]{36}$/.test(id)) {
      return { rank, submittedAt, id };
    }
  } catch {
    // refused below
  }
  throw new DomainError('validation_failed', undefined, [{ path: 'query.after', message: 'is not a cursor of this list', code: 'invalid' }]);
}
const rankOf = (status: string | null) => (status === null ? 0 : status === 'under_consideration' ? 1 : 2);

/** The queue a page at a time (by cursor), with the counts of everything the filter matches. */
export async function listContributions(tx: Tx, actor: Actor, planId: string, filter: ContributionQuery): Promise<ContributionsView> {
  requirePlanningRole(actor);
  const access = await planAccess(tx, actor, planId);
  const after = filter.after ? decodeCursor(filter.after) : null;
  let q = baseQuery(tx).where('c.plan_id', '=', planId);
  if (!access.coordinator) q = q.where(ownedBy(actor));
  if (filter.consultationId) q = q.where('c.consultation_id', '=', filter.consultationId);
  if (filter.sectionId) q = q.where('c.section_id', '=', filter.sectionId);
  if (filter.status === 'unanswered') q = q.where('c.response_status', 'is', null);
  else if (filter.status === 'awaiting') q = q.where(AWAITING_ANSWER_SQL);
  else if (filter.status) q = q.where('c.response_status', '=', filter.status);
  const counted = await q
    .clearSelect()
    .select([sql<number>`count(*)::int`.as('total'), sql<number>`(count(*) FILTER (WHERE ${AWAITING_ANSWER_SQL}))::int`.as('awaiting')])
    .executeTakeFirstOrThrow();
  const page = after ? q.where(sql<boolean>`(${QUEUE_RANK}, c.submitted_at, c.id) > (${after.rank}, ${after.submittedAt}::timestamptz, ${after.id}::uuid)`) : q;
  // The queue is worked from the top: those awaiting an answer first.
  // The cursor keeps the time as the database wrote it (microseconds): a JavaScript date would
  // round it to milliseconds, and the last row of a page would come back on the next.
  const rows = await page
    .select(sql<string>`c.submitted_at::text`.as('submitted_key'))
    .orderBy(QUEUE_RANK)
    .orderBy('c.submitted_at')
    .orderBy('c.id')
    .limit(CONTRIBUTIONS_PAGE + 1)
    .execute();
  const shown = rows.slice(0, CONTRIBUTIONS_PAGE);
  const last = shown.at(-1);
  const next = rows.length > CONTRIBUTIONS_PAGE && last ? encodeCursor({ rank: rankOf(last.response_status), submittedAt: last.submitted_key, id: last.id }) : null;
  return { contributions: await views(tx, actor, planId, shown), counts: { total: counted.total, unanswered: counted.awaiting }, next, can: { answer: access.coordinator } };
}

/** What became of the contributions a contributor made, or their organisation made, across plans. */
export async function myContributions(tx: Tx, actor: Actor): Promise<MyContributionsView> {
  if (!can(actor, 'plans.contribute')) throw new DomainError('forbidden');
  const rows = await baseQuery(tx).where(ownedBy(actor)).orderBy('c.submitted_at', 'desc').limit(500).execute();
  const planIds = [...new Set(rows.map((r) => r.plan_id))];
  const titles = new Map(
    planIds.length === 0 ? [] : (await tx.selectFrom('plans').select(['id', 'title']).where('id', '=', sql<string>`ANY(${planIds}::uuid[])`).execute()).map((p) => [p.id, p.title]),
  );
  const byPlan = new Map<string, ContributionView>();
  for (const planId of planIds) {
    for (const v of await views(tx, actor, planId, rows.filter((r) => r.plan_id === planId))) byPlan.set(v.id, v);
  }
  return { contributions: rows.map((r) => ({ ...byPlan.get(r.id)!, planTitle: titles.get(r.plan_id) ?? '' })) };
}

