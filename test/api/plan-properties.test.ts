// Property tests of the plan endpoints: any body or query the schema refuses gets a 4xx problem
// (never a 500) and leaves plans, their stages, sections and versions as they were; any text a
// section version accepts is kept exactly and compared without loss.
import fc from 'fast-check';
import { sql } from 'kysely';
import type { ZodType } from 'zod';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { diffQuery, newPlanBody, planUpdateBody, publicationBody, sectionBody, sectionVersionBody, stageBody, type SectionDiff, type SectionView } from '../../src/modules/planning/plan-schema.ts';
import { outOfRangeDay, textWithControl, refusedAsSent } from '../support/bad-input.ts';
import { backends } from '../support/databases.ts';
import { createTestApp, type TestApp } from '../support/app.ts';
import type { TestClient } from '../support/client.ts';

describe.each(backends)('bad plan input on %s', (backend) => {
  let t: TestApp;
  let coordinator: TestClient;
  const ids: Record<string, string> = {};
  beforeAll(async () => {
    t = await createTestApp(backend);
    coordinator = await t.signIn('plan-coordinator@tandem.example');
    ids.plan = (await coordinator.post('/api/plans', { title: 'Plan for bad input', periodStart: '2026-01-01', periodEnd: '2028-12-31' })).json().id;
    ids.section = (await coordinator.post(`/api/plans/${ids.plan}/sections`, { title: 'First section', body: 'Text' })).json().id;
  });
  afterAll(() => t?.close());

  const everything = () =>
    t.db.system(async (tx) =>
      (
        await sql<{ digest: string }>`SELECT concat_ws('|',
          (SELECT md5(coalesce(string_agg(x::text, ',' ORDER BY x::text), '')) FROM plans x),
          (SELECT md5(coalesce(string_agg(x::text, ',' ORDER BY x::text), '')) FROM plan_stage_changes x),
          (SELECT md5(coalesce(string_agg(x::text, ',' ORDER BY x::text), '')) FROM plan_sections x),
          (SELECT md5(coalesce(string_agg(x::text, ',' ORDER BY x::text), '')) FROM plan_section_versions x)) AS digest`.execute(tx)
      ).rows[0]!.digest,
    );

  const nasty = fc.oneof(
    fc.anything(),
    fc.constantFrom('', ' ', "'; DROP TABLE plans; --", '<script>x</script>', '\u0000', 'a'.repeat(60_000), '2026-02-30', '2030-01-01', 'adopted', 'XM', 'QQ', -1, 0, 501, true, null),
    fc.string(),
    fc.integer(),
  );
  const shaped = (keys: string[]) => fc.dictionary(fc.constantFrom(...keys), nasty, { maxKeys: keys.length });

  const BODIES: Array<{ name: string; method: 'POST' | 'PATCH'; url: () => string; keys: string[]; schema: ZodType }> = [
    { name: 'new plan', method: 'POST', url: () => '/api/plans', keys: ['title', 'summary', 'periodStart', 'periodEnd', 'allowsIndividuals', 'country'], schema: newPlanBody },
    { name: 'plan change', method: 'PATCH', url: () => `/api/plans/${ids.plan}`, keys: ['title', 'summary', 'periodStart', 'periodEnd', 'allowsIndividuals'], schema: planUpdateBody },
    { name: 'stage change', method: 'POST', url: () => `/api/plans/${ids.plan}/stage`, keys: ['stage', 'reason'], schema: stageBody },
    { name: 'publication', method: 'POST', url: () => `/api/plans/${ids.plan}/publication`, keys: ['published'], schema: publicationBody },
    { name: 'new section', method: 'POST', url: () => `/api/plans/${ids.plan}/sections`, keys: ['title', 'body', 'position'], schema: sectionBody },
    { name: 'new version', method: 'POST', url: () => `/api/plans/${ids.plan}/sections/${ids.section}/versions`, keys: ['title', 'body', 'note'], schema: sectionVersionBody },
  ];

  it.each(BODIES.map((b) => [b.name, b] as const))('%s: bodies the schema refuses change nothing', { timeout: 180_000 }, async (_name, endpoint) => {
    const before = await everything();
    await fc.assert(
      fc.asyncProperty(
        fc.oneof(shaped(endpoint.keys), nasty).filter(refusedAsSent(endpoint.schema)),
        async (body) => {
          const res = await coordinator.request(endpoint.method, endpoint.url(), body === undefined ? null : body);
          expect(res.statusCode, res.body.slice(0, 200)).toBeGreaterThanOrEqual(400);
          expect(res.statusCode).toBeLessThan(500);
          expect(JSON.parse(res.body)).toHaveProperty('code');
        },
      ),
      { numRuns: 40 },
    );
    expect(await everything()).toEqual(before);
  });

  it('stage changes the rules refuse (skipping, going back without a reason) answer 4xx and change nothing', { timeout: 60_000 }, async () => {
    const before = await everything();
    await fc.assert(
      fc.asyncProperty(fc.constantFrom('drafting', 'adopted', 'implementation', 'evaluation'), async (stage) => {
        const res = await coordinator.post(`/api/plans/${ids.plan}/stage`, { stage });
        expect(res.statusCode).toBe(409);
      }),
      { numRuns: 8 },
    );
    expect(await everything()).toEqual(before);
  });

  it('ids in the path that are not of this plan answer 4xx and change nothing', { timeout: 120_000 }, async () => {
    const before = await everything();
    await fc.assert(
      // "." and ".." are not ids: a URL resolves them away (/api/plans/. is the list of plans).
      fc.asyncProperty(fc.oneof(fc.uuid(), fc.string({ minLength: 1, maxLength: 60 }).filter((s) => s !== '.' && s !== '..')), async (id) => {
        const seg = encodeURIComponent(id);
        for (const [method, url, body] of [
          ['GET', `/api/plans/${seg}`, undefined],
          ['PATCH', `/api/plans/${seg}`, { title: 'Renamed plan' }],
          ['POST', `/api/plans/${seg}/stage`, { stage: 'consultation' }],
          ['POST', `/api/plans/${seg}/publication`, { published: true }],
          ['POST', `/api/plans/${seg}/sections`, { title: 'x', body: 'y' }],
          ['GET', `/api/plans/${ids.plan}/sections/${seg}`, undefined],
          ['POST', `/api/plans/${ids.plan}/sections/${seg}/versions`, { title: 'x', body: 'y' }],
          ['GET', `/api/plans/${ids.plan}/sections/${seg}/diff?from=1&to=1`, undefined],
        ] as const) {
          const res = await coordinator.request(method, url, body);
          expect(res.statusCode, `${method} ${url}`).toBeGreaterThanOrEqual(400);
          expect(res.statusCode).toBeLessThan(500);
        }
      }),
      { numRuns: 25 },
    );
    expect(await everything()).toEqual(before);
  });

  it('refuses control characters in any text, wherever they are', async () => {
    const before = await everything();
    const control = fc.integer({ min: 0, max: 0x1f }).filter((c) => ![9, 10, 13].includes(c)).map((c) => String.fromCharCode(c));
    await fc.assert(
      fc.asyncProperty(control, fc.constantFrom('title', 'body', 'note'), async (c, field) => {
        const body = { title: 'Section title', body: 'Section text', note: 'A note', [field]: `before${c}after` };
        const res = await coordinator.post(`/api/plans/${ids.plan}/sections/${ids.section}/versions`, body);
        expect(res.statusCode).toBe(400);
      }),
      { numRuns: 30 },
    );
    expect(await everything()).toEqual(before);
  });

  it('days outside the years 1900–2200 and texts with control characters answer 400 and change nothing', { timeout: 120_000 }, async () => {
    const before = await everything();
    await fc.assert(
      fc.asyncProperty(outOfRangeDay, textWithControl, fc.constantFrom('periodStart', 'periodEnd', 'title', 'summary'), async (day, bad, field) => {
        const value = field === 'title' || field === 'summary' ? bad : day;
        for (const [method, url, body] of [
          ['POST', '/api/plans', { title: 'A plan', periodStart: '2026-01-01', periodEnd: '2199-12-31', [field]: value }],
          ['PATCH', `/api/plans/${ids.plan}`, { [field]: value }],
        ] as const) {
          const res = await coordinator.request(method, url, body);
          expect(res.statusCode, `${method} ${url} ${JSON.stringify(body)} ${res.body.slice(0, 200)}`).toBe(400);
        }
      }),
      { numRuns: 30 },
    );
    expect(await everything()).toEqual(before);
  });

  it('the diff refuses any versions the schema refuses', async () => {
    await fc.assert(
      fc.asyncProperty(fc.string({ maxLength: 12 }), fc.string({ maxLength: 12 }), async (from, to) => {
        fc.pre(!diffQuery.safeParse({ from, to }).success);
        const res = await coordinator.get(`/api/plans/${ids.plan}/sections/${ids.section}/diff?from=${encodeURIComponent(from)}&to=${encodeURIComponent(to)}`);
        expect(res.statusCode).toBe(400);
      }),
      { numRuns: 40 },
    );
  });

  it('keeps any accepted text of a version exactly, and the diff gives both versions back', { timeout: 120_000 }, async () => {
    const text = fc.string({ unit: fc.constantFrom('a', 'b', ' ', '\n', 'ё', 'ع', '"', '<', '\t', 'word'), maxLength: 200 });
    // A title is one line; the text keeps its tabs and line breaks.
    const oneLine = fc.string({ unit: fc.constantFrom('a', 'b', ' ', 'ё', 'ع', '"', '<', 'word'), maxLength: 200 });
    await fc.assert(
      fc.asyncProperty(oneLine.filter((s) => s.trim().length > 0), text, async (title, body) => {
        const res = await coordinator.post(`/api/plans/${ids.plan}/sections/${ids.section}/versions`, { title, body });
        expect(res.statusCode).toBe(201);
        const version = res.json().version as number;
        const section = (await coordinator.get(`/api/plans/${ids.plan}/sections/${ids.section}`)).json() as SectionView;
        expect(section.versions[0]).toMatchObject({ version, title: title.trim(), body });
        const diff = (await coordinator.get(`/api/plans/${ids.plan}/sections/${ids.section}/diff?from=1&to=${version}`)).json() as SectionDiff;
        expect(diff.body.filter((p) => p.op !== 'removed').map((p) => p.text).join('')).toBe(body);
        expect(diff.body.filter((p) => p.op !== 'added').map((p) => p.text).join('')).toBe('Text');
      }),
      { numRuns: 15 },
    );
  });
});
