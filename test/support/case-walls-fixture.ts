// One case with a row in every case table, and one organisation (with one person) in each
// relation need-to-know knows: the lead agency's coordinator, caseworker and data protection
// officer; team organisations as service provider, in the security role and in support; an
// organisation offered a referral, one that declined it, one whose consent was withdrawn, one
// whose agreement was suspended and one whose agreement expired; a person with emergency access;
// an outsider in the same country; and nobody. Written as the owner (no policies), so that the
// tests that use it look at the database wall alone.
import { sql } from 'kysely';
import type { AppDatabase, Tx } from '../../src/db.ts';

export const RELATIONS = [
  'lead_coordinator',
  'lead_caseworker',
  'lead_dpo',
  'team_provider',
  'team_security',
  'team_support',
  'offered',
  'declined',
  'consent_withdrawn',
  'agreement_suspended',
  'agreement_expired',
  'break_glass',
  'outsider',
  'no_caller',
] as const;
export type Relation = (typeof RELATIONS)[number];

export const ALL_SECTIONS = ['identity', 'contact', 'household', 'consents', 'needs_assessment', 'professional_judgement', 'case_plan', 'referrals_services', 'case_conferences', 'psychosocial_notes', 'other_notes', 'security'];
const ALL_BUT_SECURITY = ALL_SECTIONS.filter((s) => s !== 'security');

export type Fixture = {
  country: string;
  caseId: string;
  /** A second case of the lead agency, the household relative. */
  relativeId: string;
  people: Record<Exclude<Relation, 'no_caller'>, { userId: string; orgId: string }>;
  /** Named rows: the key is a label the expectations use, the value its primary key. */
  rows: Record<string, string>;
};

const PEOPLE: Record<Exclude<Relation, 'no_caller'>, { org: string; roles: string[] }> = {
  lead_coordinator: { org: 'L', roles: ['case_coordinator'] },
  lead_caseworker: { org: 'L', roles: ['caseworker'] },
  lead_dpo: { org: 'L', roles: ['dpo'] },
  team_provider: { org: 'T1', roles: ['caseworker'] },
  team_security: { org: 'T2', roles: ['caseworker'] },
  team_support: { org: 'T3', roles: ['caseworker'] },
  offered: { org: 'O', roles: ['caseworker'] },
  declined: { org: 'D', roles: ['caseworker'] },
  consent_withdrawn: { org: 'W', roles: ['caseworker'] },
  agreement_suspended: { org: 'S', roles: ['caseworker'] },
  agreement_expired: { org: 'E', roles: ['caseworker'] },
  break_glass: { org: 'B', roles: ['caseworker'] },
  outsider: { org: 'X', roles: ['case_coordinator'] },
};

async function one<T>(tx: Tx, q: ReturnType<typeof sql<T>>): Promise<T> {
  return (await q.execute(tx)).rows[0]!;
}

