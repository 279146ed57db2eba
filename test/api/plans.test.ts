// Plans, their stages and sections: who creates, reads and writes them (the owning body's
// coordinators; contributors of the country once out of drafting; nobody abroad; everyone once
// published, also in SQL under the application role), dated stage changes in order, the
// adoption rule, section versions that never overwrite, and the word diff between versions.
import { sql } from 'kysely';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import type { Tx } from '../../src/db.ts';
import { createAccount } from '../../src/modules/identity/setup.ts';
import type { PlanList, PlanView, SectionDiff, SectionsView, SectionView } from '../../src/modules/planning/plan-schema.ts';
import { createTestApp, type TestApp } from '../support/app.ts';
import type { TestClient } from '../support/client.ts';
import { backends } from '../support/databases.ts';
import { DEMO_PASSWORD } from '../support/test-config.ts';

const day = (n: number) => new Date(Date.now() + n * 86_400_000).toISOString().slice(0, 10);
const newPlan = (title: string) => ({ title, summary: 'How the country prevents violent extremism, with civil society.', periodStart: '2026-01-01', periodEnd: '2029-12-31' });

describe.each(backends)('plans, stages and sections on %s', (backend) => {
  let t: TestApp;
  let coordinator: TestClient;
  let contributor: TestClient;
  let abroad: TestClient;
  let caseworker: TestClient;
  let nccp: string;
  beforeAll(async () => {
    t = await createTestApp(backend);
    coordinator = await t.signIn('plan-coordinator@tandem.example');
    contributor = await t.signIn('contributor@tandem.example');
    caseworker = await t.signIn('caseworker@tandem.example');
    nccp = (await t.db.system((tx) => tx.selectFrom('organisations').select('id').where('short_name', '=', 'NCCP').executeTakeFirstOrThrow())).id;
    // A civil society organisation of another country, with a contributor of its own.
    await t.db.system(async (tx) => {
      await tx.insertInto('jurisdictions').values({ code: 'YT', names: JSON.stringify({ en: 'Elsewhere' }) }).execute();
      const org = await tx.insertInto('organisations').values({ name: 'Elsewhere Civic Forum', type: 'cso', country: 'YT', visibility: 'public' }).returning('id').executeTakeFirstOrThrow();
      await createAccount(tx, { email: 'abroad@example.org', displayName: 'Someone Abroad', password: DEMO_PASSWORD, orgId: org.id, roles: ['contributor'] });
    });
    abroad = await t.signIn('abroad@example.org');
  });
  afterAll(() => t?.close());

  const create = async (title: string) => {
    const res = await coordinator.post('/api/plans', newPlan(title));
    expect(res.statusCode, res.body).toBe(201);
    return res.json().id as string;
  };
  const view = async (client: TestClient, id: string) => (await client.get(`/api/plans/${id}`)).json() as PlanView;
  const move = (id: string, stage: string, reason?: string) => coordinator.post(`/api/plans/${id}/stage`, reason ? { stage, reason } : { stage });
  const listed = async (client: TestClient) => ((await client.get('/api/plans')).json() as PlanList).plans.map((p) => p.id);

  it('creates a plan in drafting, owned by the coordinator’s body in its country, with the first stage row', async () => {
    const id = await create('National Action Plan on PVE 2026–2029');
    const plan = await view(coordinator, id);
    expect(plan).toMatchObject({ title: 'National Action Plan on PVE 2026–2029', country: 'XM', stage: 'drafting', publishedAt: null, ownerOrg: { id: nccp }, allowsIndividuals: false });
    expect(plan.stages).toEqual([expect.objectContaining({ fromStage: null, toStage: 'drafting', changedBy: 'Arman Zhakupov', reason: null })]);
    expect(plan.can).toEqual({ edit: true, changeStage: true, publish: true });
    expect(plan.nextStages).toEqual(['consultation']);
    const list = (await coordinator.get('/api/plans')).json() as PlanList;
    expect(list.can.create).toBe(true);
    expect(list.plans.find((p) => p.id === id)).toMatchObject({ stage: 'drafting', unanswered: 0, published: false, ownerOrg: { id: nccp } });
    // An unknown country, or a period ending before it starts, is refused and nothing is written.
    const before = await t.db.system(async (tx) => (await sql<{ n: number }>`SELECT count(*)::int AS n FROM plans`.execute(tx)).rows[0]!.n);
    expect((await coordinator.post('/api/plans', { ...newPlan('Nowhere plan'), country: 'QQ' })).statusCode).toBe(400);
    expect((await coordinator.post('/api/plans', { ...newPlan('Backwards plan'), periodEnd: '2025-01-01' })).statusCode).toBe(400);
    const after = await t.db.system(async (tx) => (await sql<{ n: number }>`SELECT count(*)::int AS n FROM plans`.execute(tx)).rows[0]!.n);
    expect(after).toBe(before);
    const audited = await t.db.system(async (tx) => (await sql<{ action: string }>`SELECT action FROM audit_events WHERE subject_id = ${id}`.execute(tx)).rows.map((r) => r.action));
    expect(audited).toContain('plan.create');
  });

  it('hides a drafting plan from contributors and from other countries, and shows it once in consultation', async () => {
    const id = await create('Plan hidden while drafted');
    expect(await listed(contributor)).not.toContain(id);
    expect((await contributor.get(`/api/plans/${id}`)).statusCode).toBe(404);
    expect((await contributor.get(`/api/plans/${id}/sections`)).statusCode).toBe(404);
    expect((await move(id, 'consultation')).statusCode).toBe(204);
    expect(await listed(contributor)).toContain(id);
    const seen = await view(contributor, id);
    expect(seen.can).toEqual({ edit: false, changeStage: false, publish: false });
    expect(seen.nextStages).toEqual([]);
    expect(((await contributor.get('/api/plans')).json() as PlanList).plans.find((p) => p.id === id)!.unanswered).toBeNull();
    // Not the contributor's to write: refused, as the plan itself is readable.
    expect((await contributor.patch(`/api/plans/${id}`, { title: 'Taken over' })).statusCode).toBe(403);
    expect((await contributor.post(`/api/plans/${id}/stage`, { stage: 'adopted' })).statusCode).toBe(403);
    expect((await contributor.post(`/api/plans/${id}/sections`, { title: 'Mine', body: 'x' })).statusCode).toBe(403);
    // Abroad, it does not exist; for a role outside planning, the list itself is refused.
    expect(await listed(abroad)).not.toContain(id);
    expect((await abroad.get(`/api/plans/${id}`)).statusCode).toBe(404);
    expect((await caseworker.get('/api/plans')).statusCode).toBe(403);
    expect((await caseworker.get(`/api/plans/${id}`)).statusCode).toBe(403);
    // Published, it is readable abroad too.
    expect((await coordinator.post(`/api/plans/${id}/publication`, { published: true })).statusCode).toBe(200);
    expect((await abroad.get(`/api/plans/${id}`)).statusCode).toBe(200);
  });

  it('keeps stage changes dated and in order, back only with a reason, never skipping', async () => {
    const id = await create('Plan moved through its stages');
    expect((await move(id, 'adopted')).statusCode).toBe(409); // no skipping
    expect((await move(id, 'drafting')).statusCode).toBe(409); // not to where it is
    expect((await move(id, 'consultation')).statusCode).toBe(204);
    expect((await move(id, 'drafting')).statusCode).toBe(400); // back needs a reason
    expect((await move(id, 'drafting', 'short')).statusCode).toBe(400);
    expect((await move(id, 'drafting', 'Section 3 needs another round with the ministries.')).statusCode).toBe(204);
    for (const stage of ['consultation', 'adopted', 'implementation', 'evaluation']) expect((await move(id, stage)).statusCode).toBe(204);
    expect((await move(id, 'evaluation')).statusCode).toBe(409);
    const plan = await view(coordinator, id);
    expect(plan.stage).toBe('evaluation');
    expect(plan.nextStages).toEqual(['implementation']);
    expect(plan.stages.map((s) => [s.fromStage, s.toStage])).toEqual([
      [null, 'drafting'],
      ['drafting', 'consultation'],
      ['consultation', 'drafting'],
      ['drafting', 'consultation'],
      ['consultation', 'adopted'],
      ['adopted', 'implementation'],
      ['implementation', 'evaluation'],
    ]);
    expect(plan.stages[2]!.reason).toBe('Section 3 needs another round with the ministries.');
    const times = plan.stages.map((s) => Date.parse(s.changedAt));
    expect([...times].sort((a, b) => a - b)).toEqual(times);
    expect(new Set(times).size).toBe(times.length);
  });

  it('refuses adoption while a contribution is unanswered, unless the coordinator records why', async () => {
    const id = await create('Plan with an unanswered contribution');
    expect((await move(id, 'consultation')).statusCode).toBe(204);
    await t.db.system(async (tx) => {
      const k = await tx
        .insertInto('consultations')
        .values({ plan_id: id, title: 'Open consultation', opens_at: new Date(Date.now() - 86_400_000), closes_at: new Date(Date.now() + 86_400_000), modes: ['online'], open_to: 'all' })
        .returning('id')
        .executeTakeFirstOrThrow();
      const author = await tx.selectFrom('users').innerJoin('memberships', 'memberships.user_id', 'users.id').select(['users.id', 'memberships.org_id']).where('users.email', '=', 'contributor@tandem.example').executeTakeFirstOrThrow();
      await tx.insertInto('contributions').values({ plan_id: id, consultation_id: k.id, org_id: author.org_id, user_id: author.id, on_behalf: 'organisation', attribution: 'named', body: 'Please fund women-led groups in the regions.' }).execute();
    });
    expect((await view(coordinator, id)).counts).toMatchObject({ consultations: 1, contributions: 1, unanswered: 1 });
    expect(((await coordinator.get('/api/plans')).json() as PlanList).plans.find((p) => p.id === id)!.unanswered).toBe(1);
    const refused = await move(id, 'adopted');
    expect(refused.statusCode).toBe(409);
    expect(refused.json().detail).toMatch(/^1 contribution/);
    expect((await view(coordinator, id)).stage).toBe('consultation');
    const reason = 'The law sets the adoption date; the last answer follows within a week.';
    expect((await move(id, 'adopted', reason)).statusCode).toBe(204);
    const plan = await view(coordinator, id);
    expect(plan.stage).toBe('adopted');
    expect(plan.stages.at(-1)).toMatchObject({ fromStage: 'consultation', toStage: 'adopted', reason, unanswered: 1 });
  });

  it('adopts without a reason when every contribution is answered', async () => {
    const id = await create('Plan fully answered');
    expect((await move(id, 'consultation')).statusCode).toBe(204);
    expect((await move(id, 'adopted')).statusCode).toBe(204);
    expect((await view(coordinator, id)).stages.at(-1)).toMatchObject({ toStage: 'adopted', reason: null, unanswered: 0 });
  });

  it('edits a plan’s facts and publishes and withdraws it, audited', async () => {
    const id = await create('Plan to be edited');
    expect((await coordinator.patch(`/api/plans/${id}`, { title: 'Plan, edited', allowsIndividuals: true, summary: null })).statusCode).toBe(204);
    expect((await coordinator.patch(`/api/plans/${id}`, { periodEnd: '2025-06-30' })).statusCode).toBe(400);
    expect(await view(coordinator, id)).toMatchObject({ title: 'Plan, edited', allowsIndividuals: true, summary: null, periodEnd: '2029-12-31' });
    const published = (await coordinator.post(`/api/plans/${id}/publication`, { published: true })).json().publishedAt as string;
    expect(Date.parse(published)).toBeGreaterThan(Date.now() - 60_000);
    // Publishing again keeps the date.
    expect((await coordinator.post(`/api/plans/${id}/publication`, { published: true })).json().publishedAt).toBe(published);
    expect((await view(coordinator, id)).publishedAt).toBe(published);
    expect((await coordinator.post(`/api/plans/${id}/publication`, { published: false })).json().publishedAt).toBeNull();
    const audited = await t.db.system(async (tx) => (await sql<{ action: string }>`SELECT action FROM audit_events WHERE subject_id = ${id} ORDER BY id`.execute(tx)).rows.map((r) => r.action));
    expect(audited).toEqual(['plan.create', 'plan.update', 'plan.publish', 'plan.publish', 'plan.unpublish']);
  });

  it('keeps every version of a section, numbered, never overwritten, and compares any two', async () => {
    const id = await create('Plan with sections');
    const first = await coordinator.post(`/api/plans/${id}/sections`, { title: 'Prevention in schools', body: 'Teachers receive training on early signs.' });
    expect(first.statusCode).toBe(201);
    const second = await coordinator.post(`/api/plans/${id}/sections`, { title: 'Reintegration', body: 'Returnees receive support.' });
    const intro = await coordinator.post(`/api/plans/${id}/sections`, { title: 'Introduction', body: 'Why this plan.', position: 1 });
    const sectionId = first.json().id as string;
    const url = `/api/plans/${id}/sections/${sectionId}`;
    expect((await coordinator.post(`${url}/versions`, { title: 'Prevention in schools', body: 'Teachers and school psychologists receive training on early signs.', note: 'Psychologists added after the meeting' })).json()).toEqual({ version: 2 });
    expect((await coordinator.post(`${url}/versions`, { title: 'Prevention in schools and colleges', body: 'Teachers and school psychologists receive yearly training.' })).json()).toEqual({ version: 3 });
    const section = (await coordinator.get(url)).json() as SectionView;
    expect(section.versions.map((v) => [v.version, v.note])).toEqual([[3, null], [2, 'Psychologists added after the meeting'], [1, null]]);
    expect(section.versions[2]!.body).toBe('Teachers receive training on early signs.');
    expect(section.position).toBe(2);
    const stored = await t.db.system((tx) => tx.selectFrom('plan_section_versions').select('version').where('section_id', '=', sectionId).execute());
    expect(stored.length).toBe(3);
    const list = (await coordinator.get(`/api/plans/${id}/sections`)).json() as SectionsView;
    expect(list.sections.map((s) => [s.id, s.position, s.version])).toEqual([
      [intro.json().id, 1, 1],
      [sectionId, 2, 3],
      [second.json().id, 3, 1],
    ]);
    expect(list.sections[1]!.title).toBe('Prevention in schools and colleges');
    expect((await view(coordinator, id)).sections.map((s) => s.title)).toEqual(['Introduction', 'Prevention in schools and colleges', 'Reintegration']);
    const diff = (await coordinator.get(`${url}/diff?from=1&to=2`)).json() as SectionDiff;
    expect(diff.title).toEqual([{ op: 'same', text: 'Prevention in schools' }]);
    expect(diff.body).toEqual([
      { op: 'same', text: 'Teachers ' },
      { op: 'added', text: 'and school psychologists ' },
      { op: 'same', text: 'receive training on early signs.' },
    ]);
    expect(diff.coarse).toBe(false);
    const back = (await coordinator.get(`${url}/diff?from=3&to=1`)).json() as SectionDiff;
    expect(back.body.filter((p) => p.op !== 'removed').map((p) => p.text).join('')).toBe('Teachers receive training on early signs.');
    expect((await coordinator.get(`${url}/diff?from=1&to=9`)).statusCode).toBe(404);
    expect((await coordinator.get(`${url}/diff?from=0&to=2`)).statusCode).toBe(400);
    // A section of another plan is not found under this one.
    const other = await create('Another plan');
    expect((await coordinator.get(`/api/plans/${other}/sections/${sectionId}`)).statusCode).toBe(404);
    expect((await coordinator.post(`/api/plans/${other}/sections/${sectionId}/versions`, { title: 'x', body: 'y' })).statusCode).toBe(404);
  });

  it('lets the database itself show a published plan to nobody signed in, and nothing unpublished', async () => {
    const shown = await create('Published plan');
    const hidden = await create('Unpublished plan in consultation');
    for (const id of [shown, hidden]) {
      expect((await move(id, 'consultation')).statusCode).toBe(204);
      expect((await coordinator.post(`/api/plans/${id}/sections`, { title: 'Section', body: 'Text' })).statusCode).toBe(201);
    }
    expect((await coordinator.post(`/api/plans/${shown}/publication`, { published: true })).statusCode).toBe(200);
    const asNobody = <T>(fn: (tx: Tx) => Promise<T>) => t.db.transaction({ role: 'tandem_app', requestId: 'plans-public' }, fn) as Promise<T>;
    const seen = await asNobody(async (tx) => ({
      plans: (await tx.selectFrom('plans').select('id').where('id', 'in', [shown, hidden]).execute()).map((r) => r.id),
      sections: (await tx.selectFrom('plan_section_versions').select('plan_id').where('plan_id', 'in', [shown, hidden]).execute()).map((r) => r.plan_id),
      stages: (await tx.selectFrom('plan_stage_changes').select('plan_id').where('plan_id', 'in', [shown, hidden]).execute()).map((r) => r.plan_id),
    }));
    expect(seen.plans).toEqual([shown]);
    expect(new Set(seen.sections)).toEqual(new Set([shown]));
    expect(new Set(seen.stages)).toEqual(new Set([shown]));
    // Nor may nobody write.
    await expect(asNobody((tx) => tx.insertInto('plans').values({ country: 'XM', title: 'Sneaked in', period_start: day(0), period_end: day(10), owner_org_id: nccp }).execute())).rejects.toThrow();
    // The API asks for a sign-in before anything.
    expect((await t.client().get(`/api/plans/${shown}`)).statusCode).toBe(401);
  });
});
