// One error format for every layer: route handlers, Fastify itself (a URL that does not decode,
// a parameter too long, a body that is not JSON or too large, a content type it cannot read),
// plugins (anti-forgery token, rate limit) and Node's HTTP parser (a malformed request, headers
// too large). Each answer is application/problem+json with a stable code, the HTTP status in the
// body, the request id, and nothing of what was sent.
import { connect } from 'node:net';
import type { AddressInfo } from 'node:net';
import type { InjectOptions } from 'fastify';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { ERROR_STATUS } from '../../src/platform/http/errors.ts';
import { createTestApp, type TestApp } from '../support/app.ts';
import { backends } from '../support/databases.ts';

/** Sent in every request, so that an echo of input shows. */
const MARK = 'ECHOMARK';

type Answer = { status: number; contentType: string | undefined; body: string };

function expectProblem(name: string, res: Answer, status: number, code: string): void {
  expect(res.status, `${name}: ${res.body}`).toBe(status);
  expect(res.contentType, name).toMatch(/^application\/problem\+json/);
  const doc = JSON.parse(res.body) as { code: string; status: number; type: string; title: string; instance?: string };
  expect(doc, name).toMatchObject({ code, status, type: `urn:tandem:problem:${code}` });
  expect(Object.keys(ERROR_STATUS), name).toContain(doc.code);
  expect(doc.instance, name).toMatch(/^[0-9a-f-]{36}$/);
  expect(Object.keys(doc).every((k) => ['type', 'title', 'status', 'code', 'detail', 'instance', 'errors'].includes(k)), `${name}: ${Object.keys(doc)}`).toBe(true);
  expect(res.body, `${name} echoes nothing of the request`).not.toMatch(new RegExp(`${MARK}|FST_|statusCode`, 'i'));
}

/** One raw HTTP/1.1 exchange, for what app.inject() cannot send. */
function raw(port: number, request: string): Promise<Answer> {
  return new Promise((ok, fail) => {
    const socket = connect(port, '127.0.0.1', () => socket.write(request));
    let text = '';
    socket.on('data', (c: Buffer) => (text += c.toString('latin1')));
    socket.on('error', fail);
    socket.on('close', () => {
      const [head = '', body = ''] = text.split('\r\n\r\n');
      const status = Number(head.split(' ')[1]);
      const contentType = /^content-type: *(.+)$/im.exec(head)?.[1];
      ok({ status, contentType, body });
    });
  });
}

