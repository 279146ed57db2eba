// The application shell in a real browser: sign-in, each role's home page, languages (with a
// right-to-left pass in Arabic), keyboard use, accessibility and the weight of the first page.
import { statSync } from 'node:fs';
import { join } from 'node:path';
import type { BrowserContext, Page } from 'playwright-core';
import { afterAll, beforeAll, beforeEach, afterEach, describe, expect, it } from 'vitest';
import { DEMO_ACCOUNTS } from '../../src/demo/data.ts';
import { WEB_ROOT } from '../../src/server.ts';
import { expectAccessible, hasChromium, signIn, startStack, type Stack } from '../support/browser.ts';
import { DEMO_PASSWORD } from '../support/test-config.ts';

const SIGN_IN_BUDGET_GZIP = 150 * 1024;

describe.skipIf(!hasChromium)('application shell in Chromium', () => {
  let stack: Stack;
  let context: BrowserContext;
  let page: Page;
  let pageErrors: string[];

  beforeAll(async () => {
    stack = await startStack();
  });
  afterAll(() => stack?.close());
  beforeEach(async () => {
    context = await stack.browser.newContext({ locale: 'en-GB', viewport: { width: 1100, height: 800 } });
    page = await context.newPage();
    pageErrors = [];
    page.on('pageerror', (error) => pageErrors.push(error.message));
  });
  afterEach(async () => {
    await context?.close();
    expect(pageErrors, 'errors thrown in the page').toEqual([]);
  });

  it('serves a sign-in page that loads at most 150 kB of gzipped JavaScript and passes axe', async () => {
    const scripts = new Set<string>();
    page.on('response', (res) => {
      const url = new URL(res.url());
      if (url.pathname.endsWith('.js')) scripts.add(url.pathname);
    });
    await page.goto(stack.baseUrl);
    await page.locator('h1', { hasText: 'Sign in' }).waitFor();
    await page.waitForLoadState('networkidle');
    const gzipBytes = [...scripts].reduce((sum, p) => sum + statSync(join(WEB_ROOT, `${p}.gz`)).size, 0);
    expect(scripts.size).toBeGreaterThan(0);
    expect(gzipBytes).toBeLessThanOrEqual(SIGN_IN_BUDGET_GZIP);
    expect(await page.getAttribute('html', 'lang')).toBe('en');
    await expectAccessible(page, 'the sign-in page');
  });

  it('refuses a wrong password with a message, and signs in with the right one', async () => {
    await page.goto(stack.baseUrl);
    await page.locator('#sign-in-email').fill('dpo@tandem.example');
    await page.locator('#sign-in-password').fill('wrong password here');
    await page.locator('form button[type=submit]').click();
    await expect.poll(() => page.locator('[role=alert]').textContent()).toContain('not correct');
    await expectAccessible(page, 'the sign-in page with an error');
    await signIn(stack, page, 'dpo@tandem.example');
    expect(await page.locator('h1').textContent()).toContain('Elena Petrova');
    expect(await page.evaluate(() => document.activeElement?.tagName)).toBe('H1');
    expect(await page.locator('.app-header').textContent()).toContain('Probation and Reintegration Service');
    expect(await page.locator('#home-privacy').textContent()).toBe('Data protection');
    await page.locator('table').first().waitFor();
    expect(await page.locator('table').first().textContent()).toContain('Daniyar Seitkali');
    await expectAccessible(page, "the data protection officer's home page");
    await page.getByRole('button', { name: 'Sign out' }).click();
    await page.locator('h1', { hasText: 'Sign in' }).waitFor();
    await page.goto(`${stack.baseUrl}/`);
    await page.locator('h1', { hasText: 'Sign in' }).waitFor();
  });

  it('gives every demo role a home page with its own sections', async () => {
    const expected: Record<string, string> = {
      platform_admin: 'home-organisations',
      org_admin: 'home-members',
      case_coordinator: 'home-casesCoordinate',
      caseworker: 'home-casesWork',
      dpo: 'home-privacy',
      plan_coordinator: 'home-plansCoordinate',
      contributor: 'home-plansContribute',
      civic_monitor: 'home-civicSpace',
      donor_officer: 'home-funding',
      viewer: 'home-reports',
    };
    for (const account of DEMO_ACCOUNTS) {
      await context.clearCookies();
      await page.goto(`${stack.baseUrl}/sign-in`);
      await signIn(stack, page, account.email);
      const sections = await page.locator('.home-sections h2').evaluateAll((hs) => hs.map((h) => h.id));
      expect(sections, account.email).toContain(expected[account.roles[0]!]);
      if (account.roles[0] !== 'platform_admin') expect(sections, account.email).not.toContain('home-organisations');
    }
  });

  it("lists on the caseworker's referral card the referrals it counts", async () => {
    await context.clearCookies();
    await page.goto(`${stack.baseUrl}/sign-in`);
    await signIn(stack, page, 'caseworker@tandem.example');
    const card = page.locator('section', { has: page.locator('#home-casesWork') });
    await card.getByRole('link', { name: 'Open the referral inbox' }).waitFor();
    const inbox = (await (await page.request.get(`${stack.baseUrl}/api/referrals/inbox`)).json()) as {
      referrals: Array<{ status: string; alias: string }>;
      groups: Array<{ group: string; total: number }>;
    };
    const waiting = inbox.groups.find((g) => g.group === 'waiting')!.total;
    const active = inbox.groups.find((g) => g.group === 'active')!.total;
    const text = (await card.textContent()) ?? '';
    if (waiting > 0) expect(text).toMatch(new RegExp(`${waiting} referrals? (is|are) waiting`));
    if (active > 0) expect(text).toMatch(new RegExp(`${active} referrals? in progress`));
    // Under each count, the referrals it counts: waiting ones under the first, those in progress under the second.
    const aliases = (status: string) => new Set(inbox.referrals.filter((r) => r.status === status).map((r) => r.alias));
    const lists = card.locator('ul.compact');
    expect(waiting, 'the demo caseworker has referrals waiting').toBeGreaterThan(0);
    expect(active, 'and referrals in progress').toBeGreaterThan(0);
    for (const alias of await lists.first().locator('a').allTextContents()) expect(aliases('proposed'), alias).toContain(alias.trim());
    for (const alias of await lists.last().locator('a').allTextContents()) expect(aliases('accepted'), alias).toContain(alias.trim());
  });

  it('returns to the page asked for after sign-in', async () => {
    await page.goto(`${stack.baseUrl}/no/such/page?x=1`);
    await page.locator('h1', { hasText: 'Sign in' }).waitFor();
    expect(new URL(page.url()).searchParams.get('next')).toBe('/no/such/page?x=1');
    await page.locator('#sign-in-email').fill('monitor@tandem.example'); // an English-language account
    await page.locator('#sign-in-password').fill(DEMO_PASSWORD);
    await page.locator('form button[type=submit]').click();
    await page.locator('h1', { hasText: 'Page not found' }).waitFor();
    expect(new URL(page.url()).pathname).toBe('/no/such/page');
    await expectAccessible(page, 'the not-found page');
  });

  it('works in Arabic from right to left, and remembers the language', async () => {
    await page.goto(stack.baseUrl);
    await page.locator('select').selectOption('ar');
    await page.waitForFunction(() => document.documentElement.dir === 'rtl');
    expect(await page.getAttribute('html', 'lang')).toBe('ar');
    expect(await page.locator('h1').textContent()).toBe('تسجيل الدخول');
    await expectAccessible(page, 'the sign-in page in Arabic');
    await signIn(stack, page, 'org-admin@tandem.example');
    expect(await page.getAttribute('html', 'dir')).toBe('rtl');
    expect(await page.locator('h1').textContent()).toContain('مرحبًا');
    const header = await page.locator('.app-header').boundingBox();
    const brand = await page.locator('.app-header .brand').boundingBox();
    expect(brand!.x + brand!.width).toBeGreaterThan(header!.width - 100); // the brand sits on the right
    await page.locator('table').first().waitFor();
    await expectAccessible(page, 'the home page in Arabic');
    await page.reload();
    await page.locator('.home-sections').waitFor();
    expect(await page.getAttribute('html', 'dir')).toBe('rtl');
  });

  it('draws an icon beside each navigation word, hidden from screen readers, and mirrors those that point a direction in Arabic', async () => {
    await page.goto(stack.baseUrl);
    await signIn(stack, page, 'org-admin@tandem.example');
    const entries = page.locator('.app-nav a');
    expect(await entries.count()).toBeGreaterThan(3);
    for (const entry of await entries.all()) {
      expect((await entry.textContent())!.trim()).not.toBe(''); // the word stays
      const icon = entry.locator('svg');
      expect(await icon.count()).toBe(1);
      expect(await icon.getAttribute('aria-hidden')).toBe('true');
      expect(await icon.getAttribute('focusable')).toBe('false');
      // Sized with the text (1.1em), not Lucide's 24 px default.
      const size = await icon.evaluate((svg) => ({ icon: svg.getBoundingClientRect().width, font: parseFloat(getComputedStyle(svg).fontSize) }));
      expect(size.icon).toBeCloseTo(size.font * 1.1, 0);
    }
    const transforms = () =>
      page.evaluate(() => ({
        signOut: getComputedStyle(document.querySelector('.header-end button svg')!).transform,
        nav: getComputedStyle(document.querySelector('.app-nav a svg')!).transform,
      }));
    expect(await transforms()).toEqual({ signOut: 'none', nav: 'none' });
    await page.locator('.language-switcher select').selectOption('ar');
    await page.waitForFunction(() => document.documentElement.dir === 'rtl');
    // "Sign out" points along the reading direction, so it turns round; the house does not.
    expect(await transforms()).toEqual({ signOut: 'matrix(-1, 0, 0, 1, 0, 0)', nav: 'none' });
  });

  it('follows the account language when the device has none chosen', async () => {
    await page.goto(stack.baseUrl);
    await signIn(stack, page, 'coordinator@tandem.example'); // this account's language is Russian
    await expect.poll(() => page.locator('h1').textContent()).toContain('Здравствуйте');
    expect(await page.getAttribute('html', 'lang')).toBe('ru');
    await expectAccessible(page, 'the home page in Russian');
  });

  it('can be used with the keyboard: skip link first, then the controls, with visible focus', async () => {
    await page.goto(stack.baseUrl);
    await signIn(stack, page, 'platform-admin@tandem.example');
    await page.reload();
    await page.locator('.home-sections').waitFor();
    await page.keyboard.press('Tab');
    expect(await page.evaluate(() => document.activeElement?.className)).toBe('skip-link');
    const outline = await page.evaluate(() => getComputedStyle(document.activeElement!).outlineStyle);
    expect(outline).not.toBe('none');
    await page.keyboard.press('Enter');
    expect(await page.evaluate(() => document.activeElement?.id)).toBe('main');
  });

  it('fits a phone-sized screen without horizontal scrolling', async () => {
    await page.setViewportSize({ width: 360, height: 740 });
    await page.goto(stack.baseUrl);
    await signIn(stack, page, 'caseworker@tandem.example');
    const overflow = await page.evaluate(() => document.documentElement.scrollWidth - document.documentElement.clientWidth);
    expect(overflow).toBeLessThanOrEqual(0);
    await expectAccessible(page, 'the home page on a phone');
    // The navigation is folded behind Menu: the page starts right under the header, and the
    // entries open on demand and fold again once one is chosen.
    const menu = page.locator('.nav-toggle');
    const cases = page.locator('.app-nav a[href="/cases"]');
    expect(await menu.getAttribute('aria-expanded')).toBe('false');
    expect(await cases.isVisible()).toBe(false);
    await menu.click();
    await cases.waitFor({ state: 'visible' });
    expect(await menu.getAttribute('aria-expanded')).toBe('true');
    await cases.click();
    await page.waitForURL(/\/cases$/);
    await cases.waitFor({ state: 'hidden' });
    expect(await menu.getAttribute('aria-expanded')).toBe('false');
    // From tablet width up the entries are always shown and the button is not.
    await page.setViewportSize({ width: 1024, height: 740 });
    await cases.waitFor({ state: 'visible' });
    expect(await menu.isVisible()).toBe(false);
  });
});
