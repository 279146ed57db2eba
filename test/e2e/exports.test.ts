// Exports in the browser: the coordinator downloads a case summary and, giving the reason, a
// subject access export from the case page; the data protection officer exports by case number
// from the retention page. Axe checks the pages, in English and Arabic, at desktop and phone width.
import { readFile } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import type { Browser, BrowserContext, Page } from 'playwright-core';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { expectAccessible, hasChromium, signIn, startStack, type Stack } from '../support/browser.ts';

async function pageIn(browser: Browser, locale: 'en' | 'ar', width = 1100): Promise<{ context: BrowserContext; page: Page }> {
  const context = await browser.newContext({ locale: locale === 'ar' ? 'ar' : 'en-GB', viewport: { width, height: 900 }, acceptDownloads: true });
  await context.addInitScript((l) => window.localStorage.setItem('tandem.locale', l), locale);
  return { context, page: await context.newPage() };
}

/** Screenshots for people reviewing the pages, when asked for (TANDEM_SCREENSHOTS=1). */
async function snap(page: Page, name: string): Promise<void> {
  if (process.env.TANDEM_SCREENSHOTS) await page.screenshot({ path: join(tmpdir(), `tandem-${name}.png`), fullPage: true });
}

async function saved(page: Page, click: () => Promise<void>): Promise<{ name: string; body: Buffer }> {
  const [file] = await Promise.all([page.waitForEvent('download'), click()]);
  return { name: file.suggestedFilename(), body: await readFile((await file.path())!) };
}

describe.skipIf(!hasChromium)('exports in Chromium', () => {
  let stack: Stack;
  let rosa: { id: string; case_number: string };
  beforeAll(async () => {
    stack = await startStack();
    rosa = await stack.tandem.db.system((tx) => tx.selectFrom('cases').select(['id', 'case_number']).where('alias', '=', 'Rosa').executeTakeFirstOrThrow());
  });
  afterAll(() => stack?.close());

  it('lets the coordinator download a summary, and a subject access export after giving the reason', async () => {
    const { context, page } = await pageIn(stack.browser, 'en');
    await page.goto(stack.baseUrl);
    await signIn(stack, page, 'coordinator@tandem.example');
    await page.goto(`${stack.baseUrl}/cases/${rosa.id}`);
    await page.getByRole('heading', { name: 'Case summary' }).waitFor();
    const summary = await saved(page, () => page.getByRole('link', { name: 'Case summary (PDF)' }).click());
    expect(summary.name).toBe(`tandem-${rosa.case_number}-summary.pdf`);
    expect(summary.body.subarray(0, 5).toString('latin1')).toBe('%PDF-');

    await page.getByRole('button', { name: 'Subject access export' }).click();
    await expectAccessible(page, 'the case overview with the export form');
    await snap(page, 'case-exports-en-desktop');
    // Too short a reason: refused, nothing downloaded.
    await page.getByLabel('Why is this export needed?').fill('asked');
    await page.getByRole('button', { name: 'Download PDF' }).click();
    await page.getByRole('alert').waitFor();
    await page.getByLabel('Why is this export needed?').fill('Subject access request received 2026-11-20, ref SAR-14');
    const file = await saved(page, () => page.getByRole('button', { name: 'Download PDF' }).click());
    expect(file.name).toBe(`tandem-${rosa.case_number}-subject-access.pdf`);
    expect(file.body.subarray(0, 5).toString('latin1')).toBe('%PDF-');
    await page.getByText('The file has been downloaded.').waitFor();
    await page.setViewportSize({ width: 390, height: 844 });
    await snap(page, 'case-exports-en-phone');
    await context.close();
  });

  it('shows the same in Arabic, right to left, with the summary in Arabic', async () => {
    const { context, page } = await pageIn(stack.browser, 'ar', 390);
    await page.goto(stack.baseUrl);
    await signIn(stack, page, 'coordinator@tandem.example');
    await page.goto(`${stack.baseUrl}/cases/${rosa.id}`);
    await page.getByRole('heading', { name: 'ملخص الحالة' }).waitFor();
    expect(await page.getAttribute('html', 'dir')).toBe('rtl');
    expect(await page.getByRole('link', { name: 'ملخص الحالة (PDF)' }).getAttribute('href')).toBe(`/api/cases/${rosa.id}/summary.pdf?lang=ar`);
    await page.getByRole('button', { name: 'تصدير جميع بيانات صاحب الحالة' }).click();
    await expectAccessible(page, 'the export form in Arabic');
    await snap(page, 'case-exports-ar-phone');
    await page.setViewportSize({ width: 1100, height: 900 });
    await snap(page, 'case-exports-ar-desktop');
    await context.close();
  });

  it('lets the data protection officer export by case number', async () => {
    const { context, page } = await pageIn(stack.browser, 'en');
    await page.goto(stack.baseUrl);
    await signIn(stack, page, 'dpo@tandem.example');
    await page.goto(`${stack.baseUrl}/retention`);
    await page.getByRole('heading', { name: 'Subject access requests' }).waitFor();
    await page.getByLabel('Case number').fill(rosa.case_number);
    await page.getByLabel('Why is this export needed?').fill('Subject access request received 2026-11-20, ref SAR-14');
    const file = await saved(page, () => page.getByRole('button', { name: 'Download JSON' }).click());
    expect(file.name).toBe(`tandem-${rosa.case_number}-subject-access.json`);
    const doc = JSON.parse(file.body.toString('utf8'));
    expect(doc).toMatchObject({ kind: 'subject_access', caseNumber: rosa.case_number, requestedBy: { role: 'dpo' } });
    expect(doc.sections.identity.find((f: { field: string }) => f.field === 'legal_name').value).toBe('Zarina Tokhtarova');
    await expectAccessible(page, 'the retention page with subject access');
    await snap(page, 'retention-sar-en-desktop');
    await context.close();
  });
});
