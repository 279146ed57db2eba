// The walls of planning after the security review (migration 0032), through the API and in SQL
// under the application role: who may own a plan; the owning body's other staff do not read a
// plan in drafting; independent assessments by organisations of the plan's country and by people
// outside the bodies answering for the commitment, once a day; reporters on readable plans only,
// marking a milestone done once and never ahead; "under consideration" is not a final answer for
// the adoption rule; a contribution cannot slip in beside the adoption (PostgreSQL, two
// connections); invitations mailed only to invited organisations; SECURITY DEFINER functions
// with a fixed search path; files only from people taking part in planning.
import { sql } from 'kysely';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import type { Tx } from '../../src/db.ts';
import { DEMO_PLAN_TITLE } from '../../src/demo/plans.ts';
import { createAccount } from '../../src/modules/identity/setup.ts';
import type { CommitmentDetail } from '../../src/modules/planning/commitment-schema.ts';
import type { PlanList, PlanView } from '../../src/modules/planning/plan-schema.ts';
import { createTestApp, type TestApp } from '../support/app.ts';
import type { TestClient } from '../support/client.ts';
import { backends } from '../support/databases.ts';
import { DEMO_PASSWORD } from '../support/test-config.ts';

const inDays = (n: number) => new Date(Date.now() + n * 86_400_000).toISOString().slice(0, 10);
const newPlan = (title: string, over: Record<string, unknown> = {}) => ({ title, summary: 'Walls check.', periodStart: '2027-01-01', periodEnd: '2030-12-31', ...over });

