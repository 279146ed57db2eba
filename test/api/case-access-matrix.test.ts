// The access matrix of the database wall, on its own: every relation to a case (lead agency roles,
// team roles, offered, declined, consent withdrawn, agreement suspended or expired, emergency
// access, outsider, nobody) × every case table × SELECT of each fixture row, INSERT, UPDATE of
// each column and DELETE — run as the application role with the relation's person and
// organisation set, and compared with the allowed set declared below. Anything not declared is
// refused. The application's own checks play no part here (test/api/case-walls-agree.test.ts
// shows that the application decides the same).
import { sql, type RawBuilder } from 'kysely';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { backends } from '../support/databases.ts';
import { createTestApp, type TestApp } from '../support/app.ts';
import { buildFixture, RELATIONS, type Fixture, type Relation } from '../support/case-walls-fixture.ts';

type Rel = Relation;
const LEAD: Rel[] = ['lead_coordinator', 'lead_caseworker'];
const TEAM: Rel[] = ['team_provider', 'team_security', 'team_support'];

type Spec = {
  /** Each fixture row by label: the condition that finds it, and who may read it. */
  rows: Record<string, { where: (f: Fixture) => RawBuilder<unknown>; select: Rel[] }>;
  /** The row UPDATE and DELETE are tried on. */
  target: string;
  /** An INSERT the relation might try (its own organisation and person where the row names them). */
  insert: (f: Fixture, me: Me) => RawBuilder<unknown>;
  insertAllowed: Rel[];
  /** Columns and who may update them on the target row; every other column: nobody. */
  update?: Record<string, Rel[]>;
  deleteAllowed?: Rel[];
};
type Me = { userId: string | null; orgId: string | null; n: number };

const id = (label: string) => (f: Fixture) => sql`id = ${f.rows[label]!}`;
const org = (me: Me) => me.orgId ?? '00000000-0000-0000-0000-000000000000';
const user = (me: Me) => me.userId ?? '00000000-0000-0000-0000-000000000000';

