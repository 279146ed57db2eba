// The jobs page in the browser: a platform administrator sees the queues with their schedules,
// in English and right to left in Arabic; axe checks both.
import type { BrowserContext, Page } from 'playwright-core';
import { afterAll, afterEach, beforeAll, describe, expect, it } from 'vitest';
import { expectAccessible, hasChromium, signIn, startStack, type Stack } from '../support/browser.ts';

describe.skipIf(!hasChromium)('background jobs in Chromium', () => {
  let stack: Stack;
  let context: BrowserContext | undefined;
  beforeAll(async () => {
    stack = await startStack();
  });
  afterAll(() => stack?.close());
  afterEach(() => context?.close());

  async function open(locale: 'en' | 'ar'): Promise<Page> {
    context = await stack.browser.newContext({ locale, viewport: { width: locale === 'ar' ? 420 : 1100, height: 900 } });
    await context.addInitScript((l) => window.localStorage.setItem('tandem.locale', l), locale);
    const page = await context.newPage();
    await page.goto(stack.baseUrl);
    await signIn(stack, page, 'platform-admin@tandem.example');
    return page;
  }

  it('shows every queue with its schedule to a platform administrator', async () => {
    const page = await open('en');
    await page.getByRole('link', { name: 'Background jobs' }).click();
    await page.getByRole('heading', { name: 'Background jobs', level: 1 }).waitFor();
    await page.getByRole('cell', { name: /Send a message/ }).waitFor();
    await page.getByRole('cell', { name: /Seal the audit trail/ }).waitFor();
    await page.getByText('No job has failed.').waitFor();
    await expectAccessible(page, 'the jobs page');
    if (process.env.TANDEM_SCREENSHOTS) await page.screenshot({ path: `${process.env.TANDEM_SCREENSHOTS}/jobs-en.png`, fullPage: true });
  });

  it('reads right to left in Arabic', async () => {
    const page = await open('ar');
    await page.goto(`${stack.baseUrl}/jobs`);
    await page.getByRole('heading', { name: 'المهام في الخلفية', level: 1 }).waitFor();
    expect(await page.locator('html').getAttribute('dir')).toBe('rtl');
    await expectAccessible(page, 'the jobs page in Arabic');
    if (process.env.TANDEM_SCREENSHOTS) await page.screenshot({ path: `${process.env.TANDEM_SCREENSHOTS}/jobs-ar.png`, fullPage: true });
  });
});
