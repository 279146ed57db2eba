// Consultations on a plan: the coordinators open one (window, modes, linked sections, questions),
// change it and invite organisations of the plan's country; readers of the plan see them, and a
// contributor sees whether their organisation may contribute now. Row-level security (migration
// 0025) says the same again: invitations are read by the coordinators and the invited only.
import { sql } from 'kysely';
import type { Tx } from '../../db.ts';
import type { Actor } from '../../platform/auth/actor.ts';
import { audit } from '../../platform/audit/audit.ts';
import { DomainError } from '../../platform/http/errors.ts';
import { can } from '../identity/policy.ts';
import { planAccess, requireCoordinator, type PlanAccess } from './access.ts';
import type { ConsultationInput, ConsultationPatch, ConsultationsView, ConsultationSummary, ConsultationView, WindowState } from './consultation-schema.ts';
import { CONSULTATION_MODES, CONSULTATION_OPEN_TO } from './schema.ts';
import { AWAITING_ANSWER_SQL } from './awaiting.ts';
import { planOrgNames } from './reading.ts';

export type ConsultationRow = {
  id: string;
  title: string;
  description: string | null;
  opens_at: Date;
  closes_at: Date;
  modes: string[];
  open_to: string;
  meeting_place: string | null;
  meeting_at: Date | null;
};

const COLUMNS = ['id', 'title', 'description', 'opens_at', 'closes_at', 'modes', 'open_to', 'meeting_place', 'meeting_at'] as const;

export function windowState(c: { opens_at: Date; closes_at: Date }, now: Date): WindowState {
  if (now < c.opens_at) return 'upcoming';
  return now < c.closes_at ? 'open' : 'closed';
}

/** The consultation of this plan, or not_found. */
export async function loadConsultation(tx: Tx, planId: string, id: string): Promise<ConsultationRow> {
  const row = await tx.selectFrom('consultations').select(COLUMNS).where('id', '=', id).where('plan_id', '=', planId).executeTakeFirst();
  if (!row) throw new DomainError('not_found');
  return row;
}

/** The acting organisation's country and profile, when it has one. */
export async function actingOrganisation(tx: Tx, actor: Actor | null) {
  if (!actor?.orgId) return null;
  return (await tx.selectFrom('organisations').select(['id', 'country', 'type', 'women_led']).where('id', '=', actor.orgId).executeTakeFirst()) ?? null;
}

/**
 * Whether the actor's organisation may contribute to this consultation now, and if not why: the
 * same rules the database trigger applies, asked first so that the answer can be explained.
 */
export async function contributeState(
  tx: Tx,
  actor: Actor | null,
  access: PlanAccess,
  c: ConsultationRow,
  now: Date,
  org: { country: string } | null,
): Promise<'yes' | 'not_open' | 'not_invited' | 'not_contributor'> {
  if (!actor || !can(actor, 'plans.contribute') || !org) return 'not_contributor';
  if (access.stage !== 'consultation' || windowState(c, now) !== 'open') return 'not_open';
  if (org.country !== access.country) return 'not_invited';
  if (c.open_to === 'all') return 'yes';
  const invited = await tx.selectFrom('consultation_invitations').select('org_id').where('consultation_id', '=', c.id).where('org_id', '=', actor.orgId).executeTakeFirst();
  return invited ? 'yes' : 'not_invited';
}

const modesOf = (modes: string[]) => CONSULTATION_MODES.filter((m) => modes.includes(m));
const openToOf = (v: string) => CONSULTATION_OPEN_TO.find((x) => x === v) ?? 'invited';

export function planHeaderOf(access: PlanAccess, title: string) {
  return { id: access.id, title, stage: access.stage, allowsIndividuals: access.allowsIndividuals, published: access.published, country: access.country };
}

async function planTitle(tx: Tx, planId: string): Promise<string> {
  return (await tx.selectFrom('plans').select('title').where('id', '=', planId).executeTakeFirstOrThrow()).title;
}

