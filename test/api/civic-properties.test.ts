// Property tests of the civic-space endpoints: any body, query or path the schemas refuse gets a
// 4xx problem (never a 500) and leaves records, sources, affected organisations and ratings as
// they were; texts with control characters and days outside the years 1900–2200 are refused.
import fc from 'fast-check';
import { sql } from 'kysely';
import type { ZodType } from 'zod';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { affectedBody, consentBody, exportParams, messageBody, newRatingBody, newRecordBody, publicationBody, publicQuery, sourceBody, statusBody } from '../../src/modules/civic/schema.ts';
import { outOfRangeDay, textWithControl, refusedAsSent } from '../support/bad-input.ts';
import { backends } from '../support/databases.ts';
import { createTestApp, type TestApp } from '../support/app.ts';
import type { TestClient } from '../support/client.ts';
import { civicRecord } from '../support/civic.ts';

describe.each(backends)('bad civic-space input on %s', (backend) => {
  let t: TestApp;
  let monitor: TestClient;
  let nobody: TestClient;
  const ids: Record<string, string> = {};
  beforeAll(async () => {
    t = await createTestApp(backend);
    monitor = await t.signIn('monitor@tandem.example');
    nobody = t.client();
    ids.record = (await monitor.post('/api/civic/records', civicRecord('Record for bad input'))).json().id;
    ids.affected = (await monitor.post(`/api/civic/records/${ids.record}/affected`, { name: 'Named Association', description: 'Named' })).json().id;
    ids.rating = (await monitor.post('/api/civic/ratings', { country: 'XM', year: 2019, rating: 'open', reasons: 'Reasons of a rating for bad input.' })).json().id;
    // A confidential report, taken by the monitor: questions and the record made from it.
    const page = await nobody.get('/report');
    const token = /name="token" value="([^"]+)"/.exec(page.body)![1]!;
    const form = new URLSearchParams({ token, country: 'XM', title: 'A report for bad input', description: 'Something happened to an association.' }).toString();
    expect((await nobody.request('POST', '/report', undefined, { rawBody: form, contentType: 'application/x-www-form-urlencoded', csrf: false })).statusCode).toBe(201);
    ids.report = (await monitor.get('/api/civic/reports')).json().reports[0].id;
    expect((await monitor.post(`/api/civic/reports/${ids.report}/assign`)).statusCode).toBe(204);
  });
  afterAll(() => t?.close());

  const everything = () =>
    t.db.system(async (tx) =>
      (
        await sql<{ digest: string }>`SELECT concat_ws('|',
          (SELECT md5(coalesce(string_agg(x::text, ',' ORDER BY x::text), '')) FROM civic_records x),
          (SELECT md5(coalesce(string_agg(x::text, ',' ORDER BY x::text), '')) FROM civic_record_sources x),
          (SELECT md5(coalesce(string_agg(x::text, ',' ORDER BY x::text), '')) FROM civic_affected_orgs x),
          (SELECT md5(coalesce(string_agg(x::text, ',' ORDER BY x::text), '')) FROM civic_ratings x),
          (SELECT md5(coalesce(string_agg(x::text, ',' ORDER BY x::text), '')) FROM civic_rating_records x),
          (SELECT md5(coalesce(string_agg(x::text, ',' ORDER BY x::text), '')) FROM civic_reports x),
          (SELECT md5(coalesce(string_agg(x::text, ',' ORDER BY x::text), '')) FROM civic_report_messages x),
          (SELECT md5(coalesce(string_agg(x::text, ',' ORDER BY x::text), '')) FROM documents x)) AS digest`.execute(tx)
      ).rows[0]!.digest,
    );

  const nasty = fc.oneof(
    fc.anything(),
    fc.constantFrom('', ' ', "'; DROP TABLE civic_records; --", '<script>x</script>', '\u0000', 'a'.repeat(60_000), '2026-02-30', 'XM', 'QQ', 'javascript:alert(1)',
      'ftp://x.example.org', 'verified', 'closed', ['assembly', 'assembly'], ['nonsense'], [], -1, 0, 1989, 2101, true, null),
    fc.string(),
    fc.integer(),
  );
  const shaped = (keys: string[]) => fc.dictionary(fc.constantFrom(...keys), nasty, { maxKeys: keys.length });

  const BODIES: Array<{ name: string; url: () => string; keys: string[]; schema: ZodType }> = [
    { name: 'new record', url: () => '/api/civic/records', keys: Object.keys(civicRecord('x')), schema: newRecordBody },
    { name: 'source', url: () => `/api/civic/records/${ids.record}/sources`, keys: ['url', 'title', 'publishedOn'], schema: sourceBody },
    { name: 'affected organisation', url: () => `/api/civic/records/${ids.record}/affected`, keys: ['name', 'description', 'womenLed'], schema: affectedBody },
    { name: 'consent', url: () => `/api/civic/records/${ids.record}/affected/${ids.affected}/consent`, keys: ['note'], schema: consentBody },
    { name: 'status', url: () => `/api/civic/records/${ids.record}/status`, keys: ['status'], schema: statusBody },
    { name: 'publication', url: () => `/api/civic/records/${ids.record}/publication`, keys: ['published'], schema: publicationBody },
    { name: 'new rating', url: () => '/api/civic/ratings', keys: ['country', 'year', 'rating', 'reasons', 'recordIds'], schema: newRatingBody },
    { name: 'question to a reporter', url: () => `/api/civic/reports/${ids.report}/questions`, keys: ['body'], schema: messageBody },
    { name: 'record from a report', url: () => `/api/civic/reports/${ids.report}/record`, keys: Object.keys(civicRecord('x')), schema: newRecordBody },
    { name: 'open-data export', url: () => '/api/public/civic/exports', keys: ['format', 'country', 'type', 'year'], schema: publicQuery.extend(exportParams.shape) },
  ];

  it.each(BODIES.map((b) => [b.name, b] as const))('%s: bodies the schema refuses change nothing', { timeout: 180_000 }, async (_name, endpoint) => {
    const before = await everything();
    await fc.assert(
      fc.asyncProperty(
        fc.oneof(shaped(endpoint.keys), shaped(endpoint.keys).map((b) => ({ ...civicRecord('Almost right'), ...b })), nasty).filter(refusedAsSent(endpoint.schema)),
        async (body) => {
          const res = await monitor.request('POST', endpoint.url(), body === undefined ? null : body);
          expect(res.statusCode, res.body.slice(0, 200)).toBeGreaterThanOrEqual(400);
          expect(res.statusCode).toBeLessThan(500);
          expect(JSON.parse(res.body)).toHaveProperty('code');
        },
      ),
      { numRuns: 40 },
    );
    expect(await everything()).toEqual(before);
  });

  it('days outside the years 1900–2200 and texts with control characters answer 400 and change nothing', { timeout: 120_000 }, async () => {
    const before = await everything();
    await fc.assert(
      fc.asyncProperty(outOfRangeDay, textWithControl, fc.constantFrom('startedOn', 'endedOn', 'title', 'description', 'actor', 'legalInstrument'), async (day, bad, field) => {
        const value = field === 'startedOn' || field === 'endedOn' ? day : bad;
        const res = await monitor.post('/api/civic/records', { ...civicRecord('A record'), startedOn: '1901-01-01', [field]: value });
        expect(res.statusCode, `${field} ${res.body.slice(0, 200)}`).toBe(400);
        const src = await monitor.post(`/api/civic/records/${ids.record}/sources`, { url: 'https://news.example.org/x', title: bad });
        expect(src.statusCode).toBe(400);
      }),
      { numRuns: 30 },
    );
    expect(await everything()).toEqual(before);
  });

  it('ids and codes in the path or query that are not right answer 4xx and change nothing', { timeout: 120_000 }, async () => {
    const before = await everything();
    await fc.assert(
      fc.asyncProperty(fc.oneof(fc.uuid(), fc.string({ minLength: 1, maxLength: 60 }).filter((s) => s !== '.' && s !== '..')), async (id) => {
        const seg = encodeURIComponent(id);
        for (const [client, method, url, body] of [
          [monitor, 'GET', `/api/civic/records/${seg}`, undefined],
          [monitor, 'POST', `/api/civic/records/${seg}/sources`, { url: 'https://news.example.org/x', title: 'x y' }],
          [monitor, 'POST', `/api/civic/records/${seg}/status`, { status: 'corroborated' }],
          [monitor, 'POST', `/api/civic/records/${ids.record}/affected/${seg}/consent`, { note: 'Consent' }],
          [monitor, 'POST', `/api/civic/ratings/${seg}/confirm`, undefined],
          [monitor, 'GET', `/api/civic/reports/${seg}`, undefined],
          [monitor, 'POST', `/api/civic/reports/${seg}/assign`, undefined],
          [monitor, 'POST', `/api/civic/reports/${seg}/questions`, { body: 'A question' }],
          [nobody, 'GET', `/api/public/civic/records/${seg}`, undefined],
          [nobody, 'GET', `/api/public/civic/countries/${seg}`, undefined],
          [nobody, 'GET', `/api/public/civic/records?country=${seg}&year=${seg}`, undefined],
          [nobody, 'GET', `/api/public/civic/export.csv?type=${seg}`, undefined],
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
