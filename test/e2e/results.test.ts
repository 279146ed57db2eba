// Results frameworks in the browser: the coordination centre defines a framework with a reported
// indicator, the women's network reports a value for it with its breakdown by sex, the centre
// approves it from its review queue, and the indicator page shows it — a chart drawn under the
// content security policy, with the same figures as a table. Then the demo framework reads right
// to left in Arabic. Axe checks on each page.
import type { Browser, BrowserContext, Page } from 'playwright-core';
import { afterAll, afterEach, beforeAll, describe, expect, it } from 'vitest';
import { expectAccessible, hasChromium, signIn, startStack, type Stack } from '../support/browser.ts';

describe.skipIf(!hasChromium)('results frameworks in Chromium', () => {
  let stack: Stack;
  const contexts: BrowserContext[] = [];
  const problems: string[] = [];
  beforeAll(async () => {
    stack = await startStack();
  });
  afterAll(() => stack?.close());
  afterEach(async () => {
    for (const c of contexts.splice(0)) await c.close();
    expect(problems.splice(0), 'errors and policy violations in the page').toEqual([]);
  });

  async function personIn(browser: Browser, email: string, locale: 'en' | 'ar' = 'en'): Promise<Page> {
    const context = await browser.newContext({ locale: locale === 'en' ? 'en-GB' : locale, viewport: { width: 1100, height: 900 } });
    contexts.push(context);
    await context.addInitScript((l) => window.localStorage.setItem('tandem.locale', l), locale);
    const page = await context.newPage();
    page.on('pageerror', (error) => problems.push(error.message));
    page.on('console', (m) => {
      if (m.type() === 'error' && /Content Security Policy|Refused to/i.test(m.text())) problems.push(m.text());
    });
    await page.goto(stack.baseUrl);
    await signIn(stack, page, email);
    return page;
  }

  it('owner defines a framework → the CSO reports a value → the owner approves → the indicator page shows it', async () => {
    const owner = await personIn(stack.browser, 'plan-coordinator@tandem.example');
    await owner.getByRole('link', { name: 'Results', exact: true }).first().click();
    await owner.getByRole('heading', { name: 'Results frameworks', level: 1 }).waitFor();
    await expectAccessible(owner, 'the results frameworks page');
    // The centre's plan has its framework already: this one is for a programme.
    await owner.getByLabel('Programme', { exact: true }).check();
    await owner.getByLabel('Name of the programme').fill('Community dialogue programme');
    await owner.getByLabel('Title', { exact: true }).fill('Results of the community dialogue programme');
    await owner.getByLabel('Goal').fill('Communities accept women returning home and their children.');
    await owner.getByRole('button', { name: 'Create the framework' }).click();
    await owner.getByRole('heading', { name: 'Results of the community dialogue programme', level: 1 }).waitFor();

    const addNode = owner.locator('form[aria-labelledby="results-add-node"]');
    await addNode.getByLabel('Title', { exact: true }).fill('Women returning are accepted in their communities');
    await addNode.getByRole('button', { name: 'Add' }).click();
    await owner.getByRole('heading', { name: /Women returning are accepted in their communities/, level: 2 }).waitFor();

    const addIndicator = owner.locator('form[aria-labelledby="results-add-indicator"]');
    await addIndicator.getByLabel('Title', { exact: true }).fill('Community dialogues held with women returning');
    await addIndicator.getByLabel('Definition').fill('Dialogues in a community with women returning and local leaders, with minutes kept.');
    await addIndicator.getByLabel('Better when it').selectOption('increase');
    await addIndicator.getByLabel('Responsible organisation').selectOption({ label: "Women's Voices Network" });
    await addIndicator.getByLabel('sex', { exact: true }).check();
    await addIndicator.locator('input[name=targetPeriod0]').fill('2026');
    await addIndicator.locator('input[name=targetValue0]').fill('10');
    await addIndicator.getByRole('button', { name: 'Add' }).click();
    await owner.getByRole('link', { name: 'Community dialogues held with women returning' }).waitFor();
    await expectAccessible(owner, 'a framework page with its forms');

    // The network reports, from the indicators it answers for.
    const cso = await personIn(stack.browser, 'contributor@tandem.example');
    await cso.goto(`${stack.baseUrl}/results`);
    await cso.getByRole('link', { name: 'Community dialogues held with women returning' }).click();
    await cso.getByRole('heading', { name: 'Report a value', level: 2 }).waitFor();
    await cso.getByLabel('Period', { exact: true }).fill('2026');
    await cso.getByLabel('Value', { exact: true }).fill('12');
    await cso.locator('input[name="sex:female"]').fill('9');
    await cso.locator('input[name="sex:male"]').fill('2');
    await cso.getByLabel('Evidence', { exact: true }).fill('Minutes of the dialogues, kept at the network.');
    await cso.getByRole('button', { name: 'Send for review' }).click();
    // 9 + 2 is not 12: refused, and the form says why.
    await cso.getByText('The groups of each breakdown must add up to the total', { exact: false }).waitFor();
    await cso.locator('input[name="sex:male"]').fill('3');
    await cso.getByRole('button', { name: 'Send for review' }).click();
    await cso.getByText('Sent for review.').waitFor();
    await expectAccessible(cso, 'the indicator page with the report form');

    // The centre approves from its queue.
    await owner.goto(`${stack.baseUrl}/results/review`);
    const row = owner.getByRole('row').filter({ hasText: 'Community dialogues held with women returning' });
    await row.waitFor();
    await expectAccessible(owner, 'the review queue');
    await row.getByRole('button', { name: 'Approve' }).click();
    await row.waitFor({ state: 'detached' });

    // The indicator page shows the approved value against its target, as a chart and a table.
    await cso.reload();
    await cso.getByRole('heading', { name: 'Community dialogues held with women returning', level: 1 }).waitFor();
    const line = cso.locator('table.figures tbody tr').filter({ hasText: '2026' });
    await expect.poll(() => line.innerText()).toMatch(/10\s+12\s+approved/);
    await expect.poll(() => cso.locator('.plot-chart svg').count()).toBe(1);
    // The owner sets a target for the next year on the indicator's page; the table follows.
    await owner.goto(cso.url());
    await owner.getByText('Change the targets').click();
    await owner.locator('input[name=period1]').fill('2027');
    await owner.locator('input[name=value1]').fill('15');
    await owner.getByRole('button', { name: 'Save the targets' }).click();
    await expect.poll(() => owner.locator('table.figures tbody tr').filter({ hasText: '2027' }).innerText()).toMatch(/15/);
    // Approved periods are locked: reporting 2026 again is refused.
    await cso.getByLabel('Period', { exact: true }).fill('2026');
    await cso.getByLabel('Value', { exact: true }).fill('13');
    await cso.getByLabel('Evidence', { exact: true }).fill('A later count.');
    await cso.getByRole('button', { name: 'Send for review' }).click();
    await cso.getByText('This conflicts with something that already exists.').waitFor();
  });

  it("shows the demo plan's published indicators on its public pages, signed out", async () => {
    const context = await stack.browser.newContext({ locale: 'en-GB', viewport: { width: 390, height: 844 } });
    contexts.push(context);
    await context.addInitScript(() => window.localStorage.setItem('tandem.locale', 'en'));
    const page = await context.newPage();
    page.on('pageerror', (error) => problems.push(error.message));
    const list = (await (await fetch(`${stack.baseUrl}/api/public/plans`)).json()) as { plans: Array<{ id: string }> };
    await page.goto(`${stack.baseUrl}/public/plans/${list.plans[0]!.id}`);
    await page.getByRole('link', { name: 'Results', exact: true }).click();
    await page.getByRole('heading', { name: 'Regions with a functioning prevention council' }).waitFor();
    await expect.poll(() => page.locator('.plot-chart svg').count()).toBe(2);
    // The half-year under review is not there; the approved ones are.
    const support = page.locator('section.panel').filter({ hasText: 'Mothers and children returning' });
    expect(await support.locator('tbody tr').filter({ hasText: '2026-H1' }).innerText()).toMatch(/22/);
    expect(await support.locator('tbody').innerText()).not.toMatch(/41/);
    await expectAccessible(page, 'the public results page at phone width');
  });

  it('reads the demo framework right to left in Arabic, a value sent back with its reason', async () => {
    const cso = await personIn(stack.browser, 'contributor@tandem.example', 'ar');
    await cso.goto(`${stack.baseUrl}/results`);
    await cso.getByRole('heading', { name: 'أطر النتائج', level: 1 }).waitFor();
    expect(await cso.locator('html').getAttribute('dir')).toBe('rtl');
    await cso.getByRole('link', { name: 'Share of children returning enrolled in school within one month' }).first().click();
    await cso.getByText('مُعادة').first().waitFor();
    await cso.getByText(/denominator counts children/).waitFor();
    await expect.poll(() => cso.locator('.plot-chart svg').count()).toBe(1);
    await expectAccessible(cso, 'an indicator page in Arabic');
    await cso.getByRole('link', { name: 'Results framework of the national action plan 2027–2030' }).click();
    await cso.getByRole('heading', { name: 'الهدف', level: 2 }).waitFor();
    await expectAccessible(cso, 'the demo framework in Arabic');
  });
});
