// Review: the call owner assigns reviewers to a submitted application (by the e-mail address of
// their account); each reviewer declares whether they have a conflict of interest before the
// application opens to them, and the database flags known ties (a membership of the applicant,
// an active agreement with it). A declared or flagged conflict keeps the application and its
// scoring closed; the owner then assigns someone else. Scores per criterion with comments.
import { randomUUID } from 'node:crypto';
import { sql } from 'kysely';
import type { Tx } from '../../db.ts';
import type { Actor } from '../../platform/auth/actor.ts';
import { audit } from '../../platform/audit/audit.ts';
import { DomainError } from '../../platform/http/errors.ts';
import { loadApplication } from './applications.ts';
import { canAssign, canScore, reviewerMayOpen } from './policy.ts';
import type { ReviewQueue, ScoresInput } from './schema.ts';

const parse = <T>(v: T | string): T => (typeof v === 'string' ? (JSON.parse(v) as T) : v);

export async function assignReviewer(tx: Tx, actor: Actor, applicationId: string, email: string): Promise<{ id: string }> {
  const { row, facts, role } = await loadApplication(tx, actor, applicationId);
  if (!canAssign(role, facts)) {
    if (role !== 'owner') throw new DomainError('forbidden');
    throw new DomainError('conflict', 'Reviewers are assigned while the application awaits its decision');
  }
  const found = (await sql<{ id: string; display_name: string }>`SELECT id, display_name FROM tandem_funding_find_reviewer(${email})`.execute(tx)).rows[0];
  if (!found) throw new DomainError('validation_failed', undefined, [{ path: 'body.email', message: 'no active account has this address', code: 'no_account' }]);
  const taken = await tx.selectFrom('funding_reviewers').select('id').where('application_id', '=', applicationId).where('reviewer_user_id', '=', found.id).executeTakeFirst();
  if (taken) throw new DomainError('conflict', 'This person is already assigned to the application');
  const id = randomUUID();
  // The database flags known ties and keeps the applicant's name from a blind call's reviewer.
  await tx
    .insertInto('funding_reviewers')
    .values({ id, call_id: row.call_id, application_id: applicationId, reviewer_user_id: found.id, reviewer_name: found.display_name, assigned_by: actor.userId })
    .execute();
  await audit(tx, { action: 'funding.review.assign', subjectType: 'funding_application', subjectId: applicationId, subjectOrgId: actor.orgId, details: { assignment: id } });
  return { id };
}

export async function removeReviewer(tx: Tx, actor: Actor, applicationId: string, reviewerId: string): Promise<void> {
  const { facts, role } = await loadApplication(tx, actor, applicationId);
  if (role !== 'owner') throw new DomainError('forbidden');
  const r = await tx.selectFrom('funding_reviewers').select(['declared_at']).where('id', '=', reviewerId).where('application_id', '=', applicationId).executeTakeFirst();
  if (!r) throw new DomainError('not_found');
  if (r.declared_at !== null || facts.status !== 'submitted') throw new DomainError('conflict', 'A reviewer who has declared stays on record; assign another instead');
  await tx.deleteFrom('funding_reviewers').where('id', '=', reviewerId).execute();
  await audit(tx, { action: 'funding.review.remove', subjectType: 'funding_application', subjectId: applicationId, subjectOrgId: actor.orgId, details: { assignment: reviewerId } });
}

/** The actor's own assignment; not_found for anyone else's. */
async function myAssignment(tx: Tx, actor: Actor, id: string) {
  const a = await tx.selectFrom('funding_reviewers').selectAll().where('id', '=', id).where('reviewer_user_id', '=', actor.userId).executeTakeFirst();
  if (!a) throw new DomainError('not_found');
  return a;
}

export async function declare(tx: Tx, actor: Actor, id: string, conflict: boolean, note: string | null, now: Date): Promise<void> {
  const a = await myAssignment(tx, actor, id);
  if (a.declared_at !== null) throw new DomainError('conflict', 'The declaration is made once');
  await tx.updateTable('funding_reviewers').set({ conflict_declared: conflict, conflict_note: note, declared_at: now }).where('id', '=', id).execute();
  await audit(tx, { action: 'funding.review.declare', subjectType: 'funding_application', subjectId: a.application_id, details: { assignment: id, conflict } });
}

export async function saveScores(tx: Tx, actor: Actor, id: string, input: ScoresInput): Promise<void> {
  const a = await myAssignment(tx, actor, id);
  const facts = { reviewerUserId: a.reviewer_user_id, declared: a.declared_at !== null, conflictDeclared: a.conflict_declared === true, conflictFlagged: a.conflict_flagged };
  if (!reviewerMayOpen(actor, facts)) throw new DomainError('forbidden', 'A reviewer scores after declaring no conflict, and never with a known tie to the applicant');
  const { call, facts: appFacts, role } = await loadApplication(tx, actor, a.application_id);
  if (!canScore(role, appFacts)) throw new DomainError('conflict', 'The application is decided: scores are final');
  const criteria = parse(call.criteria);
  const unknown = input.scores.findIndex((s) => !criteria.some((c) => c.key === s.criterion));
  if (unknown >= 0) throw new DomainError('validation_failed', undefined, [{ path: `body.scores.${unknown}.criterion`, message: 'is not a criterion of this call', code: 'invalid_choice' }]);
  const now = new Date();
  for (const s of input.scores) {
    await tx
      .insertInto('funding_scores')
      .values({ reviewer_id: id, criterion: s.criterion, score: s.score, comment: s.comment, scored_at: now })
      .onConflict((oc) => oc.columns(['reviewer_id', 'criterion']).doUpdateSet({ score: s.score, comment: s.comment, scored_at: now }))
      .execute();
  }
  await audit(tx, { action: 'funding.review.score', subjectType: 'funding_application', subjectId: a.application_id, details: { assignment: id, criteria: input.scores.length } });
}

export async function reviewQueue(tx: Tx, actor: Actor): Promise<ReviewQueue> {
  const rows = await tx
    .selectFrom('funding_reviewers as r')
    .leftJoin('funding_calls as c', 'c.id', 'r.call_id')
    .select((eb) => [
      'r.id',
      'r.application_id',
      'r.applicant_name',
      'r.declared_at',
      'r.conflict_declared',
      'r.conflict_flagged',
      'r.reviewer_user_id',
      'c.title',
      eb.exists(eb.selectFrom('funding_scores as s').select('s.criterion').whereRef('s.reviewer_id', '=', 'r.id')).as('scored'),
    ])
    .where('r.reviewer_user_id', '=', actor.userId)
    .orderBy('r.assigned_at', 'desc')
    .orderBy('r.id')
    .limit(500)
    .execute();
  return {
    reviews: rows.map((r) => {
      const facts = { reviewerUserId: r.reviewer_user_id, declared: r.declared_at !== null, conflictDeclared: r.conflict_declared === true, conflictFlagged: r.conflict_flagged };
      return {
        id: r.id,
        applicationId: r.application_id,
        callTitle: r.title ?? '',
        applicantName: r.applicant_name,
        declared: facts.declared,
        conflictDeclared: facts.conflictDeclared,
        conflictFlagged: r.conflict_flagged,
        scored: Boolean(r.scored),
        open: reviewerMayOpen(actor, facts),
      };
    }),
  };
}
