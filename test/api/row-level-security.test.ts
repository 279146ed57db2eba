// The second wall: even with the application's checks skipped, the database itself refuses to
// show or change rows outside the acting person's reach.
import { sql } from 'kysely';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { backends } from '../support/databases.ts';
import { createTestApp, type TestApp } from '../support/app.ts';

/** Tables that hold (or will hold) personal data or access rules: RLS enabled and forced. */
const PROTECTED_TABLES = ['users', 'memberships', 'sessions', 'organisations', 'instance_settings', 'judgement_instruments', 'case_judgements', 'case_plan_goals', 'case_plan_actions', 'case_conferences', 'case_reminders', 'subject_access_requests'];

describe.each(backends)('row-level security on %s', (backend) => {
  let t: TestApp;
  let ids: Record<string, { user: string; org: string }>;
  beforeAll(async () => {
    t = await createTestApp(backend);
    const rows = await t.db.system((tx) =>
      tx.selectFrom('users').innerJoin('memberships', 'memberships.user_id', 'users.id').select(['users.email', 'users.id', 'memberships.org_id']).execute(),
    );
    ids = Object.fromEntries(rows.map((r) => [r.email, { user: r.id, org: r.org_id }]));
  });
  afterAll(() => t?.close());

  const as = <T>(email: string | null, fn: Parameters<TestApp['db']['transaction']>[1]) =>
    t.db.transaction(
      { role: 'tandem_app', requestId: 'rls-test', userId: email ? ids[email]!.user : null, orgId: email ? ids[email]!.org : null },
      fn,
    ) as Promise<T>;

  it('has RLS enabled and forced on every protected table', async () => {
    const rows = await t.db.system(async (tx) =>
      (await sql<{ relname: string; on: boolean; forced: boolean }>`
        SELECT relname, relrowsecurity AS on, relforcerowsecurity AS forced FROM pg_class
        WHERE relkind = 'r' AND relnamespace = 'public'::regnamespace`.execute(tx)).rows,
    );
    for (const table of PROTECTED_TABLES) {
      expect(rows.find((r) => r.relname === table), table).toMatchObject({ on: true, forced: true });
    }
  });

  it('runs requests as a role that cannot bypass RLS', async () => {
    const role = await as<{ rolbypassrls: boolean; rolsuper: boolean }>('dpo@tandem.example', async (tx) =>
      (await sql<{ rolbypassrls: boolean; rolsuper: boolean }>`SELECT rolbypassrls, rolsuper FROM pg_roles WHERE rolname = current_user`.execute(tx)).rows[0],
    );
    expect(role).toEqual({ rolbypassrls: false, rolsuper: false });
  });

  it('shows accounts of the own organisation only', async () => {
    const emails = await as<string[]>('caseworker@tandem.example', async (tx) =>
      (await tx.selectFrom('users').select('email').orderBy('email').execute()).map((r) => r.email),
    );
    expect(emails).toEqual(['caseworker@tandem.example', 'org-admin@tandem.example']);
  });

  it('shows nothing to nobody', async () => {
    const counts = await as<number[]>(null, async (tx) => [
      (await tx.selectFrom('users').select('id').execute()).length,
      (await tx.selectFrom('sessions').select('id').execute()).length,
      (await tx.selectFrom('memberships').select('id').execute()).length,
    ]);
    expect(counts).toEqual([0, 0, 0]);
  });

  it('does not let the organisation setting stand without a real membership', async () => {
    // A forged org id in the context: tandem_org_id() yields nothing, so no colleagues appear.
    const seen = await t.db.transaction(
      { role: 'tandem_app', requestId: 'rls-forged', userId: ids['caseworker@tandem.example']!.user, orgId: ids['coordinator@tandem.example']!.org },
      async (tx) => (await tx.selectFrom('users').select('email').execute()).map((r) => r.email),
    );
    expect(seen).toEqual(['caseworker@tandem.example']);
  });

  it("refuses to change another person's account", async () => {
    const changed = await as<bigint>('caseworker@tandem.example', async (tx) =>
      (await tx.updateTable('users').set({ display_name: 'Changed' }).where('email', '=', 'org-admin@tandem.example').executeTakeFirst()).numUpdatedRows,
    );
    expect(changed).toBe(0n);
  });

  it('refuses writes the role has no grant or policy for', async () => {
    // An administrator's own membership is outside the policy: the update finds no row.
    const changed = await as<bigint>('org-admin@tandem.example', async (tx) =>
      (await tx.updateTable('memberships').set({ roles: ['platform_admin'] }).where('user_id', '=', ids['org-admin@tandem.example']!.user).executeTakeFirst())
        .numUpdatedRows,
    );
    expect(changed).toBe(0n);
    // Nor may a colleague be made platform administrator.
    await expect(
      as('org-admin@tandem.example', (tx) =>
        tx.updateTable('memberships').set({ roles: ['platform_admin'] }).where('user_id', '=', ids['caseworker@tandem.example']!.user).execute(),
      ),
    ).rejects.toMatchObject({ code: '42501' });
    await expect(
      as('caseworker@tandem.example', (tx) => tx.selectFrom('users').select('password_hash').execute()),
    ).rejects.toMatchObject({ code: '42501' });
    await expect(
      as('platform-admin@tandem.example', (tx) => tx.selectFrom('instance_settings').selectAll().execute()),
    ).rejects.toMatchObject({ code: '42501' });
  });

  it('hides hidden organisations from other organisations', async () => {
    const names = await as<string[]>('contributor@tandem.example', async (tx) =>
      (await tx.selectFrom('organisations').select('name').execute()).map((r) => r.name),
    );
    expect(names).toContain("Women's Voices Network");
    expect(names).not.toContain('Interfaith Dialogue Council');
    expect(names).not.toContain('Legal Aid Collective');
  });

  it('lets the sign-in role read accounts but not change their names', async () => {
    await expect(
      t.db.transaction({ role: 'tandem_auth', requestId: 'auth-test' }, (tx) =>
        tx.updateTable('users').set({ display_name: 'x' }).execute(),
      ),
    ).rejects.toMatchObject({ code: '42501' });
  });
});
