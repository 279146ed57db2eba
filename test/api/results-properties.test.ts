// Property tests of results frameworks and reported values: any body, path or id the schemas
// refuse gets a 4xx problem (never a 500) and leaves every results table as it was; a value whose
// disaggregates do not add up, a percentage whose numerator passes its denominator, or a period of
// another frequency is refused by the service's checks with a 400 and nothing stored; and values
// that fit are stored as sent, a large jump flagged and never refused.
import fc from 'fast-check';
import { sql } from 'kysely';
import type { ZodType } from 'zod';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { newFrameworkBody, newIndicatorBody, newNodeBody, publicationBody, reportBody, reviewBody, targetsBody } from '../../src/modules/monitoring/results-schema.ts';
import { textWithControl, refusedAsSent } from '../support/bad-input.ts';
import { backends } from '../support/databases.ts';
import { createTestApp, type TestApp } from '../support/app.ts';
import type { TestClient } from '../support/client.ts';
import { reportedIndicator, reportedValue } from '../support/results.ts';

describe.each(backends)('bad results input on %s', (backend) => {
  let t: TestApp;
  let owner: TestClient;
  let cso: TestClient;
  const ids: Record<string, string> = {};
  beforeAll(async () => {
    t = await createTestApp(backend);
    owner = await t.signIn('plan-coordinator@tandem.example');
    cso = await t.signIn('contributor@tandem.example');
    const wvn = await t.db.system((tx) => tx.selectFrom('organisations').select('id').where('short_name', '=', 'WVN').executeTakeFirstOrThrow());
    ids.wvn = wvn.id;
    ids.framework = (await owner.post('/api/results/frameworks', { kind: 'programme', programme: 'Programme for bad input', title: 'Framework for bad input', goal: 'A goal' })).json().id;
    ids.outcome = (await owner.post(`/api/results/frameworks/${ids.framework}/nodes`, { level: 'outcome', title: 'Outcome for bad input' })).json().id;
    ids.count = (await owner.post(`/api/results/frameworks/${ids.framework}/indicators`, reportedIndicator(ids.outcome!, wvn.id))).json().id;
    ids.share = (
      await owner.post(`/api/results/frameworks/${ids.framework}/indicators`, { ...reportedIndicator(ids.outcome!, wvn.id, 'A share for bad input'), unit: 'percentage', baseline: 10, targets: [] })
    ).json().id;
    ids.report = (await cso.post(`/api/results/indicators/${ids.count}/reports`, reportedValue('2026', 20))).json().id;
  });
  afterAll(() => t?.close());

  const everything = () =>
    t.db.system(async (tx) =>
      (
        await sql<{ digest: string }>`SELECT concat_ws('|',
          (SELECT md5(coalesce(string_agg(x::text, ',' ORDER BY x::text), '')) FROM results_frameworks x),
          (SELECT md5(coalesce(string_agg(x::text, ',' ORDER BY x::text), '')) FROM results_nodes x),
          (SELECT md5(coalesce(string_agg(x::text, ',' ORDER BY x::text), '')) FROM results_indicators x),
          (SELECT md5(coalesce(string_agg(x::text, ',' ORDER BY x::text), '')) FROM results_targets x),
          (SELECT md5(coalesce(string_agg(x::text, ',' ORDER BY x::text), '')) FROM results_reports x),
          (SELECT md5(coalesce(string_agg(x::text, ',' ORDER BY x::text), '')) FROM results_report_versions x),
          (SELECT md5(coalesce(string_agg(x::text, ',' ORDER BY x::text), '')) FROM results_reviews x)) AS digest`.execute(tx)
      ).rows[0]!.digest,
    );

  const nasty = fc.oneof(
    fc.anything(),
    fc.constantFrom('', ' ', "'; DROP TABLE results_reports; --", '\u0000', 'a'.repeat(60_000), '2027-Q5', '2027-H3', '2027-13', '1999', 'percentage', 'computed',
      'open_cases', ['sex', 'sex'], ['colour'], [], -1, 0, 101, 1e13, Number.NaN, true, null, [{ dimension: 'sex', group: 'female', value: -1 }]),
    fc.string(),
    fc.double(),
  );
  const shaped = (keys: string[]) => fc.dictionary(fc.constantFrom(...keys), nasty, { maxKeys: keys.length });

  type Endpoint = { name: string; method: 'POST' | 'PUT'; url: () => string; client: () => TestClient; base: () => Record<string, unknown>; schema: ZodType };
  const ENDPOINTS: Endpoint[] = [
    { name: 'new framework', method: 'POST', url: () => '/api/results/frameworks', client: () => owner, base: () => ({ kind: 'programme', programme: 'P x', title: 'T x', goal: 'G x' }), schema: newFrameworkBody },
    { name: 'new node', method: 'POST', url: () => `/api/results/frameworks/${ids.framework}/nodes`, client: () => owner, base: () => ({ level: 'output', parentId: ids.outcome, title: 'Output' }), schema: newNodeBody },
    { name: 'new indicator', method: 'POST', url: () => `/api/results/frameworks/${ids.framework}/indicators`, client: () => owner, base: () => reportedIndicator(ids.outcome!, ids.wvn!), schema: newIndicatorBody },
    { name: 'targets', method: 'PUT', url: () => `/api/results/indicators/${ids.count}/targets`, client: () => owner, base: () => ({ targets: [{ period: '2027', value: 3 }] }), schema: targetsBody },
    { name: 'report', method: 'POST', url: () => `/api/results/indicators/${ids.count}/reports`, client: () => cso, base: () => reportedValue('2027'), schema: reportBody },
    { name: 'publication', method: 'POST', url: () => `/api/results/indicators/${ids.count}/publication`, client: () => owner, base: () => ({ published: true }), schema: publicationBody },
    { name: 'review', method: 'POST', url: () => `/api/results/reports/${ids.report}/review`, client: () => owner, base: () => ({ decision: 'return', version: 1, reason: 'Check it' }), schema: reviewBody },
  ];

  it.each(ENDPOINTS.map((e) => [e.name, e] as const))('%s: bodies the schema refuses change nothing', { timeout: 180_000 }, async (_name, endpoint) => {
    const before = await everything();
    const keys = Object.keys(endpoint.base());
    await fc.assert(
      fc.asyncProperty(
        fc.oneof(shaped(keys), shaped(keys).map((b) => ({ ...endpoint.base(), ...b })), nasty).filter(refusedAsSent(endpoint.schema)),
        async (body) => {
          const res = await endpoint.client().request(endpoint.method, endpoint.url(), body === undefined ? null : body);
          expect(res.statusCode, res.body.slice(0, 200)).toBeGreaterThanOrEqual(400);
          expect(res.statusCode).toBeLessThan(500);
          expect(JSON.parse(res.body)).toHaveProperty('code');
        },
      ),
      { numRuns: 30 },
    );
    expect(await everything()).toEqual(before);
  });

  it('texts with control characters answer 400 and change nothing', { timeout: 120_000 }, async () => {
    const before = await everything();
    await fc.assert(
      fc.asyncProperty(textWithControl, async (bad) => {
        expect((await owner.post(`/api/results/frameworks/${ids.framework}/nodes`, { level: 'outcome', title: bad })).statusCode).toBe(400);
        expect((await cso.post(`/api/results/indicators/${ids.count}/reports`, { ...reportedValue('2027'), evidence: bad })).statusCode).toBe(400);
      }),
      { numRuns: 20 },
    );
    expect(await everything()).toEqual(before);
  });

  it('disaggregates that do not add up, numerators above denominators and periods of another frequency are refused, and store nothing', { timeout: 180_000 }, async () => {
    const before = await everything();
    await fc.assert(
      fc.asyncProperty(
        fc.integer({ min: 0, max: 500 }),
        fc.integer({ min: 0, max: 500 }),
        fc.integer({ min: -50, max: 50 }).filter((d) => d !== 0),
        fc.constantFrom('2028-Q1', '2028-H1', '2028-04'),
        async (female, male, off, wrongPeriod) => {
          const value = {
            ...reportedValue('2028', female + male),
            disaggregates: [
              { dimension: 'sex', group: 'female', value: female },
              { dimension: 'sex', group: 'male', value: Math.max(0, male + off) },
            ],
          };
          if (Math.max(0, male + off) !== male) expect((await cso.post(`/api/results/indicators/${ids.count}/reports`, value)).statusCode).toBe(400);
          expect((await cso.post(`/api/results/indicators/${ids.count}/reports`, { ...reportedValue('2028', female + male), disaggregates: [], period: wrongPeriod })).statusCode).toBe(400);
          const den = female + male + 1;
          expect((await cso.post(`/api/results/indicators/${ids.share}/reports`, { period: '2028', numerator: den + Math.abs(off), denominator: den, evidence: 'Evidence' })).statusCode).toBe(400);
          expect(
            (await cso.post(`/api/results/indicators/${ids.share}/reports`, {
              period: '2028',
              numerator: female,
              denominator: den,
              disaggregates: [{ dimension: 'sex', group: 'female', numerator: female, denominator: den + Math.abs(off) }],
              evidence: 'Evidence',
            })).statusCode,
          ).toBe(400);
        },
      ),
      { numRuns: 25 },
    );
    expect(await everything()).toEqual(before);
  });

  it('values that fit are stored as sent; a jump of more than half is flagged, not refused', { timeout: 180_000 }, async () => {
    let year = 2030;
    await fc.assert(
      fc.asyncProperty(fc.integer({ min: 0, max: 1000 }), fc.integer({ min: 0, max: 1000 }), async (female, male) => {
        const period = String(year++);
        const res = await cso.post(`/api/results/indicators/${ids.count}/reports`, {
          ...reportedValue(period, female + male),
          disaggregates: [
            { dimension: 'sex', group: 'female', value: female },
            { dimension: 'sex', group: 'male', value: male },
          ],
        });
        expect(res.statusCode, res.body).toBe(201);
        const saved = res.json() as { value: number; jumpFrom: number | null };
        expect(saved.value).toBe(female + male);
        const before = await t.db.system(async (tx) =>
          (
            await sql<{ value: string | number }>`SELECT v.value FROM results_reports r JOIN results_report_versions v ON v.report_id = r.id AND v.version = r.current_version
              WHERE r.indicator_id = ${ids.count} AND r.period < ${period} ORDER BY r.period DESC LIMIT 1`.execute(tx)
          ).rows[0],
        );
        const prev = Number(before!.value);
        const jumped = prev === 0 ? female + male > 0 : Math.abs(female + male - prev) / prev > 0.5;
        expect(saved.jumpFrom).toBe(jumped ? prev : null);
      }),
      { numRuns: 15 },
    );
  });
});
