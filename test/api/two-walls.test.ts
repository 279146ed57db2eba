// What an adversarial review of the case walls found, each shown closed — through the API where
// a person would try it, and in SQL as the application role where the database alone must hold:
// the header an offered organisation reads, a referral after its consent is withdrawn, the life
// of a referral and who moves it, emergency access by case number, the data protection officers'
// addresses, and who writes the team.
import { sql } from 'kysely';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { backends } from '../support/databases.ts';
import { createTestApp, type TestApp } from '../support/app.ts';
import type { TestClient } from '../support/client.ts';

describe.each(backends)('the two walls on %s', (backend) => {
  let t: TestApp;
  let coordinator: TestClient;
  let caseworker: TestClient;
  let orgs: Record<string, string>;
  let cases: Record<string, { id: string; number: string }>;
  let people: Record<string, { id: string; org: string }>;
  beforeAll(async () => {
    t = await createTestApp(backend);
    coordinator = await t.signIn('coordinator@tandem.example');
    caseworker = await t.signIn('caseworker@tandem.example');
    await t.db.system(async (tx) => {
      orgs = Object.fromEntries((await tx.selectFrom('organisations').select(['id', 'short_name']).execute()).map((o) => [o.short_name!, o.id]));
      cases = Object.fromEntries((await tx.selectFrom('cases').select(['id', 'alias', 'case_number']).execute()).map((c) => [c.alias, { id: c.id, number: c.case_number }]));
      const rows = await tx.selectFrom('users as u').innerJoin('memberships as m', 'm.user_id', 'u.id').select(['u.email', 'u.id', 'm.org_id']).execute();
      people = Object.fromEntries(rows.map((r) => [r.email.split('@')[0]!, { id: r.id, org: r.org_id }]));
    });
  });
  afterAll(() => t?.close());

  const as = <T>(who: string, fn: Parameters<TestApp['db']['transaction']>[1]) =>
    t.db.transaction({ role: 'tandem_app', requestId: `walls-${who}`, userId: people[who]!.id, orgId: people[who]!.org }, fn) as Promise<T>;

  it('shows an organisation offered a referral the header only: alias, sex, age band, category, region', async () => {
    // Ilyas's case is offered to the centre.
    const res = await caseworker.get(`/api/cases/${cases.Ilyas!.id}`);
    expect(res.statusCode).toBe(200);
    const body = res.json();
    expect(body).toMatchObject({ relation: 'offered', alias: 'Ilyas', caseNumber: null, birthYear: null, nationality: null, legalStatus: null, languages: [], openedOn: null, sections: [] });
    expect(res.body).not.toContain(cases.Ilyas!.number);
    const inbox = (await caseworker.get('/api/referrals/inbox')).json().referrals as Array<{ alias: string; caseNumber: string | null; status: string }>;
    expect(inbox.find((r) => r.alias === 'Ilyas')).toMatchObject({ caseNumber: null, status: 'proposed' });
    // In SQL: no case row; the header function gives those five facts and who leads it.
    const seen = await as<{ rows: number; header: Record<string, unknown>[] }>('caseworker', async (tx) => ({
      rows: (await tx.selectFrom('cases').select('id').where('id', '=', cases.Ilyas!.id).execute()).length,
      header: (await sql<Record<string, unknown>>`SELECT * FROM tandem_offered_case_headers(ARRAY[${cases.Ilyas!.id}]::uuid[])`.execute(tx)).rows,
    }));
    expect(seen.rows).toBe(0);
    expect(Object.keys(seen.header[0]!).sort()).toEqual(['age_band', 'alias', 'category', 'id', 'lead_org_id', 'region', 'sex', 'status']);
    // A case not offered gives no header.
    const none = await as<unknown[]>('caseworker', async (tx) => (await sql`SELECT * FROM tandem_offered_case_headers(ARRAY[${cases.Aziz!.id}]::uuid[])`.execute(tx)).rows);
    expect(none).toEqual([]);
  });

  it('stops showing a referral, and its reason, to the receiver once its consent is withdrawn', async () => {
    const rosaReferral = () => caseworker.get(`/api/cases/${cases.Rosa!.id}/referrals`);
    expect((await rosaReferral()).statusCode).toBe(200);
    const inbox = async () => ((await caseworker.get('/api/referrals/inbox')).json().referrals as Array<{ caseId: string }>).filter((r) => r.caseId === cases.Rosa!.id);
    expect(await inbox()).toHaveLength(1);
    const consents = (await coordinator.get(`/api/cases/${cases.Rosa!.id}/consents`)).json().consents as Array<{ id: string; recipientOrgId: string; state: string }>;
    const centre = consents.filter((k) => k.recipientOrgId === orgs.BPC && k.state === 'valid');
    for (const k of centre) expect((await coordinator.post(`/api/cases/${cases.Rosa!.id}/consents/${k.id}/withdraw`, { reason: 'Withdrawn by the person' })).statusCode).toBe(204);
    expect((await rosaReferral()).statusCode).toBe(404);
    expect(await inbox()).toEqual([]);
    const inSql = await as<number>('caseworker', async (tx) => (await tx.selectFrom('referrals').select('reason').where('case_id', '=', cases.Rosa!.id).execute()).length);
    expect(inSql).toBe(0);
    // The lead agency still reads its referral.
    expect((await coordinator.get(`/api/cases/${cases.Rosa!.id}/referrals`)).json().referrals.length).toBeGreaterThan(0);
  });

  it('moves a referral only along its life, each step by its party, with the answer through one function', async () => {
    // The legal aid collective's monitor works on cases too here: the referral goes to the collective.
    expect(people.monitor!.org).toBe(orgs.LAC);
    await t.db.system((tx) => sql`UPDATE memberships SET roles = roles || ARRAY['caseworker'] WHERE user_id = ${people.monitor!.id}`.execute(tx));
    // Kamal's case, on which the collective has no place: a consent for it, then the referral.
    const kamal = cases.Kamal!.id;
    const consent = await coordinator.post(`/api/cases/${kamal}/consents`, { recipientOrgId: orgs.LAC, purpose: 'Legal counsel', dataCategories: ['identity'], legalBasis: 'consent', givenBy: 'person', startsOn: new Date().toISOString().slice(0, 10) });
    expect(consent.statusCode).toBe(201);
    const referral = (await coordinator.post(`/api/cases/${kamal}/referrals`, { toOrgId: orgs.LAC, needDomain: 'documentation', service: 'Documents', reason: 'Needs papers', dataCategories: ['identity'] })).json().id as string;
    expect(referral).toBeTruthy();
    // It sees it, waiting for its answer.
    expect(await as<number>('monitor', async (tx) => (await tx.selectFrom('referrals').select('id').where('id', '=', referral).execute()).length)).toBe(1);
    // Even as the application role, the receiver cannot accept by updating the row, nor widen it.
    await expect(as('monitor', (tx) => sql`UPDATE referrals SET status = 'accepted', decided_by = ${people.monitor!.id}, decided_at = now() WHERE id = ${referral}`.execute(tx))).rejects.toMatchObject({ code: '42501' });
    await expect(as('monitor', (tx) => sql`UPDATE referrals SET data_categories = ARRAY['identity', 'security'] WHERE id = ${referral}`.execute(tx))).rejects.toMatchObject({ code: '42501' });
    // Nor join the team by writing its own team row.
    await expect(
      as('monitor', (tx) => sql`INSERT INTO case_team (case_id, org_id, team_role, sections, via_referral_id) VALUES (${kamal}, ${people.monitor!.org}, 'security', ARRAY['security'], ${referral})`.execute(tx)),
    ).rejects.toMatchObject({ code: '42501' });
    // The sender cannot answer for the receiver, through the function or the row.
    const byLead = await as<{ c: string | null }>('coordinator', async (tx) => (await sql<{ c: string | null }>`SELECT tandem_answer_referral(${referral}::uuid, true, NULL) AS c`.execute(tx)).rows[0]!);
    expect(byLead.c).toBeNull();
    // The sender may withdraw it while it waits; the receiver may not.
    await expect(as('monitor', (tx) => sql`UPDATE referrals SET status = 'withdrawn', decided_at = now(), decided_by = ${people.monitor!.id} WHERE id = ${referral}`.execute(tx))).rejects.toMatchObject({ code: '42501' });
    // The collective declines, with a reason (its person has no second factor to sign in with here:
    // the same function the API calls, as the application role).
    const declined = await as<{ c: string | null }>('monitor', async (tx) => (await sql<{ c: string | null }>`SELECT tandem_answer_referral(${referral}::uuid, false, 'No capacity this month') AS c`.execute(tx)).rows[0]!);
    expect(declined.c).toBe(kamal);
    const after = await t.db.system((tx) => tx.selectFrom('referrals').select(['status', 'decline_reason', 'decided_by']).where('id', '=', referral).executeTakeFirstOrThrow());
    expect(after).toEqual({ status: 'declined', decline_reason: 'No capacity this month', decided_by: people.monitor!.id });
    // Once declined it is not the receiver's: it no longer reads it, nor the case.
    const left = await as<{ referral: number; cases: number }>('monitor', async (tx) => ({
      referral: (await tx.selectFrom('referrals').select('id').where('id', '=', referral).execute()).length,
      cases: (await tx.selectFrom('cases').select('id').where('id', '=', kamal).execute()).length,
    }));
    expect(left).toEqual({ referral: 0, cases: 0 });
    // A declined referral cannot be turned back into an accepted one.
    const again = await as<{ c: string | null }>('monitor', async (tx) => (await sql<{ c: string | null }>`SELECT tandem_answer_referral(${referral}::uuid, true, NULL) AS c`.execute(tx)).rows[0]!);
    expect(again.c).toBeNull();
    const team = await t.db.system((tx) => tx.selectFrom('case_team').select('org_id').where('case_id', '=', kamal).where('org_id', '=', orgs.LAC!).execute());
    expect(team).toEqual([]);
  });

  it('resolves a case number for emergency access only by recording the use', async () => {
    // The old lookup is gone; the one way records the use with its reason before answering.
    await expect(as('caseworker', (tx) => sql`SELECT * FROM tandem_case_for_break_glass(${cases.Aziz!.number})`.execute(tx))).rejects.toMatchObject({ code: '42883' });
    const before = await t.db.system(async (tx) => (await sql<{ n: number }>`SELECT count(*)::int AS n FROM case_break_glass`.execute(tx)).rows[0]!.n);
    const found = await as<Array<{ case_id: string }>>('caseworker', async (tx) =>
      (await sql<{ case_id: string }>`SELECT case_id FROM tandem_open_break_glass(${cases.Aziz!.number}, 'An emergency described in enough words', 60)`.execute(tx)).rows,
    );
    expect(found.map((r) => r.case_id)).toEqual([cases.Aziz!.id]);
    const after = await t.db.system(async (tx) => (await sql<{ n: number }>`SELECT count(*)::int AS n FROM case_break_glass`.execute(tx)).rows[0]!.n);
    expect(after).toBe(before + 1);
    // Without a case role, or for a number that does not exist, nothing — and nothing recorded.
    const viewer = await as<unknown[]>('viewer', async (tx) => (await sql`SELECT * FROM tandem_open_break_glass(${cases.Aziz!.number}, 'An emergency described in enough words', 60)`.execute(tx)).rows);
    expect(viewer).toEqual([]);
  });

  it("gives data protection officers' addresses only for a case the caller leads or holds emergency access to", async () => {
    const contacts = (who: string, caseId: string) =>
      as<Array<{ org_id: string }>>(who, async (tx) => (await sql<{ org_id: string }>`SELECT org_id FROM tandem_case_dpo_contacts(${caseId}::uuid)`.execute(tx)).rows);
    expect((await contacts('coordinator', cases.Aziz!.id)).map((r) => r.org_id)).toContain(orgs.PRS);
    // The centre has no relation to Kamal's case: no addresses.
    expect(await contacts('caseworker', cases.Kamal!.id)).toEqual([]);
    // The old function taking any organisations is gone.
    await expect(as('caseworker', (tx) => sql`SELECT * FROM tandem_dpo_contacts(ARRAY[${orgs.PRS}]::uuid[])`.execute(tx))).rejects.toMatchObject({ code: '42883' });
  });

  it('lets the pre-sign-in role run none of the case functions', async () => {
    for (const call of [sql`SELECT * FROM tandem_entitled_access(NULL, NULL, NULL)`, sql`SELECT tandem_case_sections(${cases.Rosa!.id}::uuid)`, sql`SELECT * FROM tandem_team_case_ids(NULL)`]) {
      await expect(t.db.transaction({ role: 'tandem_auth', requestId: 'walls-auth' }, (tx) => call.execute(tx))).rejects.toMatchObject({ code: '42501' });
    }
  });
});
