// Writing commitments: the plan's coordinators create and change them. The lead and every
// supporting body are organisations of the plan's country that the coordinator finds in the
// directory; a milestone that progress updates refer to stays (the record of progress would
// otherwise lose what it was about).
import { sql } from 'kysely';
import type { Tx } from '../../db.ts';
import type { Actor } from '../../platform/auth/actor.ts';
import { audit } from '../../platform/audit/audit.ts';
import { DomainError, type FieldError } from '../../platform/http/errors.ts';
import { can } from '../identity/policy.ts';
import { planOrgNames } from './reading.ts';
import { planAccess, requireCoordinator, type PlanAccess } from './access.ts';
import { commitmentAccess } from './commitment-access.ts';
import type { CommitmentInput, CommitmentUpdate } from './commitment-schema.ts';

async function coordinatorAccess(tx: Tx, actor: Actor, planId: string): Promise<PlanAccess> {
  if (!can(actor, 'plans.coordinate')) throw new DomainError('forbidden');
  const access = await planAccess(tx, actor, planId);
  requireCoordinator(access);
  return access;
}

/**
 * The lead and the bodies are organisations of the plan's country, visible in the directory — or
 * already named by this plan (an organisation may have hidden itself from the directory since;
 * an edit must not make the coordinator drop it).
 */
async function checkOrganisations(tx: Tx, planId: string, country: string, input: { leadOrgId?: string; bodies?: Array<{ orgId: string }> }): Promise<void> {
  const ids = [...new Set([...(input.leadOrgId ? [input.leadOrgId] : []), ...(input.bodies ?? []).map((b) => b.orgId)])];
  if (ids.length === 0) return;
  const found = new Set(
    (await tx.selectFrom('organisations').select('id').where('id', 'in', ids).where('country', '=', country).execute()).map((o) => o.id),
  );
  for (const id of (await planOrgNames(tx, planId)).keys()) found.add(id);
  const problems: FieldError[] = [];
  if (input.leadOrgId && !found.has(input.leadOrgId)) problems.push({ path: 'body.leadOrgId', message: 'is not an organisation of the plan’s country', code: 'not_in_country' });
  (input.bodies ?? []).forEach((b, i) => {
    if (!found.has(b.orgId)) problems.push({ path: `body.bodies.${i}.orgId`, message: 'is not an organisation of the plan’s country', code: 'not_in_country' });
  });
  if (problems.length > 0) throw new DomainError('unprocessable', 'Choose organisations of the plan’s country from the directory', problems);
}

const budgetColumns = (budget: CommitmentInput['budget']) => ({ budget_amount: budget ? budget.amount.toFixed(2) : null, budget_currency: budget?.currency ?? null });

export async function createCommitment(tx: Tx, actor: Actor, planId: string, input: CommitmentInput) {
  const access = await coordinatorAccess(tx, actor, planId);
  await checkOrganisations(tx, planId, access.country, input);
  const taken = await tx.selectFrom('commitments').select('id').where('plan_id', '=', planId).where('reference', '=', input.reference).executeTakeFirst();
  if (taken) throw new DomainError('conflict', 'Another commitment of the plan has this reference', [{ path: 'body.reference', message: 'is taken', code: 'taken' }]);
  const row = await tx
    .insertInto('commitments')
    .values({
      plan_id: planId,
      reference: input.reference,
      title: input.title,
      objective: input.objective,
      problem: input.problem,
      lead_org_id: input.leadOrgId,
      starts_on: input.startsOn,
      ends_on: input.endsOn,
      ...budgetColumns(input.budget),
      budget_notes: input.budgetNotes,
      gender_marker: input.genderMarker,
      gender_justification: input.genderJustification,
      communication_mechanism: input.communicationMechanism,
      created_by: actor.userId,
    })
    .returning('id')
    .executeTakeFirstOrThrow();
  await writeBodies(tx, planId, row.id, input.bodies);
  await writeIndicators(tx, planId, row.id, input.indicators);
  for (const [i, m] of input.milestones.entries()) {
    await tx.insertInto('commitment_milestones').values({ commitment_id: row.id, plan_id: planId, position: i + 1, title: m.title, deliverable: m.deliverable, due_on: m.dueOn }).execute();
  }
  await audit(tx, {
    action: 'plan.commitment.create',
    subjectType: 'commitment',
    subjectId: row.id,
    subjectOrgId: access.ownerOrgId,
    details: { planId, reference: input.reference, bodies: input.bodies.length, milestones: input.milestones.length, indicators: input.indicators.length, genderMarker: input.genderMarker },
  });
  return { id: row.id };
}

async function writeBodies(tx: Tx, planId: string, commitmentId: string, bodies: CommitmentInput['bodies']) {
  await tx.deleteFrom('commitment_bodies').where('commitment_id', '=', commitmentId).execute();
  if (bodies.length > 0) {
    await tx.insertInto('commitment_bodies').values(bodies.map((b) => ({ commitment_id: commitmentId, plan_id: planId, org_id: b.orgId, role: b.role }))).execute();
  }
}

