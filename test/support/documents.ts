// Following a document built in the background, as the page does: the request's 202 with the
// document, the build (the test runs the waiting jobs), its progress read back, then its file.
import type { LightMyRequestResponse } from 'fastify';
import { expect } from 'vitest';
import type { TestApp } from './app.ts';
import type { TestClient } from './client.ts';

export type DocumentAnswer = { id: string; kind: string; status: string; progress: number; filename: string | null; error: string | null; expiresAt: string };

/** The document a request answered 202 with, queued and not yet built. */
export function asked(res: LightMyRequestResponse): DocumentAnswer {
  expect(res.statusCode, res.body).toBe(202);
  const doc = res.json() as DocumentAnswer;
  expect(doc).toMatchObject({ id: expect.any(String), status: 'queued', progress: 0, filename: null });
  return doc;
}

/** Builds what waits, and reads the document back as its owner. */
export async function build(t: TestApp, client: TestClient, doc: { id: string }): Promise<DocumentAnswer> {
  await t.runJobs();
  const res = await client.get(`/api/documents/${doc.id}`);
  expect(res.statusCode, res.body).toBe(200);
  return res.json() as DocumentAnswer;
}

/** The request's document, built and downloaded by its owner: the file's response. */
export async function download(t: TestApp, client: TestClient, res: LightMyRequestResponse): Promise<LightMyRequestResponse> {
  const doc = asked(res);
  // Not made on the request: nothing to download yet.
  expect((await client.get(`/api/documents/${doc.id}/file`)).statusCode).toBe(409);
  const built = await build(t, client, doc);
  expect(built, JSON.stringify(built)).toMatchObject({ status: 'ready', progress: 100 });
  const file = await client.get(`/api/documents/${doc.id}/file`);
  expect(file.statusCode, file.body.slice(0, 200)).toBe(200);
  expect(file.headers['cache-control']).toBe('no-store');
  return file;
}