const MATRIX: Record<string, Spec> = {
  cases: {
    rows: {
      case: { where: id('case'), select: [...LEAD, 'lead_dpo', 'team_provider', 'team_security', 'team_support', 'break_glass'] },
    },
    target: 'case',
    insert: (f, me) =>
      sql`INSERT INTO cases (jurisdiction, case_number, alias, sex, age_band, category, lead_org_id, created_by)
          VALUES (${f.country}, ${`${f.country}-2027-8${String(me.n).padStart(5, '0')}`}, 'New', 'male', '18-24', 'family_member', ${org(me)}, ${user(me)})`,
    insertAllowed: ['lead_coordinator', 'outsider'],
    update: {
      status: ['lead_coordinator'],
      closed_on: ['lead_coordinator'],
      closure_reason: ['lead_coordinator'],
      aftercare_until: ['lead_coordinator'],
      updated_at: ['lead_coordinator', 'lead_dpo'],
      legal_hold: ['lead_dpo'],
      legal_hold_reason: ['lead_dpo'],
    },
  },
  case_identity: {
    rows: {
      identity_name: { where: id('identity_name'), select: [...LEAD, 'team_provider', 'team_security', 'break_glass'] },
      identity_phone: { where: id('identity_phone'), select: [...LEAD, 'team_provider', 'break_glass'] },
    },
    target: 'identity_name',
    insert: (f) => sql`INSERT INTO case_identity (case_id, field, sealed) VALUES (${f.caseId}, 'document_number', 'v1.new')`,
    insertAllowed: ['lead_coordinator'],
    deleteAllowed: ['lead_coordinator'],
  },
  household_links: {
    rows: { link: { where: (f) => sql`case_id = ${f.caseId} AND related_case_id = ${f.relativeId}`, select: [...LEAD, 'team_provider', 'break_glass'] } },
    target: 'link',
    insert: (f) => sql`INSERT INTO household_links (case_id, related_case_id, relation) VALUES (${f.relativeId}, ${f.caseId}, 'child')`,
    insertAllowed: ['lead_coordinator'],
    update: { relation: ['lead_coordinator'] },
    deleteAllowed: ['lead_coordinator'],
  },
  case_consents: {
    rows: {
      consent_T1: { where: id('consent_T1'), select: [...LEAD, 'team_provider', 'break_glass'] },
      consent_T2: { where: id('consent_T2'), select: [...LEAD, 'team_provider', 'team_security', 'break_glass'] },
      consent_W: { where: id('consent_W'), select: [...LEAD, 'team_provider', 'break_glass'] },
    },
    target: 'consent_T1',
    insert: (f, me) =>
      sql`INSERT INTO case_consents (case_id, recipient_org_id, purpose, data_categories, legal_basis, given_by, starts_on, recorded_by)
          VALUES (${f.caseId}, ${org(me)}, 'Asked for', ARRAY['identity'], 'consent', 'person', current_date, ${user(me)})`,
    insertAllowed: ['lead_coordinator'],
    update: { withdrawn_at: [], withdrawal_reason: [] },
  },
  case_team: {
    rows: {
      team_T1: { where: (f) => sql`case_id = ${f.caseId} AND org_id = ${f.people.team_provider.orgId}`, select: [...LEAD, ...TEAM, 'break_glass'] },
      team_W: {
        where: (f) => sql`case_id = ${f.caseId} AND org_id = ${f.people.consent_withdrawn.orgId}`,
        select: [...LEAD, ...TEAM, 'consent_withdrawn', 'break_glass'],
      },
    },
    target: 'team_T1',
    insert: (f, me) =>
      sql`INSERT INTO case_team (case_id, org_id, team_role, sections, via_referral_id) VALUES (${f.caseId}, ${org(me)}, 'security', ARRAY['security'], ${f.rows.referral_D!})`,
    insertAllowed: [],
  },
  case_workers: {
    rows: { worker: { where: (f) => sql`case_id = ${f.caseId} AND user_id = ${f.rows.worker!}`, select: [...LEAD, ...TEAM, 'break_glass'] } },
    target: 'worker',
    insert: (f, me) => sql`INSERT INTO case_workers (case_id, user_id, org_id) VALUES (${f.caseId}, ${user(me)}, ${org(me)})`,
    insertAllowed: [...LEAD, ...TEAM, 'break_glass'],
    deleteAllowed: LEAD,
  },
  referrals: {
    rows: {
      referral_T1: { where: id('referral_T1'), select: [...LEAD, 'team_provider'] },
      referral_O: { where: id('referral_O'), select: [...LEAD, 'offered'] },
      referral_D: { where: id('referral_D'), select: LEAD },
      referral_W: { where: id('referral_W'), select: LEAD },
    },
    target: 'referral_T1',
    insert: (f, me) =>
      sql`INSERT INTO referrals (case_id, from_org_id, to_org_id, need_domain, service, reason, data_categories, answer_due_on, created_by)
          VALUES (${f.caseId}, ${org(me)}, ${f.people.outsider.orgId}, 'legal', 'Counsel', 'Reason', ARRAY['identity'], '2099-01-01', ${user(me)})`,
    insertAllowed: ['lead_coordinator'],
    // Every change of a referral is a step of its life (see the steps test): none without one.
  },
  service_sessions: {
    rows: { session: { where: id('session'), select: [...LEAD, 'team_provider', 'break_glass'] } },
    target: 'session',
    insert: (f, me) =>
      sql`INSERT INTO service_sessions (referral_id, case_id, org_id, session_on, attendance, recorded_by)
          VALUES (${f.rows.referral_T1!}, ${f.caseId}, ${org(me)}, current_date, 'attended', ${user(me)})`,
    insertAllowed: ['team_provider'],
  },
  needs_assessments: {
    rows: { assessment: { where: id('assessment'), select: [...LEAD, 'team_provider', 'break_glass'] } },
    target: 'assessment',
    insert: (f, me) => sql`INSERT INTO needs_assessments (case_id, org_id, assessed_on, assessed_by, levels) VALUES (${f.caseId}, ${org(me)}, current_date, ${user(me)}, '{}')`,
    insertAllowed: [...LEAD, 'team_provider', 'break_glass'],
  },
  case_notes: {
    rows: {
      note_psychosocial_shared: { where: id('note_psychosocial_shared'), select: [...LEAD, 'team_provider'] },
      note_psychosocial_private: { where: id('note_psychosocial_private'), select: ['team_provider'] },
      note_other: { where: id('note_other'), select: [...LEAD, 'team_provider', 'team_security', 'break_glass'] },
      note_security: { where: id('note_security'), select: ['team_security'] },
    },
    target: 'note_other',
    insert: (f, me) => sql`INSERT INTO case_notes (case_id, section, author_org_id, author_id, shared, body) VALUES (${f.caseId}, 'other_notes', ${org(me)}, ${user(me)}, true, 'Added')`,
    insertAllowed: [...LEAD, 'team_provider', 'team_security', 'break_glass'],
  },
  case_events: {
    rows: {
      event_open: { where: id('event_open'), select: [...LEAD, ...TEAM, 'break_glass'] },
      event_security: { where: id('event_security'), select: ['team_security'] },
    },
    target: 'event_open',
    insert: (f) => sql`INSERT INTO case_events (case_id, kind, section) VALUES (${f.caseId}, 'matrix.added', NULL)`,
    insertAllowed: [...LEAD, ...TEAM, 'offered', 'break_glass'],
  },
  case_break_glass: {
    rows: { break_glass: { where: id('break_glass'), select: ['lead_dpo', 'break_glass'] } },
    target: 'break_glass',
    insert: (f, me) =>
      sql`INSERT INTO case_break_glass (case_id, user_id, user_name, org_id, reason, expires_at)
          VALUES (${f.caseId}, ${user(me)}, 'Me', ${org(me)}, 'An emergency described in enough words', now() + interval '1 hour')`,
    insertAllowed: [],
    // A review names its reviewer: an update leaving reviewed_by empty is refused (the review test writes one).
  },
  case_judgements: {
    rows: { judgement: { where: id('judgement'), select: [...LEAD, 'team_provider'] } },
    target: 'judgement',
    insert: (f, me) =>
      sql`INSERT INTO case_judgements (case_id, org_id, instrument_id, ratings, overall_level, overall_reasons, next_review_on, recorded_by)
          VALUES (${f.caseId}, ${org(me)}, ${f.rows.instrument!}, '{"f1": {"level": "l1"}}', 'l1', 'Reasons', '2099-01-01', ${user(me)})`,
    insertAllowed: LEAD,
  },
  judgement_instruments: {
    rows: { instrument: { where: id('instrument'), select: [...LEAD, 'team_provider'] } },
    target: 'instrument',
    insert: (_f, me) =>
      sql`INSERT INTO judgement_instruments (family_id, version, owner_org_id, name, factors, levels, created_by)
          VALUES (gen_random_uuid(), 1, ${org(me)}, 'Mine', '[{"key": "f1", "label": "x", "domain": "health"}]', '[{"key": "a", "label": "A"}, {"key": "b", "label": "B"}]', ${user(me)})`,
    insertAllowed: [],
  },
  case_plan_goals: {
    rows: { goal: { where: id('goal'), select: [...LEAD, 'team_provider', 'team_support', 'break_glass'] } },
    target: 'goal',
    insert: (f) => sql`INSERT INTO case_plan_goals (case_id, domain, description) VALUES (${f.caseId}, 'health', 'Added')`,
    insertAllowed: LEAD,
    update: { description: LEAD, status: LEAD, updated_at: LEAD },
  },
  case_plan_actions: {
    rows: { action: { where: id('action'), select: [...LEAD, 'team_provider', 'team_support', 'break_glass'] } },
    target: 'action',
    insert: (f) => sql`INSERT INTO case_plan_actions (case_id, goal_id, description, responsible_org_id, target_date) VALUES (${f.caseId}, ${f.rows.goal!}, 'Added', ${f.people.team_support.orgId}, '2099-01-01')`,
    insertAllowed: LEAD,
    update: {
      description: LEAD,
      responsible_org_id: LEAD,
      responsible_user_id: LEAD,
      target_date: LEAD,
      status: [...LEAD, 'team_support'],
      completed_on: [...LEAD, 'team_support'],
      updated_at: [...LEAD, 'team_support'],
    },
  },
  case_conferences: {
    rows: { conference: { where: id('conference'), select: [...LEAD, 'team_provider', 'break_glass'] } },
    target: 'conference',
    insert: (f) => sql`INSERT INTO case_conferences (case_id, held_at, place) VALUES (${f.caseId}, now(), 'Room')`,
    insertAllowed: ['lead_coordinator'],
    update: { attendees: ['lead_coordinator'], minutes: ['lead_coordinator'], decisions: ['lead_coordinator'], status: ['lead_coordinator'], recorded_at: ['lead_coordinator'], recorded_by: ['lead_coordinator'] },
  },
  case_reminders: {
    rows: { reminder_O: { where: id('reminder_O'), select: ['offered'] }, reminder_L: { where: id('reminder_L'), select: LEAD } },
    target: 'reminder_L',
    insert: (f, me) => sql`INSERT INTO case_reminders (case_id, org_id, kind, subject_id, due_on) VALUES (${f.caseId}, ${org(me)}, 'review_due', ${f.caseId}, current_date)`,
    insertAllowed: [],
    update: { dismissed_at: [], dismissed_by: [] },
  },
  case_imports: {
    rows: { import: { where: id('import'), select: ['lead_coordinator'] } },
    target: 'import',
    insert: (_f, me) => sql`INSERT INTO case_imports (org_id, created_by, mode, total_rows, valid_rows) VALUES (${org(me)}, ${user(me)}, 'all', 0, 0)`,
    insertAllowed: ['lead_coordinator', 'outsider'],
    update: {
      status: ['lead_coordinator'],
      imported_rows: ['lead_coordinator'],
      errors: ['lead_coordinator'],
      failure: ['lead_coordinator'],
      finished_at: ['lead_coordinator'],
      updated_at: ['lead_coordinator'],
      sealed_rows: ['lead_coordinator'],
    },
  },
  case_import_rows: {
    rows: { import_row: { where: (f) => sql`import_id = ${f.rows.import!} AND row_number = 2`, select: ['lead_coordinator'] } },
    target: 'import_row',
    insert: (f) => sql`INSERT INTO case_import_rows (import_id, row_number, case_id) VALUES (${f.rows.import!}, 3, ${f.relativeId})`,
    insertAllowed: ['lead_coordinator'],
  },
  case_duplicate_notices: {
    // The lead agency's data protection officer alone; reconciling names the officer, so a
    // change that leaves reconciled_by empty is refused (the duplicate notices test reconciles).
    rows: { notice: { where: id('duplicate_notice'), select: ['lead_dpo'] } },
    target: 'notice',
    insert: (f, me) =>
      sql`INSERT INTO case_duplicate_notices (pair_id, org_id, side, case_id, other_org_id, other_org_name, fields)
          VALUES (gen_random_uuid(), ${org(me)}, 'held', ${f.caseId}, ${f.people.outsider.orgId}, 'X', ARRAY['legal_name'])`,
    insertAllowed: [],
  },
  subject_access_requests: {
    // The requester, and the lead agency's data protection officer who decides; a decision names
    // the officer and sets the approval, so a change leaving it pending is refused (the
    // subject access tests decide requests).
    rows: { request: { where: id('sar_request'), select: ['lead_coordinator', 'lead_dpo'] } },
    target: 'request',
    insert: (f, me) =>
      sql`INSERT INTO subject_access_requests (case_id, requested_by, requested_as, reason, approval)
          VALUES (${f.caseId}, ${user(me)}, 'case_coordinator', 'Subject access request received', 'pending')`,
    insertAllowed: ['lead_coordinator'],
  },
  case_access: {
    rows: { access: { where: (f) => sql`case_id = ${f.caseId} AND org_id = ${f.people.team_provider.orgId} AND section = 'identity'`, select: [] } },
    target: 'access',
    insert: (f, me) =>
      sql`INSERT INTO case_access (case_id, org_id, section, consent_id, agreement_id, valid_from, valid_until)
          SELECT case_id, ${org(me)}, 'security', consent_id, agreement_id, valid_from, valid_until FROM case_access LIMIT 1`,
    insertAllowed: [],
  },
  case_list: {
    rows: {
      lead_entry: { where: (f) => sql`case_id = ${f.caseId} AND org_id = ${f.people.lead_coordinator.orgId}`, select: LEAD },
      team_entry: { where: (f) => sql`case_id = ${f.caseId} AND org_id = ${f.people.team_provider.orgId}`, select: ['team_provider'] },
      security_entry: { where: (f) => sql`case_id = ${f.caseId} AND org_id = ${f.people.team_security.orgId}`, select: ['team_security'] },
      withdrawn_entry: { where: (f) => sql`case_id = ${f.caseId} AND org_id = ${f.people.consent_withdrawn.orgId}`, select: [] },
      suspended_entry: { where: (f) => sql`case_id = ${f.caseId} AND org_id = ${f.people.agreement_suspended.orgId}`, select: [] },
    },
    target: 'team_entry',
    insert: (f, me) =>
      sql`INSERT INTO case_list (org_id, case_id, relation, case_number, alias, lead_org_id, status, category, sex, age_band, opened_on, updated_at)
          SELECT ${org(me)}, case_id, 'team', case_number, alias, lead_org_id, status, category, sex, age_band, opened_on, updated_at FROM case_list LIMIT 1`,
    insertAllowed: [],
  },
  case_number_counters: {
    rows: { counter: { where: (f) => sql`jurisdiction = ${f.country} AND year = 2026`, select: ['lead_coordinator', 'outsider'] } },
    target: 'counter',
    insert: (f) => sql`INSERT INTO case_number_counters (jurisdiction, year, last) VALUES (${f.country}, 1999, 1)`,
    insertAllowed: ['lead_coordinator', 'outsider'],
    update: { last: ['lead_coordinator', 'outsider'] },
  },
};

