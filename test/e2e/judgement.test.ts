// Structured professional judgement in the browser: the agency's administrator writes a new
// version of its instrument; the coordinator sees an overdue review on a case, records a new
// judgement against the current version, and finds the earlier one in the history. Axe checks
// each page, and the judgement tab once in Arabic at phone width.
import type { Browser, BrowserContext, Page } from 'playwright-core';
import { afterAll, afterEach, beforeAll, beforeEach, describe, expect, it } from 'vitest';
import { expectAccessible, hasChromium, signIn, startStack, type Stack } from '../support/browser.ts';

async function pageIn(browser: Browser, locale: 'en' | 'ar' = 'en', width = 1100): Promise<{ context: BrowserContext; page: Page }> {
  const context = await browser.newContext({ locale: locale === 'ar' ? 'ar' : 'en-GB', viewport: { width, height: 900 } });
  await context.addInitScript((l) => window.localStorage.setItem('tandem.locale', l), locale);
  return { context, page: await context.newPage() };
}

describe.skipIf(!hasChromium)('professional judgement in Chromium', () => {
  let stack: Stack;
  let context: BrowserContext;
  let page: Page;
  let pageErrors: string[];

  beforeAll(async () => {
    stack = await startStack();
  });
  afterAll(() => stack?.close());
  beforeEach(async () => {
    ({ context, page } = await pageIn(stack.browser));
    pageErrors = [];
    page.on('pageerror', (error) => pageErrors.push(error.message));
  });
  afterEach(async () => {
    await context?.close();
    expect(pageErrors, 'errors thrown in the page').toEqual([]);
  });

  it('lets the administrator write a new version of an instrument', async () => {
    await page.goto(stack.baseUrl);
    await signIn(stack, page, 'agency-admin@tandem.example');
    await page.getByRole('link', { name: 'Judgement instruments' }).click();
    await page.getByRole('heading', { name: 'Reintegration review (PRS)' }).waitFor();
    await expectAccessible(page, 'the instruments page');
    await page.getByRole('button', { name: 'Write a new version' }).click();
    await page.getByRole('heading', { name: 'Reintegration review (PRS): version 2' }).waitFor();
    await expectAccessible(page, 'the instrument form');
    await page.getByRole('button', { name: 'Add a factor' }).click();
    const added = page.getByRole('group', { name: 'Factor 7' });
    await added.getByLabel('Label').fill('Access to health care');
    await added.getByLabel('Domain').selectOption('health');
    await page.getByRole('button', { name: 'Save the new version' }).click();
    await page.getByText('Version 2', { exact: true }).waitFor();
    expect(await page.getByText('Access to health care').count()).toBe(1);
    await page.getByText('1 earlier version').click();
    await page.getByText('Version 1', { exact: true }).waitFor();
  });

  it('shows an overdue review and records a new judgement that becomes current', async () => {
    await page.goto(stack.baseUrl);
    await signIn(stack, page, 'coordinator@tandem.example');
    await page.goto(`${stack.baseUrl}/cases`);
    await page.locator('tr', { hasText: 'Farrukh' }).getByRole('link').click();
    await page.getByRole('link', { name: 'Professional judgement' }).click();
    await page.getByText('Review overdue').waitFor();
    await page.getByText('Tandem never computes, sums, ranks or predicts a score', { exact: false }).waitFor();
    await expectAccessible(page, 'the judgement tab');
    await page.getByRole('button', { name: 'Record a new judgement' }).click();
    const form = page.locator('form.judgement-form');
    await form.waitFor();
    await expectAccessible(page, 'the judgement form');
    const factors = await form.locator('fieldset.group').count();
    for (let i = 0; i < factors - 1; i++) {
      const group = form.locator('fieldset.group').nth(i);
      await group.getByLabel('Moderate').check();
    }
    await form.getByRole('group', { name: 'Your level', exact: true }).getByLabel('Moderate', { exact: false }).check();
    await form.getByLabel('Reasons for the overall level').fill('Work found through the placement; counselling still refused. Watch the family situation.');
    await form.getByRole('button', { name: 'Record the judgement' }).click();
    await page.getByText('Earlier judgements').waitFor();
    expect(await page.getByText('Review overdue').count()).toBe(0);
    await expect.poll(() => page.locator('.judgement').first().textContent()).toContain('Work found through the placement');
  });

  it('reads right to left at phone width in Arabic', async () => {
    const ar = await pageIn(stack.browser, 'ar', 390);
    await ar.page.goto(stack.baseUrl);
    await signIn(stack, ar.page, 'coordinator@tandem.example');
    const rosa = await ar.page.evaluate(async () => ((await (await fetch('/api/cases?q=Rosa')).json()) as { cases: Array<{ id: string }> }).cases[0]!.id);
    await ar.page.goto(`${stack.baseUrl}/cases/${rosa}/judgement`);
    await ar.page.locator('.judgement').first().waitFor();
    expect(await ar.page.getAttribute('html', 'dir')).toBe('rtl');
    expect(await ar.page.evaluate(() => document.documentElement.scrollWidth <= window.innerWidth)).toBe(true);
    await expectAccessible(ar.page, 'the judgement tab in Arabic');
    await ar.context.close();
  });
});
