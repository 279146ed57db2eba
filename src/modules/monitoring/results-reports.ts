// Reported values: the responsible organisation enters a value for a period (a new report, or a
// new version of one not yet approved), the framework's owner approves it or returns it with a
// reason, and an approved period is locked. Versions and reviews are never changed: the history
// of corrections is the list of them. The indicator page reads it all.
import { randomUUID } from 'node:crypto';
import type { Tx } from '../../db.ts';
import type { Actor } from '../../platform/auth/actor.ts';
import { audit } from '../../platform/audit/audit.ts';
import { DomainError } from '../../platform/http/errors.ts';
import { protectTable, type DisclosureRules } from './disclosure.ts';
import { frameworkFacts, num, summarise } from './results.ts';
import { checkReport, jumpFrom, periodBefore } from './results-checks.ts';
import { canReadIndicator, canReadReport, canReport, canReview, isManager, managesResults, seesHistory, type IndicatorFacts } from './results-policy.ts';
import {
  DIMENSIONS,
  FREQUENCIES,
  REPORT_STATUSES,
  UNITS,
  type Dimension,
  type IndicatorPageView,
  type ReportInput,
  type ReportStatus,
  type ReviewInput,
  type ReviewQueue,
  type VersionView,
} from './results-schema.ts';

const iso = (d: Date | string) => new Date(d).toISOString();
const asStatus = (s: string): ReportStatus => REPORT_STATUSES.find((x) => x === s) ?? 'submitted';
const json = <T>(v: unknown): T => (typeof v === 'string' ? (JSON.parse(v) as T) : (v as T));

async function indicatorFacts(tx: Tx, actor: Actor, id: string) {
  const ind = await tx.selectFrom('results_indicators').selectAll().where('id', '=', id).executeTakeFirst();
  if (!ind) throw new DomainError('not_found');
  const fw = await frameworkFacts(tx, actor, ind.framework_id);
  const facts: IndicatorFacts = { ownerOrgId: ind.owner_org_id, responsibleOrgId: ind.responsible_org_id, planPublished: fw.facts.planPublished, source: ind.source === 'computed' ? 'computed' : 'reported' };
  if (!canReadIndicator(actor, facts)) throw new DomainError('not_found');
  return { ind, fw, facts };
}

async function regionsOf(tx: Tx, orgId: string): Promise<Array<{ code: string; names: Record<string, string> }>> {
  const row = await tx
    .selectFrom('organisations as o')
    .innerJoin('jurisdictions as j', 'j.code', 'o.country')
    .select('j.regions')
    .where('o.id', '=', orgId)
    .executeTakeFirst();
  return json<Array<{ code: string; names: Record<string, string> }>>(row?.regions ?? []).filter((r) => typeof r.code === 'string');
}

export async function submitReport(tx: Tx, actor: Actor, indicatorId: string, input: ReportInput): Promise<{ id: string; version: number; value: number; jumpFrom: number | null }> {
  const { ind, facts } = await indicatorFacts(tx, actor, indicatorId);
  if (facts.source === 'computed') throw new DomainError('conflict', 'A computed indicator takes no reported values');
  const existing = await tx.selectFrom('results_reports').select(['id', 'status', 'current_version']).where('indicator_id', '=', indicatorId).where('period', '=', input.period).executeTakeFirst();
  if (!canReport(actor, facts, existing ? asStatus(existing.status) : null)) {
    if (existing?.status === 'approved' && actor.orgId === facts.responsibleOrgId) throw new DomainError('conflict', 'This period is approved and locked');
    throw new DomainError('forbidden');
  }
  const regions = (await regionsOf(tx, ind.owner_org_id)).map((r) => r.code);
  const checked = checkReport(
    { unit: UNITS.find((u) => u === ind.unit) ?? 'count', frequency: FREQUENCIES.find((f) => f === ind.frequency) ?? 'annual', dimensions: DIMENSIONS.filter((d) => ind.dimensions.includes(d)), regions },
    input,
  );
  if ('errors' in checked) throw new DomainError('validation_failed', undefined, checked.errors);
  const { value, numerator, denominator, disaggregates } = checked.ok;

  // The value of the period before (approved if it is, else the newest version), for the jump flag.
  const earlier = await tx
    .selectFrom('results_reports as r')
    .innerJoin('results_report_versions as v', (j) => j.onRef('v.report_id', '=', 'r.id').onRef('v.version', '=', 'r.current_version'))
    .select(['r.period', 'v.value'])
    .where('r.indicator_id', '=', indicatorId)
    .where('r.period', '<', input.period)
    .execute();
  const before = periodBefore(earlier.map((e) => e.period), input.period);
  const previous = before === null ? (ind.baseline === null ? null : Number(ind.baseline)) : Number(earlier.find((e) => e.period === before)!.value);
  const jump = jumpFrom(previous, value);

  const id = existing?.id ?? randomUUID();
  const version = existing ? existing.current_version + 1 : 1;
  if (!existing) {
    await tx
      .insertInto('results_reports')
      .values({ id, indicator_id: indicatorId, framework_id: ind.framework_id, owner_org_id: ind.owner_org_id, responsible_org_id: ind.responsible_org_id, plan_id: ind.plan_id, period: input.period })
      .execute();
  }
  await tx
    .insertInto('results_report_versions')
    .values({
      report_id: id,
      version,
      value,
      numerator,
      denominator,
      disaggregates: JSON.stringify(disaggregates),
      evidence: input.evidence,
      evidence_url: input.evidenceUrl,
      jump_from: jump,
      submitted_by: actor.userId,
    })
    .execute();
  if (existing) await tx.updateTable('results_reports').set({ current_version: version, status: 'submitted' }).where('id', '=', id).execute();
  await audit(tx, {
    action: existing ? 'results.value.correct' : 'results.value.report',
    subjectType: 'results_report',
    subjectId: id,
    subjectOrgId: ind.owner_org_id,
    details: { indicator: indicatorId, period: input.period, version, flagged: jump !== null },
  });
  return { id, version, value, jumpFrom: jump };
}

