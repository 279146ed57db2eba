// Files attached to planning records: who may attach to what (the author to a contribution, the
// coordinators to a commitment, the reporting body to its progress, the assessing organisation
// to its assessment), content checked by its bytes, size and count limits, and who may read
// them (an anonymous contribution's attachments stay with its author and the coordinators).
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { DEMO_PLAN_TITLE } from '../../src/demo/plans.ts';
import { cleanFilename, MAX_FILES_PER_RECORD } from '../../src/modules/planning/files.ts';
import { SESSION_COOKIE } from '../../src/platform/http/scope.ts';
import { backends } from '../support/databases.ts';
import { createTestApp, type TestApp } from '../support/app.ts';
import type { TestClient } from '../support/client.ts';
import { fileUpload } from '../support/multipart.ts';

const PDF = Buffer.from('%PDF-1.4\n1 0 obj << >> endobj\ntrailer << >>\n%%EOF\n');
const PNG = Buffer.from([0x89, 0x50, 0x4e, 0x47, 0x0d, 0x0a, 0x1a, 0x0a, 0, 0, 0, 13]);

describe.each(backends)('plan files on %s', (backend) => {
  let t: TestApp;
  let planId: string;
  let ids: Record<string, string>;
  let clients: Record<string, TestClient>;

  beforeAll(async () => {
    t = await createTestApp(backend);
    planId = (await t.db.system((tx) => tx.selectFrom('plans').select('id').where('title', '=', DEMO_PLAN_TITLE).executeTakeFirstOrThrow())).id;
    const contributions = await t.db.system((tx) =>
      tx.selectFrom('contributions as c').innerJoin('users as u', 'u.id', 'c.user_id').select(['c.id', 'u.email', 'c.attribution', 'c.response_status', 'c.on_behalf']).orderBy('c.submitted_at').execute(),
    );
    const of = (email: string, pred: (c: (typeof contributions)[number]) => boolean) => contributions.find((c) => c.email === email && pred(c))!.id;
    const commitment = (ref: string) => t.db.system(async (tx) => (await tx.selectFrom('commitments').select('id').where('reference', '=', ref).executeTakeFirstOrThrow()).id);
    const progress = await t.db.system((tx) => tx.selectFrom('commitment_progress as p').innerJoin('organisations as o', 'o.id', 'p.org_id').select(['p.id', 'o.short_name']).execute());
    const assessment = await t.db.system((tx) => tx.selectFrom('commitment_assessments').select('id').executeTakeFirstOrThrow());
    const online = await t.db.system((tx) => tx.selectFrom('consultations').select(['id', 'closes_at']).where('plan_id', '=', planId).where('closes_at', '>', new Date()).orderBy('closes_at', 'desc').executeTakeFirstOrThrow());
    ids = {
      online: online.id,
      wvnAnswered: of('contributor@tandem.example', (c) => c.response_status === 'accepted'),
      silAnonymous: of('sisters-learning@tandem.example', (c) => c.attribution === 'anonymous'),
      xm1: await commitment('XM-1'),
      mlspProgress: progress.find((p) => p.short_name === 'MLSP')!.id,
      wvnAssessment: assessment.id,
    };
    clients = {
      wvn: await t.signIn('contributor@tandem.example'),
      sil: await t.signIn('sisters-learning@tandem.example'),
      mca: await t.signIn('mothers-circle@tandem.example'),
      mlsp: await t.signIn('labour-focal-point@tandem.example'),
      coordinator: await t.signIn('plan-coordinator@tandem.example'),
      caseworker: await t.signIn('caseworker@tandem.example'),
    };
    const open = await clients.wvn!.post(`/api/plans/${planId}/contributions`, { consultationId: ids.online, body: 'Evidence of what works in our district' });
    expect(open.statusCode, open.body).toBe(201);
    ids.wvnOpen = open.json().id as string;
  });
  afterAll(() => t?.close());

  const attach = (client: TestClient, ownerKind: string, ownerId: string, content: Buffer | string, filename = 'evidence.pdf', type = 'application/pdf') =>
    client.request('POST', `/api/plans/${planId}/files?ownerKind=${ownerKind}&ownerId=${ownerId}`, undefined, fileUpload(content, { filename, type }));
  /** A file as the service would have stored it earlier, put in place directly. */
  const storedBefore = (kind: 'contribution', ownerId: string, content: string, filename: string) =>
    t.db.system(async (tx) => {
      const author = await tx.selectFrom('contributions').select(['user_id', 'org_id']).where('id', '=', ownerId).executeTakeFirstOrThrow();
      const bytes = Buffer.from(content);
      const row = await tx
        .insertInto('plan_files')
        .values({ plan_id: planId, owner_kind: kind, owner_id: ownerId, org_id: author.org_id, filename, content_type: 'text/plain', size_bytes: bytes.length, sha256: '0'.repeat(64), content: bytes, created_by: author.user_id })
        .returning('id')
        .executeTakeFirstOrThrow();
      return row.id;
    });
  const fileCount = () => t.db.system(async (tx) => Number((await tx.selectFrom('plan_files').select((eb) => eb.fn.countAll<number>().as('n')).executeTakeFirstOrThrow()).n));

  it('lets each body attach to its own records only', async () => {
    const ok = await attach(clients.wvn!, 'contribution', ids.wvnOpen!, PDF, '../../etc/Our evidence.pdf');
    expect(ok.statusCode, ok.body).toBe(201);
    expect(ok.json()).toMatchObject({ filename: 'Our evidence.pdf', contentType: 'application/pdf', sizeBytes: PDF.length });
    expect((await attach(clients.coordinator!, 'commitment', ids.xm1!, PNG, 'council.png', 'image/png')).statusCode).toBe(201);
    expect((await attach(clients.mlsp!, 'progress', ids.mlspProgress!, 'Minutes of the meeting\n', 'minutes.txt', 'text/plain')).statusCode).toBe(201);
    expect((await attach(clients.wvn!, 'assessment', ids.wvnAssessment!, PDF)).statusCode).toBe(201);
    const before = await fileCount();
    // Someone else's contribution, a commitment by a contributor, another body's progress: not found.
    expect((await attach(clients.mca!, 'contribution', ids.wvnOpen!, PDF)).statusCode).toBe(404);
    expect((await attach(clients.wvn!, 'commitment', ids.xm1!, PDF)).statusCode).toBe(404);
    expect((await attach(clients.coordinator!, 'progress', ids.mlspProgress!, PDF)).statusCode).toBe(404);
    expect((await attach(clients.mlsp!, 'assessment', ids.wvnAssessment!, PDF)).statusCode).toBe(404);
    // A role that takes no part in planning is refused outright; nobody signed in must sign in.
    expect((await attach(clients.caseworker!, 'contribution', ids.wvnOpen!, PDF)).statusCode).toBe(403);
    expect((await t.client().request('POST', `/api/plans/${planId}/files?ownerKind=commitment&ownerId=${ids.xm1}`, undefined, fileUpload(PDF))).statusCode).toBe(401);
    expect(await fileCount()).toBe(before);
  });

  it('checks the content, not the name or claimed type, and limits size and number', async () => {
    const before = await fileCount();
    const exe = Buffer.concat([Buffer.from('MZ'), Buffer.alloc(64, 0)]);
    expect((await attach(clients.coordinator!, 'commitment', ids.xm1!, exe, 'report.pdf', 'application/pdf')).statusCode).toBe(415);
    expect((await attach(clients.coordinator!, 'commitment', ids.xm1!, Buffer.from([0x41, 0x07, 0x42]), 'notes.txt', 'text/plain')).statusCode).toBe(415);
    expect((await attach(clients.coordinator!, 'commitment', ids.xm1!, Buffer.alloc(0), 'empty.txt', 'text/plain')).statusCode).toBe(400);
    const big = Buffer.concat([PDF, Buffer.alloc(5 * 1024 * 1024, 0x20)]);
    expect((await attach(clients.coordinator!, 'commitment', ids.xm1!, big)).statusCode).toBe(413);
    expect((await attach(clients.coordinator!, 'nothing', ids.xm1!, PDF)).statusCode).toBe(400);
    expect(await fileCount()).toBe(before);
    // Up to ten files on one record.
    const existing = await t.db.system(async (tx) => Number((await tx.selectFrom('plan_files').select((eb) => eb.fn.countAll<number>().as('n')).where('owner_id', '=', ids.xm1!).executeTakeFirstOrThrow()).n));
    for (let i = existing; i < MAX_FILES_PER_RECORD; i++) expect((await attach(clients.coordinator!, 'commitment', ids.xm1!, PDF, `evidence-${i}.pdf`)).statusCode).toBe(201);
    expect((await attach(clients.coordinator!, 'commitment', ids.xm1!, PDF)).statusCode).toBe(409);
  });

  it('lets read a file as its record is read, keeping anonymous contributions’ attachments private', async () => {
    // Attached while the contributions were still unanswered.
    const named = await storedBefore('contribution', ids.wvnAnswered!, 'Our notes\n', 'notes.txt');
    const anonymous = await storedBefore('contribution', ids.silAnonymous!, 'Signed: Malika\n', 'letter.txt');
    const download = await clients.mca!.get(`/api/plans/${planId}/files/${named}`);
    expect(download.statusCode).toBe(200);
    expect(download.headers['content-disposition']).toContain('attachment');
    expect(download.body).toBe('Our notes\n');
    // The anonymous contribution is answered and public; its attachment is not.
    expect((await clients.mca!.get(`/api/plans/${planId}/files/${anonymous}`)).statusCode).toBe(404);
    expect((await clients.sil!.get(`/api/plans/${planId}/files/${anonymous}`)).statusCode).toBe(200);
    expect((await clients.coordinator!.get(`/api/plans/${planId}/files/${anonymous}`)).statusCode).toBe(200);
    // Another plan's id with this file: not found.
    expect((await clients.sil!.get(`/api/plans/${ids.xm1}/files/${anonymous}`)).statusCode).toBe(404);
  });

  it('attaches to a contribution only while it is unanswered and its consultation open', async () => {
    const before = await fileCount();
    const listed = (await clients.wvn!.get(`/api/plans/${planId}/contributions`)).json() as { contributions: Array<{ id: string; canAttach: boolean }> };
    const canAttach = new Map(listed.contributions.map((c) => [c.id, c.canAttach]));
    expect(canAttach.get(ids.wvnOpen!)).toBe(true);
    expect(canAttach.get(ids.wvnAnswered!)).toBe(false);
    const answered = await attach(clients.wvn!, 'contribution', ids.wvnAnswered!, PDF);
    expect(answered.statusCode, answered.body).toBe(409);
    expect(answered.json().detail).toMatch(/answered/);
    const closes = await t.db.system(async (tx) => (await tx.selectFrom('consultations').select('closes_at').where('id', '=', ids.online!).executeTakeFirstOrThrow()).closes_at);
    await t.db.system((tx) => tx.updateTable('consultations').set({ closes_at: new Date(Date.now() - 60_000) }).where('id', '=', ids.online!).execute());
    try {
      const closed = await attach(clients.wvn!, 'contribution', ids.wvnOpen!, PDF);
      expect(closed.statusCode, closed.body).toBe(409);
      expect(closed.json().detail).toMatch(/closed/);
    } finally {
      await t.db.system((tx) => tx.updateTable('consultations').set({ closes_at: closes }).where('id', '=', ids.online!).execute());
    }
    expect(await fileCount()).toBe(before);
  });

  it('refuses before reading the upload: nobody signed in, a role outside planning, a record not open to files', async () => {
    const before = await fileCount();
    const big = Buffer.concat([PDF, Buffer.alloc(5 * 1024 * 1024, 0x20)]);
    // A session that is not (or no longer) one: 401, not a complaint about the size of the file.
    const stranger = t.client();
    for (const [name, value] of clients.caseworker!.cookies) stranger.cookies.set(name, value);
    const token = stranger.cookies.get(SESSION_COOKIE)!;
    stranger.cookies.set(SESSION_COOKIE, `${token.slice(0, -1)}${token.endsWith('A') ? 'B' : 'A'}`);
    expect((await attach(stranger, 'commitment', ids.xm1!, big)).statusCode).toBe(401);
    expect((await attach(clients.caseworker!, 'commitment', ids.xm1!, big)).statusCode).toBe(403);
    expect((await attach(clients.wvn!, 'contribution', ids.wvnAnswered!, big)).statusCode).toBe(409);
    expect((await attach(clients.mca!, 'contribution', ids.wvnOpen!, big)).statusCode).toBe(404);
    expect(await fileCount()).toBe(before);
  });

  it('stores a name that says what the content is, without invisible characters', async () => {
    const named = async (content: Buffer | string, filename: string, type: string) => {
      const res = await attach(clients.mlsp!, 'progress', ids.mlspProgress!, content, filename, type);
      expect(res.statusCode, res.body).toBe(201);
      return res.json().filename as string;
    };
    // A right-to-left override would show "evil\u202Efdp.exe" as "evilexe.pdf".
    expect(await named(PDF, 'evil\u202Efdp.exe', 'application/pdf')).toBe('evilfdp.pdf');
    expect(await named(PNG, 'photo\u200B.pdf', 'image/png')).toBe('photo.png');
    expect(await named('Minutes\n', 'minutes', 'text/plain')).toBe('minutes.txt');
    const stored = await t.db.system((tx) => tx.selectFrom('plan_files').select('filename').where('owner_id', '=', ids.mlspProgress!).execute());
    for (const f of stored) expect(f.filename).not.toMatch(/[\p{Cc}\p{Cf}]/u);
  });

  it.each([
    ['report.pdf', 'application/pdf', 'report.pdf'],
    ['REPORT.PDF', 'application/pdf', 'REPORT.pdf'],
    ['report.exe', 'application/pdf', 'report.pdf'],
    ['report.pdf.exe', 'application/pdf', 'report.pdf.pdf'],
    ['photo.JPEG', 'image/jpeg', 'photo.jpeg'],
    ['photo', 'image/jpeg', 'photo.jpg'],
    ['data.csv', 'text/csv', 'data.csv'],
    ['data.csv', 'text/plain', 'data.txt'],
    ['Annual report 2024', 'text/plain', 'Annual report 2024.txt'],
    ['\u2067\u200D\uFEFF.pdf', 'application/pdf', 'file.pdf'],
    ['..', 'text/plain', 'file.txt'],
    ['notes.txt. . ', 'text/plain', 'notes.txt'],
    ['C:\\Users\\someone\\تقرير.pdf', 'application/pdf', 'تقرير.pdf'],
    [`${'a'.repeat(300)}.pdf`, 'application/pdf', `${'a'.repeat(196)}.pdf`],
  ] as const)('names %j of type %s as %j', (name, type, expected) => {
    expect(cleanFilename(name, type)).toBe(expected);
  });
});
