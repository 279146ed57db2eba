import { z } from 'zod';

export const documentView = z.object({
  id: z.uuid(),
  kind: z.string(),
  status: z.enum(['queued', 'building', 'ready', 'failed']),
  /** 0 to 100. */
  progress: z.number().int(),
  /** Once ready. */
  filename: z.string().nullable(),
  error: z.string().nullable(),
  createdAt: z.iso.datetime(),
  /** When it is deleted with its file (its kind's lifetime after it was built). */
  expiresAt: z.iso.datetime(),
});
export const documentParams = z.object({ id: z.uuid() });
