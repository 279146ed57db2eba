// One access path: a request's queries run inside its own transaction only, with its own
// acting user; nobody sees another request's settings or uncommitted rows.
import { sql } from 'kysely';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { NestedTransactionError } from '../../src/platform/db/database.ts';
import { backends } from '../support/databases.ts';
import { createTestApp, type TestApp } from '../support/app.ts';

const sleep = (ms: number) => new Promise((r) => setTimeout(r, ms));

describe.each(backends)('request isolation on %s', (backend) => {
  let t: TestApp;
  let users: Record<string, string>;
  let orgOf: Record<string, string>;
  beforeAll(async () => {
    t = await createTestApp(backend);
    const rows = await t.db.system((tx) =>
      tx.selectFrom('users').innerJoin('memberships', 'memberships.user_id', 'users.id').select(['users.email', 'users.id', 'memberships.org_id']).execute(),
    );
    users = Object.fromEntries(rows.map((r) => [r.email, r.id]));
    orgOf = Object.fromEntries(rows.map((r) => [r.email, r.org_id]));
  });
  afterAll(() => t?.close());

  it('never lets one transaction see the settings or uncommitted rows of another', async () => {
    const a = 'org-admin@tandem.example';
    const b = 'caseworker@tandem.example'; // same organisation: b may read a's account
    const events: string[] = [];
    const first = t.db.transaction({ role: 'tandem_app', requestId: 'req-a', userId: users[a], orgId: orgOf[a] }, async (tx) => {
      await sql`UPDATE users SET display_name = 'UNCOMMITTED' WHERE id = ${users[a]!}`.execute(tx);
      events.push('a wrote');
      await sleep(150);
      const who = await sql<{ u: string; r: string }>`SELECT current_setting('tandem.user_id') AS u, current_setting('tandem.request_id') AS r`.execute(tx);
      expect(who.rows[0]).toEqual({ u: users[a], r: 'req-a' });
      events.push('a done');
      throw new Error('roll back');
    });
    await sleep(20);
    const second = t.db.transaction({ role: 'tandem_app', requestId: 'req-b', userId: users[b], orgId: orgOf[b] }, async (tx) => {
      events.push('b started');
      const who = await sql<{ u: string; r: string }>`SELECT current_setting('tandem.user_id') AS u, current_setting('tandem.request_id') AS r`.execute(tx);
      const name = await tx.selectFrom('users').select('display_name').where('id', '=', users[a]!).executeTakeFirst();
      return { who: who.rows[0], name: name?.display_name };
    });
    await expect(first).rejects.toThrow('roll back');
    const seen = await second;
    expect(seen.who).toEqual({ u: users[b], r: 'req-b' });
    expect(seen.name).toBe('Leyla Nazarova');
    if (backend === 'pglite') {
      // One connection: the second transaction waited for the first to end.
      expect(events).toEqual(['a wrote', 'a done', 'b started']);
    }
  });

  it('answers many concurrent requests of different people each with their own identity', async () => {
    const emails = Object.keys(users);
    const clients = await Promise.all(emails.map((e) => t.signIn(e)));
    const rounds = await Promise.all(
      Array.from({ length: 4 }, () => Promise.all(clients.map((c) => c.get('/api/auth/me')))),
    );
    for (const round of rounds) {
      round.forEach((res, i) => {
        expect(res.statusCode).toBe(200);
        expect(res.json().user.email).toBe(emails[i]);
      });
    }
  });

  it('leaves no context behind on the connection after a transaction', async () => {
    await t.db.transaction({ role: 'tandem_app', requestId: 'req-x', userId: users['dpo@tandem.example'] }, async () => undefined);
    const after = await t.db.system(async (tx) =>
      (await sql<{ u: string | null; role: string }>`SELECT nullif(current_setting('tandem.user_id', true), '') AS u, current_user AS role`.execute(tx)).rows[0],
    );
    expect(after?.u ?? null).toBeNull();
    expect(after?.role).not.toBe('tandem_app');
  });

  it('refuses to open a transaction inside another instead of deadlocking', async () => {
    await expect(
      t.db.system(() => t.db.system(async () => 1)),
    ).rejects.toBeInstanceOf(NestedTransactionError);
    expect(await t.db.system(async () => 'still usable')).toBe('still usable');
  });
});