type Outcome = 'allowed' | 'refused';
const REFUSALS = new Set(['42501', '42P17']);

describe.each(backends)('the database wall for cases on %s', (backend) => {
  let t: TestApp;
  let f: Fixture;
  let columns: Map<string, string[]>;
  beforeAll(async () => {
    t = await createTestApp(backend);
    f = await buildFixture(t.db, 'm');
    await t.db.system((tx) => sql`INSERT INTO case_number_counters (jurisdiction, year, last) VALUES (${f.country}, 2026, 1) ON CONFLICT DO NOTHING`.execute(tx));
    const { rows } = await t.db.system((tx) =>
      sql<{ table: string; column: string }>`
        SELECT c.relname AS table, a.attname AS column FROM pg_attribute a JOIN pg_class c ON c.oid = a.attrelid
        WHERE c.relnamespace = 'public'::regnamespace AND c.relname = ANY (${Object.keys(MATRIX)}::text[])
          AND a.attnum > 0 AND NOT a.attisdropped AND a.attgenerated = '' AND a.attidentity = ''
        ORDER BY a.attnum`.execute(tx),
    );
    columns = new Map();
    for (const r of rows) columns.set(r.table, [...(columns.get(r.table) ?? []), r.column]);
  });
  afterAll(() => t?.close());

  let n = 0;
  /** Runs one statement as the relation, in a transaction that is always rolled back. */
  async function attempt(rel: Rel, statement: RawBuilder<unknown>, count: boolean): Promise<Outcome | number> {
    const me = rel === 'no_caller' ? null : f.people[rel];
    let result: Outcome | number = 'refused';
    await t.db
      .transaction({ role: 'tandem_app', requestId: `matrix-${n++}`, userId: me?.userId ?? null, orgId: me?.orgId ?? null }, async (tx) => {
        try {
          const r = await statement.execute(tx);
          result = count ? Number((r.rows[0] as { n: number }).n) : Number(r.numAffectedRows ?? 0n) > 0 ? 'allowed' : 'refused';
        } catch (error) {
          const code = (error as { code?: string }).code ?? '';
          if (!REFUSALS.has(code)) throw new Error(`${rel}: ${(error as Error).message}`, { cause: error });
          result = 'refused';
        }
        throw new Rollback();
      })
      .catch((e: unknown) => {
        if (!(e instanceof Rollback)) throw e;
      });
    return result;
  }

  it('covers every table that carries a case or its access', async () => {
    const { rows } = await t.db.system((tx) =>
      sql<{ table: string }>`
        SELECT DISTINCT c.relname AS table FROM pg_attribute a JOIN pg_class c ON c.oid = a.attrelid
        WHERE c.relnamespace = 'public'::regnamespace AND c.relkind = 'r' AND a.attname = 'case_id' AND NOT a.attisdropped`.execute(tx),
    );
    expect(rows.map((r) => r.table).filter((name) => !(name in MATRIX))).toEqual([]);
  });

  // The referral inbox finds its page and counts its groups in definer functions (migration
  // 0073) that read along the inbox's index without row-level security: they must find exactly
  // the referrals sent to the organisation that the referrals' own policy lets it read.
  it("the inbox's functions find exactly the referrals sent to each relation that the policy lets it read", async () => {
    const statuses = ['proposed', 'accepted', 'closed', 'declined', 'withdrawn'];
    const mine = sql`SELECT id FROM referrals WHERE to_org_id = (SELECT tandem_org_id())`;
    const found = sql`SELECT tandem_referral_inbox(${statuses}::text[], NULL, NULL, false, 1001)`;
    const wrong: string[] = [];
    const readable: Partial<Record<Rel, number>> = {};
    for (const rel of RELATIONS) {
      const policy = (await attempt(rel, sql`SELECT count(*)::int AS n FROM (${mine}) m`, true)) as number;
      const apart = await attempt(rel, sql`SELECT count(*)::int AS n FROM ((${mine} EXCEPT ${found}) UNION ALL (${found} EXCEPT ${mine})) d`, true);
      const counted = await attempt(rel, sql`SELECT tandem_referral_inbox_count(${statuses}::text[], 1000) AS n`, true);
      if (apart !== 0) wrong.push(`${rel}: ${String(apart)} referrals differ between the policy and the inbox's page`);
      if (counted !== policy) wrong.push(`${rel}: the inbox counts ${String(counted)}, the policy lets it read ${policy}`);
      readable[rel] = policy;
    }
    expect(wrong).toEqual([]);
    // Sent to them and readable: the team places and the offer; sent and no longer readable: the
    // declined one, the withdrawn consent's, the suspended and expired agreements'.
    expect(readable).toMatchObject({ team_provider: 1, offered: 1, declined: 0, consent_withdrawn: 0, agreement_suspended: 0, agreement_expired: 0, outsider: 0, no_caller: 0 });
  });

  // The referrals' sessions are counted by a definer function (migration 0074) with one access
  // probe per referral: for every relation and every referral, it must count exactly the sessions
  // the sessions' own policy lets that relation read.
  it("the referrals' session counts are exactly what the sessions' policy lets each relation read", async () => {
    // Every referral of the fixture, also those the relation may not read (the function is asked
    // about the referrals on a page; what it answers must not depend on that).
    const ids = (await t.db.system((tx) => sql<{ id: string }>`SELECT id FROM referrals`.execute(tx))).rows.map((r) => r.id);
    const all = sql`${ids}::uuid[]`;
    const policy = sql`SELECT referral_id AS referral, count(*)::int AS sessions, max(session_on) AS last_on FROM service_sessions GROUP BY referral_id`;
    const counted = sql`SELECT referral, sessions, last_on FROM tandem_referral_sessions_of(${all}) WHERE sessions > 0`;
    const wrong: string[] = [];
    const readable: Partial<Record<Rel, number>> = {};
    for (const rel of RELATIONS) {
      const apart = await attempt(rel, sql`SELECT count(*)::int AS n FROM ((${policy} EXCEPT ${counted}) UNION ALL (${counted} EXCEPT ${policy})) d`, true);
      if (apart !== 0) wrong.push(`${rel}: ${String(apart)} referrals' sessions differ between the policy and the function`);
      readable[rel] = (await attempt(rel, sql`SELECT count(*)::int AS n FROM service_sessions`, true)) as number;
    }
    expect(wrong).toEqual([]);
    // The test can fail: somebody reads the fixture's session, and somebody does not.
    expect(Object.values(readable).some((n) => n > 0) && Object.values(readable).some((n) => n === 0)).toBe(true);
  });

  for (const [table, spec] of Object.entries(MATRIX)) {
    it(`${table}: reads, inserts, updates of each column and deletes exactly as declared`, async () => {
      const wrong: string[] = [];
      for (const rel of RELATIONS) {
        const me: Me = rel === 'no_caller' ? { userId: null, orgId: null, n: n } : { ...f.people[rel], n: n };
        for (const [label, row] of Object.entries(spec.rows)) {
          const seen = (await attempt(rel, sql`SELECT count(*)::int AS n FROM ${sql.table(table)} WHERE ${row.where(f)}`, true)) === 1;
          if (seen !== row.select.includes(rel)) wrong.push(`${rel} ${seen ? 'reads' : 'does not read'} ${table}.${label}`);
        }
        const inserted = (await attempt(rel, spec.insert(f, { ...me, n: n + 1 }), false)) === 'allowed';
        if (inserted !== spec.insertAllowed.includes(rel)) wrong.push(`${rel} ${inserted ? 'inserts into' : 'cannot insert into'} ${table}`);
        const where = spec.rows[spec.target]!.where(f);
        for (const column of columns.get(table)!) {
          const c = sql.ref(column);
          const updated = (await attempt(rel, sql`UPDATE ${sql.table(table)} SET ${c} = ${c} WHERE ${where}`, false)) === 'allowed';
          if (updated !== (spec.update?.[column] ?? []).includes(rel)) wrong.push(`${rel} ${updated ? 'updates' : 'cannot update'} ${table}.${column}`);
        }
        const deleted = (await attempt(rel, sql`DELETE FROM ${sql.table(table)} WHERE ${where}`, false)) === 'allowed';
        if (deleted !== (spec.deleteAllowed ?? []).includes(rel)) wrong.push(`${rel} ${deleted ? 'deletes from' : 'cannot delete from'} ${table}`);
      }
      expect(wrong).toEqual([]);
    });
  }
});

class Rollback extends Error {}

