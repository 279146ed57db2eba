// The confidential reporting channel in Chromium: a reporter without an account, and with
// JavaScript turned off, sends a report through the plain form and keeps the receipt code → a
// monitor takes it in the web app, sees the contact details and asks a question → the reporter
// comes back with the code, reads the question and answers → the monitor reads the answer and
// turns the report into an unverified restriction record from the prefilled form. Axe checks the
// plain pages (in Arabic, right to left, at phone width) and the monitor's pages.
import type { BrowserContext, Page } from 'playwright-core';
import { afterAll, afterEach, beforeAll, describe, expect, it } from 'vitest';
import { expectAccessible, hasChromium, signIn, startStack, type Stack } from '../support/browser.ts';

const TITLE = 'Tax inspectors sealed the office of a youth association';

describe.skipIf(!hasChromium)('confidential reporting channel in Chromium', () => {
  let stack: Stack;
  const contexts: BrowserContext[] = [];
  beforeAll(async () => {
    stack = await startStack();
  });
  afterAll(() => stack?.close());
  afterEach(async () => {
    for (const c of contexts.splice(0)) await c.close();
  });

  async function open(options: { javaScript?: boolean; locale?: string; width?: number } = {}): Promise<Page> {
    const context = await stack.browser.newContext({ javaScriptEnabled: options.javaScript ?? true, locale: options.locale ?? 'en-GB', viewport: { width: options.width ?? 1100, height: 900 } });
    contexts.push(context);
    return context.newPage();
  }

  it('is readable in Arabic at phone width', { timeout: 120_000 }, async () => {
    const page = await open({ locale: 'ar', width: 390 });
    await page.goto(`${stack.baseUrl}/report?lang=ar`);
    await page.getByRole('heading', { name: 'الإبلاغ عن قيد بسرّية' }).waitFor();
    expect(await page.evaluate(() => document.documentElement.dir)).toBe('rtl');
    expect(await page.evaluate(() => document.documentElement.scrollWidth <= window.innerWidth)).toBe(true);
    await expectAccessible(page, 'the report form in Arabic');
    await page.goto(`${stack.baseUrl}/report/follow-up?lang=ar`);
    await expectAccessible(page, 'the follow-up form in Arabic');
  });

  it('takes a report without script to a monitor’s question, the answer and a record', { timeout: 240_000 }, async () => {
    // 1. The reporter, without JavaScript and without an account.
    const reporter = await open({ javaScript: false });
    await reporter.goto(`${stack.baseUrl}/report`);
    await reporter.getByLabel('Country', { exact: true }).selectOption('XM');
    // Addressed to one organisation: no other organisation's monitors will see it.
    await reporter.getByRole('radio', { name: /Legal Aid Collective/ }).check();
    await reporter.getByLabel('What happened (short title)').fill(TITLE);
    await reporter.getByLabel(/^What happened(?! \()/).fill('On Monday tax inspectors sealed the office of our youth association and said it would stay closed until an audit of foreign grants.');
    // Without script the date is three fields in the page's language (day, month by name, year).
    const when = reporter.getByRole('group', { name: 'Date (or start)' });
    await when.getByLabel('Day').fill('2');
    await when.getByLabel('Month').selectOption({ label: 'March' });
    await when.getByLabel('Year').fill('2026');
    await reporter.getByLabel('Limits on operations').check();
    await reporter.getByLabel('Foreign-funding or counter-terrorism financing rules').check();
    await reporter.getByLabel('Who imposed it').fill('Tax inspectorate');
    await reporter.getByLabel(/How a monitor could reach you/).fill('Ask for Amir at the youth centre desk');
    await reporter.getByRole('button', { name: 'Send the report' }).click();
    await reporter.getByRole('heading', { name: 'Your report was received' }).waitFor();
    const receipt = (await reporter.locator('#receipt').textContent())!.trim();
    expect(receipt).toMatch(/^[0-9A-Z]{4}(-[0-9A-Z]{4}){4}$/);

    // 2. A monitor takes it, sees the contact details, and asks a question.
    const monitor = await open();
    await monitor.goto(stack.baseUrl);
    await signIn(stack, monitor, 'monitor@tandem.example');
    await monitor.goto(`${stack.baseUrl}/civic/reports`);
    await monitor.getByRole('heading', { name: 'Confidential reports' }).waitFor();
    await expectAccessible(monitor, 'the report queue');
    // The collective reads the demo countries' reports; this one was addressed to it by name.
    expect(await monitor.getByTestId('report-desks').textContent()).toContain('Marisca');
    await monitor.getByRole('row', { name: new RegExp(TITLE) }).getByText('Addressed to your organisation').waitFor();
    await monitor.getByRole('link', { name: TITLE }).click();
    await monitor.getByRole('heading', { name: TITLE, level: 1 }).waitFor();
    await monitor.getByRole('button', { name: 'Take this report' }).click();
    await monitor.getByText('Ask for Amir at the youth centre desk').waitFor();
    await monitor.getByLabel('Question to the reporter').fill('Was a written order shown, and is the office still sealed?');
    await monitor.getByRole('button', { name: 'Send the question' }).click();
    await monitor.getByText('Was a written order shown, and is the office still sealed?').waitFor();
    await expectAccessible(monitor, 'a report taken by the monitor');

    // 3. The reporter comes back with the code, reads the question and answers.
    await reporter.goto(`${stack.baseUrl}/report/follow-up`);
    await reporter.getByLabel('Receipt code').fill(receipt.toLowerCase());
    await reporter.getByRole('button', { name: 'Open my report' }).click();
    await reporter.getByText('Was a written order shown, and is the office still sealed?').waitFor();
    await reporter.getByText('Legal Aid Collective').waitFor();
    await reporter.getByLabel('Your answer').fill('No order was shown. The office is still sealed.');
    await reporter.getByRole('button', { name: 'Send the answer' }).click();
    await reporter.getByText('Your answer was sent.').waitFor();

    // 4. The monitor reads the answer and makes the record from the prefilled form.
    await monitor.reload();
    await monitor.getByText('No order was shown. The office is still sealed.').waitFor();
    expect(await monitor.getByLabel('What happened (short title)').inputValue()).toBe(TITLE);
    await monitor.getByLabel('Severity').selectOption('high');
    await monitor.getByRole('button', { name: 'Make the record' }).click();
    await monitor.getByRole('heading', { name: TITLE, level: 1 }).waitFor();
    await monitor.getByText('Unverified').first().waitFor();

    // The reporter sees what became of it.
    await reporter.goto(`${stack.baseUrl}/report/follow-up`);
    await reporter.getByLabel('Receipt code').fill(receipt);
    await reporter.getByRole('button', { name: 'Open my report' }).click();
    await reporter.getByText('turned into a restriction record').waitFor();
  });
});