export async function reviewReport(tx: Tx, actor: Actor, reportId: string, input: ReviewInput): Promise<void> {
  if (!managesResults(actor)) throw new DomainError('forbidden');
  const report = await tx.selectFrom('results_reports').selectAll().where('id', '=', reportId).executeTakeFirst();
  if (!report) throw new DomainError('not_found');
  const { facts } = await indicatorFacts(tx, actor, report.indicator_id);
  const rf = { ...facts, status: asStatus(report.status) };
  if (!canReadReport(actor, rf)) throw new DomainError('not_found');
  if (!isManager(actor, report.owner_org_id)) throw new DomainError('forbidden');
  if (input.version !== report.current_version) throw new DomainError('conflict', 'A newer version was sent meanwhile; review that one');
  const current = await tx.selectFrom('results_report_versions').select('submitted_by').where('report_id', '=', reportId).where('version', '=', report.current_version).executeTakeFirstOrThrow();
  if (!canReview(actor, { ...rf, submittedBy: current.submitted_by })) {
    throw new DomainError(
      'conflict',
      rf.status === 'approved' ? 'This period is approved and locked' : rf.status === 'returned' ? 'This value waits for a correction, not a review' : 'A value is reviewed by someone other than the person who sent it',
    );
  }
  const decision = input.decision === 'approve' ? 'approved' : 'returned';
  await tx.insertInto('results_reviews').values({ report_id: reportId, version: input.version, decision, reason: input.reason, reviewed_by: actor.userId }).execute();
  await tx.updateTable('results_reports').set({ status: decision }).where('id', '=', reportId).execute();
  await audit(tx, { action: `results.value.${input.decision}`, subjectType: 'results_report', subjectId: reportId, subjectOrgId: report.owner_org_id, details: { version: input.version } });
}

type Stored = { dimension: Dimension; group: string; value?: number | null; numerator?: number | null; denominator?: number | null };

/**
 * A value's breakdowns as a reader sees them. Counts of people reported by an organisation are
 * aggregates, but a group of two in a region can still point at someone: readers other than the
 * owner and the responsible organisation get each dimension's groups after disclosure control
 * (small groups hidden, and a second one where the total would give a hidden group away); for a
 * percentage, the whole breakdown of a dimension is hidden when any of its groups is small.
 */
export function breakdown(list: Stored[], protect: boolean, rules: DisclosureRules) {
  const plain = list.map((d) => ({ dimension: d.dimension, group: d.group, value: d.value ?? null, numerator: d.numerator ?? null, denominator: d.denominator ?? null, suppressed: null as 'primary' | 'secondary' | null }));
  if (!protect) return plain;
  for (const dimension of new Set(plain.map((d) => d.dimension))) {
    const groups = plain.filter((d) => d.dimension === dimension);
    if (groups.every((d) => d.value !== null && Number.isInteger(d.value))) {
      const t = protectTable([groups.map((d) => d.value ?? 0)], rules);
      groups.forEach((d, j) => {
        const cell = t.cells[0]![j]!;
        d.value = cell.value;
        d.suppressed = cell.suppressed;
      });
    } else if (groups.some((d) => d.denominator !== null && d.denominator <= rules.threshold)) {
      for (const d of groups) Object.assign(d, { numerator: null, denominator: null, suppressed: 'primary' as const });
    }
  }
  return plain;
}

