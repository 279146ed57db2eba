// Applications: a CSO starts one on an open call it is eligible for, writes its answers and budget
// lines (the total checked against the call's ceiling), and submits before the deadline by the
// server's clock. The call owner reads submitted ones and decides with written reasons; a reviewer
// reads one only after declaring no conflict (see review.ts); the applicant reads the decision
// and its reasons as feedback. An application the actor may not read does not exist for them.
import { randomUUID } from 'node:crypto';
import type { Tx } from '../../db.ts';
import type { Actor } from '../../platform/auth/actor.ts';
import { audit } from '../../platform/audit/audit.ts';
import { DomainError, type FieldError } from '../../platform/http/errors.ts';
import { iso, loadCall, orgFacts } from './calls.ts';
import {
  canApply,
  canAssign,
  canDecide,
  canEditApplication,
  canScore,
  cents,
  eligibility,
  meanScore,
  roleOnApplication,
  totalOf,
  weightedSum,
  type ApplicationFacts,
  type AssignmentFacts,
} from './policy.ts';
import type { ApplicationInput, ApplicationView, Stage } from './schema.ts';

const parse = <T>(v: T | string): T => (typeof v === 'string' ? (JSON.parse(v) as T) : v);
const asStatus = (s: string): ApplicationFacts['status'] => (['draft', 'submitted', 'awarded', 'rejected'] as const).find((x) => x === s) ?? 'draft';

/**
 * The stage shown, the same to the applicant and to the call owner: a submitted application
 * whose review has begun (a reviewer was assigned) is under review; the database's `rejected`
 * reads as declined.
 */
export function applicationStage(status: string, reviewStartedAt: Date | null): Stage {
  if (status === 'rejected') return 'declined';
  if (status === 'submitted' && reviewStartedAt !== null) return 'under_review';
  return status === 'awarded' || status === 'submitted' ? status : 'draft';
}

/** Per application of a call: how many reviewers, and each reviewer's weighted sum (null while incomplete or in conflict). */
export async function reviewSums(tx: Tx, callId: string, criteria: Array<{ key: string; weight: number }>) {
  const reviewers = await tx
    .selectFrom('funding_reviewers')
    .select(['id', 'application_id', 'declared_at', 'conflict_declared', 'conflict_flagged'])
    .where('call_id', '=', callId)
    .execute();
  const scores = reviewers.length === 0 ? [] : await tx.selectFrom('funding_scores').select(['reviewer_id', 'criterion', 'score']).where('reviewer_id', 'in', reviewers.map((r) => r.id)).execute();
  const out = new Map<string, { reviewers: number; sums: Array<number | null> }>();
  for (const r of reviewers) {
    const entry = out.get(r.application_id) ?? { reviewers: 0, sums: [] };
    entry.reviewers++;
    const clear = r.declared_at !== null && r.conflict_declared === false && !r.conflict_flagged;
    entry.sums.push(clear ? weightedSum(criteria, scores.filter((s) => s.reviewer_id === r.id)) : null);
    out.set(r.application_id, entry);
  }
  return out;
}

const assignmentFacts = (a: { reviewer_user_id: string; declared_at: Date | null; conflict_declared: boolean | null; conflict_flagged: boolean } | undefined): AssignmentFacts | null =>
  a ? { reviewerUserId: a.reviewer_user_id, declared: a.declared_at !== null, conflictDeclared: a.conflict_declared === true, conflictFlagged: a.conflict_flagged } : null;

/** The application, its call and the actor's relation to it; not_found when there is none. */
export async function loadApplication(tx: Tx, actor: Actor, id: string) {
  // The actor's own assignment first: a reviewer is never the applicant's side too.
  const mine = await tx.selectFrom('funding_reviewers').selectAll().where('application_id', '=', id).where('reviewer_user_id', '=', actor.userId).executeTakeFirst();
  const row = await tx.selectFrom('funding_applications').selectAll().where('id', '=', id).executeTakeFirst();
  if (!row) throw new DomainError('not_found');
  const { row: call, facts: callFacts } = await loadCall(tx, actor, row.call_id).catch(() => {
    throw new DomainError('not_found');
  });
  const facts: ApplicationFacts = { applicantOrgId: row.applicant_org_id, status: asStatus(row.status) };
  const assignment = assignmentFacts(mine);
  const role = roleOnApplication(actor, callFacts, facts, assignment);
  if (role === null) throw new DomainError('not_found');
  return { row, call, callFacts, facts, role, mine };
}

