// Subject access exports (everything held on a person, for the lead agency's data protection
// officer or case coordinator, with a reason; a coordinator's that holds another organisation's
// restricted sections waits for approval, see subject-access-approval.test.ts) and case
// summaries (the requester's need-to-know). Each is asked for (202 with a document), built in
// the background as the person who asked, and downloaded by them alone, sealed at rest.
import { readFile } from 'node:fs/promises';
import { join } from 'node:path';
import fc from 'fast-check';
import { sql } from 'kysely';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import type { Actor } from '../../src/platform/auth/actor.ts';
import type { Role } from '../../src/platform/auth/roles.ts';
import { getDocument } from '../../src/platform/documents/documents.ts';
import type { DomainError } from '../../src/platform/http/errors.ts';
import { createTestApp, type TestApp } from '../support/app.ts';
import { backends } from '../support/databases.ts';
import { asked, build, download } from '../support/documents.ts';
import { pdfText, pdfTextRuns } from '../support/pdf-text.ts';

const REASON = 'subject access request received 2026-11-20, ref SAR-14';

describe.each(backends)('exports on %s', (backend) => {
  let t: TestApp;
  const cases: Record<string, { id: string; case_number: string }> = {};
  const orgs: Record<string, string> = {};
  const users: Record<string, { user: string; org: string }> = {};

  beforeAll(async () => {
    t = await createTestApp(backend);
    for (const o of await t.db.system((tx) => tx.selectFrom('organisations').select(['id', 'short_name']).execute())) orgs[o.short_name!] = o.id;
    for (const c of await t.db.system((tx) => tx.selectFrom('cases').select(['id', 'case_number', 'alias']).execute())) cases[c.alias] = c;
    // A coordinator and caseworker of the legal aid centre, a partner on Sami's team only: a demo
    // person (with a second factor) moved there for this file.
    await t.db.system((tx) =>
      sql`UPDATE memberships SET org_id = ${orgs.LAC!}, roles = ARRAY['case_coordinator', 'caseworker'] WHERE user_id = (SELECT id FROM users WHERE email = 'org-admin@tandem.example')`.execute(tx),
    );
    const rows = await t.db.system((tx) => tx.selectFrom('users').innerJoin('memberships', 'memberships.user_id', 'users.id').select(['users.email', 'users.id', 'memberships.org_id']).execute());
    for (const r of rows) users[r.email] = { user: r.id, org: r.org_id };
    // Records need-to-know hides from the lead agency's coordinator day to day: a security note,
    // and PRS's own unshared psychosocial note that the partner must not see.
    await t.db.system(async (tx) => {
      await tx.insertInto('case_notes').values({ case_id: cases.Rosa!.id, section: 'security', author_org_id: orgs.PRS!, body: 'Security assessment filed with the probation board.', shared: true }).execute();
      await tx.insertInto('case_notes').values({ case_id: cases.Rosa!.id, section: 'psychosocial_notes', author_org_id: orgs.PRS!, body: 'Coordinator’s own observation, not shared.', shared: false }).execute();
      await tx.insertInto('case_notes').values({ case_id: cases.Rosa!.id, section: 'other_notes', author_org_id: orgs.PRS!, body: 'Встреча с матерью назначена на вторник.', shared: true }).execute();
    });
  });
  afterAll(() => t?.close());

  const counts = (caseId: string) =>
    t.db.system(async (tx) => {
      const n = async (table: 'household_links' | 'case_consents' | 'needs_assessments' | 'referrals' | 'service_sessions' | 'case_events' | 'case_identity') =>
        Number((await tx.selectFrom(table).select((eb) => eb.fn.countAll<number>().as('n')).where('case_id', '=', caseId).executeTakeFirstOrThrow()).n);
      const notes = await tx.selectFrom('case_notes').select(['body', 'session_id']).where('case_id', '=', caseId).execute();
      return {
        household: await n('household_links'),
        consents: await n('case_consents'),
        assessments: await n('needs_assessments'),
        referrals: await n('referrals'),
        sessions: await n('service_sessions'),
        events: await n('case_events'),
        identity: await n('case_identity'),
        notes,
      };
    });

  it('exports everything held on the person as JSON for the data protection officer, audited with the reason', async () => {
    const rosa = cases.Rosa!;
    const before = await counts(rosa.id);
    const dpo = await t.signIn('dpo@tandem.example');
    const res = await download(t, dpo, await dpo.post('/api/subject-access', { caseNumber: rosa.case_number, reason: REASON, format: 'json' }));
    expect(res.headers['content-disposition']).toBe(`attachment; filename="tandem-${rosa.case_number}-subject-access.json"`);
    expect(res.headers['cache-control']).toBe('no-store');
    expect(res.headers['content-type']).toMatch(/^application\/json/);
    const doc = res.json();
    expect(doc).toMatchObject({ kind: 'subject_access', caseNumber: rosa.case_number, reason: REASON, requestedBy: { name: 'Elena Petrova', role: 'dpo' } });
    const s = doc.sections;
    expect(s.case).toMatchObject({ alias: 'Rosa', category: 'adult_returnee', status: 'open', retention: { monthsAfterClosure: 60, legalHold: false } });
    // The identity vault, decrypted, every field.
    expect(s.identity).toHaveLength(before.identity);
    expect(Object.fromEntries(s.identity.map((f: { field: string; value: string }) => [f.field, f.value]))).toEqual({
      legal_name: 'Zarina Tokhtarova',
      birth_date: '1994-03-11',
      document_number: 'XM4410297',
      address: '14 Steppe Lane, Eastgate',
      phone: '+999 701 555 0141',
    });
    expect(s.household).toHaveLength(before.household);
    expect(s.household.map((h: { alias: string }) => h.alias).sort()).toEqual(['Leila', 'Lilia', 'Sami', 'Timur']);
    expect(s.consents).toHaveLength(before.consents);
    expect(s.needsAssessments).toHaveLength(before.assessments);
    expect(s.referrals).toHaveLength(before.referrals);
    const sessions = s.referrals.flatMap((r: { sessions: unknown[] }) => r.sessions);
    expect(sessions).toHaveLength(before.sessions);
    // Every note of every section: with its session, or on its own.
    const exported = [
      ...sessions.flatMap((x: { notes: Array<{ body: string }> }) => x.notes.map((n) => n.body)),
      ...s.notes.map((n: { body: string }) => n.body),
    ].sort();
    expect(exported).toEqual(before.notes.map((n) => n.body).sort());
    expect(exported).toContain('Security assessment filed with the probation board.');
    expect(exported).toContain('First session. Talked about sleep and the journey home. Agreed on weekly meetings.');
    // The timeline, with the export itself on it.
    expect(s.timeline).toHaveLength(before.events + 1);
    expect(s.timeline.at(-1).kind).toBe('case.subject_access_exported');
    expect(s.breakGlass).toEqual([]);
    expect(s.otherRecords).toEqual({});

    const audit = await t.db.system((tx) => tx.selectFrom('audit_events').select(['details', 'subject_id', 'actor_user_id']).where('action', '=', 'case.subject_access.export').execute());
    expect(audit).toHaveLength(1);
    expect(audit[0]).toMatchObject({ subject_id: rosa.id, actor_user_id: users['dpo@tandem.example']!.user, details: { reason: REASON, format: 'json', as: 'dpo' } });
    // The officer ran it: nobody else to tell.
    expect(await t.db.system((tx) => tx.selectFrom('mail_outbox').select('id').where('kind', '=', 'subject_access').execute())).toEqual([]);
  });

  it('includes break-glass uses, and tells the data protection officer when a coordinator exports, as PDF', async () => {
    const aziz = cases.Aziz!;
    const caseworker = await t.signIn('caseworker@tandem.example');
    expect((await caseworker.post('/api/break-glass', { caseNumber: aziz.case_number, reason: 'He called our hotline in crisis late at night.' })).statusCode).toBe(201);
    const coordinator = await t.signIn('coordinator@tandem.example');
    const json = (await download(t, coordinator, await coordinator.post('/api/subject-access', { caseNumber: aziz.case_number, reason: REASON, format: 'json' }))).json();
    expect(json.sections.breakGlass).toHaveLength(1);
    expect(json.sections.breakGlass[0]).toMatchObject({ userName: 'Amina Rahimova', reason: 'He called our hotline in crisis late at night.' });

    const res = await download(t, coordinator, await coordinator.post('/api/subject-access?lang=en', { caseNumber: aziz.case_number, reason: REASON, format: 'pdf' }));
    expect(res.headers['content-type']).toBe('application/pdf');
    expect(res.headers['content-disposition']).toBe(`attachment; filename="tandem-${aziz.case_number}-subject-access.pdf"`);
    expect(res.headers['content-disposition']).not.toMatch(/Aziz|Rakhimov/);
    expect(res.rawPayload.subarray(0, 5).toString('latin1')).toBe('%PDF-');
    const text = pdfText(res.rawPayload);
    for (const expected of ['Subject access export', aziz.case_number, 'Aziz Rakhimov', 'XM2298810', 'Emergency access uses', 'He called our hotline in crisis late at night.', REASON]) {
      expect(text).toContain(expected);
    }
    const mail = await t.db.system((tx) => tx.selectFrom('mail_outbox').select(['to_email', 'subject', 'body_text']).where('kind', '=', 'subject_access').execute());
    expect(mail).toHaveLength(2);
    expect(mail.map((m) => m.to_email)).toEqual(['dpo@tandem.example', 'dpo@tandem.example']);
    expect(mail[0]!.subject).toContain(aziz.case_number);
    // The reason often names the person: it is in the audit trail, never in an e-mail.
    expect(mail[0]!.body_text).not.toContain(REASON);
    expect(mail[0]!.body_text).toContain(aziz.case_number);
    expect(mail[0]!.body_text).toContain('Daniyar Seitkali');
  });

  it('is refused without a reason, to other roles, for another agency’s case, and for an anonymised case', async () => {
    const coordinator = await t.signIn('coordinator@tandem.example');
    const rosa = cases.Rosa!;
    expect((await coordinator.post('/api/subject-access', { caseNumber: rosa.case_number, format: 'json' })).statusCode).toBe(400);
    expect((await coordinator.post('/api/subject-access', { caseNumber: rosa.case_number, reason: 'because', format: 'json' })).statusCode).toBe(400);
    expect((await coordinator.post('/api/subject-access', { caseNumber: rosa.case_number, reason: REASON, format: 'xml' })).statusCode).toBe(400);
    expect((await (await t.signIn('caseworker@tandem.example')).post('/api/subject-access', { caseNumber: rosa.case_number, reason: REASON, format: 'json' })).statusCode).toBe(403);
    expect((await (await t.signIn('platform-admin@tandem.example')).post('/api/subject-access', { caseNumber: rosa.case_number, reason: REASON, format: 'json' })).statusCode).toBe(403);
    // A coordinator of another organisation, even one on the team, is not the lead agency: not found.
    const partner = await t.signIn('org-admin@tandem.example');
    expect((await partner.post('/api/subject-access', { caseNumber: rosa.case_number, reason: REASON, format: 'json' })).statusCode).toBe(404);
    expect((await partner.post('/api/subject-access', { caseNumber: cases.Sami!.case_number, reason: REASON, format: 'json' })).statusCode).toBe(404);
    expect((await coordinator.post('/api/subject-access', { caseNumber: 'XM-2026-99999', reason: REASON, format: 'json' })).statusCode).toBe(404);

    await t.db.system((tx) => tx.updateTable('cases').set({ status: 'anonymised', anonymised_at: new Date() }).where('id', '=', cases.Adam!.id).execute());
    const refused = await (await t.signIn('dpo@tandem.example')).post('/api/subject-access', { caseNumber: cases.Adam!.case_number, reason: REASON, format: 'pdf' });
    expect(refused.statusCode).toBe(409);
    expect(refused.json().detail ?? refused.json().title).toMatch(/anonymised/);
  });

  it('summarises for a team organisation only what it may see', async () => {
    const rosa = cases.Rosa!;
    const bpc = await t.signIn('caseworker@tandem.example');
    const res = await download(t, bpc, await bpc.post(`/api/cases/${rosa.id}/summary/pdf?lang=en`));
    expect(res.headers['content-disposition']).toBe(`attachment; filename="tandem-${rosa.case_number}-summary.pdf"`);
    expect(res.headers['cache-control']).toBe('no-store');
    const text = pdfText(res.rawPayload);
    expect(text).toContain('Case summary');
    expect(text).toContain('Zarina Tokhtarova'); // BPC's consent covers identity
    expect(text).toContain('First session. Talked about sleep'); // its own psychosocial notes
    expect(text).not.toContain('Coordinator’s own observation'); // PRS's unshared psychosocial note
    expect(text).not.toContain('Security assessment'); // security notes: the security role only
    expect(text).not.toContain('14 Steppe Lane'); // contact details are not in its consent
    expect(text).not.toContain('Встреча с матерью'); // other notes are not in its sections
    expect(text).not.toContain('Emergency access');

    // Without identity in its sections, no identity at all.
    await t.db.system((tx) =>
      tx.updateTable('case_team').set({ sections: ['household', 'consents', 'needs_assessment', 'referrals_services', 'psychosocial_notes'] }).where('case_id', '=', cases.Lilia!.id).where('org_id', '=', orgs.BPC!).execute(),
    );
    const lilia = pdfText((await download(t, bpc, await bpc.post(`/api/cases/${cases.Lilia!.id}/summary/pdf?lang=en`))).rawPayload);
    expect(lilia).toContain(cases.Lilia!.case_number);
    expect(lilia).not.toContain('Lilia Tokhtarova');
    expect(lilia).not.toContain('Legal name');

    const audit = await t.db.system((tx) =>
      tx.selectFrom('audit_events').select(['details', 'actor_user_id', 'actor_org_id']).where('action', '=', 'case.summary.export').where('subject_id', '=', rosa.id).execute(),
    );
    expect(audit).toHaveLength(1);
    expect(audit[0]).toMatchObject({ actor_user_id: users['caseworker@tandem.example']!.user, actor_org_id: orgs.BPC, details: { relation: 'team', locale: 'en' } });
    expect((audit[0]!.details as { sections: string[] }).sections).not.toContain('other_notes');
  });

  it('summarises everything but security for the lead agency, in Russian and Arabic', async () => {
    const rosa = cases.Rosa!;
    const coordinator = await t.signIn('coordinator@tandem.example');
    const ru = await download(t, coordinator, await coordinator.post(`/api/cases/${rosa.id}/summary/pdf`, undefined, { headers: { 'accept-language': 'ru-RU,ru;q=0.9,en;q=0.5' } }));
    const text = pdfText(ru.rawPayload);
    expect(text).toContain('Сводка по делу');
    expect(text).toContain('Личность');
    expect(text).toContain('Встреча с матерью назначена на вторник.');
    expect(text).toContain('Coordinator’s own observation');
    expect(text).not.toContain('Security assessment');

    const ar = await download(t, coordinator, await coordinator.post(`/api/cases/${rosa.id}/summary/pdf?lang=ar`));
    // Right-to-left runs are drawn in visual order: read back, each reads reversed.
    const runs = pdfTextRuns(ar.rawPayload).map((r) => [...r].reverse().join(''));
    expect(runs.some((r) => r.includes('ملخص الحالة'))).toBe(true);
    expect(runs.some((r) => r.includes('الهوية'))).toBe(true);
    // The case number inside an Arabic line stays in reading order.
    expect(pdfTextRuns(ar.rawPayload)).toContain(rosa.case_number);
  });

  it('refuses a summary to a non-team organisation, to an organisation still answering a referral, and to roles without case work', async () => {
    const rosa = cases.Rosa!;
    expect((await (await t.signIn('org-admin@tandem.example')).post(`/api/cases/${rosa.id}/summary/pdf`)).statusCode).toBe(404);
    expect((await (await t.signIn('org-admin@tandem.example')).post(`/api/cases/${cases.Sami!.id}/summary/pdf`)).statusCode).toBe(202);
    // Madina's referral to BPC waits for an answer: BPC sees the header only.
    expect((await (await t.signIn('caseworker@tandem.example')).post(`/api/cases/${cases.Madina!.id}/summary/pdf`)).statusCode).toBe(404);
    expect((await (await t.signIn('dpo@tandem.example')).post(`/api/cases/${rosa.id}/summary/pdf`)).statusCode).toBe(403);
    expect((await (await t.signIn('platform-admin@tandem.example')).post(`/api/cases/${rosa.id}/summary/pdf`)).statusCode).toBe(403);
  });

  it('refuses a summary to an organisation whose consent was withdrawn or whose agreement is suspended', async () => {
    const coordinator = await t.signIn('coordinator@tandem.example');
    const timur = cases.Timur!;
    const bpc = await t.signIn('caseworker@tandem.example');
    expect((await bpc.post(`/api/cases/${timur.id}/summary/pdf`)).statusCode).toBe(202);
    const consent = (await coordinator.get(`/api/cases/${timur.id}/consents`)).json().consents[0];
    expect((await coordinator.post(`/api/cases/${timur.id}/consents/${consent.id}/withdraw`, { reason: 'The mother withdrew consent.' })).statusCode).toBe(204);
    expect((await bpc.post(`/api/cases/${timur.id}/summary/pdf`)).statusCode).toBe(404);

    // Nor while the agreement between the agency and the centre is suspended.
    const agency = await t.signIn('agency-admin@tandem.example');
    const agreement = ((await agency.get('/api/agreements')).json().agreements as Array<{ id: string; title: string }>).find((a) => a.title.startsWith('Psychosocial'))!;
    expect((await agency.post(`/api/agreements/${agreement.id}/suspend`, { reason: 'Review of data protection practice' })).statusCode).toBe(200);
    expect((await bpc.post(`/api/cases/${cases.Rosa!.id}/summary/pdf`)).statusCode).toBe(404);
    expect((await agency.post(`/api/agreements/${agreement.id}/resume`, { reason: 'Review completed' })).statusCode).toBe(200);
    expect((await bpc.post(`/api/cases/${cases.Rosa!.id}/summary/pdf`)).statusCode).toBe(202);
  });

  it('keeps a built export sealed in the file store, an hour, for the person who asked alone, auditing each download', async () => {
    const rosa = cases.Rosa!;
    const dpo = await t.signIn('dpo@tandem.example');
    const doc = asked(await dpo.post('/api/subject-access', { caseNumber: rosa.case_number, reason: REASON, format: 'json' }));
    const built = await build(t, dpo, doc);
    expect(built).toMatchObject({ status: 'ready', kind: 'subject_access', filename: `tandem-${rosa.case_number}-subject-access.json` });
    // Kept an hour from when it was built, not the week of a report.
    const left = new Date(built.expiresAt).getTime() - Date.now();
    expect(left).toBeGreaterThan(55 * 60_000);
    expect(left).toBeLessThanOrEqual(60 * 60_000);

    // At rest, nothing of it is readable; its owner gets it whole.
    const stored = await readFile(join(t.config.files.dir, doc.id));
    for (const plain of ['Zarina', 'Tokhtarova', 'XM4410297', '14 Steppe Lane', rosa.case_number, REASON, '"sections"']) {
      expect(stored.includes(Buffer.from(plain, 'utf8')), plain).toBe(false);
    }
    expect(await t.db.system((tx) => tx.selectFrom('documents').select('sealed').where('id', '=', doc.id).executeTakeFirstOrThrow())).toEqual({ sealed: true });
    const file = await dpo.get(`/api/documents/${doc.id}/file`);
    expect(file.statusCode).toBe(200);
    expect(file.json().sections.identity.find((f: { field: string }) => f.field === 'legal_name').value).toBe('Zarina Tokhtarova');
    // A PDF too: no PDF in the store.
    const bpc = await t.signIn('caseworker@tandem.example');
    const summary = asked(await bpc.post(`/api/cases/${rosa.id}/summary/pdf?lang=en`));
    expect((await build(t, bpc, summary)).status).toBe('ready');
    const storedPdf = await readFile(join(t.config.files.dir, summary.id));
    expect(storedPdf.includes(Buffer.from('%PDF-', 'latin1'))).toBe(false);
    expect(pdfText((await bpc.get(`/api/documents/${summary.id}/file`)).rawPayload)).toContain('Zarina Tokhtarova');

    // Nobody else: not a coordinator of the same agency, not a team partner, not the signed out.
    const coordinator = await t.signIn('coordinator@tandem.example');
    for (const [who, client] of [['coordinator', coordinator], ['caseworker', bpc], ['nobody', t.client()]] as const) {
      expect((await client.get(`/api/documents/${doc.id}`)).statusCode, who).toBe(404);
      expect((await client.get(`/api/documents/${doc.id}/file`)).statusCode, who).toBe(404);
    }
    // Row-level security says the same on its own, to the application role.
    const rows = (email: string) =>
      t.db.transaction({ role: 'tandem_app', requestId: 'document-rls', userId: users[email]!.user, orgId: users[email]!.org }, (tx) =>
        tx.selectFrom('documents').select('id').where('id', '=', doc.id).execute(),
      );
    expect(await rows('coordinator@tandem.example')).toEqual([]);
    expect(await rows('caseworker@tandem.example')).toEqual([]);
    expect(await rows('dpo@tandem.example')).toHaveLength(1);
    // And the application's own check says so without row-level security (the owner role reads every row).
    const acting = (email: string, roles: Role[]): Actor => ({ userId: users[email]!.user, sessionId: 'test', stage: 'complete', orgId: users[email]!.org, roles });
    const unwalled = (actor: Actor | null) => t.db.system((tx) => getDocument(tx, actor, [], doc.id)).then((d) => d.id, (e: DomainError) => e.code);
    expect(await unwalled(acting('coordinator@tandem.example', ['case_coordinator']))).toBe('not_found');
    expect(await unwalled(null)).toBe('not_found');
    expect(await unwalled({ ...acting('dpo@tandem.example', ['dpo']), orgId: orgs.BPC! })).toBe('not_found');
    expect(await unwalled(acting('dpo@tandem.example', ['dpo']))).toBe(doc.id);

    // Each download by its owner is audited, against the case.
    const audited = await t.db.system((tx) =>
      tx.selectFrom('audit_events').select(['subject_type', 'subject_id', 'subject_org_id', 'actor_user_id', 'details']).where('action', '=', 'document.download').where(sql<string>`details ->> 'document'`, '=', doc.id).execute(),
    );
    expect(audited).toHaveLength(1);
    expect(audited[0]).toMatchObject({ subject_type: 'case', subject_id: rosa.id, subject_org_id: orgs.PRS, actor_user_id: users['dpo@tandem.example']!.user, details: { kind: 'subject_access' } });

    // Past its hour: gone for its owner at once, then swept with its file.
    await t.db.system((tx) => sql`UPDATE documents SET expires_at = now() - interval '1 second' WHERE id = ${doc.id}`.execute(tx));
    expect((await dpo.get(`/api/documents/${doc.id}/file`)).statusCode).toBe(404);
    expect(await rows('dpo@tandem.example')).toEqual([]);
    await t.jobs.send('documents.sweep');
    await t.runJobs();
    await expect(readFile(join(t.config.files.dir, doc.id))).rejects.toThrow(/ENOENT/);
    expect(await t.db.system((tx) => tx.selectFrom('documents').select('id').where('id', '=', doc.id).execute())).toEqual([]);
  });

  it('builds nothing for someone whose access was withdrawn after asking, and serves no built file once it is', async () => {
    const rosa = cases.Rosa!;
    const bpc = await t.signIn('caseworker@tandem.example');
    const agency = await t.signIn('agency-admin@tandem.example');
    const agreement = ((await agency.get('/api/agreements')).json().agreements as Array<{ id: string; title: string }>).find((a) => a.title.startsWith('Psychosocial'))!;
    const before = await t.db.system((tx) => tx.selectFrom('audit_events').select('id').where('action', '=', 'document.download').execute());

    // Asked while the centre is on the team; the agreement is suspended before it is built.
    const summary = asked(await bpc.post(`/api/cases/${rosa.id}/summary/pdf?lang=en`));
    expect((await agency.post(`/api/agreements/${agreement.id}/suspend`, { reason: 'Review of data protection practice' })).statusCode).toBe(200);
    try {
      expect(await build(t, bpc, summary)).toMatchObject({ status: 'failed', error: 'not_found', filename: null });
      expect((await bpc.get(`/api/documents/${summary.id}/file`)).statusCode).toBe(409);
      expect(await t.db.system((tx) => tx.selectFrom('documents').select('size_bytes').where('id', '=', summary.id).executeTakeFirstOrThrow())).toEqual({ size_bytes: null });
      await expect(readFile(join(t.config.files.dir, summary.id))).rejects.toThrow(/ENOENT/);
    } finally {
      expect((await agency.post(`/api/agreements/${agreement.id}/resume`, { reason: 'Review completed' })).statusCode).toBe(200);
    }
    // Built while it may; suspended before the download: not served.
    const later = asked(await bpc.post(`/api/cases/${rosa.id}/summary/pdf?lang=en`));
    expect((await build(t, bpc, later)).status).toBe('ready');
    expect((await agency.post(`/api/agreements/${agreement.id}/suspend`, { reason: 'Review of data protection practice' })).statusCode).toBe(200);
    try {
      expect((await bpc.get(`/api/documents/${later.id}/file`)).statusCode).toBe(404);
    } finally {
      expect((await agency.post(`/api/agreements/${agreement.id}/resume`, { reason: 'Review completed' })).statusCode).toBe(200);
    }
    expect((await bpc.get(`/api/documents/${later.id}/file`)).statusCode).toBe(200);

    // The officer's export, asked for; the officer's role is taken away before it is built.
    const dpo = await t.signIn('dpo@tandem.example');
    const sar = asked(await dpo.post('/api/subject-access', { caseNumber: rosa.case_number, reason: REASON, format: 'pdf' }));
    await t.db.system((tx) => sql`UPDATE memberships SET roles = ARRAY['caseworker'] WHERE user_id = ${users['dpo@tandem.example']!.user}`.execute(tx));
    try {
      await t.runJobs();
    } finally {
      await t.db.system((tx) => sql`UPDATE memberships SET roles = ARRAY['dpo'] WHERE user_id = ${users['dpo@tandem.example']!.user}`.execute(tx));
    }
    expect(await build(t, dpo, sar)).toMatchObject({ status: 'failed', error: 'not_found' });
    // Only the one served download was audited.
    const after = await t.db.system((tx) => tx.selectFrom('audit_events').select('id').where('action', '=', 'document.download').execute());
    expect(after.length - before.length).toBe(1);
  });

  it('holds in the database too: the whole case opens only inside an export backed by a request written now, and never to other roles', async () => {
    const rosa = cases.Rosa!;
    const as = (email: string, exportCase: string | null, request: 'dpo' | 'case_coordinator' | null = null) =>
      t.db.transaction({ role: 'tandem_app', requestId: 'sar-rls', userId: users[email]!.user, orgId: users[email]!.org }, async (tx) => {
        if (request && exportCase) {
          await tx.insertInto('subject_access_requests').values({ case_id: exportCase, requested_by: users[email]!.user, requested_as: request, reason: REASON, approval: 'not_needed' }).execute();
        }
        if (exportCase) await sql.raw(`SET LOCAL tandem.subject_access = '${exportCase}'`).execute(tx);
        const notes = await tx.selectFrom('case_notes').select('body').where('case_id', '=', rosa.id).execute();
        const identity = await tx.selectFrom('case_identity').select('field').where('case_id', '=', rosa.id).execute();
        return { notes: notes.length, identity: identity.length };
      });
    const all = (await counts(rosa.id)).notes.length;
    // The officer: nothing of the case's content day to day, nor on the setting alone; all of it
    // inside their own export, written with its reason in this transaction.
    expect(await as('dpo@tandem.example', null)).toEqual({ notes: 0, identity: 0 });
    expect(await as('dpo@tandem.example', rosa.id)).toEqual({ notes: 0, identity: 0 });
    expect(await as('dpo@tandem.example', rosa.id, 'dpo')).toEqual({ notes: all, identity: 5 });
    // The coordinator: never security or others' unshared psychosocial notes without an approved
    // request (see subject-access-approval.test.ts), not even inside an export of their own.
    const day = await as('coordinator@tandem.example', null);
    expect(day.notes).toBeLessThan(all);
    expect(await as('coordinator@tandem.example', rosa.id)).toEqual(day);
    expect(await as('coordinator@tandem.example', rosa.id, 'case_coordinator')).toEqual(day);
    // A caseworker of the lead agency, a partner's coordinator: the setting opens nothing.
    const partner = await as('org-admin@tandem.example', rosa.id);
    expect(partner.notes).toBeLessThan(all);
    const worker = await as('caseworker@tandem.example', null);
    expect(await as('caseworker@tandem.example', rosa.id)).toEqual(worker);
    // Not for an anonymised case: no request can even be written for it.
    expect(await as('dpo@tandem.example', cases.Adam!.id)).toEqual({ notes: 0, identity: 0 });
    await expect(as('dpo@tandem.example', cases.Adam!.id, 'dpo')).rejects.toThrow(/row-level security/);
  });

  it('answers any bad export request with 4xx and changes nothing', async () => {
    const coordinator = await t.signIn('coordinator@tandem.example');
    const rosa = cases.Rosa!;
    const audited = () => t.db.system(async (tx) => Number((await sql<{ n: number }>`SELECT count(*)::int AS n FROM audit_events WHERE action = 'case.subject_access.export'`.execute(tx)).rows[0]!.n));
    const mails = () => t.db.system(async (tx) => (await tx.selectFrom('mail_outbox').select('id').execute()).length);
    const documents = () => t.db.system(async (tx) => (await tx.selectFrom('documents').select('id').execute()).length);
    const before = [await audited(), await mails(), await documents()];
    const badReason = fc.oneof(
      fc.string({ maxLength: 14 }),
      fc.string({ minLength: 1001, maxLength: 1200 }),
      fc.constantFrom('   ', '\u0000'.repeat(20), `${REASON}\u0007`, 'a'.repeat(5) + ' '.repeat(20)),
      fc.integer(),
      fc.constant(null),
    );
    const body = fc.oneof(
      fc.record({ caseNumber: fc.constant(rosa.case_number), reason: badReason, format: fc.constantFrom('json', 'pdf') }),
      fc.record({ caseNumber: fc.oneof(fc.string({ maxLength: 30 }), fc.constant(rosa.id), fc.constant(`${rosa.case_number}' OR 1=1`)), reason: fc.constant(REASON), format: fc.constant('json') }),
      fc.record({ caseNumber: fc.constant(rosa.case_number), reason: fc.constant(REASON), format: fc.oneof(fc.string({ maxLength: 8 }), fc.constant(null)) }),
      fc.record({ caseNumber: fc.constant(rosa.case_number), reason: fc.constant(REASON) }),
    );
    await fc.assert(
      fc.asyncProperty(body, async (b) => {
        const res = await coordinator.post('/api/subject-access', b);
        expect(res.statusCode, JSON.stringify(b)).toBeGreaterThanOrEqual(400);
        expect(res.statusCode).toBeLessThan(500);
      }),
      { numRuns: 60 },
    );
    const lang = fc.string({ maxLength: 10 }).filter((s) => !['', 'en', 'ru', 'ar'].includes(s));
    await fc.assert(
      fc.asyncProperty(lang, async (l) => {
        const res = await coordinator.post(`/api/cases/${rosa.id}/summary/pdf?lang=${encodeURIComponent(l)}`);
        expect(res.statusCode).toBe(400);
      }),
      { numRuns: 20 },
    );
    expect([await audited(), await mails(), await documents()]).toEqual(before);
  });
});
