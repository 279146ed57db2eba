// The confidential reporting channel end to end, through its plain pages (form posts, no
// JavaScript) and the monitors' API: a report sent with and without an account, the receipt code
// shown once and stored only as a keyed hash, content and contact sealed at rest, a monitor who
// takes it, asks a question the reporter reads and answers with the code, and turns it into an
// unverified restriction record; a report withdrawn and erased. The reporter's protection is
// checked where it could leak: every log line the server wrote (captured), every audit row, the
// mail outbox and the stored rows hold neither their address, user agent, account, nor text.
import { existsSync } from 'node:fs';
import { readFile } from 'node:fs/promises';
import { join } from 'node:path';
import { Writable } from 'node:stream';
import { sql } from 'kysely';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { jpegWithMetadata, pdfWithMetadata } from '../support/civic-files.ts';
import { loggerOptions } from '../../src/platform/http/logger.ts';
import { createTestApp, type TestApp } from '../support/app.ts';
import { backends } from '../support/databases.ts';
import type { TestClient } from '../support/client.ts';
import { civicRecord } from '../support/civic.ts';

const REPORTER_IP = '203.0.113.77';
const FORWARDED_IP = '198.51.100.23';
const USER_AGENT = 'ReporterBrowser/7.3 (UA-MARKER)';
const TEXT = 'REPORT-TEXT-MARKER: the tax police sealed the office of our association and took its laptops.';
const TITLE = 'REPORT-TITLE-MARKER office sealed';
const CONTACT = 'CONTACT-MARKER signal +7 900 000 00 00';
const QUESTION = 'QUESTION-MARKER: on which day did it happen, and was a court order shown?';
const ANSWER = 'ANSWER-MARKER: on the 3rd of March, no order was shown.';
const RECEIPT = /<p class="receipt" id="receipt">([0-9A-Z]{4}(?:-[0-9A-Z]{4}){4})<\/p>/;

const form = (fields: Record<string, string | string[]>) => {
  const p = new URLSearchParams();
  for (const [k, v] of Object.entries(fields)) for (const x of [v].flat()) p.append(k, x);
  return p.toString();
};

