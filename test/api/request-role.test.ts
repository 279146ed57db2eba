// Requests log in to PostgreSQL as a role of their own (platform/db/request-role.ts): a
// statement slipped into a request cannot get back to the owner's side of row-level security by
// RESET ROLE or SET ROLE, and a start with a request role that could is refused.
import { sql } from 'kysely';
import pg from 'pg';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import type { AppDatabase } from '../../src/db.ts';
import { checkRequestRole, requestRoleName } from '../../src/platform/db/request-role.ts';
import { connectDatabase } from '../../src/platform/db/connect.ts';
import type { DB } from '../../src/db.ts';
import { adminUrl, backends, createTestDatabase, type TestDatabase } from '../support/databases.ts';

const url = process.env.TEST_DATABASE_URL;

describe.skipIf(!url)('the requests’ own login role on PostgreSQL', () => {
  let d: TestDatabase;
  let db: AppDatabase;
  beforeAll(async () => {
    d = await createTestDatabase('postgres');
    db = d.db;
  });
  afterAll(() => d?.drop());

  const inRequest = <T>(fn: (tx: Parameters<Parameters<AppDatabase['transaction']>[1]>[0]) => Promise<T>) =>
    db.transaction({ role: 'tandem_app', requestId: 'request-role-test' }, fn);
  const database = () => db.system(async (tx) => (await sql<{ name: string }>`SELECT current_database() AS name`.execute(tx)).rows[0]!.name);

  it('runs requests logged in as the role kept for this database, as tandem_app', async () => {
    const who = await inRequest(async (tx) => (await sql<{ login: string; acting: string }>`SELECT session_user AS login, current_user AS acting`.execute(tx)).rows[0]!);
    expect(who).toEqual({ login: requestRoleName(await database()), acting: 'tandem_app' });
  });

  it('holds no right of its own after RESET ROLE', async () => {
    await expect(
      inRequest(async (tx) => {
        await sql`RESET ROLE`.execute(tx);
        return (await sql`SELECT count(*) FROM cases`.execute(tx)).rows;
      }),
    ).rejects.toThrow(/permission denied/);
    await expect(
      inRequest(async (tx) => {
        await sql`RESET ROLE`.execute(tx);
        return (await sql`SELECT count(*) FROM users`.execute(tx)).rows;
      }),
    ).rejects.toThrow(/permission denied/);
  });

  it('cannot become the owner or the statistics role', async () => {
    const owner = await db.system(async (tx) => (await sql<{ owner: string }>`SELECT tableowner AS owner FROM pg_tables WHERE tablename = 'cases'`.execute(tx)).rows[0]!.owner);
    for (const role of [owner, 'tandem_stats', 'postgres']) {
      await expect(inRequest((tx) => sql.raw(`SET ROLE "${role}"`).execute(tx)), role).rejects.toThrow(/permission denied/);
    }
    // Back to the login itself, which holds nothing.
    await expect(
      inRequest(async (tx) => {
        await sql`SET SESSION AUTHORIZATION DEFAULT`.execute(tx);
        return (await sql`SELECT count(*) FROM cases`.execute(tx)).rows;
      }),
    ).rejects.toThrow(/permission denied/);
  });

  it('may not create temporary tables, as the login or as tandem_app', async () => {
    await expect(inRequest((tx) => sql`CREATE TEMPORARY TABLE memberships (user_id uuid)`.execute(tx))).rejects.toThrow(/permission denied/);
    await expect(
      inRequest(async (tx) => {
        await sql`RESET ROLE`.execute(tx);
        return sql`CREATE TEMPORARY TABLE memberships (user_id uuid)`.execute(tx);
      }),
    ).rejects.toThrow(/permission denied/);
  });

  it('refuses to start with a request role that could reach past row-level security', async () => {
    // The owner (here a superuser) named as the request role.
    const name = await database();
    const bad = await connectDatabase<DB>({ kind: 'postgres', url: adminUrl(url!, name), poolSize: 1 });
    try {
      await expect(checkRequestRole(bad)).rejects.toThrow(/is a superuser/);
    } finally {
      await bad.close();
    }
    // A login role that inherits tandem_app's rights keeps them after RESET ROLE.
    const admin = new pg.Client({ connectionString: adminUrl(url!, name) });
    await admin.connect();
    const role = `tandem_t_inherit_${process.pid}`;
    try {
      await admin.query(`DROP ROLE IF EXISTS ${role}`);
      await admin.query(`CREATE ROLE ${role} LOGIN INHERIT PASSWORD 'x' IN ROLE tandem_app, tandem_auth`);
      const u = new URL(adminUrl(url!, name));
      u.username = role;
      u.password = 'x';
      const inheriting = await connectDatabase<DB>({ kind: 'postgres', url: adminUrl(url!, name), poolSize: 1 });
      const { separateRequests } = await import('../../src/platform/db/request-role.ts');
      try {
        await expect(separateRequests(inheriting, { url: adminUrl(url!, name), poolSize: 1, requestUrl: u.toString() })).rejects.toThrow(/inherits/);
      } finally {
        await inheriting.close();
      }
    } finally {
      await admin.query(`DROP ROLE IF EXISTS ${role}`);
      await admin.end();
    }
  });
});

describe.each(backends)('temporary tables on %s', (backend) => {
  it('may not be created by a request', async () => {
    const t = await createTestDatabase(backend);
    try {
      await expect(
        t.db.transaction({ role: 'tandem_app', requestId: 'temp-test' }, (tx) => sql`CREATE TEMPORARY TABLE memberships (user_id uuid)`.execute(tx)),
      ).rejects.toThrow(/permission denied/);
    } finally {
      await t.drop();
    }
  });
});
