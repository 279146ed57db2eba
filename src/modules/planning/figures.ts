// Representation and gender figures of a plan, from counts only (tandem_plan_representation,
// migration 0025): contributions by organisation type, the share from women-led organisations
// and their acceptance rate beside everyone else's, meeting participants by sex and by type.
// The acceptance rate is accepted plus partly accepted over answered (any recorded answer).
// Every figure passes disclosure control before it leaves the server, signed in or public: with
// few contributions, an exact count could tell what kind of organisation wrote an anonymous one.
import { sql } from 'kysely';
import type { Tx } from '../../db.ts';
import type { Actor } from '../../platform/auth/actor.ts';
import { DomainError } from '../../platform/http/errors.ts';
import { planAccess, requirePlanningRole, type PlanAccess } from './access.ts';
import { answerState } from './report.ts';
import { derived, protectLinked, type Cell, type DisclosureRules, type ProtectedTable } from '../monitoring/disclosure.ts';
import { planHeading, planOrgNames, publishedPlan } from './reading.ts';
import type { FiguresView } from './report-schema.ts';
import { PARTICIPANT_ORG_TYPES, PARTICIPANT_SEXES } from './schema.ts';

export type RepresentationRow = { dimension: string; org_type: string; women_led: boolean; status: string; n: number };

const ANSWERS = ['accepted', 'notAccepted', 'unanswered'] as const;
const answerColumn = (status: string): number => {
  const state = answerState(status);
  return state === 'unanswered' ? 2 : state === 'accepted' || state === 'partly_accepted' ? 0 : 1;
};

/** Every known type in the register's order, then any other the rows name (never dropped). */
function orgTypes(rows: RepresentationRow[], dimension: string): string[] {
  const extra = [...new Set(rows.filter((r) => r.dimension === dimension).map((r) => r.org_type))].filter((t) => !(PARTICIPANT_ORG_TYPES as readonly string[]).includes(t)).sort();
  return [...PARTICIPANT_ORG_TYPES, ...extra];
}

/** Counts of one dimension as a grid: rows by `rowOf`, columns by `colOf`. */
function grid(rows: RepresentationRow[], dimension: string, rowCount: number, rowOf: (r: RepresentationRow) => number, colCount: number, colOf: (r: RepresentationRow) => number): number[][] {
  const g = Array.from({ length: rowCount }, () => new Array<number>(colCount).fill(0));
  for (const r of rows) {
    if (r.dimension !== dimension) continue;
    const line = g[rowOf(r)];
    const j = colOf(r);
    if (line && j >= 0 && j < colCount) line[j] = (line[j] ?? 0) + Number(r.n);
  }
  return g;
}

const cellOf = (t: ProtectedTable, i: number, j: number): Cell => t.cells[i]?.[j] ?? { value: null, suppressed: 'secondary' };
const rowTotal = (t: ProtectedTable, i: number): Cell => t.rowTotals[i] ?? { value: null, suppressed: 'secondary' };
const colTotal = (t: ProtectedTable, j: number): Cell => t.colTotals[j] ?? { value: null, suppressed: 'secondary' };
const sum = (cells: Cell[]) => derived(cells, () => cells.reduce((a, c) => a + (c.value ?? 0), 0));
const ratio = (num: Cell, den: Cell) => derived([num, den], () => (den.value ? (num.value ?? 0) / den.value : 0));

/** Accepted, answered and the acceptance rate of one row of an answers table. */
function answers(t: ProtectedTable, i: number) {
  const accepted = cellOf(t, i, 0);
  const answered = sum([accepted, cellOf(t, i, 1)]);
  return { accepted, answered, rate: answered.value === 0 ? { value: null, suppressed: 'secondary' as const } : ratio(accepted, answered) };
}

/**
 * The figures from the function's rows, after disclosure control; pure, so that the arithmetic
 * and the suppression are tested on their own. Contributions by organisation type and by
 * women-led or not are two tables over the same contributions (they share the answer totals and
 * the grand total), and so are participants by type and by women-led; each pair is protected
 * together. Shares and rates are published only when the counts they come from are.
 */
export function figuresFrom(rows: RepresentationRow[], rules: DisclosureRules): Omit<FiguresView, 'plan'> {
  const contributionTypes = orgTypes(rows, 'contributions');
  const participantTypes = orgTypes(rows, 'participants');
  const sexes = [...PARTICIPANT_SEXES] as string[];
  const [byType, byWomen] = protectLinked(
    [
      grid(rows, 'contributions', contributionTypes.length, (r) => contributionTypes.indexOf(r.org_type), 3, (r) => answerColumn(r.status)),
      grid(rows, 'contributions', 2, (r) => (r.women_led ? 0 : 1), 3, (r) => answerColumn(r.status)),
    ],
    rules,
    'columns',
  ) as [ProtectedTable, ProtectedTable];
  const [pByType, pByWomen] = protectLinked(
    [
      grid(rows, 'participants', participantTypes.length, (r) => participantTypes.indexOf(r.org_type), sexes.length, (r) => sexes.indexOf(r.status)),
      grid(rows, 'participants', 2, (r) => (r.women_led ? 0 : 1), sexes.length, (r) => sexes.indexOf(r.status)),
    ],
    rules,
    'columns',
  ) as [ProtectedTable, ProtectedTable];
  const share = (i: number) => {
    const a = answers(byWomen, i);
    return { contributions: rowTotal(byWomen, i), answered: a.answered, accepted: a.accepted, acceptanceRate: a.rate };
  };
  return {
    disclosure: { threshold: rules.threshold, roundTo: rules.roundTo },
    contributions: {
      total: byType.total,
      byAnswer: Object.fromEntries(ANSWERS.map((a, j) => [a, colTotal(byType, j)])) as Record<(typeof ANSWERS)[number], Cell>,
      byOrgType: contributionTypes.map((orgType, i) => {
        const a = answers(byType, i);
        return { orgType, contributions: rowTotal(byType, i), answered: a.answered, accepted: a.accepted };
      }),
      womenLedShare: ratio(rowTotal(byWomen, 0), byWomen.total),
      womenLed: share(0),
      others: share(1),
    },
    participants: {
      total: pByType.total,
      bySex: sexes.map((sex, j) => ({ sex, n: colTotal(pByType, j) })),
      byOrgType: participantTypes.map((orgType, i) => ({ orgType, n: rowTotal(pByType, i) })),
      fromWomenLed: rowTotal(pByWomen, 0),
    },
  };
}

async function build(tx: Tx, access: PlanAccess, rules: DisclosureRules): Promise<FiguresView> {
  const names = await planOrgNames(tx, access.id);
  const plan = await planHeading(tx, access.id, names);
  const { rows } = await sql<RepresentationRow>`
    SELECT dimension, org_type, women_led, status, n FROM tandem_plan_representation(${access.id}::uuid)`.execute(tx);
  return { plan, ...figuresFrom(rows, rules) };
}

/**
 * Signed in: the plan's coordinators, and anyone taking part in planning once the plan is
 * published (the database gives counts of an unpublished plan to its coordinators only).
 */
export async function planFigures(tx: Tx, actor: Actor, planId: string, rules: DisclosureRules): Promise<FiguresView> {
  requirePlanningRole(actor);
  const access = await planAccess(tx, actor, planId);
  if (!access.coordinator && !access.published) throw new DomainError('forbidden');
  return build(tx, access, rules);
}

export async function publicFigures(tx: Tx, planId: string, rules: DisclosureRules): Promise<FiguresView> {
  return build(tx, await publishedPlan(tx, planId), rules);
}
