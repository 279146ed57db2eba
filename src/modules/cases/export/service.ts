// Subject access exports (everything held on a person, for the lead agency's data protection
// officer or case coordinator, with a written reason; a coordinator's that holds another
// organisation's restricted sections only once an officer approved it, see requests.ts) and case
// summaries for a case conference (only the sections the requester may see). A request decides
// and records — the policy, the reason, the approval, the audit event and the timeline entry —
// and asks for a document (see documents.ts); the job that builds it reads the case again as the
// person who asked (readExport, readSummary), and the file is laid out in a worker thread.
import { sql } from 'kysely';
import type { Tx } from '../../../db.ts';
import type { Actor } from '../../../platform/auth/actor.ts';
import { audit } from '../../../platform/audit/audit.ts';
import type { Vault } from '../../../platform/crypto/vault.ts';
import { isUuid } from '../../../platform/db/context.ts';
import { requestDocument, type DocumentView } from '../../../platform/documents/documents.ts';
import { DomainError } from '../../../platform/http/errors.ts';
import type { Delivery } from '../../../platform/mail/outbox.ts';
import { accessTo, recordEvent, type CaseAccess } from '../access.ts';
import type { ExportLocale } from './labels.ts';
import { AWAITING, EXPORTED, mailOfficers } from './mail.ts';
import { capacityOf, exportPath, mayAskExport, type SarCapacity } from './sar-policy.ts';
import { SECTIONS_OF_EXPORT, type CollectContext, type ExportSection } from './sections.ts';

export type ExportDeps = { delivery: Delivery; publicUrl: string };

/** The kinds of document of this module (documents.ts). */
export const SUMMARY_KIND = 'case_summary';
export const SUBJECT_ACCESS_KIND = 'subject_access';

/** What a case document is asked for with: the case (and its lead agency, for the audit trail), the language, the format. */
export type CaseDocumentParams = { caseId: string; leadOrgId: string; lang: ExportLocale; format: 'json' | 'pdf' };

export type ExportDocument = {
  kind: 'subject_access' | 'summary';
  caseNumber: string;
  generatedAt: string;
  requestedBy: { name: string; orgName: string; role: 'dpo' | 'case_coordinator' | 'case_role' };
  reason: string | null;
  /** For a coordinator's export that needed it: the data protection officer who approved it, and when. */
  approval: { by: string; at: string } | null;
  /** Sections of the case the document covers (every one for a subject access export). */
  coverage: string[];
  sections: Record<string, unknown>;
};

export async function collect(ctx: CollectContext, parts: ExportSection[]): Promise<Record<string, unknown>> {
  const out: Record<string, unknown> = {};
  for (const part of parts) out[part.key] = await part.collect(ctx);
  return out;
}

export async function requester(tx: Tx, actor: Actor) {
  return tx
    .selectFrom('users as u')
    .innerJoin('organisations as o', (j) => j.on('o.id', '=', actor.orgId!))
    .select(['u.display_name', 'u.email', 'o.name'])
    .where('u.id', '=', actor.userId)
    .executeTakeFirstOrThrow();
}

/** The request an export goes with, and who approved it when approval was needed. */
export type ExportGrounds = {
  request: string;
  as: SarCapacity;
  reason: string;
  format: 'json' | 'pdf';
  approvedBy: string | null;
  download: number | null;
  document: string;
};

/**
 * Writes the audit event and the case's timeline entry of an export. The entry is written with
 * the case opened to this transaction (migrations 0021, 0055: only while the request backing it
 * is in force in it), closed again at once: nothing of the case is read here.
 */
export async function recordExport(tx: Tx, target: { id: string; lead_org_id: string; case_number: string }, grounds: ExportGrounds): Promise<void> {
  if (!isUuid(target.id)) throw new DomainError('not_found');
  await audit(tx, {
    action: 'case.subject_access.export',
    subjectType: 'case',
    subjectId: target.id,
    subjectOrgId: target.lead_org_id,
    details: {
      case_number: target.case_number,
      format: grounds.format,
      reason: grounds.reason,
      as: grounds.as,
      request: grounds.request,
      document: grounds.document,
      ...(grounds.approvedBy ? { approved_by: grounds.approvedBy, download: grounds.download } : {}),
    },
  });
  await sql.raw(`SET LOCAL tandem.subject_access = '${target.id.toLowerCase()}'`).execute(tx);
  await recordEvent(tx, target.id, 'case.subject_access_exported', null, { format: grounds.format });
  await sql.raw(`SET LOCAL tandem.subject_access = ''`).execute(tx);
}

export type SubjectAccessOutcome = { status: 'exporting'; document: DocumentView } | { status: 'pending'; request: string };

/**
 * Everything held on the person of a case: for the lead agency's data protection officer or
 * case coordinator, never for an anonymised case. A coordinator's export that would hold another
 * organisation's restricted sections waits for an officer's approval (see requests.ts); the
 * officers are told when a coordinator exports at once. What is exported is a document, built in
 * the background as the requester (documents.ts).
 */
