// Results on a published plan's public pages: the owner publishes chosen reported indicators of
// the plan's framework; anyone reads them with their targets and approved values. Computed
// indicators are not published (their figures depend on who asks), nor values under review.
import type { Tx } from '../../db.ts';
import type { Actor } from '../../platform/auth/actor.ts';
import { audit } from '../../platform/audit/audit.ts';
import { DomainError } from '../../platform/http/errors.ts';
import { frameworkFacts, num } from './results.ts';
import { canReadIndicator, isManager } from './results-policy.ts';
import { DIRECTIONS, FREQUENCIES, UNITS, type PublicResultsView } from './results-schema.ts';

export async function setPublication(tx: Tx, actor: Actor, indicatorId: string, published: boolean, now: Date): Promise<void> {
  const ind = await tx.selectFrom('results_indicators').selectAll().where('id', '=', indicatorId).executeTakeFirst();
  if (!ind) throw new DomainError('not_found');
  const fw = await frameworkFacts(tx, actor, ind.framework_id);
  if (!canReadIndicator(actor, { ownerOrgId: ind.owner_org_id, responsibleOrgId: ind.responsible_org_id, planPublished: fw.facts.planPublished })) throw new DomainError('not_found');
  if (!isManager(actor, ind.owner_org_id)) throw new DomainError('forbidden');
  if (published && ind.source !== 'reported') throw new DomainError('conflict', 'Only reported indicators are published');
  if (published && !fw.facts.planPublished) throw new DomainError('conflict', "Indicators are published on a published plan's pages");
  await tx.updateTable('results_indicators').set({ published_at: published ? (ind.published_at ?? now) : null }).where('id', '=', indicatorId).execute();
  await audit(tx, { action: published ? 'results.indicator.publish' : 'results.indicator.withdraw', subjectType: 'results_indicator', subjectId: indicatorId, subjectOrgId: ind.owner_org_id });
}

export async function publicResults(tx: Tx, planId: string): Promise<PublicResultsView> {
  const plan = await tx.selectFrom('plans').select(['id', 'title']).where('id', '=', planId).where('published_at', 'is not', null).executeTakeFirst();
  if (!plan) throw new DomainError('not_found');
  const empty: PublicResultsView = { plan, framework: null, nodes: [], indicators: [] };
  const fw = await tx.selectFrom('results_frameworks').select(['id', 'title', 'goal']).where('plan_id', '=', plan.id).executeTakeFirst();
  if (!fw) return empty;
  // Published ones only, whoever asks (a signed-in reader's own rights show more elsewhere).
  const inds = await tx.selectFrom('results_indicators').selectAll().where('framework_id', '=', fw.id).where('published_at', 'is not', null).where('source', '=', 'reported').orderBy('position').execute();
  if (inds.length === 0) return empty;
  const ids = inds.map((i) => i.id);
  const nodes = await tx.selectFrom('results_nodes').select(['id', 'level', 'parent_id', 'title']).where('framework_id', '=', fw.id).orderBy('position').execute();
  const around = new Set(inds.map((i) => i.node_id));
  for (const n of nodes) if (around.has(n.id) && n.parent_id) around.add(n.parent_id);
  const targets = await tx.selectFrom('results_targets').select(['indicator_id', 'period', 'value']).where('indicator_id', 'in', ids).orderBy('period').execute();
  const values = await tx
    .selectFrom('results_reports as r')
    .innerJoin('results_report_versions as v', (j) => j.onRef('v.report_id', '=', 'r.id').onRef('v.version', '=', 'r.current_version'))
    .select(['r.indicator_id', 'r.period', 'v.value'])
    .where('r.indicator_id', 'in', ids)
    .where('r.status', '=', 'approved')
    .orderBy('r.period')
    .execute();
  const orgs = await tx.selectFrom('organisations').select(['id', 'name']).where('id', 'in', [...new Set(inds.map((i) => i.responsible_org_id))]).execute();
  return {
    plan,
    framework: { title: fw.title, goal: fw.goal },
    nodes: nodes.filter((n) => around.has(n.id)).map((n) => ({ id: n.id, level: n.level === 'output' ? 'output' : 'outcome', parentId: n.parent_id, title: n.title })),
    indicators: inds.map((i) => ({
      id: i.id,
      nodeId: i.node_id,
      title: i.title,
      definition: i.definition,
      unit: UNITS.find((u) => u === i.unit) ?? 'count',
      currency: i.currency,
      direction: DIRECTIONS.find((d) => d === i.direction) ?? 'increase',
      baseline: num(i.baseline),
      baselinePeriod: i.baseline_period,
      frequency: FREQUENCIES.find((f) => f === i.frequency) ?? 'annual',
      responsibleOrg: orgs.find((o) => o.id === i.responsible_org_id)?.name ?? null,
      targets: targets.filter((t) => t.indicator_id === i.id).map((t) => ({ period: t.period, value: Number(t.value) })),
      values: values.filter((v) => v.indicator_id === i.id).map((v) => ({ period: v.period, value: Number(v.value) })),
    })),
  };
}
