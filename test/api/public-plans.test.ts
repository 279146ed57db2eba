// Published plans without sign-in: an unpublished plan does not exist on any public endpoint,
// and nothing private of a published one (unanswered contributions, names of anonymous and
// individual contributors, people's names and addresses, meeting registers, anything of other
// plans) appears in any public response — JSON, CSV or PDF text — even when the request comes
// from a coordinator who may see more.
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import type { PublicCommitmentView, PublicPlanView } from '../../src/modules/planning/public-schema.ts';
import type { ReportView } from '../../src/modules/planning/report-schema.ts';
import { backends } from '../support/databases.ts';
import { createTestApp, type TestApp } from '../support/app.ts';
import type { TestClient } from '../support/client.ts';
import { pdfText } from '../support/pdf-text.ts';
import { PRIVATE_MARKERS, seedReportFixture, type ReportFixture } from '../support/plan-report-fixture.ts';

/**
 * Whether a cache (shared or the browser's) may hand out a stored copy of this response without
 * asking the server first: then it could keep serving a plan after it was withdrawn.
 */
function reusableWithoutAsking(cacheControl: string | undefined): boolean {
  const directives = new Map(
    (cacheControl ?? '')
      .split(',')
      .map((d) => d.trim().toLowerCase())
      .filter(Boolean)
      .map((d) => [d.split('=')[0]!, d.split('=')[1] ?? ''] as const),
  );
  if (directives.has('no-store') || directives.has('no-cache')) return false;
  if (directives.has('stale-while-revalidate') || directives.has('stale-if-error')) return true;
  const freshFor = ['s-maxage', 'max-age'].filter((d) => directives.has(d)).map((d) => Number(directives.get(d)));
  // Without an explicit lifetime a cache may guess one (heuristic freshness).
  if (freshFor.length === 0 || freshFor.some((seconds) => !(seconds <= 0))) return true;
  return !directives.has('must-revalidate') && !directives.has('proxy-revalidate');
}

const PUBLIC_PATHS = (planId: string, commitmentId: string) => [
  `/api/public/plans/${planId}`,
  `/api/public/plans/${planId}/commitments/${commitmentId}`,
  `/api/public/plans/${planId}/report`,
  `/api/public/plans/${planId}/report.pdf?lang=en`,
  `/api/public/plans/${planId}/report.pdf?lang=ar`,
  `/api/public/plans/${planId}/figures`,
  `/api/public/plans/${planId}/exports/contributions.csv`,
  `/api/public/plans/${planId}/exports/contributions.json`,
  `/api/public/plans/${planId}/exports/commitments.csv`,
  `/api/public/plans/${planId}/exports/commitments.json`,
];

