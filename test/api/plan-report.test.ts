// The response report, representation figures and exports of a plan for those signed in:
// grouping (sections in plan order, then questions, then general) and counts; who sees which
// contributions and names; acceptance rates on a known data set, and disclosure control of every
// figure (small counts hidden, signed in and public); CSV formula injection; the PDF.
import fc from 'fast-check';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import type { FiguresView, ReportView } from '../../src/modules/planning/report-schema.ts';
import { figuresFrom } from '../../src/modules/planning/figures.ts';
import { backends } from '../support/databases.ts';
import { createTestApp, type TestApp } from '../support/app.ts';
import type { TestClient } from '../support/client.ts';
import { pdfText } from '../support/pdf-text.ts';
import { seedReportFixture, type ReportFixture } from '../support/plan-report-fixture.ts';

describe.each(backends)('plan response report, figures and exports on %s', (backend) => {
  let t: TestApp;
  let coordinator: TestClient;
  let contributor: TestClient;
  let viewer: TestClient;
  let f: ReportFixture;
  beforeAll(async () => {
    t = await createTestApp(backend);
    f = await seedReportFixture(t);
    coordinator = await t.signIn('plan-coordinator@tandem.example');
    contributor = await t.signIn('contributor@tandem.example');
    viewer = await t.signIn('viewer@tandem.example');
  });
  afterAll(() => t?.close());

  const report = async (client: TestClient, planId: string) => {
    const res = await client.get(`/api/plans/${planId}/report`);
    expect(res.statusCode, res.body).toBe(200);
    return res.json() as ReportView;
  };
  const bodies = (r: ReportView) => r.groups.flatMap((g) => g.contributions.map((c) => c.body));

  it('groups by section in plan order, then question, then general, with counts, for the coordinators', async () => {
    const r = await report(coordinator, f.plan);
    expect(r.complete).toBe(true);
    expect(r.can.export).toBe(true);
    expect(r.groups.map((g) => [g.kind, g.title])).toEqual([
      ['section', 'First section'],
      ['section', 'Second section'],
      ['question', 'What is missing?'],
      ['general', null],
    ]);
    expect(r.groups[0]!.counts).toEqual({ total: 3, accepted: 1, partly_accepted: 1, not_accepted: 1, out_of_scope: 0, under_consideration: 0, unanswered: 0 });
    expect(r.groups[2]!.counts).toMatchObject({ total: 2, under_consideration: 1, unanswered: 1 });
    expect(r.counts).toEqual({ total: 7, accepted: 1, partly_accepted: 2, not_accepted: 1, out_of_scope: 1, under_consideration: 1, unanswered: 1 });
    expect(r.awaitingAnswer).toBe(1);
    expect(bodies(r)).toContain('UNANSWERED-MARKER contribution');
    const first = r.groups[0]!.contributions[0]!;
    expect(first).toMatchObject({ body: 'Named contribution one', status: 'accepted', reasons: 'Reasons for accepted', contributor: { kind: 'organisation', orgName: 'Named Women Org A', orgType: 'cso' } });
    expect(first.sections).toEqual([{ id: f.sections.s1, title: 'First section' }]);
    expect(first.commitments).toEqual([{ id: f.commitments.m1, reference: 'T-1', title: 'Commitment one' }]);
    // The coordinators know who wrote an anonymous contribution; individuals are never named.
    const anonymous = r.groups[0]!.contributions.find((c) => c.body === 'Anonymous contribution')!;
    expect(anonymous.contributor).toEqual({ kind: 'anonymous_organisation', orgName: 'SECRET-ORG-NAME Women Org B', orgType: 'cso' });
    expect(anonymous.files.map((x) => x.filename)).toEqual(['ANON-FILE-NAME.txt']);
    expect(r.groups[1]!.contributions[0]!.contributor).toEqual({ kind: 'individual', orgName: null, orgType: 'individual' });
  });

  it('shows others what they may read: answered contributions of a published plan, anonymity kept', async () => {
    const r = await report(contributor, f.plan);
    expect(r.complete).toBe(false);
    expect(r.can.export).toBe(false);
    expect(bodies(r)).not.toContain('UNANSWERED-MARKER contribution');
    expect(r.counts.total).toBe(6);
    expect(r.awaitingAnswer).toBe(1);
    expect(JSON.stringify(r)).not.toContain('SECRET-ORG-NAME');
    expect(JSON.stringify(r)).not.toContain('ANON-FILE-NAME');
  });

  it('shows a contributor only its own contributions to an unpublished plan', async () => {
    const r = await report(contributor, f.unpublished);
    expect(bodies(r)).toEqual(['UNPUBLISHED-CONTRIBUTION-MARKER own']);
    expect(r.groups[0]!.contributions[0]!.contributor.orgName).toBe("Women's Voices Network");
    const all = await report(coordinator, f.unpublished);
    expect(bodies(all).sort()).toEqual(['UNPUBLISHED-CONTRIBUTION-MARKER other', 'UNPUBLISHED-CONTRIBUTION-MARKER own']);
    expect(all.counts.unanswered).toBe(1);
    // Figures of an unpublished plan are the coordinators'.
    expect((await contributor.get(`/api/plans/${f.unpublished}/figures`)).statusCode).toBe(403);
    expect((await coordinator.get(`/api/plans/${f.unpublished}/figures`)).statusCode).toBe(200);
  });

  it('refuses roles that take no part in planning, and hides plans the reader may not read', async () => {
    expect((await viewer.get(`/api/plans/${f.plan}/report`)).statusCode).toBe(403);
    expect((await viewer.get(`/api/plans/${f.plan}/figures`)).statusCode).toBe(403);
    expect((await coordinator.get(`/api/plans/00000000-0000-4000-8000-000000000000/report`)).statusCode).toBe(404);
    expect((await coordinator.get(`/api/plans/not-a-uuid/report`)).statusCode).toBe(400);
  });

  it('hides every small count of the known data set, signed in as on the public page (7 contributions, 3 participants)', async () => {
    for (const [client, path] of [
      [coordinator, `/api/plans/${f.plan}/figures`],
      [t.client(), `/api/public/plans/${f.plan}/figures`],
    ] as const) {
      const res = await client.get(path);
      expect(res.statusCode, res.body).toBe(200);
      const g = res.json() as FiguresView;
      expect(g.disclosure).toEqual({ threshold: 5, roundTo: 1 });
      // Only the number of contributions is above the threshold; every split of it is at or
      // below, and so hidden (an exact split would tell which kind of body wrote what).
      expect(g.contributions.total).toEqual({ value: 7, suppressed: null });
      const cso = g.contributions.byOrgType.find((r) => r.orgType === 'cso');
      expect(cso?.contributions).toEqual({ value: null, suppressed: 'primary' });
      expect(g.contributions.womenLed.acceptanceRate.value).toBeNull();
      expect(g.contributions.womenLedShare.value).toBeNull();
      // Every type is listed, with or without contributions: a row's presence reveals nothing.
      expect(g.contributions.byOrgType.map((r) => r.orgType)).toEqual(['government', 'cso', 'community', 'international', 'donor', 'academic', 'individual']);
      expect(g.participants.total).toEqual({ value: null, suppressed: 'primary' });
      for (const n of JSON.stringify(g).matchAll(/"value":(\d+(?:\.\d+)?)/g)) expect(Number(n[1])).toBeGreaterThan(5);
    }
  });

  it('computes representation and acceptance rates, with what cannot be shown hidden', () => {
    // Like the known data set, with every count ten times larger: most figures pass; zeros do not.
    const rows = [
      { dimension: 'contributions', org_type: 'cso', women_led: true, status: 'accepted', n: 10 },
      { dimension: 'contributions', org_type: 'cso', women_led: true, status: 'partly_accepted', n: 10 },
      { dimension: 'contributions', org_type: 'cso', women_led: true, status: 'not_accepted', n: 10 },
      { dimension: 'contributions', org_type: 'cso', women_led: true, status: 'unanswered', n: 10 },
      { dimension: 'contributions', org_type: 'community', women_led: false, status: 'out_of_scope', n: 10 },
      { dimension: 'contributions', org_type: 'community', women_led: false, status: 'under_consideration', n: 10 },
      { dimension: 'contributions', org_type: 'community', women_led: false, status: 'unanswered', n: 10 },
      { dimension: 'contributions', org_type: 'individual', women_led: false, status: 'partly_accepted', n: 10 },
      { dimension: 'participants', org_type: 'community', women_led: true, status: 'female', n: 10 },
      { dimension: 'participants', org_type: 'community', women_led: false, status: 'female', n: 10 },
      { dimension: 'participants', org_type: 'community', women_led: false, status: 'male', n: 10 },
    ];
    const g = figuresFrom(rows, { threshold: 5, roundTo: 1 });
    const v = (x: { value: number | null }) => x.value;
    expect(v(g.contributions.total)).toBe(80);
    expect(v(g.contributions.womenLed.contributions)).toBe(40);
    expect(v(g.contributions.womenLed.answered)).toBe(30);
    expect(v(g.contributions.womenLed.accepted)).toBe(20);
    expect(v(g.contributions.womenLed.acceptanceRate)).toBeCloseTo(2 / 3);
    expect(v(g.contributions.others.acceptanceRate)).toBeCloseTo(1 / 3);
    expect(v(g.contributions.others.contributions)).toBe(40);
    expect(v(g.contributions.womenLedShare)).toBeCloseTo(1 / 2);
    expect(v(g.contributions.byAnswer.accepted)).toBe(30);
    expect(v(g.participants.total)).toBe(30);
    expect(v(g.participants.fromWomenLed)).toBe(10);
    // Two zeros hidden beside a shown total would be given away (they add up to nothing), so the
    // smallest shown count of that line goes too.
    expect(g.participants.bySex.map((r) => [r.sex, v(r.n)])).toEqual([
      ['female', 20],
      ['male', null],
      ['other', null],
      ['not_stated', null],
    ]);
    // The community row's accepted cell is zero, hence hidden, and its unanswered cell (the next
    // smallest) with it, so that the row's total does not give the zero away; answered goes too.
    const community = g.contributions.byOrgType.find((r) => r.orgType === 'community');
    expect(community?.accepted.suppressed).toBe('primary');
    expect(community?.contributions.value).toBe(30);
    expect(community?.answered.value).toBeNull();
    expect(v(g.contributions.byOrgType.find((r) => r.orgType === 'government')?.contributions ?? { value: -1 })).toBeNull();
  });

  it('publishes no figure at or below the threshold, and no rate beside a hidden count (generated representation counts)', () => {
    const dims = fc.record({
      dimension: fc.constantFrom('contributions', 'participants'),
      org_type: fc.constantFrom('cso', 'community', 'government', 'individual'),
      women_led: fc.boolean(),
      status: fc.constantFrom('accepted', 'not_accepted', 'unanswered', 'out_of_scope', 'female', 'male', 'other'),
      n: fc.integer({ min: 1, max: 30 }),
    });
    fc.assert(
      fc.property(fc.array(dims, { maxLength: 25 }), fc.integer({ min: 1, max: 8 }), (rows, threshold) => {
        const g = figuresFrom(rows, { threshold, roundTo: 1 });
        const counts = [
          g.contributions.total,
          ...Object.values(g.contributions.byAnswer),
          ...g.contributions.byOrgType.flatMap((r) => [r.contributions, r.answered, r.accepted]),
          ...[g.contributions.womenLed, g.contributions.others].flatMap((s) => [s.contributions, s.answered, s.accepted]),
          g.participants.total,
          g.participants.fromWomenLed,
          ...g.participants.bySex.map((r) => r.n),
          ...g.participants.byOrgType.map((r) => r.n),
        ];
        for (const c of counts) if (c.value !== null) expect(c.value).toBeGreaterThan(threshold);
        for (const s of [g.contributions.womenLed, g.contributions.others])
          if (s.answered.value === null || s.accepted.value === null) expect(s.acceptanceRate.value).toBeNull();
      }),
      { numRuns: 200 },
    );
  });

  it('exports everything to the coordinators as CSV (formula-safe) and JSON, and audits it', async () => {
    const csv = await coordinator.get(`/api/plans/${f.plan}/exports/contributions.csv`);
    expect(csv.statusCode).toBe(200);
    expect(csv.headers['content-type']).toMatch(/^text\/csv/);
    expect(csv.body).toContain('UNANSWERED-MARKER');
    expect(csv.body.split('\r\n')[0]).toContain('women_led');
    // The cell starting with = is prefixed so that a spreadsheet shows it as text.
    expect(csv.body).toContain(`"'=HYPERLINK(""http://example.org"",""x"")"`);
    expect(csv.body).not.toMatch(/(^|,)"?=HYPERLINK/m);
    const json = await coordinator.get(`/api/plans/${f.plan}/exports/contributions.json`);
    expect(json.json().contributions).toHaveLength(7);
    const commitments = await coordinator.get(`/api/plans/${f.plan}/exports/commitments.json`);
    const one = commitments.json().commitments.find((c: { reference: string }) => c.reference === 'T-1');
    expect(one).toMatchObject({ selfAssessed: 'limited', independent: 'substantial', disagreement: true, budget: { amount: 1000.5, currency: 'EUR' } });
    expect(one.milestones).toHaveLength(1);
    const commitmentsCsv = await coordinator.get(`/api/plans/${f.plan}/exports/commitments.csv`);
    expect(commitmentsCsv.body.split('\r\n').filter(Boolean)).toHaveLength(3);
    expect((await contributor.get(`/api/plans/${f.plan}/exports/contributions.csv`)).statusCode).toBe(403);
    expect((await coordinator.get(`/api/plans/${f.plan}/exports/contributions.xlsx`)).statusCode).toBe(400);
    const audited = await t.db.system((tx) => tx.selectFrom('audit_events').select('action').where('action', '=', 'plan.export').execute());
    expect(audited.length).toBeGreaterThanOrEqual(4);
  });

  it('writes the report as a PDF in each language, in the background, for the person who asked only', async () => {
    for (const lang of ['en', 'ru', 'ar']) {
      const asked = await coordinator.post(`/api/plans/${f.plan}/report/pdf?lang=${lang}`);
      expect(asked.statusCode).toBe(202);
      const doc = asked.json() as { id: string; status: string; progress: number };
      expect(doc).toMatchObject({ status: 'queued', progress: 0 });
      // Not made on the request: nothing to download yet.
      expect((await coordinator.get(`/api/documents/${doc.id}/file`)).statusCode).toBe(409);
      expect(await t.runJobs()).toBeGreaterThan(0);
      expect((await coordinator.get(`/api/documents/${doc.id}`)).json()).toMatchObject({ status: 'ready', progress: 100, filename: `plan-response-report-${lang}.pdf` });
      const res = await coordinator.get(`/api/documents/${doc.id}/file`);
      expect(res.statusCode).toBe(200);
      expect(res.headers['content-type']).toBe('application/pdf');
      expect(res.headers['cache-control']).toBe('no-store');
      const text = pdfText(res.rawPayload);
      expect(text).toContain('Named contribution one');
      expect(text).toContain('UNANSWERED');
      // Another reader of the plan does not get the coordinator's document.
      expect((await contributor.get(`/api/documents/${doc.id}`)).statusCode).toBe(404);
      expect((await contributor.get(`/api/documents/${doc.id}/file`)).statusCode).toBe(404);
      expect((await t.client().get(`/api/documents/${doc.id}/file`)).statusCode).toBe(404);
    }
    expect((await coordinator.post(`/api/plans/${f.plan}/report/pdf?lang=de`)).statusCode).toBe(400);
  });

  it("builds a reader's document with what the reader may see when it is built", async () => {
    // A contributor's report leaves out other organisations' unanswered contributions.
    const asked = (await contributor.post(`/api/plans/${f.plan}/report/pdf?lang=en`)).json() as { id: string };
    await t.runJobs();
    const text = pdfText((await contributor.get(`/api/documents/${asked.id}/file`)).rawPayload);
    expect(text).toContain('Named contribution one');
    expect(text).not.toContain('UNANSWERED-MARKER');
  });
});
