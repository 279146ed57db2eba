// Results frameworks: creating one for a plan or a programme, its outcomes and outputs, its
// indicators and their targets, and reading it as a tree with the latest value of each
// indicator. Reported values are results-reports.ts. Every change is audited in its
// transaction; a framework the actor may not read does not exist for them (not_found).
import { randomUUID } from 'node:crypto';
import type { Tx } from '../../db.ts';
import type { Actor } from '../../platform/auth/actor.ts';
import { audit } from '../../platform/audit/audit.ts';
import { DomainError, type FieldError } from '../../platform/http/errors.ts';
import type { DisclosureRules } from './disclosure.ts';
import { indicatorScopes } from './indicator-policy.ts';
import { indicators as computeIndicators } from './indicators.ts';
import type { PublishedFigure } from './published-schema.ts';
import { canReadFramework, canReadIndicator, canReadReport, isManager, isReporter, managesResults, seesHistory, signedIn, type FrameworkFacts } from './results-policy.ts';
import {
  DIMENSIONS,
  DIRECTIONS,
  FREQUENCIES,
  PERIOD_PATTERNS,
  REPORT_STATUSES,
  UNITS,
  type FrameworkList,
  type FrameworkView,
  type IndicatorSummary,
  type NewFramework,
  type NewIndicator,
  type NewNode,
} from './results-schema.ts';
import { INDICATOR_IDS } from './schema.ts';

const pick = <T extends string>(list: readonly T[], v: string, fallback: T): T => list.find((x) => x === v) ?? fallback;
export const num = (v: string | number | null): number | null => (v === null ? null : Number(v));
const json = <T>(v: unknown): T => (typeof v === 'string' ? (JSON.parse(v) as T) : (v as T));

/** The framework as the actor may see it, with the facts its policy needs; not_found otherwise. */
export async function frameworkFacts(tx: Tx, actor: Actor | null, id: string) {
  if (!signedIn(actor)) throw new DomainError('unauthenticated');
  const row = await tx.selectFrom('results_frameworks').selectAll().where('id', '=', id).executeTakeFirst();
  if (!row) throw new DomainError('not_found');
  const plan = row.plan_id ? await tx.selectFrom('plans').select(['id', 'title', 'published_at']).where('id', '=', row.plan_id).executeTakeFirst() : undefined;
  const responsible = await tx.selectFrom('results_indicators').select('responsible_org_id').distinct().where('framework_id', '=', id).execute();
  const facts: FrameworkFacts = { ownerOrgId: row.owner_org_id, planPublished: !!plan?.published_at, responsibleOrgIds: responsible.map((r) => r.responsible_org_id) };
  if (!canReadFramework(actor, facts)) throw new DomainError('not_found');
  return { row, plan, facts };
}

async function orgNames(tx: Tx, ids: string[]): Promise<Map<string, string>> {
  if (ids.length === 0) return new Map();
  const rows = await tx.selectFrom('organisations').select(['id', 'name']).where('id', 'in', [...new Set(ids)]).execute();
  return new Map(rows.map((r) => [r.id, r.name]));
}
const orgOf = (names: Map<string, string>, id: string) => ({ id, name: names.get(id) ?? '—' });

