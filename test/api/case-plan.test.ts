// The case plan and case conferences: who writes and who reads (the lead agency, a team
// organisation with and without the sections, an outsider, after consent is withdrawn, the data
// protection officer, a platform administrator); overdue actions; action items of a recorded
// conference becoming plan actions; the list of due actions for reminders; and the same walls
// in SQL under the application role.
import { sql } from 'kysely';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { plannedActionsDue } from '../../src/modules/cases/plan.ts';

/** An organisation's case workers as a whole, as the scheduled work sees them. */
const centre = (orgId: string) => ({ orgId, userId: null, roles: ['caseworker'] as const });
import type { ConferencesView, PlanView } from '../../src/modules/cases/plan-schema.ts';
import { backends } from '../support/databases.ts';
import { createTestApp, type TestApp } from '../support/app.ts';
import type { TestClient } from '../support/client.ts';

const inDays = (n: number) => new Date(Date.now() + n * 86_400_000).toISOString().slice(0, 10);

describe.each(backends)('case plan and conferences on %s', (backend) => {
  let t: TestApp;
  let coordinator: TestClient;
  let caseworker: TestClient;
  let orgs: Record<string, string>;
  let cases: Record<string, string>;
  let users: Record<string, { id: string; org: string }>;
  beforeAll(async () => {
    t = await createTestApp(backend);
    const o = await t.db.system((tx) => tx.selectFrom('organisations').select(['id', 'short_name']).execute());
    orgs = Object.fromEntries(o.map((x) => [x.short_name!, x.id]));
    coordinator = await t.signIn('coordinator@tandem.example');
    caseworker = await t.signIn('caseworker@tandem.example');
    // The centre's caseworker also works for the legal aid collective, which is on no team of
    // these cases: acting for it, she is an outsider.
    await t.db.system((tx) =>
      tx.insertInto('memberships').values({ user_id: sql<string>`(SELECT id FROM users WHERE email = 'caseworker@tandem.example')`, org_id: orgs.LAC!, roles: ['caseworker'] }).execute(),
    );
    const c = await t.db.system((tx) => tx.selectFrom('cases').select(['id', 'alias']).execute());
    cases = Object.fromEntries(c.map((x) => [x.alias, x.id]));
    const u = await t.db.system((tx) => tx.selectFrom('users').innerJoin('memberships', 'memberships.user_id', 'users.id').select(['users.email', 'users.id', 'memberships.org_id']).execute());
    users = Object.fromEntries(u.filter((r) => r.org_id !== orgs.LAC).map((r) => [r.email, { id: r.id, org: r.org_id }]));
    users['lac-caseworker'] = { id: users['caseworker@tandem.example']!.id, org: orgs.LAC! };
  });
  afterAll(() => t?.close());

  const plan = async (client: TestClient, caseId: string) => (await client.get(`/api/cases/${caseId}/plan`)).json() as PlanView;
  const counts = () =>
    t.db.system(async (tx) => (await sql<{ g: number; a: number; k: number }>`SELECT (SELECT count(*)::int FROM case_plan_goals) AS g, (SELECT count(*)::int FROM case_plan_actions) AS a, (SELECT count(*)::int FROM case_conferences) AS k`.execute(tx)).rows[0]!);

  it('shows the demo plan with overdue actions marked and counted on the overview', async () => {
    const rosa = await plan(coordinator, cases.Rosa!);
    expect(rosa.can.write).toBe(true);
    expect(rosa.goals.map((g) => g.domain)).toEqual(['vocational', 'documentation', 'community_acceptance']); // in the order they were set
    const overdue = rosa.goals.flatMap((g) => g.actions).filter((a) => a.overdue);
    expect(overdue.map((a) => a.description)).toEqual(['Find a sewing machine through the small-grants scheme']);
    expect(rosa.overdue).toBe(1);
    expect((await coordinator.get(`/api/cases/${cases.Rosa}`)).json().overdueActions).toBe(1);
    // A done action is never overdue, however old its target date.
    expect(rosa.goals[1]!.actions[0]).toMatchObject({ status: 'done', overdue: false });
  });

  it('lets the lead agency add goals and actions, checking who is responsible', async () => {
    const before = await counts();
    const goal = await coordinator.post(`/api/cases/${cases.Kamal}/plan/goals`, { domain: 'vocational', description: 'Finds an apprenticeship' });
    expect(goal.statusCode).toBe(201);
    const goalId = goal.json().id as string;
    const url = `/api/cases/${cases.Kamal}/plan/goals/${goalId}/actions`;
    // The centre is not on Kamal's team; the caseworker is not of the agency.
    expect((await coordinator.post(url, { description: 'Counselling', responsibleOrgId: orgs.BPC, targetDate: inDays(7) })).statusCode).toBe(422);
    expect((await coordinator.post(url, { description: 'Visit', responsibleOrgId: orgs.PRS, responsibleUserId: users['caseworker@tandem.example']!.id, targetDate: inDays(7) })).statusCode).toBe(422);
    const action = await coordinator.post(url, { description: 'Visit the training centre together', responsibleOrgId: orgs.PRS, responsibleUserId: users['coordinator@tandem.example']!.id, targetDate: inDays(-1) });
    expect(action.statusCode).toBe(201);
    const after = await counts();
    expect([after.g - before.g, after.a - before.a]).toEqual([1, 1]);
    const view = await plan(coordinator, cases.Kamal!);
    expect(view.goals[0]!.actions[0]).toMatchObject({ responsibleName: 'Daniyar Seitkali', overdue: true, conference: null });
    // Done: no longer overdue, completed today.
    expect((await coordinator.patch(`/api/cases/${cases.Kamal}/plan/actions/${action.json().id}`, { status: 'done' })).statusCode).toBe(204);
    const done = (await plan(coordinator, cases.Kamal!)).goals[0]!.actions[0]!;
    expect(done).toMatchObject({ status: 'done', completedOn: inDays(0), overdue: false });
    expect((await coordinator.patch(`/api/cases/${cases.Kamal}/plan/goals/${goalId}`, { status: 'achieved' })).statusCode).toBe(204);
    const events = (await coordinator.get(`/api/cases/${cases.Kamal}/timeline`)).json().events.map((e: { kind: string }) => e.kind);
    expect(events).toEqual(expect.arrayContaining(['plan.goal_added', 'plan.action_added', 'plan.action_updated', 'plan.goal_updated']));
    const audited = await t.db.system(async (tx) => (await sql<{ action: string }>`SELECT action FROM audit_events WHERE action LIKE 'case.plan.%'`.execute(tx)).rows.map((r) => r.action));
    expect(audited).toEqual(expect.arrayContaining(['case.plan.goal.add', 'case.plan.action.add', 'case.plan.action.update', 'case.plan.goal.update', 'case.plan.read']));
  });

  it('lets the responsible team organisation move its own action along, and nothing more', async () => {
    const lilia = await plan(caseworker, cases.Lilia!);
    expect(lilia.can.write).toBe(false);
    const actions = lilia.goals.flatMap((g) => g.actions);
    const own = actions.find((a) => a.responsibleOrgId === orgs.BPC && a.overdue)!;
    const agency = actions.find((a) => a.responsibleOrgId === orgs.PRS)!;
    expect(own).toMatchObject({ canUpdateStatus: true, canEdit: false, responsibleName: 'Amina Rahimova' });
    expect(agency.canUpdateStatus).toBe(false);
    const url = (id: string) => `/api/cases/${cases.Lilia}/plan/actions/${id}`;
    expect((await caseworker.patch(url(own.id), { targetDate: inDays(30) })).statusCode).toBe(403);
    expect((await caseworker.patch(url(agency.id), { status: 'done' })).statusCode).toBe(403);
    expect((await caseworker.post(`/api/cases/${cases.Lilia}/plan/goals`, { domain: 'health', description: 'x' })).statusCode).toBe(403);
    expect((await caseworker.patch(url(own.id), { status: 'done', completedOn: inDays(-1) })).statusCode).toBe(204);
    const after = (await plan(coordinator, cases.Lilia!)).goals.flatMap((g) => g.actions).find((a) => a.id === own.id)!;
    expect(after).toMatchObject({ status: 'done', completedOn: inDays(-1), overdue: false });
    expect((await caseworker.patch(url(own.id), { status: 'done', completedOn: inDays(2) })).statusCode).toBe(400);
  });

  it('hides the plan and conferences from a team organisation without those sections, and from outsiders', async () => {
    // The centre serves Rosa for counselling only: no plan, no conferences, no count.
    expect((await caseworker.get(`/api/cases/${cases.Rosa}/plan`)).statusCode).toBe(404);
    expect((await caseworker.get(`/api/cases/${cases.Rosa}/conferences`)).statusCode).toBe(404);
    expect((await caseworker.get(`/api/cases/${cases.Rosa}`)).json().overdueActions).toBeNull();
    const rosaAction = (await plan(coordinator, cases.Rosa!)).goals[0]!.actions[1]!;
    expect((await caseworker.patch(`/api/cases/${cases.Rosa}/plan/actions/${rosaAction.id}`, { status: 'done' })).statusCode).toBe(404);
    const outsider = await t.signIn('caseworker@tandem.example', undefined, { remoteAddress: '10.8.0.2' });
    expect((await outsider.put('/api/auth/organisation', { orgId: orgs.LAC })).statusCode).toBe(200);
    for (const path of ['plan', 'conferences']) expect((await outsider.get(`/api/cases/${cases.Lilia}/${path}`)).statusCode).toBe(404);
    expect((await outsider.post(`/api/cases/${cases.Lilia}/plan/goals`, { domain: 'health', description: 'x' })).statusCode).toBe(404);
    const dpo = await t.signIn('dpo@tandem.example');
    expect((await dpo.get(`/api/cases/${cases.Lilia}/plan`)).statusCode).toBe(403);
    const admin = await t.signIn('platform-admin@tandem.example');
    expect((await admin.get(`/api/cases/${cases.Lilia}/conferences`)).statusCode).toBe(403);
  });

  it('schedules and records a conference whose action items become plan actions', async () => {
    const timur = (await coordinator.get(`/api/cases/${cases.Timur}/conferences`)).json() as ConferencesView;
    expect(timur.conferences.map((c) => c.status)).toEqual(['scheduled', 'recorded']);
    expect(timur.conferences[1]!.actions.length).toBe(2);
    // The centre reads them; it does not hold them.
    const read = (await caseworker.get(`/api/cases/${cases.Timur}/conferences`)).json() as ConferencesView;
    expect(read.can.hold).toBe(false);
    expect(read.conferences[1]!.attendees.map((a) => a.orgName)).toContain('Bridge Psychosocial Centre');
    expect((await caseworker.post(`/api/cases/${cases.Timur}/conferences`, { heldAt: new Date().toISOString(), place: 'x', agenda: ['x'] })).statusCode).toBe(403);

    const scheduled = await coordinator.post(`/api/cases/${cases.Lilia}/conferences`, { heldAt: new Date(Date.now() - 3_600_000).toISOString(), place: 'District office', agenda: ['School', 'Sleep'] });
    expect(scheduled.statusCode).toBe(201);
    const record = `/api/cases/${cases.Lilia}/conferences/${scheduled.json().id}/record`;
    const before = await counts();
    // An attendee's organisation must be on the team; nothing is written when one is not.
    expect((await coordinator.post(record, { attendees: [{ orgId: orgs.LAC, name: 'Someone', role: 'Lawyer' }], minutes: 'Met.' })).statusCode).toBe(422);
    expect((await counts()).a).toBe(before.a);
    const body = {
      attendees: [
        { orgId: orgs.PRS, name: 'Daniyar Seitkali', role: 'Chair' },
        { orgId: orgs.BPC, name: 'Amina Rahimova', role: 'Counsellor' },
      ],
      minutes: 'Lilia sleeps better; school enrolment still pending.',
      decisions: ['Enrol her in year 3 this term'],
      actionItems: [
        { domain: 'educational', description: 'Take Lilia to meet her new teacher', responsibleOrgId: orgs.BPC, responsibleUserId: users['caseworker@tandem.example']!.id, targetDate: inDays(5) },
        { domain: 'health', description: 'Book a general health check', responsibleOrgId: orgs.PRS, targetDate: inDays(14) },
      ],
    };
    const recorded = await coordinator.post(record, body);
    expect(recorded.statusCode).toBe(200);
    expect(recorded.json().actions).toHaveLength(2);
    expect((await coordinator.post(record, body)).statusCode).toBe(409);
    const lilia = await plan(coordinator, cases.Lilia!);
    const fromConference = lilia.goals.flatMap((g) => g.actions.map((a) => ({ ...a, domain: g.domain, goal: g.description }))).filter((a) => a.conference);
    // Into the open educational goal; a new health goal for the other.
    expect(fromConference.map((a) => `${a.domain}:${a.goal}`)).toEqual(['educational:Attends primary school regularly', 'health:Book a general health check']);
    expect(fromConference[0]!.conference!.id).toBe(scheduled.json().id);
    const events = (await caseworker.get(`/api/cases/${cases.Lilia}/timeline`)).json().events.map((e: { kind: string }) => e.kind);
    expect(events).toEqual(expect.arrayContaining(['conference.scheduled', 'conference.recorded', 'plan.action_added']));
  });

  it('refuses to record a conference that has not been held yet', async () => {
    const later = await coordinator.post(`/api/cases/${cases.Ilyas}/conferences`, { heldAt: new Date(Date.now() + 86_400_000).toISOString(), place: 'School', agenda: ['Attendance'] });
    const res = await coordinator.post(`/api/cases/${cases.Ilyas}/conferences/${later.json().id}/record`, { attendees: [{ orgId: orgs.PRS, name: 'D', role: 'Chair' }], minutes: 'x' });
    expect(res.statusCode).toBe(409);
  });

  it('lists overdue and soon-due actions of an organisation, for reminders and the home page', async () => {
    const today = inDays(0);
    const bpc = await t.db.system((tx) => plannedActionsDue(tx, centre(orgs.BPC!), today, 7));
    expect(bpc.every((a) => a.targetDate <= inDays(7))).toBe(true);
    expect(bpc.map((a) => `${a.alias}:${a.overdue}`)).toEqual(expect.arrayContaining(['Timur:true', 'Lilia:false']));
    // Due within 0 days: overdue ones and today's only.
    expect((await t.db.system((tx) => plannedActionsDue(tx, centre(orgs.BPC!), today, 0))).every((a) => a.targetDate <= today)).toBe(true);
    // Never an action on a case whose plan the organisation no longer sees, nor done ones.
    expect(bpc.some((a) => a.alias === 'Rosa')).toBe(false);
    const prs = await t.db.system((tx) => plannedActionsDue(tx, centre(orgs.PRS!), today, 7));
    expect(prs.map((a) => a.description)).toContain('Find a sewing machine through the small-grants scheme');
    expect(prs.map((a) => a.description)).not.toContain('Apply for a replacement identity card');
    const home = await caseworker.get('/api/plan-actions/due?days=7');
    expect(home.statusCode).toBe(200);
    expect(home.json().actions.map((a: { id: string }) => a.id).sort()).toEqual(bpc.map((a) => a.id).sort());
    expect((await caseworker.get('/api/plan-actions/due?days=-1')).statusCode).toBe(400);
  });

  it('holds in SQL: the application role sees and changes the plan only as need-to-know allows', async () => {
    const as = <T>(email: string, fn: Parameters<TestApp['db']['transaction']>[1]) =>
      t.db.transaction({ role: 'tandem_app', requestId: 'plan-sql', userId: users[email]!.id, orgId: users[email]!.org }, fn) as Promise<T>;
    const seen = await as<{ goals: string[]; conferences: string[] }>('caseworker@tandem.example', async (tx) => ({
      goals: [...new Set((await tx.selectFrom('case_plan_goals').select('case_id').execute()).map((r) => r.case_id))].sort(),
      conferences: [...new Set((await tx.selectFrom('case_conferences').select('case_id').execute()).map((r) => r.case_id))].sort(),
    }));
    expect(seen.goals).toEqual([cases.Lilia, cases.Timur].sort());
    expect(seen.conferences).toEqual([cases.Lilia, cases.Timur].sort());
    // The centre cannot change what an action is, even skipping the application's checks.
    const own = await t.db.system((tx) => tx.selectFrom('case_plan_actions').select('id').where('case_id', '=', cases.Timur!).where('responsible_org_id', '=', orgs.BPC!).executeTakeFirstOrThrow());
    await expect(as('caseworker@tandem.example', (tx) => tx.updateTable('case_plan_actions').set({ target_date: inDays(100) }).where('id', '=', own.id).execute())).rejects.toMatchObject({ code: '42501' });
    const moved = await as<bigint>('caseworker@tandem.example', async (tx) => (await tx.updateTable('case_plan_actions').set({ status: 'in_progress' }).where('id', '=', own.id).executeTakeFirst()).numUpdatedRows);
    expect(moved).toBe(1n);
    // Nor write goals or conferences, nor touch the agency's actions.
    await expect(as('caseworker@tandem.example', (tx) => tx.insertInto('case_plan_goals').values({ case_id: cases.Timur!, domain: 'health', description: 'x' }).execute())).rejects.toMatchObject({ code: '42501' });
    await expect(
      as('caseworker@tandem.example', (tx) => tx.insertInto('case_conferences').values({ case_id: cases.Timur!, held_at: new Date(), place: 'x', agenda: [] }).execute()),
    ).rejects.toMatchObject({ code: '42501' });
    const agencyRows = await as<bigint>('caseworker@tandem.example', async (tx) =>
      (await tx.updateTable('case_plan_actions').set({ status: 'cancelled' }).where('case_id', '=', cases.Timur!).where('responsible_org_id', '=', orgs.PRS!).executeTakeFirst()).numUpdatedRows,
    );
    expect(agencyRows).toBe(0n);
    // Outsiders, the data protection officer and the platform administrator see nothing.
    for (const email of ['lac-caseworker', 'dpo@tandem.example', 'platform-admin@tandem.example']) {
      const n = await as<number>(email, async (tx) => (await tx.selectFrom('case_plan_actions').select('id').execute()).length + (await tx.selectFrom('case_conferences').select('id').execute()).length);
      expect(n, email).toBe(0);
    }
  });

  it('closes the plan to the team organisation at once when its consent is withdrawn', async () => {
    const consents = (await coordinator.get(`/api/cases/${cases.Timur}/consents`)).json().consents as Array<{ id: string; recipientOrgId: string }>;
    const bpc = consents.find((c) => c.recipientOrgId === orgs.BPC)!;
    expect((await caseworker.get(`/api/cases/${cases.Timur}/plan`)).statusCode).toBe(200);
    expect((await coordinator.post(`/api/cases/${cases.Timur}/consents/${bpc.id}/withdraw`, { reason: 'The mother asked to stop sharing.' })).statusCode).toBe(204);
    expect((await caseworker.get(`/api/cases/${cases.Timur}/plan`)).statusCode).toBe(404);
    expect((await caseworker.get(`/api/cases/${cases.Timur}/conferences`)).statusCode).toBe(404);
    const due = await t.db.system((tx) => plannedActionsDue(tx, centre(orgs.BPC!), inDays(0), 30));
    expect(due.some((a) => a.alias === 'Timur')).toBe(false);
  });
});
