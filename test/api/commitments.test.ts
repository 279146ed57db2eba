// Commitments: created and changed by the plan's coordinators with checked bodies, budget and
// gender marker; progress reported only by the lead or a responsible body (a milestone marked
// done with it); independent assessments only by civil society organisations that do not answer
// for the commitment; the disagreement flag; the timeline in date order; readable as the plan is
// (a draft plan by nobody outside its owner); and the same walls in SQL under the application role.
import { sql } from 'kysely';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { DEMO_PLAN_TITLE } from '../../src/demo/plans.ts';
import type { CommitmentDetail, CommitmentList } from '../../src/modules/planning/commitment-schema.ts';
import type { PublicCommitmentView } from '../../src/modules/planning/public-schema.ts';
import { backends } from '../support/databases.ts';
import { createTestApp, type TestApp } from '../support/app.ts';
import type { TestClient } from '../support/client.ts';

const inDays = (n: number) => new Date(Date.now() + n * 86_400_000).toISOString().slice(0, 10);

describe.each(backends)('commitments on %s', (backend) => {
  let t: TestApp;
  let planId: string;
  let draftPlanId: string;
  let draftCommitmentId: string;
  let orgs: Record<string, string>;
  let refs: Record<string, string>;
  let users: Record<string, { id: string; org: string }>;
  const c: Record<string, TestClient> = {};

  beforeAll(async () => {
    t = await createTestApp(backend);
    const o = await t.db.system((tx) => tx.selectFrom('organisations').select(['id', 'short_name']).execute());
    orgs = Object.fromEntries(o.map((x) => [x.short_name!, x.id]));
    planId = (await t.db.system((tx) => tx.selectFrom('plans').select('id').where('title', '=', DEMO_PLAN_TITLE).executeTakeFirstOrThrow())).id;
    const r = await t.db.system((tx) => tx.selectFrom('commitments').select(['id', 'reference']).execute());
    refs = Object.fromEntries(r.map((x) => [x.reference, x.id]));
    const u = await t.db.system((tx) => tx.selectFrom('users').innerJoin('memberships', 'memberships.user_id', 'users.id').select(['users.email', 'users.id', 'memberships.org_id']).execute());
    users = Object.fromEntries(u.map((x) => [x.email, { id: x.id, org: x.org_id }]));
    // A plan still in drafting, unpublished: only its owner sees it, not even the body it names as lead.
    ({ draftPlanId, draftCommitmentId } = await t.db.system(async (tx) => {
      const plan = await tx
        .insertInto('plans')
        .values({ country: 'XM', title: 'Draft plan on youth', period_start: '2028-01-01', period_end: '2029-12-31', owner_org_id: orgs.NCCP! })
        .returning('id')
        .executeTakeFirstOrThrow();
      const commitment = await tx
        .insertInto('commitments')
        .values({
          plan_id: plan.id,
          reference: 'D-1',
          title: 'Youth centres',
          objective: 'Youth centres in every region',
          problem: 'Too few places for young people',
          lead_org_id: orgs.YH!,
          starts_on: '2028-01-01',
          ends_on: '2029-12-31',
          gender_marker: 1,
          gender_justification: 'Half the places for young women.',
          communication_mechanism: 'Annual report',
        })
        .returning('id')
        .executeTakeFirstOrThrow();
      return { draftPlanId: plan.id, draftCommitmentId: commitment.id };
    }));
    for (const [key, email] of Object.entries({
      coordinator: 'plan-coordinator@tandem.example',
      wvn: 'contributor@tandem.example',
      mca: 'mothers-circle@tandem.example',
      sil: 'sisters-learning@tandem.example',
      yh: 'youth-horizons@tandem.example',
      mlsp: 'labour-focal-point@tandem.example',
      viewer: 'viewer@tandem.example',
    })) {
      c[key] = await t.signIn(email);
    }
  });
  afterAll(() => t?.close());

  const base = () => `/api/plans/${planId}/commitments`;
  const detail = async (client: TestClient, ref: string) => {
    const res = await client.get(`${base()}/${refs[ref]}`);
    expect(res.statusCode, res.body.slice(0, 200)).toBe(200);
    return res.json() as CommitmentDetail;
  };
  const counts = () =>
    t.db.system(
      async (tx) =>
        (
          await sql<{ c: number; b: number; m: number; i: number; p: number; a: number }>`SELECT
            (SELECT count(*)::int FROM commitments) AS c, (SELECT count(*)::int FROM commitment_bodies) AS b,
            (SELECT count(*)::int FROM commitment_milestones) AS m, (SELECT count(*)::int FROM commitment_indicators) AS i,
            (SELECT count(*)::int FROM commitment_progress) AS p, (SELECT count(*)::int FROM commitment_assessments) AS a`.execute(tx)
        ).rows[0]!,
    );
  const valid = (over: Record<string, unknown> = {}) => ({
    reference: 'XM-9',
    title: 'Psychosocial care in prisons',
    objective: 'Every prison offers psychosocial care by trained staff and civil society partners.',
    problem: 'People in prison rarely get psychosocial care before release.',
    leadOrgId: orgs.PRS,
    startsOn: '2027-01-01',
    endsOn: '2029-12-31',
    bodies: [
      { orgId: orgs.BPC, role: 'responsible' },
      { orgId: orgs.WVN, role: 'consulted' },
    ],
    milestones: [
      { title: 'Staff trained', deliverable: 'Forty staff trained in psychosocial first aid', dueOn: '2027-06-30' },
      { title: 'Care in every prison', deliverable: 'Care offered in all prisons', dueOn: '2029-06-30' },
    ],
    indicators: [{ name: 'Prisons offering care', unit: 'prisons', baseline: 1, target: 12 }],
    budget: { amount: 120000.5, currency: 'EUR' },
    budgetNotes: 'Shared with the prison health budget.',
    genderMarker: 1,
    genderJustification: 'Women’s prisons first; staff trained in gender-sensitive care.',
    communicationMechanism: 'A public note every six months.',
    ...over,
  });

  it('lists the commitments with both completions and flags where they disagree', async () => {
    for (const client of [c.coordinator!, c.wvn!, t.client()]) {
      const res = await client.get(base());
      expect(res.statusCode).toBe(200);
      const list = res.json() as CommitmentList;
      const by = Object.fromEntries(list.commitments.map((x) => [x.reference, x]));
      expect(by['XM-1']).toMatchObject({ selfAssessed: 'limited', independent: 'limited', disagreement: false, lead: { name: 'National Coordination Centre for Prevention' } });
      expect(by['XM-2']).toMatchObject({ selfAssessed: 'substantial', independent: 'limited', disagreement: true });
      expect(by['XM-3']).toMatchObject({ selfAssessed: 'not_started', independent: null, disagreement: false, overdueMilestones: 0 });
      // XM-1: the second milestone fell due a month ago and is not done.
      expect(by['XM-1']!.overdueMilestones).toBe(1);
      expect(by['XM-1']!.nextMilestone?.title).toBe('Councils set up in three regions');
      expect(list.can.create).toBe(client === c.coordinator);
    }
  });

  it('creates a commitment, checking the gender justification, the budget pair and the organisations', async () => {
    const before = await counts();
    const bad = [
      valid({ genderJustification: 'short' }),
      valid({ genderJustification: undefined }),
      valid({ genderMarker: 3 }),
      valid({ budget: { amount: 100 } }),
      valid({ budget: { currency: 'EUR' } }),
      valid({ budget: { amount: 100, currency: 'XYZ' } }),
      valid({ budget: { amount: -1, currency: 'EUR' } }),
      valid({ endsOn: '2026-12-31' }),
      valid({ bodies: [{ orgId: orgs.BPC, role: 'owner' }] }),
      valid({ bodies: [{ orgId: orgs.BPC, role: 'responsible' }, { orgId: orgs.BPC, role: 'responsible' }] }),
      valid({ reference: 'has space' }),
    ];
    for (const body of bad) expect((await c.coordinator!.post(base(), body)).statusCode, JSON.stringify(body).slice(0, 120)).toBe(400);
    // The lead and the bodies must be organisations of the country that the coordinator can find.
    const missing = await c.coordinator!.post(base(), valid({ leadOrgId: '00000000-0000-4000-8000-000000000000' }));
    expect(missing.statusCode).toBe(422);
    expect(missing.json().errors[0].path).toBe('body.leadOrgId');
    const hidden = await c.coordinator!.post(base(), valid({ bodies: [{ orgId: orgs.IDC, role: 'consulted' }] }));
    expect(hidden.statusCode).toBe(422);
    expect(hidden.json().errors[0].path).toBe('body.bodies.0.orgId');
    expect((await c.coordinator!.post(base(), valid({ reference: 'XM-1' }))).statusCode).toBe(409);
    // Nobody but the coordinators of the owning body.
    expect((await c.wvn!.post(base(), valid())).statusCode).toBe(403);
    expect((await c.viewer!.post(base(), valid())).statusCode).toBe(403);
    expect((await t.client().post(base(), valid())).statusCode).toBe(401);
    expect(await counts()).toEqual(before);

    const res = await c.coordinator!.post(base(), valid());
    expect(res.statusCode, res.body).toBe(201);
    refs['XM-9'] = res.json().id;
    const after = await counts();
    expect([after.c - before.c, after.b - before.b, after.m - before.m, after.i - before.i]).toEqual([1, 2, 2, 1]);
    const view = await detail(c.coordinator!, 'XM-9');
    expect(view).toMatchObject({
      reference: 'XM-9',
      lead: { id: orgs.PRS },
      budget: { amount: 120000.5, currency: 'EUR' },
      genderMarker: 1,
      selfAssessed: 'not_started',
      independent: null,
      disagreement: false,
      can: { edit: true, reportProgress: false, assess: false },
    });
    expect(view.bodies.map((b) => b.role)).toEqual(['responsible', 'consulted']);
    expect(view.indicators[0]).toMatchObject({ baseline: 1, target: 12 });
    // Without a budget: both parts empty.
    const noBudget = await c.coordinator!.post(base(), valid({ reference: 'XM-10', budget: null }));
    expect(noBudget.statusCode).toBe(201);
    expect((await c.coordinator!.get(`${base()}/${noBudget.json().id}`)).json().budget).toBeNull();
    const audited = await t.db.system(async (tx) => (await sql<{ n: number }>`SELECT count(*)::int AS n FROM audit_events WHERE action = 'plan.commitment.create'`.execute(tx)).rows[0]!.n);
    expect(audited).toBe(2);
  });

  it('changes a commitment: milestones kept by id, added, removed unless progress refers to them', async () => {
    const xm9 = await detail(c.coordinator!, 'XM-9');
    const [first, second] = xm9.milestones;
    const url = `${base()}/${refs['XM-9']}`;
    expect((await c.wvn!.patch(url, { title: 'Taken over' })).statusCode).toBe(403);
    expect((await c.coordinator!.patch(url, { milestones: [{ id: xm9.id, title: 'Not a milestone', deliverable: 'Nothing', dueOn: '2028-01-01' }] })).statusCode).toBe(422);
    expect((await c.coordinator!.patch(url, { endsOn: '2026-01-01' })).statusCode).toBe(400);
    const res = await c.coordinator!.patch(url, {
      title: 'Psychosocial care in every prison',
      budget: null,
      milestones: [
        { id: second!.id, title: second!.title, deliverable: second!.deliverable, dueOn: '2029-09-30' },
        { title: 'Care in women’s prisons', deliverable: 'Care offered in both women’s prisons', dueOn: '2028-03-31' },
      ],
      bodies: [{ orgId: orgs.BPC, role: 'responsible' }],
    });
    expect(res.statusCode, res.body).toBe(204);
    const changed = await detail(c.coordinator!, 'XM-9');
    expect(changed.title).toBe('Psychosocial care in every prison');
    expect(changed.budget).toBeNull();
    expect(changed.milestones.map((m) => [m.id === second!.id, m.dueOn])).toEqual([
      [true, '2029-09-30'],
      [false, '2028-03-31'],
    ]);
    expect(changed.milestones.some((m) => m.id === first!.id)).toBe(false);
    expect(changed.bodies).toHaveLength(1);
    // XM-1's first milestone is referred to by progress: it cannot be left out.
    const xm1 = await detail(c.coordinator!, 'XM-1');
    const kept = xm1.milestones.slice(1).map((m) => ({ id: m.id, title: m.title, deliverable: m.deliverable, dueOn: m.dueOn }));
    expect(xm1.milestones[0]!.referenced).toBe(true);
    expect((await c.coordinator!.patch(`${base()}/${refs['XM-1']}`, { milestones: kept })).statusCode).toBe(409);
    expect((await detail(c.coordinator!, 'XM-1')).milestones).toHaveLength(3);
  });

  it('takes progress from the lead and responsible bodies only, and marks a milestone done with it', async () => {
    const xm2 = await detail(c.mlsp!, 'XM-2');
    expect(xm2.can).toMatchObject({ edit: false, reportProgress: true, assess: false });
    const overdue = xm2.milestones.find((m) => m.overdue)!;
    const url = (ref: string) => `${base()}/${refs[ref]}/progress`;
    const body = { reportedOn: inDays(0), completion: 'substantial', body: 'Support groups run in both regions now.', milestoneId: overdue.id, milestoneDone: true };
    const before = await counts();
    // A consulted body, an unrelated organisation, a role outside planning, nobody signed in.
    expect((await c.wvn!.post(url('XM-1'), body)).statusCode).toBe(403);
    expect((await c.sil!.post(url('XM-2'), body)).statusCode).toBe(403);
    expect((await c.viewer!.post(url('XM-2'), body)).statusCode).toBe(403);
    expect((await t.client().post(url('XM-2'), body)).statusCode).toBe(401);
    // A draft plan is hidden even from the body it names as lead.
    expect((await c.yh!.post(`/api/plans/${draftPlanId}/commitments/${draftCommitmentId}/progress`, body)).statusCode).toBe(404);
    // Bad dates and milestones of another commitment.
    expect((await c.mlsp!.post(url('XM-2'), { ...body, reportedOn: inDays(5) })).statusCode).toBe(400);
    expect((await c.mlsp!.post(url('XM-2'), { ...body, milestoneId: (await detail(c.mlsp!, 'XM-1')).milestones[2]!.id })).statusCode).toBe(422);
    expect((await c.mlsp!.post(url('XM-2'), { ...body, milestoneId: null })).statusCode).toBe(400);
    expect(await counts()).toEqual(before);

    const res = await c.mlsp!.post(url('XM-2'), body);
    expect(res.statusCode, res.body).toBe(201);
    const after = await detail(c.wvn!, 'XM-2');
    expect(after.milestones.find((m) => m.id === overdue.id)).toMatchObject({ completedOn: inDays(0), overdue: false, referenced: true });
    expect(after.progress[0]).toMatchObject({ id: res.json().id, org: { id: orgs.MLSP }, milestoneDone: true, completion: 'substantial', canAttach: false });
    // A responsible body (partners-only in the directory, still named on the commitment), and the lead of XM-1 (the coordination centre).
    expect((await c.mca!.post(url('XM-2'), { reportedOn: inDays(-1), completion: 'substantial', body: 'Two parenting groups meet weekly.' })).statusCode).toBe(201);
    expect((await c.coordinator!.post(url('XM-1'), { reportedOn: inDays(0), completion: 'limited', body: 'The Eastern Steppe council met once.' })).statusCode).toBe(201);
    expect((await c.yh!.post(url('XM-1'), { reportedOn: inDays(0), completion: 'substantial', body: 'Youth members joined three councils.' })).statusCode).toBe(201);
    const publicView = await detail(t.client(), 'XM-2');
    expect(publicView.bodies.find((b) => b.org.id === orgs.MCA)!.org.name).toBe("Mothers' Circle Association");
    expect(publicView.can).toEqual({ edit: false, reportProgress: false, assess: false });
  });

  it('takes independent assessments from civil society organisations that do not answer for the commitment', async () => {
    const url = (ref: string) => `${base()}/${refs[ref]}/assessments`;
    const body = { assessedOn: inDays(0), completion: 'limited', reasons: 'Only one region has a working council so far.' };
    const before = await counts();
    expect((await c.mca!.post(url('XM-2'), body)).statusCode).toBe(403); // responsible
    expect((await c.yh!.post(url('XM-1'), body)).statusCode).toBe(403); // responsible
    expect((await c.mlsp!.post(url('XM-1'), body)).statusCode).toBe(403); // a government body, though only consulted
    expect((await c.coordinator!.post(url('XM-3'), body)).statusCode).toBe(403); // the coordination centre
    expect((await c.viewer!.post(url('XM-3'), body)).statusCode).toBe(403);
    expect((await c.sil!.post(url('XM-1'), { ...body, reasons: 'too short' })).statusCode).toBe(400);
    expect((await c.sil!.post(url('XM-1'), { ...body, completion: 'half' })).statusCode).toBe(400);
    expect(await counts()).toEqual(before);
    expect((await detail(c.sil!, 'XM-1')).can.assess).toBe(true);
    expect((await detail(c.yh!, 'XM-1')).can).toMatchObject({ reportProgress: true, assess: false });
    // A consulted civil society organisation may assess: it does not answer for the commitment.
    const res = await c.wvn!.post(url('XM-1'), { ...body, completion: 'not_started' });
    expect(res.statusCode, res.body).toBe(201);
    const xm1 = await detail(t.client(), 'XM-1');
    expect(xm1.assessments[0]).toMatchObject({ id: res.json().id, completion: 'not_started', org: { name: "Women's Voices Network" } });
    // The latest self-assessment (YH, substantial) against the latest independent one: they disagree now.
    expect(xm1).toMatchObject({ selfAssessed: 'substantial', independent: 'not_started', disagreement: true });
    const list = (await t.client().get(base())).json() as CommitmentList;
    expect(list.commitments.find((x) => x.reference === 'XM-1')!.disagreement).toBe(true);
  });

  it('tells the story of a commitment in date order, with the answers it reflects', async () => {
    const xm2 = await detail(t.client(), 'XM-2');
    const days = xm2.timeline.map((e) => e.on);
    expect(days).toEqual([...days].sort());
    const kinds = new Set(xm2.timeline.map((e) => e.kind));
    expect([...kinds].sort()).toEqual(['answer', 'assessment', 'milestone_done', 'milestone_due', 'progress']);
    // A milestone completed on the day it falls due: due first, then done.
    const firstDone = xm2.timeline.findIndex((e) => e.kind === 'milestone_done');
    const itsDue = xm2.timeline.findIndex((e) => e.kind === 'milestone_due' && e.refId === xm2.timeline[firstDone]!.refId);
    expect(itsDue).toBeGreaterThanOrEqual(0);
    expect(xm2.contributions.length).toBeGreaterThan(0);
    for (const k of xm2.contributions) expect(k.reasons.length).toBeGreaterThanOrEqual(10);
    expect(xm2.timeline.filter((e) => e.kind === 'answer')).toHaveLength(xm2.contributions.length);
    // Progress newest first.
    const reported = xm2.progress.map((p) => p.reportedOn);
    expect(reported).toEqual([...reported].sort().reverse());
  });

  it('hides a draft plan’s commitments from everyone but its owner', async () => {
    const url = `/api/plans/${draftPlanId}/commitments`;
    for (const client of [c.yh!, c.wvn!, c.viewer!, t.client()]) {
      expect((await client.get(url)).statusCode).toBe(404);
      expect((await client.get(`${url}/${draftCommitmentId}`)).statusCode).toBe(404);
    }
    expect((await c.coordinator!.get(url)).json().commitments).toHaveLength(1);
    // A commitment of another plan is not found under this one.
    expect((await c.coordinator!.get(`${base()}/${draftCommitmentId}`)).statusCode).toBe(404);
  });

  it('holds in SQL: reporters, assessors and milestone columns under the application role', async () => {
    const as = <T>(email: string, fn: Parameters<TestApp['db']['transaction']>[1]) =>
      t.db.transaction({ role: 'tandem_app', requestId: 'commitment-sql', userId: users[email]!.id, orgId: users[email]!.org }, fn) as Promise<T>;
    const wvn = 'contributor@tandem.example';
    const yh = 'youth-horizons@tandem.example';
    const mca = 'mothers-circle@tandem.example';
    const progress = (email: string, ref: string) => ({
      commitment_id: refs[ref]!,
      plan_id: planId,
      org_id: users[email]!.org,
      user_id: users[email]!.id,
      reported_on: inDays(0),
      completion: 'limited',
      body: 'Written straight to the table',
    });
    await expect(as(wvn, (tx) => tx.insertInto('commitment_progress').values(progress(wvn, 'XM-1')).execute())).rejects.toMatchObject({ code: '42501' });
    await as(yh, (tx) => tx.insertInto('commitment_progress').values(progress(yh, 'XM-1')).execute());
    // In someone else's name: refused.
    await expect(as(yh, (tx) => tx.insertInto('commitment_progress').values({ ...progress(yh, 'XM-1'), org_id: orgs.NCCP! }).execute())).rejects.toMatchObject({ code: '42501' });
    const milestone = (await detail(c.coordinator!, 'XM-1')).milestones[2]!.id;
    // A reporter changes when a milestone was done, nothing else of it.
    await expect(as(yh, (tx) => tx.updateTable('commitment_milestones').set({ title: 'Rewritten' }).where('id', '=', milestone).execute())).rejects.toMatchObject({ code: '42501' });
    const done = await as<bigint>(yh, async (tx) => (await tx.updateTable('commitment_milestones').set({ completed_on: inDays(0) }).where('id', '=', milestone).executeTakeFirst()).numUpdatedRows);
    expect(done).toBe(1n);
    const notTheirs = await as<bigint>(wvn, async (tx) => (await tx.updateTable('commitment_milestones').set({ completed_on: null }).where('id', '=', milestone).executeTakeFirst()).numUpdatedRows);
    expect(notTheirs).toBe(0n);
    // Assessments: not by a responsible body, not in another organisation's name.
    const assessment = (email: string, ref: string) => ({
      commitment_id: refs[ref]!,
      plan_id: planId,
      org_id: users[email]!.org,
      user_id: users[email]!.id,
      assessed_on: inDays(0),
      completion: 'limited',
      reasons: 'Written straight to the table',
    });
    await expect(as(mca, (tx) => tx.insertInto('commitment_assessments').values(assessment(mca, 'XM-2')).execute())).rejects.toMatchObject({ code: '42501' });
    await expect(as(wvn, (tx) => tx.insertInto('commitment_assessments').values({ ...assessment(wvn, 'XM-2'), org_id: orgs.SIL! }).execute())).rejects.toMatchObject({ code: '42501' });
    await as(wvn, (tx) => tx.insertInto('commitment_assessments').values(assessment(wvn, 'XM-2')).execute());
    // A draft plan's commitment is invisible in SQL too, even to the body it names as lead.
    const seen = await as<number>(yh, async (tx) => (await tx.selectFrom('commitments').select('id').where('plan_id', '=', draftPlanId).execute()).length);
    expect(seen).toBe(0);
  });

  it('shows the latest 50 progress updates and assessments and says how many there are', async () => {
    const mlsp = users['labour-focal-point@tandem.example']!;
    const wvn = users['contributor@tandem.example']!;
    const day = (n: number) => new Date(Date.UTC(2026, 0, 1) + n * 86_400_000).toISOString().slice(0, 10);
    const { commitmentId, milestoneId } = await t.db.system(async (tx) => {
      const commitment = await tx
        .insertInto('commitments')
        .values({
          plan_id: planId,
          reference: 'CAP-1',
          title: 'A commitment reported on often',
          objective: 'Many reports',
          problem: 'Long lists',
          lead_org_id: mlsp.org,
          starts_on: '2026-01-01',
          ends_on: '2027-12-31',
          gender_marker: 0,
          gender_justification: 'Not targeted on gender.',
          communication_mechanism: 'Monthly note',
        })
        .returning('id')
        .executeTakeFirstOrThrow();
      const milestone = await tx
        .insertInto('commitment_milestones')
        .values({ commitment_id: commitment.id, plan_id: planId, position: 1, title: 'First step', deliverable: 'A report', due_on: '2026-06-30' })
        .returning('id')
        .executeTakeFirstOrThrow();
      // The oldest update names the milestone: it stays referenced though no longer listed.
      await tx
        .insertInto('commitment_progress')
        .values(Array.from({ length: 55 }, (_, i) => ({ commitment_id: commitment.id, plan_id: planId, org_id: mlsp.org, user_id: mlsp.id, reported_on: day(i), completion: 'limited', body: `Update ${i}`, milestone_id: i === 0 ? milestone.id : null })))
        .execute();
      await tx
        .insertInto('commitment_assessments')
        .values(Array.from({ length: 52 }, (_, i) => ({ commitment_id: commitment.id, plan_id: planId, org_id: wvn.org, user_id: wvn.id, assessed_on: day(i), completion: 'limited', reasons: `Assessment ${i} with reasons` })))
        .execute();
      return { commitmentId: commitment.id, milestoneId: milestone.id };
    });
    const detail = (await c.coordinator!.get(`/api/plans/${planId}/commitments/${commitmentId}`)).json() as CommitmentDetail;
    expect(detail.progress).toHaveLength(50);
    expect(detail.progressTotal).toBe(55);
    expect(detail.progress[0]!.body).toBe('Update 54');
    expect(detail.assessments).toHaveLength(50);
    expect(detail.assessmentsTotal).toBe(52);
    expect(detail.assessments[0]!.reasons).toBe('Assessment 51 with reasons');
    expect(detail.milestones.find((m) => m.id === milestoneId)!.referenced).toBe(true);
    const publicDetail = (await t.client().get(`/api/public/plans/${planId}/commitments/${commitmentId}`)).json() as PublicCommitmentView;
    expect(publicDetail.commitment.progress).toHaveLength(50);
    expect(publicDetail.commitment.progressTotal).toBe(55);
    expect(publicDetail.commitment.assessments).toHaveLength(50);
    expect(publicDetail.commitment.assessmentsTotal).toBe(52);
  });

  it('neither names nor identifies an organisation hidden from the directory, except to the plan’s coordinators', async () => {
    const hiddenOrg = orgs.IDC!;
    const commitmentId = await t.db.system(async (tx) => {
      const commitment = await tx
        .insertInto('commitments')
        .values({
          plan_id: planId,
          reference: 'HID-1',
          title: 'A commitment led by a hidden organisation',
          objective: 'Quiet work',
          problem: 'Not everyone may be named',
          lead_org_id: hiddenOrg,
          starts_on: '2026-01-01',
          ends_on: '2027-12-31',
          gender_marker: 0,
          gender_justification: 'Not targeted on gender.',
          communication_mechanism: 'Yearly note',
        })
        .returning('id')
        .executeTakeFirstOrThrow();
      await tx.insertInto('commitment_bodies').values([{ commitment_id: commitment.id, plan_id: planId, org_id: hiddenOrg, role: 'consulted' }, { commitment_id: commitment.id, plan_id: planId, org_id: orgs.MLSP!, role: 'responsible' }]).execute();
      return commitment.id;
    });
    // The plan's coordinators, who named it, see it named (so that an edit keeps it); nobody else.
    const named = (await c.coordinator!.get(`/api/plans/${planId}/commitments/${commitmentId}`)).json() as CommitmentDetail;
    expect(named.lead).toEqual({ id: hiddenOrg, name: 'Interfaith Dialogue Council' });
    // And may keep it when editing, though the directory no longer offers it.
    const kept = await c.coordinator!.patch(`/api/plans/${planId}/commitments/${commitmentId}`, {
      leadOrgId: hiddenOrg,
      bodies: [{ orgId: hiddenOrg, role: 'consulted' }, { orgId: orgs.MLSP!, role: 'responsible' }],
    });
    expect(kept.statusCode, kept.body).toBe(204);
    for (const client of [c.wvn!, t.client()]) {
      const detail = await client.get(`/api/plans/${planId}/commitments/${commitmentId}`);
      expect(detail.statusCode).toBe(200);
      expect(detail.body).not.toContain(hiddenOrg);
      const d = detail.json() as CommitmentDetail;
      expect(d.lead).toEqual({ id: null, name: null });
      expect(d.bodies.find((b) => b.role === 'consulted')!.org).toEqual({ id: null, name: null });
      expect(d.bodies.find((b) => b.role === 'responsible')!.org.id).toBe(orgs.MLSP);
      const list = await client.get(`/api/plans/${planId}/commitments`);
      expect(list.body).not.toContain(hiddenOrg);
      expect((list.json() as CommitmentList).commitments.find((x) => x.id === commitmentId)!.lead).toEqual({ id: null, name: null });
    }
  });
});
