// Break-glass: emergency access outside the team, by case number, with a reason, limited in
// time, announced to the data protection officers, reviewed and ended by them.
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { backends } from '../support/databases.ts';
import { createTestApp, type TestApp } from '../support/app.ts';

describe.each(backends)('break-glass on %s', (backend) => {
  let t: TestApp;
  let aziz: { id: string; case_number: string };
  beforeAll(async () => {
    t = await createTestApp(backend);
    aziz = await t.db.system((tx) => tx.selectFrom('cases').select(['id', 'case_number']).where('alias', '=', 'Aziz').executeTakeFirstOrThrow());
  });
  afterAll(() => t?.close());

  it('opens a case outside the team for a while, tells the data protection officers, and can be ended by them', async () => {
    const caseworker = await t.signIn('caseworker@tandem.example');
    expect((await caseworker.get(`/api/cases/${aziz.id}`)).statusCode).toBe(404);
    expect((await caseworker.post('/api/break-glass', { caseNumber: aziz.case_number, reason: 'urgent' })).statusCode).toBe(400);
    expect((await caseworker.post('/api/break-glass', { caseNumber: 'XM-2026-99999', reason: 'He is at our door in crisis and asks for help tonight.' })).statusCode).toBe(404);
    const opened = await caseworker.post('/api/break-glass', { caseNumber: aziz.case_number, reason: 'He is at our door in crisis and asks for help tonight.', minutes: 30 });
    expect(opened.statusCode).toBe(201);

    const detail = (await caseworker.get(`/api/cases/${aziz.id}`)).json();
    expect(detail.relation).toBe('break_glass');
    expect(detail.sections).toContain('identity');
    expect(detail.sections).not.toContain('psychosocial_notes');
    expect(detail.sections).not.toContain('security');
    expect((await caseworker.get(`/api/cases/${aziz.id}/identity`)).json().legalName).toBe('Aziz Rakhimov');
    // Only the person who broke the glass: not their colleagues.
    const admin = await t.signIn('org-admin@tandem.example');
    expect((await admin.get(`/api/cases/${aziz.id}`)).statusCode).toBe(403);

    const mail = await t.db.system((tx) => tx.selectFrom('mail_outbox').select(['to_email', 'subject', 'body_text']).where('kind', '=', 'break_glass').execute());
    expect(mail.map((m) => m.to_email)).toEqual(['dpo@tandem.example']);
    // The lead agency's officer reads which case, and where to review it; never the reason.
    expect(mail[0]!.subject).not.toContain(aziz.case_number);
    expect(mail[0]!.body_text).toContain(aziz.case_number);
    expect(mail[0]!.body_text).toContain('/break-glass');
    expect(mail[0]!.body_text).not.toContain('crisis');

    const dpo = await t.signIn('dpo@tandem.example');
    const uses = (await dpo.get('/api/break-glass')).json().uses as Array<{ id: string; active: boolean; userName: string; reason: string }>;
    expect(uses).toHaveLength(1);
    expect(uses[0]).toMatchObject({ active: true, userName: 'Amina Rahimova' });
    expect((await dpo.post(`/api/break-glass/${uses[0]!.id}/review`, { note: 'Not an emergency of the kind meant.', endNow: true })).statusCode).toBe(204);
    expect((await caseworker.get(`/api/cases/${aziz.id}`)).statusCode).toBe(404);
    expect((await caseworker.post(`/api/break-glass/${uses[0]!.id}/review`, { note: 'mine' })).statusCode).toBe(403);
  });

  it('is not needed, and refused, for a case one’s own agency leads', async () => {
    const coordinator = await t.signIn('coordinator@tandem.example');
    expect((await coordinator.post('/api/break-glass', { caseNumber: aziz.case_number, reason: 'Testing whether this is refused for our own case.' })).statusCode).toBe(409);
  });
});
