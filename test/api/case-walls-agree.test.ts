// The two walls agree. fast-check generates the facts of one case — its status; for each of
// three organisations a team place (role, sections, left or not), consents and legal bases
// (categories, dates, withdrawn or not), agreements with the lead agency (status, dates,
// categories), a referral waiting for an answer; a person's emergency access — and writes them
// to the database as the owner. Then, for each organisation's person and each section:
//  * the application's decision (decideAccess, from the generated facts, no database),
//  * the application's decision from the facts it reads in a request (accessTo), and
//  * what row-level security lets that person read and write, as the application role alone,
// must be the same. One bug in either wall shows up as a counterexample.
import fc from 'fast-check';
import { sql } from 'kysely';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import type { Role } from '../../src/platform/auth/roles.ts';
import { accessToMany } from '../../src/modules/cases/access.ts';
import { decideAccess, type AccessFacts } from '../../src/modules/cases/case-policy.ts';
import { SECTIONS, type Section } from '../../src/modules/cases/schema.ts';
import { backends } from '../support/databases.ts';
import { createTestApp, type TestApp } from '../support/app.ts';

const PARTNERS = ['A', 'B', 'C'] as const;
type Partner = (typeof PARTNERS)[number];
const WRITES: Section[] = ['psychosocial_notes', 'other_notes', 'security', 'needs_assessment'];

const sections = fc.subarray([...SECTIONS]);
// Days around today, narrow enough that dates often fall either side of it.
const day = fc.integer({ min: -6, max: 6 });
const partnerFacts = fc.record({
  team: fc.option(fc.record({ role: fc.constantFrom('service_provider', 'service_provider', 'security', 'support'), sections, left: fc.boolean() }), { nil: null, freq: 4 }),
  consents: fc.array(fc.record({ categories: sections, starts: day, ends: fc.option(day, { nil: null }), withdrawn: fc.boolean() }), { maxLength: 2 }),
  agreements: fc.array(fc.record({ status: fc.constantFrom('active', 'active', 'suspended', 'terminated', 'signing'), from: day, until: day, categories: sections }), { maxLength: 2 }),
  offered: fc.boolean(),
});
const world = fc.record({
  status: fc.constantFrom('open', 'open', 'closed', 'anonymised'),
  partners: fc.record({ A: partnerFacts, B: partnerFacts, C: partnerFacts }),
  breakGlass: fc.constantFrom('none', 'active', 'expired'),
});
type World = typeof world extends fc.Arbitrary<infer T> ? T : never;

