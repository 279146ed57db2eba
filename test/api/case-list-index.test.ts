// The case list's own index (case_list, migration 0071) against the rules, after any sequence of
// changes to team places, consents, agreements, their parties, referrals and the cases
// themselves (fast-check draws the sequences; each runs on top of the last):
//  * as stored: one entry per case for its lead agency and one per open team place of another
//    organisation, each with the case's listed columns, and each team entry with the span of
//    its organisation's access-list rows (so the policy's shortcut is never wider than the probe);
//  * as read: each organisation, through row-level security, lists exactly the cases the cases
//    table shows it that it leads or holds an open team place on.
import fc from 'fast-check';
import { sql } from 'kysely';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import type { Tx } from '../../src/db.ts';
import { backends } from '../support/databases.ts';
import { createTestApp, type TestApp } from '../support/app.ts';
import { ALL_SECTIONS, buildFixture, type Fixture } from '../support/case-walls-fixture.ts';

const OTHERS = ['team_provider', 'team_security', 'team_support', 'offered', 'declined', 'consent_withdrawn', 'agreement_suspended', 'agreement_expired', 'break_glass', 'outsider'] as const;
type Other = (typeof OTHERS)[number];
const AGREEMENTS = ['active', 'suspended'] as const;

type Op =
  | { kind: 'join'; c: 0 | 1; who: Other; role: 'service_provider' | 'security' | 'support'; sections: string[] }
  | { kind: 'leave'; c: 0 | 1; who: Other }
  | { kind: 'consent'; c: 0 | 1; who: Other; sections: string[]; from: number; days: number | null }
  | { kind: 'withdraw'; c: 0 | 1; who: Other }
  | { kind: 'agreement'; which: 0 | 1 | 2; status: (typeof AGREEMENTS)[number] }
  | { kind: 'party'; which: 0 | 1 | 2; who: Other; add: boolean }
  | { kind: 'refer'; c: 0 | 1; who: Other; accept: boolean }
  | { kind: 'case'; c: 0 | 1; status: 'open' | 'closed'; category: 'adult_returnee' | 'family_member' };

const who = fc.constantFrom(...OTHERS);
const c01 = fc.constantFrom(0 as const, 1 as const);
const sections = fc.subarray(ALL_SECTIONS, { minLength: 1 });
const op: fc.Arbitrary<Op> = fc.oneof(
  fc.record({ kind: fc.constant('join' as const), c: c01, who, role: fc.constantFrom('service_provider' as const, 'security' as const, 'support' as const), sections }),
  fc.record({ kind: fc.constant('leave' as const), c: c01, who }),
  fc.record({ kind: fc.constant('consent' as const), c: c01, who, sections, from: fc.integer({ min: -400, max: 30 }), days: fc.option(fc.integer({ min: 1, max: 800 }), { nil: null }) }),
  fc.record({ kind: fc.constant('withdraw' as const), c: c01, who }),
  fc.record({ kind: fc.constant('agreement' as const), which: fc.constantFrom(0 as const, 1 as const, 2 as const), status: fc.constantFrom(...AGREEMENTS) }),
  fc.record({ kind: fc.constant('party' as const), which: fc.constantFrom(0 as const, 1 as const, 2 as const), who, add: fc.boolean() }),
  fc.record({ kind: fc.constant('refer' as const), c: c01, who, accept: fc.boolean() }),
  fc.record({ kind: fc.constant('case' as const), c: c01, status: fc.constantFrom('open' as const, 'closed' as const), category: fc.constantFrom('adult_returnee' as const, 'family_member' as const) }),
);

