// The layout checks cover every page: each route the web app declares is in the one list of
// test/support/layout-routes.ts (a new page without an entry fails here).
import { readFileSync } from 'node:fs';
import { describe, expect, it } from 'vitest';
import { LAYOUT_ROUTES } from '../support/layout-routes.ts';

const WEB = new URL('../../src/web/', import.meta.url).pathname;

/** Route paths declared in a file (`path="…"`, and `index` as the base itself), under a base. */
function declared(file: string, base: string): string[] {
  const text = readFileSync(WEB + file, 'utf8');
  const paths = [...text.matchAll(/<Route\s+path="([^"]+)"/g)].map((m) => m[1]!).filter((p) => !p.endsWith('*'));
  const index = /<Route\s+index\b/.test(text) ? [base || '/'] : [];
  return [...index, ...paths.map((p) => (p.startsWith('/') ? p : `${base}/${p}`))];
}

const shape = (path: string) => path.replace(/:[A-Za-z]+/g, ':');

describe('layout routes', () => {
  it('lists every page of the web app', () => {
    const app = [
      ...declared('signed-in-app.tsx', ''),
      ...declared('routes/planning/planning-routes.tsx', '/plans'),
      ...declared('routes/public-plans.tsx', '/public/plans'),
      ...declared('routes/cases/case-page.tsx', '/cases/:id'),
      ...declared('routes/civic/civic-routes.tsx', '/civic'),
      ...declared('routes/public-civic.tsx', '/public/civic'),
      // The public paths and the sign-in page of app.tsx.
      ...[...readFileSync(`${WEB}app.tsx`, 'utf8').matchAll(/'(\/[a-z][a-z/-]+)'/g)].map((m) => m[1]!),
    ];
    expect(app.length).toBeGreaterThan(50);
    const listed = new Set(LAYOUT_ROUTES.map((r) => shape(r.path)));
    expect([...new Set(app.map(shape))].filter((p) => !listed.has(p))).toEqual([]);
  });
});
