// Reading commitments: the list of a plan's commitments with the government's latest completion
// beside civil society's, and one commitment with everything about it. Readable as the plan is
// (published plans by everyone, others only by people taking part in planning); the database
// applies the same walls again.
import type { Tx } from '../../db.ts';
import type { Actor } from '../../platform/auth/actor.ts';
import { readableAccess } from './access.ts';
import { assessorFacts, commitmentAccess, isAssessor, isReporter } from './commitment-access.ts';
import type { CommitmentDetail, CommitmentList, CommitmentSummary, LinkedContribution } from './commitment-schema.ts';
import { commitmentTimeline } from './commitment-timeline.ts';
import { filesOf } from './files.ts';
import { planOrgNames } from './reading.ts';
import { COMPLETION_LEVELS, DETAIL_RECORDS, RACI_ROLES, RESPONSE_STATUSES, type CompletionLevel } from './schema.ts';

const pick = <T extends string>(values: readonly T[], v: string, fallback: T): T => values.find((x) => x === v) ?? fallback;
const completion = (v: string): CompletionLevel => pick(COMPLETION_LEVELS, v, 'not_started');
const num = (v: string | number | null): number | null => (v === null ? null : Number(v));
export const isoDay = (now: Date) => now.toISOString().slice(0, 10);

/** Both sides have spoken and they do not agree. */
export const disagree = (self: CompletionLevel | null, independent: CompletionLevel | null) => self !== null && independent !== null && self !== independent;

/** Names of the organisations the plan names, as this reader may see them (tandem_plan_organisations). */
async function commitmentOrgNames(tx: Tx, planId: string): Promise<Map<string, string>> {
  return new Map([...(await planOrgNames(tx, planId))].map(([id, o]) => [id, o.name]));
}

/** How many progress updates and assessments a commitment has, and the milestones progress names. */
export async function recordTotals(tx: Tx, commitmentId: string): Promise<{ progress: number; assessments: number; referencedMilestones: string[] }> {
  const count = async (table: 'commitment_progress' | 'commitment_assessments') =>
    Number((await tx.selectFrom(table).select((eb) => eb.fn.countAll<number>().as('n')).where('commitment_id', '=', commitmentId).executeTakeFirstOrThrow()).n);
  const progress = await count('commitment_progress');
  const assessments = await count('commitment_assessments');
  const named = await tx.selectFrom('commitment_progress').select('milestone_id').distinct().where('commitment_id', '=', commitmentId).where('milestone_id', 'is not', null).execute();
  return { progress, assessments, referencedMilestones: named.flatMap((r) => (r.milestone_id ? [r.milestone_id] : [])) };
}

/** An organisation as the reader may see it: a hidden one is neither named nor identified. */
function hiddenOr(id: string, names: Map<string, string>): { id: string | null; name: string | null } {
  const name = names.get(id);
  return name === undefined ? { id: null, name: null } : { id, name };
}

/**
 * The answered contributions whose answers point to the commitment, as far as the reader may see
 * them (row-level security decides: the public sees those of published plans). An organisation
 * is named only when the contribution was made under its name and the reader may see it named.
 */
export async function linkedAnswers(tx: Tx, commitmentId: string, nameOf: (orgId: string) => string | null): Promise<LinkedContribution[]> {
  const answers = await tx
    .selectFrom('contribution_links as l')
    .innerJoin('contributions as k', 'k.id', 'l.contribution_id')
    .select(['k.id', 'k.org_id', 'k.attribution', 'k.on_behalf', 'k.body', 'k.response_status', 'k.response_reasons', 'k.responded_at'])
    .where('l.commitment_id', '=', commitmentId)
    .where('k.response_status', 'is not', null)
    .orderBy('k.responded_at')
    .execute();
  return answers.map((k) => ({
    id: k.id,
    orgName: k.attribution === 'named' && k.on_behalf === 'organisation' ? nameOf(k.org_id) : null,
    body: k.body,
    status: pick(RESPONSE_STATUSES, k.response_status ?? '', 'under_consideration'),
    reasons: k.response_reasons ?? '',
    respondedAt: (k.responded_at ?? new Date(0)).toISOString(),
  }));
}

