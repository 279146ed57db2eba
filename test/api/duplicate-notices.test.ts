// Duplicate checks across agencies are no existence oracle: the asker's answer is the same
// whether or not another agency holds the person; a possible match becomes a notice for both
// organisations' data protection officers (in the app, and by mail without names); the check is
// audited inside the transaction that opens the case; checks are limited per person per day; and
// the import report follows the same rule. The same walls are then tried directly in SQL.
import { sql } from 'kysely';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import type { Actor } from '../../src/platform/auth/actor.ts';
import { createCase } from '../../src/modules/cases/service.ts';
import { mailDuplicateNotices, noticeReference } from '../../src/modules/cases/duplicate-notices.ts';
import { countChecks } from '../../src/modules/cases/duplicate-check.ts';
import { newCaseBody } from '../../src/modules/cases/schema.ts';
import { openVault } from '../../src/server.ts';
import { backends } from '../support/databases.ts';
import { download } from '../support/documents.ts';
import { createTestApp, type TestApp } from '../support/app.ts';
import type { TestClient } from '../support/client.ts';
import { fileUpload } from '../support/multipart.ts';

const LIMIT = 5;
type Notice = { id: string; reference: string; side: string; caseId: string; caseNumber: string; otherOrgName: string; fields: string[]; checkedByName: string | null; status: string };
type Run = { status: string; importedRows: number; errors: unknown[]; cases: Array<{ id: string; caseNumber: string }> };

