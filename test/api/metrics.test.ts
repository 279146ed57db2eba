// Metrics for operators: with a token set, GET /metrics gives Prometheus text — request durations
// by route pattern (never a URL with an id), the job queue by job and state, database connections —
// to that token only; without the setting there is no /metrics.
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { backends } from '../support/databases.ts';
import { createTestApp, type TestApp } from '../support/app.ts';

const TOKEN = 'metrics-token-for-the-test-0123456789';

describe.each(backends)('metrics on %s', (backend) => {
  let t: TestApp;
  let plain: TestApp;
  beforeAll(async () => {
    t = await createTestApp(backend, { TANDEM_METRICS_TOKEN: TOKEN });
    plain = await createTestApp(backend);
  });
  afterAll(async () => {
    await t?.close();
    await plain?.close();
  });

  it('gives the token holder request durations, the job queue and connections, naming routes by pattern', async () => {
    const coordinator = await t.signIn('coordinator@tandem.example');
    const caseId = await t.db.system(async (tx) => (await tx.selectFrom('cases').select('id').executeTakeFirstOrThrow()).id);
    await coordinator.get(`/api/cases/${caseId}`);
    await t.jobs.send('audit.seal', {});
    const res = await t.client().get('/metrics', { headers: { authorization: `Bearer ${TOKEN}` } });
    expect(res.statusCode).toBe(200);
    expect(res.headers['content-type']).toContain('text/plain');
    const text = res.body;
    expect(text).toMatch(/tandem_http_request_duration_seconds_bucket\{[^}]*route="\/api\/cases\/:id"[^}]*\}/);
    expect(text).not.toContain(caseId);
    expect(text).toMatch(/tandem_jobs\{job="audit.seal",state="waiting"\} [1-9]/);
    expect(text).toMatch(/tandem_db_connections\{state="total"\} [1-9]/);
    expect(text).toContain('tandem_nodejs_eventloop_lag_seconds');
  });

  it('answers 404 without the right token, and has no /metrics without the setting', async () => {
    for (const authorization of [undefined, 'Bearer wrong', `Bearer ${TOKEN}x`, TOKEN]) {
      const res = await t.client().get('/metrics', { headers: authorization ? { authorization } : {} });
      expect(res.statusCode, String(authorization)).toBe(404);
      expect(res.body).not.toContain('tandem_');
    }
    expect((await plain.client().get('/metrics', { headers: { authorization: `Bearer ${TOKEN}` } })).statusCode).toBe(404);
  });
});
