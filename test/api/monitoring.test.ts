// Computed indicators from case data: who sees which scope (the service's wall and the
// database's, each on its own), that every figure served passes disclosure control and equals the
// truth where it is published, that the functions give the application role counts and nothing
// else, and that any counts the functions could answer come out protected (generated counts).
import fc from 'fast-check';
import { sql } from 'kysely';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { protectIndicators, type IndicatorCounts } from '../../src/modules/monitoring/indicators.ts';
import type { IndicatorsView, IndicatorView } from '../../src/modules/monitoring/schema.ts';
import type { PublishedFigure } from '../../src/modules/monitoring/published-schema.ts';
import { createTestApp, type TestApp } from '../support/app.ts';
import { backends } from '../support/databases.ts';

const figures = (i: IndicatorView[]): PublishedFigure[] =>
  i.flatMap((v) => [...v.tables.flatMap((t) => [...t.cells.flat(), ...t.rowTotals, ...t.colTotals, t.total])]);

/** No row or column of a table (with its total) has exactly one hidden figure. */
function noLoneHidden(v: IndicatorView[]): void {
  for (const t of v.flatMap((x) => x.tables)) {
    const grid = [...t.cells.map((r, i) => [...r, t.rowTotals[i]!]), [...t.colTotals, t.total]];
    for (const row of grid) expect(row.filter((c) => c.suppressed).length).not.toBe(1);
    for (let j = 0; j < grid[0]!.length; j++) expect(grid.filter((r) => r[j]!.suppressed).length).not.toBe(1);
  }
}

