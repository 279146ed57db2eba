// Computed indicators from case data. Each runs one of the vetted SQL functions (migration
// 0085), which return only counts per cell; the tables are laid out on fixed rows and columns
// (every category, sex, age band and region always listed, so that a row's presence reveals
// nothing) and pass disclosure control before they leave the server. Tables over one population
// shown together share margins and are protected together.
import { sql } from 'kysely';
import type { Tx } from '../../db.ts';
import type { Actor } from '../../platform/auth/actor.ts';
import { DomainError } from '../../platform/http/errors.ts';
import { derived, protectLinked, protectTable, type DisclosureRules, type ProtectedTable } from './disclosure.ts';
import { indicatorScopes, type Scope } from './indicator-policy.ts';
import type { IndicatorTable, IndicatorView, IndicatorsView } from './schema.ts';

const SEXES = ['female', 'male', 'unknown'];
const CATEGORIES = ['adult_returnee', 'child_returnee', 'family_member', 'released_offender', 'referred_for_intervention'];
const AGE_BANDS = ['0-4', '5-11', '12-17', '18-24', '25-34', '35-49', '50+'];
const PLAN_STATES = ['with_plan', 'without_plan'];
const ANSWER_STATES = ['within', 'later', 'unanswered'];
const GIVERS = ['person', 'guardian', 'not_applicable'];
const EXPIRY = ['within_30_days', 'later_or_open'];
/** Cases whose region is not one of the jurisdiction's (or not recorded) are counted here. */
const OTHER_REGION = 'other';

export type Counts = Array<{ row_key: string; col_key: string; n: number }>;

/** The function's counts laid out on fixed rows and columns; keys outside them go to `fallbackRow` or are refused. */
function layout(counts: Counts, rows: string[], cols: string[], fallbackRow?: string): number[][] {
  const g = rows.map(() => cols.map(() => 0));
  for (const c of counts) {
    let i = rows.indexOf(c.row_key);
    if (i < 0 && fallbackRow) i = rows.indexOf(fallbackRow);
    const j = cols.indexOf(c.col_key);
    const line = g[i];
    if (!line || j < 0) throw new Error(`indicator: unexpected cell ${c.row_key}/${c.col_key}`);
    line[j] = (line[j] ?? 0) + Number(c.n);
  }
  return g;
}

function view(t: ProtectedTable, rowDimension: string, colDimension: string, rows: string[], cols: string[]): IndicatorTable {
  return { rowDimension, colDimension, rows, cols, cells: t.cells, rowTotals: t.rowTotals, colTotals: t.colTotals, total: t.total };
}

const run = async (tx: Tx, q: ReturnType<typeof sql<{ row_key: string; col_key: string; n: number }>>): Promise<Counts> =>
  (await q.execute(tx)).rows.map((r) => ({ row_key: r.row_key, col_key: r.col_key, n: Number(r.n) }));

/** What the vetted functions answer: counts per cell, nothing else. */
export type IndicatorCounts = Record<'byCategory' | 'byAge' | 'byRegion' | 'plans' | 'answered' | 'consents' | 'closed', Counts>;

/** Runs every indicator function for a scope (the database checks the caller may see it). */
export async function fetchCounts(tx: Tx, scope: Scope, days: number): Promise<IndicatorCounts> {
  return {
    byCategory: await run(tx, sql`SELECT row_key, col_key, n FROM tandem_indicator_open_cases(${scope}, 'category')`),
    byAge: await run(tx, sql`SELECT row_key, col_key, n FROM tandem_indicator_open_cases(${scope}, 'age_band')`),
    byRegion: await run(tx, sql`SELECT row_key, col_key, n FROM tandem_indicator_open_cases(${scope}, 'region')`),
    plans: await run(tx, sql`SELECT row_key, col_key, n FROM tandem_indicator_case_plans(${scope})`),
    answered: await run(tx, sql`SELECT row_key, col_key, n FROM tandem_indicator_referrals_answered(${scope}, ${days}::int)`),
    consents: await run(tx, sql`SELECT row_key, col_key, n FROM tandem_indicator_consents_expiring(${scope})`),
    closed: await run(tx, sql`SELECT row_key, col_key, n FROM tandem_indicator_cases_closed(${scope})`),
  };
}

