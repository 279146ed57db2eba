// Results frameworks end to end through the API: the plan's owning body defines a framework with
// a reported and a computed indicator; the responsible civil society organisation reports a
// value (checks refuse what does not add up, flag a large jump); the owner returns it with a
// reason, the organisation corrects it (a new version), the owner approves, and the period is
// locked. Others see the framework once the plan is published, and approved values only. The
// database refuses the same steps when the application's checks are skipped.
import { sql } from 'kysely';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import type { FrameworkList, FrameworkView, IndicatorPageView, PublicResultsView, ReviewQueue } from '../../src/modules/monitoring/results-schema.ts';
import { createTestApp, type TestApp } from '../support/app.ts';
import { backends } from '../support/databases.ts';
import type { TestClient } from '../support/client.ts';
import { DEMO_FRAMEWORK_TITLE } from '../../src/demo/results.ts';
import { computedIndicator, reportedIndicator, reportedValue } from '../support/results.ts';

describe.each(backends)('results frameworks on %s', (backend) => {
  let t: TestApp;
  let owner: TestClient;
  let cso: TestClient;
  let otherCso: TestClient;
  let caseworker: TestClient;
  const ids: Record<string, string> = {};
  beforeAll(async () => {
    t = await createTestApp(backend);
    owner = await t.signIn('plan-coordinator@tandem.example');
    cso = await t.signIn('contributor@tandem.example');
    otherCso = await t.signIn('mothers-circle@tandem.example');
    caseworker = await t.signIn('caseworker@tandem.example');
    const orgs = await t.db.system((tx) => tx.selectFrom('organisations').select(['id', 'short_name']).execute());
    for (const o of orgs) ids[o.short_name!] = o.id;
    ids.plan = (await owner.post('/api/plans', { title: 'Plan with a results framework', periodStart: '2027-01-01', periodEnd: '2029-12-31' })).json().id;
  });
  afterAll(() => t?.close());

  it('walks a value from report to approval, with a correction between', async () => {
    // The owner defines the framework.
    expect((await cso.post('/api/results/frameworks', { kind: 'plan', planId: ids.plan, title: 'Not theirs', goal: 'A goal' })).statusCode).toBe(403);
    const fw = await owner.post('/api/results/frameworks', { kind: 'plan', planId: ids.plan, title: 'Results of the plan', goal: 'People returning live safely with their families.' });
    expect(fw.statusCode, fw.body).toBe(201);
    const id = (ids.framework = fw.json().id);
    expect((await owner.post('/api/results/frameworks', { kind: 'plan', planId: ids.plan, title: 'Twice', goal: 'A goal' })).statusCode).toBe(409);
    const outcome = (await owner.post(`/api/results/frameworks/${id}/nodes`, { level: 'outcome', title: 'Families reunited and supported' })).json().id;
    expect((await owner.post(`/api/results/frameworks/${id}/nodes`, { level: 'output', title: 'No parent' })).statusCode).toBe(400);
    const output = (await owner.post(`/api/results/frameworks/${id}/nodes`, { level: 'output', parentId: outcome, title: 'Family support groups running' })).json().id;
    expect((await owner.post(`/api/results/frameworks/${id}/nodes`, { level: 'output', parentId: output, title: 'An output under an output' })).statusCode).toBe(400);
    const reported = await owner.post(`/api/results/frameworks/${id}/indicators`, reportedIndicator(output, ids.WVN!));
    expect(reported.statusCode, reported.body).toBe(201);
    ids.reported = reported.json().id;
    const computed = await owner.post(`/api/results/frameworks/${id}/indicators`, computedIndicator(outcome, ids.NCCP!));
    expect(computed.statusCode, computed.body).toBe(201);
    ids.computed = computed.json().id;
    expect((await owner.post(`/api/results/frameworks/${id}/indicators`, { ...computedIndicator(outcome, ids.NCCP!), unit: 'percentage' })).statusCode).toBe(400);

    // The network sees its indicator (the plan is in drafting: nobody else does).
    const list = (await cso.get('/api/results/frameworks')).json() as FrameworkList;
    expect(list.reporting.map((r) => r.id)).toContain(ids.reported);
    expect((await otherCso.get(`/api/results/frameworks/${id}`)).statusCode).toBe(404);
    expect((await otherCso.post(`/api/results/indicators/${ids.reported}/reports`, reportedValue())).statusCode).toBe(404);
    const seen = (await cso.get(`/api/results/frameworks/${id}`)).json() as FrameworkView;
    expect(seen.indicators.map((i) => i.id)).toEqual([ids.reported]);
    expect(seen.can.manage).toBe(false);
    // The centre's other indicator does not exist for the network, whatever it tries.
    expect((await cso.get(`/api/results/indicators/${ids.computed}`)).statusCode).toBe(404);
    expect((await cso.request('PUT', `/api/results/indicators/${ids.computed}/targets`, { targets: [] })).statusCode).toBe(404);
    expect((await cso.post(`/api/results/indicators/${ids.computed}/publication`, { published: true })).statusCode).toBe(404);

    // Checks: groups that do not add up, a period of another frequency, a computed indicator.
    const bad = await cso.post(`/api/results/indicators/${ids.reported}/reports`, { ...reportedValue(), value: 31 });
    expect(bad.statusCode).toBe(400);
    expect(JSON.stringify(bad.json())).toContain('add up');
    expect((await cso.post(`/api/results/indicators/${ids.reported}/reports`, reportedValue('2027-Q1'))).statusCode).toBe(400);
    expect((await owner.post(`/api/results/indicators/${ids.computed}/reports`, reportedValue())).statusCode).toBe(409);
    expect((await cso.post(`/api/results/indicators/${ids.reported}/reports`, { ...reportedValue(), disaggregates: [{ dimension: 'age_band', group: '18-24', value: 30 }] })).statusCode).toBe(400);

    // A value 2.5 times the baseline: accepted, flagged.
    const sent = await cso.post(`/api/results/indicators/${ids.reported}/reports`, reportedValue('2027', 50));
    expect(sent.statusCode, sent.body).toBe(201);
    expect(sent.json()).toMatchObject({ version: 1, value: 50, jumpFrom: 20 });
    const report = (ids.report = sent.json().id);

    // The owner returns it with a reason; the network corrects it.
    const queue = (await owner.get('/api/results/review')).json() as ReviewQueue;
    expect(queue.items.filter((i) => i.indicatorId === ids.reported)).toEqual([expect.objectContaining({ reportId: report, version: 1, value: 50, jumpFrom: 20, period: '2027' })]);
    expect((await cso.get('/api/results/review')).statusCode).toBe(403);
    expect((await cso.post(`/api/results/reports/${report}/review`, { decision: 'approve', version: 1 })).statusCode).toBe(403);
    expect((await owner.post(`/api/results/reports/${report}/review`, { decision: 'return', version: 1 })).statusCode).toBe(400);
    expect((await owner.post(`/api/results/reports/${report}/review`, { decision: 'return', version: 1, reason: 'Counts a group twice; please check the sheets.' })).statusCode).toBe(204);
    expect((await owner.post(`/api/results/reports/${report}/review`, { decision: 'approve', version: 1 })).statusCode).toBe(409);
    const fixed = await cso.post(`/api/results/indicators/${ids.reported}/reports`, reportedValue('2027', 30));
    expect(fixed.json()).toMatchObject({ id: report, version: 2, value: 30, jumpFrom: null });
    // A decision on the version before is stale.
    expect((await owner.post(`/api/results/reports/${report}/review`, { decision: 'approve', version: 1 })).statusCode).toBe(409);
    expect((await owner.post(`/api/results/reports/${report}/review`, { decision: 'approve', version: 2 })).statusCode).toBe(204);

    // Locked: no correction, no second review.
    expect((await cso.post(`/api/results/indicators/${ids.reported}/reports`, reportedValue('2027', 31))).statusCode).toBe(409);
    expect((await owner.post(`/api/results/reports/${report}/review`, { decision: 'return', version: 2, reason: 'Again' })).statusCode).toBe(409);

    const page = (await cso.get(`/api/results/indicators/${ids.reported}`)).json() as IndicatorPageView;
    expect(page.latest).toMatchObject({ period: '2027', status: 'approved', figure: { value: 30, suppressed: null } });
    expect(page.reports[0]!.versions.map((v) => v.version)).toEqual([2, 1]);
    expect(page.reports[0]!.reviews.map((r) => r.decision)).toEqual(['approved', 'returned']);
    expect(page.reports[0]!.reviews[1]!.reason).toBe('Counts a group twice; please check the sheets.');
    expect(page.can.report).toBe(true);
    expect(page.reports[0]!.can).toEqual({ review: false, correct: false });
    expect(page.targets).toEqual([{ period: '2027', value: 40 }, { period: '2028', value: 60 }]);
  });

  it('shows the framework of a published plan to others signed in, with approved values only', async () => {
    // A second period, under review.
    expect((await cso.post(`/api/results/indicators/${ids.reported}/reports`, reportedValue('2028', 35))).statusCode).toBe(201);
    expect((await owner.post(`/api/plans/${ids.plan}/publication`, { published: true })).statusCode).toBe(200);
    const fw = (await caseworker.get(`/api/results/frameworks/${ids.framework}`)).json() as FrameworkView;
    expect(fw.indicators.map((i) => i.id).sort()).toEqual([ids.reported, ids.computed].sort());
    const reported = fw.indicators.find((i) => i.id === ids.reported)!;
    expect(reported.latest).toMatchObject({ period: '2027', status: 'approved' });
    // The computed indicator, as the caseworker may see it (their organisation's caseload), after disclosure control.
    const computed = fw.indicators.find((i) => i.id === ids.computed)!;
    expect(computed.latest?.status).toBe('computed');
    const v = computed.latest!.figure;
    expect(v.value === null ? v.suppressed : v.value > fw.disclosure.threshold).toBeTruthy();
    const page = (await caseworker.get(`/api/results/indicators/${ids.reported}`)).json() as IndicatorPageView;
    expect(page.reports.map((r) => r.period)).toEqual(['2027']);
    expect(page.reports[0]!.versions.map((x) => x.version)).toEqual([2]);
    expect(page.reports[0]!.reviews).toEqual([]);
    expect(page.reports[0]!.versions[0]!.submittedBy).toBeNull();
    // Its breakdown by sex passes disclosure control for a reader: 2 men hidden, and the 28 women
    // with them (the total would give the 2 away); the region, one group of 30, is shown.
    expect(page.reports[0]!.versions[0]!.disaggregates.map((d) => [d.group, d.value, d.suppressed])).toEqual([
      ['female', null, 'secondary'],
      ['male', null, 'primary'],
      ['east', 30, null],
    ]);
    const ownView = (await owner.get(`/api/results/indicators/${ids.reported}`)).json() as IndicatorPageView;
    expect(ownView.reports.find((r) => r.period === '2027')!.versions[0]!.disaggregates.map((d) => d.value)).toEqual([28, 2, 30]);
    // The owner sees the value under review as the latest.
    const own = (await owner.get(`/api/results/frameworks/${ids.framework}`)).json() as FrameworkView;
    expect(own.indicators.find((i) => i.id === ids.reported)!.latest).toMatchObject({ period: '2028', status: 'submitted' });
    expect((await t.client().get(`/api/results/frameworks/${ids.framework}`)).statusCode).toBe(401);
  });

  it("seeds the national plan's framework with two years of values: approved, awaiting review, sent back", async () => {
    const list = (await caseworker.get('/api/results/frameworks')).json() as FrameworkList;
    const demo = list.frameworks.find((f) => f.title === DEMO_FRAMEWORK_TITLE)!;
    const seen = (await caseworker.get(`/api/results/frameworks/${demo.id}`)).json() as FrameworkView;
    expect(seen.nodes.filter((n) => n.commitment !== null).map((n) => n.commitment!.reference)).toContain('XM-2');
    const support = seen.indicators.find((i) => i.title.startsWith('Mothers and children'))!;
    // Others see the last approved half-year; the owner, the one awaiting review.
    expect(support.latest).toMatchObject({ period: '2026-H1', status: 'approved' });
    const own = (await owner.get(`/api/results/frameworks/${demo.id}`)).json() as FrameworkView;
    expect(own.indicators.find((i) => i.id === support.id)!).toMatchObject({ latest: { period: '2026-H2', status: 'submitted' }, awaitingReview: 1 });
    const queue = (await owner.get('/api/results/review')).json() as ReviewQueue;
    expect(queue.items.find((i) => i.indicatorId === support.id)).toMatchObject({ period: '2026-H2', value: 41, jumpFrom: 22 });
    const school = seen.indicators.find((i) => i.unit === 'percentage' && i.source === 'reported')!;
    const wvn = (await cso.get(`/api/results/indicators/${school.id}`)).json() as IndicatorPageView;
    expect(wvn.reports.map((r) => [r.period, r.status])).toEqual([['2026', 'returned'], ['2025', 'approved']]);
    expect(wvn.reports[0]!.reviews[0]!.reason).toMatch(/denominator/);
    expect(wvn.reports[0]!.can.correct).toBe(true);
    expect(seen.indicators.filter((i) => i.source === 'computed').map((i) => i.computed!.kind)).toEqual(['open_cases', 'case_plans']);
    // Every indicator page of it opens, for the owner (with the history) and for a reader.
    for (const i of seen.indicators) {
      expect((await owner.get(`/api/results/indicators/${i.id}`)).statusCode).toBe(200);
      expect((await caseworker.get(`/api/results/indicators/${i.id}`)).statusCode).toBe(200);
    }
  });

  it("publishes chosen reported indicators on the plan's public pages, approved values only", async () => {
    const nobody = t.client();
    // The demo plan publishes two indicators; the half-year under review is not shown.
    const demoPlan = await t.db.system((tx) => tx.selectFrom('results_frameworks').select('plan_id').where('title', '=', DEMO_FRAMEWORK_TITLE).executeTakeFirstOrThrow());
    const demo = (await nobody.get(`/api/public/plans/${demoPlan.plan_id}/results`)).json() as PublicResultsView;
    expect(demo.indicators.map((i) => i.title)).toEqual(['Regions with a functioning prevention council', 'Mothers and children returning who took part in family support groups']);
    expect(demo.indicators[1]!.values.map((v) => v.period)).toEqual(['2025-H1', '2025-H2', '2026-H1']);
    expect(JSON.stringify(demo)).not.toMatch(/Attendance sheets|denominator counts/);

    // The test plan (published above): nothing until the owner publishes; computed ones never.
    expect(((await nobody.get(`/api/public/plans/${ids.plan}/results`)).json() as PublicResultsView).indicators).toEqual([]);
    expect((await cso.post(`/api/results/indicators/${ids.reported}/publication`, { published: true })).statusCode).toBe(403);
    expect((await owner.post(`/api/results/indicators/${ids.computed}/publication`, { published: true })).statusCode).toBe(409);
    expect((await owner.post(`/api/results/indicators/${ids.reported}/publication`, { published: true })).statusCode).toBe(204);
    const shown = (await nobody.get(`/api/public/plans/${ids.plan}/results`)).json() as PublicResultsView;
    expect(shown.indicators.map((i) => [i.id, i.values])).toEqual([[ids.reported, [{ period: '2027', value: 30 }]]]);
    expect(shown.framework?.goal).toBe('People returning live safely with their families.');
    // Withdrawn, and an unpublished plan shows nothing at all.
    expect((await owner.post(`/api/results/indicators/${ids.reported}/publication`, { published: false })).statusCode).toBe(204);
    expect(((await nobody.get(`/api/public/plans/${ids.plan}/results`)).json() as PublicResultsView).indicators).toEqual([]);
    expect((await owner.post(`/api/results/indicators/${ids.reported}/publication`, { published: true })).statusCode).toBe(204);
    expect((await owner.post(`/api/plans/${ids.plan}/publication`, { published: false })).statusCode).toBe(200);
    expect((await nobody.get(`/api/public/plans/${ids.plan}/results`)).statusCode).toBe(404);
    // The database alone shows the public nothing of it either.
    const rows = await t.db.transaction({ role: 'tandem_app', requestId: 'results-public', userId: null, orgId: null }, async (tx) => [
      (await tx.selectFrom('results_indicators').select('id').where('framework_id', '=', ids.framework!).execute()).length,
      (await tx.selectFrom('results_reports').select('id').where('framework_id', '=', ids.framework!).execute()).length,
    ]);
    expect(rows).toEqual([0, 0]);
    expect((await owner.post(`/api/plans/${ids.plan}/publication`, { published: true })).statusCode).toBe(200);
  });

  it('lets no one approve a value they sent themselves', async () => {
    // The centre answers for an indicator of its own framework: its coordinator reports, and cannot approve.
    const outcome = (await owner.get(`/api/results/frameworks/${ids.framework}`)).json().nodes[0].id as string;
    const own = (await owner.post(`/api/results/frameworks/${ids.framework}/indicators`, reportedIndicator(outcome, ids.NCCP!, 'Indicator the centre answers for'))).json().id as string;
    const sent = (await owner.post(`/api/results/indicators/${own}/reports`, reportedValue('2027', 12))).json() as { id: string };
    const page = (await owner.get(`/api/results/indicators/${own}`)).json() as IndicatorPageView;
    expect(page.reports[0]!.can.review).toBe(false);
    expect((await owner.post(`/api/results/reports/${sent.id}/review`, { decision: 'approve', version: 1 })).statusCode).toBe(409);
    const me = await t.db.system((tx) => tx.selectFrom('users').innerJoin('memberships', 'memberships.user_id', 'users.id').select(['users.id', 'memberships.org_id']).where('email', '=', 'plan-coordinator@tandem.example').executeTakeFirstOrThrow());
    await expect(
      t.db.transaction({ role: 'tandem_app', requestId: 'results-self', userId: me.id, orgId: me.org_id }, (tx) =>
        tx.insertInto('results_reviews').values({ report_id: sent.id, version: 1, decision: 'approved', reviewed_by: me.id }).execute(),
      ),
    ).rejects.toThrow();
  });

  it('writes an audit event with every change', async () => {
    const actions = await t.db.system(async (tx) =>
      (await sql<{ action: string }>`SELECT action FROM audit_events WHERE action LIKE 'results.%' ORDER BY occurred_at, id`.execute(tx)).rows.map((r) => r.action),
    );
    expect(actions).toEqual(
      expect.arrayContaining(['results.framework.create', 'results.node.create', 'results.indicator.create', 'results.value.report', 'results.value.return', 'results.value.correct', 'results.value.approve']),
    );
  });

  describe('the database wall, with the application’s checks skipped', () => {
    const as = async <T>(email: string, fn: (tx: Parameters<Parameters<TestApp['db']['transaction']>[1]>[0]) => Promise<T>) => {
      const who = await t.db.system((tx) => tx.selectFrom('users').innerJoin('memberships', 'memberships.user_id', 'users.id').select(['users.id', 'memberships.org_id']).where('email', '=', email).executeTakeFirstOrThrow());
      return t.db.transaction({ role: 'tandem_app', requestId: 'results-wall', userId: who.id, orgId: who.org_id }, fn) as Promise<T>;
    };
    const fails = (p: Promise<unknown>) => expect(p).rejects.toThrow();
    const userId = async (email: string) => (await t.db.system((tx) => tx.selectFrom('users').select('id').where('email', '=', email).executeTakeFirstOrThrow())).id;

    it('keeps an approved period locked and its history append-only', async () => {
      const me = await userId('contributor@tandem.example');
      await fails(as('contributor@tandem.example', (tx) => tx.insertInto('results_report_versions').values({ report_id: ids.report!, version: 3, value: 1, evidence: 'Sneaked in', submitted_by: me }).execute()));
      const reopened = await as('plan-coordinator@tandem.example', (tx) => tx.updateTable('results_reports').set({ status: 'returned' }).where('id', '=', ids.report!).executeTakeFirst());
      expect(Number(reopened.numUpdatedRows)).toBe(0);
      await fails(as('contributor@tandem.example', (tx) => tx.updateTable('results_report_versions').set({ value: 1 }).where('report_id', '=', ids.report!).execute()));
      await fails(as('plan-coordinator@tandem.example', (tx) => tx.deleteFrom('results_reviews').where('report_id', '=', ids.report!).execute()));
      const row = await t.db.system((tx) => tx.selectFrom('results_reports').select(['status', 'current_version']).where('id', '=', ids.report!).executeTakeFirstOrThrow());
      expect(row).toEqual({ status: 'approved', current_version: 2 });
    });

    it('lets only the responsible organisation report, and only the owner review', async () => {
      const pending = await t.db.system((tx) => tx.selectFrom('results_reports').select(['id', 'current_version']).where('indicator_id', '=', ids.reported!).where('period', '=', '2028').executeTakeFirstOrThrow());
      // The responsible organisation cannot approve its own value.
      await fails(as('contributor@tandem.example', (tx) => tx.updateTable('results_reports').set({ status: 'approved' }).where('id', '=', pending.id).execute()));
      await fails(
        as('contributor@tandem.example', async (tx) => {
          const me = await userId('contributor@tandem.example');
          await tx.insertInto('results_reviews').values({ report_id: pending.id, version: pending.current_version, decision: 'approved', reviewed_by: me }).execute();
        }),
      );
      // Another organisation cannot open a report on the network's indicator, nor on a computed one.
      const mca = await userId('mothers-circle@tandem.example');
      const ind = await t.db.system((tx) => tx.selectFrom('results_indicators').selectAll().where('id', '=', ids.reported!).executeTakeFirstOrThrow());
      const forged = { indicator_id: ind.id, framework_id: ind.framework_id, owner_org_id: ind.owner_org_id, responsible_org_id: ind.responsible_org_id, plan_id: ind.plan_id, period: '2029' };
      await fails(as('mothers-circle@tandem.example', (tx) => tx.insertInto('results_reports').values(forged).execute()));
      const comp = await t.db.system((tx) => tx.selectFrom('results_indicators').selectAll().where('id', '=', ids.computed!).executeTakeFirstOrThrow());
      await fails(
        as('plan-coordinator@tandem.example', (tx) =>
          tx.insertInto('results_reports').values({ indicator_id: comp.id, framework_id: comp.framework_id, owner_org_id: comp.owner_org_id, responsible_org_id: comp.responsible_org_id, plan_id: comp.plan_id, period: '2029-Q1' }).execute(),
        ),
      );
      // A responsible organisation named falsely on a report does not match its indicator.
      await fails(as('mothers-circle@tandem.example', (tx) => tx.insertInto('results_reports').values({ ...forged, responsible_org_id: ids.MCA! }).execute()));
      expect(mca).toBeTruthy();
      // The network does not write the framework.
      await fails(as('contributor@tandem.example', (tx) => tx.insertInto('results_nodes').values({ framework_id: ind.framework_id, owner_org_id: ind.owner_org_id, level: 'outcome', position: 99, title: 'Forged outcome' }).execute()));
    });
  });
});
