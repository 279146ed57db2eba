// Who is asked and who came: invitations of organisations from the directory of the plan's
// country (each invited organisation's contributors and plan coordinators are mailed, in their
// own language), and the register of a meeting's participants — no names, only what
// representation is counted by. Both are the plan coordinators' to keep.
import { sql } from 'kysely';
import type { Tx } from '../../db.ts';
import type { Actor } from '../../platform/auth/actor.ts';
import { audit } from '../../platform/audit/audit.ts';
import { DomainError } from '../../platform/http/errors.ts';
import { queueMail } from '../../platform/mail/outbox.ts';
import type { PeopleDeps } from '../identity/people.ts';
import { planAccess, requireCoordinator } from './access.ts';
import type { ParticipantInput, ParticipantsView } from './consultation-schema.ts';
import { loadConsultation } from './consultations.ts';
import { consultationInvitationMail, mailLocale } from './planning-mail.ts';
import { PARTICIPANT_ORG_TYPES, PARTICIPANT_SEXES } from './schema.ts';

export async function inviteOrganisations(tx: Tx, actor: Actor, planId: string, consultationId: string, orgIds: readonly string[], mail: PeopleDeps) {
  const access = await planAccess(tx, actor, planId);
  requireCoordinator(access);
  const consultation = await loadConsultation(tx, planId, consultationId);
  const orgs = await tx
    .selectFrom('organisations')
    .select(['id', 'name'])
    .where('id', '=', sql<string>`ANY(${[...orgIds]}::uuid[])`)
    .where('country', '=', access.country)
    .execute();
  const names = new Map(orgs.map((o) => [o.id, o.name]));
  orgIds.forEach((id, i) => {
    if (!names.has(id)) throw new DomainError('unprocessable', 'An organisation is not in the directory of the plan’s country', [{ path: `body.orgIds.${i}`, message: 'is not an organisation of the plan’s country', code: 'not_in_country' }]);
  });
  const already = new Set(
    (await tx.selectFrom('consultation_invitations').select('org_id').where('consultation_id', '=', consultationId).execute()).map((r) => r.org_id),
  );
  const fresh = orgIds.filter((id) => !already.has(id));
  if (fresh.length > 0) {
    await tx.insertInto('consultation_invitations').values(fresh.map((org_id) => ({ consultation_id: consultationId, org_id, plan_id: planId, invited_by: actor.userId }))).execute();
  }
  const plan = (await tx.selectFrom('plans').select('title').where('id', '=', planId).executeTakeFirstOrThrow()).title;
  let mailed = 0;
  for (const orgId of fresh) {
    const people = await sql<{ email: string; display_name: string; locale: string | null }>`SELECT email, display_name, locale FROM tandem_consultation_invitees(${consultationId}::uuid, ${orgId}::uuid)`.execute(tx);
    for (const p of people.rows) {
      await queueMail(
        tx,
        mail.delivery,
        consultationInvitationMail(mailLocale(p.locale), {
          to: p.email,
          name: p.display_name,
          org: names.get(orgId)!,
          orgId,
          plan,
          planId,
          consultation: consultation.title,
          consultationId,
          opensAt: consultation.opens_at,
          closesAt: consultation.closes_at,
          publicUrl: mail.publicUrl,
        }),
      );
      mailed++;
    }
  }
  await audit(tx, { action: 'plan.consultation.invite', subjectType: 'consultation', subjectId: consultationId, subjectOrgId: access.ownerOrgId, details: { planId, invited: fresh, mails: mailed } });
  return { invited: fresh.length, mailed };
}

const count = (values: string[]) => values.reduce<Record<string, number>>((acc, v) => ((acc[v] = (acc[v] ?? 0) + 1), acc), {});

export async function listParticipants(tx: Tx, actor: Actor, planId: string, consultationId: string): Promise<ParticipantsView> {
  const access = await planAccess(tx, actor, planId);
  requireCoordinator(access);
  await loadConsultation(tx, planId, consultationId);
  const rows = await tx
    .selectFrom('consultation_participants')
    .select(['id', 'org_id', 'org_name', 'org_type', 'women_led', 'sex', 'created_at'])
    .where('consultation_id', '=', consultationId)
    .orderBy('org_name')
    .orderBy('created_at')
    .execute();
  const participants = rows.map((r) => ({
    id: r.id,
    orgId: r.org_id,
    orgName: r.org_name,
    orgType: PARTICIPANT_ORG_TYPES.find((t) => t === r.org_type) ?? 'individual',
    womenLed: r.women_led,
    sex: PARTICIPANT_SEXES.find((s) => s === r.sex) ?? 'not_stated',
    createdAt: r.created_at.toISOString(),
  }));
  return {
    participants,
    counts: { total: rows.length, bySex: count(participants.map((p) => p.sex)), byOrgType: count(participants.map((p) => p.orgType)), womenLed: participants.filter((p) => p.womenLed).length },
  };
}

export async function addParticipants(tx: Tx, actor: Actor, planId: string, consultationId: string, input: ParticipantInput) {
  const access = await planAccess(tx, actor, planId);
  requireCoordinator(access);
  const consultation = await loadConsultation(tx, planId, consultationId);
  if (!consultation.modes.includes('meeting')) throw new DomainError('conflict', 'Only a consultation with a meeting keeps a register of participants');
  let orgName = input.orgName;
  let womenLed = input.womenLed;
  if (input.orgId) {
    const org = await tx.selectFrom('organisations').select(['name', 'women_led']).where('id', '=', input.orgId).executeTakeFirst();
    if (!org) throw new DomainError('unprocessable', 'The organisation is not in the directory', [{ path: 'body.orgId', message: 'is not an organisation of the directory', code: 'invalid_choice' }]);
    orgName = org.name;
    womenLed = org.women_led;
  }
  const rows = await tx
    .insertInto('consultation_participants')
    .values(
      Array.from({ length: input.count }, () => ({
        consultation_id: consultationId,
        plan_id: planId,
        org_id: input.orgId,
        org_name: orgName!,
        org_type: input.orgType,
        women_led: input.orgType === 'individual' ? false : womenLed,
        sex: input.sex,
        created_by: actor.userId,
      })),
    )
    .returning('id')
    .execute();
  await audit(tx, {
    action: 'plan.consultation.participants.add',
    subjectType: 'consultation',
    subjectId: consultationId,
    subjectOrgId: access.ownerOrgId,
    details: { planId, added: rows.length, orgType: input.orgType, sex: input.sex },
  });
  return { ids: rows.map((r) => r.id) };
}

export async function removeParticipant(tx: Tx, actor: Actor, planId: string, consultationId: string, participantId: string) {
  const access = await planAccess(tx, actor, planId);
  requireCoordinator(access);
  await loadConsultation(tx, planId, consultationId);
  const removed = await tx.deleteFrom('consultation_participants').where('id', '=', participantId).where('consultation_id', '=', consultationId).returning('id').executeTakeFirst();
  if (!removed) throw new DomainError('not_found');
  await audit(tx, { action: 'plan.consultation.participants.remove', subjectType: 'consultation', subjectId: consultationId, subjectOrgId: access.ownerOrgId, details: { planId, participantId } });
}