export async function listFrameworks(tx: Tx, actor: Actor): Promise<FrameworkList> {
  if (!signedIn(actor)) throw new DomainError('forbidden');
  // The database's policy narrows this to the frameworks the actor may read; the service asks its own rule again.
  const rows = await tx
    .selectFrom('results_frameworks as f')
    .leftJoin('plans as p', 'p.id', 'f.plan_id')
    .select(['f.id', 'f.owner_kind', 'f.title', 'f.programme', 'f.owner_org_id', 'f.plan_id', 'p.title as plan_title', 'p.published_at'])
    .orderBy('f.created_at', 'desc')
    .limit(200)
    .execute();
  const inds = await tx.selectFrom('results_indicators').select(['id', 'framework_id', 'responsible_org_id', 'title', 'frequency', 'source']).execute();
  const waiting = await tx.selectFrom('results_reports').select(['indicator_id', 'framework_id', 'status']).where('status', 'in', ['submitted', 'returned']).execute();
  const visible = rows.filter((f) =>
    canReadFramework(actor, { ownerOrgId: f.owner_org_id, planPublished: !!f.published_at, responsibleOrgIds: inds.filter((i) => i.framework_id === f.id).map((i) => i.responsible_org_id) }),
  );
  const names = await orgNames(tx, visible.map((f) => f.owner_org_id));
  const titles = new Map(visible.map((f) => [f.id, f.title]));
  const plans = managesResults(actor)
    ? await tx
        .selectFrom('plans')
        .select(['id', 'title'])
        .where('owner_org_id', '=', actor.orgId)
        .where('id', 'not in', (eb) => eb.selectFrom('results_frameworks').select('plan_id').where('plan_id', 'is not', null).$narrowType<{ plan_id: string }>())
        .orderBy('created_at', 'desc')
        .limit(50)
        .execute()
    : [];
  return {
    frameworks: visible.map((f) => ({
      id: f.id,
      kind: f.owner_kind === 'plan' ? 'plan' : 'programme',
      title: f.title,
      planTitle: f.plan_title ?? null,
      programme: f.programme,
      owner: orgOf(names, f.owner_org_id),
      indicators: inds.filter((i) => i.framework_id === f.id).length,
      awaitingReview: isManager(actor, f.owner_org_id) ? waiting.filter((w) => w.framework_id === f.id && w.status === 'submitted').length : 0,
      manage: isManager(actor, f.owner_org_id),
    })),
    reporting: inds
      .filter((i) => i.source === 'reported' && isReporter(actor, i.responsible_org_id) && titles.has(i.framework_id))
      .map((i) => ({
        id: i.id,
        title: i.title,
        frameworkId: i.framework_id,
        frameworkTitle: titles.get(i.framework_id)!,
        frequency: pick(FREQUENCIES, i.frequency, 'annual'),
        returned: waiting.filter((w) => w.indicator_id === i.id && w.status === 'returned').length,
      })),
    plans,
    can: { create: managesResults(actor) },
  };
}

export async function createFramework(tx: Tx, actor: Actor, input: NewFramework): Promise<{ id: string }> {
  if (!managesResults(actor)) throw new DomainError('forbidden');
  let planId: string | null = null;
  if (input.kind === 'plan') {
    const plan = await tx.selectFrom('plans').select(['id', 'owner_org_id']).where('id', '=', input.planId).executeTakeFirst();
    if (!plan) throw new DomainError('not_found');
    if (plan.owner_org_id !== actor.orgId) throw new DomainError('forbidden');
    const existing = await tx.selectFrom('results_frameworks').select('id').where('plan_id', '=', plan.id).executeTakeFirst();
    if (existing) throw new DomainError('conflict', 'This plan has a results framework already');
    planId = plan.id;
  }
  const id = randomUUID();
  await tx
    .insertInto('results_frameworks')
    .values({
      id,
      owner_kind: input.kind,
      plan_id: planId,
      programme: input.kind === 'programme' ? input.programme : null,
      owner_org_id: actor.orgId,
      title: input.title,
      goal: input.goal,
      created_by: actor.userId,
    })
    .execute();
  await audit(tx, { action: 'results.framework.create', subjectType: 'results_framework', subjectId: id, subjectOrgId: actor.orgId, details: { kind: input.kind, plan: planId } });
  return { id };
}

async function requireManagerOf(tx: Tx, actor: Actor, frameworkId: string) {
  const f = await frameworkFacts(tx, actor, frameworkId);
  if (!isManager(actor, f.row.owner_org_id)) throw new DomainError('forbidden');
  return f;
}