/** The indicators' tables from the counts, after disclosure control; pure, so that it is tested on generated counts. */
export function protectIndicators(counts: IndicatorCounts, regions: string[], rules: DisclosureRules): IndicatorView[] {
  const { byCategory, byAge, byRegion, plans, answered, consents, closed } = counts;
  const regionRows = [...regions, OTHER_REGION];
  // Open cases by category, age band and region against sex, and with or without a plan against
  // sex: four tables of one population, sharing the sex totals and the grand total.
  const [cat, age, reg, plan] = protectLinked(
    [layout(byCategory, CATEGORIES, SEXES), layout(byAge, AGE_BANDS, SEXES), layout(byRegion, regionRows, SEXES, OTHER_REGION), layout(plans, PLAN_STATES, SEXES)],
    rules,
    'columns',
  ) as [ProtectedTable, ProtectedTable, ProtectedTable, ProtectedTable];
  const answeredTable = protectTable(layout(answered, ANSWER_STATES, SEXES), rules);
  const consentTable = protectTable(layout(consents, GIVERS, EXPIRY), rules);
  const closedTable = protectTable(layout(closed, CATEGORIES, SEXES), rules);
  const share = (num: ProtectedTable['total'], den: ProtectedTable['total']) => derived([num, den], () => (den.value ? (num.value ?? 0) / den.value : 0));
  return [
    {
      id: 'open_cases',
      tables: [view(cat, 'category', 'sex', CATEGORIES, SEXES), view(age, 'age_band', 'sex', AGE_BANDS, SEXES), view(reg, 'region', 'sex', regionRows, SEXES)],
      share: null,
    },
    { id: 'case_plans', tables: [view(plan, 'plan', 'sex', PLAN_STATES, SEXES)], share: share(plan.rowTotals[0] ?? plan.total, plan.total) },
    {
      id: 'referrals_answered',
      tables: [view(answeredTable, 'answer', 'sex', ANSWER_STATES, SEXES)],
      share: share(answeredTable.rowTotals[0] ?? answeredTable.total, answeredTable.total),
    },
    {
      id: 'consents_expiring',
      tables: [view(consentTable, 'given_by', 'expiry', GIVERS, EXPIRY)],
      share: share(consentTable.colTotals[0] ?? consentTable.total, consentTable.total),
    },
    { id: 'cases_closed', tables: [view(closedTable, 'category', 'sex', CATEGORIES, SEXES)], share: null },
  ];
}

/** The computed indicators the actor may see, in the scope asked for (or the widest allowed). */
export async function indicators(tx: Tx, actor: Actor, query: { scope?: Scope; days: number }, rules: DisclosureRules, now: Date): Promise<IndicatorsView> {
  const org = actor.orgId ? await tx.selectFrom('organisations').select(['type', 'country']).where('id', '=', actor.orgId).executeTakeFirst() : undefined;
  const scopes = indicatorScopes(actor, org?.type ?? null);
  const scope = query.scope ?? scopes[0];
  if (!org || !scope || !scopes.includes(scope)) throw new DomainError('forbidden');
  const jurisdiction = await tx.selectFrom('jurisdictions').select('regions').where('code', '=', org.country).executeTakeFirst();
  const regions = ((jurisdiction?.regions ?? []) as Array<{ code: string; names: Record<string, string> }>).filter((r) => typeof r.code === 'string');
  return {
    scope,
    scopes,
    days: query.days,
    disclosure: { threshold: rules.threshold, roundTo: rules.roundTo },
    regions: regions.map((r) => ({ code: r.code, names: r.names ?? {} })),
    generatedAt: now.toISOString(),
    indicators: protectIndicators(
      await fetchCounts(tx, scope, query.days),
      regions.map((r) => r.code),
      rules,
    ),
  };
}
