// Importing cases in the browser: the coordinator opens the import page from the case list,
// checks a file with one bad row (nothing imported, the report names the row and column),
// chooses to import the valid rows only, and follows the progress to links to the new cases.
// Axe checks each page; the report is checked at phone width in Arabic too.
import type { Page } from 'playwright-core';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { expectAccessible, hasChromium, signIn, startStack, type Stack } from '../support/browser.ts';

const CSV = [
  'alias,sex,age_band,category,legal_name,document_numbers,address',
  'Гульнара,female,25-34,adult_returnee,Гульнара Исаева,E2E-001,"ул. Абая 1, кв. 2"',
  'مريم,female,12-17,child_returnee,مريم علي,E2E-002,',
  'Broken,robot,25-34,adult_returnee,,,',
].join('\n');

async function chooseFile(page: Page): Promise<void> {
  await page.locator('#import-file').setInputFiles({ name: 'cases.csv', mimeType: 'text/csv', buffer: Buffer.from(CSV) });
}

describe.skipIf(!hasChromium)('case import in Chromium', () => {
  let stack: Stack;
  beforeAll(async () => {
    stack = await startStack();
  });
  afterAll(() => stack?.close());

  it('checks a file, imports the valid rows only and links to the cases opened', async () => {
    const context = await stack.browser.newContext({ locale: 'en-GB', viewport: { width: 1100, height: 900 } });
    await context.addInitScript(() => window.localStorage.setItem('tandem.locale', 'en'));
    const page = await context.newPage();
    const errors: string[] = [];
    page.on('pageerror', (e) => errors.push(e.message));
    await page.goto(stack.baseUrl);
    await signIn(stack, page, 'coordinator@tandem.example');
    await page.getByRole('link', { name: 'Cases', exact: true }).click();
    await page.getByRole('link', { name: 'Import cases' }).click();
    await page.getByRole('heading', { name: 'Import cases from a CSV file' }).waitFor();
    await chooseFile(page);
    await page.getByRole('button', { name: 'Check the file' }).click();
    await page.getByRole('heading', { name: '3 rows: 2 valid, 1 with errors' }).waitFor();
    await page.getByText('Nothing has been imported.').waitFor();
    const row = page.getByRole('row', { name: /^4 sex/ });
    await row.getByText('must be one of: female, male, unknown').waitFor();
    await expectAccessible(page, 'the import report');

    await page.getByRole('button', { name: 'Import the 2 valid rows only' }).click();
    await page.getByRole('heading', { name: 'Import finished' }).waitFor();
    await page.getByText('2 of 2 cases opened').waitFor();
    await expectAccessible(page, 'the import result');
    await page.getByRole('row', { name: /Гульнара/ }).getByRole('link').click();
    await page.locator('h1', { hasText: 'Гульнара' }).waitFor();
    await context.close();
    expect(errors).toEqual([]);
  });

  it('shows the report right to left at phone width in Arabic', async () => {
    const context = await stack.browser.newContext({ locale: 'ar', viewport: { width: 390, height: 844 } });
    await context.addInitScript(() => window.localStorage.setItem('tandem.locale', 'ar'));
    const page = await context.newPage();
    await page.goto(stack.baseUrl);
    await signIn(stack, page, 'coordinator@tandem.example');
    await page.goto(`${stack.baseUrl}/cases/import`);
    await page.getByRole('heading', { name: 'استيراد حالات من ملف CSV' }).waitFor();
    await chooseFile(page);
    await page.getByRole('button', { name: 'فحص الملف' }).click();
    await page.getByRole('button', { name: 'تنزيل تقرير الأخطاء (CSV)' }).waitFor();
    expect(await page.evaluate(() => document.documentElement.dir)).toBe('rtl');
    // The page itself never scrolls sideways; only the report's table region may.
    expect(await page.evaluate(() => document.documentElement.scrollWidth <= window.innerWidth + 1)).toBe(true);
    await expectAccessible(page, 'the import report in Arabic');
    await context.close();
  });
});
