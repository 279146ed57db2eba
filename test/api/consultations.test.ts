// Consultations on a plan: who opens and changes them (the owning body's plan coordinators),
// what readers see (window, modes, whether their organisation may contribute now), the linked
// sections' current text, invitations mailed to the invited organisations' people in their
// language, and the meeting register with its counts (coordinators only, in SQL as well).
import { sql } from 'kysely';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { DEMO_PLAN_TITLE } from '../../src/demo/plans.ts';
import type { ConsultationsView, ConsultationView, ParticipantsView } from '../../src/modules/planning/consultation-schema.ts';
import { backends } from '../support/databases.ts';
import { createTestApp, type TestApp } from '../support/app.ts';
import type { TestClient } from '../support/client.ts';

const inDays = (n: number) => new Date(Date.now() + n * 86_400_000).toISOString();

describe.each(backends)('consultations on %s', (backend) => {
  let t: TestApp;
  let planId: string;
  let orgs: Record<string, string>;
  let sections: string[];
  let coordinator: TestClient;
  let wvn: TestClient;
  let caseworker: TestClient;
  beforeAll(async () => {
    t = await createTestApp(backend);
    orgs = Object.fromEntries((await t.db.system((tx) => tx.selectFrom('organisations').select(['id', 'short_name']).execute())).map((o) => [o.short_name!, o.id]));
    planId = (await t.db.system((tx) => tx.selectFrom('plans').select('id').where('title', '=', DEMO_PLAN_TITLE).executeTakeFirstOrThrow())).id;
    sections = (await t.db.system((tx) => tx.selectFrom('plan_sections').select('id').where('plan_id', '=', planId).orderBy('position').execute())).map((s) => s.id);
    coordinator = await t.signIn('plan-coordinator@tandem.example');
    wvn = await t.signIn('contributor@tandem.example');
    caseworker = await t.signIn('caseworker@tandem.example');
  });
  afterAll(() => t?.close());

  const list = async (client: TestClient) => (await client.get(`/api/plans/${planId}/consultations`)).json() as ConsultationsView;
  const detail = async (client: TestClient, id: string) => (await client.get(`/api/plans/${planId}/consultations/${id}`)).json() as ConsultationView;
  const consultationCount = () => t.db.system(async (tx) => (await sql<{ n: number }>`SELECT count(*)::int AS n FROM consultations`.execute(tx)).rows[0]!.n);
  const open = (extra: Record<string, unknown> = {}) =>
    coordinator.post(`/api/plans/${planId}/consultations`, {
      title: 'Second round on the revised draft',
      opensAt: inDays(-1),
      closesAt: inDays(14),
      modes: ['online', 'meeting'],
      openTo: 'invited',
      meetingPlace: 'City hall',
      meetingAt: inDays(3),
      sectionIds: [sections[0], sections[2]],
      questions: ['What is missing from the revised draft?', 'Who should monitor it?'],
      ...extra,
    });

  it('lists the demo consultations with their window, and counts for the coordinators only', async () => {
    const mine = await list(coordinator);
    expect(mine.can.create).toBe(true);
    expect(mine.plan.title).toBe(DEMO_PLAN_TITLE);
    const online = mine.consultations.find((c) => c.modes.includes('online'))!;
    const meeting = mine.consultations.find((c) => c.modes.includes('meeting'))!;
    expect([online.window, meeting.window]).toEqual(['open', 'closed']);
    expect(online.counts!.invitations).toBe(8);
    expect(online.counts!.contributions).toBeGreaterThan(0);
    // The coordinators see the names of every organisation they invited, even one seen only by its partners.
    const invited = (await detail(coordinator, online.id)).invitations!;
    expect(invited.find((i) => i.orgId === orgs.MCA)!.orgName).toBe("Mothers' Circle Association");
    expect(meeting.counts!.participants).toBe(14);
    expect(online.contribute).toBe('not_contributor');
    const theirs = await list(wvn);
    expect(theirs.can.create).toBe(false);
    expect(theirs.consultations.every((c) => c.counts === null)).toBe(true);
    expect(theirs.consultations.find((c) => c.id === online.id)!.contribute).toBe('yes');
    expect(theirs.consultations.find((c) => c.id === meeting.id)!.contribute).toBe('not_open');
    // The plan is published: anyone signed in reads its consultations, without the invitations.
    const read = await caseworker.get(`/api/plans/${planId}/consultations/${online.id}`);
    expect(read.statusCode).toBe(200);
    expect(read.json()).toMatchObject({ invitations: null, can: { edit: false, contribute: false } });
    expect((await t.client().get(`/api/plans/${planId}/consultations`)).statusCode).toBe(401);
  });

  it('lets the coordinators open a consultation on sections of the plan, with questions', async () => {
    const before = await consultationCount();
    expect((await wvn.post(`/api/plans/${planId}/consultations`, { title: 'Not mine', opensAt: inDays(0), closesAt: inDays(1), modes: ['online'] })).statusCode).toBe(403);
    // A section of another plan (here: a random id) is refused, and nothing is created.
    const wrong = await open({ sectionIds: [sections[0], '00000000-0000-4000-8000-000000000000'] });
    expect(wrong.statusCode).toBe(422);
    expect(wrong.json().errors[0].path).toBe('body.sectionIds.1');
    expect((await open({ closesAt: inDays(-2) })).statusCode).toBe(400);
    expect((await open({ modes: ['online'] })).statusCode).toBe(400); // a meeting place needs the meeting mode
    expect(await consultationCount()).toBe(before);
    const res = await open();
    expect(res.statusCode, res.body).toBe(201);
    const view = await detail(coordinator, res.json().id);
    expect(view).toMatchObject({ window: 'open', openTo: 'invited', meetingPlace: 'City hall', can: { edit: true, invite: true, register: true, contribute: false } });
    // The current text of each linked section: the first has a second version.
    expect(view.sections.map((s) => [s.position, s.version])).toEqual([[1, 2], [3, 2]]);
    expect(view.sections[0]!.body).toContain('meaningful participation');
    expect(view.questions.map((q) => q.text)).toEqual(['What is missing from the revised draft?', 'Who should monitor it?']);
    expect(view.invitations).toEqual([]);
    // Invited-only and nobody invited yet: the network may not contribute.
    expect((await detail(wvn, res.json().id)).contribute).toBe('not_invited');
    const audited = await t.db.system(async (tx) => (await sql<{ n: number }>`SELECT count(*)::int AS n FROM audit_events WHERE action = 'plan.consultation.create' AND subject_id = ${res.json().id}`.execute(tx)).rows[0]!.n);
    expect(audited).toBe(1);
  });

  it('changes a consultation, keeping questions that have contributions', async () => {
    const id = (await open({ title: 'To be changed' })).json().id as string;
    const before = await detail(coordinator, id);
    const [first, second] = before.questions;
    const patch = (body: unknown) => coordinator.patch(`/api/plans/${planId}/consultations/${id}`, body);
    expect((await wvn.patch(`/api/plans/${planId}/consultations/${id}`, { title: 'Hijacked' })).statusCode).toBe(403);
    expect((await patch({})).statusCode).toBe(400);
    expect((await patch({ closesAt: inDays(-3) })).statusCode).toBe(422); // before it opens
    expect((await patch({ title: 'Changed round', openTo: 'all', questions: [{ id: second!.id, text: 'Who should monitor the plan?' }, { text: 'Anything else?' }] })).statusCode).toBe(204);
    const after = await detail(coordinator, id);
    expect(after.title).toBe('Changed round');
    expect(after.openTo).toBe('all');
    expect(after.questions.map((q) => [q.id === second!.id, q.text])).toEqual([[true, 'Who should monitor the plan?'], [false, 'Anything else?']]);
    expect(after.questions.some((q) => q.id === first!.id)).toBe(false);
    // Open to all now: the network contributes on a question, which then cannot be removed.
    const contributed = await wvn.post(`/api/plans/${planId}/contributions`, { consultationId: id, questionId: second!.id, body: 'An independent monitoring group.' });
    expect(contributed.statusCode, contributed.body).toBe(201);
    expect((await patch({ questions: [{ text: 'Only a new question' }] })).statusCode).toBe(409);
    expect((await detail(coordinator, id)).questions).toHaveLength(2);
    // Meeting details without the meeting mode: refused.
    expect((await patch({ modes: ['online'] })).statusCode).toBe(422);
  });

  it('invites organisations of the plan’s country and mails their people in their language', async () => {
    const id = (await open({ title: 'Invitations round' })).json().id as string;
    const mails = () =>
      t.db.system(async (tx) => (await sql<{ to_email: string; subject: string; body_text: string }>`SELECT to_email, subject, body_text FROM mail_outbox WHERE kind = 'consultation_invitation' ORDER BY to_email`.execute(tx)).rows);
    const before = (await mails()).length;
    expect((await wvn.post(`/api/plans/${planId}/consultations/${id}/invitations`, { orgIds: [orgs.MCA] })).statusCode).toBe(403);
    const unknown = await coordinator.post(`/api/plans/${planId}/consultations/${id}/invitations`, { orgIds: [orgs.MCA, '00000000-0000-4000-8000-000000000000'] });
    expect(unknown.statusCode).toBe(422);
    expect((await mails()).length).toBe(before);
    // A hidden organisation is not in the coordinator's directory.
    expect((await coordinator.post(`/api/plans/${planId}/consultations/${id}/invitations`, { orgIds: [orgs.IDC] })).statusCode).toBe(422);
    const res = await coordinator.post(`/api/plans/${planId}/consultations/${id}/invitations`, { orgIds: [orgs.YH, orgs.SIL] });
    expect(res.statusCode, res.body).toBe(200);
    expect(res.json()).toEqual({ invited: 2, mailed: 2 });
    const sent = (await mails()).slice(0).filter((m) => m.body_text.includes(id));
    expect(sent.map((m) => m.to_email)).toEqual(['sisters-learning@tandem.example', 'youth-horizons@tandem.example']);
    expect(sent[1]!.subject).toContain('Консультация'); // Ruslan reads Russian
    expect(sent[0]!.subject).toContain('Consultation'); // Malika, English
    expect(sent[0]!.body_text).toContain(`/plans/${planId}/consultations/${id}`);
    // Inviting again mails nobody twice.
    expect((await coordinator.post(`/api/plans/${planId}/consultations/${id}/invitations`, { orgIds: [orgs.YH] })).json()).toEqual({ invited: 0, mailed: 0 });
    const view = await detail(coordinator, id);
    expect(view.invitations!.map((i) => i.orgId).sort()).toEqual([orgs.YH, orgs.SIL].sort());
    const yh = await t.signIn('youth-horizons@tandem.example');
    expect((await detail(yh, id)).contribute).toBe('yes');
    expect((await detail(wvn, id)).contribute).toBe('not_invited');
  });

  it('keeps a meeting register with counts, for the coordinators only', async () => {
    const id = (await open({ title: 'Meeting round' })).json().id as string;
    const url = `/api/plans/${planId}/consultations/${id}/participants`;
    expect((await coordinator.post(url, { orgId: orgs.WVN, orgType: 'cso', sex: 'female', count: 3 })).statusCode).toBe(201);
    expect((await coordinator.post(url, { orgName: 'Village elders', orgType: 'community', sex: 'male' })).statusCode).toBe(201);
    const added = await coordinator.post(url, { orgName: 'A resident', orgType: 'individual', womenLed: true, sex: 'not_stated' });
    expect(added.statusCode).toBe(201);
    expect((await coordinator.post(url, { orgType: 'cso', sex: 'female' })).statusCode).toBe(400); // no organisation
    const view = (await coordinator.get(url)).json() as ParticipantsView;
    expect(view.counts).toEqual({ total: 5, bySex: { female: 3, male: 1, not_stated: 1 }, byOrgType: { cso: 3, community: 1, individual: 1 }, womenLed: 3 });
    expect(view.participants.find((p) => p.orgId === orgs.WVN)).toMatchObject({ orgName: "Women's Voices Network", womenLed: true });
    expect((await coordinator.delete(`${url}/${added.json().ids[0]}`)).statusCode).toBe(204);
    expect((await coordinator.delete(`${url}/${added.json().ids[0]}`)).statusCode).toBe(404);
    expect(((await coordinator.get(url)).json() as ParticipantsView).counts.total).toBe(4);
    // Nobody else reads or writes the register, through the API or in SQL.
    expect((await wvn.get(url)).statusCode).toBe(403);
    expect((await wvn.post(url, { orgName: 'x', orgType: 'cso', sex: 'male' })).statusCode).toBe(403);
    const wvnUser = await t.db.system(async (tx) => (await tx.selectFrom('users').select('id').where('email', '=', 'contributor@tandem.example').executeTakeFirstOrThrow()).id);
    const seen = await t.db.transaction({ role: 'tandem_app', requestId: 'register-sql', userId: wvnUser, orgId: orgs.WVN }, (tx) =>
      tx.selectFrom('consultation_participants').select('id').where('consultation_id', '=', id).execute(),
    );
    expect(seen).toEqual([]);
    // An online-only consultation keeps no register.
    const online = (await open({ title: 'Online only', modes: ['online'], meetingPlace: null, meetingAt: null })).json().id as string;
    expect((await coordinator.post(`/api/plans/${planId}/consultations/${online}/participants`, { orgName: 'x', orgType: 'cso', sex: 'male' })).statusCode).toBe(409);
  });
});
