import { sql } from 'kysely';
import { z } from 'zod';
import type { AppDatabase } from '../../db.ts';
import type { App } from './app.ts';
import { DomainError } from './errors.ts';

export function healthRoutes(db: AppDatabase, version: string) {
  return (app: App): void => {
    app.get(
      '/api/health',
      {
        schema: {
          tags: ['meta'],
          summary: 'Whether the service and its database answer',
          response: {
            200: z.object({ status: z.literal('ok'), database: z.enum(['pglite', 'postgres']), version: z.string() }),
          },
        },
      },
      async () => {
        try {
          await db.system((tx) => sql`SELECT 1`.execute(tx));
        } catch {
          throw new DomainError('unavailable', 'The database does not answer');
        }
        return { status: 'ok' as const, database: db.kind, version };
      },
    );
  };
}
