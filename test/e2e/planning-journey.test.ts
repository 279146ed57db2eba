// The co-creation journey in the browser, in one flow on the demo plan: the plan coordinator
// opens a consultation and invites the women's network → its contributor contributes, attaching
// a file → the coordinator answers with reasons and links commitment XM-3 → the contributor sees
// the answer under "My contributions" → the ministry's focal point reports progress on XM-3 and
// the network assesses it independently, disagreeing → the public page shows the answer, the
// progress, both assessments and the contribution the commitment reflects, without signing in. Axe checks each page; the public
// commitment page once in Arabic (right to left) at phone width, and once in Russian.
import type { Browser, BrowserContext, Page } from 'playwright-core';
import { afterAll, afterEach, beforeAll, describe, expect, it } from 'vitest';
import { DEMO_PLAN_TITLE } from '../../src/demo/plans.ts';
import { expectAccessible, hasChromium, signIn, startStack, type Stack, fillDate, localDateTime } from '../support/browser.ts';

const CONSULTATION = 'Consultation on vocational pathways';
const CONTRIBUTION = 'Training allowances should continue for six months after placement, so that people can keep the job.';
const REASONS = 'Commitment XM-3 now pays the training allowance for six months after a placement.';


async function pageIn(browser: Browser, locale: 'en' | 'ru' | 'ar' = 'en', width = 1100): Promise<{ context: BrowserContext; page: Page }> {
  const context = await browser.newContext({ locale: locale === 'en' ? 'en-GB' : locale, viewport: { width, height: 900 } });
  await context.addInitScript((l) => window.localStorage.setItem('tandem.locale', l), locale);
  return { context, page: await context.newPage() };
}

