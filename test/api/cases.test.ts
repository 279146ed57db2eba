// Cases and need-to-know: the lead agency, a team organisation, an organisation a referral is
// offered to, and outsiders; consents and agreements deciding access at every query; the identity
// vault; the referral journey; and the same checks made directly in SQL under the application role.
import { sql } from 'kysely';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { backends } from '../support/databases.ts';
import { createAccount } from '../../src/modules/identity/setup.ts';
import { createTestApp, type TestApp } from '../support/app.ts';
import type { TestClient } from '../support/client.ts';

type Summary = { id: string; caseNumber: string; alias: string; relation: string };

describe.each(backends)('cases on %s', (backend) => {
  let t: TestApp;
  let coordinator: TestClient;
  let caseworker: TestClient;
  let orgs: Record<string, string>;
  let cases: Record<string, string>;
  beforeAll(async () => {
    t = await createTestApp(backend);
    coordinator = await t.signIn('coordinator@tandem.example');
    caseworker = await t.signIn('caseworker@tandem.example');
    const o = await t.db.system((tx) => tx.selectFrom('organisations').select(['id', 'short_name']).execute());
    orgs = Object.fromEntries(o.map((x) => [x.short_name!, x.id]));
    const c = await t.db.system((tx) => tx.selectFrom('cases').select(['id', 'alias']).execute());
    cases = Object.fromEntries(c.map((x) => [x.alias, x.id]));
  });
  afterAll(() => t?.close());

  const list = async (client: TestClient, query = '') => ((await client.get(`/api/cases${query}`)).json() as { cases: Summary[] }).cases;

  it('shows the lead agency all its cases, and a team organisation only the people referred to it', async () => {
    expect((await list(coordinator)).length).toBe(12);
    const mine = (await list(caseworker)).map((c) => c.alias).sort();
    expect(mine).toEqual(['Lilia', 'Rosa', 'Timur']);
    expect((await caseworker.get(`/api/cases/${cases.Farrukh}`)).statusCode).toBe(404); // declined: never on the team
    expect((await caseworker.get(`/api/cases/${cases.Aziz}`)).statusCode).toBe(404);
    const viewer = await t.signIn('viewer@tandem.example');
    expect((await viewer.get('/api/cases')).statusCode).toBe(403);
    expect((await viewer.get(`/api/cases/${cases.Rosa}`)).statusCode).toBe(403);
  });

  it('filters and searches the case list', async () => {
    expect((await list(coordinator, '?category=child_returnee')).map((c) => c.alias).sort()).toEqual(['Adam', 'Lilia', 'Sami', 'Timur']);
    expect((await list(coordinator, '?q=ros')).map((c) => c.alias)).toEqual(['Rosa']);
    const rosa = (await list(coordinator, '?q=ros'))[0]!;
    expect((await list(coordinator, `?q=${rosa.caseNumber}`)).map((c) => c.alias)).toEqual(['Rosa']);
    // A case number's beginning, in any case, is looked up along the prefix index (migration
    // 0074); its end or middle through the trigrams. Both find the same case.
    expect((await list(coordinator, `?q=${rosa.caseNumber.toLowerCase()}`)).map((c) => c.alias)).toEqual(['Rosa']);
    const start = rosa.caseNumber.slice(0, -2);
    const sharingStart = (await list(coordinator, `?q=${start}`)).map((c) => c.caseNumber);
    expect(sharingStart).toContain(rosa.caseNumber);
    expect(sharingStart.every((n) => n.startsWith(start))).toBe(true);
    expect((await list(coordinator, `?q=${rosa.caseNumber.slice(3)}`)).map((c) => c.alias)).toEqual(['Rosa']);
    // Search keeps need to know: a team organisation finds only the people referred to it.
    expect((await list(caseworker, '?q=ros')).map((c) => c.alias)).toEqual(['Rosa']);
    expect((await list(coordinator, '?q=farr')).map((c) => c.alias)).toEqual(['Farrukh']);
    expect(await list(caseworker, '?q=farr')).toEqual([]);
    expect(await list(caseworker, `?q=${(await list(coordinator, '?q=farr'))[0]!.caseNumber}`)).toEqual([]);
    expect((await coordinator.get('/api/cases?category=terrorist')).statusCode).toBe(400);
  });

  it('gives each organisation the sections its role and the consents and agreements allow', async () => {
    const lead = (await coordinator.get(`/api/cases/${cases.Rosa}`)).json();
    expect(lead.relation).toBe('lead');
    expect(lead.sections).not.toContain('security');
    expect(lead.sections).toContain('identity');
    const team = (await caseworker.get(`/api/cases/${cases.Rosa}`)).json();
    expect(team.relation).toBe('team');
    expect(team.sections.sort()).toEqual(['consents', 'household', 'identity', 'needs_assessment', 'psychosocial_notes', 'referrals_services']);
    expect(team.team.map((m: { orgName: string; role: string }) => `${m.role}:${m.orgName}`)).toEqual([
      'lead:Probation and Reintegration Service',
      'service_provider:Bridge Psychosocial Centre',
    ]);
  });

  it('reveals identity only to those who may see it, and audits every reveal', async () => {
    const revealed = (await coordinator.get(`/api/cases/${cases.Rosa}/identity`)).json();
    expect(revealed).toMatchObject({ legalName: 'Zarina Tokhtarova', birthDate: '1994-03-11', documentNumbers: ['XM4410297'], phones: ['+999 701 555 0141'] });
    const team = (await caseworker.get(`/api/cases/${cases.Rosa}/identity`)).json();
    expect(team.legalName).toBe('Zarina Tokhtarova');
    expect(team.address).toBeNull(); // contact details were not part of the referral
    expect((await caseworker.get(`/api/cases/${cases.Farrukh}/identity`)).statusCode).toBe(404);
    const stored = await t.db.system((tx) => tx.selectFrom('case_identity').select('sealed').where('case_id', '=', cases.Rosa!).execute());
    expect(stored.every((s) => !s.sealed.includes('Zarina'))).toBe(true);
    await t.sealAudit();
    const reveals = await t.db.system(async (tx) => (await sql<{ n: number }>`SELECT count(*)::int AS n FROM audit_events WHERE action = 'case.identity.reveal'`.execute(tx)).rows[0]!.n);
    expect(reveals).toBe(2);
  });

  it('finds duplicates through the blind index as a case is opened, and refuses until confirmed', async () => {
    const body = { alias: 'Zara', sex: 'female', ageBand: '25-34', category: 'adult_returnee', identity: { legalName: '  zarina TOKHTAROVA ', documentNumbers: [], phones: [] } };
    const before = await t.db.system(async (tx) => (await sql<{ n: number }>`SELECT count(*)::int AS n FROM cases`.execute(tx)).rows[0]!.n);
    const refused = await coordinator.post('/api/cases', body);
    expect(refused.statusCode).toBe(409);
    expect(refused.headers['content-type']).toContain('application/problem+json');
    expect(refused.json()).toMatchObject({ code: 'conflict', status: 409 });
    expect(refused.json().matches.map((m: { alias: string; fields: string[] }) => [m.alias, m.fields])).toEqual([['Rosa', ['legal_name']]]);
    expect(await t.db.system(async (tx) => (await sql<{ n: number }>`SELECT count(*)::int AS n FROM cases`.execute(tx)).rows[0]!.n)).toBe(before);
    const created = await coordinator.post('/api/cases', { ...body, confirmNotDuplicate: true });
    expect(created.statusCode).toBe(201);
    expect(created.json().caseNumber).toMatch(/^XM-\d{4}-00013$/);
    expect(created.json().crossAgencyCheck).toBe('checked');
    // The free-standing look-up is gone: the check runs only while opening cases.
    expect((await coordinator.post('/api/cases/duplicates', { legalName: 'Zarina Tokhtarova' })).statusCode).toBe(404);
  });

  it('shows a referral waiting for an answer in the inbox, with the case header only', async () => {
    const inbox = (await caseworker.get('/api/referrals/inbox')).json().referrals as Array<{ alias: string; status: string; overdue: boolean; id: string }>;
    expect(inbox.filter((r) => r.status === 'proposed').map((r) => r.alias).sort()).toEqual(['Ilyas', 'Madina']);
    expect(inbox.find((r) => r.alias === 'Ilyas')!.overdue).toBe(true);
    const offered = (await caseworker.get(`/api/cases/${cases.Madina}`)).json();
    expect(offered).toMatchObject({ relation: 'offered', sections: [], alias: 'Madina' });
    expect((await caseworker.get(`/api/cases/${cases.Madina}/identity`)).statusCode).toBe(404);
    expect((await caseworker.get(`/api/cases/${cases.Madina}/assessments`)).statusCode).toBe(404);
  });

  it('pages each inbox group by cursor, newest first, each referral once, forwards and back', async () => {
    type Page = { referrals: Array<{ id: string; status: string; createdAt: string }>; groups: Array<{ group: string; total: number; next: string | null; previous: string | null }> };
    const first = (await caseworker.get('/api/referrals/inbox')).json() as Page;
    expect(first.groups.map((g) => g.group)).toEqual(['waiting', 'active', 'past']);
    for (const g of first.groups) {
      const all = first.referrals.filter((r) => (g.group === 'waiting' ? r.status === 'proposed' : g.group === 'active' ? r.status === 'accepted' : !['proposed', 'accepted'].includes(r.status)));
      // One at a time through the group, then back from its end.
      const seen: string[] = [];
      let page = (await caseworker.get(`/api/referrals/inbox?group=${g.group}&limit=1`)).json() as Page;
      let pages = [page];
      while (page.groups[0]!.next) {
        page = (await caseworker.get(`/api/referrals/inbox?group=${g.group}&limit=1&after=${encodeURIComponent(page.groups[0]!.next)}`)).json() as Page;
        pages = [...pages, page];
      }
      for (const p of pages) seen.push(...p.referrals.map((r) => r.id));
      expect(seen).toEqual(all.map((r) => r.id));
      expect(seen.length).toBe(g.total);
      const back: string[] = [];
      let at = pages.at(-1)!;
      while (at.groups[0]!.previous) {
        at = (await caseworker.get(`/api/referrals/inbox?group=${g.group}&limit=1&before=${encodeURIComponent(at.groups[0]!.previous)}`)).json() as Page;
        back.unshift(...at.referrals.map((r) => r.id));
      }
      expect([...back, ...pages.at(-1)!.referrals.map((r) => r.id)]).toEqual(seen);
    }
    expect(first.groups.reduce((n, g) => n + g.total, 0)).toBeGreaterThan(2);
  });

  it('refuses a referral without consent or without an agreement covering the data, naming what is missing', async () => {
    const body = { toOrgId: orgs.LAC, needDomain: 'legal', service: 'Legal counsel', reason: 'Questions about the investigation', dataCategories: ['identity', 'case_plan'] };
    const noConsent = await coordinator.post(`/api/cases/${cases.Farrukh}/referrals`, body);
    expect(noConsent.statusCode).toBe(422);
    expect(noConsent.json().detail).toContain('consent');
    await coordinator.post(`/api/cases/${cases.Farrukh}/consents`, {
      recipientOrgId: orgs.LAC,
      purpose: 'Legal counsel',
      dataCategories: ['identity', 'case_plan'],
      legalBasis: 'consent',
      givenBy: 'person',
      startsOn: new Date().toISOString().slice(0, 10),
    });
    const noAgreement = await coordinator.post(`/api/cases/${cases.Farrukh}/referrals`, body);
    expect(noAgreement.statusCode).toBe(422);
    expect(noAgreement.json().detail).toContain('agreement in force covering: case_plan');
    const ok = await coordinator.post(`/api/cases/${cases.Farrukh}/referrals`, { ...body, dataCategories: ['identity'] });
    expect(ok.statusCode).toBe(201);
  });

  it("walks a referral: accepted, the team member sees what it covers, records a session with private notes", async () => {
    const inbox = (await caseworker.get('/api/referrals/inbox')).json().referrals as Array<{ alias: string; status: string; id: string }>;
    const madina = inbox.find((r) => r.alias === 'Madina' && r.status === 'proposed')!;
    expect((await caseworker.post(`/api/referrals/${madina.id}/answer`, { decision: 'accept' })).statusCode).toBe(204);
    expect((await caseworker.post(`/api/referrals/${madina.id}/answer`, { decision: 'accept' })).statusCode).toBe(409);
    expect((await caseworker.get(`/api/cases/${cases.Madina}/identity`)).json().legalName).toBe('Madina Serikova');
    const session = await caseworker.post(`/api/referrals/${madina.id}/sessions`, {
      sessionOn: new Date().toISOString().slice(0, 10),
      attendance: 'attended',
      notes: [
        { section: 'psychosocial_notes', body: 'Spoke about her parents for the first time.', shared: false },
        { section: 'psychosocial_notes', body: 'Agreed to a second meeting with her mother present.', shared: true },
      ],
    });
    expect(session.statusCode).toBe(201);
    const leadNotes = (await coordinator.get(`/api/cases/${cases.Madina}/notes`)).json().notes as Array<{ body: string }>;
    expect(leadNotes.map((n) => n.body)).toEqual(['Agreed to a second meeting with her mother present.']);
    const ownNotes = (await caseworker.get(`/api/cases/${cases.Madina}/notes`)).json().notes as Array<{ body: string }>;
    expect(ownNotes).toHaveLength(2);
    const sessions = (await coordinator.get(`/api/cases/${cases.Madina}/sessions`)).json().sessions;
    expect(sessions).toHaveLength(1);
    const answered = ((await caseworker.get('/api/referrals/inbox')).json().referrals as Array<{ id: string; sessions: number; lastSessionOn: string | null }>).find((r) => r.id === madina.id)!;
    expect(answered).toMatchObject({ sessions: 1, lastSessionOn: new Date().toISOString().slice(0, 10) });
    const events = ((await coordinator.get(`/api/cases/${cases.Madina}/timeline`)).json().events as Array<{ kind: string }>).map((e) => e.kind);
    expect(events).toEqual(expect.arrayContaining(['referral.accepted', 'session.recorded', 'note.added'.replace('note.added', 'session.recorded')]));
  });

  it('ends access at once when the consent is withdrawn, and when the agreement is suspended', async () => {
    const consent = ((await coordinator.get(`/api/cases/${cases.Madina}/consents`)).json().consents as Array<{ id: string; recipientOrgId: string; state: string }>).find((c) => c.recipientOrgId === orgs.BPC)!;
    expect(consent.state).toBe('valid');
    expect((await coordinator.post(`/api/cases/${cases.Madina}/consents/${consent.id}/withdraw`, { reason: 'She asked to stop sharing.' })).statusCode).toBe(204);
    expect((await caseworker.get(`/api/cases/${cases.Madina}`)).statusCode).toBe(404);
    expect((await list(caseworker)).map((c) => c.alias)).not.toContain('Madina');

    // Suspending the agreement between the agency and the centre closes every shared case.
    const agency = await t.signIn('agency-admin@tandem.example');
    const agreement = ((await agency.get('/api/agreements')).json().agreements as Array<{ id: string; title: string }>).find((a) => a.title.startsWith('Psychosocial'))!;
    await agency.post(`/api/agreements/${agreement.id}/suspend`, { reason: 'Review of data protection practice' });
    expect((await caseworker.get(`/api/cases/${cases.Rosa}`)).statusCode).toBe(404);
    await agency.post(`/api/agreements/${agreement.id}/resume`, { reason: 'Review completed' });
    expect((await caseworker.get(`/api/cases/${cases.Rosa}`)).statusCode).toBe(200);
  });

  it('holds in SQL too: the application role with the caseworker set sees only what need-to-know allows', async () => {
    const ids = await t.db.system((tx) =>
      tx.selectFrom('users').innerJoin('memberships', 'memberships.user_id', 'users.id').select(['users.id', 'memberships.org_id']).where('users.email', '=', 'caseworker@tandem.example').executeTakeFirstOrThrow(),
    );
    const seen = await t.db.transaction({ role: 'tandem_app', requestId: 'sql-check', userId: ids.id, orgId: ids.org_id }, async (tx) => ({
      cases: (await tx.selectFrom('cases').select('alias').execute()).map((r) => r.alias).sort(),
      identity: (await tx.selectFrom('case_identity').select('case_id').distinct().execute()).map((r) => r.case_id),
      notes: (await tx.selectFrom('case_notes').select(['case_id', 'author_org_id']).execute()).length,
      consents: (await tx.selectFrom('case_consents').select('case_id').execute()).length,
    }));
    // Rosa, Lilia, Timur on the team. Never Farrukh, Aziz, Madina (withdrawn); nor Ilyas, only
    // offered: its header comes from tandem_offered_case_headers, not from the case row.
    expect(seen.cases).toEqual(['Lilia', 'Rosa', 'Timur']);
    expect(new Set(seen.identity)).toEqual(new Set([cases.Rosa, cases.Lilia, cases.Timur]));
    // The lead's view in SQL: all psychosocial notes of the centre are hidden unless shared.
    const lead = await t.db.system((tx) =>
      tx.selectFrom('users').innerJoin('memberships', 'memberships.user_id', 'users.id').select(['users.id', 'memberships.org_id']).where('users.email', '=', 'coordinator@tandem.example').executeTakeFirstOrThrow(),
    );
    const leadNotes = await t.db.transaction({ role: 'tandem_app', requestId: 'sql-check-2', userId: lead.id, orgId: lead.org_id }, async (tx) =>
      (await tx.selectFrom('case_notes').select(['shared', 'section']).execute()).filter((n) => n.section === 'psychosocial_notes'),
    );
    expect(leadNotes.every((n) => n.shared)).toBe(true);
    // An outsider with case roles (a coordinator and caseworker at Youth Horizons, which is on no
    // case) sees no case and nothing of one, through row-level security alone.
    const outsider = await t.db.system((tx) =>
      createAccount(tx, { email: 'outsider-coordinator@tandem.example', displayName: 'Outside Coordinator', password: { hash: 'not-a-hash' }, orgId: orgs.YH!, roles: ['case_coordinator', 'caseworker'] }),
    );
    const outside = await t.db.transaction({ role: 'tandem_app', requestId: 'sql-check-3', userId: outsider, orgId: orgs.YH! }, async (tx) => ({
      cases: (await tx.selectFrom('cases').select('id').execute()).length,
      identity: (await tx.selectFrom('case_identity').select('id').execute()).length,
      notes: (await tx.selectFrom('case_notes').select('id').execute()).length,
      referrals: (await tx.selectFrom('referrals').select('id').execute()).length,
      consents: (await tx.selectFrom('case_consents').select('id').execute()).length,
      events: (await tx.selectFrom('case_events').select('id').execute()).length,
    }));
    expect(outside).toEqual({ cases: 0, identity: 0, notes: 0, referrals: 0, consents: 0, events: 0 });
    // The same person at the agency, to show that the query would find cases if allowed.
    const agencyRows = await t.db.transaction({ role: 'tandem_app', requestId: 'sql-check-4', userId: lead.id, orgId: lead.org_id }, async (tx) => (await tx.selectFrom('cases').select('id').execute()).length);
    expect(agencyRows).toBeGreaterThan(0);
  });

  it('shows the family and the trajectory of needs', async () => {
    const family = (await caseworker.get(`/api/cases/${cases.Rosa}/household`)).json().links as Array<{ alias: string; relation: string; visible: boolean }>;
    expect(family.map((l) => `${l.relation}:${l.alias}:${l.visible}`).sort()).toEqual(['child:Lilia:true', 'child:Sami:false', 'child:Timur:true', 'other_relative:Leila:false']);
    const assessments = (await caseworker.get(`/api/cases/${cases.Rosa}/assessments`)).json().assessments as Array<{ levels: Record<string, number> }>;
    expect(assessments.map((a) => a.levels.psychosocial)).toEqual([4, 3, 2]);
    const added = await caseworker.post(`/api/cases/${cases.Rosa}/assessments`, { assessedOn: new Date().toISOString().slice(0, 10), levels: { psychosocial: 1 } });
    expect(added.statusCode).toBe(201);
  });
});
