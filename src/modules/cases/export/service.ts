// Subject access exports (everything held on a person, for the lead agency's data protection
// officer or case coordinator, with a written reason; a coordinator's that holds another
// organisation's restricted sections only once an officer approved it, see requests.ts) and case
// summaries for a case conference (only the sections the requester may see). Both are audited
// inside the transaction that reads.
import { sql } from 'kysely';
import type { Tx } from '../../../db.ts';
import type { Actor } from '../../../platform/auth/actor.ts';
import { audit } from '../../../platform/audit/audit.ts';
import type { Vault } from '../../../platform/crypto/vault.ts';
import { isUuid } from '../../../platform/db/context.ts';
import { DomainError } from '../../../platform/http/errors.ts';
import type { Delivery } from '../../../platform/mail/outbox.ts';
import { accessTo, recordEvent } from '../access.ts';
import { SECTIONS } from '../schema.ts';
import type { ExportLocale } from './labels.ts';
import { AWAITING, EXPORTED, mailOfficers } from './mail.ts';
import { capacityOf, exportPath, mayAskExport, type SarCapacity } from './sar-policy.ts';
import { SECTIONS_OF_EXPORT, otherRecords, type CollectContext, type ExportSection } from './sections.ts';

export type ExportDeps = { vault: Vault; delivery: Delivery; publicUrl: string };

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

async function collect(ctx: CollectContext, parts: ExportSection[]): Promise<Record<string, unknown>> {
  const out: Record<string, unknown> = {};
  for (const part of parts) out[part.key] = await part.collect(ctx);
  return out;
}

async function requester(tx: Tx, actor: Actor) {
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
  approval: { by: string; byUserId: string; at: string } | null;
  download: number | null;
};

/**
 * Writes the audit event, opens the case to this transaction (migrations 0021 and 0055: the
 * database opens it only while the request backing it is in force now) and reads all of it.
 */
export async function completeExport(
  tx: Tx,
  actor: Actor,
  deps: ExportDeps,
  target: { id: string; lead_org_id: string; case_number: string },
  grounds: ExportGrounds,
  now: Date,
): Promise<ExportDocument> {
  if (!isUuid(target.id)) throw new DomainError('not_found');
  const me = await requester(tx, actor);
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
      ...(grounds.approval ? { approved_by: grounds.approval.byUserId, download: grounds.download } : {}),
    },
  });
  // Opens this one case to this transaction (migrations 0021, 0055); closed again below.
  await sql.raw(`SET LOCAL tandem.subject_access = '${target.id.toLowerCase()}'`).execute(tx);
  await recordEvent(tx, target.id, 'case.subject_access_exported', null, { format: grounds.format });
  const sections = await collect({ tx, vault: deps.vault, caseId: target.id, sections: [...SECTIONS], complete: true }, [...SECTIONS_OF_EXPORT, otherRecords]);
  await sql.raw(`SET LOCAL tandem.subject_access = ''`).execute(tx);
  return {
    kind: 'subject_access',
    caseNumber: target.case_number,
    generatedAt: now.toISOString(),
    requestedBy: { name: me.display_name, orgName: me.name, role: grounds.as },
    reason: grounds.reason,
    approval: grounds.approval ? { by: grounds.approval.by, at: grounds.approval.at } : null,
    coverage: [...SECTIONS],
    sections,
  };
}

export type SubjectAccessOutcome = { status: 'exported'; document: ExportDocument } | { status: 'pending'; request: string };

/**
 * Everything held on the person of a case: for the lead agency's data protection officer or
 * case coordinator, never for an anonymised case. A coordinator's export that would hold another
 * organisation's restricted sections waits for an officer's approval (see requests.ts); the
 * officers are told when a coordinator exports at once.
 */
export async function subjectAccessExport(
  tx: Tx,
  actor: Actor,
  deps: ExportDeps,
  input: { caseNumber: string; reason: string; format: 'json' | 'pdf'; as?: SarCapacity | undefined },
  now: Date,
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
  const request = await tx
    .insertInto('subject_access_requests')
    .values({ case_id: target.id, requested_by: actor.userId, requested_as: capacity, reason: input.reason, approval: path === 'approval' ? 'pending' : 'not_needed' })
    .returning('id')
    .executeTakeFirstOrThrow();
  const me = await requester(tx, actor);
  if (path === 'approval') {
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
  const document = await completeExport(tx, actor, deps, target, { request: request.id, as: capacity, reason: input.reason, format: input.format, approval: null, download: null }, now);
  if (capacity === 'case_coordinator') {
    await mailOfficers(tx, deps.delivery, target.id, me.email, EXPORTED, {
      name: me.display_name,
      org: me.name,
      case: target.case_number,
      format: input.format.toUpperCase(),
      link: `${deps.publicUrl}/audit`,
    });
  }
  return { status: 'exported', document };
}

/** A concise summary for a case conference: the requester's own need-to-know, nothing more. */
export async function caseSummary(tx: Tx, actor: Actor, vault: Vault, caseId: string, locale: ExportLocale, now: Date): Promise<ExportDocument> {
  const access = await accessTo(tx, actor, caseId);
  if (access.status === 'anonymised' && access.leadOrgId === actor.orgId) throw new DomainError('conflict', 'This case has been anonymised');
  if (access.relation !== 'lead' && access.relation !== 'team') throw new DomainError('not_found');
  const seen = (s: ExportSection) => !s.completeOnly && (s.needs === null || s.needs.some((n) => access.sections.includes(n)));
  const parts = SECTIONS_OF_EXPORT.filter(seen);
  const sections = await collect({ tx, vault, caseId, sections: access.sections, complete: false }, parts);
  const me = await requester(tx, actor);
  const caseNumber = (sections.case as { caseNumber: string }).caseNumber;
  await recordEvent(tx, caseId, 'case.summary_exported', null, {});
  await audit(tx, {
    action: 'case.summary.export',
    subjectType: 'case',
    subjectId: caseId,
    subjectOrgId: access.leadOrgId,
    details: { case_number: caseNumber, relation: access.relation, sections: access.sections, parts: parts.map((p) => p.key), locale },
  });
  return {
    kind: 'summary',
    caseNumber,
    generatedAt: now.toISOString(),
    requestedBy: { name: me.display_name, orgName: me.name, role: 'case_role' },
    reason: null,
    approval: null,
    coverage: [...access.sections],
    sections,
  };
}
