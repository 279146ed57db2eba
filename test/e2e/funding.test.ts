// Funding in the browser, in one flow: the regional fund's donor officer drafts and publishes a
// call → the Women's Voices Network (women-led) sees it may apply, with priority, and applies
// within the ceiling → the officer assigns two reviewers; one declares a conflict and is replaced
// → two reviewers declare none and score → the panel awards with reasons → the applicant reads the
// decision and reasons, in English and then in Arabic at phone width. Axe checks the main pages.
import type { BrowserContext, Page } from 'playwright-core';
import { afterAll, afterEach, beforeAll, describe, expect, it } from 'vitest';
import { expectAccessible, hasChromium, signIn, startStack, type Stack, fillDate } from '../support/browser.ts';

const CALL = 'Safe neighbourhoods small grants';
const REASONS = 'Both reviewers found a clear need among mothers of returnees and a realistic plan. Awarded in full.';

describe.skipIf(!hasChromium)('funding journey in Chromium', () => {
  let stack: Stack;
  let context: BrowserContext | undefined;
  let page: Page;
  let pageErrors: string[] = [];

  beforeAll(async () => {
    stack = await startStack();
  });
  afterAll(() => stack?.close());
  afterEach(async () => {
    await context?.close();
    context = undefined;
    expect(pageErrors, 'errors thrown in the page').toEqual([]);
  });

  async function as(email: string, locale: 'en' | 'ru' | 'ar' = 'en', width = 1100): Promise<Page> {
    await context?.close();
    context = await stack.browser.newContext({ locale: locale === 'en' ? 'en-GB' : locale, viewport: { width, height: 900 } });
    await context.addInitScript((l) => window.localStorage.setItem('tandem.locale', l), locale);
    page = await context.newPage();
    pageErrors = [];
    page.on('pageerror', (error) => pageErrors.push(error.message));
    await page.goto(stack.baseUrl);
    await signIn(stack, page, email);
    return page;
  }
  const local = (days: number) => {
    const d = new Date(Date.now() + days * 86_400_000);
    return new Date(d.getTime() - d.getTimezoneOffset() * 60_000).toISOString().slice(0, 16);
  };

  async function declareAndScore(email: string, scores: [number, number]) {
    await as(email);
    await page.goto(`${stack.baseUrl}/funding/reviews`);
    const card = page.getByRole('listitem').filter({ hasText: CALL });
    await card.getByLabel('No, I have no conflict of interest').check();
    await card.getByRole('button', { name: 'Send the declaration' }).click();
    await card.getByRole('link', { name: 'Open and score' }).click();
    await page.getByRole('heading', { name: 'Your scores' }).waitFor();
    const relevance = page.getByRole('group', { name: /Relevance/ });
    await relevance.getByLabel('Score (0–10)').fill(String(scores[0]));
    await relevance.getByLabel('Comment').fill('A clear need, well described.');
    const capacity = page.getByRole('group', { name: /Capacity/ });
    await capacity.getByLabel('Score (0–10)').fill(String(scores[1]));
    await page.getByRole('button', { name: 'Save the scores' }).click();
    await page.getByText(`Your weighted sum: ${scores[0] * 6 + scores[1] * 4} / 100`).waitFor();
  }

  it('takes a call from publication to an award with feedback, past a declared conflict', { timeout: 300_000 }, async () => {
    // 1. The donor officer drafts the call and publishes it.
    await as('donor@tandem.example');
    await page.getByRole('link', { name: 'Funding' }).first().click();
    await page.getByRole('link', { name: 'New call' }).click();
    await page.getByLabel('Title').fill(CALL);
    await page.getByLabel('Purpose').fill('Small grants for community groups that protect families of returnees from isolation and recruitment.');
    await page.getByLabel('Marisca').check();
    await page.getByLabel('Women-led priority').check();
    await page.getByLabel('Criterion 1').fill('Relevance');
    await page.getByLabel('Weight').first().fill('60');
    await page.getByRole('button', { name: 'Add a criterion' }).click();
    await page.getByLabel('Criterion 2').fill('Capacity');
    await page.getByLabel('Weight').nth(1).fill('40');
    await page.getByText('Weights add up to 100 of 100.').waitFor();
    await page.getByRole('button', { name: 'Add a question' }).click();
    await page.getByLabel('Question 1').fill('What need does the project answer?');
    await page.getByLabel('Budget ceiling').fill('15000');
    await fillDate(page, 'Opens on', new Date().toISOString().slice(0, 10));
    await fillDate(page, 'Closing date', local(30));
    await expectAccessible(page, 'the call editor');
    await page.getByRole('button', { name: 'Save the draft' }).click();
    await page.getByRole('heading', { name: CALL, level: 1 }).waitFor();
    await page.getByRole('button', { name: 'Publish' }).click();
    await page.getByRole('button', { name: 'Extend the closing date' }).waitFor();
    const callUrl = page.url();

    // 2. The women-led network applies: eligible, with priority, within the ceiling.
    await as('contributor@tandem.example');
    await page.getByRole('link', { name: 'Funding' }).first().click();
    await page.getByRole('link', { name: CALL }).click();
    await page.getByText('Your organisation may apply.').waitFor();
    await page.getByText('Women-led organisations have priority in this call, and yours is one.').waitFor();
    await expectAccessible(page, 'the call page of an applicant');
    await page.getByRole('button', { name: 'Apply' }).click();
    await page.getByLabel('What need does the project answer?').fill('Mothers of returnees are isolated and their children are bullied at school.');
    await page.getByRole('button', { name: 'Add a budget line' }).click();
    await page.getByLabel('Budget line 1').fill('Support circles (12 meetings)');
    await page.getByLabel('Amount (EUR)').fill('16000');
    // Above the ceiling: the total says so and submission waits.
    await expect(page.getByRole('button', { name: 'Submit the application' }).isDisabled()).resolves.toBe(true);
    await page.getByLabel('Amount (EUR)').fill('12500');
    await expectAccessible(page, 'the application form');
    await page.getByRole('button', { name: 'Submit the application' }).click();
    await page.getByText('Submitted', { exact: true }).first().waitFor();

    // 3. The officer assigns two reviewers.
    await as('donor@tandem.example');
    await page.goto(callUrl);
    await page.getByRole('link', { name: "Women's Voices Network" }).click();
    for (const email of ['monitor@tandem.example', 'caseworker@tandem.example']) {
      await page.getByLabel("Reviewer's e-mail address").fill(email);
      await page.getByRole('button', { name: 'Assign a reviewer' }).click();
      await page.getByText('Declaration awaited').nth(email.startsWith('monitor') ? 0 : 1).waitFor();
    }
    const applicationUrl = page.url();

    // 4. The first declares a conflict: the application stays closed to them.
    await as('monitor@tandem.example');
    await page.goto(`${stack.baseUrl}/funding/reviews`);
    const card = page.getByRole('listitem').filter({ hasText: CALL });
    await card.getByText("Women's Voices Network").waitFor();
    await expectAccessible(page, 'the reviewer queue');
    await card.getByLabel('Yes, I have a conflict of interest').check();
    await card.getByLabel('What is the conflict?').fill('I sat on the board of the network until last year.');
    await card.getByRole('button', { name: 'Send the declaration' }).click();
    await card.getByText('You declared a conflict: this application stays closed to you.').waitFor();
    await page.goto(applicationUrl);
    await page.getByText('This was not found, or you do not have access to it.').waitFor();

    // 5. The officer sees the declaration and assigns someone else.
    await as('donor@tandem.example');
    await page.goto(applicationUrl);
    await page.getByText('I sat on the board of the network until last year.').waitFor();
    await page.getByLabel("Reviewer's e-mail address").fill('dpo@tandem.example');
    await page.getByRole('button', { name: 'Assign a reviewer' }).click();
    await page.getByText('Elena Petrova').waitFor();

    // 6. Two reviewers declare no conflict and score.
    await declareAndScore('caseworker@tandem.example', [8, 6]);
    await declareAndScore('dpo@tandem.example', [9, 7]);

    // 7. The panel awards with reasons.
    await as('donor@tandem.example');
    await page.goto(applicationUrl);
    await page.getByText('Weighted sum 72 / 100').waitFor();
    await page.getByText('Weighted sum 82 / 100').waitFor();
    await expectAccessible(page, 'the application of the call owner');
    await page.getByLabel('Award').check();
    await page.getByLabel(/^Reasons/).fill(REASONS);
    await page.getByRole('button', { name: 'Record the decision' }).click();
    await page.getByRole('heading', { name: 'Decision and feedback' }).waitFor();

    // 8. The applicant reads the decision and its reasons, then in Arabic on a phone.
    await as('contributor@tandem.example');
    await page.goto(applicationUrl);
    await page.getByRole('heading', { name: 'Decision and feedback' }).waitFor();
    await page.getByText(REASONS).waitFor();
    await page.getByText('Weighted score 77 / 100').waitFor();
    await expectAccessible(page, 'the feedback of the applicant');
    await as('contributor@tandem.example', 'ar', 390);
    await page.goto(applicationUrl);
    await page.getByRole('heading', { name: 'القرار والملاحظات' }).waitFor();
    await page.getByText(REASONS).waitFor();
    expect(await page.evaluate(() => document.documentElement.dir)).toBe('rtl');
    expect(await page.evaluate(() => document.documentElement.scrollWidth <= window.innerWidth + 1)).toBe(true);
  });
});
