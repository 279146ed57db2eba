// Structured professional judgement: instruments defined and versioned by administrators,
// judgements recorded by named professionals, need-to-know in the application and in SQL, the
// reviews-due query for reminders, anonymisation, and bad input changing nothing.
import fc from 'fast-check';
import { sql } from 'kysely';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { judgementReviewsDue } from '../../src/modules/cases/judgements.ts';
import { anonymiseDueCases } from '../../src/modules/cases/retention.ts';
import { backends } from '../support/databases.ts';
import { createTestApp, type TestApp } from '../support/app.ts';
import type { TestClient } from '../support/client.ts';

type Instrument = { id: string; familyId: string; version: number; name: string; status: string; platformWide: boolean; canManage: boolean; factors: Array<{ key: string; label: string }>; levels: Array<{ key: string; label: string }> };
type Judgement = {
  id: string;
  recorderName: string;
  orgName: string;
  instrument: { id: string; name: string; version: number; factors: Array<{ key: string; label: string }> };
  ratings: Array<{ factorKey: string; level: string; rationale: string }>;
  overallLevel: string;
  overallReasons: string;
  nextReviewOn: string;
  current: boolean;
  reviewOverdue: boolean;
};

const day = 86_400_000;
const dateIn = (days: number) => new Date(Date.now() + days * day).toISOString().slice(0, 10);
const content = (name: string) => ({
  name,
  description: 'For the table of tests.',
  factors: [
    { label: 'Engagement with services', guidance: 'Attendance and participation.', domain: 'psychosocial' },
    { label: 'Family support', domain: 'familial' },
  ],
  levels: [{ label: 'Low' }, { label: 'Moderate' }, { label: 'High' }],
});
const judgementOf = (instrument: Instrument, level = 'l2', overall = 'l2') => ({
  instrumentId: instrument.id,
  ratings: Object.fromEntries(instrument.factors.map((f) => [f.key, { level, rationale: `Seen at the last meeting (${f.label}).` }])),
  overallLevel: overall,
  overallReasons: 'Weighed together by the coordinator after the case conference.',
  nextReviewOn: dateIn(200),
});