export async function startApplication(tx: Tx, actor: Actor, callId: string, now: Date): Promise<{ id: string }> {
  if (!canApply(actor)) throw new DomainError('forbidden');
  const { facts } = await loadCall(tx, actor, callId);
  const e = eligibility(facts, await orgFacts(tx, actor.orgId), now);
  if (!e.eligible) throw new DomainError('conflict', `Your organisation may not apply: ${e.reasons.join(', ')}`);
  const existing = await tx.selectFrom('funding_applications').select('id').where('call_id', '=', callId).where('applicant_org_id', '=', actor.orgId).executeTakeFirst();
  if (existing) throw new DomainError('conflict', 'Your organisation has already applied to this call');
  const id = randomUUID();
  await tx
    .insertInto('funding_applications')
    .values({ id, call_id: callId, applicant_org_id: actor.orgId, answers: '{}', budget_lines: '[]', budget_total: 0, created_by: actor.userId })
    .execute();
  await audit(tx, { action: 'funding.application.start', subjectType: 'funding_application', subjectId: id, subjectOrgId: actor.orgId, details: { call: callId } });
  return { id };
}

function checkAgainstCall(input: ApplicationInput, questions: Array<{ key: string }>, ceiling: { amount: number; currency: string }): FieldError[] {
  const fields: FieldError[] = [];
  for (const k of Object.keys(input.answers)) {
    if (!questions.some((q) => q.key === k)) fields.push({ path: `body.answers.${k}`, message: 'is not a question of this call', code: 'invalid_choice' });
  }
  if (cents(totalOf(input.budgetLines)) > cents(ceiling.amount)) fields.push({ path: 'body.budgetLines', message: 'the total is above the budget ceiling of the call', code: 'over_ceiling', params: { max: ceiling.amount, currency: ceiling.currency } });
  return fields;
}

export async function saveApplication(tx: Tx, actor: Actor, id: string, input: ApplicationInput, now: Date): Promise<void> {
  const { call, callFacts, facts, role } = await loadApplication(tx, actor, id);
  if (!canEditApplication(role, facts, callFacts, now)) {
    if (role !== 'applicant') throw new DomainError('forbidden');
    throw new DomainError('conflict', facts.status === 'draft' ? 'The call has closed' : 'A submitted application is not changed');
  }
  const fields = checkAgainstCall(input, parse(call.questions), { amount: Number(call.budget_ceiling), currency: call.currency });
  if (fields.length > 0) throw new DomainError('validation_failed', undefined, fields);
  await tx
    .updateTable('funding_applications')
    .set({ answers: JSON.stringify(input.answers), budget_lines: JSON.stringify(input.budgetLines), budget_total: totalOf(input.budgetLines) })
    .where('id', '=', id)
    .execute();
  await audit(tx, { action: 'funding.application.save', subjectType: 'funding_application', subjectId: id, subjectOrgId: actor.orgId });
}

export async function submitApplication(tx: Tx, actor: Actor, id: string, now: Date): Promise<void> {
  const { row, call, callFacts, facts, role } = await loadApplication(tx, actor, id);
  if (!canEditApplication(role, facts, callFacts, now)) {
    if (role !== 'applicant') throw new DomainError('forbidden');
    throw new DomainError('conflict', facts.status === 'draft' ? 'The call closed before submission' : 'The application is already submitted');
  }
  const e = eligibility(callFacts, await orgFacts(tx, actor.orgId!), now);
  if (!e.eligible) throw new DomainError('conflict', `Your organisation may not apply: ${e.reasons.join(', ')}`);
  const answers = parse(row.answers);
  const lines = parse(row.budget_lines);
  const fields = checkAgainstCall({ answers, budgetLines: lines }, parse(call.questions), { amount: Number(call.budget_ceiling), currency: call.currency });
  for (const q of parse(call.questions)) if (!answers[q.key]?.trim()) fields.push({ path: `body.answers.${q.key}`, message: 'needs an answer before submission', code: 'required' });
  if (lines.length === 0) fields.push({ path: 'body.budgetLines', message: 'needs at least one budget line before submission', code: 'required' });
  if (fields.length > 0) throw new DomainError('validation_failed', 'The application is not complete', fields);
  await tx.updateTable('funding_applications').set({ status: 'submitted', submitted_at: now }).where('id', '=', id).execute();
  await audit(tx, { action: 'funding.application.submit', subjectType: 'funding_application', subjectId: id, subjectOrgId: actor.orgId, details: { call: row.call_id } });
}

