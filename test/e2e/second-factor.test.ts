// The second factor in the browser: a new caseworker sets it up before anything else, signs in
// with it (and with a recovery code), and manages sessions on the account page.
import type { BrowserContext, Page } from 'playwright-core';
import { generate } from 'otplib';
import { afterAll, afterEach, beforeAll, beforeEach, describe, expect, it } from 'vitest';
import { createAccount } from '../../src/modules/identity/setup.ts';
import { expectAccessible, hasChromium, signIn, startStack, type Stack } from '../support/browser.ts';
import { DEMO_PASSWORD } from '../support/test-config.ts';

describe.skipIf(!hasChromium)('second factor in Chromium', () => {
  let stack: Stack;
  let context: BrowserContext;
  let page: Page;
  let pageErrors: string[];

  beforeAll(async () => {
    stack = await startStack();
  });
  afterAll(() => stack?.close());
  beforeEach(async () => {
    context = await stack.browser.newContext({ locale: 'en-GB', viewport: { width: 1000, height: 900 } });
    page = await context.newPage();
    pageErrors = [];
    page.on('pageerror', (error) => pageErrors.push(error.message));
  });
  afterEach(async () => {
    await context?.close();
    expect(pageErrors, 'errors thrown in the page').toEqual([]);
  });

  it('makes a new caseworker set up an authenticator first, then lets them in', async () => {
    const org = await stack.tandem.db.system((tx) =>
      tx.selectFrom('organisations').select('id').where('name', '=', 'Bridge Psychosocial Centre').executeTakeFirstOrThrow(),
    );
    await stack.tandem.db.system((tx) =>
      createAccount(tx, { email: 'farida@tandem.example', displayName: 'Farida Nurlanova', password: DEMO_PASSWORD, orgId: org.id, roles: ['caseworker'] }),
    );
    await page.goto(stack.baseUrl);
    await page.locator('#sign-in-email').fill('farida@tandem.example');
    await page.locator('#sign-in-password').fill(DEMO_PASSWORD);
    await page.locator('form button[type=submit]').click();
    await page.locator('h1', { hasText: 'Set up a second factor' }).waitFor();
    await expectAccessible(page, 'the enrolment page');
    await page.getByRole('button', { name: 'Set up a second factor' }).click();
    await page.locator('img.qr').waitFor();
    const secret = (await page.getByTestId('mfa-secret').textContent())!.replaceAll(' ', '');
    expect(secret).toMatch(/^[A-Z2-7]{16,}$/);
    await expectAccessible(page, 'the enrolment page with its QR code');
    await page.locator('#mfa-code').fill('000000');
    await page.getByRole('button', { name: 'Confirm' }).click();
    await expect.poll(() => page.locator('[role=alert]').textContent()).toContain('not correct');
    await page.locator('#mfa-code').fill(await generate({ secret }));
    await page.getByRole('button', { name: 'Confirm' }).click();
    const codes = (await page.getByTestId('recovery-codes').locator('code').allTextContents()).map((c) => c.trim());
    expect(codes).toHaveLength(10);
    await page.getByRole('button', { name: 'Continue to Tandem' }).click();
    await page.locator('#home-casesWork').waitFor();

    // Another day, another device: the recovery code works in place of the app.
    const other = await stack.browser.newContext({ locale: 'en-GB' });
    const second = await other.newPage();
    await second.goto(stack.baseUrl);
    await second.locator('#sign-in-email').fill('farida@tandem.example');
    await second.locator('#sign-in-password').fill(DEMO_PASSWORD);
    await second.locator('form button[type=submit]').click();
    await second.locator('#sign-in-code').waitFor();
    await expectAccessible(second, 'the second-factor step');
    await second.locator('#sign-in-code').fill(codes[0]!);
    await second.locator('form button[type=submit]').click();
    await second.locator('#home-casesWork').waitFor();
    await other.close();
  });

  it('asks for the code again after a reload in the middle of signing in, in Arabic too', async () => {
    await page.goto(stack.baseUrl);
    await page.locator('select').selectOption('ar');
    await page.locator('#sign-in-email').fill('dpo@tandem.example');
    await page.locator('#sign-in-password').fill(DEMO_PASSWORD);
    await page.locator('form button[type=submit]').click();
    await page.locator('#sign-in-code').waitFor();
    await page.reload();
    await page.locator('#sign-in-code').waitFor();
    expect(await page.getAttribute('html', 'dir')).toBe('rtl');
    expect(await page.locator('h1').textContent()).toBe('الخطوة الثانية: الرمز');
    await expectAccessible(page, 'the second-factor step in Arabic');
    // A wrong code is called a wrong code, not a wrong e-mail address or password.
    await page.locator('#sign-in-code').fill('000000');
    await page.locator('form button[type=submit]').click();
    await expect.poll(() => page.locator('.form-error').textContent()).toBe(
      'هذا الرمز غير صحيح. أدخل الأرقام الستة التي يعرضها تطبيق المصادقة الآن، أو رمز استرداد.',
    );
  });

  it('lists the sessions on the account page and ends another one', async () => {
    const elsewhere = await stack.browser.newContext({ locale: 'en-GB' });
    const other = await elsewhere.newPage();
    await other.goto(stack.baseUrl);
    await signIn(stack, other, 'dpo@tandem.example');

    await page.goto(stack.baseUrl);
    await signIn(stack, page, 'dpo@tandem.example'); // an English-language account
    await page.getByRole('link', { name: 'Your account' }).click();
    await page.locator('h1', { hasText: 'Your account' }).waitFor();
    await page.locator('#account-sessions ~ * table, section[aria-labelledby=account-sessions] table').first().waitFor();
    await expectAccessible(page, 'the account page');
    const before = await page.getByRole('button', { name: 'Sign out there' }).count();
    expect(before).toBeGreaterThanOrEqual(1);
    await page.getByRole('button', { name: 'Sign out there' }).first().click();
    await expect.poll(() => page.getByRole('button', { name: 'Sign out there' }).count()).toBe(before - 1);
    await elsewhere.close();
  });
});