export async function addNode(tx: Tx, actor: Actor, frameworkId: string, input: NewNode): Promise<{ id: string }> {
  const { row } = await requireManagerOf(tx, actor, frameworkId);
  if (input.parentId) {
    const parent = await tx.selectFrom('results_nodes').select(['level']).where('id', '=', input.parentId).where('framework_id', '=', frameworkId).executeTakeFirst();
    if (!parent || parent.level !== 'outcome') throw new DomainError('validation_failed', undefined, [{ path: 'body.parentId', message: 'is not an outcome of this framework', code: 'invalid_choice' }]);
  }
  if (input.commitmentId) {
    const c = row.plan_id ? await tx.selectFrom('commitments').select('id').where('id', '=', input.commitmentId).where('plan_id', '=', row.plan_id).executeTakeFirst() : undefined;
    if (!c) throw new DomainError('validation_failed', undefined, [{ path: 'body.commitmentId', message: "is not a commitment of this framework's plan", code: 'invalid_choice' }]);
  }
  const last = await tx.selectFrom('results_nodes').select((eb) => eb.fn.max('position').as('p')).where('framework_id', '=', frameworkId).executeTakeFirst();
  const position = Number(last?.p ?? 0) + 1;
  if (position > 200) throw new DomainError('conflict', 'A framework has at most 200 outcomes and outputs');
  const id = randomUUID();
  await tx
    .insertInto('results_nodes')
    .values({
      id,
      framework_id: frameworkId,
      owner_org_id: row.owner_org_id,
      plan_id: row.plan_id,
      level: input.level,
      parent_id: input.parentId,
      parent_level: input.parentId ? 'outcome' : null,
      position,
      title: input.title,
      commitment_id: input.commitmentId,
    })
    .execute();
  await audit(tx, { action: 'results.node.create', subjectType: 'results_framework', subjectId: frameworkId, subjectOrgId: row.owner_org_id, details: { node: id, level: input.level } });
  return { id };
}

/** Which unit each catalogue function gives: a count of people or cases, or a share of them. */
const COMPUTED_UNIT: Record<(typeof INDICATOR_IDS)[number], 'count' | 'percentage'> = {
  open_cases: 'count',
  case_plans: 'percentage',
  referrals_answered: 'percentage',
  consents_expiring: 'percentage',
  cases_closed: 'count',
};

export async function addIndicator(tx: Tx, actor: Actor, frameworkId: string, input: NewIndicator): Promise<{ id: string }> {
  const { row } = await requireManagerOf(tx, actor, frameworkId);
  const node = await tx.selectFrom('results_nodes').select('id').where('id', '=', input.nodeId).where('framework_id', '=', frameworkId).executeTakeFirst();
  if (!node) throw new DomainError('validation_failed', undefined, [{ path: 'body.nodeId', message: 'is not an outcome or output of this framework', code: 'invalid_choice' }]);
  const org = await tx.selectFrom('organisations').select('id').where('id', '=', input.responsibleOrgId).executeTakeFirst();
  if (!org) throw new DomainError('validation_failed', undefined, [{ path: 'body.responsibleOrgId', message: 'is not a known organisation', code: 'invalid_choice' }]);
  if (input.computed && COMPUTED_UNIT[input.computed.kind] !== input.unit) {
    throw new DomainError('validation_failed', undefined, [{ path: 'body.unit', message: `this catalogue function gives a ${COMPUTED_UNIT[input.computed.kind]}`, code: 'unit_mismatch', params: { unit: COMPUTED_UNIT[input.computed.kind] } }]);
  }
  const last = await tx.selectFrom('results_indicators').select((eb) => eb.fn.max('position').as('p')).where('framework_id', '=', frameworkId).executeTakeFirst();
  const position = Number(last?.p ?? 0) + 1;
  if (position > 200) throw new DomainError('conflict', 'A framework has at most 200 indicators');
  const id = randomUUID();
  await tx
    .insertInto('results_indicators')
    .values({
      id,
      framework_id: frameworkId,
      owner_org_id: row.owner_org_id,
      plan_id: row.plan_id,
      node_id: input.nodeId,
      position,
      title: input.title,
      definition: input.definition,
      unit: input.unit,
      currency: input.currency,
      direction: input.direction,
      baseline: input.baseline,
      baseline_period: input.baselinePeriod,
      frequency: input.frequency,
      responsible_org_id: input.responsibleOrgId,
      dimensions: input.dimensions,
      source: input.source,
      computed_kind: input.computed?.kind ?? null,
      computed_params: JSON.stringify(input.computed?.days ? { days: input.computed.days } : {}),
      created_by: actor.userId,
    })
    .execute();
  if (input.targets.length > 0) {
    await tx
      .insertInto('results_targets')
      .values(input.targets.map((t) => ({ indicator_id: id, framework_id: frameworkId, owner_org_id: row.owner_org_id, responsible_org_id: input.responsibleOrgId, plan_id: row.plan_id, period: t.period, value: t.value })))
      .execute();
  }
  await audit(tx, { action: 'results.indicator.create', subjectType: 'results_framework', subjectId: frameworkId, subjectOrgId: row.owner_org_id, details: { indicator: id, source: input.source } });
  return { id };
}

