// Four eyes on subject access: a coordinator's export that would hold another organisation's
// restricted sections (unshared psychosocial notes, security notes) waits for the approval of a
// data protection officer of the lead agency — another person — and is then downloaded by the
// requester alone, for a limited time and number of downloads, each download a document built in
// the background. Through the API, and against the database alone (SQL as the application role).
import { sql, type Kysely } from 'kysely';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import type { DB } from '../../src/db.ts';
import { anonymiseDueCases } from '../../src/modules/cases/retention.ts';
import { createTestApp, type TestApp } from '../support/app.ts';
import { backends } from '../support/databases.ts';
import { asked, build, download } from '../support/documents.ts';
import { pdfText } from '../support/pdf-text.ts';

const REASON = 'Subject access request received 2026-11-20, ref SAR-14';
const SECURITY_NOTE = 'Security assessment filed with the probation board.';
const UNSHARED = 'First session. Talked about sleep and the journey home. Agreed on weekly meetings.';

describe.each(backends)('subject access with four eyes on %s', (backend) => {
  let t: TestApp;
  const cases: Record<string, { id: string; case_number: string }> = {};
  const orgs: Record<string, string> = {};
  const users: Record<string, { user: string; org: string }> = {};

  beforeAll(async () => {
    t = await createTestApp(backend);
    for (const o of await t.db.system((tx) => tx.selectFrom('organisations').select(['id', 'short_name']).execute())) orgs[o.short_name!] = o.id;
    for (const c of await t.db.system((tx) => tx.selectFrom('cases').select(['id', 'case_number', 'alias']).execute())) cases[c.alias] = c;
    const rows = await t.db.system((tx) => tx.selectFrom('users').innerJoin('memberships', 'memberships.user_id', 'users.id').select(['users.email', 'users.id', 'memberships.org_id']).execute());
    for (const r of rows) users[r.email] = { user: r.id, org: r.org_id };
    // Rosa's case holds the centre's unshared psychosocial notes (demo data); add a security note
    // and its timeline event, which the lead agency never sees day to day.
    await t.db.system(async (tx) => {
      await tx.insertInto('case_notes').values({ case_id: cases.Rosa!.id, section: 'security', author_org_id: orgs.BPC!, body: SECURITY_NOTE, shared: true }).execute();
      await tx.insertInto('case_events').values({ case_id: cases.Rosa!.id, kind: 'note.added', section: 'security', data: '{}' }).execute();
    });
  });
  afterAll(() => t?.close());

  const system = <T>(fn: (tx: Kysely<DB>) => Promise<T>) => t.db.system(fn);
  const auditOf = (action: string) =>
    system((tx) => tx.selectFrom('audit_events').select(['details', 'subject_id', 'actor_user_id']).where('action', '=', action).orderBy('id').execute());
  const mails = () => system((tx) => tx.selectFrom('mail_outbox').select(['id', 'to_email', 'subject', 'body_text']).where('kind', '=', 'subject_access').orderBy('created_at').execute());
  /** Mails queued since `before` (ids are random: compare sets, not positions). */
  const mailsSince = async (before: Array<{ id: string }>) => {
    const seen = new Set(before.map((m) => m.id));
    return (await mails()).filter((m) => !seen.has(m.id)).map(({ id: _, ...m }) => m);
  };
  const allNotes = (caseId: string) => system((tx) => tx.selectFrom('case_notes').select('body').where('case_id', '=', caseId).execute());
  const exportedNotes = (doc: { sections: { notes: Array<{ body: string }>; referrals: Array<{ sessions: Array<{ notes: Array<{ body: string }> }> }> } }) => [
    ...doc.sections.notes.map((n) => n.body),
    ...doc.sections.referrals.flatMap((r) => r.sessions.flatMap((s) => s.notes.map((n) => n.body))),
  ];
  const request = async (email = 'coordinator@tandem.example', caseNumber = cases.Rosa!.case_number, as?: 'dpo' | 'case_coordinator') => {
    const res = await (await t.signIn(email)).post('/api/subject-access', { caseNumber, reason: REASON, format: 'json', ...(as ? { as } : {}) });
    expect(res.statusCode, res.body).toBe(202);
    return res.json().request as string;
  };

  it('records a coordinator’s export that holds another organisation’s restricted sections as awaiting approval, with nothing exported', async () => {
    const rosa = cases.Rosa!;
    const mailsBefore = await mails();
    const coordinator = await t.signIn('coordinator@tandem.example');
    const res = await coordinator.post('/api/subject-access', { caseNumber: rosa.case_number, reason: REASON, format: 'pdf' });
    expect(res.statusCode, res.body).toBe(202);
    expect(res.headers['content-type']).toMatch(/^application\/json/);
    expect(res.headers['content-disposition']).toBeUndefined();
    const body = res.json();
    expect(body).toEqual({ status: 'pending', request: expect.any(String) });
    expect(res.body).not.toContain('Zarina');

    const row = await system((tx) => tx.selectFrom('subject_access_requests').selectAll().where('id', '=', body.request).executeTakeFirstOrThrow());
    expect(row).toMatchObject({ case_id: rosa.id, requested_by: users['coordinator@tandem.example']!.user, requested_as: 'case_coordinator', reason: REASON, approval: 'pending', decided_by: null, downloads: 0 });
    // Audited as a request, never as an export; nothing on the timeline.
    expect(await auditOf('case.subject_access.export')).toEqual([]);
    expect((await auditOf('case.subject_access.request')).at(-1)).toMatchObject({ subject_id: rosa.id, actor_user_id: users['coordinator@tandem.example']!.user, details: { reason: REASON, request: body.request, as: 'case_coordinator' } });
    expect(await system((tx) => tx.selectFrom('case_events').select('id').where('case_id', '=', rosa.id).where('kind', '=', 'case.subject_access_exported').execute())).toEqual([]);

    // The officer is told, in their language, with a link only: no case, person, requester or reason.
    const told = await mailsSince(mailsBefore);
    expect(told).toHaveLength(1);
    expect(told[0]).toMatchObject({ to_email: 'dpo@tandem.example', subject: 'Tandem: a subject access request awaits your decision' });
    expect(told[0]!.body_text).toContain(`${t.config.publicUrl}/retention`);
    for (const secret of [REASON, rosa.case_number, 'Rosa', 'Zarina', 'Daniyar', 'Probation']) expect(`${told[0]!.subject} ${told[0]!.body_text}`).not.toContain(secret);

    // The requester follows it; no download before a decision.
    const mine = (await coordinator.get(`/api/subject-access/mine?caseId=${rosa.id}`)).json().requests;
    expect(mine).toEqual([expect.objectContaining({ id: body.request, approval: 'pending', caseNumber: rosa.case_number, reason: REASON, downloadsLeft: 0, mine: true })]);
    expect((await coordinator.post(`/api/subject-access/requests/${body.request}/download`, { format: 'json' })).statusCode).toBe(409);
  });

  it('lets a data protection officer approve with a note; then the requester alone downloads it, restricted notes included, a limited number of times', async () => {
    const rosa = cases.Rosa!;
    const id = await request();
    const dpo = await t.signIn('dpo@tandem.example');
    const pending = (await dpo.get('/api/subject-access/pending')).json().requests as Array<Record<string, unknown>>;
    expect(pending.find((r) => r.id === id)).toMatchObject({ caseNumber: rosa.case_number, requestedByName: 'Daniyar Seitkali', reason: REASON, approval: 'pending', mine: false });
    expect((await auditOf('case.subject_access.requests_read')).length).toBeGreaterThan(0);

    const mailsBefore = await mails();
    expect((await dpo.post(`/api/subject-access/requests/${id}/decision`, { decision: 'approve', note: 'Checked against the request letter.' })).statusCode).toBe(204);
    expect((await dpo.post(`/api/subject-access/requests/${id}/decision`, { decision: 'refuse', note: 'Changed my mind.' })).statusCode).toBe(409);
    expect((await auditOf('case.subject_access.approve')).at(-1)).toMatchObject({
      subject_id: rosa.id,
      actor_user_id: users['dpo@tandem.example']!.user,
      details: { request: id, note: 'Checked against the request letter.', requested_by: users['coordinator@tandem.example']!.user, days: 7, downloads: 3 },
    });
    // The requester is told, in Russian (their language), with a link to the case only.
    const told = await mailsSince(mailsBefore);
    expect(told).toEqual([{ to_email: 'coordinator@tandem.example', subject: 'Tandem: на ваш запрос на выгрузку данных дан ответ', body_text: expect.stringContaining(`${t.config.publicUrl}/cases/${rosa.id}`) }]);
    expect(told[0]!.body_text).not.toContain(REASON);

    // Only the requester downloads: not the officer who approved, not another role.
    expect((await dpo.post(`/api/subject-access/requests/${id}/download`, { format: 'json' })).statusCode).toBe(403);
    expect((await (await t.signIn('caseworker@tandem.example')).post(`/api/subject-access/requests/${id}/download`, { format: 'json' })).statusCode).toBe(403);

    const coordinator = await t.signIn('coordinator@tandem.example');
    const first = await coordinator.post(`/api/subject-access/requests/${id}/download`, { format: 'json' });
    const firstDoc = asked(first);
    const res = await download(t, coordinator, first);
    expect(res.headers['content-disposition']).toBe(`attachment; filename="tandem-${rosa.case_number}-subject-access.json"`);
    expect(res.headers['cache-control']).toBe('no-store');
    const doc = res.json();
    expect(doc).toMatchObject({ kind: 'subject_access', caseNumber: rosa.case_number, reason: REASON, requestedBy: { name: 'Daniyar Seitkali', role: 'case_coordinator' }, approval: { by: 'Elena Petrova' } });
    const exported = exportedNotes(doc).sort();
    expect(exported).toEqual((await allNotes(rosa.id)).map((n) => n.body).sort());
    expect(exported).toContain(SECURITY_NOTE);
    expect(exported).toContain(UNSHARED);
    expect(doc.sections.timeline.some((e: { section: string | null }) => e.section === 'security')).toBe(true);
    expect((await auditOf('case.subject_access.export')).at(-1)).toMatchObject({
      subject_id: rosa.id,
      actor_user_id: users['coordinator@tandem.example']!.user,
      details: { request: id, reason: REASON, as: 'case_coordinator', approved_by: users['dpo@tandem.example']!.user, download: 1, format: 'json', document: firstDoc.id },
    });
    // Each download counted is one document: the officer who approved it does not get it either.
    expect((await dpo.get(`/api/documents/${firstDoc.id}/file`)).statusCode).toBe(404);

    const pdf = await download(t, coordinator, await coordinator.post(`/api/subject-access/requests/${id}/download?lang=en`, { format: 'pdf' }));
    const text = pdfText(pdf.rawPayload);
    expect(text).toContain('Approved by Elena Petrova');
    expect(text).toContain(SECURITY_NOTE);
    expect((await coordinator.get(`/api/subject-access/mine?caseId=${rosa.id}`)).json().requests.find((r: { id: string }) => r.id === id)).toMatchObject({ approval: 'approved', downloadsLeft: 1, decidedByName: 'Elena Petrova', decisionNote: 'Checked against the request letter.' });
    expect((await coordinator.post(`/api/subject-access/requests/${id}/download`, { format: 'json' })).statusCode).toBe(202);
    // Three downloads, then no more.
    const fourth = await coordinator.post(`/api/subject-access/requests/${id}/download`, { format: 'json' });
    expect(fourth.statusCode).toBe(409);
    expect(fourth.json().detail).toMatch(/as many times as allowed/);
    expect(await system((tx) => tx.selectFrom('subject_access_requests').select('downloads').where('id', '=', id).executeTakeFirstOrThrow())).toEqual({ downloads: 3 });
  });

  it('refuses with a reason the requester sees; nothing can be downloaded', async () => {
    const id = await request();
    const dpo = await t.signIn('dpo@tandem.example');
    expect((await dpo.post(`/api/subject-access/requests/${id}/decision`, { decision: 'refuse', note: 'No request letter on file: ask the person to write.' })).statusCode).toBe(204);
    expect((await auditOf('case.subject_access.refuse')).at(-1)).toMatchObject({ details: { request: id, note: 'No request letter on file: ask the person to write.' } });
    const coordinator = await t.signIn('coordinator@tandem.example');
    const mine = (await coordinator.get('/api/subject-access/mine')).json().requests.find((r: { id: string }) => r.id === id);
    expect(mine).toMatchObject({ approval: 'refused', decisionNote: 'No request letter on file: ask the person to write.', expiresAt: null, downloadsLeft: 0 });
    const res = await coordinator.post(`/api/subject-access/requests/${id}/download`, { format: 'json' });
    expect(res.statusCode).toBe(409);
    expect(res.json().detail).toMatch(/refused/);
    expect(((await dpo.get('/api/subject-access/pending')).json().requests as Array<{ id: string }>).map((r) => r.id)).not.toContain(id);
  });

  it('stops downloads once the approval has expired', async () => {
    const id = await request();
    const dpo = await t.signIn('dpo@tandem.example');
    expect((await dpo.post(`/api/subject-access/requests/${id}/decision`, { decision: 'approve', note: 'Approved.' })).statusCode).toBe(204);
    const expiry = await system((tx) => tx.selectFrom('subject_access_requests').select(['decided_at', 'expires_at']).where('id', '=', id).executeTakeFirstOrThrow());
    expect(expiry.expires_at!.getTime() - expiry.decided_at!.getTime()).toBe(7 * 86_400_000);
    // Eight days later.
    await system((tx) => sql`UPDATE subject_access_requests SET requested_at = requested_at - interval '8 days', decided_at = decided_at - interval '8 days', expires_at = expires_at - interval '8 days' WHERE id = ${id}`.execute(tx));
    const coordinator = await t.signIn('coordinator@tandem.example');
    const res = await coordinator.post(`/api/subject-access/requests/${id}/download`, { format: 'json' });
    expect(res.statusCode).toBe(409);
    expect(res.json().detail).toMatch(/expired/);
    expect((await coordinator.get('/api/subject-access/mine')).json().requests.find((r: { id: string }) => r.id === id)).toMatchObject({ approval: 'approved', downloadsLeft: 0 });
    expect(await system((tx) => tx.selectFrom('subject_access_requests').select('downloads').where('id', '=', id).executeTakeFirstOrThrow())).toEqual({ downloads: 0 });
  });

  it('builds nothing of a download whose approval ran out between asking and building, nor for a coordinator who lost the role', async () => {
    const id = await request();
    const dpo = await t.signIn('dpo@tandem.example');
    expect((await dpo.post(`/api/subject-access/requests/${id}/decision`, { decision: 'approve', note: 'Approved.' })).statusCode).toBe(204);
    const coordinator = await t.signIn('coordinator@tandem.example');
    const first = asked(await coordinator.post(`/api/subject-access/requests/${id}/download`, { format: 'pdf' }));
    await system((tx) => sql`UPDATE subject_access_requests SET decided_at = decided_at - interval '8 days', expires_at = expires_at - interval '8 days' WHERE id = ${id}`.execute(tx));
    expect(await build(t, coordinator, first)).toMatchObject({ status: 'failed', error: 'not_found' });
    await system((tx) => sql`UPDATE subject_access_requests SET decided_at = decided_at + interval '8 days', expires_at = expires_at + interval '8 days' WHERE id = ${id}`.execute(tx));
    // Counted, then the coordinator's role is taken away before it is built.
    const second = asked(await coordinator.post(`/api/subject-access/requests/${id}/download`, { format: 'json' }));
    const coordinatorId = users['coordinator@tandem.example']!.user;
    await system((tx) => sql`UPDATE memberships SET roles = ARRAY['caseworker'] WHERE user_id = ${coordinatorId}`.execute(tx));
    try {
      await t.runJobs();
    } finally {
      await system((tx) => sql`UPDATE memberships SET roles = ARRAY['case_coordinator'] WHERE user_id = ${coordinatorId}`.execute(tx));
    }
    expect(await build(t, coordinator, second)).toMatchObject({ status: 'failed', error: 'not_found' });
    // Both were counted when asked for: one download is left.
    expect(await system((tx) => tx.selectFrom('subject_access_requests').select('downloads').where('id', '=', id).executeTakeFirstOrThrow())).toEqual({ downloads: 2 });
  });

  it('never lets the requester decide their own request, even holding the data protection officer’s role', async () => {
    const coordinator = users['coordinator@tandem.example']!;
    await system((tx) => sql`UPDATE memberships SET roles = ARRAY['case_coordinator', 'dpo'] WHERE user_id = ${coordinator.user}`.execute(tx));
    try {
      const mailsBefore = await mails();
      const id = await request('coordinator@tandem.example', cases.Rosa!.case_number, 'case_coordinator');
      // Told: the other officer, not the requester.
      expect((await mailsSince(mailsBefore)).map((m) => m.to_email)).toEqual(['dpo@tandem.example']);
      const both = await t.signIn('coordinator@tandem.example');
      expect((await both.get('/api/subject-access/pending')).json().requests.find((r: { id: string }) => r.id === id)).toMatchObject({ mine: true });
      for (const decision of ['approve', 'refuse']) {
        const res = await both.post(`/api/subject-access/requests/${id}/decision`, { decision, note: 'Approving my own request.' });
        expect(res.statusCode).toBe(403);
        expect(res.json().detail).toMatch(/another data protection officer/);
      }
      expect(await system((tx) => tx.selectFrom('subject_access_requests').select(['approval', 'decided_by']).where('id', '=', id).executeTakeFirstOrThrow())).toEqual({ approval: 'pending', decided_by: null });
      expect((await auditOf('case.subject_access.approve')).map((a) => (a.details as { request: string }).request)).not.toContain(id);
      // Another officer may.
      expect((await (await t.signIn('dpo@tandem.example')).post(`/api/subject-access/requests/${id}/decision`, { decision: 'approve', note: 'Checked.' })).statusCode).toBe(204);
      expect((await both.post(`/api/subject-access/requests/${id}/download`, { format: 'json' })).statusCode).toBe(202);
    } finally {
      await system((tx) => sql`UPDATE memberships SET roles = ARRAY['case_coordinator'] WHERE user_id = ${coordinator.user}`.execute(tx));
    }
  });

  it('proceeds at once, as before, when the export holds no other organisation’s restricted sections', async () => {
    const aziz = cases.Aziz!;
    const mailsBefore = await mails();
    const coordinator = await t.signIn('coordinator@tandem.example');
    const res = await download(t, coordinator, await coordinator.post('/api/subject-access', { caseNumber: aziz.case_number, reason: REASON, format: 'json' }));
    const doc = res.json();
    expect(doc).toMatchObject({ kind: 'subject_access', caseNumber: aziz.case_number, reason: REASON, approval: null, requestedBy: { role: 'case_coordinator' } });
    expect(doc.sections.identity.length).toBeGreaterThan(0);
    const row = await system((tx) => tx.selectFrom('subject_access_requests').select(['id', 'approval', 'requested_as']).where('case_id', '=', aziz.id).executeTakeFirstOrThrow());
    expect(row).toMatchObject({ approval: 'not_needed', requested_as: 'case_coordinator' });
    expect((await auditOf('case.subject_access.export')).at(-1)).toMatchObject({ subject_id: aziz.id, details: { reason: REASON, as: 'case_coordinator', request: row.id } });
    const told = await mailsSince(mailsBefore);
    expect(told.map((m) => m.to_email)).toEqual(['dpo@tandem.example']);
    expect(told[0]!.subject).toContain(aziz.case_number);
    // A request that needed no approval is not listed to follow up.
    expect((await coordinator.get(`/api/subject-access/mine?caseId=${aziz.id}`)).json().requests).toEqual([]);
    // The officer's own export never waits, on any case.
    const officer = await t.signIn('dpo@tandem.example');
    const dpo = await download(t, officer, await officer.post('/api/subject-access', { caseNumber: cases.Rosa!.case_number, reason: REASON, format: 'json' }));
    expect(exportedNotes(dpo.json())).toContain(SECURITY_NOTE);
  });

  it('refuses bad decisions and downloads with 4xx and changes nothing', async () => {
    const id = await request();
    const dpo = await t.signIn('dpo@tandem.example');
    for (const body of [{ decision: 'approve' }, { decision: 'approve', note: 'x' }, { decision: 'maybe', note: 'Looks fine to me.' }, { decision: 'approve', note: 'a'.repeat(1001) }, { decision: 'approve', note: 'Fine\u0007 really' }]) {
      expect((await dpo.post(`/api/subject-access/requests/${id}/decision`, body)).statusCode, JSON.stringify(body)).toBe(400);
    }
    expect((await dpo.post('/api/subject-access/requests/not-a-uuid/decision', { decision: 'approve', note: 'Checked.' })).statusCode).toBe(400);
    expect((await dpo.post(`/api/subject-access/requests/${cases.Rosa!.id}/decision`, { decision: 'approve', note: 'Checked.' })).statusCode).toBe(404);
    // An officer of another organisation does not find it.
    await system((tx) => sql`UPDATE memberships SET roles = ARRAY['dpo'] WHERE user_id = ${users['org-admin@tandem.example']!.user}`.execute(tx));
    try {
      expect((await (await t.signIn('org-admin@tandem.example')).post(`/api/subject-access/requests/${id}/decision`, { decision: 'approve', note: 'Checked.' })).statusCode).toBe(404);
    } finally {
      await system((tx) => sql`UPDATE memberships SET roles = ARRAY['org_admin'] WHERE user_id = ${users['org-admin@tandem.example']!.user}`.execute(tx));
    }
    const coordinator = await t.signIn('coordinator@tandem.example');
    expect((await coordinator.post(`/api/subject-access/requests/${id}/download`, { format: 'xml' })).statusCode).toBe(400);
    expect((await coordinator.post(`/api/subject-access/requests/${id}/decision`, { decision: 'approve', note: 'Checked.' })).statusCode).toBe(403);
    expect(await system((tx) => tx.selectFrom('subject_access_requests').select(['approval', 'downloads']).where('id', '=', id).executeTakeFirstOrThrow())).toEqual({ approval: 'pending', downloads: 0 });
  });

  describe('in the database alone', () => {
    type Who = 'coordinator@tandem.example' | 'dpo@tandem.example' | 'caseworker@tandem.example' | 'org-admin@tandem.example';
    const as = <T>(email: Who, fn: (tx: Kysely<DB>) => Promise<T>) =>
      t.db.transaction({ role: 'tandem_app', requestId: 'sar-wall', userId: users[email]!.user, orgId: users[email]!.org }, fn) as Promise<T>;
    const open = (tx: Kysely<DB>, caseId: string) => sql.raw(`SET LOCAL tandem.subject_access = '${caseId}'`).execute(tx);
    const notes = async (tx: Kysely<DB>, caseId: string) => (await tx.selectFrom('case_notes').select('body').where('case_id', '=', caseId).execute()).map((n) => n.body);
    const securityEvents = async (tx: Kysely<DB>, caseId: string) =>
      (await tx.selectFrom('case_events').select('id').where('case_id', '=', caseId).where('section', '=', 'security').execute()).length;
    const insert = (tx: Kysely<DB>, who: Who, caseId: string, requestedAs: 'dpo' | 'case_coordinator', approval: 'not_needed' | 'pending' | 'approved', documentId?: string) =>
      tx
        .insertInto('subject_access_requests')
        .values({ case_id: caseId, requested_by: users[who]!.user, requested_as: requestedAs, reason: REASON, approval, ...(documentId ? { document_id: documentId } : {}) })
        .returning('id')
        .executeTakeFirstOrThrow();
    /** A subject access document of the person's own, waiting to be built. */
    const newDocument = async (tx: Kysely<DB>, who: Who, kind = 'subject_access') => {
      const id = crypto.randomUUID();
      await tx.insertInto('documents').values({ id, kind, owner_user_id: users[who]!.user, owner_org_id: users[who]!.org, params: '{}' }).execute();
      return id;
    };
    const countDownload = async (tx: Kysely<DB>, who: Who, request: string) =>
      (await sql<{ c: string | null }>`SELECT tandem_subject_access_download(${request}::uuid, ${await newDocument(tx, who)}::uuid) AS c`.execute(tx)).rows[0]!.c;
    const building = (id: string) => system((tx) => sql`UPDATE documents SET status = 'building', started_at = now() WHERE id = ${id}`.execute(tx));
    const buildIn = async (tx: Kysely<DB>, documentId: string) => (await sql<{ c: string | null }>`SELECT tandem_subject_access_build(${documentId}::uuid) AS c`.execute(tx)).rows[0]!.c;

    it('opens nothing on the setting alone, nor on a request of the coordinator that needed no approval or awaits it', async () => {
      const rosa = cases.Rosa!.id;
      const day = await as('coordinator@tandem.example', (tx) => notes(tx, rosa));
      expect(day).not.toContain(SECURITY_NOTE);
      expect(day).not.toContain(UNSHARED);
      // The setting without any request: exactly the day-to-day view.
      expect(await as('coordinator@tandem.example', async (tx) => (await open(tx, rosa), notes(tx, rosa)))).toEqual(day);
      expect(await as('dpo@tandem.example', async (tx) => (await open(tx, rosa), notes(tx, rosa)))).toEqual([]);
      // A coordinator's own request, written now, claiming no restricted section is in it: the
      // rest of the case opens, never another organisation's restricted notes or security events.
      for (const approval of ['not_needed', 'pending'] as const) {
        const seen = await as('coordinator@tandem.example', async (tx) => {
          await insert(tx, 'coordinator@tandem.example', rosa, 'case_coordinator', approval);
          await open(tx, rosa);
          return { notes: await notes(tx, rosa), security: await securityEvents(tx, rosa), identity: (await tx.selectFrom('case_identity').select('id').where('case_id', '=', rosa).execute()).length };
        });
        expect(seen.notes.sort(), approval).toEqual([...day].sort());
        expect(seen.security).toBe(0);
        expect(seen.identity).toBe(5);
      }
    });

    it('opens another organisation’s restricted notes only to the officer’s own export written now, or through an approved, unexpired request counted now', async () => {
      const rosa = cases.Rosa!.id;
      const all = (await allNotes(rosa)).map((n) => n.body).sort();
      expect(await as('dpo@tandem.example', async (tx) => {
        await insert(tx, 'dpo@tandem.example', rosa, 'dpo', 'not_needed');
        await open(tx, rosa);
        return (await notes(tx, rosa)).sort();
      })).toEqual(all);
      // The officer's request of an earlier transaction opens nothing now (this one writes another).
      expect(await as('dpo@tandem.example', async (tx) => {
        await insert(tx, 'dpo@tandem.example', cases.Aziz!.id, 'dpo', 'not_needed');
        await open(tx, rosa);
        return notes(tx, rosa);
      })).toEqual([]);

      // An approved request of the coordinator (approved through the API by the officer).
      const id = await request();
      expect((await (await t.signIn('dpo@tandem.example')).post(`/api/subject-access/requests/${id}/decision`, { decision: 'approve', note: 'Checked.' })).statusCode).toBe(204);
      // Not without counting a download in this transaction…
      const uncounted = await as('coordinator@tandem.example', async (tx) => {
        await insert(tx, 'coordinator@tandem.example', rosa, 'case_coordinator', 'not_needed');
        await open(tx, rosa);
        return notes(tx, rosa);
      });
      expect(uncounted).not.toContain(SECURITY_NOTE);
      // …with it, everything.
      const counted = await as('coordinator@tandem.example', async (tx) => {
        const opened = await countDownload(tx, 'coordinator@tandem.example', id);
        await open(tx, rosa);
        return { opened, notes: (await notes(tx, rosa)).sort(), security: await securityEvents(tx, rosa) };
      });
      expect(counted).toEqual({ opened: rosa, notes: all, security: 1 });
      // Not for anyone else, even the approving officer.
      expect(await as('dpo@tandem.example', (tx) => countDownload(tx, 'dpo@tandem.example', id))).toBeNull();
      // Not without a subject access document of the requester's own, waiting to be built.
      const otherKind = await as('coordinator@tandem.example', async (tx) => {
        const doc = await newDocument(tx, 'coordinator@tandem.example', 'plan_report');
        return (await sql<{ c: string | null }>`SELECT tandem_subject_access_download(${id}::uuid, ${doc}::uuid) AS c`.execute(tx)).rows[0]!.c;
      });
      expect(otherKind).toBeNull();
      const someoneElses = await as('dpo@tandem.example', (tx) => newDocument(tx, 'dpo@tandem.example'));
      expect(await as('coordinator@tandem.example', async (tx) => (await sql<{ c: string | null }>`SELECT tandem_subject_access_download(${id}::uuid, ${someoneElses}::uuid) AS c`.execute(tx)).rows[0]!.c)).toBeNull();
      // Expired: no download counted, nothing opened.
      await system((tx) => sql`UPDATE subject_access_requests SET decided_at = decided_at - interval '8 days', expires_at = expires_at - interval '8 days' WHERE id = ${id}`.execute(tx));
      const expired = await as('coordinator@tandem.example', async (tx) => {
        const opened = await countDownload(tx, 'coordinator@tandem.example', id);
        await open(tx, rosa);
        return { opened, notes: await notes(tx, rosa) };
      });
      expect(expired.opened).toBeNull();
      expect(expired.notes).not.toContain(SECURITY_NOTE);
      // A pending request cannot be counted either.
      const pending = await request();
      expect(await as('coordinator@tandem.example', (tx) => countDownload(tx, 'coordinator@tandem.example', pending))).toBeNull();
    });

    it('opens the case to the build of an export’s document only: the requester’s own, being built, while the request is in force and the role held', async () => {
      const rosa = cases.Rosa!.id;
      const all = (await allNotes(rosa)).map((n) => n.body).sort();
      // The officer's export, written with its document in one transaction (as the API does).
      const doc = await as('dpo@tandem.example', async (tx) => {
        const id = await newDocument(tx, 'dpo@tandem.example');
        await insert(tx, 'dpo@tandem.example', rosa, 'dpo', 'not_needed', id);
        return id;
      });
      const built = (who: Who, documentId = doc) =>
        as(who, async (tx) => {
          const opened = await buildIn(tx, documentId);
          await open(tx, rosa);
          return { opened, notes: (await notes(tx, rosa)).sort() };
        });
      // Not while it waits to be built (the job marks it as building first).
      expect(await built('dpo@tandem.example')).toEqual({ opened: null, notes: [] });
      await building(doc);
      expect(await built('dpo@tandem.example')).toEqual({ opened: rosa, notes: all });
      // In that transaction only: the next one, on the setting alone, reads nothing.
      expect(await as('dpo@tandem.example', async (tx) => (await open(tx, rosa), notes(tx, rosa)))).toEqual([]);
      // Not to anyone else, even of the same agency.
      expect((await built('coordinator@tandem.example')).opened).toBeNull();
      // Not once the officer no longer holds the role the request was made in.
      await system((tx) => sql`UPDATE memberships SET roles = ARRAY['org_admin'] WHERE user_id = ${users['dpo@tandem.example']!.user}`.execute(tx));
      try {
        expect(await built('dpo@tandem.example')).toEqual({ opened: null, notes: [] });
      } finally {
        await system((tx) => sql`UPDATE memberships SET roles = ARRAY['dpo'] WHERE user_id = ${users['dpo@tandem.example']!.user}`.execute(tx));
      }
      // Not a day after it was asked for.
      await system((tx) => sql`UPDATE subject_access_requests SET requested_at = requested_at - interval '25 hours' WHERE document_id = ${doc}`.execute(tx));
      expect(await built('dpo@tandem.example')).toEqual({ opened: null, notes: [] });

      // A request names one document of the requester's own, when it needs no approval; never another's.
      const refused = async (who: Who, fn: (tx: Kysely<DB>) => Promise<unknown>) => as(who, fn).then(() => null, (e: Error) => e.message);
      const theirs = await as('dpo@tandem.example', (tx) => newDocument(tx, 'dpo@tandem.example'));
      expect(await refused('coordinator@tandem.example', (tx) => insert(tx, 'coordinator@tandem.example', rosa, 'case_coordinator', 'not_needed', theirs))).toMatch(/row-level security/);
      expect(await refused('coordinator@tandem.example', async (tx) => insert(tx, 'coordinator@tandem.example', rosa, 'case_coordinator', 'pending', await newDocument(tx, 'coordinator@tandem.example')))).toMatch(/row-level security/);
      expect(await refused('dpo@tandem.example', async (tx) => insert(tx, 'dpo@tandem.example', rosa, 'dpo', 'not_needed', await newDocument(tx, 'dpo@tandem.example', 'plan_report')))).toMatch(/row-level security/);
      // Nor a document already named by another request.
      expect(await refused('dpo@tandem.example', (tx) => insert(tx, 'dpo@tandem.example', rosa, 'dpo', 'not_needed', doc))).toMatch(/row-level security|subject_access_requests_document_idx/);

      // A coordinator's own export that needed no approval: built, it opens what the agency sees day to day, never the restricted rows.
      const day = await as('coordinator@tandem.example', (tx) => notes(tx, rosa));
      const mine = await as('coordinator@tandem.example', async (tx) => {
        const id = await newDocument(tx, 'coordinator@tandem.example');
        await insert(tx, 'coordinator@tandem.example', rosa, 'case_coordinator', 'not_needed', id);
        return id;
      });
      await building(mine);
      const coordinatorBuilt = await built('coordinator@tandem.example', mine);
      expect(coordinatorBuilt.opened).toBe(rosa);
      expect(coordinatorBuilt.notes).toEqual([...day].sort());
      expect(coordinatorBuilt.notes).not.toContain(SECURITY_NOTE);

      // An approved request: the document of its latest counted download, while the approval lasts.
      const id = await request();
      expect((await (await t.signIn('dpo@tandem.example')).post(`/api/subject-access/requests/${id}/decision`, { decision: 'approve', note: 'Checked.' })).statusCode).toBe(204);
      const downloadDoc = await as('coordinator@tandem.example', async (tx) => {
        const d = await newDocument(tx, 'coordinator@tandem.example');
        expect((await sql<{ c: string | null }>`SELECT tandem_subject_access_download(${id}::uuid, ${d}::uuid) AS c`.execute(tx)).rows[0]!.c).toBe(rosa);
        return d;
      });
      await building(downloadDoc);
      expect(await built('coordinator@tandem.example', downloadDoc)).toEqual({ opened: rosa, notes: all });
      await system((tx) => sql`UPDATE subject_access_requests SET decided_at = decided_at - interval '8 days', expires_at = expires_at - interval '8 days' WHERE id = ${id}`.execute(tx));
      expect((await built('coordinator@tandem.example', downloadDoc)).opened).toBeNull();
    });

    it('refuses a request approving itself, one decided by its own requester, and changes to what only the database counts', async () => {
      const rosa = cases.Rosa!.id;
      const refusedBy = async (fn: (tx: Kysely<DB>) => Promise<unknown>, who: Who = 'coordinator@tandem.example') => {
        try {
          await as(who, fn);
          return null;
        } catch (error) {
          return (error as Error).message;
        }
      };
      // Written as approved, or as the officer by a coordinator, or by a caseworker: refused.
      expect(await refusedBy((tx) => insert(tx, 'coordinator@tandem.example', rosa, 'case_coordinator', 'approved'))).toMatch(/row-level security/);
      expect(await refusedBy((tx) => insert(tx, 'coordinator@tandem.example', rosa, 'dpo', 'not_needed'))).toMatch(/row-level security/);
      expect(await refusedBy((tx) => insert(tx, 'caseworker@tandem.example', rosa, 'case_coordinator', 'pending'), 'caseworker@tandem.example')).toMatch(/row-level security/);
      expect(await refusedBy((tx) => insert(tx, 'dpo@tandem.example', rosa, 'dpo', 'not_needed'))).toMatch(/row-level security/);
      // For someone else's organisation's case.
      expect(await refusedBy((tx) => insert(tx, 'org-admin@tandem.example', rosa, 'case_coordinator', 'pending'), 'org-admin@tandem.example')).toMatch(/row-level security/);

      const id = await request();
      const decide = (tx: Kysely<DB>, by: string) =>
        sql`UPDATE subject_access_requests SET approval = 'approved', decided_by = ${by}, decided_at = now(), decision_note = 'Mine.', expires_at = now() + interval '7 days' WHERE id = ${id}`.execute(tx);
      // The requester, as coordinator: no row to update.
      expect((await as('coordinator@tandem.example', (tx) => decide(tx, users['dpo@tandem.example']!.user))).numAffectedRows).toBe(0n);
      // The requester holding the officer's role too: still no row to update, naming themself or another.
      await system((tx) => sql`UPDATE memberships SET roles = ARRAY['case_coordinator', 'dpo'] WHERE user_id = ${users['coordinator@tandem.example']!.user}`.execute(tx));
      try {
        expect((await as('coordinator@tandem.example', (tx) => decide(tx, users['coordinator@tandem.example']!.user))).numAffectedRows).toBe(0n);
        expect((await as('coordinator@tandem.example', (tx) => decide(tx, users['dpo@tandem.example']!.user))).numAffectedRows).toBe(0n);
      } finally {
        await system((tx) => sql`UPDATE memberships SET roles = ARRAY['case_coordinator'] WHERE user_id = ${users['coordinator@tandem.example']!.user}`.execute(tx));
      }
      // Even the owner cannot store a request decided by its requester.
      expect(await system((tx) => decide(tx, users['coordinator@tandem.example']!.user)).then(() => null, (e: Error) => e.message)).toMatch(/four_eyes/);
      // The officer may not name someone else as the decider, nor set a longer expiry.
      expect(await refusedBy((tx) => decide(tx, users['org-admin@tandem.example']!.user), 'dpo@tandem.example')).toMatch(/row-level security/);
      expect(
        await refusedBy(
          (tx) => sql`UPDATE subject_access_requests SET approval = 'approved', decided_by = ${users['dpo@tandem.example']!.user}, decided_at = now(), decision_note = 'Long.', expires_at = now() + interval '30 days' WHERE id = ${id}`.execute(tx),
          'dpo@tandem.example',
        ),
      ).toMatch(/subject_access_requests_expiry/);
      // Downloads are counted by the database only; the reason never changes.
      expect(await refusedBy((tx) => sql`UPDATE subject_access_requests SET downloads = 0 WHERE id = ${id}`.execute(tx), 'dpo@tandem.example')).toMatch(/permission denied/);
      expect(await refusedBy((tx) => sql`UPDATE subject_access_requests SET reason = 'Something else entirely' WHERE id = ${id}`.execute(tx), 'dpo@tandem.example')).toMatch(/permission denied/);
      expect(await refusedBy((tx) => sql`DELETE FROM subject_access_requests WHERE id = ${id}`.execute(tx), 'dpo@tandem.example')).toMatch(/permission denied/);
      // The officer decides it once; then it is final.
      expect((await as('dpo@tandem.example', (tx) => decide(tx, users['dpo@tandem.example']!.user))).numAffectedRows).toBe(1n);
      expect((await as('dpo@tandem.example', (tx) => sql`UPDATE subject_access_requests SET approval = 'refused', expires_at = NULL WHERE id = ${id}`.execute(tx))).numAffectedRows).toBe(0n);
    });

    it('shows requests to their requester and to the lead agency’s officers only, and answers whether a case holds restricted records to no one else', async () => {
      const rosa = cases.Rosa!.id;
      const count = (who: Who) => as(who, async (tx) => (await tx.selectFrom('subject_access_requests').select('id').execute()).length);
      expect(await count('coordinator@tandem.example')).toBeGreaterThan(0);
      expect(await count('dpo@tandem.example')).toBeGreaterThanOrEqual(await count('coordinator@tandem.example'));
      expect(await count('caseworker@tandem.example')).toBe(0);
      expect(await count('org-admin@tandem.example')).toBe(0);
      const withheld = (who: Who, caseId: string) => as(who, async (tx) => (await sql<{ w: boolean | null }>`SELECT tandem_subject_access_withheld(${caseId}::uuid) AS w`.execute(tx)).rows[0]!.w);
      expect(await withheld('coordinator@tandem.example', rosa)).toBe(true);
      expect(await withheld('coordinator@tandem.example', cases.Aziz!.id)).toBe(false);
      expect(await withheld('caseworker@tandem.example', rosa)).toBeNull();
      expect(await withheld('org-admin@tandem.example', rosa)).toBeNull();
    });
  });
  it('removes the reasons and notes of its requests when a case is anonymised, and refuses what is pending or approved on it', async () => {
    const timur = cases.Timur!;
    // Timur's case gets an approved request and a pending one (a psychosocial note the centre keeps to itself).
    await system((tx) => tx.insertInto('case_notes').values({ case_id: timur.id, section: 'psychosocial_notes', author_org_id: orgs.BPC!, body: 'Draws at every session.', shared: false }).execute());
    const approved = await request('coordinator@tandem.example', timur.case_number);
    const pending = await request('coordinator@tandem.example', timur.case_number);
    const dpo = await t.signIn('dpo@tandem.example');
    expect((await dpo.post(`/api/subject-access/requests/${approved}/decision`, { decision: 'approve', note: 'Checked the letter of the guardian.' })).statusCode).toBe(204);
    const coordinator = await t.signIn('coordinator@tandem.example');
    expect((await coordinator.post(`/api/cases/${timur.id}/close`, { reason: 'Family moved abroad.', aftercareUntil: null })).statusCode).toBe(204);
    // Long after the retention period of its category.
    expect(await anonymiseDueCases(t.db, new Date(Date.now() + 40 * 365 * 86_400_000).toISOString().slice(0, 10))).toBeGreaterThan(0);
    const rows = await system((tx) => tx.selectFrom('subject_access_requests').select(['id', 'reason', 'decision_note']).where('case_id', '=', timur.id).execute());
    expect(rows.map((r) => r.reason)).toEqual(rows.map(() => '[removed: retention period ended]'));
    expect(rows.find((r) => r.id === approved)!.decision_note).toBe('[removed]');
    expect((await coordinator.post(`/api/subject-access/requests/${approved}/download`, { format: 'json' })).statusCode).toBe(409);
    expect((await dpo.post(`/api/subject-access/requests/${pending}/decision`, { decision: 'approve', note: 'Checked.' })).statusCode).toBe(409);
    expect(((await dpo.get('/api/subject-access/pending')).json().requests as Array<{ id: string }>).map((r) => r.id)).not.toContain(pending);
  });
});
