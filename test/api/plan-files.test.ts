// Files attached to planning records: who may attach to what (the author to a contribution, the
// coordinators to a commitment, the reporting body to its progress, the assessing organisation
// to its assessment), content checked by its bytes, size and count limits, and who may read
// them (an anonymous contribution's attachments stay with its author and the coordinators).
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { DEMO_PLAN_TITLE } from '../../src/demo/plans.ts';
import { MAX_FILES_PER_RECORD } from '../../src/modules/planning/files.ts';
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
    ids = {
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
  });
  afterAll(() => t?.close());

  const attach = (client: TestClient, ownerKind: string, ownerId: string, content: Buffer | string, filename = 'evidence.pdf', type = 'application/pdf') =>
    client.request('POST', `/api/plans/${planId}/files?ownerKind=${ownerKind}&ownerId=${ownerId}`, undefined, fileUpload(content, { filename, type }));
  const fileCount = () => t.db.system(async (tx) => Number((await tx.selectFrom('plan_files').select((eb) => eb.fn.countAll<number>().as('n')).executeTakeFirstOrThrow()).n));

  it('lets each body attach to its own records only', async () => {
    const ok = await attach(clients.wvn!, 'contribution', ids.wvnAnswered!, PDF, '../../etc/Our evidence.pdf');
    expect(ok.statusCode, ok.body).toBe(201);
    expect(ok.json()).toMatchObject({ filename: 'Our evidence.pdf', contentType: 'application/pdf', sizeBytes: PDF.length });
    expect((await attach(clients.coordinator!, 'commitment', ids.xm1!, PNG, 'council.png', 'image/png')).statusCode).toBe(201);
    expect((await attach(clients.mlsp!, 'progress', ids.mlspProgress!, 'Minutes of the meeting\n', 'minutes.txt', 'text/plain')).statusCode).toBe(201);
    expect((await attach(clients.wvn!, 'assessment', ids.wvnAssessment!, PDF)).statusCode).toBe(201);
    const before = await fileCount();
    // Someone else's contribution, a commitment by a contributor, another body's progress: not found.
    expect((await attach(clients.mca!, 'contribution', ids.wvnAnswered!, PDF)).statusCode).toBe(404);
    expect((await attach(clients.wvn!, 'commitment', ids.xm1!, PDF)).statusCode).toBe(404);
    expect((await attach(clients.coordinator!, 'progress', ids.mlspProgress!, PDF)).statusCode).toBe(404);
    expect((await attach(clients.mlsp!, 'assessment', ids.wvnAssessment!, PDF)).statusCode).toBe(404);
    // A role that takes no part in planning is refused outright; nobody signed in must sign in.
    expect((await attach(clients.caseworker!, 'contribution', ids.wvnAnswered!, PDF)).statusCode).toBe(403);
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
    const named = (await attach(clients.wvn!, 'contribution', ids.wvnAnswered!, 'Our notes\n', 'notes.txt', 'text/plain')).json().id as string;
    const anonymous = (await attach(clients.sil!, 'contribution', ids.silAnonymous!, 'Signed: Malika\n', 'letter.txt', 'text/plain')).json().id as string;
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
});