async function summaries(tx: Tx, actor: Actor | null, access: PlanAccess, rows: ConsultationRow[], now: Date): Promise<ConsultationSummary[]> {
  if (rows.length === 0) return [];
  const ids = rows.map((r) => r.id);
  const countBy = async (table: 'consultation_sections' | 'consultation_questions' | 'consultation_invitations' | 'consultation_participants') =>
    new Map(
      (
        await tx
          .selectFrom(table)
          .select(['consultation_id', (eb) => eb.fn.countAll<number>().as('n')])
          .where('consultation_id', '=', sql<string>`ANY(${ids}::uuid[])`)
          .groupBy('consultation_id')
          .execute()
      ).map((r) => [r.consultation_id, Number(r.n)]),
    );
  const sections = await countBy('consultation_sections');
  const questions = await countBy('consultation_questions');
  let coordinatorCounts: Map<string, { contributions: number; unanswered: number; invitations: number; participants: number }> | null = null;
  if (access.coordinator) {
    const invitations = await countBy('consultation_invitations');
    const participants = await countBy('consultation_participants');
    const contributions = await tx
      .selectFrom('contributions')
      .select(['consultation_id', (eb) => eb.fn.countAll<number>().as('n'), sql<number>`count(*) FILTER (WHERE ${AWAITING_ANSWER_SQL})`.as('open')])
      .where('plan_id', '=', access.id)
      .groupBy('consultation_id')
      .execute();
    coordinatorCounts = new Map(
      ids.map((id) => {
        const c = contributions.find((x) => x.consultation_id === id);
        return [id, { contributions: Number(c?.n ?? 0), unanswered: Number(c?.open ?? 0), invitations: invitations.get(id) ?? 0, participants: participants.get(id) ?? 0 }];
      }),
    );
  }
  const org = await actingOrganisation(tx, actor);
  const out: ConsultationSummary[] = [];
  for (const r of rows) {
    out.push({
      id: r.id,
      title: r.title,
      description: r.description,
      opensAt: r.opens_at.toISOString(),
      closesAt: r.closes_at.toISOString(),
      window: windowState(r, now),
      modes: modesOf(r.modes),
      openTo: openToOf(r.open_to),
      meetingPlace: r.meeting_place,
      meetingAt: r.meeting_at?.toISOString() ?? null,
      sectionCount: sections.get(r.id) ?? 0,
      questionCount: questions.get(r.id) ?? 0,
      counts: coordinatorCounts?.get(r.id) ?? null,
      contribute: await contributeState(tx, actor, access, r, now, org),
    });
  }
  return out;
}

export async function listConsultations(tx: Tx, actor: Actor, planId: string, now: Date): Promise<ConsultationsView> {
  const access = await planAccess(tx, actor, planId);
  const rows = await tx.selectFrom('consultations').select(COLUMNS).where('plan_id', '=', planId).orderBy('opens_at', 'desc').limit(200).execute();
  return { plan: planHeaderOf(access, await planTitle(tx, planId)), consultations: await summaries(tx, actor, access, rows, now), can: { create: access.coordinator } };
}

/** The current text of some sections of a plan: the latest version of each. */
export async function currentSections(tx: Tx, planId: string, sectionIds?: readonly string[]) {
  if (sectionIds && sectionIds.length === 0) return [];
  let q = tx
    .selectFrom('plan_sections as s')
    .innerJoin('plan_section_versions as v', 'v.section_id', 's.id')
    .select(['s.id', 's.position', 'v.version', 'v.title', 'v.body'])
    .where('s.plan_id', '=', planId)
    .where('v.version', '=', (eb) => eb.selectFrom('plan_section_versions as w').select((e) => e.fn.max('w.version').as('m')).whereRef('w.section_id', '=', 's.id'));
  if (sectionIds) q = q.where('s.id', '=', sql<string>`ANY(${[...sectionIds]}::uuid[])`);
  return q.orderBy('s.position').execute();
}

