// Sections of a plan's text, kept in versions: each edit is a new version with a note, never an
// overwrite, so that anyone who reads the plan can see what changed between any two.
import { sql } from 'kysely';
import type { Tx } from '../../db.ts';
import type { Actor } from '../../platform/auth/actor.ts';
import { audit } from '../../platform/audit/audit.ts';
import { DomainError } from '../../platform/http/errors.ts';
import type { NewSection, NewSectionVersion, SectionDiff, SectionsView, SectionSummary, SectionView, SectionWithText } from './plan-schema.ts';
import { coordinatedPlan, readablePlan } from './plans.ts';
import { diffWords } from './section-diff.ts';

type CurrentRow = { id: string; position: number; version: number; title: string; body: string; created_at: Date | string };

async function currentRows(tx: Tx, planId: string): Promise<CurrentRow[]> {
  const { rows } = await sql<CurrentRow>`
    SELECT s.id, s.position, v.version, v.title, v.body, v.created_at
    FROM plan_sections s
    JOIN plan_section_versions v ON v.section_id = s.id
      AND v.version = (SELECT max(w.version) FROM plan_section_versions w WHERE w.section_id = s.id)
    WHERE s.plan_id = ${planId}
    ORDER BY s.position, s.created_at, s.id`.execute(tx);
  return rows;
}

const summary = (r: CurrentRow): SectionSummary => ({
  id: r.id,
  position: r.position,
  title: r.title,
  version: r.version,
  updatedAt: new Date(r.created_at).toISOString(),
});

/** The sections of a plan, in order, each with its current title and version number. */
export async function currentSections(tx: Tx, planId: string): Promise<SectionSummary[]> {
  return (await currentRows(tx, planId)).map(summary);
}

export async function listSections(tx: Tx, actor: Actor, planId: string): Promise<SectionsView> {
  const access = await readablePlan(tx, actor, planId);
  const sections = (await currentRows(tx, planId)).map((r): SectionWithText => ({ ...summary(r), body: r.body }));
  return { sections, can: { edit: access.coordinator } };
}

export async function addSection(tx: Tx, actor: Actor, planId: string, input: NewSection): Promise<{ id: string }> {
  const access = await coordinatedPlan(tx, actor, planId);
  const { last } = await tx
    .selectFrom('plan_sections')
    .select((eb) => eb.fn.coalesce(eb.fn.max('position'), sql<number>`0`).as('last'))
    .where('plan_id', '=', planId)
    .executeTakeFirstOrThrow();
  const end = Number(last) + 1;
  const position = input.position !== undefined && input.position < end ? input.position : end;
  if (position > 500) throw new DomainError('conflict', 'A plan has at most 500 sections');
  // Placed among the others: those from that place on move down one.
  if (position < end) {
    await tx.updateTable('plan_sections').set((eb) => ({ position: eb('position', '+', 1) })).where('plan_id', '=', planId).where('position', '>=', position).execute();
  }
  const section = await tx.insertInto('plan_sections').values({ plan_id: planId, position }).returning('id').executeTakeFirstOrThrow();
  await tx
    .insertInto('plan_section_versions')
    .values({ section_id: section.id, plan_id: planId, version: 1, title: input.title, body: input.body, note: null, created_by: actor.userId })
    .execute();
  await audit(tx, { action: 'plan.section.add', subjectType: 'plan_section', subjectId: section.id, subjectOrgId: access.ownerOrgId, details: { plan: planId, position } });
  return { id: section.id };
}

async function sectionOf(tx: Tx, planId: string, sectionId: string, lock = false) {
  let query = tx.selectFrom('plan_sections').select(['id', 'position']).where('id', '=', sectionId).where('plan_id', '=', planId);
  if (lock) query = query.forUpdate();
  const section = await query.executeTakeFirst();
  if (!section) throw new DomainError('not_found');
  return section;
}

export async function getSection(tx: Tx, actor: Actor, planId: string, sectionId: string): Promise<SectionView> {
  const access = await readablePlan(tx, actor, planId);
  const section = await sectionOf(tx, planId, sectionId);
  const plan = await tx.selectFrom('plans').select('title').where('id', '=', planId).executeTakeFirstOrThrow();
  const versions = await tx
    .selectFrom('plan_section_versions as v')
    .leftJoin('users as u', 'u.id', 'v.created_by')
    .select(['v.version', 'v.title', 'v.body', 'v.note', 'v.created_at', 'u.display_name'])
    .where('v.section_id', '=', sectionId)
    .orderBy('v.version', 'desc')
    .execute();
  return {
    id: section.id,
    planId,
    planTitle: plan.title,
    position: section.position,
    versions: versions.map((v) => ({ version: v.version, title: v.title, body: v.body, note: v.note, createdAt: v.created_at.toISOString(), createdBy: v.display_name })),
    can: { edit: access.coordinator },
  };
}

export async function addVersion(tx: Tx, actor: Actor, planId: string, sectionId: string, input: NewSectionVersion): Promise<{ version: number }> {
  const access = await coordinatedPlan(tx, actor, planId);
  // Locking the section makes two editors' versions follow one another instead of colliding.
  await sectionOf(tx, planId, sectionId, true);
  const { last } = await tx
    .selectFrom('plan_section_versions')
    .select((eb) => eb.fn.max('version').as('last'))
    .where('section_id', '=', sectionId)
    .executeTakeFirstOrThrow();
  const version = Number(last ?? 0) + 1;
  await tx
    .insertInto('plan_section_versions')
    .values({ section_id: sectionId, plan_id: planId, version, title: input.title, body: input.body, note: input.note || null, created_by: actor.userId })
    .execute();
  await audit(tx, { action: 'plan.section.version', subjectType: 'plan_section', subjectId: sectionId, subjectOrgId: access.ownerOrgId, details: { plan: planId, version } });
  return { version };
}

export async function diffSection(tx: Tx, actor: Actor, planId: string, sectionId: string, from: number, to: number): Promise<SectionDiff> {
  await readablePlan(tx, actor, planId);
  await sectionOf(tx, planId, sectionId);
  const versions = await tx
    .selectFrom('plan_section_versions')
    .select(['version', 'title', 'body'])
    .where('section_id', '=', sectionId)
    .where('version', 'in', [from, to])
    .execute();
  const a = versions.find((v) => v.version === from);
  const b = versions.find((v) => v.version === to);
  if (!a || !b) throw new DomainError('not_found', 'No such version of the section');
  const title = diffWords(a.title, b.title);
  const body = diffWords(a.body, b.body);
  return { from, to, title: title.parts, body: body.parts, coarse: title.coarse || body.coarse };
}
