// Case conferences: the lead agency's coordinator schedules one (date, place or mode, agenda)
// and records it afterwards (who attended for which organisation, minutes, decisions, action
// items). Recording turns each action item into a plan action linked back to the conference.
// Team organisations whose section set holds `case_conferences` read them.
import type { Tx } from '../../db.ts';
import type { Actor } from '../../platform/auth/actor.ts';
import { audit } from '../../platform/audit/audit.ts';
import { DomainError } from '../../platform/http/errors.ts';
import { can } from '../identity/policy.ts';
import { NEED_DOMAINS } from '../orgs/schema.ts';
import { accessTo, recordEvent, requireLeadCoordinator, requireSection } from './access.ts';
import { ACTION_STATUSES, type ConferenceInput, type ConferencesView, type RecordConferenceInput } from './plan-schema.ts';
import { caseOrganisations, casePeople, checkResponsible, insertAction } from './plan.ts';

const pick = <T extends string>(values: readonly T[], v: string, fallback: T): T => values.find((x) => x === v) ?? fallback;

export async function listConferences(tx: Tx, actor: Actor, caseId: string): Promise<ConferencesView> {
  const access = await accessTo(tx, actor, caseId);
  requireSection(access, 'case_conferences');
  const rows = await tx
    .selectFrom('case_conferences')
    .select(['id', 'held_at', 'place', 'agenda', 'attendees', 'minutes', 'decisions', 'status', 'recorded_at'])
    .where('case_id', '=', caseId)
    .orderBy('held_at', 'desc')
    .limit(200)
    .execute();
  // Actions from conferences are shown only to those who also see the plan.
  const actions =
    rows.length > 0 && access.sections.includes('case_plan')
      ? await tx
          .selectFrom('case_plan_actions as a')
          .innerJoin('organisations as o', 'o.id', 'a.responsible_org_id')
          .select(['a.id', 'a.conference_id', 'a.description', 'o.name', 'a.target_date', 'a.status'])
          .where('a.case_id', '=', caseId)
          .where('a.conference_id', 'is not', null)
          .orderBy('a.created_at')
          .execute()
      : [];
  const organisations = await caseOrganisations(tx, caseId, access.leadOrgId);
  const people = await casePeople(tx, caseId, organisations);
  const hold = access.leadOrgId === actor.orgId && access.status === 'open' && access.relation === 'lead' && can(actor, 'cases.coordinate');
  const goals =
    hold && access.sections.includes('case_plan')
      ? await tx.selectFrom('case_plan_goals').select(['id', 'domain', 'description']).where('case_id', '=', caseId).where('status', '=', 'open').orderBy('created_at').execute()
      : [];
  // Names of organisations that attended but have since left the team still show.
  const orgNames = new Map(organisations.map((o) => [o.orgId, o.orgName]));
  const missing = [...new Set(rows.flatMap((r) => r.attendees.map((a) => a.orgId)))].filter((id) => !orgNames.has(id));
  if (missing.length) {
    for (const o of await tx.selectFrom('organisations').select(['id', 'name']).where('id', 'in', missing).execute()) orgNames.set(o.id, o.name);
  }
  await audit(tx, { action: 'case.conferences.read', subjectType: 'case', subjectId: caseId, subjectOrgId: access.leadOrgId, details: { shown: rows.length } });
  return {
    conferences: rows.map((r) => ({
      id: r.id,
      heldAt: r.held_at.toISOString(),
      place: r.place,
      agenda: r.agenda,
      attendees: r.attendees.map((a) => ({ ...a, orgName: orgNames.get(a.orgId) ?? '' })),
      minutes: r.minutes,
      decisions: r.decisions,
      status: r.status === 'recorded' ? 'recorded' : 'scheduled',
      recordedAt: r.recorded_at?.toISOString() ?? null,
      actions: actions
        .filter((a) => a.conference_id === r.id)
        .map((a) => ({ id: a.id, description: a.description, responsibleOrgName: a.name, targetDate: a.target_date, status: pick(ACTION_STATUSES, a.status, 'planned') })),
    })),
    organisations,
    people,
    goals: goals.map((g) => ({ id: g.id, domain: pick(NEED_DOMAINS, g.domain, 'psychosocial'), description: g.description })),
    can: { hold },
  };
}

