// Health for people and for orchestrators. /api/health: the service and its database answer.
// /api/health/live: the process answers at all (restart it when not). /api/health/ready: it
// should be sent requests — every readiness check passes and it is not shutting down (take it
// out of the load balancer when not; see lifecycle.ts).
import { sql } from 'kysely';
import { z } from 'zod';
import type { AppDatabase } from '../../db.ts';
import type { App } from './app.ts';
import { DomainError } from './errors.ts';
import { sendUnavailable, type Lifecycle } from './lifecycle.ts';

const checks = z.record(z.string(), z.enum(['ok', 'failing']));

/** The readiness check every process has: a trivial query on its database. */
export const databaseAnswers = (db: AppDatabase) => () => db.system((tx) => sql`SELECT 1`.execute(tx));

export function healthRoutes(db: AppDatabase, version: string, lifecycle: Lifecycle) {
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
          await databaseAnswers(db)();
        } catch {
          throw new DomainError('unavailable', 'The database does not answer');
        }
        return { status: 'ok' as const, database: db.kind, version };
      },
    );

    app.get(
      '/api/health/live',
      {
        schema: {
          tags: ['meta'],
          summary: 'Liveness: the process answers (it checks nothing else, so that a slow database never gets it restarted)',
          response: { 200: z.object({ status: z.literal('ok') }) },
        },
      },
      async () => ({ status: 'ok' as const }),
    );

    app.get(
      '/api/health/ready',
      {
        schema: {
          tags: ['meta'],
          summary: 'Readiness: 200 while the process should be sent requests; 503 (a problem document naming the failing checks) while it starts, drains or cannot reach what it needs',
          response: {
            200: z.object({ status: z.literal('ready'), checks }),
            503: z.object({ type: z.string(), title: z.string(), status: z.literal(503), code: z.literal('unavailable'), detail: z.string(), draining: z.boolean(), checks }),
          },
        },
      },
      async (req, reply) => {
        const readiness = await lifecycle.readiness();
        if (readiness.ready) return { status: 'ready' as const, checks: readiness.checks };
        const detail = readiness.draining ? 'This server is shutting down' : 'A readiness check is failing';
        return sendUnavailable(req, reply, detail, { draining: readiness.draining, checks: readiness.checks });
      },
    );
  };
}
