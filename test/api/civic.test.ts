// The civic-space monitor end to end through the API: a record entered by one monitor is
// corroborated, verified by a second monitor (never by the one who entered it), published only
// once every named organisation consented, and withdrawn; ratings proposed and confirmed by two
// people; a monitor of another organisation sees only verified records; and the database alone
// refuses the same steps when the application's checks are skipped.
import { sql } from 'kysely';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import type { RecordList, RecordView } from '../../src/modules/civic/schema.ts';
import { createAccount } from '../../src/modules/identity/setup.ts';
import { createTestApp, type TestApp } from '../support/app.ts';
import { backends } from '../support/databases.ts';
import type { TestClient } from '../support/client.ts';
import { DEMO_PASSWORD } from '../support/test-config.ts';
import { civicRecord } from '../support/civic.ts';


describe.each(backends)('civic-space monitor on %s', (backend) => {
  let t: TestApp;
  let first: TestClient;
  let second: TestClient;
  let elsewhere: TestClient;
  let coordinator: TestClient;
  let nobody: TestClient;
  const ids: Record<string, string> = {};
  beforeAll(async () => {
    t = await createTestApp(backend);
    first = await t.signIn('monitor@tandem.example');
    second = await t.signIn('monitor-2@tandem.example');
    coordinator = await t.signIn('coordinator@tandem.example');
    nobody = t.client();
    // A monitor of another organisation (the women's network).
    await t.db.system(async (tx) => {
      const wvn = await tx.selectFrom('organisations').select('id').where('short_name', '=', 'WVN').executeTakeFirstOrThrow();
      await createAccount(tx, { email: 'wvn-monitor@tandem.example', displayName: 'Other Monitor', password: DEMO_PASSWORD, orgId: wvn.id, roles: ['civic_monitor'] });
    });
    elsewhere = await t.signIn('wvn-monitor@tandem.example');
  });
  afterAll(() => t?.close());

  const view = async (client: TestClient, id: string) => (await client.get(`/api/civic/records/${id}`)).json() as RecordView;

  it('walks a record from entry to publication with two monitors, consent recorded', async () => {
    const res = await first.post('/api/civic/records', civicRecord('Assembly dispersed in the north'));
    expect(res.statusCode, res.body).toBe(201);
    const id = (ids.walked = res.json().id);
    let v = await view(first, id);
    expect(v).toMatchObject({ status: 'unverified', own: true, enteredBy: 'Besnik Krasniqi', waitingFor: ['sources'] });
    expect(v.can).toMatchObject({ corroborate: false, verify: false, publish: false });

    // Two sources make it ready to be corroborated.
    expect((await first.post(`/api/civic/records/${id}/status`, { status: 'corroborated' })).statusCode).toBe(409);
    for (const n of [1, 2]) expect((await first.post(`/api/civic/records/${id}/sources`, { url: `https://news.example.org/a${n}`, title: `Report ${n}` })).statusCode).toBe(201);
    const named = (await first.post(`/api/civic/records/${id}/affected`, { name: 'Northern Rights Association', description: 'An association of the north' })).json().id;
    expect((await first.post(`/api/civic/records/${id}/affected`, { description: 'A women-led group (not named)', womenLed: true })).statusCode).toBe(201);
    expect((await first.post(`/api/civic/records/${id}/status`, { status: 'corroborated' })).statusCode).toBe(204);

    // The monitor who entered it cannot verify it; the second monitor can.
    v = await view(first, id);
    expect(v.waitingFor).toEqual(['second_monitor', 'consent']);
    expect(v.can.verify).toBe(false);
    expect((await first.post(`/api/civic/records/${id}/status`, { status: 'verified' })).statusCode).toBe(409);
    expect((await view(second, id)).can.verify).toBe(true);
    expect((await second.post(`/api/civic/records/${id}/status`, { status: 'verified' })).statusCode).toBe(204);
    v = await view(first, id);
    expect(v).toMatchObject({ status: 'verified', verifiedBy: 'Nadia Karimova', corroboratedBy: 'Besnik Krasniqi' });

    // Not published while the named association has not consented.
    expect((await first.post(`/api/civic/records/${id}/publication`, { published: true })).statusCode).toBe(409);
    expect((await nobody.get(`/api/public/civic/records/${id}`)).statusCode).toBe(404);
    expect((await first.post(`/api/civic/records/${id}/affected/${named}/consent`, { note: 'Consent by letter from the chair' })).statusCode).toBe(204);
    expect((await first.post(`/api/civic/records/${id}/affected/${named}/consent`, { note: 'Twice' })).statusCode).toBe(409);
    expect((await first.post(`/api/civic/records/${id}/publication`, { published: true })).statusCode).toBe(204);

    const pub = await nobody.get(`/api/public/civic/records/${id}`);
    expect(pub.statusCode).toBe(200);
    expect(pub.json().affected).toEqual([
      { name: 'Northern Rights Association', description: 'An association of the north', womenLed: false },
      { name: null, description: 'A women-led group (not named)', womenLed: true },
    ]);
    // Once published, nothing is added; withdrawing takes it off the public pages at once.
    expect((await first.post(`/api/civic/records/${id}/sources`, { url: 'https://news.example.org/late', title: 'Late' })).statusCode).toBe(409);
    expect((await second.post(`/api/civic/records/${id}/publication`, { published: false })).statusCode).toBe(204);
    expect((await nobody.get(`/api/public/civic/records/${id}`)).statusCode).toBe(404);

    const trail = await t.db.system((tx) => tx.selectFrom('audit_events').select('action').where('subject_id', '=', id).orderBy('occurred_at').execute());
    expect(trail.map((e) => e.action)).toEqual([
      'civic.record.create', 'civic.record.source', 'civic.record.source', 'civic.record.affected', 'civic.record.affected',
      'civic.record.corroborate', 'civic.record.verify', 'civic.record.consent', 'civic.record.publish', 'civic.record.withdraw',
    ]);
  });

  it('shows another organisation’s monitor only verified records, and lets them change nothing', async () => {
    const draft = (await first.post('/api/civic/records', civicRecord('Draft of the collective'))).json().id;
    const list = (await elsewhere.get('/api/civic/records')).json() as RecordList;
    expect(list.records.every((r) => r.status === 'verified' && !r.own)).toBe(true);
    expect(list.records.map((r) => r.id)).toContain(ids.walked);
    expect(list.records.map((r) => r.id)).not.toContain(draft);
    expect((await elsewhere.get(`/api/civic/records/${draft}`)).statusCode).toBe(404);
    expect((await elsewhere.post(`/api/civic/records/${draft}/sources`, { url: 'https://x.example.org/a', title: 'Mine' })).statusCode).toBe(404);
    expect((await elsewhere.post(`/api/civic/records/${ids.walked}/publication`, { published: true })).statusCode).toBe(403);
    expect((await coordinator.get('/api/civic/records')).statusCode).toBe(403);
    expect((await coordinator.post('/api/civic/records', civicRecord('Not a monitor'))).statusCode).toBe(403);
  });

  it('refuses an unknown country or region, and an end before the start', async () => {
    expect((await first.post('/api/civic/records', { ...civicRecord('Unknown country'), country: 'QQ' })).statusCode).toBe(400);
    expect((await first.post('/api/civic/records', { ...civicRecord('Unknown region'), region: 'coast' })).statusCode).toBe(400);
    expect((await first.post('/api/civic/records', { ...civicRecord('Ends before'), endedOn: '2026-01-01' })).statusCode).toBe(400);
  });

  it('has a rating proposed by one monitor and confirmed by another, then shown in the country history', async () => {
    const draft = (await first.post('/api/civic/records', civicRecord('Behind the rating'))).json().id;
    const res = await first.post('/api/civic/ratings', { country: 'XV', year: 2020, rating: 'narrowed', reasons: 'Fees and fines narrowed the space for associations.', recordIds: [draft] });
    expect(res.statusCode, res.body).toBe(400); // a record of another country
    const id = (await first.post('/api/civic/ratings', { country: 'XM', year: 2020, rating: 'narrowed', reasons: 'Inspections and pressure on associations grew during the year.', recordIds: [draft] })).json().id;
    expect((await nobody.get('/api/public/civic/countries/XM')).json().ratings.map((g: { year: number }) => g.year)).not.toContain(2020);
    expect((await elsewhere.get('/api/civic/ratings')).json().ratings.map((g: { id: string }) => g.id)).not.toContain(id);
    expect((await first.post(`/api/civic/ratings/${id}/confirm`)).statusCode).toBe(409);
    expect((await elsewhere.post(`/api/civic/ratings/${id}/confirm`)).statusCode).toBe(404);
    expect((await second.post(`/api/civic/ratings/${id}/confirm`)).statusCode).toBe(204);
    const country = (await nobody.get('/api/public/civic/countries/XM')).json();
    const point = country.ratings.find((g: { year: number }) => g.year === 2020);
    // The record behind it is not published: the public history does not link it.
    expect(point).toMatchObject({ rating: 'narrowed', records: [] });
    expect(country.ratings.map((g: { year: number }) => g.year)).toEqual([...country.ratings.map((g: { year: number }) => g.year)].sort());
    // One confirmed rating per country and year.
    const again = (await second.post('/api/civic/ratings', { country: 'XM', year: 2020, rating: 'open', reasons: 'A second opinion on the same year for the test.' })).json().id;
    expect((await first.post(`/api/civic/ratings/${again}/confirm`)).statusCode).toBe(409);
  });

  describe('the database wall, with the application’s checks skipped', () => {
    const as = async <T>(email: string | null, fn: (tx: Parameters<Parameters<TestApp['db']['transaction']>[1]>[0]) => Promise<T>) => {
      const who = email
        ? await t.db.system((tx) => tx.selectFrom('users').innerJoin('memberships', 'memberships.user_id', 'users.id').select(['users.id', 'memberships.org_id']).where('email', '=', email).executeTakeFirstOrThrow())
        : null;
      return t.db.transaction({ role: 'tandem_app', requestId: 'civic-wall', userId: who?.id ?? null, orgId: who?.org_id ?? null }, fn) as Promise<T>;
    };
    const fails = (p: Promise<unknown>) => expect(p).rejects.toThrow();

    it('lets no one verify their own record, skip a step, or publish without consent', async () => {
      const id = (await first.post('/api/civic/records', civicRecord('Wall record'))).json().id;
      await fails(as('monitor@tandem.example', (tx) => tx.updateTable('civic_records').set({ status: 'verified' }).where('id', '=', id).execute()));
      await as('monitor@tandem.example', (tx) => tx.updateTable('civic_records').set({ status: 'corroborated' }).where('id', '=', id).execute());
      await fails(as('monitor@tandem.example', (tx) => tx.updateTable('civic_records').set({ status: 'verified' }).where('id', '=', id).execute()));
      // Naming someone else as the verifier does not help: the database takes who acts from the transaction.
      const other = await t.db.system((tx) => tx.selectFrom('users').select('id').where('email', '=', 'monitor-2@tandem.example').executeTakeFirstOrThrow());
      await fails(as('monitor@tandem.example', (tx) => tx.updateTable('civic_records').set({ status: 'verified', verified_by: other.id }).where('id', '=', id).execute()));
      await fails(as('monitor@tandem.example', (tx) => tx.updateTable('civic_records').set({ published_at: new Date() }).where('id', '=', id).execute()));
      await as('monitor-2@tandem.example', (tx) => tx.insertInto('civic_affected_orgs').values({ record_id: id, name: 'Named Without Consent', description: 'Named', added_by: other.id }).execute());
      await as('monitor-2@tandem.example', (tx) => tx.updateTable('civic_records').set({ status: 'verified' }).where('id', '=', id).execute());
      await fails(as('monitor-2@tandem.example', (tx) => tx.updateTable('civic_records').set({ published_at: new Date() }).where('id', '=', id).execute()));
      const row = await t.db.system((tx) => tx.selectFrom('civic_records').select(['status', 'verified_by', 'published_at']).where('id', '=', id).executeTakeFirstOrThrow());
      expect(row).toEqual({ status: 'verified', verified_by: other.id, published_at: null });
    });

    it('hides drafts from other organisations and from the public, and refuses writes for another organisation', async () => {
      const draft = (await first.post('/api/civic/records', civicRecord('Hidden draft'))).json().id;
      const seen = (email: string | null) => as(email, async (tx) => (await tx.selectFrom('civic_records').select('id').where('id', '=', draft).execute()).length);
      expect(await seen('monitor-2@tandem.example')).toBe(1);
      expect(await seen('wvn-monitor@tandem.example')).toBe(0);
      expect(await seen('coordinator@tandem.example')).toBe(0);
      expect(await seen(null)).toBe(0);
      const srcSeen = await as(null, async (tx) => (await sql<{ n: number }>`SELECT count(*)::int AS n FROM civic_record_sources s JOIN civic_records r ON r.id = s.record_id WHERE r.published_at IS NULL`.execute(tx)).rows[0]!.n);
      expect(srcSeen).toBe(0);
      const lac = await t.db.system((tx) => tx.selectFrom('organisations').select('id').where('short_name', '=', 'LAC').executeTakeFirstOrThrow());
      const me = await t.db.system((tx) => tx.selectFrom('users').select('id').where('email', '=', 'wvn-monitor@tandem.example').executeTakeFirstOrThrow());
      await fails(
        as('wvn-monitor@tandem.example', (tx) =>
          tx.insertInto('civic_records').values({ ...{ monitor_org_id: lac.id, country: 'XM', title: 'Forged', description: 'Forged record', started_on: '2026-01-01', types: ['assembly'], actor: 'Nobody', severity: 'low' }, entered_by: me.id }).execute(),
        ),
      );
      const changed = await as('wvn-monitor@tandem.example', (tx) => tx.updateTable('civic_records').set({ title: 'Changed by another' }).where('id', '=', draft).executeTakeFirst());
      expect(Number(changed.numUpdatedRows)).toBe(0);
      await fails(as('coordinator@tandem.example', (tx) => tx.updateTable('civic_records').set({ entered_by: me.id }).where('id', '=', draft).execute()));
    });

    it('keeps a confirmed rating as history, confirmed by someone other than its proposer', async () => {
      const id = (await first.post('/api/civic/ratings', { country: 'XT', year: 2019, rating: 'closed', reasons: 'A proposal the database is asked to confirm.' })).json().id;
      await fails(as('monitor@tandem.example', (tx) => tx.updateTable('civic_ratings').set({ status: 'confirmed' }).where('id', '=', id).execute()));
      await as('monitor-2@tandem.example', (tx) => tx.updateTable('civic_ratings').set({ status: 'confirmed' }).where('id', '=', id).execute());
      const n = await as('monitor-2@tandem.example', (tx) => tx.updateTable('civic_ratings').set({ status: 'proposed' }).where('id', '=', id).executeTakeFirst());
      expect(Number(n.numUpdatedRows)).toBe(0);
    });
  });
});