export async function setTargets(tx: Tx, actor: Actor, indicatorId: string, targets: Array<{ period: string; value: number }>): Promise<void> {
  const ind = await tx.selectFrom('results_indicators').selectAll().where('id', '=', indicatorId).executeTakeFirst();
  if (!ind) throw new DomainError('not_found');
  const fw = await frameworkFacts(tx, actor, ind.framework_id);
  if (!canReadIndicator(actor, { ownerOrgId: ind.owner_org_id, responsibleOrgId: ind.responsible_org_id, planPublished: fw.facts.planPublished })) throw new DomainError('not_found');
  if (!isManager(actor, ind.owner_org_id)) throw new DomainError('forbidden');
  const frequency = pick(FREQUENCIES, ind.frequency, 'annual');
  const fields = targets.flatMap((t, i): FieldError[] => [
    ...(PERIOD_PATTERNS[frequency].test(t.period)
      ? []
      : [{ path: `body.targets.${i}.period`, message: `must be a period of the ${frequency} reporting frequency`, code: 'period_format' as const, params: { frequency } }]),
    ...(ind.unit === 'percentage' && t.value > 100 ? [{ path: `body.targets.${i}.value`, message: 'a percentage is at most 100', code: 'too_big' as const, params: { max: 100 } }] : []),
  ]);
  if (fields.length > 0) throw new DomainError('validation_failed', undefined, fields);
  await tx.deleteFrom('results_targets').where('indicator_id', '=', indicatorId).execute();
  if (targets.length > 0) {
    await tx
      .insertInto('results_targets')
      .values(targets.map((t) => ({ indicator_id: indicatorId, framework_id: ind.framework_id, owner_org_id: ind.owner_org_id, responsible_org_id: ind.responsible_org_id, plan_id: ind.plan_id, period: t.period, value: t.value })))
      .execute();
  }
  await audit(tx, { action: 'results.targets.set', subjectType: 'results_indicator', subjectId: indicatorId, subjectOrgId: ind.owner_org_id, details: { periods: targets.map((t) => t.period) } });
}

type IndicatorRow = Awaited<ReturnType<typeof indicatorRows>>[number];
async function indicatorRows(tx: Tx, frameworkId: string, ids?: string[]) {
  let q = tx.selectFrom('results_indicators').selectAll().where('framework_id', '=', frameworkId);
  if (ids) q = q.where('id', 'in', ids);
  return q.orderBy('position').execute();
}

/**
 * The headline of a computed indicator, after disclosure control, in the widest scope the
 * actor may see; hidden (null, not suppressed) for an actor who may see no computed figures.
 */