export async function scheduleConference(tx: Tx, actor: Actor, caseId: string, input: ConferenceInput) {
  const access = await accessTo(tx, actor, caseId);
  requireSection(access, 'case_conferences');
  requireLeadCoordinator(actor, access);
  if (access.status !== 'open') throw new DomainError('conflict', 'The case is not open');
  const row = await tx
    .insertInto('case_conferences')
    .values({ case_id: caseId, held_at: new Date(input.heldAt), place: input.place, agenda: input.agenda, created_by: actor.userId })
    .returning('id')
    .executeTakeFirstOrThrow();
  await recordEvent(tx, caseId, 'conference.scheduled', 'case_conferences', { conference: row.id, at: input.heldAt });
  await audit(tx, { action: 'case.conference.schedule', subjectType: 'conference', subjectId: row.id, subjectOrgId: access.leadOrgId, details: { case: caseId } });
  return { id: row.id };
}

export async function recordConference(tx: Tx, actor: Actor, caseId: string, conferenceId: string, input: RecordConferenceInput, now: Date) {
  const access = await accessTo(tx, actor, caseId);
  requireSection(access, 'case_conferences');
  requireLeadCoordinator(actor, access);
  if (access.status !== 'open') throw new DomainError('conflict', 'The case is not open');
  const conference = await tx.selectFrom('case_conferences').select(['id', 'status', 'held_at']).where('id', '=', conferenceId).where('case_id', '=', caseId).executeTakeFirst();
  if (!conference) throw new DomainError('not_found');
  if (conference.status === 'recorded') throw new DomainError('conflict', 'This conference has already been recorded');
  if (conference.held_at > now) throw new DomainError('conflict', 'A conference is recorded once it has been held');
  const orgs = await caseOrganisations(tx, caseId, access.leadOrgId);
  input.attendees.forEach((a, i) => {
    if (!orgs.some((o) => o.orgId === a.orgId)) {
      throw new DomainError('unprocessable', 'An attendee’s organisation is not on the case team', [{ path: `body.attendees.${i}.orgId`, message: 'is not on the case team', code: 'not_on_team' }]);
    }
  });
  if (input.actionItems.length > 0 && !access.sections.includes('case_plan')) throw new DomainError('forbidden');
  const people = input.actionItems.length > 0 ? await casePeople(tx, caseId, orgs) : [];
  input.actionItems.forEach((item, i) => checkResponsible(orgs, people, item.responsibleOrgId, item.responsibleUserId, `body.actionItems.${i}`));

  await tx
    .updateTable('case_conferences')
    .set({ attendees: JSON.stringify(input.attendees), minutes: input.minutes, decisions: input.decisions, status: 'recorded', recorded_at: now, recorded_by: actor.userId })
    .where('id', '=', conferenceId)
    .execute();
  const created: string[] = [];
  for (const [i, item] of input.actionItems.entries()) {
    const goalId = await goalFor(tx, actor, access.leadOrgId, caseId, item, i);
    const { id } = await insertAction(tx, actor, access, goalId, item, conferenceId);
    created.push(id);
  }
  await recordEvent(tx, caseId, 'conference.recorded', 'case_conferences', { conference: conferenceId, actions: created.length });
  await audit(tx, {
    action: 'case.conference.record',
    subjectType: 'conference',
    subjectId: conferenceId,
    subjectOrgId: access.leadOrgId,
    details: { case: caseId, attendees: input.attendees.length, organisations: [...new Set(input.attendees.map((a) => a.orgId))], actions: created },
  });
  return { actions: created };
}

/** The goal an action item serves: the one named, else the open goal of its domain, else a new one. */
async function goalFor(tx: Tx, actor: Actor, leadOrgId: string, caseId: string, item: RecordConferenceInput['actionItems'][number], index: number): Promise<string> {
  if (item.goalId) {
    const goal = await tx.selectFrom('case_plan_goals').select(['id', 'domain']).where('id', '=', item.goalId).where('case_id', '=', caseId).executeTakeFirst();
    if (!goal) throw new DomainError('unprocessable', 'The goal is not on this case’s plan', [{ path: `body.actionItems.${index}.goalId`, message: 'is not a goal of this case', code: 'invalid_choice' }]);
    return goal.id;
  }
  const open = await tx
    .selectFrom('case_plan_goals')
    .select('id')
    .where('case_id', '=', caseId)
    .where('domain', '=', item.domain)
    .where('status', '=', 'open')
    .orderBy('created_at')
    .executeTakeFirst();
  if (open) return open.id;
  const row = await tx
    .insertInto('case_plan_goals')
    .values({ case_id: caseId, domain: item.domain, description: item.description, created_by: actor.userId })
    .returning('id')
    .executeTakeFirstOrThrow();
  await recordEvent(tx, caseId, 'plan.goal_added', 'case_plan', { goal: row.id, domain: item.domain });
  await audit(tx, { action: 'case.plan.goal.add', subjectType: 'plan_goal', subjectId: row.id, subjectOrgId: leadOrgId, details: { case: caseId, domain: item.domain, from: 'conference' } });
  return row.id;
}