export async function subjectAccessExport(
  tx: Tx,
  actor: Actor,
  deps: ExportDeps,
  input: { caseNumber: string; reason: string; format: 'json' | 'pdf'; as?: SarCapacity | undefined },
  lang: ExportLocale,
): Promise<SubjectAccessOutcome> {
  const capacity = capacityOf(actor, input.as);
  if (!mayAskExport(actor, capacity)) throw new DomainError('forbidden');
  const target = await tx.selectFrom('cases').select(['id', 'lead_org_id', 'status', 'case_number']).where('case_number', '=', input.caseNumber).executeTakeFirst();
  if (!target || !isUuid(target.id) || target.lead_org_id !== actor.orgId) throw new DomainError('not_found', 'No case of your agency has this number');
  if (target.status === 'anonymised') {
    throw new DomainError('conflict', 'This case has been anonymised: the identity and every free text were destroyed, so nothing is held on the person to export');
  }
  const withheld = capacity === 'case_coordinator' && (await sql<{ w: boolean | null }>`SELECT tandem_subject_access_withheld(${target.id}::uuid) AS w`.execute(tx)).rows[0]?.w === true;
  const path = exportPath(actor, capacity, { leadOrgId: target.lead_org_id, withheld });
  if (path === 'forbidden' || path === 'not_found') throw new DomainError(path);
  const me = await requester(tx, actor);
  if (path === 'approval') {
    const request = await tx
      .insertInto('subject_access_requests')
      .values({ case_id: target.id, requested_by: actor.userId, requested_as: capacity, reason: input.reason, approval: 'pending' })
      .returning('id')
      .executeTakeFirstOrThrow();
    await audit(tx, {
      action: 'case.subject_access.request',
      subjectType: 'case',
      subjectId: target.id,
      subjectOrgId: target.lead_org_id,
      details: { case_number: target.case_number, reason: input.reason, request: request.id, as: capacity },
    });
    await mailOfficers(tx, deps.delivery, target.id, me.email, AWAITING, { link: `${deps.publicUrl}/retention` });
    return { status: 'pending', request: request.id };
  }
  const params: CaseDocumentParams = { caseId: target.id, leadOrgId: target.lead_org_id, lang, format: input.format };
  const document = await requestDocument(tx, actor, SUBJECT_ACCESS_KIND, params);
  const request = await tx
    .insertInto('subject_access_requests')
    .values({ case_id: target.id, requested_by: actor.userId, requested_as: capacity, reason: input.reason, approval: 'not_needed', document_id: document.id })
    .returning('id')
    .executeTakeFirstOrThrow();
  await recordExport(tx, target, { request: request.id, as: capacity, reason: input.reason, format: input.format, approvedBy: null, download: null, document: document.id });
  if (capacity === 'case_coordinator') {
    await mailOfficers(tx, deps.delivery, target.id, me.email, EXPORTED, {
      name: me.display_name,
      org: me.name,
      case: target.case_number,
      format: input.format.toUpperCase(),
      link: `${deps.publicUrl}/audit`,
    });
  }
  return { status: 'exporting', document };
}

/** The sections of a case a summary for this access shows. */
function summaryParts(access: CaseAccess): ExportSection[] {
  return SECTIONS_OF_EXPORT.filter((s) => !s.completeOnly && (s.needs === null || s.needs.some((n) => access.sections.includes(n))));
}

/** The access a summary needs: the lead agency or a team organisation, of a case not anonymised. */
export async function summaryAccess(tx: Tx, actor: Actor, caseId: string): Promise<CaseAccess> {
  const access = await accessTo(tx, actor, caseId);
  if (access.status === 'anonymised' && access.leadOrgId === actor.orgId) throw new DomainError('conflict', 'This case has been anonymised');
  if ((access.relation !== 'lead' && access.relation !== 'team') || access.status === 'anonymised') throw new DomainError('not_found');
  return access;
}

/** Asks for a concise summary for a case conference: the requester's own need-to-know, audited now, built in the background. */
export async function requestCaseSummary(tx: Tx, actor: Actor, caseId: string, lang: ExportLocale): Promise<DocumentView> {
  const access = await summaryAccess(tx, actor, caseId);
  const target = await tx.selectFrom('cases').select('case_number').where('id', '=', caseId).executeTakeFirst();
  if (!target) throw new DomainError('not_found');
  const params: CaseDocumentParams = { caseId, leadOrgId: access.leadOrgId, lang, format: 'pdf' };
  const document = await requestDocument(tx, actor, SUMMARY_KIND, params);
  await recordEvent(tx, caseId, 'case.summary_exported', null, {});
  await audit(tx, {
    action: 'case.summary.export',
    subjectType: 'case',
    subjectId: caseId,
    subjectOrgId: access.leadOrgId,
    details: { case_number: target.case_number, relation: access.relation, sections: access.sections, parts: summaryParts(access).map((p) => p.key), locale: lang, document: document.id },
  });
  return document;
}

/** The summary as the requester may see it now (in the job that builds it). */
export async function readSummary(tx: Tx, actor: Actor, vault: Vault, caseId: string, now: Date): Promise<ExportDocument> {
  const access = await summaryAccess(tx, actor, caseId);
  const sections = await collect({ tx, vault, caseId, sections: access.sections, complete: false }, summaryParts(access));
  const me = await requester(tx, actor);
  return {
    kind: 'summary',
    caseNumber: (sections.case as { caseNumber: string }).caseNumber,
    generatedAt: now.toISOString(),
    requestedBy: { name: me.display_name, orgName: me.name, role: 'case_role' },
    reason: null,
    approval: null,
    coverage: [...access.sections],
    sections,
  };
}