async function computedFigures(tx: Tx, actor: Actor, rows: IndicatorRow[], rules: DisclosureRules): Promise<Map<string, PublishedFigure>> {
  const out = new Map<string, PublishedFigure>();
  const computed = rows.filter((r) => r.computed_kind !== null);
  if (computed.length === 0 || !actor.orgId) return out;
  const org = await tx.selectFrom('organisations').select('type').where('id', '=', actor.orgId).executeTakeFirst();
  if (indicatorScopes(actor, org?.type ?? null).length === 0) return out;
  const byDays = new Map<number, IndicatorRow[]>();
  for (const r of computed) {
    const days = Number(json<{ days?: number }>(r.computed_params).days ?? 10);
    byDays.set(days, [...(byDays.get(days) ?? []), r]);
  }
  for (const [days, list] of byDays) {
    const view = await computeIndicators(tx, actor, { days }, rules, new Date());
    for (const r of list) {
      const ind = view.indicators.find((i) => i.id === r.computed_kind);
      if (!ind) continue;
      const figure = COMPUTED_UNIT[ind.id] === 'count' ? ind.tables[0]!.total : ind.share!;
      out.set(r.id, figure.value === null || COMPUTED_UNIT[ind.id] === 'count' ? figure : { ...figure, value: Math.round(figure.value * 1000) / 10 });
    }
  }
  return out;
}

/** Indicators as the actor sees them: targets, and the latest value they may read. */
export async function summarise(tx: Tx, actor: Actor, rows: IndicatorRow[], planPublished: boolean, rules: DisclosureRules): Promise<IndicatorSummary[]> {
  const visible = rows.filter((r) => canReadIndicator(actor, { ownerOrgId: r.owner_org_id, responsibleOrgId: r.responsible_org_id, planPublished }));
  if (visible.length === 0) return [];
  const ids = visible.map((r) => r.id);
  const targets = await tx.selectFrom('results_targets').select(['indicator_id', 'period', 'value']).where('indicator_id', 'in', ids).orderBy('period').execute();
  // The latest report of each indicator the actor may read: of any status where they see the
  // history (the owner, the responsible organisation), approved otherwise; one row per indicator.
  const full = visible.filter((r) => seesHistory(actor, { ownerOrgId: r.owner_org_id, responsibleOrgId: r.responsible_org_id })).map((r) => r.id);
  const approvedOnly = ids.filter((id) => !full.includes(id));
  const latestOf = async (list: string[], approved: boolean) =>
    list.length === 0
      ? []
      : tx
          .selectFrom('results_reports as r')
          .innerJoin('results_report_versions as v', (j) => j.onRef('v.report_id', '=', 'r.id').onRef('v.version', '=', 'r.current_version'))
          .distinctOn('r.indicator_id')
          .select(['r.indicator_id', 'r.period', 'r.status', 'r.owner_org_id', 'r.responsible_org_id', 'v.value'])
          .where('r.indicator_id', 'in', list)
          .$if(approved, (q) => q.where('r.status', '=', 'approved'))
          .orderBy('r.indicator_id')
          .orderBy('r.period', 'desc')
          .execute();
  const reports = [...(await latestOf(full, false)), ...(await latestOf(approvedOnly, true))];
  const waiting = full.length
    ? await tx.selectFrom('results_reports').select(['indicator_id', (eb) => eb.fn.countAll<string>().as('n')]).where('indicator_id', 'in', full).where('status', '=', 'submitted').groupBy('indicator_id').execute()
    : [];
  const computed = await computedFigures(tx, actor, visible, rules);
  const names = await orgNames(tx, visible.map((r) => r.responsible_org_id));
  return visible.map((r) => {
    const mine = reports.filter(
      (p) =>
        p.indicator_id === r.id &&
        canReadReport(actor, { ownerOrgId: p.owner_org_id, responsibleOrgId: p.responsible_org_id, planPublished, status: pick(REPORT_STATUSES, p.status, 'submitted') }),
    );
    const latest = mine[0];
    const params = json<{ days?: number }>(r.computed_params);
    return {
      id: r.id,
      nodeId: r.node_id,
      title: r.title,
      unit: pick(UNITS, r.unit, 'count'),
      currency: r.currency,
      direction: pick(DIRECTIONS, r.direction, 'increase'),
      baseline: num(r.baseline),
      baselinePeriod: r.baseline_period,
      frequency: pick(FREQUENCIES, r.frequency, 'annual'),
      responsibleOrg: orgOf(names, r.responsible_org_id),
      dimensions: DIMENSIONS.filter((d) => r.dimensions.includes(d)),
      source: r.source === 'computed' ? 'computed' : 'reported',
      computed: r.computed_kind ? { kind: pick(INDICATOR_IDS, r.computed_kind, 'open_cases'), ...(params.days ? { days: params.days } : {}) } : null,
      targets: targets.filter((t) => t.indicator_id === r.id).map((t) => ({ period: t.period, value: Number(t.value) })),
      latest: r.computed_kind
        ? computed.has(r.id)
          ? { period: null, figure: computed.get(r.id)!, status: 'computed' as const }
          : null
        : latest
          ? { period: latest.period, figure: { value: Number(latest.value), suppressed: null }, status: pick(REPORT_STATUSES, latest.status, 'submitted') }
          : null,
      awaitingReview: isManager(actor, r.owner_org_id) ? Number(waiting.find((w) => w.indicator_id === r.id)?.n ?? 0) : 0,
      published: r.published_at !== null,
    };
  });
}

