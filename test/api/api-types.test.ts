// The web app's API types (src/web/api/openapi.d.ts) are generated from the server's OpenAPI
// document: a route whose schema changed without `npm run api:types` fails here, so the pages
// cannot drift from what the server answers.
import { readFileSync } from 'node:fs';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { API_TYPES_FILE, apiTypes } from '../../scripts/openapi-types.ts';
import { createTestApp, type TestApp } from '../support/app.ts';

describe('generated API types', () => {
  let t: TestApp;
  beforeAll(async () => {
    t = await createTestApp('pglite');
  });
  afterAll(() => t?.close());

  it('match the OpenAPI document the server describes itself with (else: npm run api:types)', async () => {
    const generated = await apiTypes((await t.app.inject('/api/openapi.json')).json());
    const committed = readFileSync(API_TYPES_FILE, 'utf8');
    // Compared line by line, so a failure names the first stale line rather than two 10,000-line strings.
    const a = committed.split('\n');
    const b = generated.split('\n');
    const first = a.findIndex((line, i) => line !== b[i]);
    expect(first === -1 && a.length === b.length ? 'up to date' : `stale from line ${first + 1}: ${b[first] ?? '(end)'}`).toBe('up to date');
  });
});
