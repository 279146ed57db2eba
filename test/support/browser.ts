// A running Tandem (its own database copy, the built web app) and Debian's Chromium, for the
// browser tests. Without a Chromium the browser tier is skipped, loudly.
import type { AddressInfo } from 'node:net';
import AxeBuilder from '@axe-core/playwright';
import { chromium, type Browser, type Locator, type Page } from 'playwright-core';
import { sql } from 'kysely';
import { expect } from 'vitest';
import { currentCode } from '../../src/modules/identity/mfa.ts';
import { createTandem, WEB_ROOT, type Tandem } from '../../src/server.ts';
import { createTestDatabase } from './databases.ts';
import { DEMO_PASSWORD, testConfig } from './test-config.ts';
import { CHROMIUM, hasChromium } from './browser-path.ts';

export { CHROMIUM, hasChromium };

if (!hasChromium) {
  process.stderr.write(
    `\n${'!'.repeat(78)}\n!! BROWSER TESTS SKIPPED: no Chromium at ${CHROMIUM}.\n` +
      '!! Install it (Debian: apt-get install -y chromium) or set TANDEM_CHROMIUM.\n' +
      `${'!'.repeat(78)}\n\n`,
  );
}

export type Stack = { tandem: Tandem; browser: Browser; baseUrl: string; close(): Promise<void> };

/** The web app is built by the global setup, once, before any browser test file starts. */
export async function startStack(): Promise<Stack> {
  const { db, drop } = await createTestDatabase('pglite');
  const tandem = await createTandem(testConfig(), { database: db, webRoot: WEB_ROOT });
  await tandem.app.listen({ port: 0, host: '127.0.0.1' });
  const { port } = tandem.app.server.address() as AddressInfo;
  const browser = await chromium.launch({
    executablePath: CHROMIUM,
    args: ['--headless', '--no-sandbox', '--disable-gpu', '--disable-background-networking', '--disable-dev-shm-usage'],
  });
  return {
    tandem,
    browser,
    baseUrl: `http://127.0.0.1:${port}`,
    async close() {
      await browser.close();
      await tandem.close();
      await drop();
    },
  };
}

/** No serious or critical accessibility violation on the page as it is now. */
export async function expectAccessible(page: Page, what: string): Promise<void> {
  const result = await new AxeBuilder({ page }).withTags(['wcag2a', 'wcag2aa', 'wcag21a', 'wcag21aa']).analyze();
  const serious = result.violations.filter((v) => v.impact === 'serious' || v.impact === 'critical');
  expect(
    serious.map((v) => `${v.id}: ${v.help} (${v.nodes.map((n) => n.target.join(' ')).join(', ')})`),
    `accessibility of ${what}`,
  ).toEqual([]);
}

/** A code the demo person's authenticator shows now (the last step used is forgotten, as tests reuse steps). */
export async function totpCode(stack: Stack, email: string): Promise<string> {
  const secret = stack.tandem.demo?.accounts.find((a) => a.email === email)?.totpSecret;
  if (!secret) throw new Error(`${email} has no second factor`);
  await stack.tandem.db.system((tx) =>
    sql`UPDATE user_mfa SET last_used_step = NULL WHERE user_id = (SELECT id FROM users WHERE email = ${email})`.execute(tx),
  );
  return currentCode(secret);
}

/** Signs in through the form, giving the second factor when asked, and waits for the home page. */
export async function signIn(stack: Stack, page: Page, email: string, password = DEMO_PASSWORD): Promise<void> {
  await page.locator('#sign-in-email').fill(email);
  await page.locator('#sign-in-password').fill(password);
  await page.locator('form button[type=submit]').click();
  await page.locator('.home-sections, #sign-in-code').first().waitFor();
  if (await page.locator('#sign-in-code').isVisible()) {
    await page.locator('#sign-in-code').fill(await totpCode(stack, email));
    await page.locator('form button[type=submit]').click();
  }
  await page.locator('.home-sections').waitFor();
}

/** The local wall-clock time as a date-and-time field shows it: "2026-03-01T09:30". */
export function localDateTime(d: Date): string {
  return new Date(d.getTime() - d.getTimezoneOffset() * 60_000).toISOString().slice(0, 16);
}

/**
 * Types an ISO date ("2026-03-01") or date and time ("2026-03-01T09:30") into the date field
 * labelled `label`, segment by segment as a person does with the keyboard, whatever order the
 * page's language puts the segments in.
 */
export async function fillDate(scope: Page | Locator, label: string | RegExp, iso: string): Promise<void> {
  const field = scope.getByRole('group', { name: label, exact: typeof label === 'string' }).first();
  const [date, time] = iso.split('T') as [string, string | undefined];
  const [year, month, day] = date.split('-') as [string, string, string];
  const parts: Array<[string, string]> = [['year', year], ['month', month], ['day', day]];
  if (time) parts.push(['hour', time.slice(0, 2)], ['minute', time.slice(3, 5)]);
  for (const [type, value] of parts) {
    const segment = field.locator(`[data-type="${type}"]`);
    await segment.focus();
    await segment.pressSequentially(value);
  }
}
