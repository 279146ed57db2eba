// Journeys of the identity and organisations module in the browser: inviting a colleague who
// joins and sets up a second factor, finding partners in the directory (signed in and in
// public), an agreement drafted and signed by both parties, and the audit trail that shows it.
import type { Browser, BrowserContext, Page } from 'playwright-core';
import { generate } from 'otplib';
import { afterAll, afterEach, beforeAll, beforeEach, describe, expect, it } from 'vitest';
import { expectAccessible, hasChromium, signIn, startStack, type Stack, fillDate } from '../support/browser.ts';

async function englishPage(browser: Browser): Promise<{ context: BrowserContext; page: Page }> {
  const context = await browser.newContext({ locale: 'en-GB', viewport: { width: 1100, height: 900 } });
  // Choose English on this device, whatever each account's own language.
  await context.addInitScript(() => window.localStorage.setItem('tandem.locale', 'en'));
  return { context, page: await context.newPage() };
}

describe.skipIf(!hasChromium)('organisations and people in Chromium', () => {
  let stack: Stack;
  let context: BrowserContext;
  let page: Page;
  let pageErrors: string[];

  beforeAll(async () => {
    stack = await startStack();
  });
  afterAll(() => stack?.close());
  beforeEach(async () => {
    ({ context, page } = await englishPage(stack.browser));
    pageErrors = [];
    page.on('pageerror', (error) => pageErrors.push(error.message));
  });
  afterEach(async () => {
    await context?.close();
    expect(pageErrors, 'errors thrown in the page').toEqual([]);
  });

  it('invites a colleague, who accepts, chooses a password and sets up a second factor', async () => {
    await page.goto(stack.baseUrl);
    await signIn(stack, page, 'org-admin@tandem.example');
    await page.getByRole('link', { name: 'People' }).click();
    await page.locator('h1', { hasText: 'People' }).waitFor();
    await expectAccessible(page, 'the people page');
    await page.getByLabel('Full name').fill('Kamila Yusupova');
    await page.getByLabel('E-mail address').fill('kamila@bridge.example');
    await page.getByRole('checkbox', { name: 'Caseworker' }).check();
    await page.getByRole('button', { name: 'Send the invitation' }).click();
    await page.getByText('An invitation was sent to kamila@bridge.example.').waitFor();
    await page.locator('section[aria-labelledby=people-invitations] table').getByText('kamila@bridge.example').waitFor();

    // Without a mail server, the invitation waits in the outbox.
    await page.getByRole('link', { name: 'Outbox' }).click();
    const body = await page.locator('.mail-body').first().textContent();
    const link = /http\S+\/invitation#token=[A-Za-z0-9_-]{43}/.exec(body ?? '')![0].replace(/^http:\/\/localhost:\d+/, stack.baseUrl);
    await expectAccessible(page, 'the outbox');

    const guest = await englishPage(stack.browser);
    await guest.page.goto(link);
    await guest.page.getByText('Bridge Psychosocial Centre invites kamila@bridge.example').waitFor();
    await expectAccessible(guest.page, 'the invitation page');
    await guest.page.getByLabel('New password').fill('password1234');
    await guest.page.getByRole('button', { name: 'Accept the invitation' }).click();
    await guest.page.getByText('This password is too common').waitFor();
    await guest.page.getByLabel('New password').fill('tulips in the spring rain');
    await guest.page.getByRole('button', { name: 'Accept the invitation' }).click();
    await guest.page.getByText('You are now a member of Bridge Psychosocial Centre.').waitFor();
    await guest.page.getByRole('button', { name: 'Sign in' }).click();
    await guest.page.locator('#sign-in-email').fill('kamila@bridge.example');
    await guest.page.locator('#sign-in-password').fill('tulips in the spring rain');
    await guest.page.locator('form button[type=submit]').click();
    await guest.page.getByRole('button', { name: 'Set up a second factor' }).click();
    const secret = (await guest.page.getByTestId('mfa-secret').textContent())!.replaceAll(' ', '');
    await guest.page.locator('#mfa-code').fill(await generate({ secret }));
    await guest.page.getByRole('button', { name: 'Confirm' }).click();
    await guest.page.getByRole('button', { name: 'Continue to Tandem' }).click();
    await guest.page.locator('#home-casesWork').waitFor();
    await guest.context.close();
  });

  it('finds partners in the directory, and lists public organisations without sign-in', async () => {
    await page.goto(stack.baseUrl);
    await page.getByRole('link', { name: 'Directory of organisations' }).click();
    await page.locator('h1', { hasText: 'Organisations working on prevention and reintegration' }).waitFor();
    await page.getByLabel('Women-led organisations only').check();
    await page.getByRole('button', { name: 'Search' }).click();
    await page.getByRole('heading', { name: '2 organisations' }).waitFor();
    expect(await page.locator('.card h3').allTextContents()).toEqual(['Sisters in Learning', "Women's Voices Network"]);
    await expectAccessible(page, 'the public directory');

    await page.goto(`${stack.baseUrl}/sign-in`);
    await signIn(stack, page, 'coordinator@tandem.example');
    await page.getByRole('link', { name: 'Directory', exact: true }).click();
    await page.getByLabel('Need served').selectOption('legal');
    await page.getByRole('button', { name: 'Search' }).click();
    await page.getByRole('heading', { name: '2 organisations' }).waitFor();
    const cards = page.locator('.card');
    await expect.poll(() => cards.locator('h3').allTextContents()).toEqual(['Legal Aid Collective', 'Probation and Reintegration Service']);
    expect(await cards.first().getByText('Partner').count()).toBe(1); // partners only: visible through the agreement
    expect(new URL(page.url()).searchParams.get('domain')).toBe('legal');
    await expectAccessible(page, 'the directory');
    await cards.first().getByRole('link', { name: 'Legal Aid Collective' }).click();
    await page.locator('h1', { hasText: 'Legal Aid Collective' }).waitFor();
    await expectAccessible(page, "an organisation's profile");
  });

  it('drafts an agreement, both parties sign it, and it comes into force', async () => {
    await page.goto(stack.baseUrl);
    await signIn(stack, page, 'org-admin@tandem.example');
    await page.getByRole('link', { name: 'Agreements' }).click();
    await page.getByRole('link', { name: 'Draft an agreement' }).click();
    await expectAccessible(page, 'the agreement form');
    await page.getByLabel('Title').fill('Aftercare counselling');
    await page.getByLabel('Filter by name').fill('probation');
    await page.getByRole('checkbox', { name: 'Probation and Reintegration Service' }).check();
    await page.getByLabel('Filter by name').fill('');
    await page.getByRole('checkbox', { name: 'Identity' }).check();
    await page.getByRole('checkbox', { name: 'Psychosocial notes' }).check();
    await fillDate(page, 'Valid from', new Date().toISOString().slice(0, 10));
    await fillDate(page, 'Valid until', new Date(Date.now() + 400 * 86_400_000).toISOString().slice(0, 10));
    await page.getByRole('button', { name: 'Save' }).click();
    await page.locator('h1', { hasText: 'Aftercare counselling' }).waitFor();
    await page.getByText('Draft', { exact: true }).waitFor();
    await page.getByLabel('Title of the signatory').fill('Director');
    await page.getByRole('button', { name: 'Sign', exact: true }).click();
    await page.getByText('Being signed', { exact: true }).waitFor();
    await expectAccessible(page, 'an agreement being signed');
    const url = page.url();

    const other = await englishPage(stack.browser);
    await other.page.goto(stack.baseUrl);
    await signIn(stack, other.page, 'agency-admin@tandem.example');
    await other.page.goto(url);
    await other.page.getByLabel('Title of the signatory').fill('Head of service');
    await other.page.getByRole('button', { name: 'Sign', exact: true }).click();
    await other.page.getByText('In force', { exact: true }).waitFor();
    expect(await other.page.locator('.parties').textContent()).toContain('signed by Aigerim Sadykova (Head of service)');
    await other.page.getByRole('button', { name: 'Suspend' }).click();
    await other.page.getByLabel('Reason').fill('Awaiting the data protection review');
    await other.page.locator('form').getByRole('button', { name: 'Suspend' }).click();
    await other.page.getByText('Suspended', { exact: true }).waitFor();
    await other.page.getByText('Your organisation suspended this agreement: only your organisation can resume it.').waitFor();
    expect(await other.page.getByRole('button', { name: 'Resume' }).count()).toBe(1);

    // The centre reads who suspended it, when and why; it cannot resume it, and asks both to sign again.
    await page.reload();
    const notice = page.getByTestId('status-change');
    await expect.poll(() => notice.textContent()).toMatch(/Suspended by Probation and Reintegration Service on .+Reason: Awaiting the data protection review/);
    expect(await notice.textContent()).toContain('Only Probation and Reintegration Service, which suspended it, can resume it.');
    expect(await page.getByRole('button', { name: 'Resume' }).count()).toBe(0);
    expect(await page.getByRole('button', { name: 'Terminate' }).count()).toBe(1);
    await expectAccessible(page, 'an agreement suspended by another party');
    await page.getByRole('button', { name: 'Ask every party to sign again' }).click();
    await page.getByLabel('Reason').fill('Our review is complete');
    await page.locator('form').getByRole('button', { name: 'Ask every party to sign again' }).click();
    await page.getByText('Being signed', { exact: true }).waitFor();
    await expect.poll(() => notice.textContent()).toContain('Bridge Psychosocial Centre asked every party to sign again on');
    expect(await page.locator('.parties').textContent()).not.toContain('signed by');
    await page.getByLabel('Title of the signatory').fill('Director');
    await page.getByRole('button', { name: 'Sign', exact: true }).click();
    await page.locator('.parties').getByText('signed by').waitFor();
    await page.getByText('Being signed', { exact: true }).waitFor();

    // In force again once the agency, which suspended it, signs too.
    await other.page.reload();
    await other.page.getByLabel('Title of the signatory').fill('Head of service');
    await other.page.getByRole('button', { name: 'Sign', exact: true }).click();
    await other.page.getByText('In force', { exact: true }).waitFor();
    await other.context.close();
  });

  it('draws date fields and their calendar in Russian and Arabic, and a date typed in Russian order is saved', async () => {
    for (const [locale, placeholder, month, chosen] of [
      ['ru', 'дд.мм.гггг', /декабрь|январь|февраль|март|апрель|май|июнь|июль|август|сентябрь|октябрь|ноябрь/, '15.01.2027'],
      ['ar', 'يوم/شهر/سنة', /يناير|فبراير|مارس|أبريل|إبريل|مايو|يونيو|يوليو|أغسطس|سبتمبر|أكتوبر|نوفمبر|ديسمبر/, null],
    ] as const) {
      const other = await stack.browser.newContext({ viewport: { width: 390, height: 900 } });
      await other.addInitScript((l) => window.localStorage.setItem('tandem.locale', l), locale);
      const p = await other.newPage();
      await p.goto(stack.baseUrl);
      await signIn(stack, p, 'org-admin@tandem.example');
      await p.goto(`${stack.baseUrl}/agreements/new`);
      const field = p.locator('.date-field').first();
      // Bidi marks (U+200F) keep the Arabic segments in order; read without them.
      await expect.poll(async () => (await field.locator('.date-field-input').textContent())?.replace(/[\u200e\u200f\u2066-\u2069]/g, '')).toContain(placeholder);
      await field.locator('.date-field-button').click();
      await expect.poll(() => p.locator('.calendar-heading').textContent()).toMatch(month);
      await p.keyboard.press('Escape');
      if (chosen) {
        // Typed as a Russian reads it (day first); the form still gets ISO 8601.
        await field.locator('[data-type="day"]').focus();
        await p.keyboard.type(chosen.replaceAll('.', ''));
        expect(await field.locator('input[name]').inputValue()).toBe('2027-01-15');
      }
      await other.close();
    }
  });

  it('shows in Arabic who suspended an agreement and why', async () => {
    const arabic = await stack.browser.newContext({ locale: 'ar', viewport: { width: 1100, height: 900 } });
    await arabic.addInitScript(() => window.localStorage.setItem('tandem.locale', 'ar'));
    const agency = await arabic.newPage();
    await agency.goto(stack.baseUrl);
    await signIn(stack, agency, 'agency-admin@tandem.example');
    const list = (await (await agency.request.get(`${stack.baseUrl}/api/agreements`)).json()) as { agreements: Array<{ id: string; title: string }> };
    const legal = list.agreements.find((a) => a.title.startsWith('Legal aid'))!;
    await agency.goto(`${stack.baseUrl}/agreements/${legal.id}`);
    await agency.getByRole('button', { name: 'تعليق' }).click();
    await agency.getByLabel('السبب').fill('مراجعة حماية البيانات');
    await agency.locator('form').getByRole('button', { name: 'تعليق' }).click();
    const notice = agency.getByTestId('status-change');
    await expect.poll(() => notice.textContent()).toContain('علّقت منظمتك هذه الاتفاقية');
    expect(await notice.textContent()).toContain('السبب: مراجعة حماية البيانات');
    expect(await agency.locator('html').getAttribute('dir')).toBe('rtl');
    await expectAccessible(agency, 'a suspended agreement in Arabic');
    await arabic.close();
  });

  it("shows the data protection officer the organisation's audit trail, and exports it", async () => {
    await page.goto(stack.baseUrl);
    await signIn(stack, page, 'dpo@tandem.example');
    await page.getByRole('link', { name: 'Audit trail' }).click();
    // Plain choices, plain words: no codes to type, none shown.
    await page.getByLabel('Action', { exact: true }).selectOption({ label: 'Agreement signed' });
    await page.getByRole('button', { name: 'Search' }).click();
    await expect.poll(() => page.locator('table').textContent()).toContain('Agreement signed');
    expect(await page.locator('table').textContent()).not.toMatch(/org\.agreement|agreement:[0-9a-f]/);
    await expectAccessible(page, 'the audit trail');
    const [download] = await Promise.all([page.waitForEvent('download'), page.getByRole('link', { name: 'Download these events (CSV)' }).click()]);
    expect(download.suggestedFilename()).toMatch(/^tandem-audit-\d{4}-\d{2}-\d{2}\.csv$/);
  });

  it('registers a webhook for civic-space alerts on the organisation page, its secret shown once', async () => {
    await page.goto(stack.baseUrl);
    await signIn(stack, page, 'org-admin@tandem.example');
    await page.goto(`${stack.baseUrl}/organisation`);
    const panel = page.getByRole('region', { name: 'Civic-space alerts by webhook' });
    await panel.getByText('No webhooks yet.').waitFor();
    // An address inside a private network is refused, in words.
    await panel.getByLabel('Address (https)').fill('https://10.0.0.8/hooks');
    await panel.getByRole('button', { name: 'Register the webhook' }).click();
    await panel.getByRole('alert').waitFor();
    await panel.getByLabel('Address (https)').fill('https://alerts.example.org/tandem');
    await panel.getByRole('group', { name: 'Countries' }).getByLabel('Marisca').check();
    await panel.getByRole('group', { name: 'Type of restriction' }).getByLabel('Assembly', { exact: true }).check();
    await panel.getByRole('button', { name: 'Register the webhook' }).click();
    const secret = (await panel.getByTestId('webhook-secret').textContent())!;
    expect(secret).toMatch(/^whsec_/);
    await panel.getByText('https://alerts.example.org/tandem').waitFor();
    await panel.getByText('Nothing sent yet.').waitFor();
    await expectAccessible(page, 'the organisation page with a webhook');
    // Shown once: not after reading the page again.
    await page.reload();
    await panel.getByText('https://alerts.example.org/tandem').waitFor();
    expect(await page.getByText(secret).count()).toBe(0);
    await panel.getByRole('button', { name: 'Remove this webhook' }).click();
    await panel.getByText('No webhooks yet.').waitFor();
  });

  it('sends a password-reset link from the sign-in page', async () => {
    await page.goto(stack.baseUrl);
    await page.getByRole('link', { name: 'Forgot your password?' }).click();
    await page.getByLabel('E-mail address').fill('viewer@tandem.example');
    await page.getByRole('button', { name: 'Send the link' }).click();
    await page.getByText('If an account exists for this address, a link is on its way.').waitFor();
    await expectAccessible(page, 'the password-reset page');
  });
});