describe.each(backends)('the case list index on %s', (backend) => {
  let t: TestApp;
  let f: Fixture;
  let agreements: string[];
  let cases: [string, string];
  beforeAll(async () => {
    t = await createTestApp(backend);
    f = await buildFixture(t.db, 'li');
    cases = [f.caseId, f.relativeId];
    agreements = await t.db.system(async (tx) =>
      (await sql<{ id: string }>`SELECT id FROM partnership_agreements WHERE title LIKE 'Matrix li %' ORDER BY title`.execute(tx)).rows.map((r) => r.id),
    );
  });
  afterAll(() => t?.close());

  const orgOf = (w: Other) => f.people[w].orgId;
  const lead = () => f.people.lead_coordinator.orgId;

  async function apply(o: Op): Promise<void> {
    if (o.kind === 'refer') {
      const referral = await t.db.system(async (tx) =>
        (
          await sql<{ id: string }>`
            INSERT INTO referrals (case_id, from_org_id, to_org_id, need_domain, service, reason, data_categories, status, answer_due_on, created_by)
            VALUES (${cases[o.c]}, ${lead()}, ${orgOf(o.who)}, 'psychosocial', 'Index service', 'Reason describing the need', ${ALL_SECTIONS}::text[], 'proposed', '2099-01-01',
                    ${f.people.lead_coordinator.userId}) RETURNING id`.execute(tx)
        ).rows[0]!.id,
      );
      // The receiver answers, as the application would have it (its own caller, its own function).
      const me = f.people[o.who];
      await t.db.transaction({ role: 'tandem_app', requestId: 'index-refer', userId: me.userId, orgId: me.orgId }, (tx) =>
        sql`SELECT tandem_answer_referral(${referral}::uuid, ${o.accept}, ${o.accept ? null : 'Declined for the property test'})`.execute(tx),
      );
      return;
    }
    await t.db.system(async (tx) => {
      switch (o.kind) {
        case 'join':
          await sql`INSERT INTO case_team (case_id, org_id, team_role, sections) VALUES (${cases[o.c]}, ${orgOf(o.who)}, ${o.role}, ${o.sections}::text[])
                    ON CONFLICT (case_id, org_id) DO UPDATE SET left_at = NULL, team_role = EXCLUDED.team_role, sections = EXCLUDED.sections`.execute(tx);
          break;
        case 'leave':
          await sql`UPDATE case_team SET left_at = now() WHERE case_id = ${cases[o.c]} AND org_id = ${orgOf(o.who)} AND left_at IS NULL`.execute(tx);
          break;
        case 'consent':
          await sql`INSERT INTO case_consents (case_id, recipient_org_id, purpose, data_categories, legal_basis, given_by, starts_on, ends_on, recorded_by)
                    VALUES (${cases[o.c]}, ${orgOf(o.who)}, 'Index', ${o.sections}::text[], 'consent', 'person', current_date + ${o.from}::int,
                            ${o.days === null ? null : sql`current_date + ${o.from + o.days}::int`}, ${f.people.lead_coordinator.userId})`.execute(tx);
          break;
        case 'withdraw':
          await sql`UPDATE case_consents SET withdrawn_at = now() WHERE case_id = ${cases[o.c]} AND recipient_org_id = ${orgOf(o.who)} AND withdrawn_at IS NULL`.execute(tx);
          break;
        case 'agreement':
          await sql`UPDATE partnership_agreements SET status = ${o.status} WHERE id = ${agreements[o.which]!}`.execute(tx);
          break;
        case 'party':
          if (o.add) await sql`INSERT INTO agreement_parties (agreement_id, org_id, signed_at) VALUES (${agreements[o.which]!}, ${orgOf(o.who)}, now()) ON CONFLICT DO NOTHING`.execute(tx);
          else await sql`DELETE FROM agreement_parties WHERE agreement_id = ${agreements[o.which]!} AND org_id = ${orgOf(o.who)}`.execute(tx);
          break;
        case 'case':
          await sql`UPDATE cases SET status = ${o.status}, category = ${o.category}, updated_at = clock_timestamp() WHERE id = ${cases[o.c]}`.execute(tx);
          break;
      }
    });
  }

  /** Entries that differ between case_list and its definition, for the fixture's cases (as the owner). */
  const drift = (tx: Tx) =>
    sql<Record<string, unknown>>`
      WITH expected AS (
        SELECT c.lead_org_id AS org_id, c.id AS case_id, 'lead' AS relation, c.case_number, c.alias, c.lead_org_id, c.status, c.category, c.region,
               c.sex, c.age_band, c.opened_on, c.updated_at, NULL::date AS access_from, NULL::date AS access_until, false AS access_one_window
        FROM cases c WHERE c.id = ANY (${cases}::uuid[])
        UNION ALL
        SELECT t.org_id, c.id, 'team', c.case_number, c.alias, c.lead_org_id, c.status, c.category, c.region, c.sex, c.age_band, c.opened_on, c.updated_at,
               (SELECT min(a.valid_from) FROM case_access a WHERE a.case_id = t.case_id AND a.org_id = t.org_id),
               (SELECT max(a.valid_until) FROM case_access a WHERE a.case_id = t.case_id AND a.org_id = t.org_id),
               (SELECT count(DISTINCT (a.valid_from, a.valid_until)) = 1 FROM case_access a WHERE a.case_id = t.case_id AND a.org_id = t.org_id)
        FROM case_team t JOIN cases c ON c.id = t.case_id
        WHERE t.case_id = ANY (${cases}::uuid[]) AND t.left_at IS NULL AND t.org_id <> c.lead_org_id
      ),
      stored AS (
        SELECT org_id, case_id, relation, case_number, alias, lead_org_id, status, category, region, sex, age_band, opened_on, updated_at,
               access_from, access_until, access_one_window
        FROM case_list WHERE case_id = ANY (${cases}::uuid[])
      )
      (SELECT 'missing' AS what, * FROM (SELECT * FROM expected EXCEPT SELECT * FROM stored) m)
      UNION ALL
      (SELECT 'extra', * FROM (SELECT * FROM stored EXCEPT SELECT * FROM expected) x)`.execute(tx);

  async function check(): Promise<string[]> {
    const wrong: string[] = [];
    const stored = await t.db.system(drift);
    for (const r of stored.rows) wrong.push(`${String(r.what)} entry ${JSON.stringify(r)}`);
    const places = await t.db.system(async (tx) =>
      (
        await sql<{ org_id: string; case_id: string }>`
          SELECT lead_org_id AS org_id, id AS case_id FROM cases WHERE id = ANY (${cases}::uuid[])
          UNION SELECT org_id, case_id FROM case_team WHERE case_id = ANY (${cases}::uuid[]) AND left_at IS NULL`.execute(tx)
      ).rows,
    );
    for (const rel of ['lead_caseworker', ...OTHERS] as const) {
      const me = f.people[rel];
      const mine = new Set(places.filter((p) => p.org_id === me.orgId).map((p) => p.case_id));
      const { listed, readable } = await t.db.transaction({ role: 'tandem_app', requestId: 'index-check', userId: me.userId, orgId: me.orgId }, async (tx) => ({
        listed: (await sql<{ id: string }>`SELECT case_id AS id FROM case_list WHERE case_id = ANY (${cases}::uuid[]) ORDER BY 1`.execute(tx)).rows.map((r) => r.id),
        readable: (await sql<{ id: string }>`SELECT id FROM cases WHERE id = ANY (${cases}::uuid[]) ORDER BY 1`.execute(tx)).rows.map((r) => r.id),
      }));
      const expected = readable.filter((id) => mine.has(id));
      if (JSON.stringify(listed) !== JSON.stringify(expected)) wrong.push(`${rel} lists ${JSON.stringify(listed)}, the rules allow ${JSON.stringify(expected)}`);
    }
    return wrong;
  }

  it('starts equal to the rules', async () => {
    expect(await check()).toEqual([]);
  });

  it('stays equal to the rules after any sequence of team, consent, agreement, referral and case changes', async () => {
    await fc.assert(
      fc.asyncProperty(fc.array(op, { minLength: 1, maxLength: 8 }), async (ops) => {
        for (const o of ops) await apply(o);
        const wrong = await check();
        expect(wrong, JSON.stringify(ops)).toEqual([]);
      }),
      { numRuns: backend === 'pglite' ? 30 : 20 },
    );
  });

  it('can fail: an entry the triggers did not write is caught', async () => {
    await t.db.system((tx) => sql`UPDATE case_list SET category = 'child_returnee' WHERE case_id = ${f.caseId} AND relation = 'lead'`.execute(tx));
    expect((await check()).length).toBeGreaterThan(0);
    await t.db.system((tx) => sql`UPDATE case_list l SET category = c.category FROM cases c WHERE c.id = l.case_id AND l.case_id = ${f.caseId}`.execute(tx));
    expect(await check()).toEqual([]);
  });
});
