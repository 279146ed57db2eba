// Partnership agreements: drafted by one organisation's administrator with its partners, signed
// by each party's administrator, in force once all have signed and within its dates; suspended,
// resumed or terminated by any party, always with a reason. `sharingAllowed` is what the cases
// module asks before personal data passes between two organisations.
import type { Tx } from '../../db.ts';
import type { Actor } from '../../platform/auth/actor.ts';
import { audit } from '../../platform/audit/audit.ts';
import { DomainError } from '../../platform/http/errors.ts';
import { can } from '../identity/policy.ts';
import { DATA_CATEGORIES, LEGAL_BASES, type AgreementInput, type AgreementView, type DataCategory } from './schema.ts';

type Status = AgreementView['status'];

function requireManager(actor: Actor): string {
  if (!can(actor, 'org.agreements.manage') || !actor.orgId) throw new DomainError('forbidden');
  return actor.orgId;
}

/** The status as people should read it: an active agreement past its last day has expired. */
function effectiveStatus(stored: string, validUntil: string, today: string): Status {
  if (stored === 'active' && validUntil < today) return 'expired';
  return (['draft', 'signing', 'active', 'suspended', 'terminated'] as const).find((s) => s === stored) ?? 'terminated';
}

const todayOf = (now: Date) => now.toISOString().slice(0, 10);

async function load(tx: Tx, actor: Actor, id: string, now: Date): Promise<AgreementView> {
  const a = await tx.selectFrom('partnership_agreements').selectAll().where('id', '=', id).executeTakeFirst();
  if (!a) throw new DomainError('not_found');
  const parties = await tx
    .selectFrom('agreement_parties as p')
    .innerJoin('organisations as o', 'o.id', 'p.org_id')
    .select(['p.org_id', 'o.name', 'p.signed_at', 'p.signatory_name', 'p.signatory_title'])
    .where('p.agreement_id', '=', id)
    .orderBy('o.name')
    .execute();
  const status = effectiveStatus(a.status, a.valid_until, todayOf(now));
  const manager = can(actor, 'org.agreements.manage');
  const mine = parties.find((p) => p.org_id === actor.orgId);
  return {
    id: a.id,
    title: a.title,
    services: a.services,
    regions: a.regions,
    dataCategories: a.data_categories.filter((c): c is DataCategory => (DATA_CATEGORIES as readonly string[]).includes(c)),
    legalBasis: LEGAL_BASES.find((b) => b === a.legal_basis) ?? 'consent',
    retentionMonths: a.retention_months,
    validFrom: a.valid_from,
    validUntil: a.valid_until,
    reviewDate: a.review_date,
    status,
    statusReason: a.status_reason,
    createdByOrgId: a.created_by_org,
    parties: parties.map((p) => ({
      orgId: p.org_id,
      orgName: p.name,
      signedAt: p.signed_at?.toISOString() ?? null,
      signatoryName: p.signatory_name,
      signatoryTitle: p.signatory_title,
    })),
    can: {
      edit: manager && status === 'draft' && a.created_by_org === actor.orgId,
      sign: manager && (status === 'draft' || status === 'signing') && !!mine && mine.signed_at === null,
      suspend: manager && status === 'active' && !!mine,
      resume: manager && status === 'suspended' && !!mine,
      terminate: manager && ['draft', 'signing', 'active', 'suspended'].includes(status) && !!mine,
    },
  };
}

export async function listAgreements(tx: Tx, actor: Actor, now: Date): Promise<AgreementView[]> {
  if (!can(actor, 'org.agreements.view')) throw new DomainError('forbidden');
  const ids = await tx.selectFrom('partnership_agreements').select('id').orderBy('created_at', 'desc').limit(500).execute();
  return Promise.all(ids.map((r) => load(tx, actor, r.id, now)));
}

export async function getAgreement(tx: Tx, actor: Actor, id: string, now: Date): Promise<AgreementView> {
  if (!can(actor, 'org.agreements.view')) throw new DomainError('forbidden');
  return load(tx, actor, id, now);
}

async function requireVisiblePartners(tx: Tx, ids: string[]): Promise<void> {
  const visible = await tx.selectFrom('organisations').select('id').where('id', 'in', ids).execute();
  if (visible.length !== ids.length) throw new DomainError('not_found', 'A partner organisation was not found');
}

function columns(input: AgreementInput) {
  return {
    title: input.title,
    services: input.services,
    regions: input.regions,
    data_categories: input.dataCategories,
    legal_basis: input.legalBasis,
    retention_months: input.retentionMonths,
    valid_from: input.validFrom,
    valid_until: input.validUntil,
    review_date: input.reviewDate,
  };
}

export async function draftAgreement(tx: Tx, actor: Actor, input: AgreementInput, now: Date): Promise<AgreementView> {
  const orgId = requireManager(actor);
  const partners = input.partnerOrgIds.filter((id) => id !== orgId);
  if (partners.length === 0) throw new DomainError('validation_failed', undefined, [{ path: 'body.partnerOrgIds', message: 'needs another organisation' }]);
  await requireVisiblePartners(tx, partners);
  const created = await tx
    .insertInto('partnership_agreements')
    .values({ ...columns(input), created_by_org: orgId, created_by_user: actor.userId })
    .returning('id')
    .executeTakeFirstOrThrow();
  await tx
    .insertInto('agreement_parties')
    .values([orgId, ...partners].map((org) => ({ agreement_id: created.id, org_id: org })))
    .execute();
  await audit(tx, {
    action: 'org.agreement.draft',
    subjectType: 'agreement',
    subjectId: created.id,
    subjectOrgId: orgId,
    details: { parties: [orgId, ...partners], categories: input.dataCategories, legal_basis: input.legalBasis },
  });
  return load(tx, actor, created.id, now);
}

