// Brute force, the second factor (enrolment, use, recovery codes, replay) and the audit of sign-in.
import { sql } from 'kysely';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { generate } from 'otplib';
import { createAccount } from '../../src/modules/identity/setup.ts';
import { THROTTLE } from '../../src/modules/identity/throttle.ts';
import { backends } from '../support/databases.ts';
import { createTestApp, type TestApp } from '../support/app.ts';
import { DEMO_PASSWORD } from '../support/test-config.ts';

describe.each(backends)('sign-in security on %s', (backend) => {
  let t: TestApp;
  let bpcId: string;
  beforeAll(async () => {
    t = await createTestApp(backend);
    bpcId = (await t.db.system((tx) =>
      tx.selectFrom('organisations').select('id').where('name', '=', 'Bridge Psychosocial Centre').executeTakeFirstOrThrow(),
    )).id;
  });
  afterAll(() => t?.close());

  const newPerson = (email: string, roles: Parameters<typeof createAccount>[1]['roles']) =>
    t.db.system((tx) => createAccount(tx, { email, displayName: 'New Person', password: DEMO_PASSWORD, orgId: bpcId, roles }));

  const auditRows = (action: string) =>
    t.db.system(async (tx) =>
      (await sql<{ outcome: string; actor_user_id: string | null; details: Record<string, unknown> }>`
        SELECT outcome, actor_user_id, details FROM audit_events WHERE action = ${action} ORDER BY id`.execute(tx)).rows,
    );

  it('locks an account after repeated failures, whatever is tried next, and records it', async () => {
    await newPerson('lockme@tandem.example', ['viewer']);
    const c = t.client({ remoteAddress: '10.0.0.1' });
    for (let i = 0; i < THROTTLE.accountFailures; i++) {
      expect((await c.post('/api/auth/login', { email: 'lockme@tandem.example', password: `wrong ${i} password` })).statusCode).toBe(401);
    }
    const locked = await c.post('/api/auth/login', { email: 'lockme@tandem.example', password: DEMO_PASSWORD });
    expect(locked.statusCode).toBe(429);
    expect(Number(locked.headers['retry-after'])).toBeGreaterThan(60);
    const rows = await auditRows('auth.sign_in');
    expect(rows.filter((r) => r.outcome === 'failure' && r.details.locked === true)).toHaveLength(1);
    expect(rows.at(-1)).toMatchObject({ outcome: 'denied', details: { reason: 'locked' } });

    // The lock ends by itself.
    await t.db.system((tx) => sql`UPDATE sign_in_throttle SET locked_until = now() - interval '1 second'`.execute(tx));
    expect((await c.post('/api/auth/login', { email: 'lockme@tandem.example', password: DEMO_PASSWORD })).statusCode).toBe(200);
  });

  it('locks an unknown address the same way, revealing nothing about existence', async () => {
    const c = t.client({ remoteAddress: '10.0.0.2' });
    const answers = [];
    for (let i = 0; i <= THROTTLE.accountFailures; i++) {
      answers.push((await c.post('/api/auth/login', { email: 'nobody-here@tandem.example', password: 'whatever it is' })).statusCode);
    }
    expect(answers).toEqual([401, 401, 401, 401, 401, 429]);
  });

  it('locks a client address that tries many accounts', async () => {
    const c = t.client({ remoteAddress: '10.0.0.3' });
    for (let i = 0; i < THROTTLE.addressFailures; i++) {
      await c.post('/api/auth/login', { email: `spray${i}@tandem.example`, password: 'Summer2026!!' });
    }
    expect((await c.post('/api/auth/login', { email: 'viewer@tandem.example', password: DEMO_PASSWORD })).statusCode).toBe(429);
    // Another address is not affected.
    expect((await t.client({ remoteAddress: '10.0.0.4' }).post('/api/auth/login', { email: 'viewer@tandem.example', password: DEMO_PASSWORD })).statusCode).toBe(200);
  });

  it('takes about as long for an unknown e-mail as for a wrong password', async () => {
    const timeOf = async (email: string, i: number) => {
      const c = t.client({ remoteAddress: `10.1.0.${i}` });
      const started = performance.now();
      await c.post('/api/auth/login', { email, password: 'not the password' });
      return performance.now() - started;
    };
    const known: number[] = [];
    const unknown: number[] = [];
    for (let i = 0; i < 4; i++) {
      known.push(await timeOf('donor@tandem.example', i));
      unknown.push(await timeOf(`ghost${i}@tandem.example`, 100 + i));
    }
    const median = (xs: number[]) => [...xs].sort((a, b) => a - b)[Math.floor(xs.length / 2)]!;
    const ratio = median(unknown) / median(known);
    expect(ratio).toBeGreaterThan(0.5);
    expect(ratio).toBeLessThan(2);
  });

  it('sends a person whose role needs a second factor to enrolment, and lets them do nothing else', async () => {
    await newPerson('new-caseworker@tandem.example', ['caseworker']);
    const c = t.client();
    const login = await c.post('/api/auth/login', { email: 'new-caseworker@tandem.example', password: DEMO_PASSWORD });
    expect(login.json()).toMatchObject({ mfaRequired: false, stage: 'enrolment_required', roles: [], abilities: [], activeOrgId: null });
    expect((await c.get('/api/organisations/current/members')).json().code).toBe('mfa_required');
    expect((await c.get('/api/auth/sessions')).json().code).toBe('mfa_required');

    const { secret, otpauthUri } = (await c.post('/api/auth/mfa/enrolment')).json() as { secret: string; otpauthUri: string };
    expect(otpauthUri).toMatch(/^otpauth:\/\/totp\/Tandem:new-caseworker%40tandem\.example\?.*secret=/);
    expect((await c.post('/api/auth/mfa/enrolment/confirm', { code: '000000' })).statusCode).toBe(401);
    const confirmed = await c.post('/api/auth/mfa/enrolment/confirm', { code: await generate({ secret }) });
    expect(confirmed.statusCode).toBe(200);
    const { recoveryCodes } = confirmed.json() as { recoveryCodes: string[] };
    expect(recoveryCodes).toHaveLength(10);
    expect(new Set(recoveryCodes).size).toBe(10);

    const me = (await c.get('/api/auth/me')).json();
    expect(me).toMatchObject({ stage: 'complete', roles: ['caseworker'], mfa: { enrolled: true, recoveryCodesLeft: 10 } });
    expect((await c.post('/api/auth/mfa/enrolment')).statusCode).toBe(409);

    // Next time: the second factor is asked; a recovery code works once.
    const again = t.client();
    expect((await again.post('/api/auth/login', { email: 'new-caseworker@tandem.example', password: DEMO_PASSWORD })).json()).toEqual({ mfaRequired: true });
    expect((await again.post('/api/auth/mfa', { code: recoveryCodes[0]!.toUpperCase() })).statusCode).toBe(200);
    expect((await again.get('/api/auth/me')).json().mfa.recoveryCodesLeft).toBe(9);
    const third = t.client();
    await third.post('/api/auth/login', { email: 'new-caseworker@tandem.example', password: DEMO_PASSWORD });
    expect((await third.post('/api/auth/mfa', { code: recoveryCodes[0]! })).statusCode).toBe(401);
    const methods = (await auditRows('auth.second_factor')).map((r) => `${r.outcome}:${String(r.details.method)}`);
    expect(methods).toEqual(expect.arrayContaining(['success:recovery_code', 'failure:recovery_code']));
  });

  it('accepts each authenticator code once', async () => {
    const code = await t.totpCode('dpo@tandem.example');
    const first = t.client();
    await first.post('/api/auth/login', { email: 'dpo@tandem.example', password: DEMO_PASSWORD });
    expect((await first.post('/api/auth/mfa', { code })).statusCode).toBe(200);
    const second = t.client();
    await second.post('/api/auth/login', { email: 'dpo@tandem.example', password: DEMO_PASSWORD });
    expect((await second.post('/api/auth/mfa', { code })).statusCode).toBe(401);
  });

  it('replaces recovery codes only on a current code', async () => {
    const c = await t.signIn('org-admin@tandem.example');
    expect((await c.post('/api/auth/mfa/recovery-codes', { code: '000000' })).statusCode).toBe(401);
    const res = await c.post('/api/auth/mfa/recovery-codes', { code: await t.totpCode('org-admin@tandem.example') });
    expect(res.statusCode).toBe(200);
    expect(res.json().recoveryCodes).toHaveLength(10);
  });
});
