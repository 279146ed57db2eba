// Property tests of the report, figures, export and public plan endpoints: any path parameter or
// query the schema refuses gets a 4xx problem (never a 500), these reads change no table, and
// a plan id that is not a published plan's is 404 on every public path.
import fc from 'fast-check';
import { sql } from 'kysely';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { backends } from '../support/databases.ts';
import { createTestApp, type TestApp } from '../support/app.ts';
import type { TestClient } from '../support/client.ts';

describe.each(backends)('bad report and public plan input on %s', (backend) => {
  let t: TestApp;
  let coordinator: TestClient;
  let nobody: TestClient;
  let plan: string;
  beforeAll(async () => {
    t = await createTestApp(backend);
    coordinator = await t.signIn('plan-coordinator@tandem.example');
    nobody = t.client();
    plan = (await t.db.system((tx) => tx.selectFrom('plans').select('id').executeTakeFirstOrThrow())).id;
  });
  afterAll(() => t?.close());

  const everything = () =>
    t.db.system(async (tx) =>
      (
        await sql<{ digest: string }>`SELECT concat_ws('|',
          (SELECT md5(coalesce(string_agg(x::text, ',' ORDER BY x::text), '')) FROM plans x),
          (SELECT md5(coalesce(string_agg(x::text, ',' ORDER BY x::text), '')) FROM contributions x),
          (SELECT md5(coalesce(string_agg(x::text, ',' ORDER BY x::text), '')) FROM commitments x),
          (SELECT count(*)::text FROM plan_files)) AS digest`.execute(tx)
      ).rows[0]!.digest,
    );

  const segment = fc.oneof(
    fc.constantFrom('', ' ', "'; DROP TABLE plans; --", '%00', '..', '00000000-0000-0000-0000-000000000000', 'pdf', 'csv', 'xlsx', '%E2%80%AE'),
    fc.string({ maxLength: 60 }),
    fc.uuid(),
  );
  const enc = (s: string) => encodeURIComponent(s);

  const PATHS: Array<{ name: string; make: (id: string, extra: string) => string }> = [
    { name: 'report', make: (id) => `/api/plans/${id}/report` },
    { name: 'document', make: (id) => `/api/documents/${id}` },
    { name: 'document file', make: (id) => `/api/documents/${id}/file` },
    { name: 'figures', make: (id) => `/api/plans/${id}/figures` },
    { name: 'export', make: (id, format) => `/api/plans/${id}/exports/contributions.${format}` },
    { name: 'public plan', make: (id) => `/api/public/plans/${id}` },
    { name: 'public commitment', make: (id, other) => `/api/public/plans/${id}/commitments/${other}` },
    { name: 'public report pdf', make: (id, lang) => `/api/public/plans/${id}/report.pdf?lang=${lang}` },
    { name: 'public export', make: (id, format) => `/api/public/plans/${id}/exports/commitments.${format}` },
    { name: 'public file', make: (id, other) => `/api/public/plans/${id}/files/${other}` },
  ];

  it.each(PATHS.map((p) => [p.name, p] as const))('%s: odd ids and queries get a 4xx and change nothing', { timeout: 120_000 }, async (_name, endpoint) => {
    const before = await everything();
    await fc.assert(
      fc.asyncProperty(segment, segment, fc.boolean(), async (id, extra, realPlan) => {
        const url = endpoint.make(realPlan ? plan : enc(id), enc(extra));
        for (const client of [coordinator, nobody]) {
          const res = await client.get(url);
          // A real plan with a valid rest of the path may answer; anything else is a 4xx, never a 5xx.
          expect(res.statusCode, `${url} → ${res.body.slice(0, 200)}`).toBeLessThan(500);
          if (res.statusCode >= 400) expect(res.headers['content-type']).toMatch(/problem\+json|json/);
        }
      }),
      { numRuns: 25 },
    );
    expect(await everything()).toBe(before);
  });

  it('answers 404 on every public path for any id that is not a published plan', async () => {
    await fc.assert(
      fc.asyncProperty(fc.uuid(), async (id) => {
        for (const p of ['', '/report', '/figures', '/report.pdf', '/exports/contributions.csv']) {
          expect((await nobody.get(`/api/public/plans/${id}${p}`)).statusCode).toBe(404);
        }
      }),
      { numRuns: 15 },
    );
  });

  it('refuses unknown query parameters and languages', async () => {
    expect((await nobody.get(`/api/public/plans/${plan}/report.pdf?lang=xx`)).statusCode).toBe(400);
    expect((await nobody.get(`/api/public/plans/${plan}/report.pdf?lang=en&debug=1`)).statusCode).toBe(400);
    expect((await nobody.get(`/api/public/plans/${plan}/exports/contributions.xml`)).statusCode).toBe(400);
    // Made in the background: 202 with the document to follow.
    expect((await nobody.get(`/api/public/plans/${plan}/report.pdf`)).statusCode).toBe(202);
    expect((await coordinator.post(`/api/plans/${plan}/report/pdf?lang=xx`)).statusCode).toBe(400);
    expect((await coordinator.post(`/api/plans/${plan}/report/pdf?lang=en&debug=1`)).statusCode).toBe(400);
  });
});
