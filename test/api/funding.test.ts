// Funding end to end through the API, on each database: a donor officer drafts and publishes a
// call (then only extends its closing date); a women-led CSO checks its eligibility, applies with
// answers and budget lines within the ceiling, and submits before the deadline; reviewers are
// assigned, declare conflicts (the service wall: a declared or known conflict never opens the
// application nor its scoring), score per criterion; the panel decides with reasons and the
// applicant reads them. Blind review hides the applicant in the API answer itself.
import { sql } from 'kysely';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { createAccount } from '../../src/modules/identity/setup.ts';
import { createTestApp, type TestApp } from '../support/app.ts';
import type { TestClient } from '../support/client.ts';
import { backends } from '../support/databases.ts';
import { fundingAnswers, fundingBudget, fundingCall } from '../support/funding.ts';
import { DEMO_PASSWORD } from '../support/test-config.ts';

describe.each(backends)('funding on %s', (backend) => {
  let t: TestApp;
  let donor: TestClient;
  let wvn: TestClient;
  let mca: TestClient;
  let monitor: TestClient;
  let monitor2: TestClient;
  let viewer: TestClient;
  let wvnExpert: TestClient;
  let callId: string;
  let appId: string;
  const assignment: Record<string, string> = {};

  beforeAll(async () => {
    t = await createTestApp(backend);
    // A second member of the applicant, who would review it: a known tie.
    await t.db.system(async (tx) => {
      const wvnOrg = await tx.selectFrom('organisations').select('id').where('short_name', '=', 'WVN').executeTakeFirstOrThrow();
      await createAccount(tx, { email: 'wvn-expert@tandem.example', displayName: 'Aliya Expert', password: DEMO_PASSWORD, orgId: wvnOrg.id, roles: ['viewer'] });
    });
    donor = await t.signIn('donor@tandem.example');
    wvn = await t.signIn('contributor@tandem.example');
    mca = await t.signIn('mothers-circle@tandem.example');
    monitor = await t.signIn('monitor@tandem.example');
    monitor2 = await t.signIn('monitor-2@tandem.example');
    viewer = await t.signIn('viewer@tandem.example');
    wvnExpert = await t.signIn('wvn-expert@tandem.example');
  });
  afterAll(() => t?.close());

  const count = (table: 'funding_calls' | 'funding_applications' | 'funding_reviewers' | 'funding_scores') =>
    t.db.system(async (tx) => Number((await sql<{ n: string }>`SELECT count(*) AS n FROM ${sql.table(table)}`.execute(tx)).rows[0]!.n));

  it('drafts, checks and publishes a call; afterwards only its closing date moves, later', async () => {
    const before = await count('funding_calls');
    const bad = await donor.post('/api/funding/calls', fundingCall('Weights off', { criteria: [{ key: 'a', label: 'Only one', weight: 90 }] }));
    expect(bad.statusCode).toBe(400);
    expect(bad.body).toMatch(/add up to 100/);
    expect(await count('funding_calls')).toBe(before);
    expect((await wvn.post('/api/funding/calls', fundingCall('Not a donor'))).statusCode).toBe(403);

    const res = await donor.post('/api/funding/calls', fundingCall('Community protection grants'));
    expect(res.statusCode).toBe(201);
    callId = res.json().id;
    // A draft is the owner's alone.
    expect((await wvn.get(`/api/funding/calls/${callId}`)).statusCode).toBe(404);
    expect((await donor.put(`/api/funding/calls/${callId}`, fundingCall('Community protection grants 2027'))).statusCode).toBe(204);
    expect((await donor.post(`/api/funding/calls/${callId}/publish`)).statusCode).toBe(204);
    expect((await donor.put(`/api/funding/calls/${callId}`, fundingCall('Changed after publication'))).statusCode).toBe(409);
    const view = (await donor.get(`/api/funding/calls/${callId}`)).json();
    expect(view).toMatchObject({ title: 'Community protection grants 2027', status: 'published', can: { edit: false, extend: true } });
    const earlier = new Date(new Date(view.deadline).getTime() - 86_400_000).toISOString();
    expect((await donor.post(`/api/funding/calls/${callId}/deadline`, { deadline: earlier })).statusCode).toBe(400);
    const later = new Date(new Date(view.deadline).getTime() + 7 * 86_400_000).toISOString();
    expect((await donor.post(`/api/funding/calls/${callId}/deadline`, { deadline: later })).statusCode).toBe(204);
    expect((await donor.get(`/api/funding/calls/${callId}`)).json().deadline).toBe(later);
  });

  it('tells an organisation whether it may apply, with reasons', async () => {
    const mine = (await wvn.get(`/api/funding/calls/${callId}`)).json();
    expect(mine.eligibility).toEqual({ eligible: true, reasons: [], womenLedPriority: true });
    expect(mine.can.apply).toBe(true);
    const govOnly = (await donor.post('/api/funding/calls', fundingCall('For ministries abroad', { orgTypes: ['government'], countries: ['XV'] }))).json().id;
    const bad = await donor.post('/api/funding/calls', fundingCall('Unknown country', { countries: ['QQ'] }));
    expect(bad.statusCode).toBe(400);
    await donor.post(`/api/funding/calls/${govOnly}/publish`);
    const other = (await wvn.get(`/api/funding/calls/${govOnly}`)).json();
    expect(other.eligibility).toEqual({ eligible: false, reasons: ['org_type', 'country'], womenLedPriority: true });
    const before = await count('funding_applications');
    expect((await wvn.post(`/api/funding/calls/${govOnly}/applications`)).statusCode).toBe(409);
    expect(await count('funding_applications')).toBe(before);
  });

  it('keeps the budget within the ceiling and submits only a complete application', async () => {
    const res = await wvn.post(`/api/funding/calls/${callId}/applications`);
    expect(res.statusCode).toBe(201);
    appId = res.json().id;
    expect((await wvn.post(`/api/funding/calls/${callId}/applications`)).statusCode).toBe(409);
    const over = await wvn.put(`/api/funding/applications/${appId}`, { answers: fundingAnswers, budgetLines: [...fundingBudget, { label: 'Everything else', amount: 10000 }] });
    expect(over.statusCode).toBe(400);
    expect(over.json().errors ?? over.json().fields ?? over.body).toBeDefined();
    expect(over.body).toMatch(/ceiling/);
    expect((await wvn.put(`/api/funding/applications/${appId}`, { answers: { other: 'x' }, budgetLines: [] })).statusCode).toBe(400);
    // Saved without the plan and without a budget: not yet submittable.
    expect((await wvn.put(`/api/funding/applications/${appId}`, { answers: { need: fundingAnswers.need }, budgetLines: [] })).statusCode).toBe(204);
    const incomplete = await wvn.post(`/api/funding/applications/${appId}/submit`);
    expect(incomplete.statusCode).toBe(400);
    expect(incomplete.body).toMatch(/answers\.plan/);
    expect(incomplete.body).toMatch(/budgetLines/);
    // The call owner does not see a draft.
    expect((await donor.get(`/api/funding/applications/${appId}`)).statusCode).toBe(404);
    expect((await wvn.put(`/api/funding/applications/${appId}`, { answers: fundingAnswers, budgetLines: fundingBudget })).statusCode).toBe(204);
    expect((await wvn.post(`/api/funding/applications/${appId}/submit`)).statusCode).toBe(204);
    expect((await wvn.put(`/api/funding/applications/${appId}`, { answers: fundingAnswers, budgetLines: fundingBudget })).statusCode).toBe(409);
    const owner = (await donor.get(`/api/funding/applications/${appId}`)).json();
    expect(owner).toMatchObject({ role: 'owner', stage: 'submitted', budgetTotal: 10050.5, applicant: { name: "Women's Voices Network", womenLed: true } });
    // Nor does another applicant.
    expect((await mca.get(`/api/funding/applications/${appId}`)).statusCode).toBe(404);
  });

  it('refuses a submission after the deadline by the server clock', async () => {
    const { mcaOrg, mcaUser } = await t.db.system(async (tx) => {
      const o = await tx.selectFrom('organisations').select('id').where('short_name', '=', 'MCA').executeTakeFirstOrThrow();
      const u = await tx.selectFrom('users').select('id').where('email', '=', 'mothers-circle@tandem.example').executeTakeFirstOrThrow();
      return { mcaOrg: o.id, mcaUser: u.id };
    });
    const late = await t.db.system(async (tx) => {
      const donorRow = await tx.selectFrom('funding_calls').select(['owner_org_id', 'created_by']).where('id', '=', callId).executeTakeFirstOrThrow();
      const c = (await sql<{ id: string }>`INSERT INTO funding_calls (owner_org_id, title, purpose, criteria, budget_ceiling, currency, opens_on, deadline, created_by, status, published_at)
        VALUES (${donorRow.owner_org_id}, 'Closed yesterday', 'Closed call for the test', '[{"key":"relevance","label":"Relevance","weight":100}]', 5000, 'EUR', current_date - 30, now() - interval '1 day', ${donorRow.created_by}, 'published', now() - interval '20 days') RETURNING id`.execute(tx)).rows[0]!.id;
      const app = (await sql<{ id: string }>`INSERT INTO funding_applications (call_id, applicant_org_id, budget_lines, budget_total, created_by) VALUES (${c}, ${mcaOrg}, '[{"label":"Rent","amount":100}]', 100, ${mcaUser}) RETURNING id`.execute(tx)).rows[0]!.id;
      return { call: c, app };
    });
    // Read as closed, with the reason.
    expect((await mca.get(`/api/funding/calls/${late.call}`)).json()).toMatchObject({ status: 'closed', eligibility: { eligible: false, reasons: ['closed'] }, can: { apply: false } });
    const res = await mca.post(`/api/funding/applications/${late.app}/submit`);
    expect(res.statusCode).toBe(409);
    expect(res.body).toMatch(/closed/);
    const status = await t.db.system((tx) => tx.selectFrom('funding_applications').select('status').where('id', '=', late.app).executeTakeFirstOrThrow());
    expect(status.status).toBe('draft');
  });

  it('assigns reviewers and flags the known tie of a member of the applicant', async () => {
    expect((await wvn.get(`/api/funding/applications/${appId}`)).json()).toMatchObject({ stage: 'submitted' });
    for (const [who, email] of [['expert', 'wvn-expert@tandem.example'], ['monitor', 'monitor@tandem.example'], ['monitor2', 'monitor-2@tandem.example']] as const) {
      const res = await donor.post(`/api/funding/applications/${appId}/reviewers`, { email });
      expect(res.statusCode, email).toBe(201);
      assignment[who] = res.json().id;
    }
    expect((await donor.post(`/api/funding/applications/${appId}/reviewers`, { email: 'monitor@tandem.example' })).statusCode).toBe(409);
    expect((await donor.post(`/api/funding/applications/${appId}/reviewers`, { email: 'nobody@nowhere.example' })).statusCode).toBe(400);
    // Only the call owner assigns.
    expect((await monitor.post(`/api/funding/applications/${appId}/reviewers`, { email: 'viewer@tandem.example' })).statusCode).toBe(404);
    const reviews = (await donor.get(`/api/funding/applications/${appId}`)).json().reviews as Array<{ id: string; reviewerName: string; conflictFlagged: boolean }>;
    expect(Object.fromEntries(reviews.map((r) => [r.reviewerName, r.conflictFlagged]))).toEqual({ 'Aliya Expert': true, 'Besnik Krasniqi': false, 'Nadia Karimova': false });
    expect((await donor.get(`/api/funding/calls/${callId}`)).json().applications[0]).toMatchObject({ id: appId, stage: 'under_review', reviewers: 3, completeReviews: 0, meanScore: null });
    // The applicant sees that its application is under review, not who reviews it.
    const mine = (await wvn.get(`/api/funding/applications/${appId}`)).json();
    expect(mine).toMatchObject({ stage: 'under_review' });
    expect(JSON.stringify(mine)).not.toMatch(/Besnik|Nadia|Aliya Expert/);
    expect((await wvn.get(`/api/funding/calls/${callId}`)).json().myApplication).toEqual({ id: appId, stage: 'under_review' });
    // Only the database's trigger records the start of a review.
    await expect(
      t.db.transaction({ role: 'tandem_app', requestId: 'review-start', userId: null }, (tx) => sql`UPDATE funding_applications SET review_started_at = NULL WHERE id = ${appId}`.execute(tx)),
    ).rejects.toThrow(/permission denied/);
  });

  it('opens the application to a reviewer only after declaring no conflict', async () => {
    const queue = (await monitor.get('/api/funding/reviews')).json().reviews;
    expect(queue.find((r: { id: string }) => r.id === assignment.monitor)).toEqual(expect.objectContaining({ applicationId: appId, applicantName: "Women's Voices Network", declared: false, open: false }));
    // Only their own assignments.
    expect(queue.every((r: { id: string }) => r.id !== assignment.monitor2)).toBe(true);
    expect((await monitor.get(`/api/funding/applications/${appId}`)).statusCode).toBe(404);
    expect((await monitor.put(`/api/funding/reviews/${assignment.monitor}/scores`, { scores: [{ criterion: 'relevance', score: 7, comment: '' }] })).statusCode).toBe(403);
    // Someone else's assignment does not exist for them.
    expect((await monitor.post(`/api/funding/reviews/${assignment.monitor2}/declaration`, { conflict: false })).statusCode).toBe(404);
    expect((await monitor.post(`/api/funding/reviews/${assignment.monitor}/declaration`, { conflict: true })).statusCode).toBe(400);
    expect((await monitor.post(`/api/funding/reviews/${assignment.monitor}/declaration`, { conflict: false })).statusCode).toBe(204);
    expect((await monitor.post(`/api/funding/reviews/${assignment.monitor}/declaration`, { conflict: true, note: 'changed my mind' })).statusCode).toBe(409);
    const view = (await monitor.get(`/api/funding/applications/${appId}`)).json();
    expect(view).toMatchObject({ role: 'reviewer', applicant: { name: "Women's Voices Network" }, decision: null, reviews: [], can: { score: true, decide: false, assign: false } });
  });

  it('keeps a declared conflict and a known tie out of the application and its scoring', async () => {
    const scoresBefore = await count('funding_scores');
    expect((await monitor2.post(`/api/funding/reviews/${assignment.monitor2}/declaration`, { conflict: true, note: 'I advised the applicant last year.' })).statusCode).toBe(204);
    expect((await monitor2.get(`/api/funding/applications/${appId}`)).statusCode).toBe(404);
    expect((await monitor2.put(`/api/funding/reviews/${assignment.monitor2}/scores`, { scores: [{ criterion: 'relevance', score: 9, comment: '' }] })).statusCode).toBe(403);
    // The tied member declares no conflict: the flag still keeps them out, and their own organisation's side too.
    expect((await wvnExpert.post(`/api/funding/reviews/${assignment.expert}/declaration`, { conflict: false })).statusCode).toBe(204);
    expect((await wvnExpert.get(`/api/funding/applications/${appId}`)).statusCode).toBe(404);
    expect((await wvnExpert.put(`/api/funding/reviews/${assignment.expert}/scores`, { scores: [{ criterion: 'relevance', score: 10, comment: '' }] })).statusCode).toBe(403);
    expect(await count('funding_scores')).toBe(scoresBefore);
    // A declaration stays on record: the owner assigns someone else instead.
    expect((await donor.delete(`/api/funding/applications/${appId}/reviewers/${assignment.monitor2}`)).statusCode).toBe(409);
    const res = await donor.post(`/api/funding/applications/${appId}/reviewers`, { email: 'viewer@tandem.example' });
    expect(res.statusCode).toBe(201);
    assignment.viewer = res.json().id;
    const owner = (await donor.get(`/api/funding/applications/${appId}`)).json();
    expect(owner.reviews.find((r: { id: string }) => r.id === assignment.monitor2)).toMatchObject({ conflictDeclared: true, conflictNote: 'I advised the applicant last year.', canRemove: false });
  });

  it('scores per criterion, sums by the weights, and decides with reasons the applicant reads', async () => {
    expect((await donor.post(`/api/funding/applications/${appId}/decision`, { decision: 'award', reasons: 'Strong and well planned.' })).statusCode).toBe(409);
    expect((await monitor.put(`/api/funding/reviews/${assignment.monitor}/scores`, { scores: [{ criterion: 'nonsense', score: 5, comment: '' }] })).statusCode).toBe(400);
    expect((await monitor.put(`/api/funding/reviews/${assignment.monitor}/scores`, { scores: [{ criterion: 'relevance', score: 11, comment: '' }] })).statusCode).toBe(400);
    expect(
      (await monitor.put(`/api/funding/reviews/${assignment.monitor}/scores`, {
        scores: [
          { criterion: 'relevance', score: 8, comment: 'Answers a real gap for mothers of returnees.' },
          { criterion: 'capacity', score: 6, comment: 'A small team; the plan is realistic.' },
        ],
      })).statusCode,
    ).toBe(204);
    expect((await viewer.post(`/api/funding/reviews/${assignment.viewer}/declaration`, { conflict: false })).statusCode).toBe(204);
    expect(
      (await viewer.put(`/api/funding/reviews/${assignment.viewer}/scores`, {
        scores: [
          { criterion: 'relevance', score: 9, comment: 'Clear need.' },
          { criterion: 'capacity', score: 7, comment: 'Good track record.' },
        ],
      })).statusCode,
    ).toBe(204);
    const mine = (await monitor.get(`/api/funding/applications/${appId}`)).json();
    expect(mine.myReview.weightedSum).toBe(72); // 8×60/10 + 6×40/10
    const owner = (await donor.get(`/api/funding/applications/${appId}`)).json();
    expect(owner.reviews.filter((r: { weightedSum: number | null }) => r.weightedSum !== null).map((r: { weightedSum: number }) => r.weightedSum).sort()).toEqual([72, 82]);
    expect(owner.can.decide).toBe(true);
    expect((await donor.post(`/api/funding/applications/${appId}/decision`, { decision: 'award', reasons: 'short' })).statusCode).toBe(400);
    const reasons = 'Both reviewers found a clear need and a realistic plan; awarded in full.';
    expect((await donor.post(`/api/funding/applications/${appId}/decision`, { decision: 'award', reasons })).statusCode).toBe(204);
    expect((await donor.post(`/api/funding/applications/${appId}/decision`, { decision: 'decline', reasons })).statusCode).toBe(409);
    // Scores are final once decided.
    expect((await viewer.put(`/api/funding/reviews/${assignment.viewer}/scores`, { scores: [{ criterion: 'relevance', score: 1, comment: '' }] })).statusCode).toBe(409);
    const feedback = (await wvn.get(`/api/funding/applications/${appId}`)).json();
    expect(feedback).toMatchObject({ role: 'applicant', stage: 'awarded', decision: { outcome: 'awarded', reasons, score: 77 }, reviews: [], myReview: null });
    const audited = await t.db.system((tx) => tx.selectFrom('audit_events').select('action').where('subject_id', '=', appId).execute());
    expect(audited.map((a) => a.action)).toEqual(expect.arrayContaining(['funding.application.submit', 'funding.review.assign', 'funding.review.declare', 'funding.review.score', 'funding.application.award']));
  });

  it('lists publicly only the open calls their owners chose to list, for anyone', async () => {
    const listed = (await donor.post('/api/funding/calls', fundingCall('Listed for everyone', { publicListing: true }))).json().id;
    const anyone = t.client();
    const titles = async () => ((await anyone.get('/api/public/funding/calls')).json().calls as Array<{ title: string }>).map((c) => c.title);
    // A draft is not listed, nor a call published to the directory only.
    expect(await titles()).not.toContain('Listed for everyone');
    expect(await titles()).not.toContain('Community protection grants 2027');
    await donor.post(`/api/funding/calls/${listed}/publish`);
    expect(await titles()).toContain('Listed for everyone');
    // Nothing else of a call is open to anyone.
    expect((await anyone.get(`/api/funding/calls/${listed}`)).statusCode).toBe(401);
  });

  it('hides the applicant from the reviewers of a blind call, in the answer itself', async () => {
    const blind = (await donor.post('/api/funding/calls', fundingCall('Blind review call', { blindReview: true }))).json().id;
    await donor.post(`/api/funding/calls/${blind}/publish`);
    const app = (await mca.post(`/api/funding/calls/${blind}/applications`)).json().id;
    await mca.put(`/api/funding/applications/${app}`, { answers: fundingAnswers, budgetLines: fundingBudget });
    expect((await mca.post(`/api/funding/applications/${app}/submit`)).statusCode).toBe(204);
    const a = (await donor.post(`/api/funding/applications/${app}/reviewers`, { email: 'monitor@tandem.example' })).json().id;
    const queued = (await monitor.get('/api/funding/reviews')).json().reviews.find((r: { id: string }) => r.id === a);
    expect(queued.applicantName).toBeNull();
    await monitor.post(`/api/funding/reviews/${a}/declaration`, { conflict: false });
    const res = await monitor.get(`/api/funding/applications/${app}`);
    expect(res.statusCode).toBe(200);
    expect(res.json().applicant).toBeNull();
    expect(res.body).not.toContain("Mothers' Circle");
    // The owner still knows who applied.
    expect((await donor.get(`/api/funding/applications/${app}`)).json().applicant.name).toBe("Mothers' Circle Association");
  });
});
