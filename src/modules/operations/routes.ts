// HTTP routes of the jobs page (platform administrators).
import { z } from 'zod';
import type { App } from '../../platform/http/app.ts';
import type { Jobs } from '../../platform/jobs/queue.ts';
import { jobsView, retryParams } from './schema.ts';
import { jobsOverview, retryJob } from './service.ts';

export function operationsRoutes(deps: { jobs: () => Jobs }) {
  return (app: App): void => {
    const tags = ['operations'];
    app.get(
      '/api/jobs',
      { schema: { tags, summary: 'Background jobs: every queue with its counts and schedule, and the jobs that failed their last attempt', response: { 200: jobsView } } },
      async (req) => jobsOverview(req.scope, deps.jobs()),
    );
    app.post(
      '/api/jobs/:name/failures/:id/retry',
      { schema: { tags, summary: 'Try a failed job again', params: retryParams, response: { 204: z.null() } } },
      async (req, reply) => {
        await retryJob(req.scope, deps.jobs(), req.params.name, req.params.id);
        return reply.code(204).send(null);
      },
    );
  };
}