describe.each(backends)('computed indicators on %s', (backend) => {
  let t: TestApp;
  beforeAll(async () => {
    t = await createTestApp(backend);
  });
  afterAll(() => t?.close());

  const ask = async (email: string, query = '') => {
    const client = await t.signIn(email);
    return client.get(`/api/monitoring/indicators${query}`);
  };
  const who = async (email: string) =>
    t.db.system(async (tx) =>
      tx.selectFrom('users as u').innerJoin('memberships as m', 'm.user_id', 'u.id').select(['u.id', 'm.org_id']).where('u.email', '=', email).executeTakeFirstOrThrow(),
    );

  it('serves national figures to a plan coordinator, each published one above the threshold and equal to the truth', async () => {
    const res = await ask('plan-coordinator@tandem.example');
    expect(res.statusCode, res.body).toBe(200);
    expect(res.headers['cache-control']).toBe('no-store');
    const v = res.json() as IndicatorsView;
    expect(v.scope).toBe('national');
    expect(v.scopes).toEqual(['national']);
    expect(v.disclosure).toEqual({ threshold: 5, roundTo: 1 });
    expect(v.indicators.map((i) => i.id)).toEqual(['open_cases', 'case_plans', 'referrals_answered', 'consents_expiring', 'cases_closed']);
    for (const f of figures(v.indicators)) if (f.value !== null) expect(f.value).toBeGreaterThan(5);
    noLoneHidden(v.indicators);
    // The truth, counted directly as the owner: open cases of the jurisdiction by category and sex.
    const truth = await t.db.system((tx) =>
      sql<{ category: string; sex: string; n: number }>`SELECT category, sex, count(*)::int AS n FROM cases WHERE status = 'open' AND jurisdiction = 'XM' GROUP BY 1, 2`.execute(tx),
    );
    const byCategory = v.indicators[0]!.tables[0]!;
    expect(byCategory.rowDimension).toBe('category');
    byCategory.rows.forEach((cat, i) =>
      byCategory.cols.forEach((sex, j) => {
        const real = truth.rows.find((r) => r.category === cat && r.sex === sex)?.n ?? 0;
        const shown = byCategory.cells[i]![j]!;
        if (shown.value !== null) expect(shown.value).toBe(real);
        else expect(real <= 5 || shown.suppressed === 'secondary').toBe(true);
      }),
    );
    const total = truth.rows.reduce((a, r) => a + r.n, 0);
    if (byCategory.total.value !== null) expect(byCategory.total.value).toBe(total);
  });

  it('gives an organisation its own caseload only, and a government case coordinator both scopes', async () => {
    const cso = await ask('caseworker@tandem.example');
    expect(cso.statusCode).toBe(200);
    expect((cso.json() as IndicatorsView).scopes).toEqual(['organisation']);
    expect((await ask('caseworker@tandem.example', '?scope=national')).statusCode).toBe(403);
    const gov = await ask('coordinator@tandem.example', '?scope=organisation');
    expect(gov.statusCode).toBe(200);
    expect((gov.json() as IndicatorsView).scopes).toEqual(['national', 'organisation']);
    expect((await ask('donor@tandem.example', '?scope=organisation')).statusCode).toBe(403);
    expect((await ask('viewer@tandem.example')).statusCode).toBe(403);
    expect((await ask('contributor@tandem.example')).statusCode).toBe(403);
  });

  it('refuses bad input with a 400', async () => {
    for (const q of ['?days=0', '?days=91', '?days=x', '?scope=everyone', '?scope=']) expect((await ask('plan-coordinator@tandem.example', q)).statusCode, q).toBe(400);
  });

  it('answers no rows to a caller outside the scope, whatever the application asks (the database wall)', async () => {
    const rows = async (email: string, scope: string) => {
      const p = await who(email);
      return t.db.transaction({ role: 'tandem_app', requestId: 'stats', userId: p.id, orgId: p.org_id }, async (tx) => ({
        open: (await sql`SELECT * FROM tandem_indicator_open_cases(${scope}, 'category')`.execute(tx)).rows.length,
        plans: (await sql`SELECT * FROM tandem_indicator_case_plans(${scope})`.execute(tx)).rows.length,
        referrals: (await sql`SELECT * FROM tandem_indicator_referrals_answered(${scope}, 10)`.execute(tx)).rows.length,
        consents: (await sql`SELECT * FROM tandem_indicator_consents_expiring(${scope})`.execute(tx)).rows.length,
        closed: (await sql`SELECT * FROM tandem_indicator_cases_closed(${scope})`.execute(tx)).rows.length,
      }));
    };
    const none = { open: 0, plans: 0, referrals: 0, consents: 0, closed: 0 };
    expect(await rows('viewer@tandem.example', 'national')).toEqual(none);
    expect(await rows('viewer@tandem.example', 'organisation')).toEqual(none);
    expect(await rows('caseworker@tandem.example', 'national')).toEqual(none);
    expect(await rows('donor@tandem.example', 'organisation')).toEqual(none);
    expect((await rows('plan-coordinator@tandem.example', 'national')).open).toBeGreaterThan(0);
    // Without anyone acting, nothing.
    const anonymous = await t.db.transaction({ role: 'tandem_app', requestId: 'stats-nobody' }, (tx) => sql`SELECT * FROM tandem_indicator_open_cases('national', 'category')`.execute(tx));
    expect(anonymous.rows).toEqual([]);
  });

  it('lets the application role neither become tandem_stats nor call its helpers, and tandem_stats only read', async () => {
    const p = await who('plan-coordinator@tandem.example');
    const ctx = { role: 'tandem_app' as const, requestId: 'stats-walls', userId: p.id, orgId: p.org_id };
    // (SET ROLE is checked against the connecting role, which requests never reach; membership is what counts.)
    const member = await t.db.system((tx) => sql<{ m: boolean }>`SELECT pg_has_role('tandem_app', 'tandem_stats', 'MEMBER') AS m`.execute(tx));
    expect(member.rows[0]?.m).toBe(false);
    await expect(t.db.transaction(ctx, (tx) => sql`SELECT * FROM tandem_stats_scope('national')`.execute(tx))).rejects.toMatchObject({ code: '42501' });
    const { rows: grants } = await t.db.system((tx) =>
      sql<{ privilege: string }>`SELECT DISTINCT privilege_type AS privilege FROM information_schema.column_privileges WHERE grantee = 'tandem_stats'
        UNION SELECT DISTINCT privilege_type FROM information_schema.role_table_grants WHERE grantee = 'tandem_stats'`.execute(tx),
    );
    expect(grants.map((g) => g.privilege)).toEqual(['SELECT']);
    // Every function tandem_stats owns that others may run returns counts per cell, nothing else.
    const { rows: fns } = await t.db.system((tx) =>
      sql<{ name: string; result: string; definer: boolean }>`
        SELECT p.proname AS name, pg_get_function_result(p.oid) AS result, p.prosecdef AS definer FROM pg_proc p
        WHERE p.proowner = 'tandem_stats'::regrole AND has_function_privilege('tandem_app', p.oid, 'EXECUTE') ORDER BY 1`.execute(tx),
    );
    expect(fns.map((f) => f.name)).toEqual([
      'tandem_indicator_case_plans',
      'tandem_indicator_cases_closed',
      'tandem_indicator_consents_expiring',
      'tandem_indicator_open_cases',
      'tandem_indicator_referrals_answered',
    ]);
    for (const f of fns) expect(f).toMatchObject({ result: 'TABLE(row_key text, col_key text, n integer)', definer: true });
    // The case tables stay closed to the application role beyond its own policies: tandem_stats' policies are its own.
    const { rows: policies } = await t.db.system((tx) =>
      sql<{ roles: string[] }>`SELECT roles::text[] AS roles FROM pg_policies WHERE policyname LIKE '%\_stats'`.execute(tx),
    );
    expect(policies.length).toBe(6);
    for (const pol of policies) expect(pol.roles).toEqual(['tandem_stats']);
  });

  it('protects whatever counts the functions could answer (generated counts)', () => {
    const sexes = ['female', 'male', 'unknown'];
    const cell = (rows: string[], cols: string[]) =>
      fc.array(fc.record({ row_key: fc.constantFrom(...rows), col_key: fc.constantFrom(...cols), n: fc.integer({ min: 1, max: 40 }) }), { maxLength: 12 }).map((cells) => {
        // The functions group by their keys: one count per cell.
        const m = new Map<string, { row_key: string; col_key: string; n: number }>();
        for (const c of cells) m.set(`${c.row_key}/${c.col_key}`, c);
        return [...m.values()];
      });
    const counts: fc.Arbitrary<IndicatorCounts> = fc.record({
      byCategory: cell(['adult_returnee', 'child_returnee', 'family_member'], sexes),
      byAge: cell(['12-17', '18-24', '25-34'], sexes),
      byRegion: cell(['north', 'south', 'somewhere-else'], sexes),
      plans: cell(['with_plan', 'without_plan'], sexes),
      answered: cell(['within', 'later', 'unanswered'], sexes),
      consents: cell(['person', 'guardian', 'not_applicable'], ['within_30_days', 'later_or_open']),
      closed: cell(['adult_returnee', 'released_offender'], sexes),
    });
    fc.assert(
      fc.property(counts, fc.integer({ min: 1, max: 10 }), (c, threshold) => {
        const v = protectIndicators(c, ['north', 'south'], { threshold, roundTo: 1 });
        for (const f of figures(v)) if (f.value !== null) expect(f.value).toBeGreaterThan(threshold);
        for (const i of v) if (i.share && i.share.value !== null) expect(i.share.value).toBeGreaterThanOrEqual(0);
        noLoneHidden(v);
        // Shared margins of the open-case tables agree on what is hidden.
        const sexTotals = [...v[0]!.tables, ...v[1]!.tables].map((t) => t.colTotals.map((x) => x.suppressed !== null).join());
        expect(new Set(sexTotals).size).toBe(1);
      }),
      { numRuns: 150 },
    );
  });
});
