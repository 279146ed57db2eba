// The jobs page's shapes: every queue with its counts, and jobs that failed their last attempt.
import { z } from 'zod';

export const jobName = z.string().regex(/^[a-z]+(\.[a-z_]+)+$/, 'a job name such as mail.send');

export const queueView = z.object({
  name: jobName,
  /** In English, for the API's readers; the page says it in the reader's language. */
  description: z.string(),
  schedule: z.string().nullable(),
  queued: z.number().int(),
  active: z.number().int(),
  failed: z.number().int(),
  total: z.number().int(),
});
export type QueueView = z.infer<typeof queueView>;

export const failedJobView = z.object({
  id: z.uuid(),
  name: jobName,
  failedAt: z.iso.datetime(),
  /** The error the job's last attempt ended with (messages Tandem writes; no personal data). */
  error: z.string(),
  attempts: z.number().int(),
});
export type FailedJobView = z.infer<typeof failedJobView>;

export const jobsView = z.object({ queues: z.array(queueView), failures: z.array(failedJobView) });
export type JobsView = z.infer<typeof jobsView>;

export const retryParams = z.object({ name: jobName, id: z.uuid() });
