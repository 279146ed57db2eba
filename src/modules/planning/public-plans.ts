// Published plans for everyone, without signing in: the list, one plan with its stages, the
// current text of its sections and its commitments with both assessments side by side, and one
// commitment in full with a timeline. Everything is read as the public (reading.ts), whoever asks.
import { sql } from 'kysely';
import type { Tx } from '../../db.ts';
import { DomainError } from '../../platform/http/errors.ts';
import { filesOf, readFile, type StoredFile } from './files.ts';
import { asPublic, currentSections, planHeading, planOrgNames, publishedPlan, type OrgName } from './reading.ts';
import { responseCounts } from './report.ts';
import type { CommitmentSummary, PublicCommitmentView, PublicPlanView, TimelineEntry } from './public-schema.ts';
import { linkedAnswers, recordTotals } from './commitments.ts';
import { COMPLETION_LEVELS, DETAIL_RECORDS, RACI_ROLES, STAGES, type CompletionLevel } from './schema.ts';

const level = (v: string): CompletionLevel => COMPLETION_LEVELS.find((l) => l === v) ?? 'not_started';
const num = (v: string | number | null): number | null => (v === null ? null : Number(v));

export async function publicPlans(tx: Tx) {
  await asPublic(tx);
  const rows = await tx.selectFrom('plans').select('id').where('published_at', 'is not', null).orderBy('period_start', 'desc').orderBy('title').limit(500).execute();
  const plans = [];
  for (const r of rows) plans.push(await planHeading(tx, r.id, await planOrgNames(tx, r.id)));
  return { plans };
}

/** Each commitment with the latest self-assessed and independent completion (any reader of the plan). */
export async function commitmentSummaries(tx: Tx, planId: string, names: Map<string, OrgName>): Promise<CommitmentSummary[]> {
  const { rows } = await sql<{
    id: string;
    reference: string;
    title: string;
    lead_org_id: string;
    starts_on: string;
    ends_on: string;
    self: string | null;
    self_on: string | null;
    indep: string | null;
    indep_on: string | null;
    indep_org: string | null;
  }>`
    SELECT c.id, c.reference, c.title, c.lead_org_id, c.starts_on, c.ends_on,
      p.completion AS self, p.reported_on AS self_on, a.completion AS indep, a.assessed_on AS indep_on, a.org_id AS indep_org
    FROM commitments c
    LEFT JOIN LATERAL (SELECT completion, reported_on FROM commitment_progress x WHERE x.commitment_id = c.id
                       ORDER BY x.reported_on DESC, x.created_at DESC LIMIT 1) p ON true
    LEFT JOIN LATERAL (SELECT completion, assessed_on, org_id FROM commitment_assessments y WHERE y.commitment_id = c.id
                       ORDER BY y.assessed_on DESC, y.created_at DESC LIMIT 1) a ON true
    WHERE c.plan_id = ${planId}::uuid
    ORDER BY c.reference`.execute(tx);
  return rows.map((r) => ({
    id: r.id,
    reference: r.reference,
    title: r.title,
    leadName: names.get(r.lead_org_id)?.name ?? null,
    startsOn: r.starts_on,
    endsOn: r.ends_on,
    selfAssessed: r.self === null ? null : level(r.self),
    selfAssessedOn: r.self_on,
    independent: r.indep === null ? null : level(r.indep),
    independentOn: r.indep_on,
    independentBy: r.indep_org === null ? null : (names.get(r.indep_org)?.name ?? null),
    disagreement: r.self !== null && r.indep !== null && r.self !== r.indep,
  }));
}

export async function publicPlan(tx: Tx, planId: string): Promise<PublicPlanView> {
  const access = await publishedPlan(tx, planId);
  const names = await planOrgNames(tx, access.id);
  const plan = await planHeading(tx, access.id, names);
  const summary = await tx.selectFrom('plans').select('summary').where('id', '=', access.id).executeTakeFirstOrThrow();
  const stages = await tx
    .selectFrom('plan_stage_changes')
    .select(['from_stage', 'to_stage', 'changed_at', 'reason', 'unanswered'])
    .where('plan_id', '=', access.id)
    .orderBy('changed_at')
    .execute();
  const consultations = await tx
    .selectFrom('consultations')
    .select(['id', 'title', 'opens_at', 'closes_at', 'modes'])
    .where('plan_id', '=', access.id)
    .orderBy('opens_at')
    .execute();
  // Only counts are shown here: counted in the database, not read contribution by contribution.
  const responses = await responseCounts(tx, access.id);
  const stage = (s: string | null) => (s === null ? null : (STAGES.find((x) => x === s) ?? 'drafting'));
  return {
    plan,
    summary: summary.summary,
    stages: stages.map((s) => ({ from: stage(s.from_stage), to: stage(s.to_stage) ?? 'drafting', changedAt: s.changed_at.toISOString(), reason: s.reason, unanswered: s.unanswered })),
    sections: await currentSections(tx, access.id),
    consultations: consultations.map((k) => ({ id: k.id, title: k.title, opensAt: k.opens_at.toISOString(), closesAt: k.closes_at.toISOString(), modes: k.modes })),
    commitments: await commitmentSummaries(tx, access.id, names),
    responses,
  };
}

const brief = (f: { id: string; filename: string; sizeBytes: number }) => ({ id: f.id, filename: f.filename, sizeBytes: f.sizeBytes });

