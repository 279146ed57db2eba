// Warming the pool at start: every connection is opened at once and readied as the request role
// (the caller resolved, a read of every table planned), and nothing is written.
import { sql } from 'kysely';
import { describe, expect, it } from 'vitest';
import { backends, createTestDatabase } from '../support/databases.ts';

describe.each(backends)('warming the pool on %s', (backend) => {
  it('opens every connection of the pool, each readied without changing anything', async () => {
    const d = await createTestDatabase(backend);
    try {
      const count = () => d.db.system(async (tx) => (await sql<{ n: number }>`SELECT count(*)::int AS n FROM audit_events`.execute(tx)).rows[0]!.n);
      const before = await count();
      const size = backend === 'postgres' ? 4 : 1;
      await d.db.warm(size);
      if (backend === 'postgres') expect(d.db.requestConnections().total).toBe(size);
      expect(await count()).toBe(before);
      // Each connection is left as it was found: no role, no caller, no transaction.
      const states = await Promise.all(
        Array.from({ length: size }, () =>
          d.db.system(async (tx) => (await sql<{ role: string; caller: string | null }>`SELECT current_user AS role, current_setting('tandem.caller', true) AS caller`.execute(tx)).rows[0]!),
        ),
      );
      for (const s of states) expect(s.role).not.toBe('tandem_app');
      for (const s of states) expect(s.caller ?? '').toBe('');
    } finally {
      await d.drop();
    }
  });
});