export async function getIndicator(tx: Tx, actor: Actor, id: string, rules: DisclosureRules): Promise<IndicatorPageView> {
  const { ind, fw, facts } = await indicatorFacts(tx, actor, id);
  const [summary] = await summarise(tx, actor, [ind], facts.planPublished, rules);
  const node = await tx.selectFrom('results_nodes').select('title').where('id', '=', ind.node_id).executeTakeFirst();
  const reports = (await tx.selectFrom('results_reports').selectAll().where('indicator_id', '=', id).orderBy('period', 'desc').execute()).filter((r) =>
    canReadReport(actor, { ...facts, status: asStatus(r.status) }),
  );
  const ids = reports.map((r) => r.id);
  const versions = ids.length ? await tx.selectFrom('results_report_versions').selectAll().where('report_id', 'in', ids).orderBy('version', 'desc').execute() : [];
  const reviews = ids.length ? await tx.selectFrom('results_reviews').selectAll().where('report_id', 'in', ids).orderBy('reviewed_at', 'desc').execute() : [];
  const people = [...new Set([...versions.map((v) => v.submitted_by), ...reviews.map((r) => r.reviewed_by)])];
  const names = people.length ? new Map((await tx.selectFrom('users').select(['id', 'display_name']).where('id', 'in', people).execute()).map((u) => [u.id, u.display_name])) : new Map<string, string>();
  const history = seesHistory(actor, facts);
  const orgs = await tx.selectFrom('organisations').select(['id', 'name']).where('id', '=', ind.owner_org_id).execute();
  return {
    ...summary!,
    definition: ind.definition,
    framework: { id: fw.row.id, title: fw.row.title, owner: { id: ind.owner_org_id, name: orgs[0]?.name ?? '—' } },
    nodeTitle: node?.title ?? '',
    reports: reports.map((r) => {
      const status = asStatus(r.status);
      const shown = versions.filter((v) => v.report_id === r.id && (history || v.version === r.current_version));
      return {
        id: r.id,
        period: r.period,
        status,
        currentVersion: r.current_version,
        versions: shown.map(
          (v): VersionView => ({
            version: v.version,
            value: Number(v.value),
            numerator: num(v.numerator),
            denominator: num(v.denominator),
            disaggregates: breakdown(
              json<Array<{ dimension: Dimension; group: string; value?: number | null; numerator?: number | null; denominator?: number | null }>>(v.disaggregates),
              !history && (ind.unit === 'count' || ind.unit === 'percentage'),
              rules,
            ),
            evidence: v.evidence,
            evidenceUrl: v.evidence_url,
            jumpFrom: history ? num(v.jump_from) : null,
            submittedBy: history ? (names.get(v.submitted_by) ?? null) : null,
            submittedAt: iso(v.submitted_at),
          }),
        ),
        reviews: history
          ? reviews
              .filter((w) => w.report_id === r.id)
              .map((w) => ({ version: w.version, decision: w.decision === 'approved' ? ('approved' as const) : ('returned' as const), reason: w.reason, reviewedBy: names.get(w.reviewed_by) ?? null, reviewedAt: iso(w.reviewed_at) }))
          : [],
        can: {
          review: canReview(actor, { ...facts, status, submittedBy: versions.find((v) => v.report_id === r.id && v.version === r.current_version)?.submitted_by ?? '' }),
          correct: canReport(actor, facts, status),
        },
      };
    }),
    regions: await regionsOf(tx, ind.owner_org_id),
    disclosure: { threshold: rules.threshold, roundTo: rules.roundTo },
    can: {
      report: canReport(actor, facts, null),
      manage: isManager(actor, ind.owner_org_id),
      publish: isManager(actor, ind.owner_org_id) && facts.source === 'reported' && facts.planPublished,
    },
  };
}

/** Values waiting for the actor's organisation to review them, oldest first. */
export async function reviewQueue(tx: Tx, actor: Actor): Promise<ReviewQueue> {
  if (!actor.orgId || !isManager(actor, actor.orgId)) throw new DomainError('forbidden');
  const rows = await tx
    .selectFrom('results_reports as r')
    .innerJoin('results_report_versions as v', (j) => j.onRef('v.report_id', '=', 'r.id').onRef('v.version', '=', 'r.current_version'))
    .innerJoin('results_indicators as i', 'i.id', 'r.indicator_id')
    .innerJoin('results_frameworks as f', 'f.id', 'r.framework_id')
    .leftJoin('organisations as o', 'o.id', 'r.responsible_org_id')
    .select(['r.id', 'r.indicator_id', 'r.period', 'r.current_version', 'r.responsible_org_id', 'i.title', 'i.unit', 'i.currency', 'f.title as framework_title', 'o.name', 'v.value', 'v.jump_from', 'v.submitted_at'])
    .where('r.owner_org_id', '=', actor.orgId)
    .where('r.status', '=', 'submitted')
    .orderBy('r.updated_at')
    .limit(200)
    .execute();
  return {
    items: rows.map((r) => ({
      reportId: r.id,
      indicatorId: r.indicator_id,
      indicatorTitle: r.title,
      frameworkTitle: r.framework_title,
      responsibleOrg: { id: r.responsible_org_id, name: r.name ?? '—' },
      period: r.period,
      unit: UNITS.find((u) => u === r.unit) ?? 'count',
      currency: r.currency,
      version: r.current_version,
      value: Number(r.value),
      jumpFrom: num(r.jump_from),
      submittedAt: iso(r.submitted_at),
    })),
  };
}
