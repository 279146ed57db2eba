// The civic-space open-data export as a document built in the background: asked for by anyone
// (a link or the API), built by a job, shared by every reader of the same filter and format, and
// replaced as soon as a record is published or withdrawn — the file built before is no longer
// served. A plain link works without JavaScript: a page that reloads itself until the file is built.
import { sql } from 'kysely';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { createTestApp, type TestApp } from '../support/app.ts';
import { backends } from '../support/databases.ts';
import type { TestClient } from '../support/client.ts';
import { civicRecord } from '../support/civic.ts';
import type { DocumentAnswer } from '../support/documents.ts';

describe.each(backends)('civic-space open-data export on %s', (backend) => {
  let t: TestApp;
  let nobody: TestClient;
  let monitor: TestClient;
  let second: TestClient;
  beforeAll(async () => {
    t = await createTestApp(backend);
    nobody = t.client();
    monitor = await t.signIn('monitor@tandem.example');
    second = await t.signIn('monitor-2@tandem.example');
  });
  afterAll(() => t?.close());

  const queued = async (path: string) => {
    const res = await nobody.get(path);
    expect(res.statusCode, res.body).toBe(202);
    expect(res.headers['cache-control']).toBe('no-store');
    return res.json() as DocumentAnswer;
  };
  const verified = async (title: string) => {
    const id = (await monitor.post('/api/civic/records', civicRecord(title))).json().id as string;
    for (const n of [1, 2]) await monitor.post(`/api/civic/records/${id}/sources`, { url: `https://news.example.org/${n}`, title: `Source ${n}` });
    await monitor.post(`/api/civic/records/${id}/status`, { status: 'corroborated' });
    expect((await second.post(`/api/civic/records/${id}/status`, { status: 'verified' })).statusCode).toBe(204);
    return id;
  };
  const publication = async (id: string, published: boolean) =>
    expect((await monitor.post(`/api/civic/records/${id}/publication`, { published })).statusCode).toBe(204);
  const exportDocuments = () =>
    t.db.system((tx) => tx.selectFrom('documents').select(['id', 'status']).where('kind', '=', 'public_civic_export').execute());

  it('is built off the request, shared by every reader, and served with its type and name', async () => {
    const doc = await queued('/api/public/civic/export.csv?country=XM');
    expect(doc).toMatchObject({ kind: 'public_civic_export', status: 'queued' });
    // Nothing built on the request: the status says queued, and there is no file yet.
    expect((await nobody.get(`/api/documents/${doc.id}`)).json().status).toBe('queued');
    expect((await nobody.get(`/api/documents/${doc.id}/file`)).statusCode).toBe(409);
    // The same document for everyone asking the same, signed in or not, by link or by the API.
    expect((await queued('/api/public/civic/export.csv?country=XM')).id).toBe(doc.id);
    expect((await monitor.get('/api/public/civic/export.csv?country=XM')).json().id).toBe(doc.id);
    const asked = await nobody.post('/api/public/civic/exports', { format: 'csv', country: 'XM' });
    expect(asked.statusCode, asked.body).toBe(202);
    expect(asked.json().id).toBe(doc.id);
    // Another filter or format is another document.
    expect((await queued('/api/public/civic/export.json?country=XM')).id).not.toBe(doc.id);

    await t.runJobs();
    expect((await nobody.get(`/api/documents/${doc.id}`)).json()).toMatchObject({ status: 'ready', progress: 100, filename: 'civic-space-records-XM.csv' });
    const file = await nobody.get('/api/public/civic/export.csv?country=XM');
    expect(file.statusCode).toBe(200);
    expect(file.headers['content-type']).toBe('text/csv; charset=utf-8');
    expect(file.headers['content-disposition']).toBe('attachment; filename="civic-space-records-XM.csv"');
    expect(file.headers['x-content-type-options']).toBe('nosniff');
    expect(file.body.split('\r\n')[0]).toContain('"id","country","region","title"');
    const published = await t.db.system((tx) =>
      tx.selectFrom('civic_records').select('title').where('country', '=', 'XM').where('published_at', 'is not', null).execute(),
    );
    expect(published.length).toBeGreaterThan(0);
    for (const r of published) expect(file.body).toContain(r.title.replaceAll('"', '""'));
    // Shared: asking again serves the same file, built once, and a reader's copy is confirmed without a body.
    const again = await nobody.get('/api/public/civic/export.csv?country=XM', { headers: { 'if-none-match': String(file.headers.etag) } });
    expect(again.statusCode).toBe(304);
    expect((await exportDocuments()).filter((d) => d.id === doc.id)).toHaveLength(1);
    const json = await nobody.get('/api/public/civic/export.json?country=XM');
    expect(json.headers['content-type']).toBe('application/json; charset=utf-8');
    expect(json.json().records.map((r: { title: string }) => r.title).sort()).toEqual(published.map((r) => r.title).sort());
  });

  it('is replaced when a record is published or withdrawn, and the file built before is no longer served', async () => {
    await queued('/api/public/civic/export.csv?type=assembly');
    await t.runJobs();
    const before = await nobody.get('/api/public/civic/export.csv?type=assembly');
    expect(before.statusCode).toBe(200);
    const old = (await nobody.get('/api/public/civic/export.csv?type=assembly', { headers: { 'if-none-match': String(before.headers.etag) } })).statusCode;
    expect(old).toBe(304);

    const id = await verified('NEWLY-PUBLISHED record for the export');
    // Verified but not published: the export does not change.
    expect((await nobody.get('/api/public/civic/export.csv?type=assembly')).statusCode).toBe(200);
    await publication(id, true);
    const fresh = await queued('/api/public/civic/export.csv?type=assembly');
    const built = (await exportDocuments()).filter((d) => d.status === 'ready').map((d) => d.id);
    // The file and status of every export built before the publication are gone for readers.
    expect(built.length).toBeGreaterThan(0);
    for (const oldId of built) {
      expect((await nobody.get(`/api/documents/${oldId}/file`)).statusCode).toBe(404);
      expect((await nobody.get(`/api/documents/${oldId}`)).statusCode).toBe(404);
    }
    await t.runJobs();
    const after = await nobody.get('/api/public/civic/export.csv?type=assembly');
    expect(after.statusCode).toBe(200);
    expect(after.body).toContain('NEWLY-PUBLISHED record for the export');
    expect((await nobody.get(`/api/documents/${fresh.id}/file`)).body).toContain('NEWLY-PUBLISHED');

    // Withdrawn: the export built with it is no longer served; what is published is again what
    // it was before, and so is the export.
    await publication(id, false);
    expect((await nobody.get(`/api/documents/${fresh.id}/file`)).statusCode).toBe(404);
    const back = await nobody.get('/api/public/civic/export.csv?type=assembly');
    expect(back.statusCode).toBe(200);
    expect(back.body).toBe(before.body);
    // An older record withdrawn: a new export, without it.
    const older = await t.db.system((tx) =>
      tx.selectFrom('civic_records').select(['id', 'title']).where('published_at', 'is not', null).where(sql<boolean>`'assembly' = ANY(types)`).orderBy('published_at').executeTakeFirstOrThrow(),
    );
    expect(before.body).toContain(older.title.replaceAll('"', '""'));
    await publication(older.id, false);
    const withdrawn = await queued('/api/public/civic/export.csv?type=assembly');
    expect(withdrawn.id).not.toBe(fresh.id);
    await t.runJobs();
    const without = await nobody.get('/api/public/civic/export.csv?type=assembly');
    expect(without.statusCode).toBe(200);
    expect(without.body).not.toContain(older.title.replaceAll('"', '""'));
    // Published again: a later publication time, a new export again.
    await publication(older.id, true);
    expect((await queued('/api/public/civic/export.csv?type=assembly')).id).not.toBe(withdrawn.id);
  });

  it('works from a plain link without JavaScript: a page in the reader’s language that reloads until the file is built', async () => {
    const page = await nobody.get('/public/civic/export.json?country=XM&type=bank_derisking&lang=ar');
    expect(page.statusCode).toBe(202);
    expect(page.headers['content-type']).toBe('text/html; charset=utf-8');
    expect(page.headers['cache-control']).toBe('no-store');
    expect(page.body).toContain('<html lang="ar" dir="rtl">');
    expect(page.body).toContain('<meta http-equiv="refresh" content="2">');
    expect(page.body).toContain('جارٍ إعداد ملف البيانات المفتوحة');
    expect(page.body).not.toContain('<script');
    // The page's language follows the browser's when the link does not say.
    const ru = await nobody.get('/public/civic/export.json?country=XM&type=bank_derisking', { headers: { 'accept-language': 'ru-RU,ru;q=0.9' } });
    expect(ru.body).toContain('Подготовка выгрузки открытых данных');
    await t.runJobs();
    const file = await nobody.get('/public/civic/export.json?country=XM&type=bank_derisking&lang=ar');
    expect(file.statusCode).toBe(200);
    expect(file.headers['content-type']).toBe('application/json; charset=utf-8');
    expect(file.headers['content-disposition']).toBe('attachment; filename="civic-space-records-XM-bank_derisking.json"');
    const body = file.json() as { filter: unknown; records: Array<{ country: string; types: string[] }> };
    expect(body.filter).toEqual({ country: 'XM', type: 'bank_derisking' });
    expect(body.records.length).toBeGreaterThan(0);
    expect(body.records.every((r) => r.country === 'XM' && r.types.includes('bank_derisking'))).toBe(true);
    // Its stylesheet, served with it; bad filters are refused.
    expect((await nobody.get('/public/civic/plain.css')).headers['content-type']).toBe('text/css; charset=utf-8');
    expect((await nobody.get('/public/civic/export.csv?year=1700')).statusCode).toBe(400);
    expect((await nobody.get('/public/civic/export.xml')).statusCode).toBe(400);
  });
});
