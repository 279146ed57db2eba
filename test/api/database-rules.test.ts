// Rules every database object must keep, read back from the catalogs of a migrated database:
//  * every table has row-level security enabled and forced, but for the few listed below;
//  * every SECURITY DEFINER function is listed below with who calls it and why it is safe, is
//    executable by no one but the roles named, and pins its search path with pg_temp last;
//  * db/schema.sql is today's schema (run `npm run schema` after changing a migration).
// A new table or function fails here until someone has thought about it.
import { readFileSync } from 'node:fs';
import { resolve } from 'node:path';
import { sql } from 'kysely';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { dumpSchema } from '../../src/platform/db/schema-dump.ts';
import { createTestDatabase, type TestDatabase } from '../support/databases.ts';

/** Tables without row-level security, and why none is needed. */
const WITHOUT_RLS: Record<string, string> = {
  jurisdictions: 'reference data (country codes and names); the application role may only read it',
  retention_rules: 'reference data (months kept after closure, per category); read only',
  schema_migrations: 'the migrator\u2019s own record; no grant to any request role',
};

type Definer = { roles: Array<'tandem_app' | 'tandem_auth' | 'tandem_stats'>; why: string };

/**
 * Every SECURITY DEFINER function: who may execute it ([] = only triggers or other definer
 * functions call it) and why it is safe to run with the owner's rights. Callers are taken from
 * the transaction (tandem_user_id(), tandem_org_id()); where an argument names an organisation,
 * it is checked against the caller.
 */