/** One commitment in full, for any reader of the plan (the public route reads it as the public). */
export async function commitmentDetail(tx: Tx, planId: string, commitmentId: string, names: Map<string, OrgName>): Promise<Omit<PublicCommitmentView['commitment'], 'contributions'>> {
  const c = await tx.selectFrom('commitments').selectAll().where('id', '=', commitmentId).where('plan_id', '=', planId).executeTakeFirst();
  if (!c) throw new DomainError('not_found');
  const summary = (await commitmentSummaries(tx, planId, names)).find((s) => s.id === c.id)!;
  const bodies = await tx.selectFrom('commitment_bodies').select(['org_id', 'role']).where('commitment_id', '=', c.id).execute();
  const milestones = await tx.selectFrom('commitment_milestones').select(['id', 'position', 'title', 'deliverable', 'due_on', 'completed_on']).where('commitment_id', '=', c.id).orderBy('position').execute();
  const indicators = await tx.selectFrom('commitment_indicators').select(['name', 'unit', 'baseline', 'target']).where('commitment_id', '=', c.id).orderBy('position').execute();
  const progress = await tx
    .selectFrom('commitment_progress')
    .select(['id', 'reported_on', 'completion', 'body', 'org_id', 'milestone_id', 'milestone_done'])
    .where('commitment_id', '=', c.id)
    .orderBy('reported_on', 'desc')
    .orderBy('created_at', 'desc')
    .limit(DETAIL_RECORDS)
    .execute();
  const assessments = await tx
    .selectFrom('commitment_assessments')
    .select(['id', 'assessed_on', 'completion', 'reasons', 'org_id'])
    .where('commitment_id', '=', c.id)
    .orderBy('assessed_on', 'desc')
    .orderBy('created_at', 'desc')
    .limit(DETAIL_RECORDS)
    .execute();
  const totals = await recordTotals(tx, c.id);
  const evidence = await filesOf(tx, planId, 'commitment', [c.id]);
  const progressFiles = await filesOf(tx, planId, 'progress', progress.map((p) => p.id));
  const assessmentFiles = await filesOf(tx, planId, 'assessment', assessments.map((a) => a.id));
  const milestoneTitle = new Map(milestones.map((m) => [m.id, m.title]));
  const orgName = (id: string) => names.get(id)?.name ?? null;

  const timeline: TimelineEntry[] = [
    { date: c.starts_on, kind: 'start', text: c.title, completion: null, by: null },
    ...milestones.map((m): TimelineEntry => ({ date: m.due_on, kind: 'milestone_due', text: m.title, completion: null, by: null })),
    ...milestones.filter((m) => m.completed_on !== null).map((m): TimelineEntry => ({ date: m.completed_on!, kind: 'milestone_done', text: m.title, completion: null, by: null })),
    ...progress.map((p): TimelineEntry => ({ date: p.reported_on, kind: 'progress', text: p.body, completion: level(p.completion), by: orgName(p.org_id) })),
    ...assessments.map((a): TimelineEntry => ({ date: a.assessed_on, kind: 'assessment', text: a.reasons, completion: level(a.completion), by: orgName(a.org_id) })),
    { date: c.ends_on, kind: 'end', text: c.title, completion: null, by: null },
  ];
  const KIND_ORDER = ['start', 'milestone_due', 'milestone_done', 'progress', 'assessment', 'end'];
  timeline.sort((a, b) => a.date.localeCompare(b.date) || KIND_ORDER.indexOf(a.kind) - KIND_ORDER.indexOf(b.kind));

  return {
    ...summary,
    objective: c.objective,
    problem: c.problem,
    bodies: bodies.map((b) => ({ name: orgName(b.org_id), role: RACI_ROLES.find((r) => r === b.role) ?? 'informed' })),
    milestones: milestones.map((m) => ({ id: m.id, position: m.position, title: m.title, deliverable: m.deliverable, dueOn: m.due_on, completedOn: m.completed_on })),
    indicators: indicators.map((i) => ({ name: i.name, unit: i.unit, baseline: num(i.baseline), target: num(i.target) })),
    budget: c.budget_amount === null || c.budget_currency === null ? null : { amount: Number(c.budget_amount), currency: c.budget_currency },
    budgetNotes: c.budget_notes,
    genderMarker: c.gender_marker,
    genderJustification: c.gender_justification,
    communicationMechanism: c.communication_mechanism,
    progressTotal: totals.progress,
    assessmentsTotal: totals.assessments,
    progress: progress.map((p) => ({
      id: p.id,
      reportedOn: p.reported_on,
      completion: level(p.completion),
      body: p.body,
      by: orgName(p.org_id),
      milestone: p.milestone_id === null ? null : (milestoneTitle.get(p.milestone_id) ?? null),
      milestoneDone: p.milestone_done,
      files: (progressFiles.get(p.id) ?? []).map(brief),
    })),
    assessments: assessments.map((a) => ({ id: a.id, assessedOn: a.assessed_on, completion: level(a.completion), reasons: a.reasons, by: orgName(a.org_id), files: (assessmentFiles.get(a.id) ?? []).map(brief) })),
    timeline,
    files: (evidence.get(c.id) ?? []).map(brief),
  };
}

export async function publicCommitment(tx: Tx, planId: string, commitmentId: string): Promise<PublicCommitmentView> {
  const access = await publishedPlan(tx, planId);
  const names = await planOrgNames(tx, access.id);
  const commitment = await commitmentDetail(tx, access.id, commitmentId, names);
  const contributions = await linkedAnswers(tx, commitment.id, (id) => names.get(id)?.name ?? null);
  return { plan: await planHeading(tx, access.id, names), commitment: { ...commitment, contributions } };
}

export async function publicFile(tx: Tx, planId: string, fileId: string): Promise<StoredFile> {
  const access = await publishedPlan(tx, planId);
  return readFile(tx, access.id, fileId);
}