describe.skipIf(!hasChromium)('action-plan co-creation journey in Chromium', () => {
  let stack: Stack;
  let context: BrowserContext | undefined;
  let page: Page;
  let pageErrors: string[] = [];
  let planId = '';

  beforeAll(async () => {
    stack = await startStack();
    planId = (await stack.tandem.db.system((tx) => tx.selectFrom('plans').select('id').where('title', '=', DEMO_PLAN_TITLE).executeTakeFirstOrThrow())).id;
  });
  afterAll(() => stack?.close());
  afterEach(async () => {
    await context?.close();
    context = undefined;
    expect(pageErrors, 'errors thrown in the page').toEqual([]);
  });

  async function as(email: string | null, locale: 'en' | 'ru' | 'ar' = 'en', width = 1100): Promise<Page> {
    await context?.close();
    ({ context, page } = await pageIn(stack.browser, locale, width));
    pageErrors = [];
    page.on('pageerror', (error) => pageErrors.push(error.message));
    await page.goto(stack.baseUrl + (email ? '' : '/public/plans'));
    if (email) await signIn(stack, page, email);
    return page;
  }
  const planNav = (p: Page) => p.getByRole('navigation', { name: 'Parts of the plan' });

  it('takes a contribution from an open consultation to a reasoned answer, progress, an independent assessment and the public page', async () => {
    // 1. The coordinator opens a consultation and invites the network.
    await as('plan-coordinator@tandem.example');
    await page.getByRole('link', { name: 'Action plans' }).first().click();
    await page.getByRole('link', { name: DEMO_PLAN_TITLE }).first().click();
    await planNav(page).getByRole('link', { name: 'Consultations' }).click();
    await page.getByRole('heading', { name: 'Open a consultation' }).waitFor();
    await expectAccessible(page, 'the consultations page');
    const form = page.locator('form', { has: page.getByRole('button', { name: 'Open the consultation' }) });
    await form.getByLabel('Title').fill(CONSULTATION);
    await fillDate(form, 'Opens', localDateTime(new Date(Date.now() - 3_600_000)));
    await fillDate(form, 'Closes', localDateTime(new Date(Date.now() + 14 * 86_400_000)));
    await form.getByLabel(/Rehabilitation and reintegration/).check();
    await form.getByLabel('Questions').fill('What would help people released from prison keep a job?');
    await page.getByRole('button', { name: 'Open the consultation' }).click();
    await page.getByRole('heading', { name: CONSULTATION, level: 1 }).waitFor();
    await page.getByLabel("Women's Voices Network").check();
    await page.getByRole('button', { name: 'Send the invitations' }).click();
    await page.getByText('1 organisation invited').first().waitFor();
    await expectAccessible(page, 'the consultation page of its coordinator');

    // 2. The network's contributor contributes and attaches a file.
    await as('contributor@tandem.example');
    await page.goto(`${stack.baseUrl}/plans/${planId}/consultations`);
    await page.getByRole('link', { name: CONSULTATION }).click();
    await page.getByRole('heading', { name: 'Contribute' }).waitFor();
    await expectAccessible(page, 'the consultation page of a contributor');
    await page.getByLabel('What your contribution is about').selectOption({ label: 'On the question “What would help people released from prison keep a job?”' });
    await page.getByLabel('Your contribution', { exact: true }).fill(CONTRIBUTION);
    await page.getByRole('button', { name: 'Send the contribution' }).click();
    await page.getByRole('heading', { name: 'Thank you for your contribution' }).waitFor();
    await page.getByLabel('File to attach').and(page.locator('input[type=file]')).setInputFiles({ name: 'allowances.txt', mimeType: 'text/plain', buffer: Buffer.from('Allowances paid in 2026 by region\n') });
    await page.getByRole('button', { name: 'Attach the file' }).click();
    await page.getByText('allowances.txt').waitFor();

    // 3. The coordinator answers with reasons and links commitment XM-3.
    await as('plan-coordinator@tandem.example');
    await page.goto(`${stack.baseUrl}/plans/${planId}/contributions?status=unanswered`);
    const card = page.getByRole('listitem').filter({ hasText: CONTRIBUTION });
    await card.waitFor();
    await expectAccessible(page, 'the contributions to answer');
    await card.getByRole('link', { name: 'allowances.txt' }).waitFor();
    // No answer is chosen in advance: the coordinator must pick one.
    expect(await card.getByLabel('Answer', { exact: true }).inputValue()).toBe('');
    await card.getByLabel('Answer', { exact: true }).selectOption('accepted');
    await card.getByLabel('Reasons').fill(REASONS);
    await card.getByLabel(/XM-3 —/).check();
    await card.getByRole('button', { name: 'Send the answer' }).click();
    await page.getByRole('listitem').filter({ hasText: CONTRIBUTION }).waitFor({ state: 'detached' });

    // 4. The contributor sees the answer and where it is reflected.
    await as('contributor@tandem.example');
    await page.goto(`${stack.baseUrl}/plans/mine`);
    const mine = page.getByRole('listitem').filter({ hasText: CONTRIBUTION });
    await mine.getByText('Accepted', { exact: true }).first().waitFor();
    await mine.getByText(REASONS).waitFor();
    await mine.getByText(/Commitment XM-3/).first().waitFor();
    await expectAccessible(page, 'my contributions');

    // 5. The ministry's focal point reports progress on XM-3; the network assesses it and disagrees.
    await as('labour-focal-point@tandem.example', 'en');
    await page.goto(`${stack.baseUrl}/plans/${planId}/commitments`);
    await page.getByRole('link', { name: /Vocational pathways/ }).click();
    // The forms fold away behind their headings, so that a phone shows the summary first.
    await page.getByRole('heading', { name: 'Report progress' }).click();
    await page.getByLabel('Completion level').first().selectOption('substantial');
    await page.getByLabel('What was done').fill('Training partners selected through a public call; the allowance rule is drafted.');
    await page.getByRole('button', { name: 'Post the update' }).click();
    await page.getByText('Training partners selected through a public call').first().waitFor();
    await expectAccessible(page, 'a commitment page of its responsible body');

    await as('contributor@tandem.example');
    await page.goto(`${stack.baseUrl}/plans/${planId}/commitments`);
    await page.getByRole('link', { name: /Vocational pathways/ }).click();
    await page.getByRole('heading', { name: 'Assess this commitment independently' }).click();
    const assess = page.locator('form', { has: page.getByRole('button', { name: 'Publish the assessment' }) });
    await assess.getByLabel('Completion level').selectOption('limited');
    await assess.getByLabel('Reasons').fill('No one has been placed yet; the allowance rule is still a draft.');
    await page.getByRole('button', { name: 'Publish the assessment' }).click();
    await page.getByText("Civil society's independent assessment differs from the government's own.").waitFor();
    await expectAccessible(page, 'a commitment page with both assessments');

    // 6. The public page shows the answer, the progress and both assessments, without signing in.
    await as(null);
    await page.getByRole('link', { name: DEMO_PLAN_TITLE }).click();
    await page.getByRole('heading', { name: DEMO_PLAN_TITLE, level: 1 }).waitFor();
    await expectAccessible(page, 'the public plan page');
    await page.getByRole('link', { name: /response report/i }).first().click();
    await page.getByText(REASONS).waitFor();
    await expectAccessible(page, 'the public response report');
    // The report as a PDF is made in the background: a progress bar, then the download.
    const downloaded = page.waitForEvent('download', { timeout: 60_000 });
    await page.getByRole('button', { name: 'Report as PDF' }).click();
    const file = await downloaded;
    expect(file.suggestedFilename()).toMatch(/^plan-response-report-(en|ru|ar)\.pdf$/);
    await page.getByText('Ready: the download has started.').waitFor();
    await expectAccessible(page, 'the public response report after the download');
    await page.goto(`${stack.baseUrl}/public/plans/${planId}`);
    await page.getByRole('link', { name: /Vocational pathways/ }).click();
    await page.getByText('Training partners selected through a public call').first().waitFor();
    await page.getByText('No one has been placed yet').first().waitFor();
    await page.getByText(/independent assessment differs from the government/).first().waitFor();
    // …and the contribution it reflects, with its answer and reasons.
    const reflects = page.getByRole('region', { name: 'Contributions this commitment reflects' });
    await reflects.getByText(CONTRIBUTION).waitFor();
    await reflects.getByText(REASONS).waitFor();
    const commitmentUrl = page.url();
    await expectAccessible(page, 'the public commitment page');

    // The same public page, right to left in Arabic at phone width, and in Russian.
    await as(null, 'ar', 420);
    await page.goto(commitmentUrl);
    await page.getByText('No one has been placed yet').first().waitFor();
    expect(await page.locator('html').getAttribute('dir')).toBe('rtl');
    await page.getByRole('region', { name: 'المساهمات التي يعكسها هذا الالتزام' }).getByText(CONTRIBUTION).waitFor();
    await expectAccessible(page, 'the public commitment page in Arabic');
    await as(null, 'ru');
    await page.goto(commitmentUrl);
    await page.getByText('No one has been placed yet').first().waitFor();
    expect(await page.locator('html').getAttribute('lang')).toBe('ru');
    await page.getByRole('heading', { name: 'Предложения, учтённые в этом обязательстве' }).waitFor();
  }, 240_000);
});