const DEFINERS: Record<string, Definer> = {
  // Who is acting: the basis of every policy.
  'tandem_org_id()': { roles: ['tandem_app', 'tandem_auth', 'tandem_stats'], why: "the acting organisation, only if the acting person is an active member of it (tandem_stats: the indicators' scope)" },
  'tandem_has_role(text)': { roles: ['tandem_app', 'tandem_auth', 'tandem_stats'], why: "whether the acting person holds a role in the acting organisation; asks about the caller only (tandem_stats: the indicators' scope)" },
  'tandem_resolve_caller()': {
    roles: ['tandem_app', 'tandem_auth'],
    why: "once per transaction: whether the person the context names is an active member of the organisation it names, and with which roles; takes no argument, sets only the transaction's own answer",
  },
  'tandem_own_password_hash()': { roles: ['tandem_app'], why: "the caller's own password hash, to check the current password before a change" },
  // Accounts.
  'tandem_accept_invitation(bytea,text,text)': { roles: ['tandem_app', 'tandem_auth'], why: 'takes a secret token; a signed-in caller may only take an invitation sent to their own address' },
  'tandem_complete_password_reset(bytea,text)': { roles: ['tandem_auth'], why: 'takes a secret token; ends every session of the person' },
  'tandem_mail_file_under_recipient()': { roles: [], why: "trigger: files a message under its recipient's organisation (active member, or invited) or none, so that held mail is read by that organisation's administrators only" },
  'tandem_end_member_sessions(uuid)': { roles: ['tandem_app'], why: 'an administrator ends the sessions of a member of their own organisation (checked against the caller), never their own' },
  // Organisations and agreements.
  'tandem_agreement_ids_of_org(uuid)': { roles: ['tandem_app'], why: "the agreements of the acting organisation; any other argument answers nothing" },
  'tandem_agreement_signatures_cleared()': { roles: [], why: "trigger: clears every party's signature when a suspended agreement is sent to be signed again (a party may only change its own row)" },
  // Civic space.
  'tandem_civic_report_desks()': { roles: ['tandem_app'], why: 'the reporting form: which organisations read reports about which country, with their names only (they chose to be named by opening a desk)' },
  // Funding.
  'tandem_funding_reviewer_ties()': { roles: [], why: "trigger: flags a reviewer's known ties to the applicant (a membership of it, or an active agreement of one of the reviewer's organisations with it), which reads other organisations' memberships and agreements" },
  'tandem_funding_caller_tied(uuid)': { roles: ['tandem_app'], why: "the reviewer's policies: whether the acting person (from the transaction) has a known tie to the applicant of one application; answers about nobody else" },
  'tandem_funding_review_started()': { roles: [], why: "trigger: records on the application when its first reviewer is assigned, so the applicant (who may not read the reviewers) sees that it is under review" },
  'tandem_funding_reflag()': { roles: [], why: 'trigger: a membership or agreement that appears later flags the open review assignments it ties to their applicant' },
  'tandem_funding_find_reviewer(text)': { roles: ['tandem_app'], why: "a donor officer (checked from the transaction) finds an active account by its e-mail address to assign as reviewer: its id and name only" },
  'tandem_are_partners(uuid,uuid)': { roles: ['tandem_app'], why: 'whether the acting organisation and another have an agreement in force; false unless one argument is the caller' },
  // Cases: need to know (the database wall's own reading of the facts).
  'tandem_case_role_ok()': { roles: ['tandem_app'], why: 'whether the caller holds a case role' },
  'tandem_case_sections(uuid)': { roles: ['tandem_app'], why: "the sections of a case open to the caller (used by write policies)" },
  'tandem_team_case_ids(text)': { roles: ['tandem_app'], why: "the cases whose section is open to the caller's organisation or to the caller by emergency access" },
  'tandem_team_case(uuid,text)': { roles: ['tandem_app'], why: "whether one case's section (or any) is open to the caller's organisation or to the caller by emergency access: the per-row probe policies use" },
  'tandem_referral_sessions_of(uuid[])': { roles: ['tandem_app'], why: "how many of each referral's sessions the caller may read, and the last: one access probe per referral under the sessions' policy" },
  'tandem_case_search(text)': { roles: ['tandem_app'], why: "the caller's case-list entries whose number or alias matches a pattern, through the trigram indexes, under the case list's own policy" },
  'tandem_referral_inbox(text[],timestamp with time zone,uuid,boolean,integer)': { roles: ['tandem_app'], why: "one page of the referrals sent to the caller's organisation, read along the inbox's index, under the referrals' policy for a receiver" },
  'tandem_referral_inbox_count(text[],integer)': { roles: ['tandem_app'], why: "how many referrals sent to the caller's organisation one inbox group holds, up to a bound, under the referrals' policy for a receiver" },
  'tandem_case_offered(uuid)': { roles: ['tandem_app'], why: "whether a referral on the case waits for the caller's organisation's answer" },
  'tandem_offered_case_ids()': { roles: ['tandem_app'], why: "cases with a referral waiting for the caller's organisation" },
  'tandem_offered_case_headers(uuid[])': { roles: ['tandem_app'], why: "the header (alias, sex, age band, category, region) of cases offered to the caller's organisation, nothing more" },
  'tandem_case_overseen(uuid)': { roles: ['tandem_app'], why: "whether the caller is the data protection officer of the given lead agency (compared with the caller's organisation)" },
  'tandem_subject_access_case()': { roles: ['tandem_app'], why: "the one case a subject access export opened in this very transaction (the request's own, or the build of its document), while a request of the caller is in force in it" },
  'tandem_subject_access_restricted_case()': { roles: ['tandem_app'], why: "that case's other organisations' restricted rows: for the DPO's own export, or an approved, unexpired request of the caller decided by someone else, counted in this transaction" },
  'tandem_subject_access_download(uuid,uuid)': {
    roles: ['tandem_app'],
    why: "counts one download of the caller's own approved, unexpired request that is not used up, naming the caller's own subject access document it is built as; the only way downloads are counted",
  },
  'tandem_subject_access_build(uuid)': {
    roles: ['tandem_app'],
    why: "marks this transaction as the build of the caller's own subject access document, for the request naming it while it is in force and the caller holds its role; opens nothing by itself",
  },
  'tandem_subject_access_withheld(uuid)': { roles: ['tandem_app'], why: "yes or no: whether a case the caller's agency leads holds other organisations' restricted records, for its coordinators and DPOs" },
  'tandem_case_people(uuid)': { roles: ['tandem_app'], why: "names of case people of the lead and team organisations, for someone who sees the case's plan or conferences" },
  'tandem_household_member(uuid)': { roles: ['tandem_app'], why: "a relative's pseudonymous header, for someone who sees the household section linking to them" },
  'tandem_raise_duplicate_notices(uuid[])': {
    roles: ['tandem_app'],
    why: "files possible duplicates across agencies for the DPOs of both, for cases the caller's organisation opened in this very transaction, by their stored blind indexes; answers nothing",
  },
  'tandem_instrument_reader()': { roles: ['tandem_app'], why: 'whether the caller may read judgement instruments' },
  'tandem_instrument_in_view(uuid)': { roles: ['tandem_app'], why: 'whether an instrument was used on a case whose judgements the caller sees' },
  'tandem_answer_referral(uuid,boolean,text)': { roles: ['tandem_app'], why: "the receiver's answer to a referral waiting for it; accepting adds its team place from the referral" },
  'tandem_open_break_glass(text,text,integer)': { roles: ['tandem_app'], why: "emergency access by case number: records the use (with the caller's reason) before returning the case; another agency's case in the caller's jurisdiction only" },
  'tandem_end_break_glass(uuid)': { roles: ['tandem_app'], why: "a data protection officer of the lead agency or of the user's organisation ends a use at once" },
  'tandem_case_dpo_contacts(uuid)': { roles: ['tandem_app'], why: "DPOs of the case's lead agency and of the caller's organisation, for a caller who leads the case or holds emergency access to it" },
  // Cases: the access list, kept by triggers.
  'tandem_entitled_access(uuid,uuid,uuid)': { roles: [], why: 'builds access-list rows; called by the refresh functions only' },
  'tandem_refresh_case_access(uuid,uuid)': { roles: [], why: 'rebuilds one place on the access list; called by triggers only' },
  'tandem_refresh_agreement_access(uuid)': { roles: [], why: "rebuilds an agreement's rows of the access list; called by triggers only" },
  'tandem_case_access_after_team()': { roles: [], why: 'trigger' },
  'tandem_case_access_after_consent()': { roles: [], why: 'trigger' },
  'tandem_case_access_after_agreement()': { roles: [], why: 'trigger' },
  'tandem_case_access_after_party()': { roles: [], why: 'trigger' },
  'tandem_case_access_after_case()': { roles: [], why: 'trigger' },
  'tandem_case_list_place(uuid,uuid)': { roles: [], why: "rebuilds one organisation's team entry of the case list; called by triggers only" },
  'tandem_case_list_after_access()': { roles: [], why: 'trigger: the case list follows the access list' },
  'tandem_case_list_after_case()': { roles: [], why: "trigger: the case list follows the case's listed columns" },
  'tandem_copy_lead_org()': { roles: [], why: 'trigger: copies the lead agency onto rows of case tables, never the writer\u2019s to choose' },
  'tandem_judgement_checks()': { roles: [], why: "trigger: checks ratings against the instrument and names the recorder" },
  // Planning.
  'tandem_plan_coordinator(uuid)': { roles: ['tandem_app'], why: "whether the caller coordinates the plan (its owner's plan coordinator)" },
  'tandem_plan_readable(uuid)': { roles: ['tandem_app'], why: 'whether the caller (or the public) may read the plan' },
  'tandem_readable_plan_ids()': { roles: ['tandem_app'], why: 'the plans the caller may read' },
  'tandem_coordinated_plan_ids()': { roles: ['tandem_app'], why: "the plans the caller coordinates" },
  'tandem_plan_owner_fits(uuid,text)': { roles: ['tandem_app'], why: "whether the caller's organisation is a government body of the plan's country; false for any other organisation" },
  'tandem_plan_organisations(uuid)': { roles: ['tandem_app'], why: "names of a readable plan's organisations, hidden ones only to its coordinators and to themselves" },
  'tandem_plan_representation(uuid)': { roles: ['tandem_app'], why: 'counts of contributions and participants, to the coordinators or once published' },
  'tandem_consultation_invitees(uuid,uuid)': { roles: ['tandem_app'], why: "addresses of an invited organisation's planning people, for the plan's coordinators only, to mail the invitation" },
  'tandem_contribution_author(uuid)': { roles: ['tandem_app'], why: "a contribution's author's address, for the plan's coordinators only, to mail the answer" },
  'tandem_commitment_reporter(uuid)': { roles: ['tandem_app'], why: "whether the caller's organisation reports progress on the commitment" },
  'tandem_commitment_assessor(uuid)': { roles: ['tandem_app'], why: "whether the caller's organisation may assess the commitment independently" },
  'tandem_contribution_admissible()': { roles: [], why: 'trigger: a contribution fits its consultation and stage' },
  // Computed indicators, owned by tandem_stats (which may read the case tables): counts per
  // cell of coded dimensions only, for the scope the caller (from the transaction) may see.
  'tandem_indicator_open_cases(text,text)': { roles: ['tandem_app'], why: 'counts of open cases by category, age band or region and sex, national or the caller organisation\'s caseload' },
  'tandem_indicator_case_plans(text)': { roles: ['tandem_app'], why: 'counts of open cases with and without a plan, by sex, in the caller\'s scope' },
  'tandem_indicator_referrals_answered(text,integer)': { roles: ['tandem_app'], why: 'counts of referrals answered within N days, later or not, by sex, in the caller\'s scope' },
  'tandem_indicator_consents_expiring(text)': { roles: ['tandem_app'], why: 'counts of active consents ending within 30 days or later, by who gave them, in the caller\'s scope' },
  'tandem_indicator_cases_closed(text)': { roles: ['tandem_app'], why: 'counts of cases closed in the last year by category and sex, in the caller\'s scope' },
};