export async function updateDraft(tx: Tx, actor: Actor, id: string, input: AgreementInput, now: Date): Promise<AgreementView> {
  const orgId = requireManager(actor);
  const current = await load(tx, actor, id, now);
  if (!current.can.edit) throw new DomainError('conflict', 'Only a draft can be changed, by the organisation that drafted it');
  const partners = input.partnerOrgIds.filter((p) => p !== orgId);
  if (partners.length === 0) throw new DomainError('validation_failed', undefined, [{ path: 'body.partnerOrgIds', message: 'needs another organisation' }]);
  await requireVisiblePartners(tx, partners);
  await tx.updateTable('partnership_agreements').set({ ...columns(input), updated_at: now }).where('id', '=', id).execute();
  // The parties become those named now (the drafting organisation always stays one, which
  // keeps the agreement visible to it throughout), and a changed text needs every signature again.
  await tx
    .insertInto('agreement_parties')
    .values(partners.map((org) => ({ agreement_id: id, org_id: org })))
    .onConflict((oc) => oc.columns(['agreement_id', 'org_id']).doNothing())
    .execute();
  await tx.deleteFrom('agreement_parties').where('agreement_id', '=', id).where('org_id', 'not in', [orgId, ...partners]).execute();
  await tx
    .updateTable('agreement_parties')
    .set({ signed_at: null, signed_by: null, signatory_name: null, signatory_title: null })
    .where('agreement_id', '=', id)
    .execute();
  await audit(tx, { action: 'org.agreement.update', subjectType: 'agreement', subjectId: id, subjectOrgId: orgId, details: { categories: input.dataCategories } });
  return load(tx, actor, id, now);
}

export async function signAgreement(tx: Tx, actor: Actor, id: string, signatory: { signatoryName: string; signatoryTitle: string }, now: Date) {
  const orgId = requireManager(actor);
  const current = await load(tx, actor, id, now);
  if (!current.can.sign) throw new DomainError('conflict', 'This agreement cannot be signed by your organisation now');
  await tx
    .updateTable('agreement_parties')
    .set({ signed_at: now, signed_by: actor.userId, signatory_name: signatory.signatoryName, signatory_title: signatory.signatoryTitle })
    .where('agreement_id', '=', id)
    .where('org_id', '=', orgId)
    .execute();
  const unsigned = current.parties.filter((p) => p.signedAt === null && p.orgId !== orgId).length;
  const next = unsigned === 0 ? 'active' : 'signing';
  await tx.updateTable('partnership_agreements').set({ status: next, updated_at: now }).where('id', '=', id).execute();
  await audit(tx, { action: 'org.agreement.sign', subjectType: 'agreement', subjectId: id, subjectOrgId: orgId, details: { now_in_force: next === 'active' } });
  return load(tx, actor, id, now);
}

export async function changeAgreementStatus(
  tx: Tx,
  actor: Actor,
  id: string,
  change: 'suspend' | 'resume' | 'terminate',
  reason: string,
  now: Date,
) {
  const orgId = requireManager(actor);
  const current = await load(tx, actor, id, now);
  if (!current.can[change]) throw new DomainError('conflict', `This agreement cannot be ${change === 'resume' ? 'resumed' : `${change}ed`} now`);
  const status = change === 'suspend' ? 'suspended' : change === 'resume' ? 'active' : 'terminated';
  await tx.updateTable('partnership_agreements').set({ status, status_reason: reason, updated_at: now }).where('id', '=', id).execute();
  await audit(tx, { action: `org.agreement.${change}`, subjectType: 'agreement', subjectId: id, subjectOrgId: orgId, details: { reason } });
  return load(tx, actor, id, now);
}

export type SharingDecision = { allowed: boolean; agreementId: string | null; missingCategories: DataCategory[] };

/**
 * May personal data of these categories pass between the two organisations today? Only under an
 * agreement in force that binds both and covers every category. The answer names what is missing.
 */
export async function sharingAllowed(tx: Tx, fromOrg: string, toOrg: string, categories: DataCategory[], on: Date = new Date()): Promise<SharingDecision> {
  const date = todayOf(on);
  const inForce = await tx
    .selectFrom('partnership_agreements as a')
    .select(['a.id', 'a.data_categories', 'a.valid_until'])
    .where('a.status', '=', 'active')
    .where('a.valid_from', '<=', date)
    .where('a.valid_until', '>=', date)
    .where('a.id', 'in', (eb) => eb.selectFrom('agreement_parties').select('agreement_id').where('org_id', '=', fromOrg))
    .where('a.id', 'in', (eb) => eb.selectFrom('agreement_parties').select('agreement_id').where('org_id', '=', toOrg))
    .execute();
  // The one that lasts longest among those covering every category; else name what the best lacks.
  const covering = inForce.filter((a) => categories.every((c) => a.data_categories.includes(c))).sort((a, b) => b.valid_until.localeCompare(a.valid_until));
  if (covering[0]) return { allowed: true, agreementId: covering[0].id, missingCategories: [] };
  const best = inForce.map((a) => categories.filter((c) => !a.data_categories.includes(c))).sort((a, b) => a.length - b.length)[0];
  return { allowed: false, agreementId: null, missingCategories: best ?? categories };
}

export async function checkSharing(tx: Tx, actor: Actor, partner: string, categories: DataCategory[]): Promise<SharingDecision> {
  if (!can(actor, 'org.agreements.view') || !actor.orgId) throw new DomainError('forbidden');
  return sharingAllowed(tx, actor.orgId, partner, categories);
}