describe.each(backends)('the two walls agree on %s', (backend) => {
  let t: TestApp;
  let today: string;
  const orgs: Record<string, string> = {};
  const people: Record<string, { userId: string; roles: Role[] }> = {};
  beforeAll(async () => {
    t = await createTestApp(backend);
    await t.db.system(async (tx) => {
      today = (await sql<{ d: string }>`SELECT current_date::text AS d`.execute(tx)).rows[0]!.d;
      const country = (await sql<{ c: string }>`SELECT country AS c FROM organisations LIMIT 1`.execute(tx)).rows[0]!.c;
      for (const short of ['L', ...PARTNERS, 'Z']) {
        orgs[short] = (
          await sql<{ id: string }>`INSERT INTO organisations (name, short_name, type, country) VALUES (${`Walls ${short}`}, ${`W${short}`}, ${short === 'L' ? 'government' : 'cso'}, ${country}) RETURNING id`.execute(tx)
        ).rows[0]!.id;
      }
      const person = async (key: string, org: string, roles: Role[]) => {
        const id = (await sql<{ id: string }>`INSERT INTO users (email, display_name, password_hash) VALUES (${`${key.toLowerCase()}@walls.example`}, ${key}, 'not-a-hash') RETURNING id`.execute(tx)).rows[0]!.id;
        await sql`INSERT INTO memberships (user_id, org_id, roles) VALUES (${id}, ${orgs[org]!}, ${roles}::text[])`.execute(tx);
        people[key] = { userId: id, roles };
      };
      await person('Lead', 'L', ['case_coordinator']);
      await person('LeadDpo', 'L', ['dpo']);
      for (const p of PARTNERS) await person(p, p, ['caseworker']);
    });
  });
  afterAll(() => t?.close());

  const shift = (days: number) => new Date(Date.parse(`${today}T00:00:00Z`) + days * 86_400_000).toISOString().slice(0, 10);
  let n = 0;

  /** Writes the world as the owner: a new case with a row in each section, and the partners' facts. */
  async function write(w: World): Promise<{ caseId: string; agreements: string[] }> {
    return t.db.system(async (tx) => {
      const L = orgs.L!;
      const lead = people.Lead!.userId;
      const caseNo = async (k: number) => `XM-2031-${String(++n * 10 + k).padStart(6, '0')}`;
      const newCase = async (k: number) =>
        (
          await sql<{ id: string }>`INSERT INTO cases (jurisdiction, case_number, alias, sex, age_band, category, lead_org_id, status)
            SELECT country, ${await caseNo(k)}, 'Walls', 'male', '18-24', 'adult_returnee', ${L}, 'open' FROM organisations WHERE id = ${L} RETURNING id`.execute(tx)
        ).rows[0]!.id;
      const caseId = await newCase(1);
      const relative = await newCase(2);
      // One row in each section (the relative and the other recipient Z only hold rows).
      await sql`INSERT INTO case_identity (case_id, field, sealed) VALUES (${caseId}, 'legal_name', 'v1.x'), (${caseId}, 'phone', 'v1.x')`.execute(tx);
      await sql`INSERT INTO household_links (case_id, related_case_id, relation) VALUES (${caseId}, ${relative}, 'child')`.execute(tx);
      const zConsent = (
        await sql<{ id: string }>`INSERT INTO case_consents (case_id, recipient_org_id, purpose, data_categories, legal_basis, given_by, starts_on)
          VALUES (${caseId}, ${orgs.Z!}, 'Other', ARRAY['identity'], 'consent', 'person', ${today}) RETURNING id`.execute(tx)
      ).rows[0]!.id;
      await sql`INSERT INTO needs_assessments (case_id, org_id, assessed_on, levels) VALUES (${caseId}, ${L}, ${today}, '{}')`.execute(tx);
      const instrument = (
        await sql<{ id: string }>`INSERT INTO judgement_instruments (family_id, version, owner_org_id, name, factors, levels)
          VALUES (gen_random_uuid(), 1, ${L}, 'Walls', '[{"key": "f1", "label": "x", "domain": "health"}]', '[{"key": "a", "label": "A"}, {"key": "b", "label": "B"}]') RETURNING id`.execute(tx)
      ).rows[0]!.id;
      await sql`INSERT INTO case_judgements (case_id, org_id, instrument_id, ratings, overall_level, overall_reasons, next_review_on, recorded_by)
        VALUES (${caseId}, ${L}, ${instrument}, '{"f1": {"level": "a"}}', 'a', 'Walls', ${today}, ${lead})`.execute(tx);
      await sql`INSERT INTO case_plan_goals (case_id, domain, description) VALUES (${caseId}, 'health', 'Walls')`.execute(tx);
      const zReferral = (
        await sql<{ id: string }>`INSERT INTO referrals (case_id, from_org_id, to_org_id, need_domain, service, reason, data_categories, consent_id, status, answer_due_on)
          VALUES (${caseId}, ${L}, ${orgs.Z!}, 'health', 'Walls', 'Walls', ARRAY['identity'], ${zConsent}, 'accepted', ${today}) RETURNING id`.execute(tx)
      ).rows[0]!.id;
      await sql`INSERT INTO service_sessions (referral_id, case_id, org_id, session_on, attendance) VALUES (${zReferral}, ${caseId}, ${orgs.Z!}, ${today}, 'attended')`.execute(tx);
      await sql`INSERT INTO case_conferences (case_id, held_at, place) VALUES (${caseId}, now(), 'Walls')`.execute(tx);
      for (const s of ['psychosocial_notes', 'other_notes', 'security']) {
        await sql`INSERT INTO case_notes (case_id, section, author_org_id, shared, body) VALUES (${caseId}, ${s}, ${L}, true, 'Walls')`.execute(tx);
      }
      // The partners' facts.
      const agreements: string[] = [];
      for (const p of PARTNERS) {
        const f = w.partners[p];
        const org = orgs[p]!;
        for (const k of f.consents) {
          await sql`INSERT INTO case_consents (case_id, recipient_org_id, purpose, data_categories, legal_basis, given_by, starts_on, ends_on, withdrawn_at)
            VALUES (${caseId}, ${org}, 'Walls', ${k.categories.length ? k.categories : ['identity']}::text[], 'consent', 'person', ${shift(k.starts)},
                    ${k.ends === null ? null : shift(Math.max(k.starts, k.ends))}, ${k.withdrawn ? sql`now()` : sql`NULL`})`.execute(tx);
        }
        for (const a of f.agreements) {
          const id = (
            await sql<{ id: string }>`INSERT INTO partnership_agreements (title, data_categories, legal_basis, retention_months, valid_from, valid_until, status, created_by_org)
              VALUES ('Walls', ${a.categories}::text[], 'consent', 12, ${shift(Math.min(a.from, a.until))}, ${shift(Math.max(a.from, a.until))}, ${a.status}, ${L}) RETURNING id`.execute(tx)
          ).rows[0]!.id;
          await sql`INSERT INTO agreement_parties (agreement_id, org_id) VALUES (${id}, ${L}), (${id}, ${org})`.execute(tx);
          agreements.push(id);
        }
        if (f.offered) {
          await sql`INSERT INTO referrals (case_id, from_org_id, to_org_id, need_domain, service, reason, data_categories, status, answer_due_on)
            VALUES (${caseId}, ${L}, ${org}, 'health', 'Walls', 'Walls', ARRAY['identity'], 'proposed', ${today})`.execute(tx);
        }
        if (f.team) {
          await sql`INSERT INTO case_team (case_id, org_id, team_role, sections, left_at) VALUES (${caseId}, ${org}, ${f.team.role}, ${f.team.sections}::text[], ${f.team.left ? sql`now()` : sql`NULL`})`.execute(tx);
        }
      }
      if (w.breakGlass !== 'none') {
        await sql`INSERT INTO case_break_glass (case_id, user_id, org_id, reason, expires_at)
          VALUES (${caseId}, ${people.A!.userId}, ${orgs.A!}, 'An emergency described in enough words', now() + ${w.breakGlass === 'active' ? sql`interval '1 hour'` : sql`interval '-1 hour'`})`.execute(tx);
      }
      // The case's status last, as in life (anonymisation removes its place from the access list).
      if (w.status !== 'open') await sql`UPDATE cases SET status = ${w.status} WHERE id = ${caseId}`.execute(tx);
      return { caseId, agreements };
    });
  }

  /** The facts as the application's policy takes them, straight from the generated world. */
  function factsOf(w: World, caseId: string, p: Partner): AccessFacts {
    const f = w.partners[p];
    return {
      caseId,
      leadOrgId: orgs.L!,
      status: w.status as AccessFacts['status'],
      team: f.team ? { teamRole: f.team.role, sections: f.team.sections, left: f.team.left } : null,
      consents: f.consents.map((k) => ({
        dataCategories: k.categories.length ? k.categories : ['identity'],
        startsOn: shift(k.starts),
        endsOn: k.ends === null ? null : shift(Math.max(k.starts, k.ends)),
        withdrawn: k.withdrawn,
      })),
      agreements: f.agreements.map((a) => ({
        status: a.status,
        validFrom: shift(Math.min(a.from, a.until)),
        validUntil: shift(Math.max(a.from, a.until)),
        dataCategories: a.categories,
        parties: [orgs.L!, orgs[p]!],
      })),
      breakGlassActive: p === 'A' && w.breakGlass === 'active',
      offered: f.offered,
    };
  }

  /** What row-level security lets the person read of each section, and write where notes and assessments go. */
  async function databaseSays(caseId: string, key: string, org: string) {
    const ctx = { role: 'tandem_app' as const, requestId: `walls-${n}`, userId: people[key]!.userId, orgId: org };
    const read = await t.db.transaction(ctx, async (tx) => {
      const { rows } = await sql<Record<string, boolean>>`SELECT
          EXISTS (SELECT 1 FROM case_identity WHERE case_id = ${caseId} AND field = 'legal_name') AS identity,
          EXISTS (SELECT 1 FROM case_identity WHERE case_id = ${caseId} AND field = 'phone') AS contact,
          EXISTS (SELECT 1 FROM household_links WHERE case_id = ${caseId}) AS household,
          EXISTS (SELECT 1 FROM case_consents WHERE case_id = ${caseId} AND recipient_org_id = ${orgs.Z!}) AS consents,
          EXISTS (SELECT 1 FROM needs_assessments WHERE case_id = ${caseId}) AS needs_assessment,
          EXISTS (SELECT 1 FROM case_judgements WHERE case_id = ${caseId}) AS professional_judgement,
          EXISTS (SELECT 1 FROM case_plan_goals WHERE case_id = ${caseId}) AS case_plan,
          EXISTS (SELECT 1 FROM service_sessions WHERE case_id = ${caseId}) AS referrals_services,
          EXISTS (SELECT 1 FROM case_conferences WHERE case_id = ${caseId}) AS case_conferences,
          EXISTS (SELECT 1 FROM case_notes WHERE case_id = ${caseId} AND section = 'psychosocial_notes') AS psychosocial_notes,
          EXISTS (SELECT 1 FROM case_notes WHERE case_id = ${caseId} AND section = 'other_notes') AS other_notes,
          EXISTS (SELECT 1 FROM case_notes WHERE case_id = ${caseId} AND section = 'security') AS security,
          EXISTS (SELECT 1 FROM cases WHERE id = ${caseId}) AS case_row,
          EXISTS (SELECT 1 FROM tandem_offered_case_headers(ARRAY[${caseId}]::uuid[])) AS header`.execute(tx);
      return rows[0]!;
    });
    const writes: Section[] = [];
    for (const s of WRITES) {
      const ok = await t.db
        .transaction(ctx, async (tx) => {
          if (s === 'needs_assessment') {
            await sql`INSERT INTO needs_assessments (case_id, org_id, assessed_on, assessed_by, levels) VALUES (${caseId}, ${org}, ${today}, ${ctx.userId}, '{}')`.execute(tx);
          } else {
            await sql`INSERT INTO case_notes (case_id, section, author_org_id, author_id, shared, body) VALUES (${caseId}, ${s}, ${org}, ${ctx.userId}, true, 'x')`.execute(tx);
          }
          throw new Written();
        })
        .catch((e: unknown) => {
          if (e instanceof Written) return true;
          if ((e as { code?: string }).code === '42501') return false;
          throw e;
        });
      if (ok) writes.push(s);
    }
    return { sections: SECTIONS.filter((s) => read[s]), caseRow: read.case_row!, header: read.header!, writes };
  }

  it('for every organisation and section, the application and row-level security decide the same', { timeout: 240_000 }, async () => {
    await fc.assert(
      fc.asyncProperty(world, async (w) => {
        const { caseId, agreements } = await write(w);
        try {
          const cases: Array<[string, string, AccessFacts]> = [
            ...PARTNERS.map((p): [string, string, AccessFacts] => [p, orgs[p]!, factsOf(w, caseId, p)]),
            ['Lead', orgs.L!, { ...factsOf(w, caseId, 'A'), team: null, consents: [], agreements: [], breakGlassActive: false, offered: false }],
            ['LeadDpo', orgs.L!, { ...factsOf(w, caseId, 'A'), team: null, consents: [], agreements: [], breakGlassActive: false, offered: false }],
          ];
          for (const [key, org, facts] of cases) {
            const who = { orgId: org, roles: people[key]!.roles };
            const policy = decideAccess(who, facts, today);
            const db = await databaseSays(caseId, key, org);
            const label = `${key} in ${JSON.stringify(w)}`;
            // Reading: every section, the case row and the offered header.
            expect(db.sections, label).toEqual(policy.sections);
            expect(db.caseRow, label).toBe(policy.relation !== null && policy.relation !== 'offered');
            expect(db.header, label).toBe(facts.offered && w.status !== 'anonymised' && who.roles.includes('caseworker'));
            // Writing notes and assessments: a section open to them, on an open case.
            const canWrite = WRITES.filter((s) => policy.sections.includes(s) && w.status === 'open');
            expect(db.writes, label).toEqual(canWrite);
            // The application in a request, reading its facts through row-level security.
            const actor = { userId: people[key]!.userId, sessionId: 'walls', stage: 'complete' as const, orgId: org, roles: people[key]!.roles };
            const app = await t.db.transaction({ role: 'tandem_app', requestId: 'walls-app', userId: actor.userId, orgId: org }, (tx) => accessToMany(tx, actor, [caseId]));
            const seen = app.get(caseId);
            expect(seen ? { relation: seen.relation, sections: seen.sections } : null, label).toEqual(policy.relation === null ? null : policy);
          }
        } finally {
          // Agreements bind organisations, not cases: remove this world's before the next.
          await t.db.system((tx) => sql`DELETE FROM partnership_agreements WHERE id = ANY (${agreements}::uuid[])`.execute(tx));
        }
      }),
      { numRuns: backend === 'pglite' ? 80 : 50 },
    );
  });
});

class Written extends Error {}
