// Exports of a plan as CSV (for spreadsheets, formula-safe) and JSON: contributions with their
// answers and links, and commitments with milestones, the latest progress and assessments. The
// plan's coordinators export everything, unanswered contributions included (audited); the
// public exports what the public pages show, anonymity kept.
import type { Tx } from '../../db.ts';
import type { Actor } from '../../platform/auth/actor.ts';
import { audit } from '../../platform/audit/audit.ts';
import { csvLine } from '../../platform/export/csv.ts';
import { DomainError } from '../../platform/http/errors.ts';
import { can } from '../identity/policy.ts';
import { planAccess, requireCoordinator, type PlanAccess } from './access.ts';
import { commitmentDetail } from './public-plans.ts';
import { planOrgNames, publishedPlan } from './reading.ts';
import { readContributions, readerOf, type Reader } from './report.ts';

export type ExportKind = 'contributions' | 'commitments';
export type ExportFormat = 'csv' | 'json';
export type ExportFile = { filename: string; contentType: string; body: string | Buffer };

async function contributionRecords(tx: Tx, access: PlanAccess, reader: Reader) {
  const names = await planOrgNames(tx, access.id);
  const { sections, contributions } = await readContributions(tx, access.id, reader, !reader.coordinator, names);
  const sectionTitle = new Map(sections.map((s) => [s.id, s.title]));
  const questions = new Map((await tx.selectFrom('consultation_questions').select(['id', 'text']).where('plan_id', '=', access.id).execute()).map((q) => [q.id, q.text]));
  return contributions.map((c) => ({
    id: c.view.id,
    consultation: c.view.consultation,
    section: c.sectionId === null ? null : (sectionTitle.get(c.sectionId) ?? null),
    question: c.questionId === null ? null : (questions.get(c.questionId) ?? null),
    contributor: c.view.contributor,
    // Whether the organisation is women-led is shown to the coordinators only; the public sees it in counts.
    ...(reader.coordinator ? { womenLed: c.womenLed } : {}),
    submittedAt: c.view.submittedAt,
    body: c.view.body,
    status: c.view.status,
    reasons: c.view.reasons,
    respondedAt: c.view.respondedAt,
    linkedSections: c.view.sections.map((s) => s.title),
    linkedCommitments: c.view.commitments.map((m) => m.reference),
  }));
}

async function commitmentRecords(tx: Tx, access: PlanAccess) {
  const names = await planOrgNames(tx, access.id);
  const ids = await tx.selectFrom('commitments').select('id').where('plan_id', '=', access.id).orderBy('reference').execute();
  const out = [];
  for (const { id } of ids) {
    const { timeline: _timeline, ...c } = await commitmentDetail(tx, access.id, id, names);
    out.push(c);
  }
  return out;
}

const CONTRIBUTION_COLUMNS = ['id', 'consultation', 'section', 'question', 'contributor', 'organisation_type', 'submitted_at', 'body', 'status', 'reasons', 'responded_at', 'linked_sections', 'linked_commitments'];
const COMMITMENT_COLUMNS = [
  'reference', 'title', 'lead', 'bodies', 'starts_on', 'ends_on', 'objective', 'problem', 'milestones', 'indicators', 'budget', 'gender_marker',
  'gender_justification', 'communication_mechanism', 'self_assessed', 'self_assessed_on', 'latest_progress', 'independent', 'independent_on',
  'independent_by', 'independent_reasons', 'disagreement',
];

function contributionsCsv(records: Awaited<ReturnType<typeof contributionRecords>>, coordinator: boolean): string {
  const header = coordinator ? [...CONTRIBUTION_COLUMNS.slice(0, 6), 'women_led', ...CONTRIBUTION_COLUMNS.slice(6)] : CONTRIBUTION_COLUMNS;
  let out = csvLine(header);
  for (const r of records) {
    const who = r.contributor.orgName ?? (r.contributor.kind === 'individual' ? 'individual' : 'anonymous organisation');
    const base = [r.id, r.consultation, r.section, r.question, who, r.contributor.orgType];
    const rest = [r.submittedAt, r.body, r.status, r.reasons, r.respondedAt, r.linkedSections.join('; '), r.linkedCommitments.join('; ')];
    out += csvLine(coordinator ? [...base, 'womenLed' in r ? r.womenLed : null, ...rest] : [...base, ...rest]);
  }
  return out;
}

function commitmentsCsv(records: Awaited<ReturnType<typeof commitmentRecords>>): string {
  let out = csvLine(COMMITMENT_COLUMNS);
  for (const c of records) {
    const latestAssessment = c.assessments[0];
    out += csvLine([
      c.reference,
      c.title,
      c.leadName,
      c.bodies.map((b) => `${b.name ?? '?'} (${b.role})`).join('; '),
      c.startsOn,
      c.endsOn,
      c.objective,
      c.problem,
      c.milestones.map((m) => `${m.title} (${m.dueOn}${m.completedOn ? `, done ${m.completedOn}` : ''})`).join('; '),
      c.indicators.map((i) => `${i.name}: ${i.baseline ?? '?'} → ${i.target ?? '?'} ${i.unit}`).join('; '),
      c.budget ? `${c.budget.amount} ${c.budget.currency}` : null,
      c.genderMarker,
      c.genderJustification,
      c.communicationMechanism,
      c.selfAssessed,
      c.selfAssessedOn,
      c.progress[0]?.body ?? null,
      c.independent,
      c.independentOn,
      c.independentBy,
      latestAssessment?.reasons ?? null,
      c.disagreement,
    ]);
  }
  return out;
}

async function render(tx: Tx, access: PlanAccess, reader: Reader, kind: ExportKind, format: ExportFormat): Promise<ExportFile> {
  const filename = `plan-${kind}.${format}`;
  if (kind === 'contributions') {
    const records = await contributionRecords(tx, access, reader);
    return format === 'json'
      ? { filename, contentType: 'application/json; charset=utf-8', body: JSON.stringify({ planId: access.id, contributions: records }, null, 2) }
      : { filename, contentType: 'text/csv; charset=utf-8', body: contributionsCsv(records, reader.coordinator) };
  }
  const records = await commitmentRecords(tx, access);
  return format === 'json'
    ? { filename, contentType: 'application/json; charset=utf-8', body: JSON.stringify({ planId: access.id, commitments: records }, null, 2) }
    : { filename, contentType: 'text/csv; charset=utf-8', body: commitmentsCsv(records) };
}

/** Everything, for the plan's coordinators. */
export async function planExport(tx: Tx, actor: Actor, planId: string, kind: ExportKind, format: ExportFormat): Promise<ExportFile> {
  if (!can(actor, 'plans.coordinate')) throw new DomainError('forbidden');
  const access = await planAccess(tx, actor, planId);
  requireCoordinator(access);
  const file = await render(tx, access, readerOf(actor, access), kind, format);
  await audit(tx, { action: 'plan.export', subjectType: 'plan', subjectId: access.id, subjectOrgId: access.ownerOrgId, details: { kind, format } });
  return file;
}

/** What the public pages show, for a published plan. */
export async function publicExport(tx: Tx, planId: string, kind: ExportKind, format: ExportFormat): Promise<ExportFile> {
  const access = await publishedPlan(tx, planId);
  return render(tx, access, { coordinator: false, orgId: null, userId: null }, kind, format);
}