export async function listCommitments(tx: Tx, actor: Actor | null, planId: string, now: Date): Promise<CommitmentList> {
  const access = await readableAccess(tx, actor, planId);
  const rows = await tx
    .selectFrom('commitments')
    .select(['id', 'reference', 'title', 'lead_org_id', 'starts_on', 'ends_on', 'gender_marker'])
    .where('plan_id', '=', planId)
    .orderBy('reference')
    .execute();
  const names = await commitmentOrgNames(tx, planId);
  const latestProgress = await tx
    .selectFrom('commitment_progress')
    .distinctOn('commitment_id')
    .select(['commitment_id', 'completion'])
    .where('plan_id', '=', planId)
    .orderBy('commitment_id')
    .orderBy('reported_on', 'desc')
    .orderBy('created_at', 'desc')
    .execute();
  const latestAssessment = await tx
    .selectFrom('commitment_assessments')
    .distinctOn('commitment_id')
    .select(['commitment_id', 'completion'])
    .where('plan_id', '=', planId)
    .orderBy('commitment_id')
    .orderBy('assessed_on', 'desc')
    .orderBy('created_at', 'desc')
    .execute();
  const milestones = await tx
    .selectFrom('commitment_milestones')
    .select(['id', 'commitment_id', 'title', 'due_on', 'completed_on'])
    .where('plan_id', '=', planId)
    .orderBy('due_on')
    .orderBy('position')
    .execute();
  const today = isoDay(now);
  const commitments = rows.map((r): CommitmentSummary => {
    const self = latestProgress.find((p) => p.commitment_id === r.id);
    const independent = latestAssessment.find((a) => a.commitment_id === r.id);
    const open = milestones.filter((m) => m.commitment_id === r.id && m.completed_on === null);
    const next = open[0];
    return {
      id: r.id,
      reference: r.reference,
      title: r.title,
      lead: hiddenOr(r.lead_org_id, names),
      startsOn: r.starts_on,
      endsOn: r.ends_on,
      genderMarker: r.gender_marker,
      selfAssessed: self ? completion(self.completion) : 'not_started',
      independent: independent ? completion(independent.completion) : null,
      disagreement: disagree(self ? completion(self.completion) : null, independent ? completion(independent.completion) : null),
      nextMilestone: next ? { id: next.id, title: next.title, dueOn: next.due_on } : null,
      overdueMilestones: open.filter((m) => m.due_on < today).length,
    };
  });
  return { commitments, country: access.country, can: { create: access.coordinator } };
}

