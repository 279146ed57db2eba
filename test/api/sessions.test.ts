// Signing in and out, sessions and their time-outs, anti-forgery tokens.
import { sql } from 'kysely';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { backends } from '../support/databases.ts';
import { createTestApp, type TestApp } from '../support/app.ts';
import { DEMO_PASSWORD } from '../support/test-config.ts';

describe.each(backends)('sessions on %s', (backend) => {
  let t: TestApp;
  beforeAll(async () => {
    t = await createTestApp(backend, { TANDEM_SESSION_IDLE_MINUTES: '30', TANDEM_SESSION_ABSOLUTE_HOURS: '8' });
  });
  afterAll(() => t?.close());

  const countSessions = () =>
    t.db.system(async (tx) => Number((await sql<{ n: number }>`SELECT count(*)::int AS n FROM sessions`.execute(tx)).rows[0]!.n));

  it('answers 401 to /me when signed out', async () => {
    const res = await t.client().get('/api/auth/me');
    expect(res.statusCode).toBe(401);
    expect(res.json().code).toBe('unauthenticated');
    // The web app's probe: nobody signed in is an answer (204), not an error.
    expect((await t.client().get('/api/auth/me?probe=1')).statusCode).toBe(204);
    expect((await t.client().get('/api/auth/me?probe=yes')).statusCode).toBe(400);
  });

  it('signs in with e-mail (any case) and password, and describes the person', async () => {
    const c = t.client();
    const res = await c.post('/api/auth/login', { email: ' Viewer@Tandem.Example ', password: DEMO_PASSWORD });
    expect(res.statusCode).toBe(200);
    expect(res.json()).toMatchObject({ mfaRequired: false, stage: 'complete' });
    const cookie = res.cookies.find((k) => k.name === 'tandem_session')!;
    expect(cookie.httpOnly).toBe(true);
    expect(cookie.sameSite).toBe('Lax');
    const me = (await c.get('/api/auth/me')).json();
    expect(me.user.email).toBe('viewer@tandem.example');
    expect(me.roles).toEqual(['viewer']);
    expect(me.abilities).toEqual(['directory.view', 'reports.view']);
    expect(me.memberships).toHaveLength(1);
    expect(me.activeOrgId).toBe(me.memberships[0].orgId);
    expect(me.mfa).toEqual({ enrolled: false, required: false, recoveryCodesLeft: null });
    expect((await c.get('/api/auth/me?probe=1')).json()).toEqual(me);
  });

  it('asks for the second factor where enrolled, and grants nothing before it', async () => {
    const c = t.client();
    const res = await c.post('/api/auth/login', { email: 'coordinator@tandem.example', password: DEMO_PASSWORD });
    expect(res.json()).toEqual({ mfaRequired: true });
    const pending = (await c.get('/api/auth/me')).json();
    expect(pending).toMatchObject({ stage: 'mfa_pending', memberships: [], roles: [], abilities: [], activeOrgId: null });
    const refused = await c.get('/api/organisations/current/members');
    expect(refused.statusCode).toBe(403);
    expect(refused.json().code).toBe('mfa_required');
    expect((await c.post('/api/auth/mfa', { code: '000000' })).statusCode).toBe(401);
    const done = await c.post('/api/auth/mfa', { code: await t.totpCode('coordinator@tandem.example') });
    expect(done.statusCode).toBe(200);
    expect(done.json()).toMatchObject({ stage: 'complete', roles: ['case_coordinator'], mfa: { enrolled: true, required: true } });
    expect((await c.get('/api/organisations/current/members')).statusCode).toBe(200);
    expect((await c.post('/api/auth/mfa', { code: '123456' })).statusCode).toBe(409);
  });

  it('refuses a wrong password and an unknown e-mail alike, without opening a session', async () => {
    const before = await countSessions();
    const wrong = await t.client().post('/api/auth/login', { email: 'coordinator@tandem.example', password: 'not the password' });
    const unknown = await t.client().post('/api/auth/login', { email: 'nobody@tandem.example', password: 'not the password' });
    expect(wrong.statusCode).toBe(401);
    expect(unknown.statusCode).toBe(401);
    expect(wrong.json().code).toBe('invalid_credentials');
    expect(unknown.json().code).toBe(wrong.json().code);
    expect(unknown.json().title).toBe(wrong.json().title);
    expect(await countSessions()).toBe(before);
  });

  it('rejects a state-changing request without the anti-forgery token', async () => {
    const c = t.client();
    const res = await c.post('/api/auth/login', { email: 'coordinator@tandem.example', password: DEMO_PASSWORD }, { csrf: false });
    expect(res.statusCode).toBe(403);
    expect(res.json().code).toBe('csrf_invalid');
    const forged = await c.post(
      '/api/auth/login',
      { email: 'coordinator@tandem.example', password: DEMO_PASSWORD },
      { csrf: false, headers: { 'x-csrf-token': 'forged-token' } },
    );
    expect(forged.statusCode).toBe(403);
  });

  it('signs out: the session no longer works even with the old cookie', async () => {
    const c = await t.signIn('caseworker@tandem.example');
    const token = c.cookies.get('tandem_session')!;
    expect((await c.post('/api/auth/logout')).statusCode).toBe(204);
    const replay = await t.app.inject({ url: '/api/auth/me', headers: { cookie: `tandem_session=${token}` } });
    expect(replay.statusCode).toBe(401);
  });

  it('ends a session after the idle time-out and after the absolute time-out', async () => {
    const idle = await t.signIn('dpo@tandem.example');
    const absolute = await t.signIn('viewer@tandem.example');
    await t.db.system(async (tx) => {
      await sql`UPDATE sessions SET last_seen_at = now() - interval '31 minutes'
        WHERE user_id = (SELECT id FROM users WHERE email = 'dpo@tandem.example')`.execute(tx);
      await sql`UPDATE sessions SET expires_at = now() - interval '1 second'
        WHERE user_id = (SELECT id FROM users WHERE email = 'viewer@tandem.example')`.execute(tx);
    });
    expect((await idle.get('/api/auth/me')).statusCode).toBe(401);
    expect((await absolute.get('/api/auth/me')).statusCode).toBe(401);
  });

  it('lists the own sessions and ends another one', async () => {
    const first = await t.signIn('donor@tandem.example');
    const second = await t.signIn('donor@tandem.example');
    const list = (await second.get('/api/auth/sessions')).json().sessions as Array<{ id: string; current: boolean }>;
    expect(list.length).toBeGreaterThanOrEqual(2);
    const other = list.find((s) => !s.current)!;
    expect((await second.delete(`/api/auth/sessions/${other.id}`)).statusCode).toBe(204);
    expect((await first.get('/api/auth/me')).statusCode).toBe(401);
    expect((await second.get('/api/auth/me')).statusCode).toBe(200);
  });

  it("cannot end someone else's session: it looks like a missing one", async () => {
    const victim = await t.signIn('monitor@tandem.example');
    const victimSession = (await victim.get('/api/auth/sessions')).json().sessions[0].id as string;
    const attacker = await t.signIn('contributor@tandem.example');
    const res = await attacker.delete(`/api/auth/sessions/${victimSession}`);
    expect(res.statusCode).toBe(404);
    expect((await victim.get('/api/auth/me')).statusCode).toBe(200);
  });

  it('acts for another organisation only where the person is a member', async () => {
    const orgs = await t.db.system((tx) => tx.selectFrom('organisations').select(['id', 'name']).execute());
    const wvn = orgs.find((o) => o.name === "Women's Voices Network")!;
    const lac = orgs.find((o) => o.name === 'Legal Aid Collective')!;
    await t.db.system(async (tx) => {
      const user = await tx.selectFrom('users').select('id').where('email', '=', 'org-admin@tandem.example').executeTakeFirstOrThrow();
      await tx.insertInto('memberships').values({ user_id: user.id, org_id: wvn.id, roles: ['contributor'] }).execute();
    });
    const c = await t.signIn('org-admin@tandem.example');
    const switched = await c.put('/api/auth/organisation', { orgId: wvn.id });
    expect(switched.statusCode).toBe(200);
    expect(switched.json()).toMatchObject({ activeOrgId: wvn.id, roles: ['contributor'] });
    expect((await c.get('/api/auth/me')).json().activeOrgId).toBe(wvn.id);
    const refused = await c.put('/api/auth/organisation', { orgId: lac.id });
    expect(refused.statusCode).toBe(404);
    expect((await c.get('/api/auth/me')).json().activeOrgId).toBe(wvn.id);
  });

  it('ignores cookies that are not session tokens without touching the database', async () => {
    const res = await t.app.inject({ url: '/api/auth/me', headers: { cookie: "tandem_session=' OR 1=1 --" } });
    expect(res.statusCode).toBe(401);
  });
});
