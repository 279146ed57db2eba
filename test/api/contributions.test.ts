// Contributions and their reasoned responses: the window (before and after), invited-only versus
// open to all, people in their own name where the plan allows it, what a contributor reads (their
// own and their organisation's, never others' unanswered — through the API and in SQL), answers
// with links mailed to the author in their language, and what the public reads once answered.
import { sql } from 'kysely';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { DEMO_PLAN_TITLE } from '../../src/demo/plans.ts';
import type { ContributionsView, ContributionView, LinkableView, MyContributionsView } from '../../src/modules/planning/contribution-schema.ts';
import { backends } from '../support/databases.ts';
import { createTestApp, type TestApp } from '../support/app.ts';
import type { TestClient } from '../support/client.ts';

const inDays = (n: number) => new Date(Date.now() + n * 86_400_000);

describe.each(backends)('contributions on %s', (backend) => {
  let t: TestApp;
  let planId: string;
  let localPlan: string;
  let orgs: Record<string, string>;
  let users: Record<string, string>;
  let sections: string[];
  let online: { id: string; questions: string[] };
  let k: Record<string, string>;
  let coordinator: TestClient;
  let wvn: TestClient;
  let mca: TestClient;
  let yh: TestClient;

  beforeAll(async () => {
    t = await createTestApp(backend);
    orgs = Object.fromEntries((await t.db.system((tx) => tx.selectFrom('organisations').select(['id', 'short_name']).execute())).map((o) => [o.short_name!, o.id]));
    users = Object.fromEntries((await t.db.system((tx) => tx.selectFrom('users').select(['id', 'email']).execute())).map((u) => [u.email, u.id]));
    planId = (await t.db.system((tx) => tx.selectFrom('plans').select('id').where('title', '=', DEMO_PLAN_TITLE).executeTakeFirstOrThrow())).id;
    sections = (await t.db.system((tx) => tx.selectFrom('plan_sections').select('id').where('plan_id', '=', planId).orderBy('position').execute())).map((s) => s.id);
    const demoOnline = await t.db.system((tx) => tx.selectFrom('consultations').select('id').where('plan_id', '=', planId).where('modes', '@>', sql<string[]>`ARRAY['online']`).executeTakeFirstOrThrow());
    online = {
      id: demoOnline.id,
      questions: (await t.db.system((tx) => tx.selectFrom('consultation_questions').select('id').where('consultation_id', '=', demoOnline.id).orderBy('position').execute())).map((q) => q.id),
    };
    // A second plan of the centre, in consultation but unpublished, taking organisations only,
    // with consultations upcoming, closed, and open to invited organisations (none invited).
    const fixtures = await t.db.system(async (tx) => {
      const coordinatorId = users['plan-coordinator@tandem.example']!;
      const plan = await tx
        .insertInto('plans')
        .values({ country: 'XM', title: 'Local prevention plan of the capital', period_start: '2027-01-01', period_end: '2028-12-31', owner_org_id: orgs.NCCP!, stage: 'consultation', created_by: coordinatorId })
        .returning('id')
        .executeTakeFirstOrThrow();
      const section = await tx.insertInto('plan_sections').values({ plan_id: plan.id, position: 1 }).returning('id').executeTakeFirstOrThrow();
      await tx.insertInto('plan_section_versions').values({ section_id: section.id, plan_id: plan.id, version: 1, title: 'Schools', body: 'Schools…' }).execute();
      const consultation = async (title: string, opens: number, closes: number, openTo: string) => {
        const c = await tx
          .insertInto('consultations')
          .values({ plan_id: plan.id, title, opens_at: inDays(opens), closes_at: inDays(closes), modes: ['online'], open_to: openTo, created_by: coordinatorId })
          .returning('id')
          .executeTakeFirstOrThrow();
        await tx.insertInto('consultation_sections').values({ consultation_id: c.id, section_id: section.id, plan_id: plan.id }).execute();
        return c.id;
      };
      return {
        plan: plan.id,
        section: section.id,
        upcoming: await consultation('Upcoming round', 1, 10, 'all'),
        closed: await consultation('Closed round', -10, -1, 'all'),
        invitedOnly: await consultation('Invited round', -1, 10, 'invited'),
        open: await consultation('Open round', -1, 10, 'all'),
      };
    });
    localPlan = fixtures.plan;
    k = fixtures;
    coordinator = await t.signIn('plan-coordinator@tandem.example');
    wvn = await t.signIn('contributor@tandem.example');
    mca = await t.signIn('mothers-circle@tandem.example');
    yh = await t.signIn('youth-horizons@tandem.example');
  });
  afterAll(() => t?.close());

  const count = () => t.db.system(async (tx) => (await sql<{ n: number }>`SELECT count(*)::int AS n FROM contributions`.execute(tx)).rows[0]!.n);
  const contribute = (client: TestClient, plan: string, body: Record<string, unknown>) => client.post(`/api/plans/${plan}/contributions`, { body: 'A considered contribution.', ...body });
  const asApp = <T>(email: string | null, fn: Parameters<TestApp['db']['transaction']>[1]) =>
    t.db.transaction(
      { role: 'tandem_app', requestId: 'contributions-sql', userId: email ? users[email]! : null, orgId: email === null ? null : email === 'plan-coordinator@tandem.example' ? orgs.NCCP! : email === 'contributor@tandem.example' ? orgs.WVN! : orgs.MCA! },
      fn,
    ) as Promise<T>;

  it('takes contributions only while a consultation is open, and only from those it is open to', async () => {
    const before = await count();
    expect((await contribute(wvn, localPlan, { consultationId: k.upcoming, sectionId: k.section })).statusCode).toBe(409);
    expect((await contribute(wvn, localPlan, { consultationId: k.closed, sectionId: k.section })).statusCode).toBe(409);
    const notInvited = await contribute(wvn, localPlan, { consultationId: k.invitedOnly, sectionId: k.section });
    expect(notInvited.statusCode).toBe(403);
    expect(notInvited.json().detail).toContain('invited');
    // A consultation of another plan, a section not linked, a question of another consultation.
    expect((await contribute(wvn, localPlan, { consultationId: online.id })).statusCode).toBe(422);
    expect((await contribute(wvn, localPlan, { consultationId: k.open, sectionId: sections[0] })).statusCode).toBe(422);
    expect((await contribute(wvn, localPlan, { consultationId: k.open, questionId: online.questions[0] })).statusCode).toBe(422);
    // Organisations only in this plan; the plan's coordinators do not contribute to it.
    expect((await contribute(wvn, localPlan, { consultationId: k.open, onBehalf: 'individual', attribution: 'anonymous' })).statusCode).toBe(422);
    expect((await contribute(coordinator, localPlan, { consultationId: k.open })).statusCode).toBe(403);
    expect(await count()).toBe(before);
    // The database refuses the same, whatever the service says.
    await expect(
      asApp('contributor@tandem.example', (tx) =>
        tx.insertInto('contributions').values({ plan_id: localPlan, consultation_id: k.closed!, org_id: orgs.WVN!, user_id: users['contributor@tandem.example']!, on_behalf: 'organisation', attribution: 'named', body: 'Late' }).execute(),
      ),
    ).rejects.toThrow(/not open/);
    const ok = await contribute(wvn, localPlan, { consultationId: k.open, sectionId: k.section, attribution: 'anonymous' });
    expect(ok.statusCode, ok.body).toBe(201);
    const row = await t.db.system((tx) => tx.selectFrom('contributions').selectAll().where('id', '=', ok.json().id).executeTakeFirstOrThrow());
    expect(row).toMatchObject({ org_type: 'cso', women_led: true, on_behalf: 'organisation', attribution: 'anonymous', response_status: null });
    // Once invited, the invited-only round takes the network's contribution too.
    await coordinator.post(`/api/plans/${localPlan}/consultations/${k.invitedOnly}/invitations`, { orgIds: [orgs.WVN] });
    expect((await contribute(wvn, localPlan, { consultationId: k.invitedOnly })).statusCode).toBe(201);
  });

  it('takes contributions in a person’s own name where the plan allows, always unnamed', async () => {
    expect((await contribute(yh, planId, { consultationId: online.id, onBehalf: 'individual', attribution: 'named' })).statusCode).toBe(400);
    const res = await contribute(yh, planId, { consultationId: online.id, questionId: online.questions[2], onBehalf: 'individual', attribution: 'anonymous', body: 'Young people trust peers more than officials.' });
    expect(res.statusCode, res.body).toBe(201);
    const row = await t.db.system((tx) => tx.selectFrom('contributions').select(['org_type', 'women_led', 'attribution']).where('id', '=', res.json().id).executeTakeFirstOrThrow());
    expect(row).toEqual({ org_type: 'individual', women_led: false, attribution: 'anonymous' });
    // In their own name, the organisation does not read it: only its author does.
    const yhOrg = (await yh.get(`/api/plans/${planId}/contributions`)).json() as ContributionsView;
    expect(yhOrg.contributions.find((c) => c.id === res.json().id)).toMatchObject({ onBehalf: 'individual', orgName: null, mine: true });
  });

  /** Every page of a queue, following its cursors. */
  const allPages = async (client: TestClient, url: string): Promise<ContributionsView> => {
    const first = (await client.get(url)).json() as ContributionsView;
    const contributions = [...first.contributions];
    for (let next = first.next; next !== null; ) {
      const page = (await client.get(`${url}${url.includes('?') ? '&' : '?'}after=${encodeURIComponent(next)}`)).json() as ContributionsView;
      expect(page.counts).toEqual(first.counts);
      contributions.push(...page.contributions);
      next = page.next;
    }
    return { ...first, contributions, next: null };
  };

  it('pages the queue by cursor, in order, each contribution once, with counts of them all', async () => {
    // Enough contributions for three pages.
    for (let i = 0; i < 45; i++) expect((await contribute(wvn, planId, { consultationId: online.id, body: `Paging contribution ${i}` })).statusCode).toBe(201);
    const first = (await coordinator.get(`/api/plans/${planId}/contributions`)).json() as ContributionsView;
    expect(first.contributions).toHaveLength(20);
    expect(first.next).not.toBeNull();
    const all = await allPages(coordinator, `/api/plans/${planId}/contributions`);
    expect(all.contributions).toHaveLength(all.counts.total);
    expect(new Set(all.contributions.map((c) => c.id)).size).toBe(all.counts.total);
    const total = await t.db.system(async (tx) => (await tx.selectFrom('contributions').select('id').where('plan_id', '=', planId).execute()).length);
    expect(all.counts.total).toBe(total);
    // Awaiting first (none yet, then under consideration), then answered; oldest first within each.
    const rank = (c: ContributionView) => (c.response === null ? 0 : c.response.status === 'under_consideration' ? 1 : 2);
    for (let i = 1; i < all.contributions.length; i++) {
      const [a, b] = [all.contributions[i - 1]!, all.contributions[i]!];
      expect(rank(a) < rank(b) || (rank(a) === rank(b) && a.submittedAt <= b.submittedAt)).toBe(true);
    }
    // A cursor that is not one of ours is refused.
    for (const bad of ['nonsense', Buffer.from('[7,"2026-01-01T00:00:00Z","x"]').toString('base64url'), 'x'.repeat(300)]) {
      expect((await coordinator.get(`/api/plans/${planId}/contributions?after=${bad}`)).statusCode).toBe(400);
    }
  });

  it('shows a contributor only their own and their organisation’s contributions', async () => {
    const all = await allPages(coordinator, `/api/plans/${planId}/contributions`);
    expect(all.can.answer).toBe(true);
    // Unanswered first.
    const firstAnswered = all.contributions.findIndex((c) => c.response !== null);
    expect(all.contributions.slice(firstAnswered).every((c) => c.response !== null)).toBe(true);
    expect(all.counts.unanswered).toBeGreaterThan(0);
    const theirs = await allPages(wvn, `/api/plans/${planId}/contributions`);
    expect(theirs.can.answer).toBe(false);
    expect(theirs.contributions.length).toBeGreaterThan(0);
    expect(theirs.contributions.every((c) => c.orgName === "Women's Voices Network")).toBe(true);
    expect(theirs.contributions.length).toBeLessThan(all.contributions.length);
    // Filters: unanswered, by consultation.
    const unanswered = await allPages(coordinator, `/api/plans/${planId}/contributions?status=unanswered`);
    expect(unanswered.contributions.every((c) => c.response === null)).toBe(true);
    expect(unanswered.contributions.length).toBeLessThanOrEqual(all.counts.unanswered);
    // Awaiting an answer: none yet, or only under consideration — what the count says.
    const awaiting = await allPages(coordinator, `/api/plans/${planId}/contributions?status=awaiting`);
    expect(awaiting.contributions.every((c) => c.response === null || c.response.status === 'under_consideration')).toBe(true);
    expect(awaiting.contributions.length).toBe(all.counts.unanswered);
    expect(awaiting.contributions.length).toBeGreaterThan(unanswered.contributions.length);
    const accepted = await allPages(coordinator, `/api/plans/${planId}/contributions?status=accepted&consultationId=${online.id}`);
    expect(accepted.contributions.every((c) => c.response?.status === 'accepted' && c.consultation.id === online.id)).toBe(true);
    expect((await coordinator.get(`/api/plans/${planId}/contributions?status=nonsense`)).statusCode).toBe(400);
    expect((await (await t.signIn('caseworker@tandem.example')).get(`/api/plans/${planId}/contributions`)).statusCode).toBe(403);
    // In SQL, as the network: its own, plus others' only once answered in this published plan.
    const seen = await asApp<Array<{ org_id: string; response_status: string | null }>>('contributor@tandem.example', (tx) =>
      tx.selectFrom('contributions').select(['org_id', 'response_status']).where('plan_id', '=', planId).execute(),
    );
    expect(seen.filter((c) => c.org_id !== orgs.WVN).every((c) => c.response_status !== null)).toBe(true);
    expect(seen.some((c) => c.org_id !== orgs.WVN)).toBe(true);
    // And nothing of the unpublished plan but its own.
    const local = await asApp<Array<{ org_id: string }>>('mothers-circle@tandem.example', (tx) => tx.selectFrom('contributions').select('org_id').where('plan_id', '=', localPlan).execute());
    expect(local).toEqual([]);
  });

  it('answers with reasons and links, mails the author each time, and publishes what is answered', async () => {
    const made = await contribute(mca, planId, { consultationId: online.id, sectionId: sections[2], body: 'Mothers need childcare to attend support groups.' });
    expect(made.statusCode).toBe(201);
    const id = made.json().id as string;
    const links = (await coordinator.get(`/api/plans/${planId}/linkable`)).json() as LinkableView;
    expect(links.sections).toHaveLength(4);
    expect(links.commitments.map((c) => c.reference)).toEqual(['XM-1', 'XM-2', 'XM-3']);
    expect((await wvn.get(`/api/plans/${planId}/linkable`)).statusCode).toBe(403);
    const url = `/api/plans/${planId}/contributions/${id}/response`;
    const xm2 = links.commitments[1]!.id;
    const mails = () => t.db.system(async (tx) => (await sql<{ to_email: string; subject: string; body_text: string }>`SELECT to_email, subject, body_text FROM mail_outbox WHERE kind = 'contribution_answered' ORDER BY created_at`.execute(tx)).rows);
    // Before an answer, nobody outside reads it (in SQL, signed out).
    const publicBefore = await asApp<unknown[]>(null, (tx) => tx.selectFrom('contributions').select('id').where('id', '=', id).execute());
    expect(publicBefore).toEqual([]);
    expect((await wvn.put(url, { status: 'accepted', reasons: 'Not theirs to answer.' })).statusCode).toBe(403);
    expect((await coordinator.put(url, { status: 'accepted', reasons: 'Too short' })).statusCode).toBe(400);
    // No answer by default: reasons for a rejection without a chosen status are refused, not published as accepted.
    expect((await coordinator.put(url, { reasons: 'We cannot fund childcare this year.' })).statusCode).toBe(400);
    expect((await coordinator.put(url, { status: '', reasons: 'We cannot fund childcare this year.' })).statusCode).toBe(400);
    expect((await coordinator.put(url, { status: 'accepted', reasons: 'Linked to a stranger.', commitmentIds: [k.section] })).statusCode).toBe(422);
    expect((await coordinator.put(`/api/plans/${localPlan}/contributions/${id}/response`, { status: 'accepted', reasons: 'Wrong plan entirely.' })).statusCode).toBe(404);
    expect(await mails()).toHaveLength(0);
    expect((await coordinator.put(url, { status: 'under_consideration', reasons: 'We are costing childcare with the ministry.' })).statusCode).toBe(204);
    const answered = await coordinator.put(url, { status: 'partly_accepted', reasons: 'Childcare is added where groups meet in the capital.', sectionIds: [sections[2]], commitmentIds: [xm2] });
    expect(answered.statusCode, answered.body).toBe(204);
    const sent = await mails();
    expect(sent.map((m) => m.to_email)).toEqual(['mothers-circle@tandem.example', 'mothers-circle@tandem.example']);
    expect(sent[1]!.subject).toContain('ответ'); // Zarina reads Russian
    expect(sent[1]!.body_text).toContain('принято частично');
    expect(sent[1]!.body_text).toContain('/plans/mine');
    expect(sent[1]!.body_text).not.toContain('childcare');
    // The author follows what became of it.
    const mine = (await mca.get('/api/contributions/mine')).json() as MyContributionsView;
    const followed = mine.contributions.find((c) => c.id === id)!;
    expect(followed.planTitle).toBe(DEMO_PLAN_TITLE);
    expect(followed.response).toMatchObject({ status: 'partly_accepted', sections: [{ id: sections[2] }], commitments: [{ reference: 'XM-2' }] });
    expect(mine.contributions.every((c) => c.orgName === "Mothers' Circle Association" || c.mine)).toBe(true);
    expect((await coordinator.get('/api/contributions/mine')).statusCode).toBe(403);
    // Answered in a published plan: the public reads it now, with its links.
    const publicAfter = await asApp<Array<{ id: string }>>(null, (tx) => tx.selectFrom('contributions').select('id').where('id', '=', id).execute());
    expect(publicAfter).toHaveLength(1);
    const publicLinks = await asApp<unknown[]>(null, (tx) => tx.selectFrom('contribution_links').select('id').where('contribution_id', '=', id).execute());
    expect(publicLinks).toHaveLength(2);
    const audited = await t.db.system(async (tx) => (await sql<{ n: number }>`SELECT count(*)::int AS n FROM audit_events WHERE action = 'plan.contribution.answer' AND subject_id = ${id}`.execute(tx)).rows[0]!.n);
    expect(audited).toBe(2);
  });

  it('never shows the public an unanswered contribution, even in a published plan', async () => {
    const rows = await asApp<Array<{ response_status: string | null }>>(null, (tx) => tx.selectFrom('contributions').select('response_status').execute());
    expect(rows.length).toBeGreaterThan(0);
    expect(rows.every((r) => r.response_status !== null)).toBe(true);
  });
});
