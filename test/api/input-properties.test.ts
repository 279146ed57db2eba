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