describe('database rules', () => {
  let d: TestDatabase;
  beforeAll(async () => {
    d = await createTestDatabase('pglite');
  });
  afterAll(() => d?.drop());

  it('has row-level security enabled and forced on every table but the listed few', async () => {
    const { rows } = await d.db.system((tx) =>
      sql<{ name: string; on: boolean; forced: boolean }>`
        SELECT relname AS name, relrowsecurity AS on, relforcerowsecurity AS forced FROM pg_class
        WHERE relnamespace = 'public'::regnamespace AND relkind IN ('r', 'p') ORDER BY relname`.execute(tx),
    );
    const unprotected = rows.filter((r) => !(r.on && r.forced)).map((r) => r.name);
    expect(unprotected).toEqual(Object.keys(WITHOUT_RLS).sort());
    // Those few: nothing but reading for the request roles.
    const { rows: grants } = await d.db.system((tx) =>
      sql<{ table: string; privilege: string }>`
        SELECT table_name AS table, privilege_type AS privilege FROM information_schema.role_table_grants
        WHERE table_schema = 'public' AND table_name = ANY (${Object.keys(WITHOUT_RLS)}::text[]) AND grantee IN ('tandem_app', 'tandem_auth', 'PUBLIC')`.execute(tx),
    );
    expect(grants.filter((g) => g.privilege !== 'SELECT')).toEqual([]);
  });

  it('lists every SECURITY DEFINER function, pins its search path with pg_temp last and lets only the listed roles run it', async () => {
    const { rows } = await d.db.system((tx) =>
      sql<{ signature: string; config: string[] | null; executors: string[] }>`
        SELECT p.oid::regprocedure::text AS signature, p.proconfig AS config,
          ARRAY (SELECT CASE WHEN a.grantee = 0 THEN 'PUBLIC' ELSE pg_get_userbyid(a.grantee) END
                 FROM aclexplode(coalesce(p.proacl, acldefault('f', p.proowner))) a
                 WHERE a.privilege_type = 'EXECUTE' AND a.grantee <> p.proowner ORDER BY 1) AS executors
        FROM pg_proc p WHERE p.pronamespace = 'public'::regnamespace AND p.prosecdef ORDER BY 1`.execute(tx),
    );
    const found = rows.map((r) => r.signature);
    expect(found.filter((s) => !(s in DEFINERS)), 'SECURITY DEFINER functions missing from the list').toEqual([]);
    expect(Object.keys(DEFINERS).filter((s) => !found.includes(s)), 'listed functions that no longer exist').toEqual([]);
    const wrong: string[] = [];
    for (const r of rows) {
      const path = r.config?.find((c) => c.startsWith('search_path='))?.slice('search_path='.length).split(',').map((s) => s.trim().replace(/"/g, ''));
      if (!path || path.at(-1) !== 'pg_temp' || path.includes('"$user"') || path.includes('$user')) wrong.push(`${r.signature}: search_path ${String(path)}`);
      const expected = [...DEFINERS[r.signature]!.roles].sort();
      if (JSON.stringify(r.executors) !== JSON.stringify(expected)) wrong.push(`${r.signature}: executed by ${r.executors.join(', ') || 'nobody'}, expected ${expected.join(', ') || 'nobody'}`);
    }
    expect(wrong).toEqual([]);
  });

  it('answers nothing about organisations other than the caller through functions that take one', async () => {
    const ids = await d.db.system(async (tx) => {
      const org = async (short: string) => (await tx.selectFrom('organisations').select('id').where('short_name', '=', short).executeTakeFirstOrThrow()).id;
      const person = await tx
        .selectFrom('users as u')
        .innerJoin('memberships as m', 'm.user_id', 'u.id')
        .select(['u.id', 'm.org_id'])
        .where('u.email', '=', 'contributor@tandem.example')
        .executeTakeFirstOrThrow();
      return { prs: await org('PRS'), bpc: await org('BPC'), person };
    });
    const answers = await d.db.transaction({ role: 'tandem_app', requestId: 'rules', userId: ids.person.id, orgId: ids.person.org_id }, async (tx) => ({
      agreements: (await sql<{ n: number }>`SELECT count(*)::int AS n FROM tandem_agreement_ids_of_org(${ids.prs}::uuid)`.execute(tx)).rows[0]!.n,
      partners: (await sql<{ p: boolean }>`SELECT tandem_are_partners(${ids.prs}::uuid, ${ids.bpc}::uuid) AS p`.execute(tx)).rows[0]!.p,
      owner: (await sql<{ p: boolean }>`SELECT tandem_plan_owner_fits(${ids.prs}::uuid, 'XM') AS p`.execute(tx)).rows[0]!.p,
    }));
    // The agency and the centre are partners with agreements, but that is not the contributor's to learn.
    expect(answers).toEqual({ agreements: 0, partners: false, owner: false });
  });

  it("gives the request roles nothing in the job queue's schema", async () => {
    const { rows } = await d.db.system((tx) =>
      sql<{ role: string; usage: boolean }>`
        SELECT r AS role, has_schema_privilege(r, 'pgboss', 'USAGE') AS usage FROM unnest(ARRAY['tandem_app', 'tandem_auth']) AS r`.execute(tx),
    );
    expect(rows).toEqual([
      { role: 'tandem_app', usage: false },
      { role: 'tandem_auth', usage: false },
    ]);
    await expect(d.db.transaction({ role: 'tandem_app', requestId: 'rules-boss' }, (tx) => sql`SELECT count(*) FROM pgboss.job`.execute(tx))).rejects.toMatchObject({ code: '42501' });
  });

  it('keeps db/schema.sql equal to the schema the migrations make', async () => {
    const committed = readFileSync(resolve(import.meta.dirname, '../../db/schema.sql'), 'utf8');
    const current = await d.db.system((tx) => dumpSchema(tx));
    if (committed !== current) {
      const a = committed.split('\n');
      const b = current.split('\n');
      const i = a.findIndex((line, n) => line !== b[n]);
      expect.fail(`db/schema.sql is out of date from line ${i + 1} (committed: ${JSON.stringify(a[i])}, now: ${JSON.stringify(b[i])}); run npm run schema`);
    }
  });
});