describe.each(backends)('planning walls on %s', (backend) => {
  let t: TestApp;
  let demoPlan: string;
  let draftPlan: string;
  let draftCommitment: string;
  let draftFile: string;
  let orgs: Record<string, string>;
  let refs: Record<string, string>;
  let users: Record<string, { id: string; org: string }>;
  const c: Record<string, TestClient> = {};

  const as = <T>(email: string, fn: (tx: Tx) => Promise<T>, orgId?: string): Promise<T> =>
    t.db.transaction({ role: 'tandem_app', requestId: 'walls-sql', userId: users[email]!.id, orgId: orgId ?? users[email]!.org }, fn) as Promise<T>;
  const count = (table: string) => t.db.system(async (tx) => (await sql<{ n: number }>`SELECT count(*)::int AS n FROM ${sql.table(table)}`.execute(tx)).rows[0]!.n);

  beforeAll(async () => {
    t = await createTestApp(backend);
    orgs = Object.fromEntries((await t.db.system((tx) => tx.selectFrom('organisations').select(['id', 'short_name']).execute())).map((o) => [o.short_name!, o.id]));
    demoPlan = (await t.db.system((tx) => tx.selectFrom('plans').select('id').where('title', '=', DEMO_PLAN_TITLE).executeTakeFirstOrThrow())).id;
    refs = Object.fromEntries((await t.db.system((tx) => tx.selectFrom('commitments').select(['id', 'reference']).execute())).map((r) => [r.reference, r.id]));
    await t.db.system(async (tx) => {
      await tx.insertInto('jurisdictions').values({ code: 'YT', names: JSON.stringify({ en: 'Elsewhere' }) }).execute();
      const abroad = await tx.insertInto('organisations').values({ name: 'Elsewhere Civic Forum', type: 'cso', country: 'YT', visibility: 'public' }).returning('id').executeTakeFirstOrThrow();
      await createAccount(tx, { email: 'abroad@example.org', displayName: 'Someone Abroad', password: DEMO_PASSWORD, orgId: abroad.id, roles: ['contributor'] });
      // Staff of the owning body who take no part in planning.
      await createAccount(tx, { email: 'nccp-staff@example.org', displayName: 'Centre Staff', password: DEMO_PASSWORD, orgId: orgs.NCCP!, roles: ['viewer'] });
      // A plan coordinator of a civil society organisation: not a body that owns a plan.
      await createAccount(tx, { email: 'cso-coordinator@example.org', displayName: 'Network Coordinator', password: DEMO_PASSWORD, orgId: orgs.WVN!, roles: ['plan_coordinator'] });
      // A contributor of a network who also works at the ministry leading XM-2 and XM-3.
      const dual = await createAccount(tx, { email: 'dual@example.org', displayName: 'Two Hats', password: DEMO_PASSWORD, orgId: orgs.SIL!, roles: ['contributor'] });
      await tx.insertInto('memberships').values({ user_id: dual, org_id: orgs.MLSP!, roles: ['viewer'] }).execute();
      // A plan in drafting with a commitment led by Youth Horizons and its evidence.
      draftPlan = (await tx.insertInto('plans').values({ country: 'XM', title: 'Draft plan behind the wall', period_start: '2028-01-01', period_end: '2029-12-31', owner_org_id: orgs.NCCP! }).returning('id').executeTakeFirstOrThrow()).id;
      draftCommitment = (
        await tx
          .insertInto('commitments')
          .values({
            plan_id: draftPlan,
            reference: 'W-1',
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
          .executeTakeFirstOrThrow()
      ).id;
      const content = Buffer.from('Draft evidence\n');
      draftFile = (
        await tx
          .insertInto('plan_files')
          .values({ plan_id: draftPlan, owner_kind: 'commitment', owner_id: draftCommitment, org_id: orgs.NCCP!, filename: 'draft.txt', content_type: 'text/plain', size_bytes: content.length, sha256: '0'.repeat(64), content })
          .returning('id')
          .executeTakeFirstOrThrow()
      ).id;
    });
    const u = await t.db.system((tx) => tx.selectFrom('users').innerJoin('memberships', 'memberships.user_id', 'users.id').select(['users.email', 'users.id', 'memberships.org_id']).orderBy('memberships.created_at').execute());
    users = {};
    for (const x of u) users[x.email] ??= { id: x.id, org: x.org_id };
    users['dual@example.org']!.org = orgs.SIL!;
    for (const [key, email] of Object.entries({
      coordinator: 'plan-coordinator@tandem.example',
      wvn: 'contributor@tandem.example',
      yh: 'youth-horizons@tandem.example',
      staff: 'nccp-staff@example.org',
      csoCoordinator: 'cso-coordinator@example.org',
      abroad: 'abroad@example.org',
      dual: 'dual@example.org',
    })) {
      c[key] = await t.signIn(email);
    }
    expect((await c.dual!.put('/api/auth/organisation', { orgId: orgs.SIL })).statusCode).toBe(200);
  });
  afterAll(() => t?.close());

  it('lets only a government body own a plan, and only in its own country', async () => {
    const before = await count('plans');
    const abroad = await c.coordinator!.post('/api/plans', newPlan('Plan for another country', { country: 'YT' }));
    expect(abroad.statusCode).toBe(400);
    expect(abroad.json().fields?.[0]?.path ?? abroad.body).toMatch(/country/);
    expect((await c.csoCoordinator!.post('/api/plans', newPlan('A network’s own national plan'))).statusCode).toBe(403);
    expect(await count('plans')).toBe(before);
    // The database says the same, whatever the application sends.
    const row = (owner: string, country: string) => ({ country, title: 'Written straight to the table', period_start: '2027-01-01', period_end: '2028-01-01', owner_org_id: owner });
    await expect(as('plan-coordinator@tandem.example', (tx) => tx.insertInto('plans').values(row(orgs.NCCP!, 'YT')).execute())).rejects.toMatchObject({ code: '42501' });
    await expect(as('cso-coordinator@example.org', (tx) => tx.insertInto('plans').values(row(orgs.WVN!, 'XM')).execute())).rejects.toMatchObject({ code: '42501' });
    await as('plan-coordinator@tandem.example', (tx) => tx.insertInto('plans').values(row(orgs.NCCP!, 'XM')).execute());
    expect(await count('plans')).toBe(before + 1);
  });

  it('keeps a plan in drafting from the owning body’s staff who take no part in planning', async () => {
    const url = `/api/plans/${draftPlan}`;
    for (const path of [`${url}/commitments`, `${url}/commitments/${draftCommitment}`, `${url}/files/${draftFile}`]) {
      expect((await c.staff!.get(path)).statusCode, path).toBe(404);
      expect((await c.coordinator!.get(path)).statusCode, path).toBe(200);
    }
    // A published plan they read as the public does.
    expect((await c.staff!.get(`/api/plans/${demoPlan}/commitments`)).statusCode).toBe(200);
    const seen = await as('nccp-staff@example.org', async (tx) => ({
      readable: (await sql<{ ok: boolean }>`SELECT tandem_plan_readable(${draftPlan}::uuid) AS ok`.execute(tx)).rows[0]!.ok,
      plans: (await tx.selectFrom('plans').select('id').where('id', '=', draftPlan).execute()).length,
      commitments: (await tx.selectFrom('commitments').select('id').where('plan_id', '=', draftPlan).execute()).length,
      files: (await tx.selectFrom('plan_files').select('id').where('plan_id', '=', draftPlan).execute()).length,
    }));
    expect(seen).toEqual({ readable: false, plans: 0, commitments: 0, files: 0 });
    const owner = await as('plan-coordinator@tandem.example', async (tx) => (await tx.selectFrom('plan_files').select('id').where('plan_id', '=', draftPlan).execute()).length);
    expect(owner).toBe(1);
  });

  it('takes independent assessments from the plan’s country, from people outside the answering bodies, once a day', async () => {
    const url = (ref: string) => `/api/plans/${demoPlan}/commitments/${refs[ref]}/assessments`;
    const body = { assessedOn: inDays(0), completion: 'limited', reasons: 'Two regions out of five have a council.' };
    const before = await count('commitment_assessments');
    // A civil society organisation of another country: the published plan is readable, but not theirs to assess.
    expect((await c.abroad!.post(url('XM-1'), body)).statusCode).toBe(403);
    // A person who also works at the ministry leading XM-3, though acting for a network.
    expect((await c.dual!.post(url('XM-3'), body)).statusCode).toBe(403);
    expect(((await c.dual!.get(`/api/plans/${demoPlan}/commitments/${refs['XM-3']}`)).json() as CommitmentDetail).can.assess).toBe(false);
    expect(((await c.dual!.get(`/api/plans/${demoPlan}/commitments/${refs['XM-1']}`)).json() as CommitmentDetail).can.assess).toBe(true);
    expect(await count('commitment_assessments')).toBe(before);
    // Once a day per organisation and commitment.
    expect((await c.wvn!.post(url('XM-3'), body)).statusCode).toBe(201);
    expect((await c.wvn!.post(url('XM-3'), { ...body, completion: 'substantial' })).statusCode).toBe(409);
    expect((await c.wvn!.post(url('XM-3'), { ...body, assessedOn: inDays(-1) })).statusCode).toBe(201);
    expect(await count('commitment_assessments')).toBe(before + 2);
    // In SQL under the application role.
    const row = (email: string, ref: string) => ({ commitment_id: refs[ref]!, plan_id: demoPlan, org_id: users[email]!.org, user_id: users[email]!.id, assessed_on: inDays(0), completion: 'limited', reasons: 'Written straight to the table' });
    await expect(as('abroad@example.org', (tx) => tx.insertInto('commitment_assessments').values(row('abroad@example.org', 'XM-1')).execute())).rejects.toMatchObject({ code: '42501' });
    await expect(as('dual@example.org', (tx) => tx.insertInto('commitment_assessments').values(row('dual@example.org', 'XM-3')).execute())).rejects.toMatchObject({ code: '42501' });
    await expect(as('contributor@tandem.example', (tx) => tx.insertInto('commitment_assessments').values(row('contributor@tandem.example', 'XM-3')).execute())).rejects.toMatchObject({ code: '23505' });
    const assessor = (email: string, ref: string) => as(email, async (tx) => (await sql<{ ok: boolean }>`SELECT tandem_commitment_assessor(${refs[ref]!}::uuid) AS ok`.execute(tx)).rows[0]!.ok);
    expect(await assessor('dual@example.org', 'XM-1')).toBe(true);
    expect(await assessor('dual@example.org', 'XM-2')).toBe(false);
    expect(await assessor('abroad@example.org', 'XM-1')).toBe(false);
    // A commitment of a plan in drafting cannot be assessed by one who cannot read the plan.
    const draft = await as('contributor@tandem.example', async (tx) => (await sql<{ ok: boolean }>`SELECT tandem_commitment_assessor(${draftCommitment}::uuid) AS ok`.execute(tx)).rows[0]!.ok);
    expect(draft).toBe(false);
  });

  it('takes progress only on a readable plan, and a milestone marked done once, on a day that has come', async () => {
    const yh = 'youth-horizons@tandem.example';
    const reporter = (commitment: string) => as(yh, async (tx) => (await sql<{ ok: boolean }>`SELECT tandem_commitment_reporter(${commitment}::uuid) AS ok`.execute(tx)).rows[0]!.ok);
    expect(await reporter(refs['XM-1']!)).toBe(true);
    expect(await reporter(draftCommitment)).toBe(false); // Youth Horizons leads it, but the plan is still drafted
    const progress = { commitment_id: draftCommitment, plan_id: draftPlan, org_id: users[yh]!.org, user_id: users[yh]!.id, reported_on: inDays(0), completion: 'limited', body: 'Written straight to the table' };
    await expect(as(yh, (tx) => tx.insertInto('commitment_progress').values(progress).execute())).rejects.toMatchObject({ code: '42501' });
    const milestones = await t.db.system((tx) => tx.selectFrom('commitment_milestones').select(['id', 'completed_on']).where('commitment_id', '=', refs['XM-1']!).orderBy('position').execute());
    const open = milestones.find((m) => m.completed_on === null)!;
    const done = milestones.find((m) => m.completed_on !== null)!;
    const setDone = (id: string, day: string | null) => as(yh, (tx) => tx.updateTable('commitment_milestones').set({ completed_on: day }).where('id', '=', id).execute());
    await expect(setDone(open.id, inDays(10))).rejects.toMatchObject({ code: '42501' }); // ahead of time
    await expect(setDone(done.id, inDays(-400))).rejects.toMatchObject({ code: '42501' }); // backdating the coordinators' date
    await expect(setDone(done.id, null)).rejects.toMatchObject({ code: '42501' }); // clearing it
    await setDone(open.id, inDays(0));
    await expect(setDone(open.id, null)).rejects.toMatchObject({ code: '42501' });
    const after = await t.db.system((tx) => tx.selectFrom('commitment_milestones').select(['id', 'completed_on']).where('id', 'in', [open.id, done.id]).execute());
    expect(after.find((m) => m.id === open.id)!.completed_on).toBe(inDays(0));
    expect(after.find((m) => m.id === done.id)!.completed_on).toBe(done.completed_on);
    // The coordinators may still correct it.
    await as('plan-coordinator@tandem.example', (tx) => tx.updateTable('commitment_milestones').set({ completed_on: null }).where('id', '=', open.id).execute());
  });

  it('counts a contribution only "under consideration" as awaiting its answer, for the adoption rule too', async () => {
    const id = (await c.coordinator!.post('/api/plans', newPlan('Plan with an answer under consideration'))).json().id as string;
    expect((await c.coordinator!.post(`/api/plans/${id}/stage`, { stage: 'consultation' })).statusCode).toBe(204);
    const consultation = await t.db.system(async (tx) => {
      const k = await tx
        .insertInto('consultations')
        .values({ plan_id: id, title: 'Open consultation', opens_at: new Date(Date.now() - 86_400_000), closes_at: new Date(Date.now() + 86_400_000), modes: ['online'], open_to: 'all' })
        .returning('id')
        .executeTakeFirstOrThrow();
      const wvn = users['contributor@tandem.example']!;
      const row = await tx.insertInto('contributions').values({ plan_id: id, consultation_id: k.id, org_id: wvn.org, user_id: wvn.id, on_behalf: 'organisation', attribution: 'named', body: 'Fund women-led groups in the regions.' }).returning('id').executeTakeFirstOrThrow();
      await tx.updateTable('contributions').set({ response_status: 'under_consideration', response_reasons: 'We are costing it with the ministry of finance.', responded_at: new Date() }).where('id', '=', row.id).execute();
      return k.id;
    });
    expect(((await c.coordinator!.get(`/api/plans/${id}`)).json() as PlanView).counts).toMatchObject({ contributions: 1, unanswered: 1 });
    expect(((await c.coordinator!.get('/api/plans')).json() as PlanList).plans.find((p) => p.id === id)!.unanswered).toBe(1);
    expect((await c.coordinator!.get(`/api/plans/${id}/contributions`)).json().counts).toEqual({ total: 1, unanswered: 1 });
    const consultations = (await c.coordinator!.get(`/api/plans/${id}/consultations`)).json() as { consultations: Array<{ id: string; counts: { unanswered: number } }> };
    expect(consultations.consultations.find((k) => k.id === consultation)!.counts.unanswered).toBe(1);
    const refused = await c.coordinator!.post(`/api/plans/${id}/stage`, { stage: 'adopted' });
    expect(refused.statusCode).toBe(409);
    expect(refused.json().detail).toMatch(/^1 contribution/);
    const reason = 'The law sets the date; the costing follows within a month.';
    expect((await c.coordinator!.post(`/api/plans/${id}/stage`, { stage: 'adopted', reason })).statusCode).toBe(204);
    expect(((await c.coordinator!.get(`/api/plans/${id}`)).json() as PlanView).stages.at(-1)).toMatchObject({ toStage: 'adopted', reason, unanswered: 1 });
  });

  it.runIf(backend === 'postgres')('makes a contribution wait for a move to "adopted" in progress, then refuses it', async () => {
    const id = (await c.coordinator!.post('/api/plans', newPlan('Plan adopted while a contribution comes in'))).json().id as string;
    expect((await c.coordinator!.post(`/api/plans/${id}/stage`, { stage: 'consultation' })).statusCode).toBe(204);
    const k = await t.db.system((tx) =>
      tx.insertInto('consultations').values({ plan_id: id, title: 'Open consultation', opens_at: new Date(Date.now() - 86_400_000), closes_at: new Date(Date.now() + 86_400_000), modes: ['online'], open_to: 'all' }).returning('id').executeTakeFirstOrThrow(),
    );
    const wvn = users['contributor@tandem.example']!;
    // The move holds the plan's row while another connection submits a contribution; the
    // submission starts outside the move's transaction (never one inside another).
    let locked!: () => void;
    let release!: () => void;
    const isLocked = new Promise<void>((resolve) => (locked = resolve));
    const released = new Promise<void>((resolve) => (release = resolve));
    const move = t.db.system(async (tx) => {
      await tx.selectFrom('plans').select('stage').where('id', '=', id).forUpdate().execute();
      await tx.updateTable('plans').set({ stage: 'adopted' }).where('id', '=', id).execute();
      locked();
      await released;
    });
    await isLocked;
    const contribution = as('contributor@tandem.example', (other) =>
      other.insertInto('contributions').values({ plan_id: id, consultation_id: k.id, org_id: wvn.org, user_id: wvn.id, on_behalf: 'organisation', attribution: 'named', body: 'Just in time?' }).execute(),
    );
    contribution.catch(() => undefined);
    await new Promise((resolve) => setTimeout(resolve, 300));
    release();
    await move;
    await expect(contribution).rejects.toMatchObject({ code: '23514' });
    expect(await t.db.system(async (tx) => (await tx.selectFrom('contributions').select('id').where('plan_id', '=', id).execute()).length)).toBe(0);
  });

  it('mails invitations only to organisations invited to the consultation', async () => {
    const k = await t.db.system(async (tx) => {
      const row = await tx
        .insertInto('consultations')
        .values({ plan_id: demoPlan, title: 'Invited only', opens_at: new Date(), closes_at: new Date(Date.now() + 86_400_000), modes: ['online'], open_to: 'invited' })
        .returning('id')
        .executeTakeFirstOrThrow();
      await tx.insertInto('consultation_invitations').values({ consultation_id: row.id, org_id: orgs.MCA!, plan_id: demoPlan }).execute();
      return row.id;
    });
    const invitees = (org: string) =>
      as('plan-coordinator@tandem.example', async (tx) => (await sql<{ email: string }>`SELECT email FROM tandem_consultation_invitees(${k}::uuid, ${org}::uuid)`.execute(tx)).rows.map((r) => r.email));
    expect(await invitees(orgs.MCA!)).toEqual(['mothers-circle@tandem.example']);
    expect(await invitees(orgs.WVN!)).toEqual([]);
  });

  it('fixes the search path of every planning function that runs as its owner', async () => {
    const { rows } = await t.db.system((tx) =>
      sql<{ proname: string; config: string[] | null }>`SELECT proname, proconfig AS config FROM pg_proc
        WHERE prosecdef AND proname IN ('tandem_plan_coordinator', 'tandem_plan_readable', 'tandem_commitment_reporter', 'tandem_commitment_assessor',
          'tandem_contribution_author', 'tandem_consultation_invitees', 'tandem_plan_representation', 'tandem_plan_organisations',
          'tandem_plan_owner_fits', 'tandem_readable_plan_ids', 'tandem_coordinated_plan_ids', 'tandem_contribution_admissible')`.execute(tx),
    );
    expect(rows.map((r) => r.proname).sort()).toHaveLength(12);
    for (const r of rows) expect(r.config, r.proname).toContain('search_path=pg_catalog, public, pg_temp');
  });

  it('takes files with progress only from people taking part in planning', async () => {
    // The ministry's viewer belongs to the body that reported progress, but takes no part in planning.
    const viewer = 'viewer@tandem.example';
    const progress = await t.db.system((tx) => tx.selectFrom('commitment_progress').select('id').where('org_id', '=', users[viewer]!.org).executeTakeFirstOrThrow());
    const content = Buffer.from('Minutes\n');
    const file = (email: string) => ({ plan_id: demoPlan, owner_kind: 'progress', owner_id: progress.id, org_id: users[email]!.org, filename: 'minutes.txt', content_type: 'text/plain', size_bytes: content.length, sha256: '0'.repeat(64), content, created_by: users[email]!.id });
    await expect(as(viewer, (tx) => tx.insertInto('plan_files').values(file(viewer)).execute())).rejects.toMatchObject({ code: '42501' });
    await as('labour-focal-point@tandem.example', (tx) => tx.insertInto('plan_files').values(file('labour-focal-point@tandem.example')).execute());
  });
});
