// Property tests of the funding endpoints: any body or path the schemas refuse gets a 4xx problem
// (never a 500) and leaves calls, applications, assignments and scores as they were; texts with
// control characters, days outside 1900–2200, weights that do not add up to 100, amounts with more
// than two decimals and scores outside 0–10 are refused. The pure rules (weighted sums, budget
// totals in cents, eligibility) hold for any input.
import fc from 'fast-check';
import { sql } from 'kysely';
import type { ZodType } from 'zod';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { eligibility, meanScore, totalOf, weightedSum } from '../../src/modules/funding/policy.ts';
import { applicationBody, assignBody, callBody, decisionBody, declarationBody, deadlineBody, scoresBody } from '../../src/modules/funding/schema.ts';
import { outOfRangeDay, textWithControl, refusedAsSent } from '../support/bad-input.ts';
import { backends } from '../support/databases.ts';
import { createTestApp, type TestApp } from '../support/app.ts';
import type { TestClient } from '../support/client.ts';
import { fundingAnswers, fundingBudget, fundingCall } from '../support/funding.ts';

describe('funding rules for any input', () => {
  const criteria = fc
    .array(fc.integer({ min: 1, max: 100 }), { minLength: 1, maxLength: 12 })
    .filter((w) => w.reduce((a, b) => a + b, 0) <= 100)
    .map((w) => {
      const rest = 100 - w.reduce((a, b) => a + b, 0);
      const weights = rest > 0 ? [...w, rest] : w;
      return weights.map((weight, i) => ({ key: `c${i}`, weight }));
    });

  it('keeps a weighted sum between 0 and 100, at 100 only for full marks, and null while a criterion is unscored', () => {
    fc.assert(
      fc.property(criteria, fc.array(fc.integer({ min: 0, max: 10 }), { minLength: 13, maxLength: 13 }), (cs, scores) => {
        const all = cs.map((c, i) => ({ criterion: c.key, score: scores[i]! }));
        const sum = weightedSum(cs, all)!;
        expect(sum).toBeGreaterThanOrEqual(0);
        expect(sum).toBeLessThanOrEqual(100);
        expect(sum === 100).toBe(all.every((s) => s.score === 10));
        expect(weightedSum(cs, all.slice(1))).toBeNull();
      }),
    );
  });

  it('totals budget lines exactly in cents, and means lie between their extremes', () => {
    fc.assert(
      fc.property(fc.array(fc.integer({ min: 1, max: 10_000_000 }), { maxLength: 50 }), (cents) => {
        expect(Math.round(totalOf(cents.map((c) => ({ amount: c / 100 }))) * 100)).toBe(cents.reduce((a, b) => a + b, 0));
      }),
    );
    fc.assert(
      fc.property(fc.array(fc.oneof(fc.constant(null), fc.integer({ min: 0, max: 10000 }).map((n) => n / 100)), { maxLength: 10 }), (sums) => {
        const done = sums.filter((s): s is number => s !== null);
        const m = meanScore(sums);
        if (done.length === 0) expect(m).toBeNull();
        else {
          expect(m!).toBeGreaterThanOrEqual(Math.min(...done) - 0.01);
          expect(m!).toBeLessThanOrEqual(Math.max(...done) + 0.01);
        }
      }),
    );
  });

  it('finds an organisation eligible exactly when no reason stands against it', () => {
    const types = ['cso', 'government', 'donor'];
    fc.assert(
      fc.property(
        fc.subarray(types),
        fc.subarray(['XM', 'XV']),
        fc.constantFrom(...types),
        fc.constantFrom('XM', 'XV', 'XT'),
        fc.constantFrom('draft', 'published', 'closed'),
        fc.integer({ min: -5, max: 5 }),
        (orgTypes, countries, type, country, status, deadlineInDays) => {
          const now = new Date('2027-03-10T12:00:00Z');
          const call = { ownerOrgId: 'o', status: status as 'draft', opensOn: '2027-03-01', deadline: new Date(now.getTime() + deadlineInDays * 86_400_000), orgTypes, countries, womenLedPriority: true };
          const e = eligibility(call, { type, country, womenLed: false }, now);
          const open = status === 'published' && deadlineInDays > 0;
          expect(e.eligible).toBe(open && (orgTypes.length === 0 || orgTypes.includes(type)) && (countries.length === 0 || countries.includes(country)));
          expect(e.eligible).toBe(e.reasons.length === 0);
          expect(e.womenLedPriority).toBe(false);
        },
      ),
    );
  });
});