export async function getCommitment(tx: Tx, actor: Actor | null, planId: string, commitmentId: string, now: Date): Promise<CommitmentDetail> {
  const access = await commitmentAccess(tx, actor, planId, commitmentId);
  const c = await tx.selectFrom('commitments').selectAll().where('id', '=', commitmentId).executeTakeFirstOrThrow();
  const milestones = await tx
    .selectFrom('commitment_milestones')
    .select(['id', 'title', 'deliverable', 'due_on', 'completed_on'])
    .where('commitment_id', '=', commitmentId)
    .orderBy('position')
    .execute();
  const indicators = await tx
    .selectFrom('commitment_indicators')
    .select(['id', 'name', 'unit', 'baseline', 'target'])
    .where('commitment_id', '=', commitmentId)
    .orderBy('position')
    .execute();
  const progress = await tx
    .selectFrom('commitment_progress')
    .select(['id', 'org_id', 'reported_on', 'completion', 'body', 'milestone_id', 'milestone_done', 'created_at'])
    .where('commitment_id', '=', commitmentId)
    .orderBy('reported_on', 'desc')
    .orderBy('created_at', 'desc')
    .limit(DETAIL_RECORDS)
    .execute();
  const assessments = await tx
    .selectFrom('commitment_assessments')
    .select(['id', 'org_id', 'assessed_on', 'completion', 'reasons', 'created_at'])
    .where('commitment_id', '=', commitmentId)
    .orderBy('assessed_on', 'desc')
    .orderBy('created_at', 'desc')
    .limit(DETAIL_RECORDS)
    .execute();
  // The latest ones only, then how many there are, and which milestones any of them names.
  const totals = await recordTotals(tx, commitmentId);
  // Parties and contributing organisations alike, as far as this reader may see them named.
  const orgNames = await commitmentOrgNames(tx, planId);
  const orgRef = (id: string) => hiddenOr(id, orgNames);
  // One after the other: a transaction runs one statement at a time.
  const ownFiles = await filesOf(tx, planId, 'commitment', [commitmentId]);
  const progressFiles = await filesOf(tx, planId, 'progress', progress.map((p) => p.id));
  const assessmentFiles = await filesOf(tx, planId, 'assessment', assessments.map((a) => a.id));
  const today = isoDay(now);
  const referenced = new Set(totals.referencedMilestones);
  const milestoneTitle = new Map(milestones.map((m) => [m.id, m.title]));
  const selfAssessed = progress[0] ? completion(progress[0].completion) : null;
  const independent = assessments[0] ? completion(assessments[0].completion) : null;
  const contributions = await linkedAnswers(tx, commitmentId, (id) => orgNames.get(id) ?? null);
  const facts = await assessorFacts(tx, actor);
  return {
    id: c.id,
    planId,
    reference: c.reference,
    title: c.title,
    objective: c.objective,
    problem: c.problem,
    lead: orgRef(c.lead_org_id),
    startsOn: c.starts_on,
    endsOn: c.ends_on,
    bodies: access.bodies.map((b) => ({ org: orgRef(b.orgId), role: pick(RACI_ROLES, b.role, 'informed') })),
    milestones: milestones.map((m) => ({
      id: m.id,
      title: m.title,
      deliverable: m.deliverable,
      dueOn: m.due_on,
      completedOn: m.completed_on,
      overdue: m.completed_on === null && m.due_on < today,
      referenced: referenced.has(m.id),
    })),
    indicators: indicators.map((i) => ({ id: i.id, name: i.name, unit: i.unit, baseline: num(i.baseline), target: num(i.target) })),
    budget: c.budget_amount !== null && c.budget_currency !== null ? { amount: Number(c.budget_amount), currency: c.budget_currency } : null,
    budgetNotes: c.budget_notes,
    genderMarker: c.gender_marker,
    genderJustification: c.gender_justification,
    communicationMechanism: c.communication_mechanism,
    files: ownFiles.get(commitmentId) ?? [],
    selfAssessed: selfAssessed ?? 'not_started',
    independent,
    disagreement: disagree(selfAssessed, independent),
    progressTotal: totals.progress,
    assessmentsTotal: totals.assessments,
    progress: progress.map((p) => ({
      id: p.id,
      org: orgRef(p.org_id),
      reportedOn: p.reported_on,
      completion: completion(p.completion),
      body: p.body,
      milestone: p.milestone_id ? { id: p.milestone_id, title: milestoneTitle.get(p.milestone_id) ?? '' } : null,
      milestoneDone: p.milestone_done,
      files: progressFiles.get(p.id) ?? [],
      canAttach: actor?.orgId === p.org_id && isReporter(actor, access),
    })),
    assessments: assessments.map((a) => ({
      id: a.id,
      org: orgRef(a.org_id),
      assessedOn: a.assessed_on,
      completion: completion(a.completion),
      reasons: a.reasons,
      files: assessmentFiles.get(a.id) ?? [],
      canAttach: actor?.orgId === a.org_id && isAssessor(actor, facts, access),
    })),
    contributions,
    timeline: commitmentTimeline({
      milestones: milestones.map((m) => ({ id: m.id, title: m.title, dueOn: m.due_on, completedOn: m.completed_on })),
      progress: progress.map((p) => ({ id: p.id, reportedOn: p.reported_on, completion: completion(p.completion), body: p.body, orgName: orgNames.get(p.org_id) ?? null, createdAt: p.created_at.toISOString() })),
      assessments: assessments.map((a) => ({ id: a.id, assessedOn: a.assessed_on, completion: completion(a.completion), orgName: orgNames.get(a.org_id) ?? null, createdAt: a.created_at.toISOString() })),
      answers: contributions.map((k) => ({ id: k.id, respondedAt: k.respondedAt, status: k.status, orgName: k.orgName })),
    }),
    can: { edit: access.plan.coordinator, reportProgress: isReporter(actor, access), assess: isAssessor(actor, facts, access) },
  };
}
