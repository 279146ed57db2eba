// An organisation's people: invitations (by e-mail, held in the outbox without SMTP), joining,
// roles, deactivation, password reset and change — and what nobody may do to their own rights.
import { sql } from 'kysely';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { backends } from '../support/databases.ts';
import { createTestApp, type TestApp } from '../support/app.ts';
import type { TestClient } from '../support/client.ts';
import { DEMO_PASSWORD } from '../support/test-config.ts';

const NEW_PASSWORD = 'river stones at dawn 7';

describe.each(backends)('people on %s', (backend) => {
  let t: TestApp;
  let admin: TestClient;
  beforeAll(async () => {
    t = await createTestApp(backend);
    admin = await t.signIn('org-admin@tandem.example');
  });
  afterAll(() => t?.close());

  /** The single-use token of the newest held mail to `to`, as the recipient would click it. */
  const tokenMailedTo = async (to: string, kind: string) => {
    const row = await t.db.system((tx) =>
      tx.selectFrom('mail_outbox').select(['body_text', 'status']).where('to_email', '=', to).where('kind', '=', kind).orderBy('created_at', 'desc').executeTakeFirstOrThrow(),
    );
    expect(row.status).toBe('held');
    return /#token=([A-Za-z0-9_-]{43})/.exec(row.body_text!)![1]!;
  };

  it('invites a colleague, who joins with a new account and a strong password', async () => {
    const res = await admin.post('/api/organisations/current/invitations', {
      email: 'Nadia.K@Example.org',
      displayName: 'Nadia Karimova',
      roles: ['caseworker'],
      locale: 'ru',
    });
    expect(res.statusCode).toBe(201);
    const outbox = (await admin.get('/api/mail/outbox')).json().messages as Array<{ to: string; subject: string; text: string }>;
    const mail = outbox.find((m) => m.to === 'nadia.k@example.org')!;
    expect(mail.subject).toContain('Bridge Psychosocial Centre');
    expect(mail.text).toContain('Здравствуйте, Nadia Karimova');
    const token = await tokenMailedTo('nadia.k@example.org', 'invitation');

    const guest = t.client();
    const preview = await guest.post('/api/invitations/preview', { token });
    expect(preview.json()).toEqual({ organisation: 'Bridge Psychosocial Centre', email: 'nadia.k@example.org', displayName: 'Nadia Karimova', accountExists: false });
    const weak = await guest.post('/api/invitations/accept', { token, password: 'password1234' });
    expect(weak.statusCode).toBe(400);
    expect(weak.json().errors).toEqual(expect.arrayContaining([{ path: 'body.password', code: 'password_common', message: 'is a commonly used password' }]));
    const accepted = await guest.post('/api/invitations/accept', { token, password: NEW_PASSWORD });
    expect(accepted.json()).toEqual({ accepted: true, newAccount: true });
    expect((await guest.post('/api/invitations/accept', { token, password: NEW_PASSWORD })).statusCode).toBe(404);

    // A caseworker must set up a second factor before anything else.
    const nadia = t.client();
    const login = await nadia.post('/api/auth/login', { email: 'nadia.k@example.org', password: NEW_PASSWORD });
    expect(login.json()).toMatchObject({ stage: 'enrolment_required', user: { locale: 'ru', displayName: 'Nadia Karimova' } });
    const members = (await admin.get('/api/organisations/current/members')).json().members as Array<{ email: string; roles: string[] }>;
    expect(members.find((m) => m.email === 'nadia.k@example.org')?.roles).toEqual(['caseworker']);
    const invitations = (await admin.get('/api/organisations/current/invitations')).json().invitations as Array<{ email: string; status: string }>;
    expect(invitations.find((i) => i.email === 'nadia.k@example.org')?.status).toBe('accepted');
  });

  it('adds an existing account to another organisation when that person accepts, signed in', async () => {
    // The Probation and Reintegration Service's administrator, for this test: its data protection officer.
    await t.db.system((tx) =>
      sql`UPDATE memberships SET roles = ARRAY['dpo', 'org_admin'] WHERE user_id = (SELECT id FROM users WHERE email = 'dpo@tandem.example')`.execute(tx),
    );
    const prsAdmin = await t.signIn('dpo@tandem.example');
    expect((await prsAdmin.post('/api/organisations/current/invitations', { email: 'viewer@tandem.example', displayName: 'Omar Haddad', roles: ['viewer'] })).statusCode).toBe(201);
    const token = await tokenMailedTo('viewer@tandem.example', 'invitation');
    expect((await t.client().post('/api/invitations/preview', { token })).json().accountExists).toBe(true);
    // Someone else, signed in, cannot take it.
    const other = await t.signIn('donor@tandem.example');
    expect((await other.post('/api/invitations/accept', { token })).statusCode).toBe(404);
    const omar = await t.signIn('viewer@tandem.example');
    expect((await omar.post('/api/invitations/accept', { token })).json()).toEqual({ accepted: true, newAccount: false });
    expect((await omar.get('/api/auth/me')).json().memberships).toHaveLength(2);
  });

  it('refuses duplicate invitations and invitations that grant platform administration', async () => {
    expect((await admin.post('/api/organisations/current/invitations', { email: 'caseworker@tandem.example', displayName: 'x', roles: ['viewer'] })).statusCode).toBe(409);
    expect((await admin.post('/api/organisations/current/invitations', { email: 'p@example.org', displayName: 'x', roles: ['platform_admin'] })).statusCode).toBe(400);
    await admin.post('/api/organisations/current/invitations', { email: 'twice@example.org', displayName: 'Twice', roles: ['viewer'] });
    expect((await admin.post('/api/organisations/current/invitations', { email: 'twice@example.org', displayName: 'Twice', roles: ['viewer'] })).statusCode).toBe(409);
  });

  it('lets only organisation administrators manage people', async () => {
    const caseworker = await t.signIn('caseworker@tandem.example');
    expect((await caseworker.post('/api/organisations/current/invitations', { email: 'x@example.org', displayName: 'X', roles: ['viewer'] })).statusCode).toBe(403);
    expect((await caseworker.get('/api/organisations/current/invitations')).statusCode).toBe(403);
    expect((await caseworker.get('/api/mail/outbox')).statusCode).toBe(403);
    expect((await caseworker.get('/api/organisations/current/members')).statusCode).toBe(403);
  });

  it('changes the roles of others, never one’s own, never to platform administrator', async () => {
    const me = (await admin.get('/api/auth/me')).json();
    const members = (await admin.get('/api/organisations/current/members')).json().members as Array<{ userId: string; email: string }>;
    const amina = members.find((m) => m.email === 'caseworker@tandem.example')!;
    expect((await admin.put(`/api/organisations/current/members/${me.user.id}/roles`, { roles: ['org_admin', 'caseworker'] })).statusCode).toBe(403);
    expect((await admin.put(`/api/organisations/current/members/${amina.userId}/roles`, { roles: ['platform_admin'] })).statusCode).toBe(400);
    expect((await admin.put(`/api/organisations/current/members/${amina.userId}/roles`, { roles: ['caseworker', 'dpo'] })).statusCode).toBe(204);
    const caseworker = await t.signIn('caseworker@tandem.example');
    expect((await caseworker.get('/api/auth/me')).json().roles).toEqual(['caseworker', 'dpo']);
    // A member of another organisation looks like nobody.
    const elsewhere = await t.db.system((tx) => tx.selectFrom('users').select('id').where('email', '=', 'coordinator@tandem.example').executeTakeFirstOrThrow());
    expect((await admin.put(`/api/organisations/current/members/${elsewhere.id}/roles`, { roles: ['viewer'] })).statusCode).toBe(404);
  });

  it('deactivates a member: their sessions end at once, and they can come back', async () => {
    const caseworker = await t.signIn('caseworker@tandem.example');
    const amina = (await caseworker.get('/api/auth/me')).json().user.id as string;
    expect((await admin.put(`/api/organisations/current/members/${amina}/status`, { status: 'deactivated' })).statusCode).toBe(204);
    expect((await caseworker.get('/api/auth/me')).statusCode).toBe(401);
    const again = await t.signIn('caseworker@tandem.example');
    expect((await again.get('/api/auth/me')).json()).toMatchObject({ memberships: [], activeOrgId: null, roles: [] });
    expect((await admin.put(`/api/organisations/current/members/${amina}/status`, { status: 'active' })).statusCode).toBe(204);
  });

  it('resets a forgotten password by e-mail, ending every session, without revealing accounts', async () => {
    const before = await t.signIn('monitor@tandem.example');
    const guest = t.client();
    expect((await guest.post('/api/auth/password-reset', { email: 'monitor@tandem.example' })).statusCode).toBe(202);
    expect((await guest.post('/api/auth/password-reset', { email: 'nobody@tandem.example' })).statusCode).toBe(202);
    const token = await tokenMailedTo('monitor@tandem.example', 'password_reset');
    expect((await guest.post('/api/auth/password-reset/complete', { token, password: 'Krasniqi2026!' })).statusCode).toBe(400);
    expect((await guest.post('/api/auth/password-reset/complete', { token, password: NEW_PASSWORD })).statusCode).toBe(204);
    expect((await guest.post('/api/auth/password-reset/complete', { token, password: NEW_PASSWORD })).statusCode).toBe(404);
    expect((await before.get('/api/auth/me')).statusCode).toBe(401);
    expect((await t.client().post('/api/auth/login', { email: 'monitor@tandem.example', password: DEMO_PASSWORD })).statusCode).toBe(401);
    expect((await t.client().post('/api/auth/login', { email: 'monitor@tandem.example', password: NEW_PASSWORD })).statusCode).toBe(200);
  });

  it('changes a password with the current one, ending the other sessions only', async () => {
    const first = await t.signIn('donor@tandem.example');
    const second = await t.signIn('donor@tandem.example');
    expect((await second.post('/api/auth/password', { currentPassword: 'wrong one here', newPassword: NEW_PASSWORD })).statusCode).toBe(401);
    expect((await second.post('/api/auth/password', { currentPassword: DEMO_PASSWORD, newPassword: 'lindqvist sara' })).statusCode).toBe(400);
    expect((await second.post('/api/auth/password', { currentPassword: DEMO_PASSWORD, newPassword: NEW_PASSWORD })).statusCode).toBe(204);
    expect((await first.get('/api/auth/me')).statusCode).toBe(401);
    expect((await second.get('/api/auth/me')).statusCode).toBe(200);
  });

  it('records every step in the audit trail', async () => {
    await t.sealAudit();
    const actions = await t.db.system(async (tx) => (await sql<{ action: string }>`SELECT DISTINCT action FROM audit_events`.execute(tx)).rows.map((r) => r.action));
    expect(actions).toEqual(
      expect.arrayContaining([
        'org.member.invite',
        'org.member.join',
        'org.member.roles',
        'org.member.deactivate',
        'org.member.reactivate',
        'mail.outbox.read',
        'auth.password_reset.request',
        'auth.password_reset.complete',
        'auth.password_change',
      ]),
    );
  });
});