describe.each(backends)('confidential reporting channel on %s', (backend) => {
  let t: TestApp;
  let reporter: TestClient;
  let monitor: TestClient;
  let second: TestClient;
  const lines: string[] = [];
  const headers = { 'user-agent': USER_AGENT, 'x-forwarded-for': FORWARDED_IP, 'x-real-ip': FORWARDED_IP };

  const tokenOf = (html: string) => /name="token" value="([^"]+)"/.exec(html)![1]!;
  const post = async (client: TestClient, path: string, fields: Record<string, string | string[]>, extra: Record<string, string> = {}) =>
    client.request('POST', path, undefined, { rawBody: form(fields), contentType: 'application/x-www-form-urlencoded', csrf: false, headers: { ...headers, ...extra } });
  const send = async (client: TestClient, fields: Record<string, string | string[]>) => {
    const page = await client.get('/report?lang=en', { headers });
    return post(client, '/report', { token: tokenOf(page.body), lang: 'en', ...fields });
  };
  const report = { country: 'XM', title: TITLE, description: TEXT, startedOnDay: '3', startedOnMonth: '03', startedOnYear: '2026', types: ['operations', 'harassment_detention'], actor: 'Tax police', ctJustification: '1' };
  const followUp = async (code: string, path = '/report/follow-up', fields: Record<string, string> = {}) => {
    const page = await reporter.get('/report/follow-up?lang=en', { headers });
    return post(reporter, path, { token: tokenOf(page.body), lang: 'en', receipt: code, ...fields });
  };

  beforeAll(async () => {
    const stream = new Writable({
      write(chunk, _enc, done) {
        lines.push(String(chunk));
        done();
      },
    });
    t = await createTestApp(backend, {}, { logger: { ...(loggerOptions('trace') as object), stream } });
    reporter = t.client({ remoteAddress: REPORTER_IP });
    monitor = await t.signIn('monitor@tandem.example');
    second = await t.signIn('monitor-2@tandem.example');
  });
  afterAll(() => t?.close());

  let receipt = '';
  const fileIds: string[] = [];
  let reportId = '';

  it('shows the form at a plain address, in three languages, without script', async () => {
    for (const [lang, title, dir] of [['en', 'Report a restriction, confidentially', 'ltr'], ['ru', 'Конфиденциальное сообщение об ограничении', 'ltr'], ['ar', 'الإبلاغ عن قيد بسرّية', 'rtl']] as const) {
      const page = await reporter.get(`/report?lang=${lang}`, { headers });
      expect(page.statusCode).toBe(200);
      expect(page.headers['content-type']).toBe('text/html; charset=utf-8');
      expect(page.headers['cache-control']).toBe('no-store');
      expect(page.body).toContain(`<html lang="${lang}" dir="${dir}">`);
      expect(page.body).toContain(title);
      expect(page.body).toContain('<form method="post" action="/report"');
      expect(page.body).toContain('value="XM"');
      expect(page.body).not.toContain('<script');
    }
  });

  it('takes a report without an account and gives a high-entropy receipt code, stored only as a keyed hash', async () => {
    const demo = new Set((await t.db.system((tx) => tx.selectFrom('civic_reports').select('id').execute())).map((r) => r.id));
    const res = await send(reporter, { ...report, contact: CONTACT });
    expect(res.statusCode, res.body).toBe(201);
    receipt = RECEIPT.exec(res.body)![1]!;
    expect(receipt.replaceAll('-', '')).toHaveLength(20);
    const rows = (await t.db.system((tx) => tx.selectFrom('civic_reports').selectAll().execute())).filter((r) => !demo.has(r.id));
    expect(rows).toHaveLength(1);
    reportId = rows[0]!.id;
    const stored = JSON.stringify(rows) + JSON.stringify(await t.db.system((tx) => tx.selectFrom('civic_report_contacts').selectAll().execute()));
    // Sealed at rest: neither the text, the contact nor the code in any form is stored.
    for (const secret of [TEXT, 'REPORT-TEXT-MARKER', TITLE, 'CONTACT-MARKER', receipt, receipt.replaceAll('-', ''), REPORTER_IP, FORWARDED_IP, 'UA-MARKER']) {
      expect(stored, secret).not.toContain(secret);
    }
    expect(rows[0]!.sealed_content).toMatch(/^v1\.|\./);
    expect(rows[0]!.receipt_hash).toMatch(/^[A-Za-z0-9_-]{43}$/);
    // The day only: no time of sending to set beside other records.
    expect(JSON.stringify(rows[0]!.received_on)).toMatch(/^"\d{4}-\d{2}-\d{2}(T00:00:00\.000Z)?"$/);
    // A second report gets another code.
    const other = await send(reporter, { ...report, title: 'Another report for the queue' });
    expect(RECEIPT.exec(other.body)![1]).not.toBe(receipt);
  });

  it('lets the reporter come back with the code, and no one without it', async () => {
    const page = await followUp(receipt.toLowerCase().replaceAll('-', ' '));
    expect(page.statusCode, page.body).toBe(200);
    expect(page.body).toContain('REPORT-TEXT-MARKER');
    expect(page.body).toContain('waiting for a monitor');
    const wrong = await followUp('ABCD-EFGH-JKMN-PQRS-TVWX');
    expect(wrong.statusCode).toBe(404);
    expect(wrong.body).not.toContain('REPORT-TEXT-MARKER');
    expect((await followUp('not a code')).statusCode).toBe(400);
  });

  it('refuses forms from other sites, without our token, or filled in by a robot', async () => {
    const page = await reporter.get('/report', { headers });
    const token = tokenOf(page.body);
    const refused = await post(reporter, '/report', { ...report });
    expect(refused.statusCode).toBe(403);
    // Said as a page, in words the reader can act on (they may have no script).
    expect(refused.headers['content-type']).toBe('text/html; charset=utf-8');
    expect(refused.body).toContain('The form was too old, or did not come from this site.');
    expect((await post(reporter, '/report', { ...report, token: `${Date.now()}.forged` })).statusCode).toBe(403);
    expect((await post(reporter, '/report', { ...report, token: tokenOf(page.body).replace(/^\d+/, String(Date.now() - 7 * 3_600_000)) })).statusCode).toBe(403);
    expect((await post(reporter, '/report', { ...report, token }, { origin: 'https://evil.example' })).statusCode).toBe(403);
    expect((await post(reporter, '/report', { ...report, token }, { 'sec-fetch-site': 'cross-site' })).statusCode).toBe(403);
    expect((await post(reporter, '/report', { ...report, token, website: 'http://spam.example' })).statusCode).toBe(403);
    // Invalid fields: the form again, with what was written and what to fix; nothing stored.
    const before = await t.db.system((tx) => tx.selectFrom('civic_reports').select('id').execute());
    const bad = await post(reporter, '/report', { ...report, token, country: 'QQ', description: 'short' });
    expect(bad.statusCode).toBe(400);
    expect(bad.body).toContain('role="alert"');
    expect(bad.body).toContain(TITLE);
    expect(await t.db.system((tx) => tx.selectFrom('civic_reports').select('id').execute())).toHaveLength(before.length);
  });

  it('puts reports in the monitors’ queue; the one who takes it alone sees the contact and the messages', async () => {
    const queue = (await monitor.get('/api/civic/reports')).json().reports as Array<{ id: string; title: string; status: string }>;
    expect(queue.find((r) => r.id === reportId)).toMatchObject({ title: TITLE, status: 'new' });
    // The demo's: one waiting, one the first monitor took; the second monitor sees only the waiting one.
    expect(queue.map((r) => r.title)).toEqual(expect.arrayContaining(['Our bank will not open an account for the youth association', 'Inspectors took the files of a women’s shelter network']));
    const theirs = (await second.get('/api/civic/reports')).json().reports as Array<{ title: string }>;
    expect(theirs.map((r) => r.title)).not.toContain('Inspectors took the files of a women’s shelter network');
    const waiting = (await second.get(`/api/civic/reports/${reportId}`)).json();
    expect(waiting).toMatchObject({ status: 'new', contact: null, messages: [], may: { assign: true, ask: false, convert: false } });
    expect(waiting.content.description).toBe(TEXT);
    // Not a monitor: nothing.
    const viewer = await t.signIn('viewer@tandem.example');
    expect((await viewer.get('/api/civic/reports')).statusCode).toBe(403);
    expect((await t.client().get('/api/civic/reports')).statusCode).toBe(401);

    expect((await monitor.post(`/api/civic/reports/${reportId}/assign`)).statusCode).toBe(204);
    expect((await second.post(`/api/civic/reports/${reportId}/assign`)).statusCode).toBe(404);
    expect((await second.get(`/api/civic/reports/${reportId}`)).statusCode).toBe(404);
    expect((await second.post(`/api/civic/reports/${reportId}/questions`, { body: 'Not mine to ask' })).statusCode).toBe(404);
    const mine = (await monitor.get(`/api/civic/reports/${reportId}`)).json();
    expect(mine).toMatchObject({ status: 'assigned', assignedToMe: true, contact: CONTACT, may: { ask: true, convert: true } });
    // The day, month and year fields of the plain form arrive as one ISO date.
    expect(mine.content.startedOn).toBe('2026-03-03');

    expect((await monitor.post(`/api/civic/reports/${reportId}/questions`, { body: QUESTION })).statusCode).toBe(204);
    const page = await followUp(receipt);
    expect(page.body).toContain('QUESTION-MARKER');
    expect(page.body).toContain('taken by a monitor');
    const answered = await followUp(receipt, '/report/answer', { body: ANSWER });
    expect(answered.statusCode, answered.body).toBe(200);
    expect(answered.body).toContain('Your answer was sent.');
    const thread = (await monitor.get(`/api/civic/reports/${reportId}`)).json().messages as Array<{ fromReporter: boolean; body: string }>;
    expect(thread.map((m) => [m.fromReporter, m.body])).toEqual([[false, QUESTION], [true, ANSWER]]);
    const stored = JSON.stringify(await t.db.system((tx) => tx.selectFrom('civic_report_messages').selectAll().execute()));
    expect(stored).not.toContain('QUESTION-MARKER');
    expect(stored).not.toContain('ANSWER-MARKER');
  });

  it('takes files from the reporter without their metadata, sealed at rest, for the monitor who took the report', async () => {
    const upload = async (file: Buffer, filename: string, type: string) => {
      const page = await reporter.get('/report/follow-up?lang=en', { headers });
      const boundary = '----report-file-boundary';
      const field = (name: string, value: string) => `--${boundary}\r\nContent-Disposition: form-data; name="${name}"\r\n\r\n${value}\r\n`;
      const rawBody = Buffer.concat([
        Buffer.from(field('token', tokenOf(page.body)) + field('lang', 'en') + field('receipt', receipt)),
        Buffer.from(`--${boundary}\r\nContent-Disposition: form-data; name="file"; filename="${filename}"\r\nContent-Type: ${type}\r\n\r\n`),
        file,
        Buffer.from(`\r\n--${boundary}--\r\n`),
      ]);
      return reporter.request('POST', '/report/files', undefined, { rawBody, contentType: `multipart/form-data; boundary=${boundary}`, csrf: false, headers });
    };
    const jpeg = jpegWithMetadata();
    const res = await upload(jpeg, 'IMG_2041.jpg', 'image/jpeg');
    expect(res.statusCode, res.body).toBe(200);
    expect(res.body).toContain('The file was attached, without its metadata.');
    expect(res.body).toContain('IMG_2041.jpg');
    const notImage = await upload(Buffer.from('MZ not an image'), 'x.jpg', 'image/jpeg');
    expect(notImage.statusCode).toBe(400);
    expect(notImage.body).toContain('could not be read as a JPEG or PNG image or a PDF');
    const pdf = await upload(await pdfWithMetadata(), 'letter.pdf', 'application/pdf');
    expect(pdf.statusCode, pdf.body).toBe(200);

    const files = (await monitor.get(`/api/civic/reports/${reportId}`)).json().files as Array<{ id: string; filename: string; contentType: string }>;
    expect(files.map((f) => [f.filename, f.contentType])).toEqual(expect.arrayContaining([['IMG_2041.jpg', 'image/jpeg'], ['letter.pdf', 'application/pdf']]));
    const image = files.find((f) => f.filename === 'IMG_2041.jpg')!;
    const got = await monitor.get(`/api/civic/reports/${reportId}/files/${image.id}`);
    expect(got.statusCode).toBe(200);
    expect(got.headers['content-type']).toBe('image/jpeg');
    const body = got.rawPayload.toString('latin1');
    for (const m of ['GPS-MARKER', 'SERIAL-MARKER', 'XMP-MARKER', 'COMMENT-MARKER']) expect(body, m).not.toContain(m);
    expect(body).toContain('JFIF');
    // Only the monitor who took it.
    expect((await second.get(`/api/civic/reports/${reportId}/files/${image.id}`)).statusCode).toBe(404);
    expect((await second.get(`/api/civic/reports/${reportId}`)).statusCode).toBe(404);
    // Sealed at rest: neither the name in the database nor the content in the file store reads.
    const row = await t.db.system((tx) => tx.selectFrom('civic_report_files').selectAll().where('id', '=', image.id).executeTakeFirstOrThrow());
    expect(row.sealed_name).not.toContain('IMG_2041');
    const stored = await readFile(join(t.config.files.dir, `civic-report-file-${image.id}`));
    expect(stored.toString('latin1')).not.toContain('JFIF');
    fileIds.push(...files.map((f) => f.id));
  });

  it('turns a report into an unverified restriction record of the monitor’s organisation', async () => {
    expect((await second.post(`/api/civic/reports/${reportId}/record`, civicRecord('From a report'))).statusCode).toBe(404);
    const res = await monitor.post(`/api/civic/reports/${reportId}/record`, { ...civicRecord('RECORD from a confidential report'), description: 'The tax police sealed the office of an association.' });
    expect(res.statusCode, res.body).toBe(201);
    const record = (await monitor.get(`/api/civic/records/${res.json().id}`)).json();
    expect(record).toMatchObject({ title: 'RECORD from a confidential report', status: 'unverified' });
    expect((await monitor.get(`/api/civic/reports/${reportId}`)).json()).toMatchObject({ status: 'converted', recordId: res.json().id, may: { convert: false, ask: false } });
    expect((await monitor.post(`/api/civic/reports/${reportId}/record`, civicRecord('Twice'))).statusCode).toBe(409);
    expect((await followUp(receipt)).body).toContain('turned into a restriction record');
  });

  it('lets the reporter withdraw: content, contact and messages erased, the record kept', async () => {
    const withdrawn = await followUp(receipt, '/report/withdraw', { confirm: '1' });
    expect(withdrawn.statusCode, withdrawn.body).toBe(200);
    expect(withdrawn.body).toContain('Your report was withdrawn.');
    expect(withdrawn.body).not.toContain('REPORT-TEXT-MARKER');
    const row = await t.db.system((tx) => tx.selectFrom('civic_reports').selectAll().where('id', '=', reportId).executeTakeFirstOrThrow());
    expect(row).toMatchObject({ status: 'withdrawn', sealed_content: null });
    expect(await t.db.system((tx) => tx.selectFrom('civic_report_messages').select('id').where('report_id', '=', reportId).execute())).toEqual([]);
    expect(await t.db.system((tx) => tx.selectFrom('civic_report_contacts').select('report_id').where('report_id', '=', reportId).execute())).toEqual([]);
    expect((await monitor.get(`/api/civic/reports/${reportId}`)).json()).toMatchObject({ status: 'withdrawn', content: null, contact: null, messages: [] });
    expect((await monitor.get(`/api/civic/records/${row.record_id}`)).statusCode).toBe(200);
    // Its files are gone, from the database and from the file store.
    expect(await t.db.system((tx) => tx.selectFrom('civic_report_files').select('id').where('report_id', '=', reportId).execute())).toEqual([]);
    expect(fileIds.length).toBe(2);
    for (const id of fileIds) expect(existsSync(join(t.config.files.dir, `civic-report-file-${id}`))).toBe(false);
  });

  it('never ties a report to the account of someone signed in', async () => {
    const before = new Set((await t.db.system((tx) => tx.selectFrom('civic_reports').select('id').execute())).map((r) => r.id));
    const res = await send(monitor, { ...report, title: 'SIGNED-IN reporter’s report' });
    expect(res.statusCode).toBe(201);
    const monitorId = (await t.db.system((tx) => tx.selectFrom('users').select('id').where('email', '=', 'monitor@tandem.example').executeTakeFirstOrThrow())).id;
    const events = await t.db.system((tx) => tx.selectFrom('audit_events').selectAll().where('action', 'like', 'civic.report.%').execute());
    const received = events.filter((e) => e.action === 'civic.report.receive' || e.action === 'civic.report.answer' || e.action === 'civic.report.withdraw');
    expect(received.length).toBeGreaterThanOrEqual(4);
    for (const e of received) expect([e.actor_user_id, e.actor_org_id, e.ip, e.request_id]).toEqual([null, null, null, null]);
    // The day only: an exact time could be matched with a network's logs.
    for (const e of received) expect(new Date(e.occurred_at).toISOString()).toMatch(/T00:00:00\.000Z$/);
    // The monitors' own steps keep their time.
    const monitors = events.filter((e) => e.actor_user_id !== null);
    expect(monitors.length).toBeGreaterThan(0);
    expect(monitors.some((e) => !new Date(e.occurred_at).toISOString().endsWith('T00:00:00.000Z'))).toBe(true);
    const added = (await t.db.system((tx) => tx.selectFrom('civic_reports').selectAll().execute())).filter((r) => !before.has(r.id));
    expect(added).toHaveLength(1);
    expect(added[0]).toMatchObject({ assigned_user_id: null, assigned_org_id: null });
    expect(JSON.stringify(added)).not.toContain(monitorId);
  });

  it('refuses in the database what the service would never do', async () => {
    const monitorUser = (await t.db.system((tx) => tx.selectFrom('users').select(['id']).where('email', '=', 'monitor@tandem.example').executeTakeFirstOrThrow())).id;
    const org = (await t.db.system((tx) => sql<{ org_id: string }>`SELECT org_id FROM memberships WHERE user_id = ${monitorUser} LIMIT 1`.execute(tx))).rows[0]!.org_id;
    // Someone acting as a signed-in person cannot file a report (it would carry their account).
    await expect(
      t.db.transaction({ role: 'tandem_app', requestId: 'rls-check', userId: monitorUser, orgId: org }, async (tx) => {
        await sql`SELECT set_config('tandem.civic_receipt', ${'A'.repeat(43)}, true)`.execute(tx);
        await tx.insertInto('civic_reports').values({ receipt_hash: 'A'.repeat(43), country: 'XM', sealed_content: 'x.y' }).execute();
      }),
    ).rejects.toThrow();
    // Nobody without the receipt reads a report, nor its messages or contact.
    const seen = await t.db.transaction({ role: 'tandem_app', requestId: 'rls-check' }, async (tx) => ({
      reports: await tx.selectFrom('civic_reports').select('id').execute(),
      contacts: await tx.selectFrom('civic_report_contacts').select('report_id').execute(),
      messages: await tx.selectFrom('civic_report_messages').select('id').execute(),
    }));
    expect(seen).toEqual({ reports: [], contacts: [], messages: [] });
    // A monitor cannot assign a report to someone else: the database records who takes it.
    const waiting = (await t.db.system((tx) => tx.selectFrom('civic_reports').select('id').where('status', '=', 'new').executeTakeFirstOrThrow())).id;
    await t.db.transaction({ role: 'tandem_app', requestId: 'rls-check', userId: monitorUser, orgId: org }, async (tx) => {
      await tx.updateTable('civic_reports').set({ status: 'assigned', assigned_user_id: '00000000-0000-4000-8000-000000000000' }).where('id', '=', waiting).execute();
    });
    expect((await t.db.system((tx) => tx.selectFrom('civic_reports').select('assigned_user_id').where('id', '=', waiting).executeTakeFirstOrThrow())).assigned_user_id).toBe(monitorUser);
  });

  it('limits how many reports one sender makes, without keeping their address', async () => {
    const flood = t.client({ remoteAddress: '192.0.2.200' });
    const statuses: number[] = [];
    for (let i = 0; i < 12; i++) statuses.push((await send(flood, { ...report, title: `Flood ${i}` })).statusCode);
    expect(statuses.slice(0, 10).every((s) => s === 201)).toBe(true);
    expect(statuses.slice(10)).toEqual([429, 429]);
    expect((await send(flood, { ...report, title: 'Flood again' })).body).toContain('Too many attempts');
    // Another sender is not held back.
    expect((await send(t.client({ remoteAddress: '192.0.2.201' }), { ...report, title: 'Not a flood' })).statusCode).toBe(201);
  });

  it('writes no log line, audit row or mail with the reporter’s address, user agent, account or words', async () => {
    const logged = lines.join('');
    // The capture works: other requests are logged with their address.
    expect(lines.some((l) => l.includes('"url":"/api/civic/reports'))).toBe(true);
    expect(logged).toContain('"remoteAddress"');
    for (const secret of [REPORTER_IP, FORWARDED_IP, 'UA-MARKER', 'REPORT-TEXT-MARKER', 'REPORT-TITLE-MARKER', 'CONTACT-MARKER', 'ANSWER-MARKER', 'IMG_2041', '192.0.2.200', receipt, receipt.replaceAll('-', '')]) {
      expect(logged, secret).not.toContain(secret);
    }
    expect(lines.some((l) => /"url":"\/report/.test(l))).toBe(false);
    const audit = JSON.stringify(await t.db.system((tx) => tx.selectFrom('audit_events').selectAll().execute()));
    const mail = JSON.stringify(await t.db.system((tx) => tx.selectFrom('mail_outbox').selectAll().execute()));
    for (const secret of [REPORTER_IP, FORWARDED_IP, 'UA-MARKER', 'REPORT-TEXT-MARKER', 'REPORT-TITLE-MARKER', 'CONTACT-MARKER', 'QUESTION-MARKER', 'ANSWER-MARKER', 'IMG_2041', receipt]) {
      expect(audit, secret).not.toContain(secret);
      expect(mail, secret).not.toContain(secret);
    }
  });
});
