// Property tests at the boundary: whatever a client sends to these endpoints, the answer is a
// 4xx problem (never a 500) and nothing changes in the database.
import fc from 'fast-check';
import { sql } from 'kysely';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { backends } from '../support/databases.ts';
import { createTestApp, type TestApp } from '../support/app.ts';
import type { TestClient } from '../support/client.ts';

describe.each(backends)('bad input on %s', (backend) => {
  let t: TestApp;
  let signedIn: TestClient;
  beforeAll(async () => {
    t = await createTestApp(backend);
    signedIn = await t.signIn('org-admin@tandem.example');
  });
  afterAll(() => t?.close());

  const snapshot = () =>
    t.db.system(async (tx) =>
      (await sql<{ s: number; u: string; m: string }>`
        SELECT (SELECT count(*)::int FROM sessions) AS s,
               (SELECT string_agg(id::text || display_name || locale, ',' ORDER BY id) FROM users) AS u,
               (SELECT string_agg(org_id::text || array_to_string(roles, '+'), ',' ORDER BY id) FROM memberships) AS m`.execute(tx)).rows[0],
    );

  const expectProblem = (status: number, body: string) => {
    expect(status).toBeGreaterThanOrEqual(400);
    expect(status).toBeLessThan(500);
    expect(JSON.parse(body)).toHaveProperty('code');
  };

  it('sign-in: any JSON that is not a valid e-mail and password', { timeout: 120_000 }, async () => {
    const before = await snapshot();
    await fc.assert(
      fc.asyncProperty(
        fc.oneof(
          fc.anything(),
          fc.record({ email: fc.string(), password: fc.string() }),
          fc.record({ email: fc.emailAddress(), password: fc.oneof(fc.string({ maxLength: 40 }), fc.integer(), fc.constant(null)) }),
        ),
        async (body) => {
          const res = await t.client().post('/api/auth/login', body === undefined ? null : body);
          expectProblem(res.statusCode, res.body);
        },
      ),
      { numRuns: 60 },
    );
    expect(await snapshot()).toEqual(before);
  });

  it('sign-in: arbitrary bytes as the body', async () => {
    const before = await snapshot();
    await fc.assert(
      fc.asyncProperty(fc.string({ maxLength: 200 }), async (raw) => {
        const res = await t.client().post('/api/auth/login', undefined, { rawBody: raw });
        expectProblem(res.statusCode, res.body);
      }),
      { numRuns: 60 },
    );
    expect(await snapshot()).toEqual(before);
  });

  it('switching organisation: anything but an id of an own organisation', async () => {
    const before = await snapshot();
    await fc.assert(
      fc.asyncProperty(fc.oneof(fc.anything(), fc.record({ orgId: fc.oneof(fc.uuid(), fc.string()) })), async (body) => {
        const res = await signedIn.put('/api/auth/organisation', body === undefined ? null : body);
        expectProblem(res.statusCode, res.body);
      }),
      { numRuns: 60 },
    );
    expect(await snapshot()).toEqual(before);
  });

  /** Everything a bad request must leave as it was (the audit trail and sign-in counters may grow). */
  const everything = () =>
    t.db.system(async (tx) =>
      (
        await sql<{ digest: string }>`SELECT concat_ws('|',
          (SELECT md5(coalesce(string_agg(x::text, ',' ORDER BY x::text), '')) FROM users x),
          (SELECT md5(coalesce(string_agg(x::text, ',' ORDER BY x::text), '')) FROM memberships x),
          (SELECT md5(coalesce(string_agg(x::text, ',' ORDER BY x::text), '')) FROM organisations x),
          (SELECT md5(coalesce(string_agg(x::text, ',' ORDER BY x::text), '')) FROM invitations x),
          (SELECT md5(coalesce(string_agg(x::text, ',' ORDER BY x::text), '')) FROM partnership_agreements x),
          (SELECT md5(coalesce(string_agg(x::text, ',' ORDER BY x::text), '')) FROM agreement_parties x),
          (SELECT md5(coalesce(string_agg(x::text, ',' ORDER BY x::text), '')) FROM password_resets x),
          (SELECT md5(coalesce(string_agg(x::text, ',' ORDER BY x::text), '')) FROM mail_outbox x)) AS digest`.execute(tx)
      ).rows[0]!.digest,
    );

  /** Values of every JSON type, and strings that look like what an attacker would try. */
  const nasty = fc.oneof(
    fc.anything(),
    fc.constantFrom('', ' ', "'; DROP TABLE users; --", '=cmd|x', '<script>x</script>', '\u0000', 'a'.repeat(5000), '00000000-0000-0000-0000-000000000000', '-1', '1e309'),
    fc.string(),
    fc.integer(),
  );
  const shaped = (keys: string[]) => fc.dictionary(fc.constantFrom(...keys), nasty, { maxKeys: keys.length });

  // Free-text fields alone (a suspension's reason) accept any text, so they are not listed here.
  const BODIES: Array<{ method: 'POST' | 'PUT'; url: () => string; keys: string[] }> = [
    { method: 'POST', url: () => '/api/organisations/current/invitations', keys: ['email', 'displayName', 'roles', 'locale'] },
    { method: 'PUT', url: () => `/api/organisations/current/members/${ids.member}/roles`, keys: ['roles'] },
    { method: 'PUT', url: () => `/api/organisations/current/members/${ids.member}/status`, keys: ['status'] },
    { method: 'PUT', url: () => '/api/organisations/current', keys: ['name', 'shortName', 'regions', 'areasOfWork', 'needDomains', 'languages', 'womenLed', 'genderExpertise', 'registrationStatus', 'visibility', 'description'] },
    { method: 'POST', url: () => '/api/agreements', keys: ['title', 'partnerOrgIds', 'services', 'regions', 'dataCategories', 'legalBasis', 'retentionMonths', 'validFrom', 'validUntil', 'reviewDate'] },
    { method: 'POST', url: () => `/api/agreements/${ids.agreement}/signatures`, keys: ['signatoryName', 'signatoryTitle'] },
    { method: 'POST', url: () => '/api/invitations/accept', keys: ['token', 'displayName', 'password'] },
    { method: 'POST', url: () => '/api/invitations/preview', keys: ['token'] },
    { method: 'POST', url: () => '/api/auth/password-reset/complete', keys: ['token', 'password'] },
    { method: 'POST', url: () => '/api/auth/password', keys: ['currentPassword', 'newPassword'] },
    { method: 'POST', url: () => '/api/auth/mfa/recovery-codes', keys: ['code'] },
  ];
  const ids: Record<string, string> = {};

  it.each(BODIES.map((b) => [b.method, b.keys.join(','), b] as const))('%s with {%s}: bad bodies change nothing', { timeout: 120_000 }, async (_m, _u, endpoint) => {
    if (!ids.member) {
      const members = (await signedIn.get('/api/organisations/current/members')).json().members as Array<{ userId: string; self: boolean }>;
      ids.member = members.find((m) => !m.self)!.userId;
      ids.agreement = ((await signedIn.get('/api/agreements')).json().agreements[0] as { id: string }).id;
    }
    const before = await everything();
    await fc.assert(
      fc.asyncProperty(fc.oneof(shaped(endpoint.keys), nasty), async (body) => {
        const res = await signedIn.request(endpoint.method, endpoint.url(), body === undefined ? null : body);
        expectProblem(res.statusCode, res.body);
      }),
      { numRuns: 40 },
    );
    expect(await everything()).toEqual(before);
  });

  it('query strings of the directory and the audit trail: anything malformed is a 400', async () => {
    const dpo = await t.signIn('dpo@tandem.example');
    await fc.assert(
      fc.asyncProperty(
        fc.constantFrom('domain', 'type', 'womenLed', 'region', 'language', 'country', 'area'),
        // Never a value some filter accepts (lower-case codes, a two-letter country).
        fc.string({ minLength: 1, maxLength: 30 }).filter((v) => !/^[a-z0-9_-]+$|^[A-Z]{2}$/.test(v)),
        async (key, value) => {
          const res = await signedIn.get(`/api/directory?${key}=${encodeURIComponent(value)}`);
          expectProblem(res.statusCode, res.body);
        },
      ),
      { numRuns: 40 },
    );
    await fc.assert(
      fc.asyncProperty(
        fc.constantFrom('user', 'org', 'from', 'to', 'limit', 'before', 'outcome'),
        fc.string({ minLength: 1, maxLength: 30 }).filter((v) => !/^\d+$/.test(v)),
        async (key, value) => {
          const res = await dpo.get(`/api/audit?${key}=${encodeURIComponent(value)}`);
          expectProblem(res.statusCode, res.body);
        },
      ),
      { numRuns: 40 },
    );
  });

  it('ending a session: any path segment that is not an own session', async () => {
    const before = await snapshot();
    await fc.assert(
      fc.asyncProperty(fc.oneof(fc.uuid(), fc.string({ minLength: 1, maxLength: 80 })), async (id) => {
        const res = await signedIn.delete(`/api/auth/sessions/${encodeURIComponent(id)}`);
        expectProblem(res.statusCode, res.body);
      }),
      { numRuns: 60 },
    );
    expect(await snapshot()).toEqual(before);
  });
});
