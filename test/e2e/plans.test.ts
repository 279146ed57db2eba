// Plans in the browser: the plan coordinator starts a plan, writes two sections, edits one into
// a second version and compares the two, opens the plan to consultation, and finds it on the
// home page; the contributor then reads it. Axe checks each page, and the overview once in
// Arabic (right to left) at phone width.
import type { Browser, BrowserContext, Page } from 'playwright-core';
import { afterAll, afterEach, beforeAll, beforeEach, describe, expect, it } from 'vitest';
import { expectAccessible, hasChromium, signIn, startStack, type Stack, fillDate } from '../support/browser.ts';

async function pageIn(browser: Browser, locale: 'en' | 'ar' = 'en', width = 1100): Promise<{ context: BrowserContext; page: Page }> {
  const context = await browser.newContext({ locale: locale === 'ar' ? 'ar' : 'en-GB', viewport: { width, height: 900 } });
  await context.addInitScript((l) => window.localStorage.setItem('tandem.locale', l), locale);
  return { context, page: await context.newPage() };
}

describe.skipIf(!hasChromium)('action plans in Chromium', () => {
  let stack: Stack;
  let context: BrowserContext;
  let page: Page;
  let pageErrors: string[];
  let planUrl = '';

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

  it('lets the coordinator start a plan, write and revise its sections, and open it to consultation', async () => {
    await page.goto(stack.baseUrl);
    await signIn(stack, page, 'plan-coordinator@tandem.example');
    await page.getByRole('link', { name: 'Action plans' }).first().click();
    await page.getByRole('heading', { name: 'Action plans', level: 1 }).waitFor();
    await page.getByRole('link', { name: 'New plan' }).click();
    await expectAccessible(page, 'the new plan form');
    await page.getByLabel('Title').fill('Browser plan on prevention');
    await fillDate(page, 'Period starts', '2026-01-01');
    await fillDate(page, 'Period ends', '2029-12-31');
    await page.getByRole('button', { name: 'Start the plan' }).click();
    await page.getByRole('heading', { name: 'Browser plan on prevention', level: 1 }).waitFor();
    planUrl = new URL(page.url()).pathname;
    await expectAccessible(page, 'the plan overview');

    await page.getByRole('navigation', { name: 'Parts of the plan' }).getByRole('link', { name: 'Sections' }).click();
    await page.getByRole('heading', { name: 'Add a section' }).waitFor();
    for (const [title, body] of [
      ['Prevention in schools', 'Teachers receive training on early signs.'],
      ['Reintegration', 'Returnees receive support from local services.'],
    ] as const) {
      await page.getByLabel('Section title').fill(title);
      await page.getByLabel('Text').fill(body);
      await page.getByRole('button', { name: 'Add the section' }).click();
      await page.getByRole('link', { name: title }).waitFor();
    }
    await expectAccessible(page, 'the sections page');
    await page.getByRole('link', { name: 'Prevention in schools' }).click();
    await page.getByText('Edit this section').click();
    await page.getByLabel('Text').fill('Teachers and school psychologists receive training on early signs.');
    await page.getByLabel('What changed, and why').fill('Psychologists added after the meeting');
    await page.getByRole('button', { name: 'Save as a new version' }).click();
    await page.getByRole('heading', { name: 'Compare versions' }).waitFor();
    await expect.poll(() => page.locator('.section-diff ins').first().textContent()).toBe('added: and school psychologists ');
    expect(await page.getByText('Psychologists added after the meeting').count()).toBe(1);
    await expectAccessible(page, 'the section page with its comparison');

    await page.getByRole('navigation', { name: 'Parts of the plan' }).getByRole('link', { name: 'Overview' }).click();
    await page.getByRole('button', { name: 'Change the stage' }).click();
    await page.getByText('moved from Drafting to Consultation').waitFor();
    await page.getByRole('button', { name: 'Publish the plan' }).click();
    await page.getByRole('button', { name: 'Withdraw from public view' }).waitFor();

    await page.goto(stack.baseUrl);
    const panel = page.getByRole('region', { name: 'National action plans' });
    await panel.getByRole('link', { name: 'Browser plan on prevention' }).waitFor();
    expect(await panel.getByRole('listitem').filter({ hasText: 'Browser plan on prevention' }).getByText('Consultation').count()).toBe(1);
  });

  it('shows the plan to a contributor of the country, without the coordinator’s forms, and in Arabic right to left', async () => {
    expect(planUrl).not.toBe('');
    await context.close();
    ({ context, page } = await pageIn(stack.browser, 'ar', 420));
    page.on('pageerror', (error) => pageErrors.push(error.message));
    await page.goto(stack.baseUrl);
    await signIn(stack, page, 'contributor@tandem.example');
    await page.goto(`${stack.baseUrl}${planUrl}`);
    await page.getByRole('heading', { name: 'Browser plan on prevention', level: 1 }).waitFor();
    expect(await page.locator('html').getAttribute('dir')).toBe('rtl');
    await page.getByRole('heading', { name: 'المراحل' }).waitFor();
    expect(await page.getByRole('button', { name: 'تغيير المرحلة' }).count()).toBe(0);
    await expectAccessible(page, 'the plan overview in Arabic');
  });
});
