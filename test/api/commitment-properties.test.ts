// Property tests of the commitment endpoints: any body the schema refuses gets a 4xx problem
// (never a 500) and leaves commitments, their parts, progress, assessments and the audit trail
// as they were; ids in the path that are not of the plan answer 4xx.
import fc from 'fast-check';
import { sql } from 'kysely';
import type { ZodType } from 'zod';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { DEMO_PLAN_TITLE } from '../../src/demo/plans.ts';
import { assessmentBody, commitmentBody, commitmentUpdateBody, progressBody } from '../../src/modules/planning/commitment-schema.ts';
import { outOfRangeDay, textWithControl, refusedAsSent } from '../support/bad-input.ts';
import { backends } from '../support/databases.ts';
import { createTestApp, type TestApp } from '../support/app.ts';
import type { TestClient } from '../support/client.ts';

describe.each(backends)('bad commitment input on %s', (backend) => {
  let t: TestApp;
  const c: Record<string, TestClient> = {};
  const ids: Record<string, string> = {};
  beforeAll(async () => {
    t = await createTestApp(backend);
    ids.plan = (await t.db.system((tx) => tx.selectFrom('plans').select('id').where('title', '=', DEMO_PLAN_TITLE).executeTakeFirstOrThrow())).id;
    for (const ref of ['XM-1', 'XM-2', 'XM-3']) {
      ids[ref] = (await t.db.system((tx) => tx.selectFrom('commitments').select('id').where('reference', '=', ref).executeTakeFirstOrThrow())).id;
    }
    ids.milestone = (await t.db.system((tx) => tx.selectFrom('commitment_milestones').select('id').where('commitment_id', '=', ids['XM-2']!).executeTakeFirstOrThrow())).id;
    ids.prs = (await t.db.system((tx) => tx.selectFrom('organisations').select('id').where('short_name', '=', 'PRS').executeTakeFirstOrThrow())).id;
    c.coordinator = await t.signIn('plan-coordinator@tandem.example');
    c.mlsp = await t.signIn('labour-focal-point@tandem.example');
    c.sil = await t.signIn('sisters-learning@tandem.example');
  });
  afterAll(() => t?.close());

  const everything = () =>
    t.db.system(async (tx) =>
      (
        await sql<{ digest: string }>`SELECT concat_ws('|',
          (SELECT md5(coalesce(string_agg(x::text, ',' ORDER BY x::text), '')) FROM commitments x),
          (SELECT md5(coalesce(string_agg(x::text, ',' ORDER BY x::text), '')) FROM commitment_bodies x),
          (SELECT md5(coalesce(string_agg(x::text, ',' ORDER BY x::text), '')) FROM commitment_milestones x),
          (SELECT md5(coalesce(string_agg(x::text, ',' ORDER BY x::text), '')) FROM commitment_indicators x),
          (SELECT md5(coalesce(string_agg(x::text, ',' ORDER BY x::text), '')) FROM commitment_progress x),
          (SELECT md5(coalesce(string_agg(x::text, ',' ORDER BY x::text), '')) FROM commitment_assessments x),
          (SELECT count(*)::text FROM audit_events WHERE action LIKE 'plan.commitment.%')) AS digest`.execute(tx)
      ).rows[0]!.digest,
    );

  const nasty = fc.oneof(
    fc.anything(),
    fc.constantFrom('', ' ', "'; DROP TABLE commitments; --", '<script>x</script>', '\u0000', 'a'.repeat(9_000), '00000000-0000-0000-0000-000000000000', '2026-02-30', '-1', 'complete', 'responsible', 'EUR', 3, -1, 1e20, 0.001),
    fc.string(),
    fc.integer(),
    fc.double(),
    fc.array(fc.record({ orgId: fc.oneof(fc.uuid(), fc.string()), role: fc.string(), title: fc.string(), deliverable: fc.string(), dueOn: fc.string(), name: fc.string(), unit: fc.string() }), { maxLength: 3 }),
    fc.record({ amount: fc.oneof(fc.double(), fc.string()), currency: fc.oneof(fc.constantFrom('EUR', 'XYZ', 'usd'), fc.string()) }, { requiredKeys: [] }),
  );
  const shaped = (keys: string[]) => fc.dictionary(fc.constantFrom(...keys), nasty, { maxKeys: keys.length });
  const COMMITMENT_KEYS = ['reference', 'title', 'objective', 'problem', 'leadOrgId', 'startsOn', 'endsOn', 'bodies', 'milestones', 'indicators', 'budget', 'budgetNotes', 'genderMarker', 'genderJustification', 'communicationMechanism'];
  /** A valid commitment with one field spoiled: closer to what a form sends than random keys. */
  const almost = fc.tuple(fc.constantFrom(...COMMITMENT_KEYS), nasty).map(([key, value]) => ({
    reference: 'P-1',
    title: 'A title',
    objective: 'An objective',
    problem: 'A problem',
    leadOrgId: ids.prs,
    startsOn: '2027-01-01',
    endsOn: '2028-01-01',
    bodies: [],
    milestones: [],
    indicators: [],
    budget: null,
    genderMarker: 0,
    genderJustification: 'Not targeted on gender.',
    communicationMechanism: 'A yearly note',
    [key]: value,
  }));

  const BODIES: Array<{ name: string; client: string; method: 'POST' | 'PATCH'; url: () => string; keys: string[]; extra?: fc.Arbitrary<unknown>; schema: ZodType }> = [
    { name: 'new commitment', client: 'coordinator', method: 'POST', url: () => `/api/plans/${ids.plan}/commitments`, keys: COMMITMENT_KEYS, extra: almost, schema: commitmentBody },
    { name: 'commitment change', client: 'coordinator', method: 'PATCH', url: () => `/api/plans/${ids.plan}/commitments/${ids['XM-3']}`, keys: COMMITMENT_KEYS.slice(1), schema: commitmentUpdateBody },
    { name: 'progress', client: 'mlsp', method: 'POST', url: () => `/api/plans/${ids.plan}/commitments/${ids['XM-2']}/progress`, keys: ['reportedOn', 'completion', 'body', 'milestoneId', 'milestoneDone'], schema: progressBody },
    { name: 'assessment', client: 'sil', method: 'POST', url: () => `/api/plans/${ids.plan}/commitments/${ids['XM-1']}/assessments`, keys: ['assessedOn', 'completion', 'reasons'], schema: assessmentBody },
  ];

  it.each(BODIES.map((b) => [b.name, b] as const))('%s: bodies the schema refuses change nothing', { timeout: 180_000 }, async (_name, endpoint) => {
    const before = await everything();
    const candidates = endpoint.extra ? fc.oneof(shaped(endpoint.keys), nasty, endpoint.extra) : fc.oneof(shaped(endpoint.keys), nasty);
    await fc.assert(
      fc.asyncProperty(
        candidates.filter(refusedAsSent(endpoint.schema)),
        async (body) => {
          const res = await c[endpoint.client]!.request(endpoint.method, endpoint.url(), body === undefined ? null : body);
          expect(res.statusCode, res.body.slice(0, 200)).toBeGreaterThanOrEqual(400);
          expect(res.statusCode).toBeLessThan(500);
          expect(JSON.parse(res.body)).toHaveProperty('code');
        },
      ),
      { numRuns: 40 },
    );
    expect(await everything()).toEqual(before);
  });

  it('days outside the years 1900–2200 and texts with control characters answer 400 and change nothing', { timeout: 180_000 }, async () => {
    const before = await everything();
    const commitment = (over: Record<string, unknown>) => ({
      reference: 'P-2',
      title: 'A title',
      objective: 'An objective',
      problem: 'A problem',
      leadOrgId: ids.prs,
      startsOn: '2027-01-01',
      endsOn: '2028-01-01',
      bodies: [],
      milestones: [],
      indicators: [],
      genderMarker: 0,
      genderJustification: 'Not targeted on gender.',
      communicationMechanism: 'A yearly note',
      ...over,
    });
    await fc.assert(
      fc.asyncProperty(outOfRangeDay, textWithControl, async (day, bad) => {
        const attempts: Array<[string, 'POST' | 'PATCH', string, unknown]> = [
          ['coordinator', 'POST', `/api/plans/${ids.plan}/commitments`, commitment({ startsOn: day, endsOn: day })],
          ['coordinator', 'POST', `/api/plans/${ids.plan}/commitments`, commitment({ milestones: [{ title: 'A milestone', deliverable: 'A deliverable', dueOn: day }] })],
          ['coordinator', 'POST', `/api/plans/${ids.plan}/commitments`, commitment({ objective: bad })],
          ['coordinator', 'POST', `/api/plans/${ids.plan}/commitments`, commitment({ budgetNotes: bad })],
          ['coordinator', 'PATCH', `/api/plans/${ids.plan}/commitments/${ids['XM-3']}`, { endsOn: day }],
          ['coordinator', 'PATCH', `/api/plans/${ids.plan}/commitments/${ids['XM-3']}`, { indicators: [{ name: bad, unit: 'people' }] }],
          ['mlsp', 'POST', `/api/plans/${ids.plan}/commitments/${ids['XM-2']}/progress`, { reportedOn: day, completion: 'limited', body: 'Some progress made' }],
          ['mlsp', 'POST', `/api/plans/${ids.plan}/commitments/${ids['XM-2']}/progress`, { reportedOn: '2026-01-01', completion: 'limited', body: bad }],
          ['sil', 'POST', `/api/plans/${ids.plan}/commitments/${ids['XM-1']}/assessments`, { assessedOn: day, completion: 'limited', reasons: 'Reasons enough for this' }],
          ['sil', 'POST', `/api/plans/${ids.plan}/commitments/${ids['XM-1']}/assessments`, { assessedOn: '2026-01-01', completion: 'limited', reasons: bad }],
        ];
        for (const [client, method, url, body] of attempts) {
          const res = await c[client]!.request(method, url, body);
          expect(res.statusCode, `${method} ${url} ${JSON.stringify(body)} ${res.body.slice(0, 200)}`).toBe(400);
        }
      }),
      { numRuns: 15 },
    );
    expect(await everything()).toEqual(before);
  });

  it('ids in the path that are not of this plan answer 4xx and change nothing', { timeout: 120_000 }, async () => {
    const before = await everything();
    await fc.assert(
      // "." and ".." are path segments a URL resolves away, not ids.
      fc.asyncProperty(fc.oneof(fc.uuid(), fc.string({ minLength: 1, maxLength: 60 }).filter((s) => s !== '.' && s !== '..')), async (id) => {
        const seg = encodeURIComponent(id);
        for (const [client, method, url, body] of [
          ['coordinator', 'GET', `/api/plans/${seg}/commitments`, undefined],
          ['coordinator', 'GET', `/api/plans/${ids.plan}/commitments/${seg}`, undefined],
          ['coordinator', 'PATCH', `/api/plans/${ids.plan}/commitments/${seg}`, { title: 'Renamed' }],
          ['mlsp', 'POST', `/api/plans/${ids.plan}/commitments/${seg}/progress`, { reportedOn: '2026-01-01', completion: 'limited', body: 'Progress' }],
          ['sil', 'POST', `/api/plans/${ids.plan}/commitments/${seg}/assessments`, { assessedOn: '2026-01-01', completion: 'limited', reasons: 'Reasons enough' }],
          ['mlsp', 'POST', `/api/plans/${ids.plan}/commitments/${ids['XM-2']}/progress`, { reportedOn: '2026-01-01', completion: 'limited', body: 'Progress', milestoneId: id, milestoneDone: true }],
        ] as const) {
          const res = await c[client]!.request(method, url, body);
          expect(res.statusCode, `${method} ${url}`).toBeGreaterThanOrEqual(400);
          expect(res.statusCode).toBeLessThan(500);
        }
      }),
      { numRuns: 25 },
    );
    expect(await everything()).toEqual(before);
  });
});
