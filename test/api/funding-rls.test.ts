// Funding review, the database wall on its own: run as the application role with the service's
// checks out of the way, a reviewer with a known tie or a declared conflict cannot read or score
// an application, and nobody reads another organisation's application.
import { sql } from 'kysely';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { backends } from '../support/databases.ts';
import { createTestApp, type TestApp } from '../support/app.ts';

describe.each(backends)('funding row-level security on %s', (backend) => {
  let t: TestApp;
  let ids: Record<string, { user: string; org: string }>;
  let callId: string;
  let applicationId: string;
  const reviewerRow: Record<string, string> = {};

  const as = <T>(email: string, fn: Parameters<TestApp['db']['transaction']>[1]) =>
    t.db.transaction({ role: 'tandem_app', requestId: 'funding-rls', userId: ids[email]!.user, orgId: ids[email]!.org }, fn) as Promise<T>;
  const q = async <R>(email: string, query: ReturnType<typeof sql<R>>) => as<R[]>(email, async (tx) => (await query.execute(tx)).rows);

  beforeAll(async () => {
    t = await createTestApp(backend);
    const rows = await t.db.system((tx) =>
      tx.selectFrom('users').innerJoin('memberships', 'memberships.user_id', 'users.id').select(['users.email', 'users.id', 'memberships.org_id']).execute(),
    );
    ids = Object.fromEntries(rows.map((r) => [r.email, { user: r.id, org: r.org_id }]));
    const donor = ids['donor@tandem.example']!;
    [{ id: callId }] = await q<{ id: string }>('donor@tandem.example', sql`
      INSERT INTO funding_calls (owner_org_id, title, purpose, criteria, budget_ceiling, currency, opens_on, deadline, created_by)
      VALUES (${donor.org}, 'Community protection grants', 'Small grants', '[{"key":"relevance","weight":60},{"key":"capacity","weight":40}]',
        20000, 'EUR', current_date, now() + interval '30 days', ${donor.user}) RETURNING id`) as [{ id: string }];
    await q('donor@tandem.example', sql`UPDATE funding_calls SET status = 'published', published_at = now() WHERE id = ${callId}`);
    const applicant = ids['contributor@tandem.example']!;
    [{ id: applicationId }] = await q<{ id: string }>('contributor@tandem.example', sql`
      INSERT INTO funding_applications (call_id, applicant_org_id, budget_total, created_by)
      VALUES (${callId}, ${applicant.org}, 15000, ${applicant.user}) RETURNING id`) as [{ id: string }];
    await q('contributor@tandem.example', sql`UPDATE funding_applications SET status = 'submitted', submitted_at = now() WHERE id = ${applicationId}`);
    // Three reviewers: a member of the applicant (a known tie), one who will declare a conflict, one clean.
    for (const email of ['contributor@tandem.example', 'monitor-2@tandem.example', 'monitor@tandem.example']) {
      const [row] = await q<{ id: string }>('donor@tandem.example', sql`
        INSERT INTO funding_reviewers (call_id, application_id, reviewer_user_id, assigned_by)
        VALUES (${callId}, ${applicationId}, ${ids[email]!.user}, ${donor.user}) RETURNING id`);
      reviewerRow[email] = row!.id;
    }
  });
  afterAll(() => t?.close());

  const seesApplication = async (email: string) =>
    (await q<{ id: string }>(email, sql`SELECT id FROM funding_applications WHERE id = ${applicationId}`)).length === 1;
  const declare = (email: string, conflict: boolean) =>
    q(email, sql`UPDATE funding_reviewers SET conflict_declared = ${conflict}, declared_at = now() WHERE id = ${reviewerRow[email]!} RETURNING id`);
  const score = (email: string) =>
    as(email, async (tx) => sql`INSERT INTO funding_scores (reviewer_id, criterion, score) VALUES (${reviewerRow[email]!}, 'relevance', 7)`.execute(tx));

  it('flags a reviewer who is a member of the applicant', async () => {
    const flags = await q<{ reviewer_user_id: string; conflict_flagged: boolean }>('donor@tandem.example',
      sql`SELECT reviewer_user_id, conflict_flagged FROM funding_reviewers WHERE application_id = ${applicationId}`);
    expect(Object.fromEntries(flags.map((f) => [f.reviewer_user_id, f.conflict_flagged]))).toEqual({
      [ids['contributor@tandem.example']!.user]: true,
      [ids['monitor-2@tandem.example']!.user]: false,
      [ids['monitor@tandem.example']!.user]: false,
    });
  });

  it('hides the application from a reviewer until they declare no conflict', async () => {
    expect(await seesApplication('monitor@tandem.example')).toBe(false);
    await expect(score('monitor@tandem.example')).rejects.toThrow(/row-level security/);
    expect(await declare('monitor@tandem.example', false)).toHaveLength(1);
    expect(await seesApplication('monitor@tandem.example')).toBe(true);
    await score('monitor@tandem.example');
    // The declaration is made once.
    expect(await declare('monitor@tandem.example', true)).toHaveLength(0);
  });

  it('keeps a declared conflict out of the application and its scores', async () => {
    expect(await declare('monitor-2@tandem.example', true)).toHaveLength(1);
    // The call owner cannot clear the declaration for the reviewer.
    expect(await q('donor@tandem.example', sql`UPDATE funding_reviewers SET conflict_declared = false WHERE id = ${reviewerRow['monitor-2@tandem.example']!} RETURNING id`)).toHaveLength(0);
    expect(await seesApplication('monitor-2@tandem.example')).toBe(false);
    await expect(score('monitor-2@tandem.example')).rejects.toThrow(/row-level security/);
  });

  it('keeps a flagged reviewer out even after declaring no conflict', async () => {
    // Reads as the applicant's own member are allowed (their organisation's application); the
    // flag bars scoring.
    expect(await declare('contributor@tandem.example', false)).toHaveLength(1);
    await expect(score('contributor@tandem.example')).rejects.toThrow(/row-level security/);
  });

  it("shows an application to neither another applicant nor another organisation's donor officer", async () => {
    expect(await seesApplication('mothers-circle@tandem.example')).toBe(false);
    expect(await seesApplication('plan-coordinator@tandem.example')).toBe(false);
    expect(await seesApplication('donor@tandem.example')).toBe(true);
  });

  it("keeps a submitted application's answers and budget out of the call owner's reach", async () => {
    await expect(q('donor@tandem.example', sql`UPDATE funding_applications SET budget_total = 1 WHERE id = ${applicationId}`)).rejects.toThrow(/only decided/);
    await expect(q('donor@tandem.example', sql`UPDATE funding_applications SET answers = '{"need":"changed"}' WHERE id = ${applicationId}`)).rejects.toThrow(/only decided/);
  });

  it('lets only the call owner decide, and only with reasons', async () => {
    expect(await q('monitor@tandem.example', sql`UPDATE funding_applications SET status = 'awarded', decision_reasons = 'x' WHERE id = ${applicationId} RETURNING id`)).toHaveLength(0);
    await expect(q('donor@tandem.example', sql`UPDATE funding_applications SET status = 'awarded' WHERE id = ${applicationId}`)).rejects.toThrow(/check/);
    expect(await q('donor@tandem.example', sql`UPDATE funding_applications SET status = 'awarded', decision_reasons = 'Strong relevance', decided_at = now() WHERE id = ${applicationId} RETURNING id`)).toHaveLength(1);
    // The decision is final.
    await expect(q('donor@tandem.example', sql`UPDATE funding_applications SET status = 'rejected', decision_reasons = 'Changed our mind' WHERE id = ${applicationId}`)).rejects.toThrow(/final/);
  });

  it('refuses an application to a call whose deadline has passed', async () => {
    // A published call cannot have its closing date brought forward: the closed call is made as a draft and published.
    const donor = ids['donor@tandem.example']!;
    const closed = await t.db.system(async (tx) => (await sql<{ id: string }>`
      INSERT INTO funding_calls (owner_org_id, title, purpose, budget_ceiling, currency, opens_on, deadline, created_by)
      VALUES (${donor.org}, 'Closed call', 'Closed', 1000, 'EUR', current_date - 10, now() - interval '1 minute', ${donor.user}) RETURNING id`.execute(tx)).rows[0]!.id);
    await t.db.system((tx) => sql`UPDATE funding_calls SET status = 'published', published_at = now() WHERE id = ${closed}`.execute(tx));
    const other = ids['mothers-circle@tandem.example']!;
    await expect(q('mothers-circle@tandem.example', sql`INSERT INTO funding_applications (call_id, applicant_org_id, created_by) VALUES (${closed}, ${other.org}, ${other.user})`)).rejects.toThrow(/row-level security/);
  });

  it('fixes a published call but its closing date, which only moves later', async () => {
    await expect(q('donor@tandem.example', sql`UPDATE funding_calls SET title = 'Changed after publication' WHERE id = ${callId}`)).rejects.toThrow(/closing date/);
    await expect(q('donor@tandem.example', sql`UPDATE funding_calls SET budget_ceiling = 1 WHERE id = ${callId}`)).rejects.toThrow(/closing date/);
    await expect(q('donor@tandem.example', sql`UPDATE funding_calls SET deadline = deadline - interval '1 day' WHERE id = ${callId}`)).rejects.toThrow(/closing date/);
    expect(await q('donor@tandem.example', sql`UPDATE funding_calls SET deadline = deadline + interval '7 days' WHERE id = ${callId} RETURNING id`)).toHaveLength(1);
  });

  it('shows published calls to organisations of the directory, and to anyone only when listed publicly', async () => {
    const anonymous = (query: ReturnType<typeof sql<{ id: string }>>) =>
      t.db.transaction({ role: 'tandem_app', requestId: 'funding-rls-public' }, async (tx) => (await query.execute(tx)).rows);
    const visible = sql<{ id: string }>`SELECT id FROM funding_calls WHERE id = ${callId}`;
    expect(await q('viewer@tandem.example', visible)).toHaveLength(1);
    expect(await anonymous(visible)).toHaveLength(0);
    // Listing publicly is chosen on the draft.
    const donor = ids['donor@tandem.example']!;
    const listed = await t.db.system(async (tx) => (await sql<{ id: string }>`
      INSERT INTO funding_calls (owner_org_id, title, purpose, budget_ceiling, currency, opens_on, deadline, public_listing, created_by)
      VALUES (${donor.org}, 'Listed call', 'Open to all', 1000, 'EUR', current_date, now() + interval '9 days', true, ${donor.user}) RETURNING id`.execute(tx)).rows[0]!.id);
    const listedQuery = sql<{ id: string }>`SELECT id FROM funding_calls WHERE id = ${listed}`;
    expect(await anonymous(listedQuery)).toHaveLength(0);
    await t.db.system((tx) => sql`UPDATE funding_calls SET status = 'published', published_at = now() WHERE id = ${listed}`.execute(tx));
    expect(await anonymous(listedQuery)).toHaveLength(1);
  });

  it('flags a tie that appears after the assignment', async () => {
    // A clean reviewer who declared and scored joins the applicant organisation afterwards.
    const applicantOrg = ids['contributor@tandem.example']!.org;
    const reviewer = ids['monitor@tandem.example']!;
    await t.db.system((tx) => sql`INSERT INTO memberships (user_id, org_id, roles) VALUES (${reviewer.user}, ${applicantOrg}, ARRAY['viewer'])`.execute(tx));
    const flag = await q<{ conflict_flagged: boolean }>('donor@tandem.example', sql`SELECT conflict_flagged FROM funding_reviewers WHERE id = ${reviewerRow['monitor@tandem.example']!}`);
    expect(flag[0]!.conflict_flagged).toBe(true);
    expect(await seesApplication('monitor@tandem.example')).toBe(false);
  });

  it('flags an active partnership agreement between the reviewer and the applicant', async () => {
    // The agency (PRS) and the applicant sign an agreement; the agency's data protection officer reviews.
    const donor = ids['donor@tandem.example']!;
    const applicantOrg = ids['mothers-circle@tandem.example']!;
    const dpo = ids['dpo@tandem.example']!;
    const clean = ids['plan-coordinator@tandem.example']!;
    const application = await t.db.system(async (tx) => {
      const call = (await sql<{ id: string }>`
        INSERT INTO funding_calls (owner_org_id, title, purpose, budget_ceiling, currency, opens_on, deadline, created_by)
        VALUES (${donor.org}, 'Agreement call', 'Ties', 1000, 'EUR', current_date, now() + interval '9 days', ${donor.user}) RETURNING id`.execute(tx)).rows[0]!.id;
      await sql`UPDATE funding_calls SET status = 'published', published_at = now() WHERE id = ${call}`.execute(tx);
      const app = (await sql<{ id: string }>`
        INSERT INTO funding_applications (call_id, applicant_org_id, created_by, status, submitted_at)
        VALUES (${call}, ${applicantOrg.org}, ${applicantOrg.user}, 'submitted', now()) RETURNING id`.execute(tx)).rows[0]!.id;
      for (const r of [dpo, clean]) {
        await sql`INSERT INTO funding_reviewers (call_id, application_id, reviewer_user_id, assigned_by) VALUES (${call}, ${app}, ${r.user}, ${donor.user})`.execute(tx);
      }
      return app;
    });
    const flags = async () =>
      Object.fromEntries(
        (await q<{ reviewer_user_id: string; conflict_flagged: boolean }>('donor@tandem.example', sql`SELECT reviewer_user_id, conflict_flagged FROM funding_reviewers WHERE application_id = ${application}`)).map((r) => [
          r.reviewer_user_id,
          r.conflict_flagged,
        ]),
      );
    // The demo's agreement of PRS with the mothers' association is not signed by both: no tie yet.
    expect(await flags()).toEqual({ [dpo.user]: false, [clean.user]: false });
    await t.db.system((tx) => sql`UPDATE partnership_agreements SET status = 'active', valid_from = current_date - 1, valid_until = current_date + 30
      WHERE id IN (SELECT a.agreement_id FROM agreement_parties a JOIN agreement_parties b ON b.agreement_id = a.agreement_id
        WHERE a.org_id = ${dpo.org} AND b.org_id = ${applicantOrg.org})`.execute(tx));
    expect(await flags()).toEqual({ [dpo.user]: true, [clean.user]: false });
  });

  it("keeps an applicant's member who is assigned to review out of the application through their organisation", async () => {
    // The contributor of the applicant was assigned (and flagged) above: not even their own organisation's side shows it.
    expect(await seesApplication('contributor@tandem.example')).toBe(false);
    // The applicant's other roles never see its applications.
    const wvnViewer = await t.db.system(async (tx) => {
      const { createAccount } = await import('../../src/modules/identity/setup.ts');
      return createAccount(tx, { email: 'wvn-viewer@tandem.example', displayName: 'WVN Viewer', password: 'not used here at all 1', orgId: ids['contributor@tandem.example']!.org, roles: ['viewer'] });
    });
    ids['wvn-viewer@tandem.example'] = { user: wvnViewer, org: ids['contributor@tandem.example']!.org };
    expect(await seesApplication('wvn-viewer@tandem.example')).toBe(false);
  });
});