describe.each(backends)('bad funding input on %s', (backend) => {
  let t: TestApp;
  let donor: TestClient;
  let wvn: TestClient;
  let monitor: TestClient;
  const ids: Record<string, string> = {};
  beforeAll(async () => {
    t = await createTestApp(backend);
    donor = await t.signIn('donor@tandem.example');
    wvn = await t.signIn('contributor@tandem.example');
    monitor = await t.signIn('monitor@tandem.example');
    ids.draftCall = (await donor.post('/api/funding/calls', fundingCall('Call for bad input'))).json().id;
    ids.call = (await donor.post('/api/funding/calls', fundingCall('Published call for bad input'))).json().id;
    await donor.post(`/api/funding/calls/${ids.call}/publish`);
    ids.app = (await wvn.post(`/api/funding/calls/${ids.call}/applications`)).json().id;
    await wvn.put(`/api/funding/applications/${ids.app}`, { answers: fundingAnswers, budgetLines: fundingBudget });
    await wvn.post(`/api/funding/applications/${ids.app}/submit`);
    ids.review = (await donor.post(`/api/funding/applications/${ids.app}/reviewers`, { email: 'monitor@tandem.example' })).json().id;
    await monitor.post(`/api/funding/reviews/${ids.review}/declaration`, { conflict: false });
    ids.draftApp = (await wvn.post(`/api/funding/calls/${(await (async () => {
      const c = (await donor.post('/api/funding/calls', fundingCall('Second call for bad input'))).json().id as string;
      await donor.post(`/api/funding/calls/${c}/publish`);
      return c;
    })())}/applications`)).json().id;
  });
  afterAll(() => t?.close());

  const everything = () =>
    t.db.system(async (tx) =>
      (
        await sql<{ digest: string }>`SELECT concat_ws('|',
          (SELECT md5(coalesce(string_agg(x::text, ',' ORDER BY x::text), '')) FROM funding_calls x),
          (SELECT md5(coalesce(string_agg(x::text, ',' ORDER BY x::text), '')) FROM funding_applications x),
          (SELECT md5(coalesce(string_agg(x::text, ',' ORDER BY x::text), '')) FROM funding_reviewers x),
          (SELECT md5(coalesce(string_agg(x::text, ',' ORDER BY x::text), '')) FROM funding_scores x)) AS digest`.execute(tx)
      ).rows[0]!.digest,
    );

  const nasty = fc.oneof(
    fc.anything(),
    fc.constantFrom('', ' ', "'; DROP TABLE funding_calls; --", '\u0000', 'a'.repeat(60_000), '2026-02-30', 'XM', 'QQ', 'eur', 'EURO', -1, 0, 0.001, 11, 1e15, 101, true, null, [], [{ key: 'a', label: 'x', weight: 50 }]),
    fc.string(),
    fc.integer(),
    fc.double(),
  );
  const shaped = (keys: string[]) => fc.dictionary(fc.constantFrom(...keys), nasty, { maxKeys: keys.length });

  const BODIES: Array<{ name: string; method: 'POST' | 'PUT'; url: () => string; client: () => TestClient; base: Record<string, unknown>; schema: ZodType }> = [
    { name: 'new call', method: 'POST', url: () => '/api/funding/calls', client: () => donor, base: fundingCall('Almost right'), schema: callBody },
    { name: 'changed call', method: 'PUT', url: () => `/api/funding/calls/${ids.draftCall}`, client: () => donor, base: fundingCall('Almost right'), schema: callBody },
    { name: 'deadline', method: 'POST', url: () => `/api/funding/calls/${ids.call}/deadline`, client: () => donor, base: { deadline: new Date(Date.now() + 90 * 86_400_000).toISOString() }, schema: deadlineBody },
    { name: 'application', method: 'PUT', url: () => `/api/funding/applications/${ids.draftApp}`, client: () => wvn, base: { answers: fundingAnswers, budgetLines: fundingBudget }, schema: applicationBody },
    { name: 'reviewer', method: 'POST', url: () => `/api/funding/applications/${ids.app}/reviewers`, client: () => donor, base: { email: 'viewer@tandem.example' }, schema: assignBody },
    { name: 'declaration', method: 'POST', url: () => `/api/funding/reviews/${ids.review}/declaration`, client: () => monitor, base: { conflict: false }, schema: declarationBody },
    { name: 'scores', method: 'PUT', url: () => `/api/funding/reviews/${ids.review}/scores`, client: () => monitor, base: { scores: [{ criterion: 'relevance', score: 5, comment: '' }] }, schema: scoresBody },
    { name: 'decision', method: 'POST', url: () => `/api/funding/applications/${ids.app}/decision`, client: () => donor, base: { decision: 'award', reasons: 'Reasons long enough.' }, schema: decisionBody },
  ];

  it.each(BODIES.map((b) => [b.name, b] as const))('%s: bodies the schema refuses change nothing', { timeout: 180_000 }, async (_name, endpoint) => {
    const before = await everything();
    const keys = Object.keys(endpoint.base);
    await fc.assert(
      fc.asyncProperty(
        fc.oneof(shaped(keys), shaped(keys).map((b) => ({ ...endpoint.base, ...b })), nasty).filter(refusedAsSent(endpoint.schema)),
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

  it('days outside 1900–2200, texts with control characters, bad weights, amounts and scores answer 400 and change nothing', { timeout: 180_000 }, async () => {
    const before = await everything();
    await fc.assert(
      fc.asyncProperty(
        outOfRangeDay,
        textWithControl,
        fc.integer({ min: 1, max: 99 }),
        fc.integer({ min: 1, max: 999 }).filter((n) => n % 10 !== 0).map((n) => 10 + n / 1000),
        fc.oneof(fc.integer({ min: -100, max: -1 }), fc.integer({ min: 11, max: 1000 })),
        async (day, bad, weight, oddAmount, badScore) => {
          for (const body of [
            fundingCall('A call', { opensOn: day }),
            fundingCall(bad),
            fundingCall('A call', { purpose: bad }),
            fundingCall('A call', { criteria: [{ key: 'a', label: 'Only', weight }] }),
            fundingCall('A call', { budgetCeiling: oddAmount }),
          ]) {
            const res = await donor.post('/api/funding/calls', body);
            expect(res.statusCode, res.body.slice(0, 200)).toBe(400);
          }
          expect((await wvn.put(`/api/funding/applications/${ids.draftApp}`, { answers: { need: 'ok' }, budgetLines: [{ label: bad, amount: 10 }] })).statusCode).toBe(400);
          expect((await wvn.put(`/api/funding/applications/${ids.draftApp}`, { answers: {}, budgetLines: [{ label: 'Rent', amount: oddAmount }] })).statusCode).toBe(400);
          expect((await monitor.put(`/api/funding/reviews/${ids.review}/scores`, { scores: [{ criterion: 'relevance', score: badScore, comment: '' }] })).statusCode).toBe(400);
          expect((await donor.post(`/api/funding/applications/${ids.app}/decision`, { decision: 'award', reasons: bad })).statusCode).toBe(400);
        },
      ),
      { numRuns: 15 },
    );
    expect(await everything()).toEqual(before);
  });

  it('ids in the path that are not right answer 4xx and change nothing', { timeout: 120_000 }, async () => {
    const before = await everything();
    await fc.assert(
      fc.asyncProperty(fc.oneof(fc.uuid(), fc.string({ minLength: 1, maxLength: 60 }).filter((s) => s !== '.' && s !== '..')), async (id) => {
        const seg = encodeURIComponent(id);
        for (const [client, method, url, body] of [
          [donor, 'GET', `/api/funding/calls/${seg}`, undefined],
          [donor, 'POST', `/api/funding/calls/${seg}/publish`, undefined],
          [wvn, 'POST', `/api/funding/calls/${seg}/applications`, undefined],
          [wvn, 'POST', `/api/funding/applications/${seg}/submit`, undefined],
          [donor, 'POST', `/api/funding/applications/${seg}/reviewers`, { email: 'viewer@tandem.example' }],
          [donor, 'DELETE', `/api/funding/applications/${ids.app}/reviewers/${seg}`, undefined],
          [monitor, 'POST', `/api/funding/reviews/${seg}/declaration`, { conflict: false }],
          [monitor, 'GET', `/api/funding/applications/${seg}`, undefined],
        ] as const) {
          const res = await client.request(method, url, body);
          expect(res.statusCode, `${method} ${url}`).toBeGreaterThanOrEqual(400);
          expect(res.statusCode).toBeLessThan(500);
        }
      }),
      { numRuns: 25 },
    );
    expect(await everything()).toEqual(before);
  });
});
