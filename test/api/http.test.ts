// The HTTP contract every endpoint shares: health, OpenAPI, problem+json errors, security headers.
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { backends } from '../support/databases.ts';
import { createTestApp, type TestApp } from '../support/app.ts';

describe.each(backends)('HTTP platform on %s', (backend) => {
  let t: TestApp;
  beforeAll(async () => {
    t = await createTestApp(backend);
  });
  afterAll(() => t?.close());

  it('answers health with the database kind and version', async () => {
    const res = await t.app.inject('/api/health');
    expect(res.statusCode).toBe(200);
    expect(res.json()).toEqual({ status: 'ok', database: backend, version: expect.stringMatching(/^\d+\.\d+\.\d+/) });
  });

  it('answers liveness and readiness while serving', async () => {
    const live = await t.app.inject('/api/health/live');
    expect(live.statusCode).toBe(200);
    expect(live.json()).toEqual({ status: 'ok' });
    const ready = await t.app.inject('/api/health/ready');
    expect(ready.statusCode).toBe(200);
    expect(ready.json()).toEqual({ status: 'ready', checks: { database: 'ok', queue: 'ok' } });
  });

  it('describes every API endpoint in the OpenAPI document', async () => {
    const res = await t.app.inject('/api/openapi.json');
    expect(res.statusCode).toBe(200);
    const doc = res.json() as { openapi: string; paths: Record<string, Record<string, unknown>> };
    expect(doc.openapi).toMatch(/^3\./);
    expect(t.app.apiRoutes.length).toBeGreaterThan(5);
    for (const { method, url } of t.app.apiRoutes) {
      const path = url.replace(/:([A-Za-z]+)/g, '{$1}');
      expect(doc.paths[path]?.[method.toLowerCase()], `${method} ${url}`).toBeDefined();
    }
  });

  it('answers an unknown route with a 404 problem', async () => {
    const res = await t.app.inject('/api/no-such-thing');
    expect(res.statusCode).toBe(404);
    expect(res.headers['content-type']).toMatch(/^application\/problem\+json/);
    expect(res.json()).toMatchObject({ status: 404, code: 'not_found', instance: res.headers['x-request-id'] });
  });

  it('answers malformed JSON with 400, not 500', async () => {
    const c = t.client();
    const res = await c.post('/api/auth/login', undefined, { rawBody: '{"email": "a@b.c", ' });
    expect(res.statusCode).toBe(400);
    expect(res.json().code).toBe('malformed_request');
  });

  it('answers a body over the limit with 413', async () => {
    const c = t.client();
    const huge = JSON.stringify({ email: 'a@b.c', password: 'x'.repeat(t.config.bodyLimit) });
    const res = await c.post('/api/auth/login', undefined, { rawBody: huge });
    expect(res.statusCode).toBe(413);
    expect(res.json().code).toBe('payload_too_large');
  });

  it('answers an unsupported content type with 415', async () => {
    const c = t.client();
    const res = await c.post('/api/auth/login', undefined, { rawBody: 'email=a', contentType: 'application/x-www-form-urlencoded' });
    expect(res.statusCode).toBe(415);
    expect(res.json().code).toBe('unsupported_media_type');
  });

  it('names the failing fields when validation fails', async () => {
    const c = t.client();
    const res = await c.post('/api/auth/login', { email: 'not an address', password: '' });
    expect(res.statusCode).toBe(400);
    const body = res.json() as { code: string; errors: Array<{ path: string }> };
    expect(body.code).toBe('validation_failed');
    expect(body.errors.map((e) => e.path).sort()).toEqual(['body.email', 'body.password']);
  });

  it('never sends a stack trace, SQL or internal detail', async () => {
    const c = t.client();
    const res = await c.post('/api/auth/login', undefined, { rawBody: '[1,2' });
    expect(res.body).not.toMatch(/at .*\.ts:\d+|SELECT|stack/i);
  });

  it('sends security headers with a strict content security policy and a request id', async () => {
    const res = await t.app.inject('/api/health');
    const csp = String(res.headers['content-security-policy']);
    expect(csp).toContain("default-src 'self'");
    expect(csp).toContain("script-src 'self'");
    expect(csp).toContain("frame-ancestors 'none'");
    expect(csp).not.toContain('unsafe-inline');
    expect(res.headers['x-content-type-options']).toBe('nosniff');
    expect(res.headers['referrer-policy']).toBe('no-referrer');
    expect(res.headers['cache-control']).toBe('no-store');
    expect(res.headers['x-request-id']).toMatch(/^[0-9a-f-]{36}$/);
  });

  it('ignores a request id sent by the client', async () => {
    const res = await t.app.inject({ url: '/api/health', headers: { 'x-request-id': 'forged' } });
    expect(res.headers['x-request-id']).not.toBe('forged');
  });
});

describe.each(backends)('leaving service on %s', (backend) => {
  let t: TestApp;
  beforeAll(async () => {
    t = await createTestApp(backend);
  });
  afterAll(() => t?.close());

  it('is not ready while a readiness check fails, naming it', async () => {
    t.lifecycle.addReadinessCheck('archive', () => Promise.reject(new Error('stopped')));
    const res = await t.app.inject('/api/health/ready');
    expect(res.statusCode).toBe(503);
    expect(res.headers['content-type']).toMatch(/^application\/problem\+json/);
    expect(res.json()).toMatchObject({ status: 503, code: 'unavailable', draining: false, checks: { database: 'ok', queue: 'ok', archive: 'failing' } });
  });

  it('while draining: not ready, yet every other request is answered, on connections that close', async () => {
    t.lifecycle.drain();
    const ready = await t.app.inject('/api/health/ready');
    expect(ready.statusCode).toBe(503);
    expect(ready.headers['retry-after']).toBe('5');
    expect(ready.json()).toMatchObject({ code: 'unavailable', draining: true });
    const health = await t.app.inject('/api/health');
    expect(health.statusCode).toBe(200);
    expect(health.headers.connection).toBe('close');
    expect((await t.app.inject('/api/public/plans')).statusCode).toBe(200);
  });

  it('while closing: 503 with Retry-After and Connection: close, as a problem document', async () => {
    t.lifecycle.closing();
    for (const url of ['/api/health', '/api/public/plans', '/api/no-such-thing']) {
      const res = await t.app.inject(url);
      expect(res.statusCode, url).toBe(503);
      expect(res.headers['retry-after']).toBe('5');
      expect(res.headers.connection).toBe('close');
      expect(res.headers['content-type']).toMatch(/^application\/problem\+json/);
      expect(res.json()).toMatchObject({ status: 503, code: 'unavailable' });
    }
  });
});