describe.each(backends)('one error format on %s', (backend) => {
  let t: TestApp;
  let port: number;
  beforeAll(async () => {
    t = await createTestApp(backend);
    await t.app.listen({ port: 0, host: '127.0.0.1' });
    port = (t.app.server.address() as AddressInfo).port;
  });
  afterAll(() => t?.close());

  it('answers every kind of bad request with a problem document', async () => {
    const c = t.client();
    const token = await c.csrfToken();
    const withToken = (headers: Record<string, string> = {}) => ({ 'x-csrf-token': token, cookie: [...c.cookies].map(([k, v]) => `${k}=${v}`).join('; '), ...headers });
    const cases: Array<[string, InjectOptions, number, string]> = [
      ['a URL that does not decode', { url: `/api/plans/%ff%fe?${MARK}` }, 400, 'malformed_request'],
      ['a URL that does not decode, deeper', { url: `/api/plans/%ff%fe/commitments/${MARK}` }, 400, 'malformed_request'],
      ['a bad escape', { url: `/api/%zz${MARK}` }, 400, 'malformed_request'],
      ['a bad URL outside the API', { url: `/%ff${MARK}` }, 400, 'malformed_request'],
      ['a parameter too long', { url: `/api/plans/${MARK}${'a'.repeat(300)}` }, 414, 'uri_too_long'],
      ['no such route', { url: `/api/${MARK}` }, 404, 'not_found'],
      ['a method no route has', { method: 'PROPFIND' as InjectOptions['method'], url: '/api/health' }, 404, 'not_found'],
      ['an invalid parameter', { url: `/api/plans/${MARK}` }, 400, 'validation_failed'],
      ['no anti-forgery token', { method: 'POST', url: '/api/auth/login', headers: { 'content-type': 'application/json' }, payload: JSON.stringify({ email: `${MARK}@x.org`, password: MARK }) }, 403, 'csrf_invalid'],
      ['a forged anti-forgery token', { method: 'POST', url: '/api/auth/login', headers: { ...withToken(), 'x-csrf-token': MARK, 'content-type': 'application/json' }, payload: '{}' }, 403, 'csrf_invalid'],
      ['JSON that does not parse', { method: 'POST', url: '/api/auth/login', headers: withToken({ 'content-type': 'application/json' }), payload: `{"email": "${MARK}", ` }, 400, 'malformed_request'],
      ['an empty JSON body', { method: 'POST', url: '/api/auth/login', headers: withToken({ 'content-type': 'application/json' }), payload: '' }, 400, 'malformed_request'],
      ['a prototype-poisoning body', { method: 'POST', url: '/api/auth/login', headers: withToken({ 'content-type': 'application/json' }), payload: `{"__proto__": {"${MARK}": 1}}` }, 400, 'malformed_request'],
      ['a content type nobody reads', { method: 'POST', url: '/api/auth/login', headers: withToken({ 'content-type': `application/${MARK}` }), payload: MARK }, 415, 'unsupported_media_type'],
      ['a form instead of JSON', { method: 'POST', url: '/api/auth/login', headers: withToken({ 'content-type': 'application/x-www-form-urlencoded' }), payload: `email=${MARK}` }, 415, 'unsupported_media_type'],
      ['a body over the limit', { method: 'POST', url: '/api/auth/login', headers: withToken({ 'content-type': 'application/json' }), payload: JSON.stringify({ email: MARK, password: 'x'.repeat(t.config.bodyLimit) }) }, 413, 'payload_too_large'],
      ['fields that fail validation', { method: 'POST', url: '/api/auth/login', headers: withToken({ 'content-type': 'application/json' }), payload: JSON.stringify({ email: MARK, password: '' }) }, 400, 'validation_failed'],
      ['signed out', { url: '/api/cases' }, 401, 'unauthenticated'],
    ];
    for (const [name, request, status, code] of cases) {
      const res = await t.app.inject(request);
      expectProblem(name, { status: res.statusCode, contentType: res.headers['content-type'], body: res.body }, status, code);
      expect(res.headers['cache-control'], name).toBe('no-store');
    }
  });

  it('answers a malformed request, an unknown method and oversized headers from the HTTP parser with a problem document', async () => {
    expectProblem('a malformed header', await raw(port, `GET /api/health HTTP/1.1\r\nHost: x\r\n${MARK} no colon\r\n\r\n`), 400, 'malformed_request');
    expectProblem('an unknown method', await raw(port, `${MARK} /api/health HTTP/1.1\r\nHost: x\r\n\r\n`), 400, 'malformed_request');
    expectProblem('a malformed request line', await raw(port, `GET /api/health ${MARK}\r\n\r\n`), 400, 'malformed_request');
    expectProblem('headers too large', await raw(port, `GET /api/health HTTP/1.1\r\nHost: x\r\nX-${MARK}: ${'a'.repeat(20_000)}\r\n\r\n`), 431, 'headers_too_large');
    expectProblem('a bad URL over HTTP', await raw(port, `GET /api/plans/%ff%fe HTTP/1.1\r\nHost: x\r\nConnection: close\r\n\r\n`), 400, 'malformed_request');
  });
});

describe.each(backends)('rate limit on %s', (backend) => {
  let t: TestApp;
  beforeAll(async () => {
    t = await createTestApp(backend, { TANDEM_RATE_LIMIT_PER_MINUTE: '3' });
  });
  afterAll(() => t?.close());

  it('answers too many requests with a problem document and Retry-After', async () => {
    let res;
    for (let i = 0; i < 4; i++) res = await t.app.inject(`/api/health?${MARK}=${i}`);
    expectProblem('rate limited', { status: res!.statusCode, contentType: res!.headers['content-type'], body: res!.body }, 429, 'rate_limited');
    expect(res!.headers['retry-after']).toBeDefined();
  });
});
