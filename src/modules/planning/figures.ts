// Representation and gender figures of a plan, from counts only (tandem_plan_representation,
// migration 0025): contributions by organisation type, the share from women-led organisations
// and their acceptance rate beside everyone else's, meeting participants by sex and by type.
// The acceptance rate is accepted plus partly accepted over answered (any recorded answer).
import { sql } from 'kysely';
import type { Tx } from '../../db.ts';
import type { Actor } from '../../platform/auth/actor.ts';
import { DomainError } from '../../platform/http/errors.ts';
import { planAccess, requirePlanningRole, type PlanAccess } from './access.ts';
import { answerState, emptyCounts } from './report.ts';
import { planHeading, planOrgNames, publishedPlan } from './reading.ts';
import type { FiguresView } from './report-schema.ts';
import { PARTICIPANT_ORG_TYPES, PARTICIPANT_SEXES } from './schema.ts';

export type RepresentationRow = { dimension: string; org_type: string; women_led: boolean; status: string; n: number };

const ACCEPTED = new Set(['accepted', 'partly_accepted']);
const rate = (accepted: number, answered: number) => (answered === 0 ? null : accepted / answered);
const typeOrder = (t: string) => {
  const i = (PARTICIPANT_ORG_TYPES as readonly string[]).indexOf(t);
  return i < 0 ? PARTICIPANT_ORG_TYPES.length : i;
};

/** The figures from the function's rows; pure, so that the arithmetic is tested on its own. */
export function figuresFrom(rows: RepresentationRow[]): Omit<FiguresView, 'plan'> {
  const byStatus = emptyCounts();
  const byType = new Map<string, { contributions: number; answered: number; accepted: number }>();
  const women = { contributions: 0, answered: 0, accepted: 0 };
  const others = { contributions: 0, answered: 0, accepted: 0 };
  const bySex = new Map<string, number>(PARTICIPANT_SEXES.map((s) => [s, 0]));
  const participantTypes = new Map<string, number>();
  let participants = 0;
  let fromWomenLed = 0;
  for (const r of rows) {
    const n = Number(r.n);
    if (r.dimension === 'contributions') {
      const state = answerState(r.status);
      byStatus[state] += n;
      byStatus.total += n;
      const answered = state === 'unanswered' ? 0 : n;
      const accepted = ACCEPTED.has(state) ? n : 0;
      const t = byType.get(r.org_type) ?? { contributions: 0, answered: 0, accepted: 0 };
      for (const bucket of [t, r.women_led ? women : others]) {
        bucket.contributions += n;
        bucket.answered += answered;
        bucket.accepted += accepted;
      }
      byType.set(r.org_type, t);
    } else if (r.dimension === 'participants') {
      participants += n;
      bySex.set(r.status, (bySex.get(r.status) ?? 0) + n);
      participantTypes.set(r.org_type, (participantTypes.get(r.org_type) ?? 0) + n);
      if (r.women_led) fromWomenLed += n;
    }
  }
  const sorted = <T>(m: Map<string, T>) => [...m.entries()].sort((a, b) => typeOrder(a[0]) - typeOrder(b[0]) || a[0].localeCompare(b[0]));
  return {
    contributions: {
      total: byStatus.total,
      byStatus,
      byOrgType: sorted(byType).map(([orgType, v]) => ({ orgType, ...v })),
      womenLedShare: byStatus.total === 0 ? null : women.contributions / byStatus.total,
      womenLed: { ...women, acceptanceRate: rate(women.accepted, women.answered) },
      others: { ...others, acceptanceRate: rate(others.accepted, others.answered) },
    },
    participants: {
      total: participants,
      bySex: [...bySex.entries()].map(([sex, n]) => ({ sex, n })),
      byOrgType: sorted(participantTypes).map(([orgType, n]) => ({ orgType, n })),
      fromWomenLed,
    },
  };
}

async function build(tx: Tx, access: PlanAccess): Promise<FiguresView> {
  const names = await planOrgNames(tx, access.id);
  const plan = await planHeading(tx, access.id, names);
  const { rows } = await sql<RepresentationRow>`
    SELECT dimension, org_type, women_led, status, n FROM tandem_plan_representation(${access.id}::uuid)`.execute(tx);
  return { plan, ...figuresFrom(rows) };
}

/**
 * Signed in: the plan's coordinators, and anyone taking part in planning once the plan is
 * published (the database gives counts of an unpublished plan to its coordinators only).
 */
export async function planFigures(tx: Tx, actor: Actor, planId: string): Promise<FiguresView> {
  requirePlanningRole(actor);
  const access = await planAccess(tx, actor, planId);
  if (!access.coordinator && !access.published) throw new DomainError('forbidden');
  return build(tx, access);
}

export async function publicFigures(tx: Tx, planId: string): Promise<FiguresView> {
  return build(tx, await publishedPlan(tx, planId));
}
