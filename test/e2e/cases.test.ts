// The referral journey in the browser: a coordinator opens a case (the duplicate check runs),
// assesses needs, records consent and refers the person; the partner's caseworker accepts it in
// the referral inbox and records a session with a private note; the coordinator sees the session
// but not the note, holds a case conference whose action item lands on the plan, and closes the
// case with a reason. Overdue plan actions show on the plan and the caseworker's home page. Axe checks every page, and the case page is checked in Arabic.
import type { Browser, BrowserContext, Page } from 'playwright-core';
import { afterAll, afterEach, beforeAll, beforeEach, describe, expect, it } from 'vitest';
import { expectAccessible, hasChromium, signIn, startStack, type Stack, fillDate, localDateTime } from '../support/browser.ts';

async function pageIn(browser: Browser, locale: 'en' | 'ar' = 'en'): Promise<{ context: BrowserContext; page: Page }> {
  const context = await browser.newContext({ locale: locale === 'ar' ? 'ar' : 'en-GB', viewport: { width: 1100, height: 900 } });
  await context.addInitScript((l) => window.localStorage.setItem('tandem.locale', l), locale);
  return { context, page: await context.newPage() };
}

describe.skipIf(!hasChromium)('case coordination in Chromium', () => {
  let stack: Stack;
  let context: BrowserContext;
  let page: Page;
  let pageErrors: string[];

  beforeAll(async () => {
    stack = await startStack();
  });
  afterAll(() => stack?.close());
  beforeEach(async () => {
    ({ context, page } = await pageIn(stack.browser));
    pageErrors = [];
    page.on('pageerror', (error) => pageErrors.push(error.message));
  });
  afterEach(async () => {
    await context?.close();
    expect(pageErrors, 'errors thrown in the page').toEqual([]);
  });

  it('opens a case, assesses, records consent, refers; the partner accepts and records a session; a conference, the plan, closure', { timeout: 180_000 }, async () => {
    await page.goto(stack.baseUrl);
    await signIn(stack, page, 'coordinator@tandem.example');
    await page.getByRole('link', { name: 'Cases', exact: true }).click();
    await page.getByRole('heading', { name: '12 cases' }).waitFor();
    await expectAccessible(page, 'the case list');
    await page.getByRole('link', { name: 'Open a case' }).click();
    await expectAccessible(page, 'the new-case form');
    await page.getByLabel('Alias').fill('Dilnoza');
    await page.getByLabel('Sex').selectOption('female');
    await page.getByLabel('Age band').selectOption('25-34');
    await page.getByLabel('Category').selectOption('adult_returnee');
    // The same legal name as an existing case: the duplicate check stops and asks.
    await page.getByLabel('Legal name').fill('Zarina Tokhtarova');
    await page.getByRole('button', { name: 'Open the case' }).click();
    await page.getByText('A person with the same name or document may already have a case:').waitFor();
    await page.getByLabel('Legal name').fill('Dilnoza Abdullayeva');
    await page.getByLabel('I checked: this is a different person').check();
    await page.getByRole('button', { name: 'Open the case' }).click();
    await page.locator('h1', { hasText: 'Dilnoza' }).waitFor();
    // Checked across agencies too: the same words whatever another agency holds.
    await page.getByRole('status').getByText('Checked across agencies.').waitFor();
    const caseUrl = page.url();
    await expectAccessible(page, 'a case overview');

    await page.getByRole('link', { name: 'Identity' }).click();
    await page.getByRole('button', { name: 'Show identifying data' }).click();
    await page.getByText('Dilnoza Abdullayeva').waitFor();

    await page.getByRole('link', { name: 'Needs' }).click();
    await page.getByRole('group', { name: 'Psychosocial' }).getByLabel('Level').selectOption('3');
    await page.getByRole('group', { name: 'Housing' }).getByLabel('Level').selectOption('2');
    await page.getByRole('button', { name: 'Save' }).click();
    await page.locator('figure.chart svg').waitFor();
    await expectAccessible(page, 'the needs of a case');

    // Referring without consent is refused, naming what is missing.
    await page.getByRole('link', { name: 'Referrals and services' }).click();
    // The partner list marks the organisations with an agreement in force.
    // The partners' list filters as one types; those with an agreement in force say so.
    await page.getByRole('combobox', { name: 'To' }).fill('bridge psycho');
    await page.getByRole('option', { name: 'Bridge Psychosocial Centre ✓ agreement in force' }).click();
    await page.getByLabel('Service', { exact: true }).fill('Individual counselling');
    await page.getByLabel('Why', { exact: true }).fill('Returned last month; asks for support.');
    await page.getByRole('checkbox', { name: 'Identity', exact: true }).check();
    await page.getByRole('checkbox', { name: 'Psychosocial notes' }).check();
    await page.getByRole('button', { name: 'Send the referral' }).click();
    await page.getByText('no valid consent or legal basis covers Identity').waitFor();
    await expectAccessible(page, 'a refused referral');

    // The refusal leads to where consent is recorded.
    await page.getByRole('alert').getByRole('link', { name: 'Record the consent' }).first().click();
    await page.getByLabel('Receiving organisation').selectOption({ label: 'Bridge Psychosocial Centre' });
    await page.getByLabel('Purpose').fill('Psychosocial support');
    await page.getByRole('checkbox', { name: 'Identity', exact: true }).check();
    await page.getByRole('checkbox', { name: 'Referrals and services' }).check();
    await page.getByRole('checkbox', { name: 'Psychosocial notes' }).check();
    await page.getByRole('button', { name: 'Record', exact: true }).click();
    await page.locator('.card', { hasText: 'Bridge Psychosocial Centre' }).locator('.tag', { hasText: 'Valid' }).waitFor();
    await expectAccessible(page, 'the consents of a case');

    // Back on the referral, the form is as it was left.
    await page.getByRole('link', { name: 'Referrals and services' }).click();
    expect(await page.getByLabel('Service', { exact: true }).inputValue()).toBe('Individual counselling');
    expect(await page.getByRole('checkbox', { name: 'Identity', exact: true }).isChecked()).toBe(true);
    await page.getByRole('checkbox', { name: 'Referrals and services' }).check();
    await page.getByRole('button', { name: 'Send the referral' }).click();
    await page.getByRole('status').getByText('Referral sent to Bridge Psychosocial Centre').waitFor();
    await page.locator('.card', { hasText: 'Individual counselling' }).getByText('Waiting for an answer').waitFor();

    // The centre's caseworker answers in the inbox and records a session.
    const partner = await pageIn(stack.browser);
    await partner.page.goto(stack.baseUrl);
    await signIn(stack, partner.page, 'caseworker@tandem.example');
    await partner.page.getByRole('link', { name: 'Referrals', exact: true }).click();
    const card = partner.page.locator('.card', { hasText: 'Dilnoza' });
    await expectAccessible(partner.page, 'the referral inbox');
    await card.getByRole('button', { name: 'Accept' }).click();
    await partner.page.locator('section', { hasText: 'In progress' }).locator('.card', { hasText: 'Dilnoza' }).getByRole('button', { name: 'Record a session' }).click();
    await partner.page.getByLabel('Psychosocial notes').fill('She spoke about the camp for the first time.');
    await partner.page.getByRole('button', { name: 'Save the session' }).click();
    await partner.page.locator('.card', { hasText: 'Dilnoza' }).getByText('1 session').waitFor();
    await partner.context.close();

    await page.goto(caseUrl + '/referrals');
    await page.locator('.card', { hasText: 'Individual counselling' }).getByText('1 session').waitFor();
    await page.goto(caseUrl + '/notes');
    await page.getByText('No notes you may read.').waitFor(); // the centre kept its note private
    await page.goto(caseUrl + '/timeline');
    await page.getByText('Session recorded').waitFor();
    await expectAccessible(page, 'the timeline of a case');

    // A case conference: scheduled for an hour ago, then recorded with an action item that
    // becomes an action on the plan.
    await page.getByRole('link', { name: 'Conferences' }).click();
    await page.getByText('No case conference has been held or scheduled.').waitFor();
    await fillDate(page, 'Date and time', localDateTime(new Date(Date.now() - 3_600_000)));
    await page.getByLabel('Place or mode').fill('District office and by video call');
    await page.getByLabel('Agenda').fill('Progress in counselling\nHousing');
    await page.getByRole('button', { name: 'Schedule', exact: true }).click();
    await page.getByRole('button', { name: 'Record this conference' }).click();
    await expectAccessible(page, 'recording a case conference');
    const first = page.getByRole('group', { name: 'Attendee 1' });
    await first.getByLabel('Organisation').selectOption({ label: 'Probation and Reintegration Service' });
    await first.getByLabel('Name').fill('Daniyar Seitkali');
    await first.getByLabel('Role').fill('Chair');
    const second = page.getByRole('group', { name: 'Attendee 2' });
    await second.getByLabel('Organisation').selectOption({ label: 'Bridge Psychosocial Centre' });
    await second.getByLabel('Name').fill('Amina Rahimova');
    await second.getByLabel('Role').fill('Counsellor');
    await page.getByLabel('Minutes', { exact: true }).fill('Counselling has started; she has nowhere stable to live.');
    await page.getByLabel('Decisions').fill('Look for social housing');
    const item = page.getByRole('group', { name: 'Action item 1' });
    await item.getByLabel('What is to be done').fill('Apply for social housing with her');
    await item.getByLabel('Need domain').selectOption('housing');
    await item.getByLabel('Responsible organisation').selectOption({ label: 'Probation and Reintegration Service' });
    await fillDate(item, 'Target date', new Date(Date.now() + 14 * 86_400_000).toISOString().slice(0, 10));
    await page.getByRole('button', { name: 'Save the record' }).click();
    await page.getByText('Held and recorded').waitFor();
    await page.getByRole('link', { name: 'See them on the plan' }).click();
    const action = page.locator('.card', { hasText: 'Apply for social housing with her' });
    await action.getByText(/From the conference of/).waitFor();
    await expectAccessible(page, 'the plan of a case');

    // Closure with a reason.
    await page.getByRole('link', { name: 'Overview' }).click();
    await page.getByRole('button', { name: 'Close the case' }).click();
    await page.getByLabel('Why the case closes').fill('Moved abroad to join her family; support handed over.');
    await page.getByRole('button', { name: 'Close the case' }).click();
    await page.getByRole('button', { name: 'Reopen the case' }).waitFor();
    await page.goto(caseUrl + '/timeline');
    await page.getByText('Case closed').waitFor();
  });

  it('marks overdue plan actions on the plan and on the caseworker home page, also from right to left', { timeout: 120_000 }, async () => {
    await page.goto(stack.baseUrl);
    await signIn(stack, page, 'caseworker@tandem.example');
    const panel = page.locator('section', { has: page.getByRole('heading', { name: 'Plan actions due' }) });
    await panel.getByText(/Overdue: \d+ action/).waitFor();
    await panel.getByText(/Due this week: \d+ action/).waitFor();
    await expectAccessible(page, 'the home page with plan actions due');
    await panel.getByRole('link', { name: 'Lilia' }).first().click();
    const overdue = page.locator('.card.overdue', { hasText: 'Send a progress summary to the coordinator' });
    await overdue.locator('.tag.overdue', { hasText: 'Overdue' }).waitFor();
    // The centre may move its own action along, not the agency's.
    await overdue.getByLabel('Action status').selectOption('done');
    await overdue.getByRole('button', { name: 'Update' }).click();
    await page.locator('.card', { hasText: 'Send a progress summary to the coordinator' }).getByText('Completed on').waitFor();
    expect(await page.locator('.card', { hasText: 'Meet the school director' }).getByLabel('Action status').count()).toBe(0);

    const ar = await pageIn(stack.browser, 'ar');
    await ar.page.goto(stack.baseUrl);
    await signIn(stack, ar.page, 'coordinator@tandem.example');
    const timur = await stack.tandem.db.system((tx) => tx.selectFrom('cases').select('id').where('alias', '=', 'Timur').executeTakeFirstOrThrow());
    await ar.page.goto(`${stack.baseUrl}/cases/${timur.id}/plan`);
    await ar.page.locator('.card.overdue').first().waitFor();
    expect(await ar.page.getAttribute('html', 'dir')).toBe('rtl');
    await expectAccessible(ar.page, 'a case plan in Arabic');
    await ar.page.goto(`${stack.baseUrl}/cases/${timur.id}/conferences`);
    await ar.page.locator('.conference').first().waitFor();
    await expectAccessible(ar.page, 'case conferences in Arabic');
    await ar.context.close();
  });

  it('opens a case outside the team in an emergency, and the data protection officer reviews it', async () => {
    const aziz = await stack.tandem.db.system((tx) => tx.selectFrom('cases').select('case_number').where('alias', '=', 'Aziz').executeTakeFirstOrThrow());
    await page.goto(stack.baseUrl);
    await signIn(stack, page, 'caseworker@tandem.example');
    await page.getByRole('link', { name: 'Emergency access' }).click();
    await expectAccessible(page, 'the emergency access page');
    await page.getByLabel('Case number').fill(aziz.case_number);
    await page.getByLabel('What is the emergency?').fill('He came to our centre in acute crisis and asks for his lawyer.');
    await page.getByRole('button', { name: 'Open with emergency access' }).click();
    await page.locator('h1', { hasText: 'Aziz' }).waitFor();
    await page.getByText('Emergency access', { exact: true }).first().waitFor();

    const dpo = await pageIn(stack.browser);
    await dpo.page.goto(stack.baseUrl);
    await signIn(stack, dpo.page, 'dpo@tandem.example');
    await dpo.page.getByRole('link', { name: 'Emergency access' }).click();
    await dpo.page.getByText('He came to our centre in acute crisis').waitFor();
    await expectAccessible(dpo.page, 'the emergency access review');
    await dpo.page.getByLabel('Review note').fill('Justified: a lawyer was called the same night.');
    await dpo.page.getByRole('button', { name: 'Record the review' }).click();
    await dpo.page.locator('.tag', { hasText: 'Reviewed' }).waitFor();
    await dpo.context.close();
  });

  it('lists a possible duplicate across agencies for the data protection officer, who reconciles it', async () => {
    // The agency's side of a pair, as the database records it when the centre opens a case naming Aziz.
    const aziz = await stack.tandem.db.system((tx) => tx.selectFrom('cases').select(['id', 'case_number']).where('alias', '=', 'Aziz').executeTakeFirstOrThrow());
    const bpc = await stack.tandem.db.system((tx) => tx.selectFrom('organisations').select(['id', 'name']).where('short_name', '=', 'BPC').executeTakeFirstOrThrow());
    const prs = await stack.tandem.db.system((tx) => tx.selectFrom('organisations').select('id').where('short_name', '=', 'PRS').executeTakeFirstOrThrow());
    const pairId = '3f9a21c4-0000-4000-8000-000000000001';
    await stack.tandem.db.system((tx) =>
      tx.insertInto('case_duplicate_notices').values({ pair_id: pairId, org_id: prs.id, side: 'held', case_id: aziz.id, other_org_id: bpc.id, other_org_name: bpc.name, fields: ['legal_name'] }).execute(),
    );
    await page.goto(stack.baseUrl);
    await signIn(stack, page, 'dpo@tandem.example');
    await page.getByRole('link', { name: 'Possible duplicates' }).click();
    const card = page.locator('.card', { hasText: 'PD-3F9A21C4' });
    await card.getByText(aziz.case_number).waitFor();
    await card.getByText('Bridge Psychosocial Centre opened a case that may concern the same person').waitFor();
    await expectAccessible(page, 'possible duplicates to reconcile');
    await card.getByLabel('What you found or did').fill('Different people: same name, other birth year.');
    await card.getByRole('button', { name: 'Mark reconciled' }).click();
    await page.getByText('No possible duplicates here.').waitFor();
    await page.getByLabel('Show').selectOption('reconciled');
    await page.locator('.card', { hasText: 'PD-3F9A21C4' }).getByText('Different people: same name, other birth year.').waitFor();

    const ar = await pageIn(stack.browser, 'ar');
    await ar.page.goto(stack.baseUrl);
    await signIn(stack, ar.page, 'dpo@tandem.example');
    await ar.page.goto(`${stack.baseUrl}/duplicate-notices`);
    await ar.page.getByRole('heading', { level: 1 }).waitFor();
    await ar.page.getByLabel('عرض').selectOption('all');
    await ar.page.locator('.card', { hasText: 'PD-3F9A21C4' }).waitFor();
    await expectAccessible(ar.page, 'possible duplicates in Arabic');
    await ar.context.close();
  });

  it('closes a case, and the data protection officer sees when it will be anonymised and holds it', async () => {
    const kamal = await stack.tandem.db.system((tx) => tx.selectFrom('cases').select(['id', 'case_number']).where('alias', '=', 'Kamal').executeTakeFirstOrThrow());
    await page.goto(stack.baseUrl);
    await signIn(stack, page, 'coordinator@tandem.example');
    await page.goto(`${stack.baseUrl}/cases/${kamal.id}`);
    await page.getByRole('button', { name: 'Close the case' }).click();
    await page.getByLabel('Why the case closes').fill('Probation completed; working and living with his family.');
    await page.getByRole('button', { name: 'Close the case' }).click();
    await page.getByRole('button', { name: 'Reopen the case' }).waitFor();

    const dpo = await pageIn(stack.browser);
    await dpo.page.goto(stack.baseUrl);
    await signIn(stack, dpo.page, 'dpo@tandem.example');
    await dpo.page.getByRole('link', { name: 'Retention' }).click();
    const row = dpo.page.locator('tr', { hasText: kamal.case_number });
    await row.getByRole('button', { name: 'Place a legal hold' }).click();
    await row.getByLabel('Reason').fill('Appeal pending');
    await row.getByRole('button', { name: 'Place a legal hold' }).click();
    await dpo.page.getByText('Held: Appeal pending').waitFor();
    await expectAccessible(dpo.page, 'the retention page');
    await dpo.context.close();
  });

  it('shows a case from right to left in Arabic, with the chart running right to left', async () => {
    const ar = await pageIn(stack.browser, 'ar');
    await ar.page.goto(stack.baseUrl);
    await signIn(stack, ar.page, 'caseworker@tandem.example');
    await ar.page.goto(`${stack.baseUrl}/cases`);
    await ar.page.getByRole('link', { name: 'XM-', exact: false }).first().waitFor();
    const rosa = ar.page.locator('tr', { hasText: 'Rosa' }).getByRole('link');
    await rosa.click();
    await ar.page.locator('nav.section-nav').waitFor();
    expect(await ar.page.getAttribute('html', 'dir')).toBe('rtl');
    await ar.page.locator('nav.section-nav a').nth(4).click(); // the needs section
    await ar.page.locator('figure.chart svg').waitFor();
    await expectAccessible(ar.page, 'the needs of a case in Arabic');
    await ar.context.close();
  });
});
