// Independent assessments of a commitment by civil society: a civil society, community or
// academic organisation taking part in planning, which neither leads the commitment nor is
// responsible or accountable for it, gives its own completion level with its reasons, at most
// once a day. They are shown beside the government's self-assessment, so that disagreement is
// visible.
import type { Tx } from '../../db.ts';
import type { Actor } from '../../platform/auth/actor.ts';
import { audit } from '../../platform/audit/audit.ts';
import { DomainError } from '../../platform/http/errors.ts';
import { can } from '../identity/policy.ts';
import { assessorFacts, commitmentAccess, isAssessor, latestAllowedDay } from './commitment-access.ts';
import type { AssessmentInput } from './commitment-schema.ts';

export async function assessCommitment(tx: Tx, actor: Actor, planId: string, commitmentId: string, input: AssessmentInput, now: Date) {
  if (!can(actor, 'plans.contribute')) throw new DomainError('forbidden');
  const access = await commitmentAccess(tx, actor, planId, commitmentId);
  if (!isAssessor(actor, await assessorFacts(tx, actor), access)) {
    throw new DomainError('forbidden', 'Independent assessments are made by civil society organisations that neither lead nor answer for the commitment');
  }
  if (input.assessedOn > latestAllowedDay(now)) {
    throw new DomainError('validation_failed', undefined, [{ path: 'body.assessedOn', message: 'must not be in the future', code: 'in_future' }]);
  }
  // One a day per organisation: the latest shown beside the self-assessment is then its latest word.
  const sameDay = await tx
    .selectFrom('commitment_assessments')
    .select('id')
    .where('commitment_id', '=', commitmentId)
    .where('org_id', '=', actor.orgId!)
    .where('assessed_on', '=', input.assessedOn)
    .executeTakeFirst();
  if (sameDay) throw new DomainError('conflict', 'Your organisation has already assessed this commitment on that day');
  const row = await tx
    .insertInto('commitment_assessments')
    .values({
      commitment_id: commitmentId,
      plan_id: planId,
      org_id: actor.orgId!,
      user_id: actor.userId,
      assessed_on: input.assessedOn,
      completion: input.completion,
      reasons: input.reasons,
    })
    .returning('id')
    .executeTakeFirstOrThrow();
  await audit(tx, {
    action: 'plan.commitment.assess',
    subjectType: 'commitment_assessment',
    subjectId: row.id,
    subjectOrgId: actor.orgId,
    details: { planId, commitmentId, completion: input.completion },
  });
  return { id: row.id };
}