export async function getFramework(tx: Tx, actor: Actor, id: string, rules: DisclosureRules): Promise<FrameworkView> {
  const { row, plan, facts } = await frameworkFacts(tx, actor, id);
  const manage = isManager(actor, row.owner_org_id);
  const rows = await indicatorRows(tx, id);
  const indicators = await summarise(tx, actor, rows, facts.planPublished, rules);
  // Outcomes and outputs: all of them to the owner and to readers of a published plan; to a
  // responsible organisation, those around its indicators.
  const allNodes = await tx.selectFrom('results_nodes').selectAll().where('framework_id', '=', id).orderBy('position').execute();
  const wholeTree = actor.orgId === row.owner_org_id || facts.planPublished;
  const around = new Set(indicators.map((i) => i.nodeId));
  for (const n of allNodes) if (around.has(n.id) && n.parent_id) around.add(n.parent_id);
  const nodes = allNodes.filter((n) => wholeTree || around.has(n.id));
  const commitments = row.plan_id ? await tx.selectFrom('commitments').select(['id', 'reference', 'title']).where('plan_id', '=', row.plan_id).orderBy('reference').execute() : [];
  const organisations = manage
    ? await tx
        .selectFrom('organisations as o')
        .innerJoin('organisations as me', 'me.country', 'o.country')
        .select(['o.id', 'o.name'])
        .where('me.id', '=', row.owner_org_id)
        .orderBy('o.name')
        .limit(500)
        .execute()
    : [];
  const names = await orgNames(tx, [row.owner_org_id]);
  return {
    id: row.id,
    kind: row.owner_kind === 'plan' ? 'plan' : 'programme',
    plan: plan ? { id: plan.id, title: plan.title, published: plan.published_at !== null } : null,
    programme: row.programme,
    owner: orgOf(names, row.owner_org_id),
    title: row.title,
    goal: row.goal,
    nodes: nodes.map((n) => {
      const c = commitments.find((k) => k.id === n.commitment_id);
      return { id: n.id, level: n.level === 'output' ? 'output' : 'outcome', parentId: n.parent_id, title: n.title, commitment: c ? { id: c.id, reference: c.reference, title: c.title } : null };
    }),
    indicators,
    disclosure: { threshold: rules.threshold, roundTo: rules.roundTo },
    commitments: manage ? commitments : [],
    organisations,
    can: { manage },
  };
}
