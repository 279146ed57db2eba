// Progress on a commitment, reported by the lead body or a body responsible for it: what was
// done, the completion level it judges the commitment to have reached (the government's own
// assessment), and, when a milestone is reached, that milestone marked done on that day.
import type { Tx } from '../../db.ts';
import type { Actor } from '../../platform/auth/actor.ts';
import { audit } from '../../platform/audit/audit.ts';
import { DomainError } from '../../platform/http/errors.ts';
import { can } from '../identity/policy.ts';
import { commitmentAccess, isReporter, latestAllowedDay } from './commitment-access.ts';
import type { ProgressInput } from './commitment-schema.ts';

export async function reportProgress(tx: Tx, actor: Actor, planId: string, commitmentId: string, input: ProgressInput, now: Date) {
  if (!can(actor, 'plans.coordinate') && !can(actor, 'plans.contribute')) throw new DomainError('forbidden');
  const access = await commitmentAccess(tx, actor, planId, commitmentId);
  if (!isReporter(actor, access)) throw new DomainError('forbidden', 'Progress is reported by the lead body or a body responsible for the commitment');
  if (input.reportedOn > latestAllowedDay(now)) {
    throw new DomainError('validation_failed', undefined, [{ path: 'body.reportedOn', message: 'must not be in the future', code: 'in_future' }]);
  }
  if (input.milestoneId) {
    const milestone = await tx.selectFrom('commitment_milestones').select('id').where('id', '=', input.milestoneId).where('commitment_id', '=', commitmentId).executeTakeFirst();
    if (!milestone) throw new DomainError('unprocessable', 'The milestone is not one of this commitment', [{ path: 'body.milestoneId', message: 'is not a milestone of this commitment', code: 'invalid_choice' }]);
  }
  const row = await tx
    .insertInto('commitment_progress')
    .values({
      commitment_id: commitmentId,
      plan_id: planId,
      milestone_id: input.milestoneId,
      org_id: actor.orgId!,
      user_id: actor.userId,
      reported_on: input.reportedOn,
      completion: input.completion,
      body: input.body,
      milestone_done: input.milestoneDone,
    })
    .returning('id')
    .executeTakeFirstOrThrow();
  if (input.milestoneDone && input.milestoneId) {
    // Done once: a later update saying so again does not move the day it was reached.
    await tx.updateTable('commitment_milestones').set({ completed_on: input.reportedOn }).where('id', '=', input.milestoneId).where('completed_on', 'is', null).execute();
  }
  await audit(tx, {
    action: 'plan.commitment.progress',
    subjectType: 'commitment_progress',
    subjectId: row.id,
    subjectOrgId: actor.orgId,
    details: { planId, commitmentId, completion: input.completion, milestoneId: input.milestoneId, milestoneDone: input.milestoneDone },
  });
  return { id: row.id };
}
