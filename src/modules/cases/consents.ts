// Consents and recorded legal bases: who may receive which categories of a person's data, for
// what purpose, from when to when, given by whom (with a child's assent). Withdrawal takes
// effect at once: the recipient's access is computed from valid consents at every query.
import type { Tx } from '../../db.ts';
import type { Actor } from '../../platform/auth/actor.ts';
import { audit } from '../../platform/audit/audit.ts';
import { DomainError } from '../../platform/http/errors.ts';
import { accessTo, recordEvent, requireLeadCoordinator } from './access.ts';
import { CONSENT_BASES, SECTIONS, type ConsentInput, type ConsentView, type Section } from './schema.ts';

const today = (now: Date) => now.toISOString().slice(0, 10);

export function consentState(c: { starts_on: string; ends_on: string | null; withdrawn_at: Date | null }, now: Date): ConsentView['state'] {
  if (c.withdrawn_at) return 'withdrawn';
  const d = today(now);
  if (d < c.starts_on) return 'not_started';
  if (c.ends_on && d > c.ends_on) return 'expired';
  return 'valid';
}

export async function listConsents(tx: Tx, actor: Actor, caseId: string, now: Date): Promise<ConsentView[]> {
  await accessTo(tx, actor, caseId);
  // Row-level security shows all of them to those with the consents section, and its own to each recipient.
  const rows = await tx
    .selectFrom('case_consents as k')
    .innerJoin('organisations as o', 'o.id', 'k.recipient_org_id')
    .selectAll('k')
    .select('o.name as org_name')
    .where('k.case_id', '=', caseId)
    .orderBy('k.created_at', 'desc')
    .execute();
  return rows.map((k) => ({
    id: k.id,
    recipientOrgId: k.recipient_org_id,
    recipientOrgName: k.org_name,
    purpose: k.purpose,
    dataCategories: k.data_categories.filter((c): c is Section => (SECTIONS as readonly string[]).includes(c)),
    legalBasis: CONSENT_BASES.find((b) => b === k.legal_basis) ?? 'consent',
    givenBy: k.given_by === 'guardian' ? 'guardian' : k.given_by === 'person' ? 'person' : 'not_applicable',
    guardianName: k.guardian_name,
    childAssent: k.child_assent,
    startsOn: k.starts_on,
    endsOn: k.ends_on,
    withdrawnAt: k.withdrawn_at?.toISOString() ?? null,
    withdrawalReason: k.withdrawal_reason,
    state: consentState(k, now),
  }));
}

export async function recordConsent(tx: Tx, actor: Actor, caseId: string, input: ConsentInput): Promise<{ id: string }> {
  const access = await accessTo(tx, actor, caseId);
  requireLeadCoordinator(actor, access);
  if (input.recipientOrgId === access.leadOrgId) {
    throw new DomainError('validation_failed', undefined, [{ path: 'body.recipientOrgId', message: 'is the lead agency itself', code: 'own_organisation' }]);
  }
  const c = await tx.selectFrom('cases').select(['category', 'age_band']).where('id', '=', caseId).executeTakeFirstOrThrow();
  const child = ['0-4', '5-11', '12-17'].includes(c.age_band);
  if (child && input.legalBasis === 'consent' && input.givenBy !== 'guardian') {
    throw new DomainError('validation_failed', undefined, [{ path: 'body.givenBy', message: "a child's consent is given by a guardian", code: 'guardian_consent' }]);
  }
  if (child && input.legalBasis === 'consent' && input.childAssent === null && c.age_band !== '0-4') {
    throw new DomainError('validation_failed', undefined, [{ path: 'body.childAssent', message: "record the child's assent (yes or no)", code: 'required' }]);
  }
  const visible = await tx.selectFrom('organisations').select('id').where('id', '=', input.recipientOrgId).executeTakeFirst();
  if (!visible) throw new DomainError('not_found', 'The recipient organisation was not found');
  const row = await tx
    .insertInto('case_consents')
    .values({
      case_id: caseId,
      recipient_org_id: input.recipientOrgId,
      purpose: input.purpose,
      data_categories: input.dataCategories,
      legal_basis: input.legalBasis,
      given_by: input.givenBy,
      guardian_name: input.guardianName,
      child_assent: input.childAssent,
      starts_on: input.startsOn,
      ends_on: input.endsOn,
      recorded_by: actor.userId,
    })
    .returning('id')
    .executeTakeFirstOrThrow();
  await recordEvent(tx, caseId, 'consent.recorded', 'consents', { recipient: input.recipientOrgId, basis: input.legalBasis, categories: input.dataCategories });
  await audit(tx, {
    action: 'case.consent.record',
    subjectType: 'consent',
    subjectId: row.id,
    subjectOrgId: access.leadOrgId,
    details: { case: caseId, recipient: input.recipientOrgId, basis: input.legalBasis, categories: input.dataCategories },
  });
  return { id: row.id };
}

export async function withdrawConsent(tx: Tx, actor: Actor, caseId: string, consentId: string, reason: string, now: Date): Promise<void> {
  const access = await accessTo(tx, actor, caseId);
  requireLeadCoordinator(actor, access);
  const result = await tx
    .updateTable('case_consents')
    .set({ withdrawn_at: now, withdrawal_reason: reason })
    .where('id', '=', consentId)
    .where('case_id', '=', caseId)
    .where('withdrawn_at', 'is', null)
    .executeTakeFirst();
  if (result.numUpdatedRows === 0n) throw new DomainError('not_found');
  await recordEvent(tx, caseId, 'consent.withdrawn', 'consents', { consent: consentId });
  await audit(tx, { action: 'case.consent.withdraw', subjectType: 'consent', subjectId: consentId, subjectOrgId: access.leadOrgId, details: { case: caseId } });
}

/** The categories for which a valid consent (or recorded legal basis) lets data go to `org` today. */
export async function consentedCategories(tx: Tx, caseId: string, orgId: string, now: Date): Promise<Set<string>> {
  const d = today(now);
  const rows = await tx
    .selectFrom('case_consents')
    .select('data_categories')
    .where('case_id', '=', caseId)
    .where('recipient_org_id', '=', orgId)
    .where('withdrawn_at', 'is', null)
    .where('starts_on', '<=', d)
    .where((eb) => eb.or([eb('ends_on', 'is', null), eb('ends_on', '>=', d)]))
    .execute();
  return new Set(rows.flatMap((r) => r.data_categories));
}
