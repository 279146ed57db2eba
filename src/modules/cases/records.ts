// Needs assessments (a level per domain, repeated over time), notes by section, and the case
// timeline.
import type { Tx } from '../../db.ts';
import type { Actor } from '../../platform/auth/actor.ts';
import { audit } from '../../platform/audit/audit.ts';
import { DomainError } from '../../platform/http/errors.ts';
import { accessTo, recordEvent, requireSection } from './access.ts';
import type { Section } from './schema.ts';

export async function listAssessments(tx: Tx, actor: Actor, caseId: string) {
  const access = await accessTo(tx, actor, caseId);
  requireSection(access, 'needs_assessment');
  const rows = await tx
    .selectFrom('needs_assessments as a')
    .innerJoin('organisations as o', 'o.id', 'a.org_id')
    .leftJoin('users as u', 'u.id', 'a.assessed_by')
    .select(['a.id', 'a.assessed_on', 'o.name', 'u.display_name', 'a.levels', 'a.notes'])
    .where('a.case_id', '=', caseId)
    .orderBy('a.assessed_on')
    .orderBy('a.created_at')
    .execute();
  await audit(tx, { action: 'case.assessment.read', subjectType: 'case', subjectId: caseId, subjectOrgId: access.leadOrgId });
  return rows.map((r) => ({ id: r.id, assessedOn: r.assessed_on, orgName: r.name, assessorName: r.display_name, levels: r.levels, notes: r.notes }));
}

export async function recordAssessment(
  tx: Tx,
  actor: Actor,
  caseId: string,
  input: { assessedOn: string; levels: Record<string, number | undefined>; notes: Record<string, string | undefined> },
) {
  const access = await accessTo(tx, actor, caseId);
  requireSection(access, 'needs_assessment');
  if (access.status !== 'open') throw new DomainError('conflict', 'The case is not open');
  const levels = Object.fromEntries(Object.entries(input.levels).filter(([, v]) => v !== undefined));
  const notes = Object.fromEntries(Object.entries(input.notes).filter(([, v]) => v));
  const row = await tx
    .insertInto('needs_assessments')
    .values({ case_id: caseId, org_id: actor.orgId!, assessed_on: input.assessedOn, assessed_by: actor.userId, levels: JSON.stringify(levels), notes: JSON.stringify(notes) })
    .returning('id')
    .executeTakeFirstOrThrow();
  await recordEvent(tx, caseId, 'assessment.recorded', 'needs_assessment', { on: input.assessedOn, domains: Object.keys(levels) });
  await audit(tx, { action: 'case.assessment.record', subjectType: 'assessment', subjectId: row.id, subjectOrgId: access.leadOrgId, details: { case: caseId } });
  return { id: row.id };
}

export async function listNotes(tx: Tx, actor: Actor, caseId: string) {
  const access = await accessTo(tx, actor, caseId);
  const sections = access.sections.filter((s) => s === 'psychosocial_notes' || s === 'other_notes' || s === 'security');
  if (sections.length === 0) throw new DomainError('not_found');
  const rows = await tx
    .selectFrom('case_notes as n')
    .innerJoin('organisations as o', 'o.id', 'n.author_org_id')
    .leftJoin('users as u', 'u.id', 'n.author_id')
    .select(['n.id', 'n.section', 'o.name', 'u.display_name', 'n.shared', 'n.body', 'n.created_at'])
    .where('n.case_id', '=', caseId)
    .orderBy('n.created_at', 'desc')
    .limit(500)
    .execute();
  await audit(tx, { action: 'case.notes.read', subjectType: 'case', subjectId: caseId, subjectOrgId: access.leadOrgId, details: { shown: rows.length } });
  return rows.map((n) => ({
    id: n.id,
    section: n.section as 'psychosocial_notes' | 'other_notes' | 'security',
    authorOrgName: n.name,
    authorName: n.display_name,
    shared: n.shared,
    body: n.body,
    createdAt: n.created_at.toISOString(),
  }));
}

export async function addNote(tx: Tx, actor: Actor, caseId: string, input: { section: 'psychosocial_notes' | 'other_notes' | 'security'; body: string; shared: boolean }) {
  const access = await accessTo(tx, actor, caseId);
  requireSection(access, input.section as Section);
  if (access.status !== 'open') throw new DomainError('conflict', 'The case is not open');
  const row = await tx
    .insertInto('case_notes')
    .values({ case_id: caseId, section: input.section, author_org_id: actor.orgId!, author_id: actor.userId, shared: input.section === 'psychosocial_notes' ? input.shared : true, body: input.body })
    .returning('id')
    .executeTakeFirstOrThrow();
  await recordEvent(tx, caseId, 'note.added', input.section as Section, {});
  await audit(tx, { action: 'case.note.add', subjectType: 'note', subjectId: row.id, subjectOrgId: access.leadOrgId, details: { case: caseId, section: input.section } });
  return { id: row.id };
}

export async function timeline(tx: Tx, actor: Actor, caseId: string) {
  const access = await accessTo(tx, actor, caseId);
  if (access.sections.length === 0) throw new DomainError('not_found');
  const rows = await tx
    .selectFrom('case_events as e')
    .leftJoin('organisations as o', 'o.id', 'e.actor_org_id')
    .select(['e.id', 'e.at', 'e.kind', 'e.section', 'o.name', 'e.data'])
    .where('e.case_id', '=', caseId)
    .orderBy('e.at', 'desc')
    .orderBy('e.id', 'desc')
    .limit(500)
    .execute();
  return rows.map((e) => ({ id: Number(e.id), at: e.at.toISOString(), kind: e.kind, section: e.section, actorOrgName: e.name, data: e.data }));
}
