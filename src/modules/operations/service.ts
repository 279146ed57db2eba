// Background jobs as platform administrators see them: each queue's counts and schedule, the
// jobs that failed their last attempt, and trying one again. Reading and retrying are audited.
// The queue is asked outside the request's transaction (on the embedded database its statements
// take the one connection in turn): the person is checked first, in one transaction, and what was
// done is recorded after, in another.
import type { Actor } from '../../platform/auth/actor.ts';
import { audit } from '../../platform/audit/audit.ts';
import { DomainError } from '../../platform/http/errors.ts';
import type { Scopes } from '../../platform/http/scope.ts';
import type { Jobs } from '../../platform/jobs/queue.ts';
import { can } from '../identity/policy.ts';
import type { JobsView } from './schema.ts';

function requireOperator(actor: Actor): void {
  if (!can(actor, 'platform.jobs.manage')) throw new DomainError('forbidden');
}

export async function jobsOverview(scope: Scopes, jobs: Jobs): Promise<JobsView> {
  await scope.actor(async (_tx, actor) => requireOperator(actor));
  const view = { queues: await jobs.overview(), failures: await jobs.failures() };
  await scope.actor((tx) => audit(tx, { action: 'jobs.read', details: { failures: view.failures.length } }));
  return view;
}

export async function retryJob(scope: Scopes, jobs: Jobs, name: string, id: string): Promise<void> {
  await scope.actor(async (_tx, actor) => requireOperator(actor));
  if (!(await jobs.retry(name, id))) throw new DomainError('not_found');
  await scope.actor((tx) => audit(tx, { action: 'jobs.retry', subjectType: 'job', subjectId: id, details: { name } }));
}