describe.each(backends)('professional judgement on %s', (backend) => {
  let t: TestApp;
  let coordinator: TestClient;
  let caseworker: TestClient;
  let agencyAdmin: TestClient;
  let centreAdmin: TestClient;
  let orgs: Record<string, string>;
  let cases: Record<string, string>;
  let users: Record<string, { user: string; org: string }>;
  beforeAll(async () => {
    t = await createTestApp(backend);
    coordinator = await t.signIn('coordinator@tandem.example');
    caseworker = await t.signIn('caseworker@tandem.example');
    agencyAdmin = await t.signIn('agency-admin@tandem.example');
    centreAdmin = await t.signIn('org-admin@tandem.example');
    const o = await t.db.system((tx) => tx.selectFrom('organisations').select(['id', 'short_name']).execute());
    orgs = Object.fromEntries(o.map((x) => [x.short_name!, x.id]));
    const c = await t.db.system((tx) => tx.selectFrom('cases').select(['id', 'alias']).execute());
    cases = Object.fromEntries(c.map((x) => [x.alias, x.id]));
    const u = await t.db.system((tx) => tx.selectFrom('users').innerJoin('memberships', 'memberships.user_id', 'users.id').select(['users.email', 'users.id', 'memberships.org_id']).execute());
    users = Object.fromEntries(u.map((r) => [r.email, { user: r.id, org: r.org_id }]));
  });
  afterAll(() => t?.close());

  const instrumentsOf = async (client: TestClient) => (await client.get('/api/judgement-instruments')).json().instruments as Instrument[];
  const judgementsOn = async (client: TestClient, alias: string) => (await client.get(`/api/cases/${cases[alias]}/judgements`)).json().judgements as Judgement[];
  const as = <T>(email: string, fn: Parameters<TestApp['db']['transaction']>[1]) =>
    t.db.transaction({ role: 'tandem_app', requestId: 'judgement-sql', userId: users[email]!.user, orgId: users[email]!.org }, fn) as Promise<T>;
  const audited = async (action: string) =>
    t.db.system(async (tx) => (await sql<{ n: number }>`SELECT count(*)::int AS n FROM audit_events WHERE action = ${action}`.execute(tx)).rows[0]!.n);

  it('shows the lead agency the latest judgement first, its history, and an overdue review', async () => {
    const rosa = await judgementsOn(coordinator, 'Rosa');
    expect(rosa.map((j) => [j.current, j.reviewOverdue, j.overallLevel])).toEqual([
      [true, false, 'l1'],
      [false, false, 'l2'],
    ]);
    expect(rosa[0]).toMatchObject({ recorderName: 'Daniyar Seitkali', orgName: 'Probation and Reintegration Service', instrument: { name: 'Reintegration review (PRS)', version: 1 } });
    expect(rosa[0]!.ratings.map((r) => r.factorKey)).toEqual(['f1', 'f2', 'f3', 'f4', 'f5', 'f6']);
    const farrukh = await judgementsOn(coordinator, 'Farrukh');
    expect(farrukh).toHaveLength(1);
    expect(farrukh[0]).toMatchObject({ current: true, reviewOverdue: true });
    expect((await coordinator.get(`/api/cases/${cases.Aziz}/judgements`)).json().judgements).toEqual([]);
  });

  it("lets the agency's administrator define, version and retire instruments; a recorded version never changes", async () => {
    const mine = await instrumentsOf(agencyAdmin);
    const demo = mine.find((i) => i.name === 'Reintegration review (PRS)')!;
    expect(demo).toMatchObject({ version: 1, status: 'active', platformWide: false, canManage: true });
    const created = await agencyAdmin.post('/api/judgement-instruments', content('Family circumstances review'));
    expect(created.statusCode).toBe(201);
    const v2 = await agencyAdmin.post(`/api/judgement-instruments/${demo.id}/versions`, { ...content('Reintegration review (PRS)'), description: 'Second version: two factors only.' });
    expect(v2.statusCode).toBe(201);
    expect((await agencyAdmin.post(`/api/judgement-instruments/${demo.id}/versions`, content('Again'))).statusCode).toBe(409);
    const after = await instrumentsOf(agencyAdmin);
    expect(after.filter((i) => i.familyId === demo.familyId).map((i) => [i.version, i.status])).toEqual([
      [2, 'active'],
      [1, 'superseded'],
    ]);
    // Judgements recorded against version 1 still read against version 1, all six factors.
    const rosa = await judgementsOn(coordinator, 'Rosa');
    expect(rosa[0]!.instrument).toMatchObject({ id: demo.id, version: 1 });
    expect(rosa[0]!.instrument.factors).toHaveLength(6);
    // Retiring: once; a retired instrument takes no new version.
    const family = created.json().id as string;
    expect((await agencyAdmin.post(`/api/judgement-instruments/${family}/retire`)).statusCode).toBe(204);
    expect((await agencyAdmin.post(`/api/judgement-instruments/${family}/retire`)).statusCode).toBe(409);
    expect((await agencyAdmin.post(`/api/judgement-instruments/${family}/versions`, content('x'))).statusCode).toBe(409);
    // Others: a coordinator may read but not define; another organisation's administrator finds nothing.
    expect((await coordinator.post('/api/judgement-instruments', content('Not mine to make'))).statusCode).toBe(403);
    expect((await instrumentsOf(coordinator)).map((i) => i.canManage)).not.toContain(true);
    expect((await instrumentsOf(centreAdmin)).map((i) => i.name)).not.toContain('Reintegration review (PRS)');
    expect((await centreAdmin.post(`/api/judgement-instruments/${v2.json().id}/retire`)).statusCode).toBe(404);
    expect((await centreAdmin.post('/api/judgement-instruments', { ...content('Everyone’s'), scope: 'platform' })).statusCode).toBe(403);
    // A platform administrator publishes to every organisation.
    const platform = await t.signIn('platform-admin@tandem.example');
    expect((await platform.post('/api/judgement-instruments', { ...content('Shared review'), scope: 'platform' })).statusCode).toBe(201);
    expect((await instrumentsOf(coordinator)).find((i) => i.name === 'Shared review')).toMatchObject({ platformWide: true, canManage: false });
    expect((await instrumentsOf(caseworker)).map((i) => i.name)).toEqual(['Shared review']);
    const viewer = await t.signIn('viewer@tandem.example');
    expect((await viewer.get('/api/judgement-instruments')).statusCode).toBe(403);
    await t.sealAudit();
    expect(await audited('judgement.instrument.create')).toBe(2);
    expect(await audited('judgement.instrument.version')).toBe(1);
    expect(await audited('judgement.instrument.retire')).toBe(1);
  });

  it('records a judgement: every factor rated on the scale, reasons and a future review required, appended, on the timeline and audited', async () => {
    const current = (await instrumentsOf(coordinator)).find((i) => i.name === 'Reintegration review (PRS)' && i.status === 'active')!;
    const superseded = (await instrumentsOf(coordinator)).find((i) => i.name === 'Reintegration review (PRS)' && i.status === 'superseded')!;
    const url = `/api/cases/${cases.Rosa}/judgements`;
    const valid = judgementOf(current);
    const refused = [
      { ...valid, ratings: { f1: valid.ratings.f1 } },
      { ...valid, ratings: { ...valid.ratings, f9: { level: 'l1' } } },
      { ...valid, ratings: { ...valid.ratings, f1: { level: 'l4' } } },
      { ...valid, overallLevel: 'l7' },
      { ...valid, overallReasons: '   ' },
      { ...valid, nextReviewOn: dateIn(-1) },
      { ...valid, nextReviewOn: dateIn(0) },
      { ...valid, nextReviewOn: dateIn(4 * 365) },
      { ...valid, instrumentId: '00000000-0000-4000-8000-000000000000' },
    ];
    for (const body of refused) expect((await coordinator.post(url, body)).statusCode, JSON.stringify(body)).toBe(400);
    expect((await coordinator.post(url, judgementOf(superseded))).statusCode).toBe(409);
    expect(await judgementsOn(coordinator, 'Rosa')).toHaveLength(2);

    // Every factor rated high, yet the professional judges the overall concern low: it is theirs to say.
    const res = await coordinator.post(url, { ...judgementOf(current, 'l3', 'l1'), ratings: { f1: { level: 'l3', rationale: 'Missed two sessions.' }, f2: { level: 'l3' } } });
    expect(res.statusCode).toBe(201);
    const rosa = await judgementsOn(coordinator, 'Rosa');
    expect(rosa).toHaveLength(3);
    expect(rosa[0]).toMatchObject({ id: res.json().id, current: true, overallLevel: 'l1', instrument: { version: 2 } });
    expect(rosa[0]!.ratings).toEqual([
      { factorKey: 'f1', level: 'l3', rationale: 'Missed two sessions.' },
      { factorKey: 'f2', level: 'l3', rationale: '' },
    ]);
    expect(rosa.slice(1).every((j) => !j.current)).toBe(true);
    const events = (await coordinator.get(`/api/cases/${cases.Rosa}/timeline`)).json().events as Array<{ kind: string }>;
    expect(events[0]!.kind).toBe('judgement.recorded');
    await t.sealAudit();
    expect(await audited('case.judgement.record')).toBe(1);
    expect(await audited('case.judgement.read')).toBeGreaterThan(0);
  });

  it('follows need-to-know: team organisations only with the section open, never break-glass; the same in SQL', async () => {
    // Without the section (Rosa's team role covers psychosocial work only) and off the team.
    expect((await caseworker.get(`/api/cases/${cases.Rosa}/judgements`)).statusCode).toBe(404);
    expect((await caseworker.post(`/api/cases/${cases.Rosa}/judgements`, {})).statusCode).toBe(400);
    const shared = (await instrumentsOf(caseworker)).find((i) => i.name === 'Shared review')!;
    expect((await caseworker.post(`/api/cases/${cases.Rosa}/judgements`, judgementOf(shared))).statusCode).toBe(404);
    expect((await caseworker.get(`/api/cases/${cases.Farrukh}/judgements`)).statusCode).toBe(404);
    const dpo = await t.signIn('dpo@tandem.example');
    expect((await dpo.get(`/api/cases/${cases.Rosa}/judgements`)).statusCode).toBe(403);
    const platform = await t.signIn('platform-admin@tandem.example');
    expect((await platform.get(`/api/cases/${cases.Rosa}/judgements`)).statusCode).toBe(403);
    // Emergency access opens a case but not its professional judgement.
    expect((await caseworker.post('/api/break-glass', { caseNumber: await caseNumber('Aziz'), reason: 'Urgent safeguarding call from the prison this morning.' })).statusCode).toBe(201);
    expect((await caseworker.get(`/api/cases/${cases.Aziz}`)).statusCode).toBe(200);
    expect((await caseworker.get(`/api/cases/${cases.Aziz}/judgements`)).statusCode).toBe(404);

    // Lilia's team role, consent and the agreement all come to include the section.
    await t.db.system(async (tx) => {
      await sql`UPDATE partnership_agreements SET data_categories = data_categories || '{professional_judgement}' WHERE title LIKE 'Psychosocial%'`.execute(tx);
      await sql`UPDATE case_consents SET data_categories = data_categories || '{professional_judgement}' WHERE case_id = ${cases.Lilia} AND recipient_org_id = ${orgs.BPC}`.execute(tx);
      await sql`UPDATE case_team SET sections = sections || '{professional_judgement}' WHERE case_id = ${cases.Lilia} AND org_id = ${orgs.BPC}`.execute(tx);
    });
    const agencyInstrument = (await instrumentsOf(coordinator)).find((i) => i.name === 'Reintegration review (PRS)' && i.status === 'active')!;
    expect((await coordinator.post(`/api/cases/${cases.Lilia}/judgements`, judgementOf(agencyInstrument, 'l1', 'l1'))).statusCode).toBe(201);
    const seen = await judgementsOn(caseworker, 'Lilia');
    expect(seen.map((j) => [j.orgName, j.instrument.name, j.instrument.factors.length])).toEqual([['Probation and Reintegration Service', 'Reintegration review (PRS)', 2]]);
    // The centre records with its own or platform-wide instruments, not the agency's.
    expect((await caseworker.post(`/api/cases/${cases.Lilia}/judgements`, judgementOf(agencyInstrument))).statusCode).toBe(400);
    expect((await caseworker.post(`/api/cases/${cases.Lilia}/judgements`, { ...judgementOf(shared), nextReviewOn: dateIn(10) })).statusCode).toBe(201);
    expect((await judgementsOn(coordinator, 'Lilia')).map((j) => j.recorderName)).toEqual(['Amina Rahimova', 'Daniyar Seitkali']);

    // In SQL, under the application role: the centre sees Lilia's judgements only and cannot write elsewhere.
    const centreRows = await as<string[]>('caseworker@tandem.example', async (tx) => (await tx.selectFrom('case_judgements').select('case_id').execute()).map((r) => r.case_id));
    expect(new Set(centreRows)).toEqual(new Set([cases.Lilia]));
    const centreInstruments = await as<string[]>('caseworker@tandem.example', async (tx) => (await tx.selectFrom('judgement_instruments').select('name').execute()).map((r) => r.name).sort());
    expect(centreInstruments).toEqual(['Reintegration review (PRS)', 'Shared review']); // the agency's, through Lilia's judgement only
    await expect(
      as('caseworker@tandem.example', (tx) =>
        tx
          .insertInto('case_judgements')
          .values({ case_id: cases.Rosa!, org_id: orgs.BPC!, instrument_id: shared.id, ratings: JSON.stringify({ f1: { level: 'l1' }, f2: { level: 'l1' } }), overall_level: 'l1', overall_reasons: 'x', next_review_on: dateIn(30), recorded_by: users['caseworker@tandem.example']!.user })
          .execute(),
      ),
    ).rejects.toMatchObject({ code: '42501' });
    // Append-only: no one changes or deletes a judgement through the application role.
    await expect(as('coordinator@tandem.example', (tx) => tx.updateTable('case_judgements').set({ overall_level: 'l3' }).execute())).rejects.toMatchObject({ code: '42501' });
    await expect(as('coordinator@tandem.example', (tx) => tx.deleteFrom('case_judgements').execute())).rejects.toMatchObject({ code: '42501' });
    await expect(as('agency-admin@tandem.example', (tx) => tx.updateTable('judgement_instruments').set({ name: 'Renamed' }).execute())).rejects.toMatchObject({ code: '42501' });
    for (const email of ['dpo@tandem.example', 'platform-admin@tandem.example', 'org-admin@tandem.example', 'agency-admin@tandem.example']) {
      expect(await as<number>(email, async (tx) => (await tx.selectFrom('case_judgements').select('id').execute()).length), email).toBe(0);
    }
    const leadCount = await as<number>('coordinator@tandem.example', async (tx) => (await tx.selectFrom('case_judgements').select('id').execute()).length);
    expect(leadCount).toBe(7);
    // An administrator of another organisation cannot retire the agency's instrument, even in SQL.
    const retired = await as<bigint>('org-admin@tandem.example', async (tx) => (await tx.updateTable('judgement_instruments').set({ status: 'retired' }).where('owner_org_id', '=', orgs.PRS!).executeTakeFirst()).numUpdatedRows);
    expect(retired).toBe(0n);

    // Reviews due within two weeks, for reminders: the agency's and, with the section open, the centre's.
    const today = new Date().toISOString().slice(0, 10);
    const due = await t.db.system((tx) => judgementReviewsDue(tx, orgs.PRS!, 14, today));
    expect(due.map((d) => [d.caseId, d.overdue])).toEqual([
      [cases.Farrukh, true],
      [cases.Lilia, false],
    ]);
    expect((await t.db.system((tx) => judgementReviewsDue(tx, orgs.PRS!, 30, today))).map((d) => d.caseId)).toContain(cases.Ilyas);
    expect((await t.db.system((tx) => judgementReviewsDue(tx, orgs.BPC!, 14, today))).map((d) => d.caseId)).toEqual([cases.Lilia]);

    // Withdrawing the consent ends it all at once.
    const consent = ((await coordinator.get(`/api/cases/${cases.Lilia}/consents`)).json().consents as Array<{ id: string; recipientOrgId: string }>).find((c) => c.recipientOrgId === orgs.BPC)!;
    expect((await coordinator.post(`/api/cases/${cases.Lilia}/consents/${consent.id}/withdraw`, { reason: 'Her mother asked to stop sharing.' })).statusCode).toBe(204);
    expect((await caseworker.get(`/api/cases/${cases.Lilia}/judgements`)).statusCode).toBe(404);
    expect(await as<number>('caseworker@tandem.example', async (tx) => (await tx.selectFrom('case_judgements').select('id').execute()).length)).toBe(0);
    expect(await t.db.system((tx) => judgementReviewsDue(tx, orgs.BPC!, 14, today))).toEqual([]);
  });

  it('removes the reasons and rationales when the case is anonymised, keeping the levels', async () => {
    expect((await coordinator.post(`/api/cases/${cases.Farrukh}/close`, { reason: 'Moved abroad with his family.' })).statusCode).toBe(204);
    await anonymiseDueCases(t.db, dateIn(40 * 365));
    const rows = await t.db.system((tx) => tx.selectFrom('case_judgements').select(['overall_reasons', 'overall_level', 'recorder_name', 'ratings']).where('case_id', '=', cases.Farrukh!).execute());
    expect(rows).toHaveLength(1);
    expect(rows[0]).toMatchObject({ overall_reasons: '[removed]', overall_level: 'l2', recorder_name: '[removed]' });
    expect(JSON.stringify(rows[0]!.ratings)).not.toContain('rationale');
    expect(Object.keys(rows[0]!.ratings)).toHaveLength(6);
  });

  async function caseNumber(alias: string): Promise<string> {
    return (await t.db.system((tx) => tx.selectFrom('cases').select('case_number').where('id', '=', cases[alias]!).executeTakeFirstOrThrow())).case_number;
  }
});

