// Who reads a confidential report: the organisations whose monitors opened a desk for its
// country, and only the one the reporter addressed when they chose one. Checked through the
// plain form and the monitors' API, in SQL as the application role with the service's checks
// skipped, and the two walls side by side for every monitor and waiting report.
import { sql } from 'kysely';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { createAccount } from '../../src/modules/identity/setup.ts';
import { createTestApp, type TestApp } from '../support/app.ts';
import { backends } from '../support/databases.ts';
import type { TestClient } from '../support/client.ts';
import { DEMO_PASSWORD } from '../support/test-config.ts';

const form = (fields: Record<string, string | string[]>) => {
  const p = new URLSearchParams();
  for (const [k, v] of Object.entries(fields)) for (const x of [v].flat()) p.append(k, x);
  return p.toString();
};
const tokenOf = (html: string) => /name="token" value="([^"]+)"/.exec(html)![1]!;

describe.each(backends)('report desks on %s', (backend) => {
  let t: TestApp;
  let lac: TestClient;
  let wvn: TestClient;
  let reporter: TestClient;
  const orgs: Record<'LAC' | 'WVN', string> = { LAC: '', WVN: '' };
  const people: Record<string, { id: string; org: string }> = {};
  /** A country of the installation no desk reads. */
  let unread = '';

  const send = async (fields: Record<string, string>) => {
    const page = await reporter.get('/report?lang=en');
    return reporter.request('POST', '/report', undefined, {
      rawBody: form({ token: tokenOf(page.body), lang: 'en', title: 'A report for the desks', description: 'Something happened to our association this month.', ...fields }),
      contentType: 'application/x-www-form-urlencoded',
      csrf: false,
    });
  };
  const titles = new Map<string, string>();
  const latestId = (title: string) => titles.get(title)!;
  const report = async (title: string, country: string, desk = 'any') => {
    const before = new Set((await t.db.system((tx) => tx.selectFrom('civic_reports').select('id').execute())).map((r) => r.id));
    const res = await send({ title, country, desk });
    expect(res.statusCode, res.body).toBe(201);
    const id = (await t.db.system((tx) => tx.selectFrom('civic_reports').select('id').execute())).map((r) => r.id).find((x) => !before.has(x))!;
    titles.set(title, id);
    return id;
  };
  const queue = async (client: TestClient) => ((await client.get('/api/civic/reports')).json().reports as Array<{ id: string; addressedToUs: boolean }>);
  const asPerson = <T>(email: string | null, fn: (tx: Parameters<Parameters<TestApp['db']['transaction']>[1]>[0]) => Promise<T>) =>
    t.db.transaction({ role: 'tandem_app', requestId: 'desk-wall', userId: email ? people[email]!.id : null, orgId: email ? people[email]!.org : null }, fn);

  beforeAll(async () => {
    t = await createTestApp(backend);
    await t.db.system(async (tx) => {
      const rows = await tx.selectFrom('organisations').select(['id', 'short_name']).where('short_name', 'in', ['LAC', 'WVN']).execute();
      for (const r of rows) orgs[r.short_name as 'LAC' | 'WVN'] = r.id;
      await createAccount(tx, { email: 'wvn-monitor@tandem.example', displayName: 'Other Monitor', password: DEMO_PASSWORD, orgId: orgs.WVN, roles: ['civic_monitor'] });
      const users = await tx.selectFrom('users').innerJoin('memberships', 'memberships.user_id', 'users.id').select(['users.id', 'users.email', 'memberships.org_id']).execute();
      for (const u of users) people[u.email] = { id: u.id, org: u.org_id };
      await tx.insertInto('jurisdictions').values({ code: 'QZ', names: JSON.stringify({ en: 'Quorzia', ru: 'Кворзия', ar: 'كورزيا' }) }).onConflict((oc) => oc.doNothing()).execute();
    });
    unread = 'QZ';
    lac = await t.signIn('monitor@tandem.example');
    wvn = await t.signIn('wvn-monitor@tandem.example');
    reporter = t.client();
  });
  afterAll(() => t?.close());

  it('offers the reporter only the countries someone reads, and the organisations that read them by name', async () => {
    const page = await reporter.get('/report?lang=en');
    expect(page.statusCode).toBe(200);
    const options = [...page.body.matchAll(/<option value="([A-Z]{2})"/g)].map((m) => m[1]);
    expect(options.sort()).toEqual(['XM', 'XT', 'XV']);
    expect(page.body).toContain(`name="desk" value="${orgs.LAC}"`);
    expect(page.body).toContain('name="desk" value="any" checked');
    expect(page.body).not.toContain(orgs.WVN);
    // The collective is not listed in the directory; opening a desk names it on the form.
    expect(page.body).toContain('<bdi>Legal Aid Collective');
    // In Russian and Arabic too.
    expect((await reporter.get('/report?lang=ru')).body).toContain('Кто прочтёт ваше сообщение');
    expect((await reporter.get('/report?lang=ar')).body).toContain('من يقرأ بلاغك');
  });

  it('refuses a report about a country nobody reads, or to an organisation that does not read it, and stores nothing', async () => {
    const count = async () => (await t.db.system((tx) => tx.selectFrom('civic_reports').select('id').execute())).length;
    const before = await count();
    const nobody = await send({ country: unread });
    expect(nobody.statusCode).toBe(400);
    expect(nobody.body).toContain('No organisation receives reports about this country yet.');
    const wrongDesk = await send({ country: 'XM', desk: orgs.WVN });
    expect(wrongDesk.statusCode).toBe(400);
    expect(wrongDesk.body).toContain('does not receive reports about this country');
    expect((await send({ country: 'XM', desk: 'not-an-id' })).statusCode).toBe(400);
    expect(await count()).toBe(before);
  });

  it('lets an organisation’s monitors open and close its own desks, audited', async () => {
    expect((await wvn.get('/api/civic/desks')).json()).toEqual({ desks: [] });
    expect((await (await t.signIn('viewer@tandem.example')).get('/api/civic/desks')).statusCode).toBe(403);
    const opened = await wvn.post('/api/civic/desks', { country: 'XV' });
    expect(opened.statusCode).toBe(201);
    expect((await wvn.post('/api/civic/desks', { country: 'XV' })).statusCode).toBe(409);
    expect((await wvn.post('/api/civic/desks', { country: 'xv' })).statusCode).toBe(400);
    expect((await wvn.post('/api/civic/desks', { country: 'QQ' })).statusCode).toBe(400);
    const list = (await wvn.get('/api/civic/desks')).json();
    expect(list.desks).toMatchObject([{ country: 'XV', openedBy: { name: 'Other Monitor' } }]);
    // LAC's desks are not WVN's to close.
    const lacDesk = (await lac.get('/api/civic/desks')).json().desks[0].id as string;
    expect((await wvn.delete(`/api/civic/desks/${lacDesk}`)).statusCode).toBe(404);
    const audit = await t.db.system((tx) => tx.selectFrom('audit_events').select(['action', 'actor_org_id']).where('action', '=', 'civic.desk.open').execute());
    expect(audit).toEqual([{ action: 'civic.desk.open', actor_org_id: orgs.WVN }]);
  });

  it('gives a report left to any desk to every organisation reading its country, and an addressed one to that organisation alone', async () => {
    const anyXV = await report('Left to any desk of XV', 'XV');
    const toWvn = await report('Addressed to the network', 'XV', orgs.WVN);
    const toLac = await report('Addressed to the collective', 'XV', orgs.LAC);
    const anyXM = await report('Left to any desk of XM', 'XM');
    const lacSees = await queue(lac);
    const wvnSees = await queue(wvn);
    expect(lacSees.map((r) => r.id)).toEqual(expect.arrayContaining([anyXV, toLac, anyXM]));
    expect(lacSees.map((r) => r.id)).not.toContain(toWvn);
    expect(lacSees.find((r) => r.id === toLac)!.addressedToUs).toBe(true);
    expect(lacSees.find((r) => r.id === anyXV)!.addressedToUs).toBe(false);
    expect(wvnSees.map((r) => r.id)).toEqual(expect.arrayContaining([anyXV, toWvn]));
    expect(wvnSees.map((r) => r.id)).not.toContain(toLac);
    expect(wvnSees.map((r) => r.id)).not.toContain(anyXM);
    expect((await wvn.get(`/api/civic/reports/${anyXM}`)).statusCode).toBe(404);
    expect((await wvn.post(`/api/civic/reports/${toLac}/assign`)).statusCode).toBe(404);
    // The reporter's page says where it went.
    const stored = await t.db.system((tx) => tx.selectFrom('civic_reports').select(['id', 'desk_org_id']).where('id', 'in', [anyXV, toWvn]).execute());
    expect(Object.fromEntries(stored.map((r) => [r.id, r.desk_org_id]))).toEqual({ [anyXV]: null, [toWvn]: orgs.WVN });
  });

  it('does not close a desk while a report addressed to the organisation waits for it alone', async () => {
    const desk = (await wvn.get('/api/civic/desks')).json().desks.find((d: { country: string }) => d.country === 'XV').id as string;
    expect((await wvn.delete(`/api/civic/desks/${desk}`)).statusCode).toBe(409);
    expect((await wvn.post(`/api/civic/reports/${latestId('Addressed to the network')}/assign`)).statusCode).toBe(204);
    expect((await wvn.delete(`/api/civic/desks/${desk}`)).statusCode).toBe(204);
    // The report it took stays its monitor's; the one left to any desk of XV is LAC's alone now.
    expect((await wvn.get(`/api/civic/reports/${latestId('Addressed to the network')}`)).statusCode).toBe(200);
    expect((await wvn.get(`/api/civic/reports/${latestId('Left to any desk of XV')}`)).statusCode).toBe(404);
  });

  describe('the database wall, with the service’s checks skipped', () => {
    it('shows a waiting report only to the monitors of a desk that reads it, and lets no one else take it', async () => {
      const anyXM = latestId('Left to any desk of XM');
      const toLac = latestId('Addressed to the collective');
      const seen = (email: string) => asPerson(email, async (tx) => (await tx.selectFrom('civic_reports').select('id').where('id', 'in', [anyXM, toLac]).execute()).map((r) => r.id).sort());
      expect(await seen('monitor@tandem.example')).toEqual([anyXM, toLac].sort());
      expect(await seen('wvn-monitor@tandem.example')).toEqual([]);
      const taken = await asPerson('wvn-monitor@tandem.example', async (tx) => (await tx.updateTable('civic_reports').set({ status: 'assigned' }).where('id', 'in', [anyXM, toLac]).executeTakeFirst()).numUpdatedRows);
      expect(taken).toBe(0n);
      // Re-addressing a report is refused, whoever asks.
      await expect(asPerson('monitor@tandem.example', (tx) => tx.updateTable('civic_reports').set({ desk_org_id: null }).where('id', '=', toLac).execute())).rejects.toThrow();
    });

    it('opens desks only for the acting monitor’s own organisation, as themselves', async () => {
      const wvnMonitor = people['wvn-monitor@tandem.example']!.id;
      await expect(asPerson('wvn-monitor@tandem.example', (tx) => tx.insertInto('civic_report_desks').values({ org_id: orgs.LAC, country: 'XT', opened_by: wvnMonitor }).execute())).rejects.toMatchObject({ code: '42501' });
      await expect(asPerson('wvn-monitor@tandem.example', (tx) => tx.insertInto('civic_report_desks').values({ org_id: orgs.WVN, country: 'XT', opened_by: people['monitor@tandem.example']!.id }).execute())).rejects.toMatchObject({ code: '42501' });
      await expect(asPerson('viewer@tandem.example', (tx) => tx.insertInto('civic_report_desks').values({ org_id: people['viewer@tandem.example']!.org, country: 'XT', opened_by: people['viewer@tandem.example']!.id }).execute())).rejects.toMatchObject({ code: '42501' });
      const removed = await asPerson('wvn-monitor@tandem.example', async (tx) => (await tx.deleteFrom('civic_report_desks').where('org_id', '=', orgs.LAC).executeTakeFirst()).numDeletedRows);
      expect(removed).toBe(0n);
      // Nobody files a report about a country no desk reads, nor addresses one to an organisation without a desk for it.
      for (const [country, desk] of [[unread, null], ['XM', orgs.WVN]] as const) {
        await expect(
          asPerson(null, async (tx) => {
            await sql`SELECT set_config('tandem.civic_receipt', ${'B'.repeat(43)}, true)`.execute(tx);
            await tx.insertInto('civic_reports').values({ receipt_hash: 'B'.repeat(43), country, desk_org_id: desk, sealed_content: 'x.y' }).execute();
          }),
        ).rejects.toThrow();
      }
    });

    it('agrees with the service on every waiting report for every monitor', async () => {
      const waiting = await t.db.system((tx) => tx.selectFrom('civic_reports').select('id').where('status', '=', 'new').execute());
      for (const [email, client] of [['monitor@tandem.example', lac], ['wvn-monitor@tandem.example', wvn]] as const) {
        const inSql = new Set(await asPerson(email, async (tx) => (await tx.selectFrom('civic_reports').select('id').where('status', '=', 'new').execute()).map((r) => r.id)));
        for (const { id } of waiting) {
          const status = (await client.get(`/api/civic/reports/${id}`)).statusCode;
          expect({ email, id, api: status === 200 }).toEqual({ email, id, api: inSql.has(id) });
        }
      }
    });
  });
});
