// Exports in the browser: the coordinator asks for a case summary, which is prepared in the
// background and downloads when ready, and, giving the reason, asks for a subject access export
// from the case page; as the case holds another organisation's unshared notes, it waits until the
// data protection officer approves it on the retention page (where the officer also exports by
// case number); the coordinator then downloads it. Axe checks the pages, in English and Arabic,
// at desktop and phone width.
import { readFile } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import type { Browser, BrowserContext, Page } from 'playwright-core';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { expectAccessible, hasChromium, signIn, startStack, type Stack } from '../support/browser.ts';
import { pdfTextRuns } from '../support/pdf-text.ts';

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

  it('lets the coordinator download a summary, and ask for a subject access export giving the reason: it waits for the officer', async () => {
    const { context, page } = await pageIn(stack.browser, 'en');
    await page.goto(stack.baseUrl);
    await signIn(stack, page, 'coordinator@tandem.example');
    await page.goto(`${stack.baseUrl}/cases/${rosa.id}`);
    await page.getByRole('heading', { name: 'Case summary' }).waitFor();
    // Asked for, prepared in the background, downloaded when ready.
    const summary = await saved(page, () => page.getByRole('button', { name: 'Case summary (PDF)' }).click());
    expect(summary.name).toBe(`tandem-${rosa.case_number}-summary.pdf`);
    expect(summary.body.subarray(0, 5).toString('latin1')).toBe('%PDF-');
    await page.getByText('Ready: the download has started.').waitFor();
    await page.getByText('It can be downloaded again until', { exact: false }).waitFor();
    await expectAccessible(page, 'the case overview with a summary ready');
    await snap(page, 'case-summary-ready-en-desktop');

    await page.getByRole('button', { name: 'Subject access export' }).click();
    await expectAccessible(page, 'the case overview with the export form');
    await snap(page, 'case-exports-en-desktop');
    // Too short a reason: refused, nothing downloaded.
    await page.getByLabel('Why is this export needed?').fill('asked');
    await page.getByRole('button', { name: 'Download PDF' }).click();
    await page.getByRole('alert').waitFor();
    // Rosa's case holds the centre's unshared psychosocial notes: the request waits for approval.
    let downloads = 0;
    page.on('download', () => downloads++);
    await page.getByLabel('Why is this export needed?').fill('Subject access request received 2026-11-20, ref SAR-14');
    await page.getByRole('button', { name: 'Download PDF' }).click();
    await page.getByText('Your request is recorded and awaits a data protection officer’s decision.').waitFor();
    await page.getByText('Awaiting a decision').waitFor();
    expect(downloads).toBe(0);
    await expectAccessible(page, 'the case overview with a request awaiting approval');
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
    const summary = await saved(page, () => page.getByRole('button', { name: 'ملخص الحالة (PDF)' }).click());
    expect(summary.name).toBe(`tandem-${rosa.case_number}-summary.pdf`);
    // Right-to-left runs are drawn in visual order: read back, each reads reversed.
    expect(pdfTextRuns(summary.body).some((r) => [...r].reverse().join('').includes('ملخص الحالة'))).toBe(true);
    await page.getByRole('button', { name: 'تصدير جميع بيانات صاحب الحالة' }).click();
    await expectAccessible(page, 'the export form in Arabic');
    await snap(page, 'case-exports-ar-phone');
    await page.setViewportSize({ width: 1100, height: 900 });
    await snap(page, 'case-exports-ar-desktop');
    await context.close();
  });

  it('lets the data protection officer approve the request, and export by case number', async () => {
    const { context, page } = await pageIn(stack.browser, 'en');
    await page.goto(stack.baseUrl);
    await signIn(stack, page, 'dpo@tandem.example');
    await page.goto(`${stack.baseUrl}/retention`);
    await page.getByRole('heading', { name: 'Requests awaiting your decision' }).waitFor();
    const card = page.locator('.card', { hasText: 'Daniyar Seitkali' });
    await card.getByText(rosa.case_number).waitFor();
    await card.getByText('Subject access request received 2026-11-20, ref SAR-14').waitFor();
    await expectAccessible(page, 'the retention page with a request awaiting a decision');
    await snap(page, 'retention-sar-pending-en-desktop');
    await card.getByLabel('Note on the approval, or the reason for refusing').fill('Checked against the written request.');
    await card.getByRole('button', { name: 'Approve' }).click();
    await page.getByText('No request awaits a decision.').waitFor();

    await page.getByRole('heading', { name: 'Subject access requests' }).waitFor();
    await page.getByLabel('Case number').fill(rosa.case_number);
    await page.getByLabel('Why is this export needed?').fill('Subject access request received 2026-11-20, ref SAR-14');
    const file = await saved(page, () => page.getByRole('button', { name: 'Download JSON' }).click());
    expect(file.name).toBe(`tandem-${rosa.case_number}-subject-access.json`);
    const doc = JSON.parse(file.body.toString('utf8'));
    expect(doc).toMatchObject({ kind: 'subject_access', caseNumber: rosa.case_number, requestedBy: { role: 'dpo' } });
    expect(doc.sections.identity.find((f: { field: string }) => f.field === 'legal_name').value).toBe('Zarina Tokhtarova');
    await page.getByText('Ready: the download has started.').waitFor();
    await expectAccessible(page, 'the retention page with subject access');
    await snap(page, 'retention-sar-en-desktop');
    await context.close();
  });

  it('lets the coordinator download the approved export, restricted notes included', async () => {
    const { context, page } = await pageIn(stack.browser, 'en');
    await page.goto(stack.baseUrl);
    await signIn(stack, page, 'coordinator@tandem.example');
    await page.goto(`${stack.baseUrl}/cases/${rosa.id}`);
    const card = page.locator('.card', { hasText: 'Approved by Elena Petrova' });
    await card.getByText('Checked against the written request.').waitFor();
    await card.getByText('3 downloads left', { exact: false }).waitFor();
    await expectAccessible(page, 'the case overview with an approved request');
    const file = await saved(page, () => card.getByRole('button', { name: 'Download JSON' }).click());
    expect(file.name).toBe(`tandem-${rosa.case_number}-subject-access.json`);
    const doc = JSON.parse(file.body.toString('utf8'));
    expect(doc).toMatchObject({ requestedBy: { role: 'case_coordinator' }, approval: { by: 'Elena Petrova' } });
    const notes = doc.sections.referrals.flatMap((r: { sessions: Array<{ notes: Array<{ body: string }> }> }) => r.sessions.flatMap((x) => x.notes.map((n) => n.body)));
    expect(notes).toContain('First session. Talked about sleep and the journey home. Agreed on weekly meetings.');
    await card.getByText('2 downloads left', { exact: false }).waitFor();
    await page.getByText('Ready: the download has started.').waitFor();
    await snap(page, 'case-exports-approved-en-desktop');
    await context.close();
  });
});