export async function getConsultation(tx: Tx, actor: Actor, planId: string, id: string, now: Date): Promise<ConsultationView> {
  const access = await planAccess(tx, actor, planId);
  const row = await loadConsultation(tx, planId, id);
  const [summary] = await summaries(tx, actor, access, [row], now);
  const linked = await tx.selectFrom('consultation_sections').select('section_id').where('consultation_id', '=', id).execute();
  const sections = await currentSections(tx, planId, linked.map((l) => l.section_id));
  const questions = await tx.selectFrom('consultation_questions').select(['id', 'position', 'text']).where('consultation_id', '=', id).orderBy('position').execute();
  const invitations = access.coordinator ? await invitedOrganisations(tx, planId, id) : null;
  const contributeNow = summary!.contribute === 'yes';
  return {
    ...summary!,
    plan: planHeaderOf(access, await planTitle(tx, planId)),
    sections: sections.map((s) => ({ id: s.id, position: s.position, title: s.title, body: s.body, version: s.version })),
    questions,
    invitations,
    can: {
      edit: access.coordinator,
      invite: access.coordinator,
      register: access.coordinator && row.modes.includes('meeting'),
      contribute: contributeNow,
      contributeAsIndividual: contributeNow && access.allowsIndividuals,
    },
  };
}

/** Every id must be a section of the plan; 422 naming the first that is not. */
async function checkSections(tx: Tx, planId: string, sectionIds: readonly string[], path: string): Promise<void> {
  if (sectionIds.length === 0) return;
  const found = new Set(
    (await tx.selectFrom('plan_sections').select('id').where('plan_id', '=', planId).where('id', '=', sql<string>`ANY(${[...sectionIds]}::uuid[])`).execute()).map((r) => r.id),
  );
  sectionIds.forEach((id, i) => {
    if (!found.has(id)) throw new DomainError('unprocessable', 'A section is not part of this plan', [{ path: `body.${path}.${i}`, message: 'is not a section of this plan', code: 'not_in_plan' }]);
  });
}

export async function createConsultation(tx: Tx, actor: Actor, planId: string, input: ConsultationInput) {
  const access = await planAccess(tx, actor, planId);
  requireCoordinator(access);
  await checkSections(tx, planId, input.sectionIds, 'sectionIds');
  const row = await tx
    .insertInto('consultations')
    .values({
      plan_id: planId,
      title: input.title,
      description: input.description,
      opens_at: new Date(input.opensAt),
      closes_at: new Date(input.closesAt),
      modes: modesOf(input.modes),
      open_to: input.openTo,
      meeting_place: input.meetingPlace,
      meeting_at: input.meetingAt ? new Date(input.meetingAt) : null,
      created_by: actor.userId,
    })
    .returning('id')
    .executeTakeFirstOrThrow();
  if (input.sectionIds.length > 0) {
    await tx.insertInto('consultation_sections').values(input.sectionIds.map((s) => ({ consultation_id: row.id, section_id: s, plan_id: planId }))).execute();
  }
  if (input.questions.length > 0) {
    await tx.insertInto('consultation_questions').values(input.questions.map((text, i) => ({ consultation_id: row.id, plan_id: planId, position: i + 1, text }))).execute();
  }
  await audit(tx, {
    action: 'plan.consultation.create',
    subjectType: 'consultation',
    subjectId: row.id,
    subjectOrgId: access.ownerOrgId,
    details: { planId, modes: input.modes, openTo: input.openTo, sections: input.sectionIds.length, questions: input.questions.length },
  });
  return { id: row.id };
}

