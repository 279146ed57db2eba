// Partnership agreements: drafted by one organisation's administrator with its partners, signed
// by each party's administrator, in force once all have signed and within its dates; suspended or
// terminated by any party, always with a reason. A suspension is lifted only by the party that
// suspended it, or by a new round in which every party, that one included, signs again (any party
// may start it). `sharingAllowed` is what the cases module asks before personal data passes
// between two organisations.
import type { Tx } from '../../db.ts';
import type { Actor } from '../../platform/auth/actor.ts';
import { audit } from '../../platform/audit/audit.ts';
import { DomainError } from '../../platform/http/errors.ts';
import { can } from '../identity/policy.ts';
import { agreementAbilities, type AgreementChange } from './agreement-policy.ts';
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
  const a = await tx
    .selectFrom('partnership_agreements as a')
    .leftJoin('organisations as c', 'c.id', 'a.status_changed_by_org')
    .selectAll('a')
    .select('c.name as status_changed_by_name')
    .where('a.id', '=', id)
    .executeTakeFirst();
  if (!a) throw new DomainError('not_found');
  const parties = await tx
    .selectFrom('agreement_parties as p')
    .innerJoin('organisations as o', 'o.id', 'p.org_id')
    .select(['p.org_id', 'o.name', 'p.signed_at', 'p.signatory_name', 'p.signatory_title'])
    .where('p.agreement_id', '=', id)
    .orderBy('o.name')
    .execute();
  const today = todayOf(now);
  const status = effectiveStatus(a.status, a.valid_until, today);
  const changedBy = a.status_changed_by_org && a.status_changed_by_name ? { orgId: a.status_changed_by_org, orgName: a.status_changed_by_name } : null;
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
    statusChangedBy: changedBy,
    statusChangedAt: a.status_changed_at ? new Date(a.status_changed_at).toISOString() : null,
    createdByOrgId: a.created_by_org,
    parties: parties.map((p) => ({
      orgId: p.org_id,
      orgName: p.name,
      signedAt: p.signed_at?.toISOString() ?? null,
      signatoryName: p.signatory_name,
      signatoryTitle: p.signatory_title,
    })),
    can: agreementAbilities(
      actor,
      {
        status,
        createdByOrgId: a.created_by_org,
        statusChangedByOrgId: a.status_changed_by_org,
        validUntil: a.valid_until,
        parties: parties.map((p) => ({ orgId: p.org_id, signed: p.signed_at !== null })),
      },
      today,
    ),
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
  if (partners.length === 0) throw new DomainError('validation_failed', undefined, [{ path: 'body.partnerOrgIds', message: 'needs another organisation', code: 'required' }]);
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
  if (partners.length === 0) throw new DomainError('validation_failed', undefined, [{ path: 'body.partnerOrgIds', message: 'needs another organisation', code: 'required' }]);
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
  // A reason goes with a change of status only; signing needs none.
  await tx
    .updateTable('partnership_agreements')
    .set(next === current.status ? { updated_at: now } : { status: next, status_reason: null, updated_at: now })
    .where('id', '=', id)
    .execute();
  await audit(tx, { action: 'org.agreement.sign', subjectType: 'agreement', subjectId: id, subjectOrgId: orgId, details: { now_in_force: next === 'active' } });
  return load(tx, actor, id, now);
}

const NEXT_STATUS = { suspend: 'suspended', resume: 'active', signAgain: 'signing', terminate: 'terminated' } as const;
const REFUSED: Record<AgreementChange, string> = {
  suspend: 'Only an agreement in force can be suspended, by one of its parties',
  resume: 'Only the party that suspended this agreement can resume it; the other parties can ask every party to sign it again',
  signAgain: 'Only a suspended agreement within its dates can be signed again',
  terminate: 'This agreement cannot be terminated now',
};
const AUDIT_ACTION: Record<AgreementChange, string> = {
  suspend: 'org.agreement.suspend',
  resume: 'org.agreement.resume',
  signAgain: 'org.agreement.sign_again',
  terminate: 'org.agreement.terminate',
};

/**
 * Suspends, resumes, starts a new round of signatures or terminates, always with a reason. The
 * database records who changed the status and when, and, for a new round, clears every signature.
 */
export async function changeAgreementStatus(tx: Tx, actor: Actor, id: string, change: AgreementChange, reason: string, now: Date) {
  const orgId = requireManager(actor);
  const current = await load(tx, actor, id, now);
  if (!current.can[change]) throw new DomainError('conflict', REFUSED[change]);
  await tx.updateTable('partnership_agreements').set({ status: NEXT_STATUS[change], status_reason: reason, updated_at: now }).where('id', '=', id).execute();
  await audit(tx, {
    action: AUDIT_ACTION[change],
    subjectType: 'agreement',
    subjectId: id,
    subjectOrgId: orgId,
    details: {
      reason,
      was: current.status,
      ...(current.status === 'suspended' ? { suspended_by: current.statusChangedBy?.orgId ?? null } : {}),
      ...(change === 'signAgain' ? { signatures_cleared: current.parties.filter((p) => p.signedAt !== null).length } : {}),
    },
  });
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
