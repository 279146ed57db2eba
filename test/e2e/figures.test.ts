// The Figures page in the browser: computed indicators drawn by Observable Plot under the content
// security policy (no violation reported), each chart with its table, hidden figures marked and
// explained; in English, Russian and Arabic (right to left), with an axe check.
import type { Browser, BrowserContext, Page } from 'playwright-core';
import { afterAll, afterEach, beforeAll, beforeEach, describe, expect, it } from 'vitest';
import { expectAccessible, hasChromium, signIn, startStack, type Stack } from '../support/browser.ts';

/** With TANDEM_SCREENSHOTS set to a folder, keeps a picture of the page there for a reviewer. */
async function shot(page: Page, name: string): Promise<void> {
  const dir = process.env.TANDEM_SCREENSHOTS;
  if (dir) await page.screenshot({ path: `${dir}/figures-${name}.png`, fullPage: true });
}

async function pageIn(browser: Browser, locale: 'en' | 'ru' | 'ar'): Promise<{ context: BrowserContext; page: Page }> {
  const context = await browser.newContext({ locale: locale === 'en' ? 'en-GB' : locale, viewport: { width: 1100, height: 900 } });
  await context.addInitScript((l) => window.localStorage.setItem('tandem.locale', l), locale);
  return { context, page: await context.newPage() };
}

describe.skipIf(!hasChromium)('figures from case data in Chromium', () => {
  let stack: Stack;
  let context: BrowserContext | undefined;
  let page: Page;
  let problems: string[];

  beforeAll(async () => {
    stack = await startStack();
  });
  afterAll(() => stack?.close());
  const open = async (locale: 'en' | 'ru' | 'ar') => {
    ({ context, page } = await pageIn(stack.browser, locale));
    page.on('pageerror', (error) => problems.push(error.message));
    // A chart that broke the content security policy would be reported here.
    page.on('console', (m) => {
      if (m.type() === 'error' && /Content Security Policy|Refused to/i.test(m.text())) problems.push(m.text());
    });
  };
  beforeEach(() => {
    problems = [];
  });
  afterEach(async () => {
    await context?.close();
    expect(problems, 'errors and policy violations in the page').toEqual([]);
  });

  it('shows the national indicators as charts with tables, hidden figures marked and explained', async () => {
    await open('en');
    await page.goto(stack.baseUrl);
    await signIn(stack, page, 'coordinator@tandem.example');
    await page.getByRole('link', { name: 'Figures' }).first().click();
    await page.getByRole('heading', { name: 'Figures from case data', level: 1 }).waitFor();
    await page.getByRole('heading', { name: 'Open cases', level: 2 }).waitFor();
    // Every table has its chart, drawn as SVG by the library.
    await expect.poll(() => page.locator('.plot-chart svg').count()).toBe(7);
    expect(await page.locator('table.figures').count()).toBe(7);
    // The demo has few cases: small counts are hidden and the page says why.
    expect(await page.locator('table.figures .suppressed').count()).toBeGreaterThan(0);
    await page.getByText(/counts of 5 or fewer are marked “hidden”/).waitFor();
    await shot(page, 'en');
    await expectAccessible(page, 'the figures page');
    // A government case coordinator may also look at the organisation's own caseload.
    await page.getByRole('button', { name: 'Our organisation' }).click();
    await page.getByText('Figures for your organisation’s own caseload', { exact: false }).waitFor();
    expect(await page.getByRole('button', { name: 'Our organisation' }).getAttribute('aria-pressed')).toBe('true');
  });

  it("marks hidden figures on a published plan's public representation page, signed out", async () => {
    await open('en');
    const list = (await (await fetch(`${stack.baseUrl}/api/public/plans`)).json()) as { plans: Array<{ id: string }> };
    await page.goto(`${stack.baseUrl}/public/plans/${list.plans[0]!.id}/figures`);
    await page.getByRole('heading', { name: 'Representation and gender', level: 1 }).waitFor();
    expect(await page.locator('.suppressed').count()).toBeGreaterThan(0);
    await page.getByText(/counts of 5 or fewer are marked “hidden”/).waitFor();
    await shot(page, 'public-plan');
    await expectAccessible(page, 'the public representation figures');
  });

  it('reads in Russian and right to left in Arabic', async () => {
    await open('ru');
    await page.goto(stack.baseUrl);
    await signIn(stack, page, 'plan-coordinator@tandem.example');
    await page.goto(`${stack.baseUrl}/figures`);
    await page.getByRole('heading', { name: 'Показатели по данным дел', level: 1 }).waitFor();
    await expect.poll(() => page.locator('.plot-chart svg').count()).toBe(7);
    await shot(page, 'ru');
    await context?.close();

    await open('ar');
    await page.goto(stack.baseUrl);
    await signIn(stack, page, 'plan-coordinator@tandem.example');
    await page.goto(`${stack.baseUrl}/figures`);
    await page.getByRole('heading', { name: 'أرقام من بيانات الحالات', level: 1 }).waitFor();
    expect(await page.locator('html').getAttribute('dir')).toBe('rtl');
    await expect.poll(() => page.locator('.plot-chart svg').count()).toBe(7);
    expect(await page.locator('table.figures').first().getByText('مخفي').count()).toBeGreaterThan(0);
    await shot(page, 'ar');
    await expectAccessible(page, 'the figures page in Arabic');
  });
});
