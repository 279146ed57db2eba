// Importing cases from CSV: the validation report, all-or-nothing unless the valid rows are
// chosen, duplicates within the file and against existing cases, encodings, upload limits,
// who may import, the background run with its progress, and the same walls in SQL.
import fc from 'fast-check';
import { sql } from 'kysely';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { IMPORT_BATCH, ImportPaused, runImport } from '../../src/modules/cases/import.ts';
import { openVault } from '../../src/server.ts';
import { backends } from '../support/databases.ts';
import { createTestApp, type TestApp } from '../support/app.ts';
import type { TestClient } from '../support/client.ts';
import { fileUpload } from '../support/multipart.ts';

const HEADER = 'alias,sex,age_band,birth_year,nationality,category,legal_status,region,languages,legal_name,birth_date,document_numbers,address,phones,confirm_not_duplicate';
type Report = { totalRows: number; validRows: number; errors: Array<{ row: number; column: string | null; code: string; message: string; related?: string | null }> };
type Run = { status: string; importedRows: number; validRows: number; totalRows: number; errors: Report['errors']; cases: Array<{ row: number; id: string; caseNumber: string; alias: string }> };

describe.each(backends)('case imports on %s', (backend) => {
  let t: TestApp;
  let coordinator: TestClient;
  let seq = 0;
  beforeAll(async () => {
    // The files here check more people across agencies than a day allows by default (200).
    t = await createTestApp(backend, { TANDEM_DUPLICATE_CHECKS_PER_DAY: '100000' });
    coordinator = await t.signIn('coordinator@tandem.example');
  });
  afterAll(() => t?.close());

  const upload = (client: TestClient, content: string | Buffer, mode = 'check', file: { filename?: string; type?: string } = {}) =>
    client.request('POST', `/api/cases/imports?mode=${mode}`, undefined, fileUpload(content, file));
  const caseCount = () => t.db.system(async (tx) => (await sql<{ n: number }>`SELECT count(*)::int AS n FROM cases`.execute(tx)).rows[0]!.n);
  const identityCount = () => t.db.system(async (tx) => (await sql<{ n: number }>`SELECT count(*)::int AS n FROM case_identity`.execute(tx)).rows[0]!.n);
  const finished = async (id: string): Promise<Run> => {
    await t.runJobs();
    return (await coordinator.get(`/api/cases/imports/${id}`)).json() as Run;
  };
  /** A valid row with a document number no other row has. */
  const row = (alias: string, extra: Partial<Record<'legal_name' | 'doc' | 'sex' | 'confirm', string>> = {}) =>
    [alias, extra.sex ?? 'female', '25-34', '1990', 'KZ', 'adult_returnee', 'none', 'almaty', 'kk|ru', extra.legal_name ?? '', '', extra.doc ?? `T${++seq}X${Date.now() % 100000}`, '', '', extra.confirm ?? ''].join(',');

  it('imports a valid UTF-8 file with Cyrillic and Arabic names, quoted commas and line breaks, each case sealed, indexed and on its timeline', async () => {
    const csv =
      '\uFEFF' +
      `${HEADER}\r\n` +
      `Мадина,female,25-34,1991,KZ,adult_returnee,released,almaty,ru|kk,Мадина Алиева,1991-02-03,N7001,"ул. Абая 10, кв. 5\nАлматы",+7 701 000 0001,\r\n` +
      `فاطمة,female,12-17,,SY,child_returnee,none,,ar,"فاطمة الحسن",,N7002,,,no\r\n` +
      `"Quote ""Q""",male,18-24,,,family_member,,,,,,,,,\r\n`;
    const before = await caseCount();
    const checked = await upload(coordinator, csv);
    expect(checked.statusCode, checked.body).toBe(200);
    expect(checked.json()).toEqual({ totalRows: 3, validRows: 3, errors: [] });
    expect(await caseCount()).toBe(before); // a check changes nothing

    const started = await upload(coordinator, csv, 'all');
    expect(started.statusCode, started.body).toBe(202);
    const run = await finished(started.json().id);
    expect(run).toMatchObject({ status: 'done', totalRows: 3, validRows: 3, importedRows: 3 });
    expect(run.cases.map((c) => [c.row, c.alias])).toEqual([[2, 'Мадина'], [3, 'فاطمة'], [4, 'Quote "Q"']]);
    expect(await caseCount()).toBe(before + 3);

    const madina = run.cases[0]!.id;
    const identity = (await coordinator.get(`/api/cases/${madina}/identity`)).json();
    expect(identity).toMatchObject({ legalName: 'Мадина Алиева', birthDate: '1991-02-03', documentNumbers: ['N7001'], address: 'ул. Абая 10, кв. 5\nАлматы', phones: ['+7 701 000 0001'] });
    expect((await coordinator.get(`/api/cases/${run.cases[1]!.id}/identity`)).json().legalName).toBe('فاطمة الحسن');
    const detail = (await coordinator.get(`/api/cases/${madina}`)).json();
    expect(detail).toMatchObject({ relation: 'lead', legalStatus: 'released', languages: ['ru', 'kk'], region: 'almaty' });
    const timeline = (await coordinator.get(`/api/cases/${madina}/timeline`)).json();
    expect(JSON.stringify(timeline)).toContain('case.imported');
    // Found by the blind index like any other case.
    const again = await coordinator.post('/api/cases', { alias: 'Again', sex: 'female', ageBand: '25-34', category: 'adult_returnee', identity: { legalName: 'мадина алиева' } });
    expect(again.statusCode).toBe(409);
    expect(again.json().matches.map((m: { alias: string }) => m.alias)).toEqual(['Мадина']);
    const stored = await t.db.system((tx) => tx.selectFrom('case_identity').select('sealed').where('case_id', '=', madina).execute());
    expect(stored.every((s) => !s.sealed.includes('Мадина'))).toBe(true);

    // Audited with counts only: no value from the file in the audit trail.
    await t.sealAudit();
    const audits = await t.db.system(async (tx) => (await sql<{ action: string; details: unknown }>`SELECT action, details FROM audit_events WHERE action LIKE 'case.import.%' ORDER BY id`.execute(tx)).rows);
    expect(audits.map((a) => a.action)).toEqual(['case.import.check', 'case.import.check', 'case.import.start', 'case.import.finish']);
    expect(audits[2]!.details).toMatchObject({ mode: 'all', rows: 3, valid: 3 });
    expect(audits[3]!.details).toMatchObject({ imported: 3 });
    expect(JSON.stringify(audits)).not.toMatch(/Мадина|فاطمة|N7001|Абая/);
  });

  it('lists every row error and imports nothing when any row fails; the valid rows only when chosen', async () => {
    const csv = [
      HEADER,
      row('Good One'),
      'Bad Sex,robot,25-34,,,adult_returnee,,,,,,,,,',
      'Bad Many,female,99,abc,kz,adult_returnee,,,,,2020-13-45,,,12,maybe',
      row('Good Two'),
      'Short,female',
    ].join('\n');
    const before = await caseCount();
    const report = (await upload(coordinator, csv)).json() as Report;
    expect(report.totalRows).toBe(5);
    expect(report.validRows).toBe(2);
    expect(report.errors.filter((e) => e.row === 3)).toEqual([{ row: 3, column: 'sex', code: 'invalid', message: 'must be one of: female, male, unknown' }]);
    expect(report.errors.filter((e) => e.row === 4).map((e) => e.column).sort()).toEqual(['age_band', 'birth_date', 'birth_year', 'confirm_not_duplicate', 'nationality', 'phones']);
    expect(report.errors.find((e) => e.row === 6)).toMatchObject({ column: null, code: 'cell_count' });

    const refused = await upload(coordinator, csv, 'all');
    expect(refused.statusCode).toBe(422);
    expect(refused.json().detail).toContain('3 row(s) have errors');
    expect(await caseCount()).toBe(before);

    const started = await upload(coordinator, csv, 'valid_only');
    expect(started.statusCode).toBe(202);
    const run = await finished(started.json().id);
    expect(run).toMatchObject({ status: 'done', totalRows: 5, validRows: 2, importedRows: 2 });
    expect(run.cases.map((c) => c.alias)).toEqual(['Good One', 'Good Two']);
    expect(run.errors.map((e) => e.row)).toContain(3);
    expect(await caseCount()).toBe(before + 2);
  });

  it('finds duplicates within the file and against existing cases, unless a row confirms it is not one', async () => {
    const csv = [
      HEADER,
      row('Twin A', { doc: 'DUP-100' }),
      row('Twin B', { doc: 'DUP 100' }), // the same document number, written differently
      row('Rosa Again', { legal_name: 'ZARINA  tokhtarova' }), // an existing case of the agency
      row('Rosa Checked', { legal_name: 'Zarina Tokhtarova', confirm: 'yes' }),
    ].join('\n');
    const report = (await upload(coordinator, csv)).json() as Report;
    const rosa = await t.db.system((tx) => tx.selectFrom('cases').select('case_number').where('alias', '=', 'Rosa').executeTakeFirstOrThrow());
    expect(report.errors).toEqual([
      { row: 3, column: 'document_numbers', code: 'duplicate_in_file', message: 'same as row 2', related: '2' },
      { row: 4, column: 'legal_name', code: 'duplicate_existing', message: `possible duplicate of case ${rosa.case_number}`, related: rosa.case_number },
    ]);
    expect(report.validRows).toBe(2);
  });

  it('accepts UTF-8 with or without a byte order mark and semicolons, and refuses other encodings clearly', async () => {
    const text = `${HEADER}\n${row('Ёлка')}\n`;
    expect((await upload(coordinator, text)).json().validRows).toBe(1);
    expect((await upload(coordinator, `\uFEFF${text}`)).json().validRows).toBe(1);
    expect((await upload(coordinator, text.replaceAll(',', ';'))).json().validRows).toBe(1);

    const utf16 = Buffer.concat([Buffer.from([0xff, 0xfe]), Buffer.from(text, 'utf16le')]);
    const refused16 = await upload(coordinator, utf16);
    expect(refused16.statusCode).toBe(422);
    expect(refused16.json().detail).toContain('CSV UTF-8');
    // "Ёлка" in Windows-1251: not UTF-8.
    const cp1251 = Buffer.concat([Buffer.from(`${HEADER}\n`), Buffer.from([0xa8, 0xeb, 0xea, 0xe0]), Buffer.from(',female,25-34,,,adult_returnee,,,,,,,,,\n')]);
    const refused1251 = await upload(coordinator, cp1251);
    expect(refused1251.statusCode).toBe(422);
    expect(refused1251.json().detail).toMatch(/not UTF-8.*Windows-1251/);

    const unknownColumn = await upload(coordinator, 'alias,sex,age_band,category,full_name\nA,female,25-34,adult_returnee,X\n');
    expect(unknownColumn.statusCode).toBe(422);
    expect(unknownColumn.json().detail).toContain('full_name');
    expect((await upload(coordinator, 'alias,sex\nA,female\n')).json().detail).toContain('age_band, category');
    expect((await upload(coordinator, `${HEADER}\n"unterminated,female`)).statusCode).toBe(422);
    expect((await upload(coordinator, '')).statusCode).toBe(422);
  });

  it('refuses oversized uploads, other content types and requests that are not uploads', async () => {
    const before = await caseCount();
    const big = `${HEADER}\n${`${row('Big')}\n`.repeat(Math.ceil((5.2 * 1024 * 1024) / 60))}`;
    const tooBig = await upload(coordinator, big);
    expect(tooBig.statusCode).toBe(413);
    expect((await upload(coordinator, `${HEADER}\n${row('Pic')}`, 'check', { filename: 'photo.png', type: 'image/png' })).statusCode).toBe(415);
    expect((await upload(coordinator, 'PK\u0003\u0004rest', 'check', { filename: 'cases.xlsx', type: 'application/vnd.ms-excel' })).json().detail).toContain('workbook');
    expect((await coordinator.post('/api/cases/imports?mode=all', { rows: [] })).statusCode).toBe(415);
    expect((await upload(coordinator, `${HEADER}\n${row('M')}`, 'everything')).statusCode).toBe(400);
    expect(await caseCount()).toBe(before);
  });

  it('lets only the coordinators of the agency import and see its imports', async () => {
    const csv = `${HEADER}\n${row('Someone')}\n`;
    const started = await upload(coordinator, csv, 'all');
    const id = started.json().id as string;
    await finished(id);
    for (const email of ['caseworker@tandem.example', 'viewer@tandem.example', 'dpo@tandem.example', 'platform-admin@tandem.example', 'agency-admin@tandem.example']) {
      const other = await t.signIn(email);
      expect((await upload(other, csv, 'all')).statusCode, email).toBe(403);
      expect((await other.get(`/api/cases/imports/${id}`)).statusCode, email).toBe(403);
    }
    expect((await upload(t.client(), csv, 'all')).statusCode).toBe(401);
    // A coordinator of another agency: the run does not exist for them.
    // (The centre's administrator, made a coordinator of the centre for these tests.)
    await t.db.system((tx) => sql`UPDATE memberships SET roles = ARRAY['case_coordinator'] WHERE user_id = (SELECT id FROM users WHERE email = 'org-admin@tandem.example')`.execute(tx));
    const stranger = await t.signIn('org-admin@tandem.example');
    expect((await stranger.get(`/api/cases/imports/${id}`)).statusCode).toBe(404);
    expect((await coordinator.get('/api/cases/imports/00000000-0000-4000-8000-000000000000')).statusCode).toBe(404);
  });

  it('holds in SQL: imports are seen and written only by coordinators of the agency', async () => {
    const ids = Object.fromEntries(
      (await t.db.system((tx) => tx.selectFrom('users').innerJoin('memberships', 'memberships.user_id', 'users.id').select(['users.email', 'users.id', 'memberships.org_id']).execute())).map((r) => [r.email, { user: r.id, org: r.org_id }]),
    );
    const as = <T>(email: string, fn: Parameters<TestApp['db']['transaction']>[1]) =>
      t.db.transaction({ role: 'tandem_app', requestId: 'rls-import', userId: ids[email]!.user, orgId: ids[email]!.org }, fn) as Promise<T>;
    const rls = await t.db.system(async (tx) =>
      (await sql<{ relname: string; on: boolean; forced: boolean }>`SELECT relname, relrowsecurity AS on, relforcerowsecurity AS forced FROM pg_class
        WHERE relname IN ('case_imports', 'case_import_rows') ORDER BY relname`.execute(tx)).rows,
    );
    expect(rls).toEqual([
      { relname: 'case_import_rows', on: true, forced: true },
      { relname: 'case_imports', on: true, forced: true },
    ]);
    const seen = (email: string) => as<number>(email, async (tx) => (await tx.selectFrom('case_imports').select('id').execute()).length);
    expect(await seen('coordinator@tandem.example')).toBeGreaterThan(0);
    for (const email of ['caseworker@tandem.example', 'dpo@tandem.example', 'platform-admin@tandem.example', 'org-admin@tandem.example']) expect(await seen(email), email).toBe(0);
    const rowsSeen = await as<number>('dpo@tandem.example', async (tx) => (await tx.selectFrom('case_import_rows').select('case_id').execute()).length);
    expect(rowsSeen).toBe(0);
    // Writing a run for another agency, or linking a case the agency does not lead, is refused.
    const prs = ids['coordinator@tandem.example']!.org;
    await expect(
      as('org-admin@tandem.example', (tx) => tx.insertInto('case_imports').values({ org_id: prs, created_by: ids['org-admin@tandem.example']!.user, mode: 'all', total_rows: 1, valid_rows: 1, errors: '[]' }).execute()),
    ).rejects.toThrow();
    const anyCase = await t.db.system((tx) => tx.selectFrom('cases').select('id').where('lead_org_id', '=', prs).executeTakeFirstOrThrow());
    await expect(
      as('org-admin@tandem.example', async (tx) => {
        const run = await tx.insertInto('case_imports').values({ org_id: ids['org-admin@tandem.example']!.org, created_by: ids['org-admin@tandem.example']!.user, mode: 'all', total_rows: 1, valid_rows: 1, errors: '[]' }).returning('id').executeTakeFirstOrThrow();
        await tx.insertInto('case_import_rows').values({ import_id: run.id, row_number: 2, case_id: anyCase.id }).execute();
      }),
    ).rejects.toThrow();
  });

  it('imports a larger file in batches, showing progress while it runs', { timeout: 120_000 }, async () => {
    const n = 1_100;
    const lines = Array.from({ length: n }, (_, i) => [`Batch ${i}`, i % 2 ? 'male' : 'female', '18-24', '', '', 'family_member', '', '', '', '', '', `BATCH-${i}`, '', '', ''].join(','));
    const started = await upload(coordinator, `${HEADER}\n${lines.join('\n')}\n`, 'all');
    expect(started.statusCode).toBe(202);
    const id = started.json().id as string;
    // The job runs (here, in this process) while the page polls the run.
    const job = t.runJobs();
    const seenProgress: number[] = [];
    for (let i = 0; i < 400; i++) {
      const run = (await coordinator.get(`/api/cases/imports/${id}`)).json() as Run;
      seenProgress.push(run.importedRows);
      if (run.status !== 'running') break;
      await new Promise((r) => setTimeout(r, 20));
    }
    await job;
    const run = await finished(id);
    expect(run).toMatchObject({ status: 'done', importedRows: n });
    expect(seenProgress.some((p) => p > 0 && p < n) || seenProgress[0] === n).toBe(true);
    expect(run.cases).toHaveLength(500); // the page lists the first 500 and links to the case list
    const linked = await t.db.system(async (tx) => (await sql<{ n: number }>`SELECT count(*)::int AS n FROM case_import_rows WHERE import_id = ${id}`.execute(tx)).rows[0]!.n);
    expect(linked).toBe(n);
  });

  it('pauses a running import between batches when the server shuts down, and goes on where it stopped', { timeout: 120_000 }, async () => {
    const lines = Array.from({ length: IMPORT_BATCH * 3 }, (_, i) => `Stop ${i},female,18-24,family_member`);
    const started = await upload(coordinator, `alias,sex,age_band,category\n${lines.join('\n')}\n`, 'all');
    expect(started.statusCode).toBe(202);
    const { id } = started.json() as { id: string };
    // The rows wait with the run, sealed: nothing of them is readable in the table.
    const stored = await t.db.system(async (tx) => (await sql<{ sealed_rows: string }>`SELECT sealed_rows FROM case_imports WHERE id = ${id}`.execute(tx)).rows[0]!.sealed_rows);
    expect(stored).toMatch(/^v1\./);
    expect(stored).not.toContain('Stop 0');
    // The stop arrives while the first batch is being written: that batch stays, the run waits.
    let asked = 0;
    const stopping = { get aborted() { return ++asked > 1; } } as AbortSignal;
    await expect(runImport(t.db, openVault(t.config), id, () => new Date(), stopping)).rejects.toBeInstanceOf(ImportPaused);
    expect((await coordinator.get(`/api/cases/imports/${id}`)).json()).toMatchObject({ status: 'running', importedRows: IMPORT_BATCH });
    // A server up again goes on, skipping what was imported: each row once.
    await t.runJobs();
    const run = (await coordinator.get(`/api/cases/imports/${id}`)).json() as Run;
    expect(run).toMatchObject({ status: 'done', importedRows: IMPORT_BATCH * 3 });
    const counts = await t.db.system(async (tx) =>
      (await sql<{ cases: number; rows: number; sealed: string | null }>`
        SELECT (SELECT count(*)::int FROM cases WHERE alias LIKE 'Stop %') AS cases,
               (SELECT count(DISTINCT row_number)::int FROM case_import_rows WHERE import_id = ${id}) AS rows,
               (SELECT sealed_rows FROM case_imports WHERE id = ${id}) AS sealed`.execute(tx)).rows[0]!,
    );
    expect(counts).toEqual({ cases: IMPORT_BATCH * 3, rows: IMPORT_BATCH * 3, sealed: null });
  });

  it('property: any file with an invalid row is refused whole, and the report names every invalid row', { timeout: 120_000 }, async () => {
    const cell = fc.oneof(fc.constant(''), fc.string({ maxLength: 12 }), fc.constantFrom('female', 'x', '25-34', '=cmd()', 'adult_returnee', '1990', 'KZ', '2020-02-30', ',', '"', '\n'));
    const badRow = fc.tuple(
      fc.constantFrom('robot', '', 'FEMALE'), // never a valid sex: the row is invalid
      fc.array(cell, { minLength: 13, maxLength: 13 }),
    );
    const quote = (v: string) => `"${v.replaceAll('"', '""')}"`;
    await fc.assert(
      fc.asyncProperty(fc.array(badRow, { minLength: 1, maxLength: 6 }), fc.integer({ min: 0, max: 4 }), async (bad, goodCount) => {
        const lines = [
          ...Array.from({ length: goodCount }, (_, i) => row(`Prop ${i}`)),
          ...bad.map(([sex, rest]) => [quote('Prop bad'), quote(sex), ...rest.map(quote)].join(',')),
        ];
        const before = [await caseCount(), await identityCount()];
        const csv = `${HEADER}\n${lines.join('\n')}\n`;
        const report = (await upload(coordinator, csv)).json() as Report;
        const badRows = bad.map((_, i) => goodCount + 2 + i);
        const reported = new Set(report.errors.map((e) => e.row));
        for (const r of badRows) expect(reported.has(r)).toBe(true);
        expect(report.validRows).toBe(goodCount);
        const refused = await upload(coordinator, csv, 'all');
        expect(refused.statusCode).toBe(422);
        expect([await caseCount(), await identityCount()]).toEqual(before);
      }),
      { numRuns: backend === 'pglite' ? 25 : 10 },
    );
  });
});