describe.each(backends)('public pages of published plans on %s', (backend) => {
  let t: TestApp;
  let nobody: TestClient;
  let coordinator: TestClient;
  let f: ReportFixture;
  beforeAll(async () => {
    t = await createTestApp(backend);
    f = await seedReportFixture(t);
    nobody = t.client();
    coordinator = await t.signIn('plan-coordinator@tandem.example');
  });
  afterAll(() => t?.close());

  /** A public report PDF is made in the background: asked for (202), made, then sent. */
  const get = async (client: TestClient, path: string, options?: Parameters<TestClient['get']>[1]) => {
    const res = await client.get(path, options);
    if (res.statusCode !== 202) return res;
    expect(res.json()).toMatchObject({ kind: 'public_plan_report' });
    await t.runJobs();
    return client.get(path, options);
  };

  const text = (res: { headers: Record<string, unknown>; body: string; rawPayload: Buffer }) =>
    String(res.headers['content-type']).startsWith('application/pdf') ? pdfText(res.rawPayload) : res.body;

  it('makes the report PDF again only when what it shows changes', async () => {
    const path = `/api/public/plans/${f.plan}/report.pdf?lang=ru`;
    const first = await get(nobody, path);
    const again = await get(nobody, path);
    expect(first.statusCode).toBe(200);
    expect(again.rawPayload.equals(first.rawPayload)).toBe(true);
    const answered = await t.db.system((tx) => tx.selectFrom('contributions').select('id').where('plan_id', '=', f.plan).where('response_status', 'is not', null).executeTakeFirstOrThrow());
    await t.db.system((tx) => tx.updateTable('contributions').set({ response_reasons: 'Reasons rewritten after a second reading.' }).where('id', '=', answered.id).execute());
    const changed = await get(nobody, path);
    expect(changed.rawPayload.equals(first.rawPayload)).toBe(false);
    expect(pdfText(changed.rawPayload)).toContain('Reasons rewritten after a second reading.');
  });

  it('lists published plans only', async () => {
    const res = await nobody.get('/api/public/plans');
    expect(res.statusCode).toBe(200);
    const ids = res.json().plans.map((p: { id: string }) => p.id);
    expect(ids).toContain(f.plan);
    expect(ids).not.toContain(f.unpublished);
  });

  it('answers 404 for an unpublished plan on every public endpoint, signed in or not', async () => {
    const commitment = (await t.db.system((tx) => tx.selectFrom('commitments').select('id').where('plan_id', '=', f.unpublished).executeTakeFirstOrThrow())).id;
    for (const client of [nobody, coordinator]) {
      for (const path of [...PUBLIC_PATHS(f.unpublished, commitment), `/api/public/plans/${f.unpublished}/files/${f.files.unpublished}`]) {
        const res = await client.get(path);
        expect(res.statusCode, path).toBe(404);
        expect(res.body).not.toContain('UNPUBLISHED');
      }
    }
    // A commitment or file of another plan is not found through a published one.
    expect((await nobody.get(`/api/public/plans/${f.plan}/commitments/${commitment}`)).statusCode).toBe(404);
    expect((await nobody.get(`/api/public/plans/${f.plan}/files/${f.files.unpublished}`)).statusCode).toBe(404);
  });

  it('never shows anything private of a published plan, in JSON, CSV or PDF', async () => {
    const people = f.users.flatMap((u) => [u.email, u.display_name]);
    const bodies: string[] = [(await nobody.get('/api/public/plans')).body];
    for (const client of [nobody, coordinator]) {
      for (const commitment of [f.commitments.m1, f.commitments.m2]) {
        for (const path of PUBLIC_PATHS(f.plan, commitment)) {
          const res = await get(client, path);
          expect(res.statusCode, path).toBe(200);
          bodies.push(text(res));
        }
      }
    }
    // The scan can fail: the coordinators' own report holds every marker of the published plan.
    const own = (await coordinator.get(`/api/plans/${f.plan}/report`)).body + (await coordinator.get(`/api/plans/${f.plan}/exports/contributions.csv`)).body;
    expect(own).toContain('UNANSWERED-MARKER');
    expect(own).toContain('SECRET-ORG-NAME');
    for (const body of bodies) {
      for (const marker of [...PRIVATE_MARKERS, ...people]) expect(body, marker).not.toContain(marker);
    }
    expect(bodies.join('\n')).toContain('Named contribution one');
  });

  it('shows answered contributions with anonymity kept, and how many await an answer', async () => {
    const r = (await nobody.get(`/api/public/plans/${f.plan}/report`)).json() as ReportView;
    expect(r.complete).toBe(false);
    expect(r.counts.total).toBe(6);
    expect(r.counts.unanswered).toBe(0);
    expect(r.awaitingAnswer).toBe(1);
    const all = r.groups.flatMap((g) => g.contributions);
    expect(all.find((c) => c.body === 'Anonymous contribution')!.contributor).toEqual({ kind: 'anonymous_organisation', orgName: null, orgType: 'cso' });
    expect(all.find((c) => c.body === 'Anonymous contribution')!.files).toEqual([]);
    expect(all.find((c) => c.body === 'Individual contribution')!.contributor).toEqual({ kind: 'individual', orgName: null, orgType: 'individual' });
    expect(all.find((c) => c.body === 'Named contribution one')!.files.map((x) => x.filename)).toEqual(['named-attachment.txt']);
    // A named contribution's file is public; an anonymous one's is not.
    expect((await nobody.get(`/api/public/plans/${f.plan}/files/${f.files.named}`)).statusCode).toBe(200);
    expect((await nobody.get(`/api/public/plans/${f.plan}/files/${f.files.anonymous}`)).statusCode).toBe(404);
    expect((await coordinator.get(`/api/public/plans/${f.plan}/files/${f.files.anonymous}`)).statusCode).toBe(404);
  });

  it('shows a plan with stages, current sections and commitments with both assessments', async () => {
    const p = (await nobody.get(`/api/public/plans/${f.plan}`)).json() as PublicPlanView;
    expect(p.plan).toMatchObject({ title: 'Report test plan', stage: 'consultation', ownerName: 'National Coordination Centre for Prevention' });
    expect(p.stages.map((s) => s.to)).toEqual(['drafting', 'consultation']);
    expect(p.sections.map((s) => [s.title, s.version])).toEqual([
      ['First section', 2],
      ['Second section', 2],
    ]);
    expect(p.commitments.map((c) => [c.reference, c.selfAssessed, c.independent, c.disagreement])).toEqual([
      ['T-1', 'limited', 'substantial', true],
      ['T-2', 'substantial', 'substantial', false],
    ]);
    expect(p.commitments[0]).toMatchObject({ leadName: 'Ministry of Labour and Social Protection', independentBy: "Women's Voices Network" });
    expect(p.responses).toMatchObject({ total: 7, unanswered: 1 });
  });

  it('shows a commitment in full with a timeline in date order, and its evidence', async () => {
    const res = await nobody.get(`/api/public/plans/${f.plan}/commitments/${f.commitments.m1}`);
    expect(res.statusCode).toBe(200);
    const c = (res.json() as PublicCommitmentView).commitment;
    expect(c.bodies).toEqual([{ name: 'Named Community Org D', role: 'responsible' }]);
    expect(c.progress.map((p) => p.completion)).toEqual(['limited', 'not_started']);
    expect(c.progress[0]!.milestone).toBe('Councils set up');
    expect(c.assessments).toHaveLength(1);
    expect(c.indicators).toEqual([{ name: 'Councils meeting', unit: 'councils', baseline: 0, target: 5 }]);
    const dates = c.timeline.map((e) => e.date);
    expect(dates).toEqual([...dates].sort());
    expect(c.timeline.map((e) => e.kind)).toEqual(['start', 'progress', 'progress', 'assessment', 'milestone_due', 'end']);
    expect(c.files.map((x) => x.filename)).toEqual(['evidence.txt']);
    const file = await nobody.get(`/api/public/plans/${f.plan}/files/${f.files.evidence}`);
    expect(file.statusCode).toBe(200);
    expect(file.body).toBe('hello');
    expect(file.headers['content-disposition']).toMatch(/^attachment/);
  });

  it('exports the public contributions without who is women-led per contribution', async () => {
    const csv = (await nobody.get(`/api/public/plans/${f.plan}/exports/contributions.csv`)).body;
    expect(csv.split('\r\n')[0]).not.toContain('women_led');
    expect(csv).toContain('anonymous organisation');
    expect(csv).toContain(`'=HYPERLINK`);
    const json = (await nobody.get(`/api/public/plans/${f.plan}/exports/contributions.json`)).json();
    expect(json.contributions).toHaveLength(6);
    expect(Object.keys(json.contributions[0])).not.toContain('womenLed');
  });

  it('lets no cache serve a plan after it is withdrawn from public view: the same request gets 404, never the content or 304', async () => {
    const downloads = PUBLIC_PATHS(f.plan, f.commitments.m1).filter((p) => /report\.pdf|exports/.test(p));
    const everything = [...PUBLIC_PATHS(f.plan, f.commitments.m1), `/api/public/plans/${f.plan}/files/${f.files.evidence}`];
    expect(reusableWithoutAsking('public, max-age=60')).toBe(true); // the check can fail
    const tags = new Map<string, string>();
    for (const path of everything) {
      const res = await get(nobody, path);
      expect(res.statusCode, path).toBe(200);
      expect(reusableWithoutAsking(res.headers['cache-control'] as string | undefined), `${path}: ${String(res.headers['cache-control'])}`).toBe(false);
      if (downloads.includes(path)) {
        const etag = res.headers.etag as string;
        expect(etag, path).toMatch(/^"[A-Za-z0-9_-]{43}"$/);
        tags.set(path, etag);
        // An unchanged download is confirmed without its body.
        const again = await get(nobody, path, { headers: { 'if-none-match': etag } });
        expect(again.statusCode, path).toBe(304);
        expect(again.body).toBe('');
        expect(reusableWithoutAsking(again.headers['cache-control'] as string | undefined)).toBe(false);
      }
    }
    // The report's language may come from Accept-Language: a cache keeps one copy per language.
    expect((await nobody.get(`/api/public/plans/${f.plan}/report.pdf`)).headers.vary).toMatch(/accept-language/i);
    // The documents made for the public, by their own address too.
    const made = await t.db.system((tx) => tx.selectFrom('documents').select('id').where('kind', '=', 'public_plan_report').where('status', '=', 'ready').execute());
    expect(made.length).toBeGreaterThan(0);
    for (const d of made) expect((await nobody.get(`/api/documents/${d.id}/file`)).statusCode).toBe(200);

    expect((await coordinator.post(`/api/plans/${f.plan}/publication`, { published: false })).statusCode).toBe(200);
    for (const path of everything) {
      for (const headers of [{}, { 'if-none-match': tags.get(path) ?? '"x"' }, { 'if-none-match': '*' }] as Array<Record<string, string>>) {
        const res = await nobody.get(path, { headers });
        expect(res.statusCode, `${path} ${JSON.stringify(headers)}`).toBe(404);
        expect(res.headers['content-disposition']).toBeUndefined();
        expect(res.body).not.toContain('Named contribution one');
        expect(reusableWithoutAsking(res.headers['cache-control'] as string | undefined)).toBe(false);
      }
    }
    for (const d of made) {
      expect((await nobody.get(`/api/documents/${d.id}`)).statusCode).toBe(404);
      expect((await nobody.get(`/api/documents/${d.id}/file`)).statusCode).toBe(404);
    }
    expect((await coordinator.post(`/api/plans/${f.plan}/publication`, { published: true })).statusCode).toBe(200);
    expect((await get(nobody, downloads[0]!)).statusCode).toBe(200);
  });

  it('lists on a commitment the answered contributions that point to it, named only when made under an organisation’s name', async () => {
    // A named one (c1) already points to M-1 in the fixture; add an anonymous, an individual's, an unanswered and a second named one.
    await t.db.system((tx) =>
      tx
        .insertInto('contribution_links')
        .values(['c2', 'c3', 'c4', 'c7'].map((k) => ({ contribution_id: f.contributions[k as 'c2']!, plan_id: f.plan, commitment_id: f.commitments.m1 })))
        .execute(),
    );
    for (const client of [nobody, coordinator]) {
      const c = ((await client.get(`/api/public/plans/${f.plan}/commitments/${f.commitments.m1}`)).json() as PublicCommitmentView).commitment;
      const byBody = Object.fromEntries(c.contributions.map((k) => [k.body, k]));
      expect(Object.keys(byBody).sort()).toEqual(['Anonymous contribution', 'Individual contribution', 'Named contribution one', 'Named contribution two']);
      expect(byBody['Named contribution one']).toMatchObject({ orgName: 'Named Women Org A', status: 'accepted' });
      expect(byBody['Anonymous contribution']).toMatchObject({ orgName: null, status: 'not_accepted' });
      expect(byBody['Individual contribution']).toMatchObject({ orgName: null, status: 'partly_accepted' });
      const body = JSON.stringify(c);
      for (const marker of ['UNANSWERED-MARKER', 'SECRET-ORG-NAME', 'INDIVIDUAL-ORG-NAME']) expect(body).not.toContain(marker);
    }
  });

  it('serves the demo plan publicly', async () => {
    const list = (await nobody.get('/api/public/plans')).json().plans as Array<{ id: string; title: string }>;
    const demo = list.find((p) => p.title.startsWith('National Action Plan'))!;
    expect(demo).toBeDefined();
    const r = (await nobody.get(`/api/public/plans/${demo.id}/report`)).json() as ReportView;
    expect(r.counts.total).toBeGreaterThan(0);
    expect(r.awaitingAnswer).toBeGreaterThan(0);
  });
});
