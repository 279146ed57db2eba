// Runs the layout checks for some languages: one browser, one signed-in context per visitor,
// every page of layout-routes.ts at each width. Problems are gathered, then reported together.
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { hasChromium, startStack, type Stack } from './browser.ts';
import { layoutProblems, open, useLocale, visitorContext, WIDTHS, type AxeScope, type Locale } from './layout-checks.ts';
import { ACCOUNTS, LAYOUT_ROUTES, resolveParams, routesOf, type Visitor } from './layout-routes.ts';
import { findingKey, KNOWN_LAYOUT_FINDINGS } from './layout-known.ts';

export function layoutSuite(locales: Locale[]): void {
  describe.skipIf(!hasChromium)(`layout of every page in ${locales.join(', ')}`, () => {
    let stack: Stack;
    let params: Record<string, string>;
    const started = Date.now();
    let visits = 0;

    beforeAll(async () => {
      stack = await startStack();
      params = await resolveParams(stack.tandem);
    });
    afterAll(async () => {
      process.stdout.write(`layout checks (${locales.join(', ')}): ${visits} page views in ${((Date.now() - started) / 1000).toFixed(1)} s\n`);
      await stack?.close();
    });

    // TANDEM_LAYOUT_VISITORS=coordinator,public narrows a run while fixing a page.
    const only = process.env.TANDEM_LAYOUT_VISITORS?.split(',');
    const visitors: Visitor[] = (['public', ...ACCOUNTS] as Visitor[]).filter((v) => !only || only.includes(v));
    // Axe (most of a visit's cost) checks a page's markup once: for the first visitor who sees it;
    // the home page, which differs by role, for everyone. Every visitor still gets every other
    // check on every page, in every language, at every width.
    const axeVisitor = new Map<string, Visitor>();
    for (const v of visitors) for (const r of LAYOUT_ROUTES) if (r.who.includes(v) && !axeVisitor.has(r.path)) axeVisitor.set(r.path, v);
    // The frame around a page (header, navigation, language choice) is the same on every page:
    // axe checks it with the whole page on the home page (the signed-in frame, for everyone)
    // and on the sign-in page (the public frame); elsewhere only the page's own content, <main>.
    const framePages = new Set(['/', '/sign-in']);
    const axeChecks = (pattern: string, visitor: Visitor): AxeScope | null =>
      framePages.has(pattern) ? 'page' : axeVisitor.get(pattern) === visitor ? 'main' : null;
    it.each(visitors)('as %s', { timeout: 15 * 60_000 }, async (visitor) => {
      const { context, page, problems } = await visitorContext(stack, visitor === 'public' ? null : `${visitor}@tandem.example`);
      try {
        if (visitor === 'public') await page.goto(`${stack.baseUrl}/sign-in`);
        const paths = routesOf(visitor, params);
        for (const locale of locales) {
          await useLocale(page, locale);
          for (const { pattern, path } of paths) {
            const began = Date.now();
            await open(page, path);
            // TANDEM_LAYOUT_TIMING=1 prints how long each page took to settle.
            if (process.env.TANDEM_LAYOUT_TIMING) process.stdout.write(`  ${locale} ${path}: settled in ${Date.now() - began} ms\n`);
            for (const width of WIDTHS) {
              await page.setViewportSize({ width, height: 900 });
              // Axe costs most of a visit: it runs twice per page, at desktop width in English and
              // at phone width in Arabic (right to left on a phone). Russian shares the English
              // layout and markup; what differs there (length, untranslated text) is checked above.
              const axe = (locale === 'ar' ? width !== WIDTHS[0] : locale === 'en' && width === WIDTHS[0]) ? axeChecks(pattern, visitor) : null;
              problems.push(...(await layoutProblems(page, locale, width, axe)));
              visits += 1;
            }
            await page.setViewportSize({ width: WIDTHS[0], height: 900 });
          }
        }
      } finally {
        await context.close();
      }
      const known = problems.filter((p) => KNOWN_LAYOUT_FINDINGS.has(`${visitor} ${findingKey(p)}`));
      if (known.length > 0) process.stdout.write(`layout checks as ${visitor}: ${known.length} known findings still to fix (test/support/layout-known.ts)\n`);
      // TANDEM_LAYOUT_SHOW_KNOWN=1 prints them in full, to fix them.
      if (process.env.TANDEM_LAYOUT_SHOW_KNOWN) for (const k of known) process.stdout.write(`  known: ${k}\n`);
      expect(problems.filter((p) => !KNOWN_LAYOUT_FINDINGS.has(`${visitor} ${findingKey(p)}`))).toEqual([]);
    });
  });
}