async function writeIndicators(tx: Tx, planId: string, commitmentId: string, indicators: CommitmentInput['indicators']) {
  await tx.deleteFrom('commitment_indicators').where('commitment_id', '=', commitmentId).execute();
  if (indicators.length > 0) {
    await tx
      .insertInto('commitment_indicators')
      .values(indicators.map((x, i) => ({ commitment_id: commitmentId, plan_id: planId, position: i + 1, name: x.name, unit: x.unit, baseline: x.baseline, target: x.target })))
      .execute();
  }
}

/** Milestones with ids are updated, new ones added, those left out removed unless progress refers to them. */
async function writeMilestones(tx: Tx, planId: string, commitmentId: string, milestones: CommitmentInput['milestones']) {
  const existing = await tx.selectFrom('commitment_milestones').select('id').where('commitment_id', '=', commitmentId).execute();
  const known = new Set(existing.map((m) => m.id));
  const unknown = milestones.flatMap((m, i): FieldError[] => (m.id && !known.has(m.id) ? [{ path: `body.milestones.${i}.id`, message: 'is not a milestone of this commitment', code: 'invalid_choice' }] : []));
  if (unknown.length > 0) throw new DomainError('unprocessable', 'A milestone named is not one of this commitment', unknown);
  const kept = new Set(milestones.flatMap((m) => (m.id ? [m.id] : [])));
  const removed = existing.map((m) => m.id).filter((id) => !kept.has(id));
  if (removed.length > 0) {
    const { rows } = await sql<{ milestone_id: string }>`
      SELECT DISTINCT milestone_id FROM commitment_progress WHERE milestone_id = ANY(${removed}::uuid[])`.execute(tx);
    if (rows.length > 0) throw new DomainError('conflict', 'Progress updates refer to a milestone left out; keep it');
    await tx.deleteFrom('commitment_milestones').where('id', 'in', removed).execute();
  }
  for (const [i, m] of milestones.entries()) {
    if (m.id) {
      await tx.updateTable('commitment_milestones').set({ position: i + 1, title: m.title, deliverable: m.deliverable, due_on: m.dueOn }).where('id', '=', m.id).execute();
    } else {
      await tx.insertInto('commitment_milestones').values({ commitment_id: commitmentId, plan_id: planId, position: i + 1, title: m.title, deliverable: m.deliverable, due_on: m.dueOn }).execute();
    }
  }
  return { removed: removed.length };
}

export async function updateCommitment(tx: Tx, actor: Actor, planId: string, commitmentId: string, input: CommitmentUpdate, now: Date): Promise<void> {
  const plan = await coordinatorAccess(tx, actor, planId);
  await commitmentAccess(tx, actor, planId, commitmentId);
  await checkOrganisations(tx, planId, plan.country, input);
  const current = await tx.selectFrom('commitments').select(['starts_on', 'ends_on']).where('id', '=', commitmentId).executeTakeFirstOrThrow();
  if ((input.endsOn ?? current.ends_on) < (input.startsOn ?? current.starts_on)) {
    throw new DomainError('validation_failed', undefined, [{ path: 'body.endsOn', message: 'ends on or after it starts', code: 'order' }]);
  }
  await tx
    .updateTable('commitments')
    .set({
      ...(input.title !== undefined ? { title: input.title } : {}),
      ...(input.objective !== undefined ? { objective: input.objective } : {}),
      ...(input.problem !== undefined ? { problem: input.problem } : {}),
      ...(input.leadOrgId !== undefined ? { lead_org_id: input.leadOrgId } : {}),
      ...(input.startsOn !== undefined ? { starts_on: input.startsOn } : {}),
      ...(input.endsOn !== undefined ? { ends_on: input.endsOn } : {}),
      ...(input.budget !== undefined ? budgetColumns(input.budget) : {}),
      ...(input.budgetNotes !== undefined ? { budget_notes: input.budgetNotes } : {}),
      ...(input.genderMarker !== undefined ? { gender_marker: input.genderMarker } : {}),
      ...(input.genderJustification !== undefined ? { gender_justification: input.genderJustification } : {}),
      ...(input.communicationMechanism !== undefined ? { communication_mechanism: input.communicationMechanism } : {}),
      updated_at: now,
    })
    .where('id', '=', commitmentId)
    .execute();
  if (input.bodies) await writeBodies(tx, planId, commitmentId, input.bodies);
  if (input.indicators) await writeIndicators(tx, planId, commitmentId, input.indicators);
  const milestones = input.milestones ? await writeMilestones(tx, planId, commitmentId, input.milestones) : null;
  await audit(tx, {
    action: 'plan.commitment.update',
    subjectType: 'commitment',
    subjectId: commitmentId,
    subjectOrgId: plan.ownerOrgId,
    details: { planId, fields: Object.keys(input).filter((k) => input[k as keyof CommitmentUpdate] !== undefined), milestonesRemoved: milestones?.removed ?? 0 },
  });
}
