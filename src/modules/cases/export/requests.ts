// Subject access requests that wait for a second person. A coordinator's export that would hold
// another organisation's restricted sections is recorded as pending (export/service.ts); a data
// protection officer of the lead agency — never the requester — approves it with a note or
// refuses it with a reason; the requester, and only they, then downloads it: each download,
// counted, is a document built afresh from the records in the background (documents.ts), for
// APPROVAL_DAYS after the approval and at most APPROVAL_DOWNLOADS times. Each step is audited
// inside its transaction.
import { sql } from 'kysely';
import type { Tx } from '../../../db.ts';
import type { Actor } from '../../../platform/auth/actor.ts';
import { audit } from '../../../platform/audit/audit.ts';
import { requestDocument, type DocumentView } from '../../../platform/documents/documents.ts';
import { DomainError } from '../../../platform/http/errors.ts';
import { can } from '../../identity/policy.ts';
import type { SubjectAccessRequestView } from '../schema.ts';
import { DECIDED, mailPerson } from './mail.ts';
import { APPROVAL_DAYS, mayDecide, mayDownload, type RequestFacts } from './sar-policy.ts';
import type { ExportLocale } from './labels.ts';
import { recordExport, SUBJECT_ACCESS_KIND, type CaseDocumentParams, type ExportDeps } from './service.ts';

function requests(tx: Tx) {
  return tx
    .selectFrom('subject_access_requests as r')
    .leftJoin('cases as c', 'c.id', 'r.case_id')
    .leftJoin('users as q', 'q.id', 'r.requested_by')
    .leftJoin('users as d', 'd.id', 'r.decided_by')
    .select([
      'r.id', 'r.case_id', 'c.case_number', 'q.display_name as requester', 'r.requested_by', 'r.requested_at', 'r.reason', 'r.approval',
      'd.display_name as decider', 'r.decided_at', 'r.decision_note', 'r.expires_at', 'r.downloads', 'r.max_downloads',
    ]);
}

type Row = Awaited<ReturnType<ReturnType<typeof requests>['execute']>>[number];

function view(r: Row, actor: Actor, now: Date): SubjectAccessRequestView {
  const live = r.approval === 'approved' && r.expires_at !== null && r.expires_at > now;
  return {
    id: r.id,
    caseId: r.case_id,
    caseNumber: r.case_number,
    requestedByName: r.requester,
    requestedAt: r.requested_at.toISOString(),
    reason: r.reason,
    approval: r.approval,
    decidedByName: r.decider,
    decidedAt: r.decided_at?.toISOString() ?? null,
    decisionNote: r.decision_note,
    expiresAt: r.expires_at?.toISOString() ?? null,
    downloadsLeft: live ? Math.max(0, r.max_downloads - r.downloads) : 0,
    mine: r.requested_by === actor.userId,
  };
}

function withFacts(tx: Tx) {
  return tx
    .selectFrom('subject_access_requests as r')
    .innerJoin('cases as c', 'c.id', 'r.case_id')
    .select([
      'r.id', 'r.case_id', 'r.lead_org_id', 'r.requested_by', 'r.requested_as', 'r.requested_at', 'r.approval', 'r.expires_at', 'r.downloads', 'r.max_downloads',
      'r.reason', 'r.decided_by', 'r.decided_at', 'c.case_number', 'c.status',
    ]);
}

async function facts(tx: Tx, id: string) {
  return withFacts(tx).where('r.id', '=', id).executeTakeFirst();
}

/** The request a subject access document is the export of (the requester's own; row-level security shows no one else's). */
export async function requestOfDocument(tx: Tx, documentId: string) {
  return withFacts(tx).where('r.document_id', '=', documentId).executeTakeFirst();
}

export const asFacts = (r: NonNullable<Awaited<ReturnType<typeof facts>>>): RequestFacts => ({
  leadOrgId: r.lead_org_id,
  requestedBy: r.requested_by,
  requestedAs: r.requested_as,
  approval: r.approval,
  requestedAt: r.requested_at,
  expiresAt: r.expires_at,
  downloads: r.downloads,
  maxDownloads: r.max_downloads,
});

/** Requests awaiting a decision at the officer's agency, oldest first (the officer's own included, marked). */
export async function pendingRequests(tx: Tx, actor: Actor, now: Date): Promise<SubjectAccessRequestView[]> {
  if (!actor.orgId || !can(actor, 'privacy.oversee')) throw new DomainError('forbidden');
  const rows = await requests(tx)
    .where('r.lead_org_id', '=', actor.orgId)
    .where('r.approval', '=', 'pending')
    .where('c.status', '<>', 'anonymised')
    .orderBy('r.requested_at')
    .limit(200)
    .execute();
  await audit(tx, { action: 'case.subject_access.requests_read', subjectOrgId: actor.orgId, details: { shown: rows.length } });
  return rows.map((r) => view(r, actor, now));
}

