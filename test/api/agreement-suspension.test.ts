// A suspension of a partnership agreement is lifted only by the party that suspended it, or by
// every party — that one included — signing again. Held by the service, and by the database for
// SQL run as the application role (a temporary table standing in for the memberships cannot make
// another organisation the acting one). Case data follows at once: the lead agency suspends its
// agreement with the psychosocial centre, and the centre's caseworker loses Rosa's case until the
// agency resumes it or both have signed again.
import { sql } from 'kysely';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import type { Tx } from '../../src/db.ts';
import type { AgreementView } from '../../src/modules/orgs/schema.ts';
import { backends } from '../support/databases.ts';
import { createTestApp, type TestApp } from '../support/app.ts';
import type { TestClient } from '../support/client.ts';

describe.each(backends)('suspended agreements on %s', (backend) => {
  let t: TestApp;
  let agency: TestClient; // administrator of the Probation and Reintegration Service (lead agency of Rosa's case)
  let centre: TestClient; // administrator of Bridge Psychosocial Centre (on Rosa's team)
  let caseworker: TestClient; // of the centre
  let orgs: Record<string, string>;
  let users: Record<string, { id: string; org: string }>;
  let agreement: string;
  let rosa: string;

  beforeAll(async () => {
    t = await createTestApp(backend);
    agency = await t.signIn('agency-admin@tandem.example');
    centre = await t.signIn('org-admin@tandem.example');
    caseworker = await t.signIn('caseworker@tandem.example');
    orgs = Object.fromEntries((await t.db.system((tx) => tx.selectFrom('organisations').select(['id', 'short_name']).execute())).map((o) => [o.short_name!, o.id]));
    const people = await t.db.system((tx) =>
      tx.selectFrom('users').innerJoin('memberships', 'memberships.user_id', 'users.id').select(['users.email', 'users.id', 'memberships.org_id']).execute(),
    );
    users = Object.fromEntries(people.map((p) => [p.email, { id: p.id, org: p.org_id }]));
    agreement = ((await agency.get('/api/agreements')).json().agreements as AgreementView[]).find((a) => a.title.startsWith('Psychosocial'))!.id;
    rosa = (await t.db.system((tx) => tx.selectFrom('cases').select('id').where('alias', '=', 'Rosa').executeTakeFirstOrThrow())).id;
  });
  afterAll(() => t?.close());

  /** SQL under the application role, as this person acting for their organisation (or the one given). */
  const as = <T>(email: string, fn: (tx: Tx) => Promise<T>, orgId?: string): Promise<T> =>
    t.db.transaction({ role: 'tandem_app', requestId: 'suspension-sql', userId: users[email]!.id, orgId: orgId ?? users[email]!.org }, fn) as Promise<T>;
  const stored = () =>
    t.db.system((tx) => tx.selectFrom('partnership_agreements').select(['status', 'status_reason', 'status_changed_by_org', 'status_changed_by_user']).where('id', '=', agreement).executeTakeFirstOrThrow());
  /** The sections of Rosa's case the centre may read now, from the access list the triggers keep. */
  const centreSections = async () =>
    (await t.db.system((tx) => sql<{ section: string }>`SELECT DISTINCT section FROM case_access WHERE case_id = ${rosa}::uuid AND org_id = ${orgs.BPC}::uuid`.execute(tx))).rows
      .map((r) => r.section)
      .sort();
  const view = async (client: TestClient) => (await client.get(`/api/agreements/${agreement}`)).json() as AgreementView;

  let sectionsInForce: string[];

  it('records who suspended it, when and why, shows it to every party, and cuts the team organisation off at once', async () => {
    sectionsInForce = await centreSections();
    expect(sectionsInForce).toContain('psychosocial_notes');
    expect((await caseworker.get(`/api/cases/${rosa}/notes`)).statusCode).toBe(200);

    expect((await agency.post(`/api/agreements/${agreement}/suspend`, {})).statusCode).toBe(400);
    expect((await agency.post(`/api/agreements/${agreement}/suspend`, { reason: '  ' })).statusCode).toBe(400);
    const before = Date.now();
    const res = await agency.post(`/api/agreements/${agreement}/suspend`, { reason: 'Review of data protection practice' });
    expect(res.statusCode).toBe(200);
    const suspended = res.json() as AgreementView;
    expect(suspended).toMatchObject({
      status: 'suspended',
      statusReason: 'Review of data protection practice',
      statusChangedBy: { orgId: orgs.PRS, orgName: 'Probation and Reintegration Service' },
      can: { resume: true, signAgain: true, terminate: true, suspend: false },
    });
    expect(Date.parse(suspended.statusChangedAt!)).toBeGreaterThanOrEqual(before - 60_000);
    expect(await stored()).toMatchObject({ status: 'suspended', status_changed_by_org: orgs.PRS, status_changed_by_user: users['agency-admin@tandem.example']!.id });

    // The other party reads who suspended it and why, and may not resume it.
    expect(await view(centre)).toMatchObject({
      status: 'suspended',
      statusReason: 'Review of data protection practice',
      statusChangedBy: { orgId: orgs.PRS },
      can: { resume: false, signAgain: true, terminate: true },
    });

    // At once: no section of Rosa's case for the centre, and the case is not found.
    expect(await centreSections()).toEqual([]);
    expect((await caseworker.get(`/api/cases/${rosa}`)).statusCode).toBe(404);
    expect((await caseworker.get(`/api/cases/${rosa}/notes`)).statusCode).toBe(404);

    const events = await t.db.system((tx) =>
      tx.selectFrom('audit_events').select(['action', 'actor_org_id', 'details']).where('subject_type', '=', 'agreement').where('subject_id', '=', agreement).orderBy('id').execute(),
    );
    expect(events.at(-1)).toMatchObject({ action: 'org.agreement.suspend', actor_org_id: orgs.PRS, details: { reason: 'Review of data protection practice', was: 'active' } });
  });

  it('cannot be resumed by another party, through the API or in SQL as the application role', async () => {
    const refused = await centre.post(`/api/agreements/${agreement}/resume`, { reason: 'We disagree with the suspension' });
    expect(refused.statusCode).toBe(409);

    // Straight to "active", as the centre's administrator.
    await expect(
      as('org-admin@tandem.example', (tx) => tx.updateTable('partnership_agreements').set({ status: 'active', status_reason: 'Taking it back' }).where('id', '=', agreement).execute()),
    ).rejects.toMatchObject({ code: '42501' });
    // Naming itself as the one that suspended it: a column the application never writes.
    await expect(
      as('org-admin@tandem.example', (tx) => sql`UPDATE partnership_agreements SET status_changed_by_org = ${orgs.BPC}::uuid WHERE id = ${agreement}::uuid`.execute(tx)),
    ).rejects.toMatchObject({ code: '42501' });
    // Through "signing", keeping the signatures it had: they are cleared, and the agency's is missing.
    await expect(
      as('org-admin@tandem.example', async (tx) => {
        await tx.updateTable('partnership_agreements').set({ status: 'signing', status_reason: 'Round about' }).where('id', '=', agreement).execute();
        await tx.updateTable('partnership_agreements').set({ status: 'active', status_reason: null }).where('id', '=', agreement).execute();
      }),
    ).rejects.toMatchObject({ code: '42501' });
    // Acting "for the agency", with temporary tables standing in for the memberships: the
    // application role may not create temporary tables at all (and the functions that read
    // memberships pin pg_temp last in their search path besides).
    await expect(
      as(
        'org-admin@tandem.example',
        async (tx) => {
          await sql`CREATE TEMP TABLE memberships (user_id uuid, org_id uuid, status text, roles text[]) ON COMMIT DROP`.execute(tx);
          await sql`INSERT INTO pg_temp.memberships VALUES (${users['org-admin@tandem.example']!.id}::uuid, ${orgs.PRS}::uuid, 'active', ARRAY['org_admin'])`.execute(tx);
          await tx.updateTable('partnership_agreements').set({ status: 'active', status_reason: 'Forged' }).where('id', '=', agreement).execute();
        },
        orgs.PRS,
      ),
    ).rejects.toMatchObject({ code: '42501' });

    expect(await stored()).toMatchObject({ status: 'suspended', status_changed_by_org: orgs.PRS, status_reason: 'Review of data protection practice' });
    expect(await centreSections()).toEqual([]);
    expect((await caseworker.get(`/api/cases/${rosa}`)).statusCode).toBe(404);
  });

  it('is resumed by the party that suspended it, and the team organisation reads the case again at once', async () => {
    const res = await agency.post(`/api/agreements/${agreement}/resume`, { reason: 'Review completed' });
    expect(res.statusCode).toBe(200);
    expect(res.json()).toMatchObject({ status: 'active', statusReason: 'Review completed', statusChangedBy: { orgId: orgs.PRS } });
    expect(await centreSections()).toEqual(sectionsInForce);
    expect((await caseworker.get(`/api/cases/${rosa}/notes`)).statusCode).toBe(200);

    // The same in SQL as the agency's administrator: suspended, then resumed, by the same party.
    await as('agency-admin@tandem.example', (tx) => tx.updateTable('partnership_agreements').set({ status: 'suspended', status_reason: 'Checked in SQL' }).where('id', '=', agreement).execute());
    expect(await stored()).toMatchObject({ status: 'suspended', status_changed_by_org: orgs.PRS });
    expect(await centreSections()).toEqual([]);
    await as('agency-admin@tandem.example', (tx) => tx.updateTable('partnership_agreements').set({ status: 'active', status_reason: 'Checked in SQL' }).where('id', '=', agreement).execute());
    expect(await centreSections()).toEqual(sectionsInForce);
    // A suspension needs a reason in SQL too.
    await expect(
      as('agency-admin@tandem.example', (tx) => tx.updateTable('partnership_agreements').set({ status: 'suspended', status_reason: null }).where('id', '=', agreement).execute()),
    ).rejects.toMatchObject({ code: '23514' });
  });

  it('comes back into force after a new round only once every party, the suspending one included, has signed again', async () => {
    expect((await centre.post(`/api/agreements/${agreement}/suspend`, { reason: 'Our own review of the referrals' })).statusCode).toBe(200);
    expect(await view(agency)).toMatchObject({ statusChangedBy: { orgId: orgs.BPC }, can: { resume: false, signAgain: true } });
    expect(await view(centre)).toMatchObject({ can: { resume: true } });

    // The agency cannot resume the centre's suspension; it asks both to sign again.
    expect((await agency.post(`/api/agreements/${agreement}/resume`, { reason: 'Ours to lift?' })).statusCode).toBe(409);
    expect((await agency.post(`/api/agreements/${agreement}/sign-again`, { reason: 'x' })).statusCode).toBe(400);
    const round = await agency.post(`/api/agreements/${agreement}/sign-again`, { reason: 'The review is finished on our side' });
    expect(round.statusCode).toBe(200);
    const signing = round.json() as AgreementView;
    expect(signing).toMatchObject({ status: 'signing', statusReason: 'The review is finished on our side', statusChangedBy: { orgId: orgs.PRS }, can: { sign: true, resume: false } });
    expect(signing.parties.map((p) => p.signedAt)).toEqual([null, null]);
    expect(await centreSections()).toEqual([]);

    // The agency signs; the agreement is not in force without the centre, which suspended it.
    expect((await agency.post(`/api/agreements/${agreement}/signatures`, { signatoryName: 'Aigerim Sadykova', signatoryTitle: 'Head of service' })).json()).toMatchObject({ status: 'signing' });
    await expect(
      as('agency-admin@tandem.example', (tx) => tx.updateTable('partnership_agreements').set({ status: 'active', status_reason: null }).where('id', '=', agreement).execute()),
    ).rejects.toMatchObject({ code: '42501' });
    // Nor may the agency sign in the centre's place.
    const forgedSignature = await as('agency-admin@tandem.example', (tx) =>
      tx.updateTable('agreement_parties').set({ signed_at: new Date(), signatory_name: 'Someone' }).where('agreement_id', '=', agreement).where('org_id', '=', orgs.BPC!).executeTakeFirst(),
    );
    expect(forgedSignature.numUpdatedRows).toBe(0n);
    expect(await centreSections()).toEqual([]);

    const done = await centre.post(`/api/agreements/${agreement}/signatures`, { signatoryName: 'Leyla Nazarova', signatoryTitle: 'Director' });
    expect(done.json()).toMatchObject({ status: 'active', statusReason: null });
    expect(await centreSections()).toEqual(sectionsInForce);
    expect((await caseworker.get(`/api/cases/${rosa}`)).statusCode).toBe(200);
    const actions = await t.db.system((tx) =>
      tx.selectFrom('audit_events').select('action').where('subject_type', '=', 'agreement').where('subject_id', '=', agreement).orderBy('id').execute(),
    );
    expect(actions.slice(-4).map((e) => e.action)).toEqual(['org.agreement.suspend', 'org.agreement.sign_again', 'org.agreement.sign', 'org.agreement.sign']);
  });

  it('keeps the rest of an agreement to its rules in SQL: its text in force, who is named, who signs', async () => {
    const refusedSql = (fn: (tx: Tx) => Promise<unknown>) => expect(as('org-admin@tandem.example', fn)).rejects.toMatchObject({ code: '42501' });
    // The categories and dates of an agreement in force are what was signed.
    await refusedSql((tx) => tx.updateTable('partnership_agreements').set({ data_categories: ['identity', 'security'] }).where('id', '=', agreement).execute());
    await refusedSql((tx) => tx.updateTable('partnership_agreements').set({ valid_until: '2099-12-31' }).where('id', '=', agreement).execute());
    // No going back to a draft, no agreement born in force, no moving one's signature to another agreement.
    await refusedSql((tx) => tx.updateTable('partnership_agreements').set({ status: 'draft', status_reason: null }).where('id', '=', agreement).execute());
    await refusedSql((tx) =>
      sql`INSERT INTO partnership_agreements (title, legal_basis, retention_months, valid_from, valid_until, status, created_by_org, created_by_user)
          VALUES ('Born in force', 'consent', 12, current_date, current_date + 30, 'active', ${orgs.BPC}::uuid, ${users['org-admin@tandem.example']!.id}::uuid)`.execute(tx),
    );
    const other = (await t.db.system((tx) => tx.selectFrom('partnership_agreements').select('id').where('id', '<>', agreement).executeTakeFirstOrThrow())).id;
    await refusedSql((tx) => tx.updateTable('agreement_parties').set({ agreement_id: other } as never).where('agreement_id', '=', agreement).where('org_id', '=', orgs.BPC!).execute());
    // A draft's partner is named unsigned: its signature is its own to give.
    const draft = await centre.post('/api/agreements', {
      title: 'Draft for the SQL checks',
      partnerOrgIds: [orgs.YH],
      dataCategories: ['identity'],
      legalBasis: 'consent',
      retentionMonths: 12,
      validFrom: new Date().toISOString().slice(0, 10),
      validUntil: new Date(Date.now() + 100 * 86_400_000).toISOString().slice(0, 10),
    });
    expect(draft.statusCode).toBe(201);
    const draftId = draft.json().id as string;
    await refusedSql((tx) =>
      tx.updateTable('agreement_parties').set({ signed_at: new Date(), signatory_name: 'Not them' }).where('agreement_id', '=', draftId).where('org_id', '=', orgs.YH!).execute(),
    );
    await refusedSql((tx) =>
      tx.deleteFrom('agreement_parties').where('agreement_id', '=', draftId).where('org_id', '=', orgs.YH!).execute().then(() =>
        tx.insertInto('agreement_parties').values({ agreement_id: draftId, org_id: orgs.YH!, signed_at: new Date(), signatory_name: 'Not them' }).execute(),
      ),
    );
    // Signing a draft alone does not put it in force.
    await expect(
      as('org-admin@tandem.example', async (tx) => {
        await tx.updateTable('agreement_parties').set({ signed_at: new Date(), signed_by: users['org-admin@tandem.example']!.id }).where('agreement_id', '=', draftId).where('org_id', '=', orgs.BPC!).execute();
        await tx.updateTable('partnership_agreements').set({ status: 'active' }).where('id', '=', draftId).execute();
      }),
    ).rejects.toMatchObject({ code: '42501' });
    // The drafting organisation still edits its draft and names its parties through the service.
    const edited = await centre.put(`/api/agreements/${draftId}`, {
      title: 'Draft for the SQL checks, changed',
      partnerOrgIds: [orgs.WVN],
      dataCategories: ['identity', 'contact'],
      legalBasis: 'consent',
      retentionMonths: 12,
      validFrom: new Date().toISOString().slice(0, 10),
      validUntil: new Date(Date.now() + 100 * 86_400_000).toISOString().slice(0, 10),
    });
    expect(edited.statusCode).toBe(200);
    expect((edited.json() as AgreementView).parties.map((p) => p.orgId).sort()).toEqual([orgs.BPC, orgs.WVN].sort());
  });

  it('runs every function that acts as its owner, and every trigger function, with pg_temp last in its search path and for no one by default', async () => {
    const functions = await t.db.system(async (tx) =>
      (
        await sql<{ name: string; config: string[] | null; definer: boolean; public_execute: boolean }>`
          SELECT p.oid::regprocedure::text AS name, p.proconfig AS config, p.prosecdef AS definer,
            has_function_privilege('public', p.oid, 'EXECUTE') AS public_execute
          FROM pg_proc p
          WHERE p.pronamespace = 'public'::regnamespace AND p.prokind = 'f' AND (p.prosecdef OR p.prorettype = 'trigger'::regtype)`.execute(tx)
      ).rows,
    );
    expect(functions.length).toBeGreaterThan(40);
    for (const f of functions) {
      expect(f.config ?? [], f.name).toContain('search_path=pg_catalog, public, pg_temp');
      if (f.definer) expect(f.public_execute, f.name).toBe(false);
    }
  });
});
