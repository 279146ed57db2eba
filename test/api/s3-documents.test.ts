// Built documents in an S3-compatible bucket (TANDEM_FILES_S3_*), against a server that checks
// every request's signature (test/support/s3-server.ts): a report PDF is built into the bucket,
// with its content type, and served from it — on PostgreSQL by another instance too, as when
// several share one bucket — nothing lands in the data folder, the sweep deletes expired ones
// from the bucket, and readiness shows a bucket that does not answer.
import { existsSync, readdirSync } from 'node:fs';
import { sql } from 'kysely';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import type { DB } from '../../src/db.ts';
import { connectDatabase } from '../../src/platform/db/connect.ts';
import { createTandem } from '../../src/server.ts';
import { createTestApp, type TestApp } from '../support/app.ts';
import { TestClient } from '../support/client.ts';
import { backends } from '../support/databases.ts';
import { startFakeS3, type FakeS3 } from '../support/s3-server.ts';
import { testConfig } from '../support/test-config.ts';

describe.each(backends)('documents in an S3-compatible bucket on %s', (backend) => {
  let fake: FakeS3;
  let t: TestApp;
  beforeAll(async () => {
    fake = await startFakeS3();
    t = await createTestApp(backend, fake.env({ TANDEM_FILES_S3_PREFIX: 'tandem/documents/' }));
  });
  afterAll(async () => {
    await t?.close();
    await fake?.close();
  });

  it('is ready when the bucket answers', async () => {
    const res = await t.client().get('/api/health/ready');
    expect(res.statusCode).toBe(200);
    expect(res.json()).toMatchObject({ checks: { database: 'ok', queue: 'ok', files: 'ok' } });
    expect(fake.requests.some((r) => r.method === 'HEAD' && r.status === 200)).toBe(true);
  });

  it('builds a report PDF into the bucket and serves it from there', async () => {
    const coordinator = await t.signIn('plan-coordinator@tandem.example');
    const plan = await t.db.system(async (tx) => (await tx.selectFrom('plans').select('id').where('published_at', 'is not', null).executeTakeFirstOrThrow()).id);
    const asked = await coordinator.post(`/api/plans/${plan}/report/pdf?lang=en`);
    expect(asked.statusCode).toBe(202);
    const id = (asked.json() as { id: string }).id;
    expect(await t.runJobs()).toBeGreaterThan(0);
    expect((await coordinator.get(`/api/documents/${id}`)).json()).toMatchObject({ status: 'ready' });

    const stored = fake.objects.get(`tandem/documents/${id}`);
    // Sealed: the bucket holds opaque bytes, not a PDF.
    expect(stored?.contentType).toBe('application/octet-stream');
    expect(stored!.body.includes(Buffer.from('%PDF-'))).toBe(false);
    // Nothing in the data folder.
    expect(existsSync(t.config.files.dir) ? readdirSync(t.config.files.dir) : []).toEqual([]);

    const file = await coordinator.get(`/api/documents/${id}/file`);
    expect(file.statusCode).toBe(200);
    expect(file.headers['content-type']).toBe('application/pdf');
    expect(file.rawPayload.subarray(0, 5).toString()).toBe('%PDF-');
    expect(file.rawPayload.length).toBeLessThan(stored!.body.length);
    expect(fake.requests.some((r) => r.method === 'GET' && r.path.endsWith(`/tandem/documents/${id}`) && r.status === 200)).toBe(true);

    if (backend === 'postgres') {
      // Another instance on the same database, bucket and key, with a data folder of its own, serves it too.
      const second = await connectDatabase<DB>({ kind: 'postgres', url: t.db.connectionString!, poolSize: 2 });
      const b = await createTandem(testConfig(fake.env({ TANDEM_FILES_S3_PREFIX: 'tandem/documents/' })), { database: second, workJobs: false });
      try {
        const onB = new TestClient(b.app);
        for (const [k, v] of coordinator.cookies) onB.cookies.set(k, v);
        const fromB = await onB.get(`/api/documents/${id}/file`);
        expect(fromB.statusCode).toBe(200);
        expect(fromB.rawPayload.equals(file.rawPayload)).toBe(true);
      } finally {
        await b.close();
      }
    }

    // Served from the bucket, not from a copy: gone from the bucket, gone for the reader.
    fake.objects.delete(`tandem/documents/${id}`);
    expect((await coordinator.get(`/api/documents/${id}/file`)).statusCode).toBe(404);
  });

  it('deletes an expired document from the bucket', async () => {
    const reader = t.client();
    const plan = await t.db.system(async (tx) => (await tx.selectFrom('plans').select('id').where('published_at', 'is not', null).executeTakeFirstOrThrow()).id);
    const asked = await reader.post(`/api/public/plans/${plan}/report/pdf?lang=ru`);
    expect(asked.statusCode).toBe(202);
    const id = (asked.json() as { id: string }).id;
    await t.runJobs();
    expect((await reader.get(`/api/documents/${id}/file`)).statusCode).toBe(200);
    expect(fake.objects.has(`tandem/documents/${id}`)).toBe(true);

    await t.db.system((tx) => sql`UPDATE documents SET expires_at = now() - interval '1 minute' WHERE id = ${id}`.execute(tx));
    await t.jobs.send('documents.sweep');
    await t.runJobs();
    expect(fake.objects.has(`tandem/documents/${id}`)).toBe(false);
    expect(fake.requests.some((r) => r.method === 'DELETE' && r.path.endsWith(`/tandem/documents/${id}`) && r.status === 204)).toBe(true);
  });
});

describe('readiness with a bucket that does not answer', () => {
  let fake: FakeS3;
  let t: TestApp;
  beforeAll(async () => {
    fake = await startFakeS3();
    t = await createTestApp('pglite', fake.env({ TANDEM_FILES_S3_BUCKET: 'not-this-bucket' }));
  });
  afterAll(async () => {
    await t?.close();
    await fake?.close();
  });

  it('is not ready, naming the failing check, while the rest of the service answers', async () => {
    const res = await t.client().get('/api/health/ready');
    expect(res.statusCode).toBe(503);
    expect(res.json()).toMatchObject({ status: 503, code: 'unavailable', checks: { database: 'ok', queue: 'ok', files: 'failing' } });
    expect(fake.requests.at(-1)).toMatchObject({ method: 'HEAD', status: 404 });
    expect((await t.client().get('/api/health')).statusCode).toBe(200);
  });
});
