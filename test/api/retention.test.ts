// Closing a case, legal holds and anonymisation when the retention period ends.
import { sql } from 'kysely';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { anonymiseDueCases } from '../../src/modules/cases/retention.ts';
import { backends } from '../support/databases.ts';
import { createTestApp, type TestApp } from '../support/app.ts';

describe.each(backends)('closure and retention on %s', (backend) => {
  let t: TestApp;
  let rosa: string;
  let farrukh: string;
  beforeAll(async () => {
    t = await createTestApp(backend);
    const rows = await t.db.system((tx) => tx.selectFrom('cases').select(['id', 'alias']).execute());
    rosa = rows.find((r) => r.alias === 'Rosa')!.id;
    farrukh = rows.find((r) => r.alias === 'Farrukh')!.id;
  });
  afterAll(() => t?.close());

  it('closes and reopens a case; only the lead coordinator may', async () => {
    const coordinator = await t.signIn('coordinator@tandem.example');
    const caseworker = await t.signIn('caseworker@tandem.example');
    expect((await caseworker.post(`/api/cases/${rosa}/close`, { reason: 'Goals met' })).statusCode).toBe(403);
    expect((await coordinator.post(`/api/cases/${farrukh}/close`, { reason: 'Goals of the plan met; living with his family.', aftercareUntil: null })).statusCode).toBe(204);
    expect((await coordinator.get(`/api/cases/${farrukh}`)).json()).toMatchObject({ status: 'closed', closureReason: 'Goals of the plan met; living with his family.' });
    expect((await coordinator.post(`/api/cases/${farrukh}/close`, { reason: 'again' })).statusCode).toBe(409);
    expect((await coordinator.post(`/api/cases/${farrukh}/reopen`)).statusCode).toBe(204);
    expect((await coordinator.post(`/api/cases/${farrukh}/close`, { reason: 'Moved abroad.' })).statusCode).toBe(204);
    expect((await coordinator.post(`/api/cases/${rosa}/close`, { reason: 'Stable; aftercare by the centre.', aftercareUntil: '2027-06-30' })).statusCode).toBe(204);
  });

  it('shows the data protection officer when each closed case will be anonymised, and lets them hold one', async () => {
    const dpo = await t.signIn('dpo@tandem.example');
    const overview = (await dpo.get('/api/retention')).json().cases as Array<{ caseId: string; anonymiseOn: string; legalHold: boolean }>;
    const today = new Date();
    const inFiveYears = `${today.getUTCFullYear() + 5}-${String(today.getUTCMonth() + 1).padStart(2, '0')}`;
    expect(overview.find((c) => c.caseId === farrukh)!.anonymiseOn.slice(0, 7)).toBe(inFiveYears);
    expect((await dpo.put(`/api/cases/${rosa}/legal-hold`, { hold: true, reason: 'Evidence in ongoing proceedings' })).statusCode).toBe(204);
    const coordinator = await t.signIn('coordinator@tandem.example');
    expect((await coordinator.get('/api/retention')).statusCode).toBe(403);
    expect((await coordinator.put(`/api/cases/${rosa}/legal-hold`, { hold: false })).statusCode).toBe(403);
  });

  it('anonymises what is due, keeping counts and holding what is held', async () => {
    const later = `${new Date().getUTCFullYear() + 6}-01-01`;
    expect(await anonymiseDueCases(t.db, later)).toBe(1); // Farrukh; Rosa is held
    const after = await t.db.system(async (tx) => ({
      farrukh: await tx.selectFrom('cases').select(['status', 'alias', 'sex', 'age_band', 'category']).where('id', '=', farrukh).executeTakeFirstOrThrow(),
      identity: Number((await sql<{ n: number }>`SELECT count(*)::int AS n FROM case_identity WHERE case_id = ${farrukh}`.execute(tx)).rows[0]!.n),
      rosaIdentity: Number((await sql<{ n: number }>`SELECT count(*)::int AS n FROM case_identity WHERE case_id = ${rosa}`.execute(tx)).rows[0]!.n),
      referralText: (await tx.selectFrom('referrals').select('reason').where('case_id', '=', farrukh).execute()).map((r) => r.reason),
    }));
    expect(after.farrukh).toMatchObject({ status: 'anonymised', alias: '[anonymised]', sex: 'male', age_band: '35-49', category: 'released_offender' });
    expect(after.identity).toBe(0);
    expect(after.rosaIdentity).toBeGreaterThan(0);
    expect(after.referralText.every((r) => r === '[removed]')).toBe(true);
    const coordinator = await t.signIn('coordinator@tandem.example');
    // The agency keeps the anonymised record: its identity is gone, its pseudonymous facts stay.
    const identity = await coordinator.get(`/api/cases/${farrukh}/identity`);
    expect(identity.json()).toEqual({ legalName: null, birthDate: null, documentNumbers: [], address: null, phones: [] });
    expect((await coordinator.post(`/api/cases/${farrukh}/reopen`)).statusCode).toBe(409);
    await t.sealAudit();
    const logged = await t.db.system(async (tx) => (await sql<{ n: number }>`SELECT count(*)::int AS n FROM audit_events WHERE action = 'case.anonymise'`.execute(tx)).rows[0]!.n);
    expect(logged).toBe(1);
  });
});