describe.each(backends)('duplicate checks across agencies on %s', (backend) => {
  let t: TestApp;
  /** A coordinator of the psychosocial centre (BPC), which does not see most of the agency's (PRS) cases. */
  let asker: TestClient;
  let prsCoordinator: TestClient;
  let prsOfficer: TestClient;
  let bpcOfficer: TestClient;
  let ids: Record<string, { user: string; org: string }>;
  let aziz: { id: string; case_number: string };
  const opened: Record<string, { id: string; caseNumber: string }> = {};

  const count = async (table: string, where = sql`true`) =>
    t.db.system(async (tx) => (await sql<{ n: number }>`SELECT count(*)::int AS n FROM ${sql.table(table)} WHERE ${where}`.execute(tx)).rows[0]!.n);
  const snapshot = async () => ({
    cases: await count('cases'),
    identity: await count('case_identity'),
    notices: await count('case_duplicate_notices'),
    audit: await count('audit_events'),
    imports: await count('case_imports'),
    counts: await t.db.system(async (tx) => (await sql<{ user_id: string; checks: number }>`SELECT user_id, checks FROM case_duplicate_check_counts ORDER BY user_id`.execute(tx)).rows),
  });
  const person = (alias: string, identity: Record<string, unknown>) => ({ alias, sex: 'male', ageBand: '25-34', category: 'adult_returnee', identity });
  const as = <T>(email: string, fn: Parameters<TestApp['db']['transaction']>[1]) =>
    t.db.transaction({ role: 'tandem_app', requestId: 'sql-walls', userId: ids[email]!.user, orgId: ids[email]!.org }, fn) as Promise<T>;
  const upload = (client: TestClient, csv: string, mode: string) => client.request('POST', `/api/cases/imports?mode=${mode}`, undefined, fileUpload(csv));

  beforeAll(async () => {
    t = await createTestApp(backend, { TANDEM_DUPLICATE_CHECKS_PER_DAY: String(LIMIT) });
    // The centre's administrator acts as its case coordinator, and its caseworker as its data
    // protection officer too (reading mail in Arabic).
    await t.db.system(async (tx) => {
      await sql`UPDATE memberships SET roles = ARRAY['case_coordinator'] WHERE user_id = (SELECT id FROM users WHERE email = 'org-admin@tandem.example')`.execute(tx);
      await sql`UPDATE memberships SET roles = ARRAY['caseworker', 'dpo'] WHERE user_id = (SELECT id FROM users WHERE email = 'caseworker@tandem.example')`.execute(tx);
      await sql`UPDATE users SET locale = 'ar' WHERE email = 'caseworker@tandem.example'`.execute(tx);
    });
    asker = await t.signIn('org-admin@tandem.example');
    prsCoordinator = await t.signIn('coordinator@tandem.example');
    prsOfficer = await t.signIn('dpo@tandem.example');
    bpcOfficer = await t.signIn('caseworker@tandem.example');
    const rows = await t.db.system((tx) => tx.selectFrom('users').innerJoin('memberships', 'memberships.user_id', 'users.id').select(['users.email', 'users.id', 'memberships.org_id']).execute());
    ids = Object.fromEntries(rows.map((r) => [r.email, { user: r.id, org: r.org_id }]));
    aziz = await t.db.system((tx) => tx.selectFrom('cases').select(['id', 'case_number']).where('alias', '=', 'Aziz').executeTakeFirstOrThrow());
  });
  afterAll(() => t?.close());

  it('answers the asker the same whether or not another agency holds the person', async () => {
    // The centre cannot see Aziz's case, led by the agency.
    expect((await asker.get(`/api/cases/${aziz.id}`)).statusCode).toBe(404);
    const match = await asker.post('/api/cases', person('Ali', { legalName: 'aziz  RAKHIMOV', documentNumbers: ['XM2298810'] }));
    const none = await asker.post('/api/cases', person('Bek', { legalName: 'Nobody Anywhere', documentNumbers: ['ZZ0000001'] }));
    expect([match.statusCode, none.statusCode], `${match.body} ${none.body}`).toEqual([201, 201]);
    const { id: idA, caseNumber: numberA, ...restA } = match.json() as Record<string, string>;
    const { id: idB, caseNumber: numberB, ...restB } = none.json() as Record<string, string>;
    // Every field but the new case's own id and number: byte for byte the same.
    expect(JSON.stringify(restA)).toBe(JSON.stringify(restB));
    expect(restA).toEqual({ crossAgencyCheck: 'checked' });
    expect(match.headers['content-type']).toBe(none.headers['content-type']);
    expect(match.body.length).toBe(none.body.length);
    opened.match = { id: idA!, caseNumber: numberA! };
    opened.none = { id: idB!, caseNumber: numberB! };

    // Nor does anything the asker may read afterwards differ: the case, its timeline.
    const view = async (id: string) => {
      const { id: _i, caseNumber: _n, alias: _a, updatedAt: _u, ...rest } = (await asker.get(`/api/cases/${id}`)).json();
      const events = ((await asker.get(`/api/cases/${id}/timeline`)).json().events as Array<{ kind: string }>).map((e) => e.kind);
      return { rest, events };
    };
    expect(await view(idA!)).toEqual(await view(idB!));
    // The notices are the officers' alone.
    expect((await asker.get('/api/duplicate-notices')).statusCode).toBe(403);
  });

  it('tells the data protection officers of both agencies of a possible match, and nobody of none', async () => {
    const agency = (await prsOfficer.get('/api/duplicate-notices')).json().notices as Notice[];
    const centre = (await bpcOfficer.get('/api/duplicate-notices')).json().notices as Notice[];
    expect(agency).toHaveLength(1);
    expect(centre).toHaveLength(1);
    expect(agency[0]).toMatchObject({ side: 'held', caseId: aziz.id, caseNumber: aziz.case_number, otherOrgName: 'Bridge Psychosocial Centre', fields: ['document_number', 'legal_name'], checkedByName: null, status: 'open' });
    expect(centre[0]).toMatchObject({ side: 'checked', caseId: opened.match!.id, caseNumber: opened.match!.caseNumber, otherOrgName: 'Probation and Reintegration Service', checkedByName: 'Leyla Nazarova', status: 'open' });
    expect(agency[0]!.reference).toBe(centre[0]!.reference);
    expect(agency[0]!.reference).toMatch(/^PD-[0-9A-F]{8}$/);
    // Each side sees its own case only.
    expect(JSON.stringify(agency)).not.toContain(opened.match!.caseNumber);
    expect(JSON.stringify(agency)).not.toContain(opened.match!.id);
    expect(JSON.stringify(centre)).not.toContain(aziz.case_number);
    expect(JSON.stringify(centre)).not.toContain(aziz.id);
    // The case that matched nothing raised nothing, anywhere.
    expect(await count('case_duplicate_notices', sql`case_id = ${opened.none!.id}`)).toBe(0);
    expect(await count('case_duplicate_notices')).toBe(2);

    // Mail, once, to each officer in their language: the reference and their own case number, no name.
    const deps = { delivery: 'hold' as const, publicUrl: t.config.publicUrl };
    expect(await mailDuplicateNotices(t.db, deps)).toBe(2);
    expect(await mailDuplicateNotices(t.db, deps)).toBe(0);
    const mail = await t.db.system((tx) => tx.selectFrom('mail_outbox').select(['to_email', 'subject', 'body_text']).where('kind', '=', 'duplicate_notices').orderBy('to_email').execute());
    expect(mail.map((m) => m.to_email)).toEqual(['caseworker@tandem.example', 'dpo@tandem.example']);
    const [toCentre, toAgency] = mail;
    expect(toAgency!.body_text).toContain(aziz.case_number);
    expect(toAgency!.body_text).toContain(agency[0]!.reference);
    expect(toAgency!.body_text).not.toContain(opened.match!.caseNumber);
    expect(toCentre!.body_text).toContain(opened.match!.caseNumber);
    expect(toCentre!.body_text).not.toContain(aziz.case_number);
    expect(toCentre!.subject).toContain('مطابقة');
    for (const m of mail) expect(`${m.subject}\n${m.body_text}`).not.toMatch(/Aziz|Rakhimov|XM2298810|Bridge|Probation|Leyla/i);

    // Each side reconciles its own, once, with a note, in the trail.
    const other = await bpcOfficer.post(`/api/duplicate-notices/${agency[0]!.id}/reconcile`, { note: 'Not ours' });
    expect(other.statusCode).toBe(404);
    expect((await prsOfficer.post(`/api/duplicate-notices/${agency[0]!.id}/reconcile`, { note: '' })).statusCode).toBe(400);
    expect((await prsOfficer.post(`/api/duplicate-notices/${agency[0]!.id}/reconcile`, { note: 'Same person: the centre closes its case.' })).statusCode).toBe(204);
    expect((await prsOfficer.post(`/api/duplicate-notices/${agency[0]!.id}/reconcile`, { note: 'Again' })).statusCode).toBe(409);
    expect((await prsOfficer.get('/api/duplicate-notices?status=open')).json().notices).toEqual([]);
    expect((await prsOfficer.get('/api/duplicate-notices?status=reconciled')).json().notices[0]).toMatchObject({ status: 'reconciled', note: 'Same person: the centre closes its case.', reconciledByName: 'Elena Petrova' });
    expect((await bpcOfficer.get('/api/duplicate-notices')).json().notices[0].status).toBe('open');
    await t.sealAudit();
    expect(await count('audit_events', sql`action = 'case.duplicate_notice.reconcile' AND subject_id = ${aziz.id}`)).toBe(1);
    expect(noticeReference('3f9a21c4-0000-4000-8000-000000000000')).toBe('PD-3F9A21C4');
    // A working record between the officers: not in the person's subject access export.
    const sar = await download(t, prsOfficer, await prsOfficer.post('/api/subject-access', { caseNumber: aziz.case_number, reason: 'Subject access request received, ref SAR-9.', format: 'json' }));
    expect(sar.body).toContain(aziz.case_number);
    expect(sar.body).not.toMatch(/case_duplicate_notices|PD-[0-9A-F]{8}|Bridge Psychosocial Centre/);
  });

  it('audits the check inside the transaction that opens the case, without the values looked for', async () => {
    // The agency's Kamal, by name and birth date: the birth date is noted beside the name.
    const res = await asker.post('/api/cases', person('Cem', { legalName: 'Kamal Iskakov', birthDate: '2004-02-08' }));
    expect(res.statusCode).toBe(201);
    const pair = await t.db.system((tx) => tx.selectFrom('case_duplicate_notices').select(['side', 'fields']).where('case_id', '=', res.json().id).execute());
    expect(pair).toEqual([{ side: 'checked', fields: ['birth_date', 'legal_name'] }]);
    await t.sealAudit();
    const events = await t.db.system(async (tx) =>
      (await sql<{ action: string; request_id: string; subject_id: string; subject_org_id: string; details: Record<string, unknown> }>`
        SELECT action, request_id, subject_id, subject_org_id, details FROM audit_events WHERE action = 'case.duplicate_check' ORDER BY id`.execute(tx)).rows,
    );
    const mine = events.find((e) => e.subject_id === res.json().id)!;
    expect(mine).toMatchObject({ request_id: res.headers['x-request-id'], subject_org_id: ids['org-admin@tandem.example']!.org, details: { opened: true, across_agencies: true } });
    expect(Object.keys(mine.details.probes as object).sort()).toEqual(['birth_date', 'legal_name']);
    // The event of the match and of the non-match say the same, and no event holds a value.
    const [a, b] = [opened.match!, opened.none!].map((c) => events.find((e) => e.subject_id === c.id)!);
    expect(Object.keys(a!.details).sort()).toEqual(Object.keys(b!.details).sort());
    expect(JSON.stringify(events)).not.toMatch(/Aziz|Rakhimov|XM2298810|Nobody|Kamal|Iskakov|2004-02-08/i);

    // Undone with its transaction: the case, the notices, the audit event and the count together.
    const before = await snapshot();
    const actor: Actor = { userId: ids['org-admin@tandem.example']!.user, sessionId: 'test', stage: 'complete', orgId: ids['org-admin@tandem.example']!.org, roles: ['case_coordinator'] };
    const input = newCaseBody.parse(person('Dan', { legalName: 'Farrukh Nazarov' })); // the agency's, unseen by the centre
    await expect(
      t.db.transaction({ role: 'tandem_app', requestId: 'rolled-back', userId: actor.userId, orgId: actor.orgId }, async (tx) => {
        const outcome = await createCase(tx, actor, openVault(t.config), input, new Date(), LIMIT);
        expect(outcome.kind).toBe('created');
        throw new Error('the request failed after the check');
      }),
    ).rejects.toThrow('the request failed after the check');
    await t.sealAudit();
    expect(await snapshot()).toEqual(before);
    expect(await count('audit_events', sql`request_id = 'rolled-back'`)).toBe(0);
  });

  it('follows the same rule in the import report and the import', async () => {
    // The agency imports: one row names the centre's case that the agency cannot see, one nobody.
    const header = 'alias,sex,age_band,category,legal_name';
    const files = { match: `${header}\nEra,female,25-34,adult_returnee,Nobody Anywhere\n`, none: `${header}\nEra,female,25-34,adult_returnee,Truly Unknown Person\n` };
    const reports = await Promise.all([upload(prsCoordinator, files.match, 'check'), upload(prsCoordinator, files.none, 'check')]);
    expect(reports.map((r) => r.statusCode)).toEqual([200, 200]);
    expect(reports[0]!.body).toBe(reports[1]!.body);
    expect(reports[0]!.json()).toEqual({ totalRows: 1, validRows: 1, errors: [] });

    const runs: Run[] = [];
    for (const csv of [files.match, files.none]) {
      const started = await upload(prsCoordinator, csv, 'all');
      expect(started.statusCode, started.body).toBe(202);
      expect(started.json().report).toEqual(reports[0]!.json());
      await t.runJobs();
      runs.push((await prsCoordinator.get(`/api/cases/imports/${started.json().id}`)).json() as Run);
    }
    const strip = ({ id: _i, createdAt: _c, finishedAt: _f, cases, ...rest }: Run & Record<string, unknown>) => ({ ...rest, cases: cases.length });
    expect(strip(runs[0]! as Run & Record<string, unknown>)).toEqual(strip(runs[1]! as Run & Record<string, unknown>));
    expect(runs[0]).toMatchObject({ status: 'done', importedRows: 1, errors: [] });

    // The officers hear of the imported row that matched: the agency's side names its new case.
    const agency = ((await prsOfficer.get('/api/duplicate-notices?status=open')).json().notices as Notice[]).filter((n) => n.side === 'checked');
    expect(agency.map((n) => n.caseNumber)).toEqual([runs[0]!.cases[0]!.caseNumber]);
    const centre = ((await bpcOfficer.get('/api/duplicate-notices')).json().notices as Notice[]).filter((n) => n.side === 'held');
    expect(centre.map((n) => n.caseNumber)).toEqual([opened.none!.caseNumber]);
    expect(await count('case_duplicate_notices', sql`case_id = ${runs[1]!.cases[0]!.id}`)).toBe(0);
    await t.sealAudit();
    expect(await count('audit_events', sql`action = 'case.duplicate_check' AND subject_type = 'case_import'`)).toBe(2);

    // A case the importing agency may see is still named in the report, as before.
    const own = await upload(prsCoordinator, `${header}\nRosa Again,female,25-34,adult_returnee,Zarina Tokhtarova\n`, 'check');
    expect(own.json().errors).toEqual([{ row: 2, column: 'legal_name', code: 'duplicate_existing', message: expect.stringContaining('possible duplicate of case XM-'), related: expect.stringMatching(/^XM-/) }]);
  });

  it('limits checks across agencies per person per day: over it, 429 and nothing changes', async () => {
    // The asker has checked 3 people today (two cases, then one more); two more are allowed.
    for (const name of ['Fourth Person', 'Fifth Person']) expect((await asker.post('/api/cases', person('Eli', { legalName: name }))).statusCode).toBe(201);
    const before = await snapshot();
    expect(before.counts.find((c) => c.user_id === ids['org-admin@tandem.example']!.user)?.checks).toBe(LIMIT);
    const refused = await asker.post('/api/cases', person('Fay', { legalName: 'Farrukh Nazarov' }));
    expect(refused.statusCode).toBe(429);
    expect(refused.json()).toMatchObject({ code: 'rate_limited', status: 429 });
    expect(refused.json().detail).toContain('nothing was opened');
    expect(Number(refused.headers['retry-after'])).toBeGreaterThan(0);
    expect(Number(refused.headers['retry-after'])).toBeLessThanOrEqual(86_400);
    // By document number too, and by import; the check of a file (own agency only) still answers.
    expect((await asker.post('/api/cases', person('Gul', { documentNumbers: ['ZZ9'] }))).statusCode).toBe(429);
    const header = 'alias,sex,age_band,category,legal_name';
    const csv = `${header}\nHal,male,25-34,adult_returnee,Another Name\n`;
    expect((await upload(asker, csv, 'check')).statusCode).toBe(200);
    const importRefused = await upload(asker, csv, 'all');
    expect(importRefused.statusCode).toBe(429);
    expect(importRefused.json().detail).toContain('nothing was imported');
    await t.sealAudit();
    expect(await snapshot()).toEqual({ ...before, audit: before.audit + 1 }); // + the import check's own event
    // A case without a name or document number checks nobody: it still opens. So does a birth date alone.
    expect((await asker.post('/api/cases', person('Ivo', {}))).statusCode).toBe(201);
    expect((await asker.post('/api/cases', person('Jan', { birthDate: '1990-01-01' }))).statusCode).toBe(201);
    // Another person has their own count.
    expect((await prsCoordinator.post('/api/cases', person('Kai', { legalName: 'Yet Another Name' }))).statusCode).toBe(201);
    // And tomorrow the count starts again (counted in the database, whichever server asks).
    const actor: Actor = { userId: ids['org-admin@tandem.example']!.user, sessionId: 'test', stage: 'complete', orgId: ids['org-admin@tandem.example']!.org, roles: ['case_coordinator'] };
    const tomorrow = new Date(Date.now() + 86_400_000);
    await t.db.transaction({ role: 'tandem_app', requestId: 'tomorrow', userId: actor.userId, orgId: actor.orgId }, (tx) => countChecks(tx, actor, LIMIT, LIMIT, tomorrow, 'open'));
    await expect(
      t.db.transaction({ role: 'tandem_app', requestId: 'tomorrow-2', userId: actor.userId, orgId: actor.orgId }, (tx) => countChecks(tx, actor, 1, LIMIT, tomorrow, 'open')),
    ).rejects.toMatchObject({ code: 'rate_limited' });
  });

  it('holds in SQL: notices, counts and the check itself under the application role', async () => {
    const tables = await t.db.system(async (tx) =>
      (await sql<{ relname: string; on: boolean; forced: boolean }>`SELECT relname, relrowsecurity AS on, relforcerowsecurity AS forced FROM pg_class
        WHERE relname IN ('case_duplicate_notices', 'case_duplicate_check_counts') ORDER BY relname`.execute(tx)).rows,
    );
    expect(tables).toEqual([
      { relname: 'case_duplicate_check_counts', on: true, forced: true },
      { relname: 'case_duplicate_notices', on: true, forced: true },
    ]);
    // The old look-ups that returned other agencies' case ids are gone.
    const gone = await t.db.system(async (tx) =>
      (await sql<{ a: string | null; b: string | null }>`SELECT to_regprocedure('tandem_identity_matches(text[],text[])')::text AS a, to_regprocedure('tandem_identity_probe_matches(text[],text[])')::text AS b`.execute(tx)).rows[0],
    );
    expect(gone).toEqual({ a: null, b: null });
    // The one function that looks past need-to-know: definer, pinned search path, tandem_app only.
    const fn = await t.db.system(async (tx) =>
      (await sql<{ definer: boolean; config: string[]; app: boolean; auth: boolean; pub: boolean }>`
        SELECT p.prosecdef AS definer, p.proconfig AS config,
          has_function_privilege('tandem_app', p.oid, 'EXECUTE') AS app,
          has_function_privilege('tandem_auth', p.oid, 'EXECUTE') AS auth,
          EXISTS (SELECT 1 FROM aclexplode(p.proacl) a WHERE a.grantee = 0) AS pub
        FROM pg_proc p WHERE p.proname = 'tandem_raise_duplicate_notices'`.execute(tx)).rows[0],
    );
    expect(fn).toMatchObject({ definer: true, app: true, auth: false, pub: false });
    expect(fn!.config).toContain('search_path=pg_catalog, public, pg_temp');

    // The coordinator who asked reads no notice, writes none, and the function answers nothing.
    const askerEmail = 'org-admin@tandem.example';
    expect(await as<number>(askerEmail, async (tx) => (await tx.selectFrom('case_duplicate_notices').select('id').execute()).length)).toBe(0);
    await expect(
      as(askerEmail, (tx) => tx.insertInto('case_duplicate_notices').values({ pair_id: crypto.randomUUID(), org_id: ids[askerEmail]!.org, side: 'held', case_id: aziz.id, other_org_id: ids['dpo@tandem.example']!.org, other_org_name: 'x', fields: ['legal_name'] }).execute()),
    ).rejects.toMatchObject({ code: '42501' });
    const notices = await count('case_duplicate_notices');
    const answered = await as<unknown[]>(askerEmail, async (tx) => (await sql`SELECT tandem_raise_duplicate_notices(${[aziz.id, opened.match!.id, opened.none!.id]}::uuid[]) AS r`.execute(tx)).rows);
    expect(answered).toHaveLength(1);
    expect([null, '']).toContain((answered[0] as { r: unknown }).r); // void
    // Neither another agency's case nor an old case of one's own raises anything.
    expect(await count('case_duplicate_notices')).toBe(notices);

    // An officer reads and reconciles only their own side, in their own name.
    const officer = 'dpo@tandem.example';
    const seen = await as<string[]>(officer, async (tx) => (await tx.selectFrom('case_duplicate_notices').select('org_id').execute()).map((r) => r.org_id));
    expect(seen.length).toBeGreaterThan(0);
    expect(new Set(seen)).toEqual(new Set([ids[officer]!.org]));
    const centreSide = await t.db.system((tx) => tx.selectFrom('case_duplicate_notices').select('id').where('org_id', '=', ids[askerEmail]!.org).where('reconciled_at', 'is', null).executeTakeFirstOrThrow());
    const changed = await as<bigint>(officer, async (tx) =>
      (await tx.updateTable('case_duplicate_notices').set({ reconciled_at: new Date(), reconciled_by: ids[officer]!.user, reconciliation_note: 'not mine' }).where('id', '=', centreSide.id).executeTakeFirst()).numUpdatedRows,
    );
    expect(changed).toBe(0n);
    const ownOpen = await t.db.system((tx) => tx.selectFrom('case_duplicate_notices').select('id').where('org_id', '=', ids[officer]!.org).where('reconciled_at', 'is', null).executeTakeFirstOrThrow());
    await expect(
      as(officer, (tx) => tx.updateTable('case_duplicate_notices').set({ reconciled_at: new Date(), reconciled_by: ids[askerEmail]!.user, reconciliation_note: 'in another name' }).where('id', '=', ownOpen.id).execute()),
    ).rejects.toMatchObject({ code: '42501' });
    await expect(as(officer, (tx) => tx.updateTable('case_duplicate_notices').set({ fields: ['birth_date'] }).where('id', '=', ownOpen.id).execute())).rejects.toMatchObject({ code: '42501' });
    await expect(as(officer, (tx) => tx.deleteFrom('case_duplicate_notices').where('id', '=', ownOpen.id).execute())).rejects.toMatchObject({ code: '42501' });

    // Each person sees and moves only their own count.
    expect(await as<number>(askerEmail, async (tx) => (await tx.selectFrom('case_duplicate_check_counts').select('user_id').execute()).length)).toBe(1);
    await expect(
      as(askerEmail, (tx) => tx.insertInto('case_duplicate_check_counts').values({ user_id: ids[officer]!.user, day: '2030-01-01', checks: 0 }).execute()),
    ).rejects.toMatchObject({ code: '42501' });
    const reset = await as<bigint>(askerEmail, async (tx) =>
      (await tx.updateTable('case_duplicate_check_counts').set({ checks: 0 }).where('user_id', '=', ids['coordinator@tandem.example']!.user).executeTakeFirst()).numUpdatedRows,
    );
    expect(reset).toBe(0n);
  });
});