export async function buildFixture(db: AppDatabase, tag: string): Promise<Fixture> {
  return db.system(async (tx) => {
    const { country } = await one<{ country: string }>(tx, sql`SELECT country FROM organisations WHERE type = 'government' ORDER BY name LIMIT 1`);
    const orgs: Record<string, string> = {};
    for (const short of ['L', 'T1', 'T2', 'T3', 'O', 'D', 'W', 'S', 'E', 'B', 'X']) {
      orgs[short] = (
        await one<{ id: string }>(
          tx,
          sql`INSERT INTO organisations (name, short_name, type, country) VALUES (${`Matrix ${tag} ${short}`}, ${`${tag}${short}`}, ${short === 'L' ? 'government' : 'cso'}, ${country}) RETURNING id`,
        )
      ).id;
    }
    const people = {} as Fixture['people'];
    for (const [rel, p] of Object.entries(PEOPLE) as Array<[keyof typeof PEOPLE, (typeof PEOPLE)[keyof typeof PEOPLE]]>) {
      const { id } = await one<{ id: string }>(
        tx,
        sql`INSERT INTO users (email, display_name, password_hash) VALUES (${`${rel}.${tag}@matrix.example`}, ${`Matrix ${rel}`}, 'not-a-hash') RETURNING id`,
      );
      await sql`INSERT INTO memberships (user_id, org_id, roles) VALUES (${id}, ${orgs[p.org]!}, ${p.roles}::text[])`.execute(tx);
      people[rel] = { userId: id, orgId: orgs[p.org]! };
    }
    const L = orgs.L!;
    const lead = people.lead_coordinator.userId;

    // Agreements: one in force with the team and the withdrawn one; one suspended; one expired.
    const agreement = async (parties: string[], status: string, from: string, until: string) => {
      const { id } = await one<{ id: string }>(
        tx,
        sql`INSERT INTO partnership_agreements (title, data_categories, legal_basis, retention_months, valid_from, valid_until, status, created_by_org)
            VALUES (${`Matrix ${tag} ${status}`}, ${ALL_SECTIONS}::text[], 'consent', 24, ${from}::date, ${until}::date, ${status}, ${L}) RETURNING id`,
      );
      for (const org of parties) await sql`INSERT INTO agreement_parties (agreement_id, org_id, signed_at) VALUES (${id}, ${org}, now())`.execute(tx);
      return id;
    };
    const inForce = await agreement([L, orgs.T1!, orgs.T2!, orgs.T3!, orgs.W!], 'active', '2020-01-01', '2099-12-31');
    await agreement([L, orgs.S!], 'suspended', '2020-01-01', '2099-12-31');
    await agreement([L, orgs.E!], 'active', '2020-01-01', '2021-12-31');

    const newCase = async (alias: string, n: number) =>
      (
        await one<{ id: string }>(
          tx,
          sql`INSERT INTO cases (jurisdiction, case_number, alias, sex, age_band, birth_year, nationality, category, legal_status, region, languages, lead_org_id, created_by)
              VALUES (${country}, ${`${country}-2026-9${String(n).padStart(5, '0')}`}, ${alias}, 'female', '25-34', 1995, ${country}, 'adult_returnee', 'released', 'north', ARRAY['ru'], ${L}, ${lead}) RETURNING id`,
        )
      ).id;
    const base = Math.floor(Math.random() * 9000) * 10 + 1000;
    const caseId = await newCase(`Matrix ${tag}`, base);
    const relativeId = await newCase(`Matrix ${tag} relative`, base + 1);
    const rows: Record<string, string> = { case: caseId, relative: relativeId };

    // Consents (everything) to each organisation meant to be on the team; W's withdrawn.
    for (const short of ['T1', 'T2', 'T3', 'W', 'S', 'E']) {
      rows[`consent_${short}`] = (
        await one<{ id: string }>(
          tx,
          sql`INSERT INTO case_consents (case_id, recipient_org_id, purpose, data_categories, legal_basis, given_by, starts_on, withdrawn_at, recorded_by)
              VALUES (${caseId}, ${orgs[short]!}, 'Matrix', ${ALL_SECTIONS}::text[], 'consent', 'person', '2020-01-01', ${short === 'W' ? sql`now()` : sql`NULL`}, ${lead}) RETURNING id`,
        )
      ).id;
    }
    // Referrals: accepted for the team places, proposed to O, declined by D.
    const referral = async (to: string, status: string) =>
      (
        await one<{ id: string }>(
          tx,
          sql`INSERT INTO referrals (case_id, from_org_id, to_org_id, need_domain, service, reason, data_categories, agreement_id, status, answer_due_on, created_by, decided_at)
              VALUES (${caseId}, ${L}, ${to}, 'psychosocial', 'Matrix service', 'Reason describing the person', ${ALL_SECTIONS}::text[], ${inForce}, ${status}, '2099-01-01', ${lead},
                      ${status === 'proposed' ? sql`NULL` : sql`now()`}) RETURNING id`,
        )
      ).id;
    for (const short of ['T1', 'T2', 'T3', 'W', 'S', 'E']) rows[`referral_${short}`] = await referral(orgs[short]!, 'accepted');
    rows.referral_O = await referral(orgs.O!, 'proposed');
    rows.referral_D = await referral(orgs.D!, 'declined');
    const team = async (short: string, role: string, sections: string[]) =>
      sql`INSERT INTO case_team (case_id, org_id, team_role, sections, via_referral_id) VALUES (${caseId}, ${orgs[short]!}, ${role}, ${sections}::text[], ${rows[`referral_${short}`]!})`.execute(tx);
    await team('T1', 'service_provider', ALL_BUT_SECURITY);
    await team('T2', 'security', ['identity', 'other_notes', 'security']);
    await team('T3', 'support', ['case_plan']);
    for (const short of ['W', 'S', 'E']) await team(short, 'service_provider', ALL_BUT_SECURITY);

    await sql`INSERT INTO case_break_glass (case_id, user_id, user_name, org_id, reason, expires_at)
              VALUES (${caseId}, ${people.break_glass.userId}, 'Matrix', ${orgs.B!}, 'An emergency described in enough words', now() + interval '1 hour')`.execute(tx);
    rows.break_glass = (await one<{ id: string }>(tx, sql`SELECT id FROM case_break_glass WHERE case_id = ${caseId}`)).id;

    rows.identity_name = (await one<{ id: string }>(tx, sql`INSERT INTO case_identity (case_id, field, sealed) VALUES (${caseId}, 'legal_name', 'v1.matrix') RETURNING id`)).id;
    rows.identity_phone = (await one<{ id: string }>(tx, sql`INSERT INTO case_identity (case_id, field, sealed) VALUES (${caseId}, 'phone', 'v1.matrix') RETURNING id`)).id;
    await sql`INSERT INTO household_links (case_id, related_case_id, relation) VALUES (${caseId}, ${relativeId}, 'mother')`.execute(tx);
    // The worker on the case: a colleague at the lead agency (so that each relation may try to add itself).
    const colleague = await one<{ id: string }>(tx, sql`INSERT INTO users (email, display_name, password_hash) VALUES (${`colleague.${tag}@matrix.example`}, 'Matrix colleague', 'not-a-hash') RETURNING id`);
    await sql`INSERT INTO memberships (user_id, org_id, roles) VALUES (${colleague.id}, ${L}, ARRAY['caseworker'])`.execute(tx);
    rows.worker = colleague.id;
    await sql`INSERT INTO case_workers (case_id, user_id, org_id) VALUES (${caseId}, ${colleague.id}, ${L})`.execute(tx);
    rows.session = (
      await one<{ id: string }>(
        tx,
        sql`INSERT INTO service_sessions (referral_id, case_id, org_id, session_on, attendance, recorded_by) VALUES (${rows.referral_T1!}, ${caseId}, ${orgs.T1!}, '2026-01-10', 'attended', ${people.team_provider.userId}) RETURNING id`,
      )
    ).id;
    rows.assessment = (
      await one<{ id: string }>(tx, sql`INSERT INTO needs_assessments (case_id, org_id, assessed_on, assessed_by, levels) VALUES (${caseId}, ${L}, '2026-01-05', ${lead}, '{"psychosocial": 3}') RETURNING id`)
    ).id;
    const note = async (section: string, org: string, user: string, shared: boolean) =>
      (
        await one<{ id: string }>(
          tx,
          sql`INSERT INTO case_notes (case_id, section, author_org_id, author_id, shared, body) VALUES (${caseId}, ${section}, ${org}, ${user}, ${shared}, 'Matrix note') RETURNING id`,
        )
      ).id;
    rows.note_psychosocial_shared = await note('psychosocial_notes', orgs.T1!, people.team_provider.userId, true);
    rows.note_psychosocial_private = await note('psychosocial_notes', orgs.T1!, people.team_provider.userId, false);
    rows.note_other = await note('other_notes', L, lead, true);
    rows.note_security = await note('security', orgs.T2!, people.team_security.userId, true);
    rows.event_open = String((await one<{ id: number }>(tx, sql`INSERT INTO case_events (case_id, kind, section) VALUES (${caseId}, 'matrix.event', NULL) RETURNING id`)).id);
    rows.event_security = String((await one<{ id: number }>(tx, sql`INSERT INTO case_events (case_id, kind, section) VALUES (${caseId}, 'matrix.event', 'security') RETURNING id`)).id);

    rows.instrument = (
      await one<{ id: string }>(
        tx,
        sql`INSERT INTO judgement_instruments (family_id, version, owner_org_id, name, factors, levels)
            VALUES (gen_random_uuid(), 1, ${L}, ${`Matrix ${tag}`}, '[{"key": "f1", "label": "Engagement", "domain": "psychosocial"}]',
                    '[{"key": "l1", "label": "Low"}, {"key": "l2", "label": "High"}]') RETURNING id`,
      )
    ).id;
    rows.judgement = (
      await one<{ id: string }>(
        tx,
        sql`INSERT INTO case_judgements (case_id, org_id, instrument_id, ratings, overall_level, overall_reasons, next_review_on, recorded_by)
            VALUES (${caseId}, ${L}, ${rows.instrument}, '{"f1": {"level": "l2"}}', 'l2', 'Matrix reasons', '2099-01-01', ${lead}) RETURNING id`,
      )
    ).id;
    rows.goal = (await one<{ id: string }>(tx, sql`INSERT INTO case_plan_goals (case_id, domain, description) VALUES (${caseId}, 'housing', 'Matrix goal') RETURNING id`)).id;
    rows.action = (
      await one<{ id: string }>(
        tx,
        sql`INSERT INTO case_plan_actions (case_id, goal_id, description, responsible_org_id, target_date) VALUES (${caseId}, ${rows.goal}, 'Matrix action', ${orgs.T3!}, '2099-01-01') RETURNING id`,
      )
    ).id;
    rows.conference = (
      await one<{ id: string }>(tx, sql`INSERT INTO case_conferences (case_id, held_at, place) VALUES (${caseId}, now(), 'Matrix room') RETURNING id`)
    ).id;
    rows.reminder_O = (
      await one<{ id: string }>(
        tx,
        sql`INSERT INTO case_reminders (case_id, org_id, kind, subject_id, due_on) VALUES (${caseId}, ${orgs.O!}, 'referral_unanswered', ${rows.referral_O}, '2026-01-01') RETURNING id`,
      )
    ).id;
    rows.reminder_L = (
      await one<{ id: string }>(
        tx,
        sql`INSERT INTO case_reminders (case_id, org_id, kind, subject_id, due_on) VALUES (${caseId}, ${L}, 'referral_unanswered', ${rows.referral_O}, '2026-01-01') RETURNING id`,
      )
    ).id;
    rows.import = (
      await one<{ id: string }>(tx, sql`INSERT INTO case_imports (org_id, created_by, mode, total_rows, valid_rows) VALUES (${L}, ${lead}, 'all', 1, 1) RETURNING id`)
    ).id;
    await sql`INSERT INTO case_import_rows (import_id, row_number, case_id) VALUES (${rows.import}, 2, ${caseId})`.execute(tx);
    rows.sar_request = (
      await one<{ id: string }>(
        tx,
        sql`INSERT INTO subject_access_requests (case_id, requested_by, requested_as, reason, approval)
            VALUES (${caseId}, ${lead}, 'case_coordinator', 'Subject access request received, ref M-1', 'pending') RETURNING id`,
      )
    ).id;
    rows.duplicate_notice = (
      await one<{ id: string }>(
        tx,
        sql`INSERT INTO case_duplicate_notices (pair_id, org_id, side, case_id, other_org_id, other_org_name, fields)
            VALUES (gen_random_uuid(), ${L}, 'held', ${caseId}, ${orgs.X!}, 'Matrix X', ARRAY['legal_name']) RETURNING id`,
      )
    ).id;
    return { country, caseId, relativeId, people, rows };
  });
}