export async function getApplication(tx: Tx, actor: Actor, id: string, now: Date): Promise<ApplicationView> {
  const { row: a, call, callFacts, facts, role, mine } = await loadApplication(tx, actor, id);
  const criteria = parse(call.criteria);
  const reviewers = role === 'owner' ? await tx.selectFrom('funding_reviewers').selectAll().where('application_id', '=', id).orderBy('assigned_at').orderBy('id').execute() : [];
  const ids = role === 'owner' ? reviewers.map((r) => r.id) : mine ? [mine.id] : [];
  const scores = ids.length === 0 || role === 'applicant' ? [] : await tx.selectFrom('funding_scores').selectAll().where('reviewer_id', 'in', ids).orderBy('criterion').execute();
  const scoresOf = (rid: string) => scores.filter((s) => s.reviewer_id === rid).map((s) => ({ criterion: s.criterion, score: s.score, comment: s.comment }));
  const reviews = reviewers.map((r) => {
    const clear = r.declared_at !== null && r.conflict_declared === false && !r.conflict_flagged;
    const own = scoresOf(r.id);
    return {
      id: r.id,
      reviewerName: r.reviewer_name,
      conflictFlagged: r.conflict_flagged,
      declared: r.declared_at !== null,
      conflictDeclared: r.conflict_declared === true,
      conflictNote: r.conflict_note,
      scores: clear ? own : [],
      weightedSum: clear ? weightedSum(criteria, own) : null,
      canRemove: r.declared_at === null && facts.status === 'submitted',
    };
  });
  const complete = reviews.filter((r) => r.weightedSum !== null).length;
  const decided = facts.status === 'awarded' || facts.status === 'rejected';
  // A blind call hides who applied from its reviewers: in this answer, not only on the page.
  const applicant = role === 'reviewer' && call.blind_review ? null : { name: a.applicant_name, type: a.applicant_type, country: a.applicant_country, womenLed: a.applicant_women_led };
  return {
    id: a.id,
    call: {
      id: call.id,
      title: call.title,
      currency: call.currency,
      budgetCeiling: Number(call.budget_ceiling),
      deadline: iso(call.deadline)!,
      blindReview: call.blind_review,
      criteria,
      questions: parse(call.questions),
    },
    applicant,
    role,
    stage: applicationStage(a.status, a.review_started_at),
    answers: parse(a.answers),
    budgetLines: parse(a.budget_lines).map((l) => ({ label: l.label, amount: Number(l.amount) })),
    budgetTotal: Number(a.budget_total),
    submittedAt: iso(a.submitted_at),
    eligibility: role === 'applicant' && facts.status === 'draft' ? eligibility(callFacts, await orgFacts(tx, actor.orgId!), now) : null,
    decision:
      decided && role !== 'reviewer'
        ? { outcome: facts.status === 'awarded' ? 'awarded' : 'declined', reasons: a.decision_reasons ?? '', score: a.panel_score === null ? null : Number(a.panel_score), decidedAt: iso(a.decided_at) }
        : null,
    reviews,
    myReview: role === 'reviewer' && mine ? { id: mine.id, scores: scoresOf(mine.id), weightedSum: weightedSum(criteria, scoresOf(mine.id)) } : null,
    can: {
      edit: canEditApplication(role, facts, callFacts, now),
      submit: canEditApplication(role, facts, callFacts, now),
      assign: canAssign(role, facts),
      decide: canDecide(role, facts, complete),
      score: canScore(role, facts),
    },
  };
}

export async function decide(tx: Tx, actor: Actor, id: string, decision: 'award' | 'decline', reasons: string, now: Date): Promise<void> {
  const { call, facts, role } = await loadApplication(tx, actor, id);
  const sums = (await reviewSums(tx, call.id, parse(call.criteria))).get(id)?.sums ?? [];
  const complete = sums.filter((s) => s !== null).length;
  if (!canDecide(role, facts, complete)) {
    if (role !== 'owner') throw new DomainError('forbidden');
    throw new DomainError('conflict', facts.status === 'submitted' ? 'The panel decides once at least one review is complete' : 'The application is already decided');
  }
  await tx
    .updateTable('funding_applications')
    .set({ status: decision === 'award' ? 'awarded' : 'rejected', decision_reasons: reasons, decided_at: now, decided_by: actor.userId, panel_score: meanScore(sums) })
    .where('id', '=', id)
    .execute();
  await audit(tx, { action: `funding.application.${decision}`, subjectType: 'funding_application', subjectId: id, subjectOrgId: actor.orgId, details: { call: call.id } });
}