export async function updateConsultation(tx: Tx, actor: Actor, planId: string, id: string, input: ConsultationPatch) {
  const access = await planAccess(tx, actor, planId);
  requireCoordinator(access);
  const current = await loadConsultation(tx, planId, id);
  const opensAt = input.opensAt ? new Date(input.opensAt) : current.opens_at;
  const closesAt = input.closesAt ? new Date(input.closesAt) : current.closes_at;
  if (closesAt <= opensAt) throw new DomainError('unprocessable', 'A consultation closes after it opens', [{ path: 'body.closesAt', message: 'closes after it opens', code: 'order' }]);
  const modes = input.modes ? modesOf(input.modes) : current.modes;
  const meetingPlace = input.meetingPlace !== undefined ? input.meetingPlace : current.meeting_place;
  const meetingAt = input.meetingAt !== undefined ? (input.meetingAt ? new Date(input.meetingAt) : null) : current.meeting_at;
  if (!modes.includes('meeting') && (meetingPlace || meetingAt)) {
    throw new DomainError('unprocessable', 'A meeting place or time needs the meeting mode', [{ path: 'body.modes', message: 'needs the meeting mode', code: 'needs_meeting_mode' }]);
  }
  if (input.sectionIds) await checkSections(tx, planId, input.sectionIds, 'sectionIds');
  await tx
    .updateTable('consultations')
    .set({
      title: input.title ?? current.title,
      description: input.description !== undefined ? input.description : current.description,
      opens_at: opensAt,
      closes_at: closesAt,
      modes,
      open_to: input.openTo ?? current.open_to,
      meeting_place: meetingPlace,
      meeting_at: meetingAt,
    })
    .where('id', '=', id)
    .execute();
  if (input.sectionIds) {
    await tx.deleteFrom('consultation_sections').where('consultation_id', '=', id).execute();
    if (input.sectionIds.length > 0) {
      await tx.insertInto('consultation_sections').values(input.sectionIds.map((s) => ({ consultation_id: id, section_id: s, plan_id: planId }))).execute();
    }
  }
  if (input.questions) await replaceQuestions(tx, planId, id, input.questions);
  await audit(tx, { action: 'plan.consultation.update', subjectType: 'consultation', subjectId: id, subjectOrgId: access.ownerOrgId, details: { planId, changed: Object.keys(input).filter((k) => input[k as keyof ConsultationPatch] !== undefined) } });
}

/** Questions kept (by id) are reworded and reordered; others are added; a dropped one that has contributions stays (409). */
async function replaceQuestions(tx: Tx, planId: string, id: string, questions: NonNullable<ConsultationPatch['questions']>) {
  const existing = await tx.selectFrom('consultation_questions').select('id').where('consultation_id', '=', id).execute();
  const existingIds = new Set(existing.map((q) => q.id));
  questions.forEach((q, i) => {
    if (q.id && !existingIds.has(q.id)) throw new DomainError('unprocessable', 'A question is not part of this consultation', [{ path: `body.questions.${i}.id`, message: 'is not a question of this consultation', code: 'not_in_consultation' }]);
  });
  const kept = new Set(questions.flatMap((q) => (q.id ? [q.id] : [])));
  const dropped = [...existingIds].filter((q) => !kept.has(q));
  if (dropped.length > 0) {
    const answered = await tx.selectFrom('contributions').select('id').where('question_id', '=', sql<string>`ANY(${dropped}::uuid[])`).executeTakeFirst();
    if (answered) throw new DomainError('conflict', 'A question that has contributions cannot be removed');
    await tx.deleteFrom('consultation_questions').where('id', '=', sql<string>`ANY(${dropped}::uuid[])`).execute();
  }
  for (const [i, q] of questions.entries()) {
    if (q.id) await tx.updateTable('consultation_questions').set({ position: i + 1, text: q.text }).where('id', '=', q.id).execute();
    else await tx.insertInto('consultation_questions').values({ consultation_id: id, plan_id: planId, position: i + 1, text: q.text }).execute();
  }
}

/** The organisations invited to a consultation, by name (as tandem_plan_organisations names them to coordinators). */
async function invitedOrganisations(tx: Tx, planId: string, consultationId: string): Promise<NonNullable<ConsultationView['invitations']>> {
  const rows = await tx.selectFrom('consultation_invitations').select(['org_id', 'invited_at']).where('consultation_id', '=', consultationId).execute();
  if (rows.length === 0) return [];
  const names = await planOrgNames(tx, planId);
  return rows
    .map((r) => {
      const o = names.get(r.org_id);
      return { orgId: r.org_id, orgName: o?.name ?? '', orgType: o?.type ?? '', womenLed: o?.womenLed ?? false, invitedAt: r.invited_at.toISOString() };
    })
    .sort((a, b) => a.orgName.localeCompare(b.orgName));
}