describe.each(backends)('bad judgement input on %s', (backend) => {
  let t: TestApp;
  let coordinator: TestClient;
  let agencyAdmin: TestClient;
  const ids: Record<string, string> = {};
  beforeAll(async () => {
    t = await createTestApp(backend);
    coordinator = await t.signIn('coordinator@tandem.example');
    agencyAdmin = await t.signIn('agency-admin@tandem.example');
    ids.rosa = (await t.db.system((tx) => tx.selectFrom('cases').select('id').where('alias', '=', 'Rosa').executeTakeFirstOrThrow())).id;
    ids.instrument = ((await agencyAdmin.get('/api/judgement-instruments')).json().instruments as Instrument[])[0]!.id;
  });
  afterAll(() => t?.close());

  const everything = () =>
    t.db.system(async (tx) =>
      (
        await sql<{ digest: string }>`SELECT concat_ws('|',
          (SELECT md5(coalesce(string_agg(x::text, ',' ORDER BY x::text), '')) FROM judgement_instruments x),
          (SELECT md5(coalesce(string_agg(x::text, ',' ORDER BY x::text), '')) FROM case_judgements x),
          (SELECT count(*) FROM case_events)) AS digest`.execute(tx)
      ).rows[0]!.digest,
    );
  const expectProblem = (status: number, body: string) => {
    expect(status).toBeGreaterThanOrEqual(400);
    expect(status).toBeLessThan(500);
    expect(JSON.parse(body)).toHaveProperty('code');
  };
  const nasty = fc.oneof(
    fc.anything(),
    fc.constantFrom('', ' ', "'; DROP TABLE case_judgements; --", '<script>x</script>', '\u0000', 'a'.repeat(9000), '00000000-0000-0000-0000-000000000000', 'l1', 'f1', '2020-01-01', '1e309'),
    fc.string(),
    fc.integer(),
    fc.array(fc.record({ label: fc.string(), domain: fc.string(), guidance: fc.anything() }), { maxLength: 3 }),
    fc.dictionary(fc.constantFrom('f1', 'f2', 'f9', 'x'), fc.record({ level: fc.constantFrom('l1', 'l9', '', 'high'), rationale: fc.anything() })),
  );
  const shaped = (keys: string[]) => fc.dictionary(fc.constantFrom(...keys), nasty, { maxKeys: keys.length });

  const BODIES: Array<{ who: () => TestClient; url: () => string; keys: string[] }> = [
    { who: () => agencyAdmin, url: () => '/api/judgement-instruments', keys: ['name', 'description', 'factors', 'levels', 'scope'] },
    { who: () => agencyAdmin, url: () => `/api/judgement-instruments/${ids.instrument}/versions`, keys: ['name', 'description', 'factors', 'levels'] },
    { who: () => coordinator, url: () => `/api/cases/${ids.rosa}/judgements`, keys: ['instrumentId', 'ratings', 'overallLevel', 'overallReasons', 'nextReviewOn'] },
  ];

  it.each(BODIES.map((b) => [b.keys.join(','), b] as const))('{%s}: bad bodies change nothing', { timeout: 120_000 }, async (_k, endpoint) => {
    const before = await everything();
    await fc.assert(
      fc.asyncProperty(fc.oneof(shaped(endpoint.keys), nasty), async (body) => {
        const res = await endpoint.who().post(endpoint.url(), body === undefined ? null : body);
        expectProblem(res.statusCode, res.body);
      }),
      { numRuns: 50 },
    );
    expect(await everything()).toEqual(before);
  });

  it('path segments that are not an instrument or case one may act on: 4xx, nothing changed', async () => {
    const before = await everything();
    await fc.assert(
      fc.asyncProperty(fc.oneof(fc.uuid(), fc.string({ minLength: 1, maxLength: 60 })), async (id) => {
        expectProblem(...(await agencyAdmin.post(`/api/judgement-instruments/${encodeURIComponent(id)}/retire`).then((r) => [r.statusCode, r.body] as const)));
        expectProblem(...(await coordinator.get(`/api/cases/${encodeURIComponent(id)}/judgements`).then((r) => [r.statusCode, r.body] as const)));
      }),
      { numRuns: 40 },
    );
    expect(await everything()).toEqual(before);
  });
});