/** The coordinator's own requests that needed approval, newest first; of one case if named. */
export async function myRequests(tx: Tx, actor: Actor, caseId: string | undefined, now: Date): Promise<SubjectAccessRequestView[]> {
  if (!actor.orgId || !can(actor, 'cases.coordinate')) throw new DomainError('forbidden');
  let q = requests(tx)
    .where('r.requested_by', '=', actor.userId)
    .where('r.lead_org_id', '=', actor.orgId)
    .where('r.approval', '<>', 'not_needed')
    .orderBy('r.requested_at', 'desc')
    .limit(50);
  if (caseId) q = q.where('r.case_id', '=', caseId);
  return (await q.execute()).map((r) => view(r, actor, now));
}

/** An officer of the lead agency approves (with a note) or refuses (with a reason) another person's request. */
export async function decideRequest(
  tx: Tx,
  actor: Actor,
  deps: Pick<ExportDeps, 'delivery' | 'publicUrl'>,
  id: string,
  input: { decision: 'approve' | 'refuse'; note: string },
): Promise<void> {
  if (mayDecide(actor, null) === 'forbidden') throw new DomainError('forbidden');
  const r = await facts(tx, id);
  const check = mayDecide(actor, r ? asFacts(r) : null);
  if (check === 'not_found' || !r) throw new DomainError('not_found');
  if (check === 'own_request') throw new DomainError('forbidden', 'You asked for this export: another data protection officer of your organisation decides it');
  if (check === 'decided') throw new DomainError('conflict', 'This request has already been decided');
  if (check !== 'ok') throw new DomainError('forbidden');
  if (r.status === 'anonymised') throw new DomainError('conflict', 'This case has been anonymised: nothing is held on the person to export');
  const approve = input.decision === 'approve';
  const updated = await tx
    .updateTable('subject_access_requests')
    .set({
      approval: approve ? 'approved' : 'refused',
      decided_by: actor.userId,
      decided_at: sql<Date>`now()`,
      decision_note: input.note,
      expires_at: approve ? sql<Date>`now() + make_interval(days => ${APPROVAL_DAYS})` : null,
    })
    .where('id', '=', id)
    .where('approval', '=', 'pending')
    .returning(['requested_by'])
    .executeTakeFirst();
  if (!updated) throw new DomainError('conflict', 'This request has already been decided');
  await audit(tx, {
    action: approve ? 'case.subject_access.approve' : 'case.subject_access.refuse',
    subjectType: 'case',
    subjectId: r.case_id,
    subjectOrgId: r.lead_org_id,
    details: { case_number: r.case_number, request: id, requested_by: r.requested_by, note: input.note, ...(approve ? { days: APPROVAL_DAYS, downloads: r.max_downloads } : {}) },
  });
  const person = await tx.selectFrom('users').select(['email', 'locale', 'status']).where('id', '=', r.requested_by).executeTakeFirst();
  if (person && person.status === 'active') {
    await mailPerson(tx, deps.delivery, { email: person.email, locale: person.locale, orgId: r.lead_org_id }, DECIDED, { link: `${deps.publicUrl}/cases/${r.case_id}` });
  }
}

/**
 * The requester downloads their approved request: counted and audited now, with the document it
 * is built as (from the records as they are when it is built; see documents.ts).
 */
export async function downloadApproved(tx: Tx, actor: Actor, id: string, format: 'json' | 'pdf', lang: ExportLocale, now: Date): Promise<DocumentView> {
  if (mayDownload(actor, null, now) === 'forbidden') throw new DomainError('forbidden');
  const r = await facts(tx, id);
  const check = mayDownload(actor, r ? asFacts(r) : null, now);
  if (check === 'not_found' || !r) throw new DomainError('not_found');
  if (check === 'not_approved') throw new DomainError('conflict', r.approval === 'refused' ? 'This request was refused' : 'This request has not been approved yet');
  if (check === 'expired') throw new DomainError('conflict', 'The approval of this request has expired: ask again if the export is still needed');
  if (check === 'used_up') throw new DomainError('conflict', 'This approved export has been downloaded as many times as allowed');
  if (check !== 'ok') throw new DomainError('forbidden');
  if (r.status === 'anonymised') throw new DomainError('conflict', 'This case has been anonymised: nothing is held on the person to export');
  const params: CaseDocumentParams = { caseId: r.case_id, leadOrgId: r.lead_org_id, lang, format };
  const document = await requestDocument(tx, actor, SUBJECT_ACCESS_KIND, params);
  // Counts the download, names the document it is built as, and marks this transaction as the
  // one the approval opens the case in (for the timeline entry).
  const { rows } = await sql<{ case_id: string | null }>`SELECT tandem_subject_access_download(${id}::uuid, ${document.id}::uuid) AS case_id`.execute(tx);
  if (rows[0]?.case_id !== r.case_id) throw new DomainError('conflict', 'This approved export can no longer be downloaded');
  await recordExport(
    tx,
    { id: r.case_id, lead_org_id: r.lead_org_id, case_number: r.case_number },
    { request: id, as: 'case_coordinator', reason: r.reason, format, approvedBy: r.decided_by, download: r.downloads + 1, document: document.id },
  );
  return document;
}
