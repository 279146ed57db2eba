// The case summary and the subject access export as documents built in the background
// (platform/documents): asked for and audited by a request (service.ts, requests.ts), then read
// again here, in the build job, as the person who asked — what they may no longer see is not in
// it, and a request no longer in force builds nothing (the document fails with not_found) — and
// laid out in a worker thread (render-worker.ts). They hold identifying data from the vault: kept
// an hour once built, sealed at rest like every document, fetched by their owner alone, who is
// checked again at each download.
import { sql } from 'kysely';
import type { Tx } from '../../../db.ts';
import type { Actor } from '../../../platform/auth/actor.ts';
import type { Vault } from '../../../platform/crypto/vault.ts';
import { isUuid } from '../../../platform/db/context.ts';
import type { DocumentKind, Gathered } from '../../../platform/documents/documents.ts';
import { DomainError } from '../../../platform/http/errors.ts';
import { SECTIONS } from '../schema.ts';
import { EXPORT_LOCALES, type ExportLocale } from './labels.ts';
import { asFacts, requestOfDocument } from './requests.ts';
import { mayHaveExport } from './sar-policy.ts';
import { SECTIONS_OF_EXPORT, otherRecords } from './sections.ts';
import { collect, readSummary, requester, summaryAccess, SUBJECT_ACCESS_KIND, SUMMARY_KIND, type CaseDocumentParams, type ExportDocument } from './service.ts';

/** How long a built case document is kept: long enough to download it, not to leave it lying. */
export const CASE_DOCUMENT_MINUTES = 60;

/** What the worker thread is given to lay out (render-worker.ts). */
export type CaseDocumentInput = { doc: ExportDocument; lang: ExportLocale; format: 'json' | 'pdf' };

function params(raw: Record<string, unknown>): CaseDocumentParams {
  const lang = EXPORT_LOCALES.find((l) => l === raw.lang);
  const format = raw.format === 'json' ? 'json' : raw.format === 'pdf' ? 'pdf' : null;
  if (!isUuid(raw.caseId) || !isUuid(raw.leadOrgId) || !lang || !format) throw new DomainError('not_found');
  return { caseId: raw.caseId, leadOrgId: raw.leadOrgId, lang, format };
}

function file(doc: ExportDocument, p: CaseDocumentParams): Gathered {
  const input: CaseDocumentInput = { doc, lang: p.lang, format: p.format };
  const name = `tandem-${doc.caseNumber}-${doc.kind === 'summary' ? 'summary' : 'subject-access'}`;
  return p.format === 'json'
    ? { input, filename: `${name}.json`, contentType: 'application/json; charset=utf-8' }
    : { input, filename: `${name}.pdf`, contentType: 'application/pdf' };
}

const caseSubject = (raw: Record<string, unknown>) => {
  const p = params(raw);
  return { type: 'case', id: p.caseId, orgId: p.leadOrgId };
};

/** The request a subject access document is the export of, if the person may have it now. */
async function requestInForce(tx: Tx, actor: Actor, documentId: string, now: Date, building: boolean) {
  const r = await requestOfDocument(tx, documentId);
  if (!r || r.status === 'anonymised' || !mayHaveExport(actor, asFacts(r), now, building)) throw new DomainError('not_found');
  return r;
}

/**
 * Everything held on the person, read in the build job's transaction: the request is checked
 * again, then the database opens the case to this transaction only if it agrees on its own
 * (tandem_subject_access_build, migration 0067).
 */
async function readExport(tx: Tx, actor: Actor, vault: Vault, documentId: string, now: Date): Promise<ExportDocument> {
  const r = await requestInForce(tx, actor, documentId, now, true);
  const { rows } = await sql<{ case_id: string | null }>`SELECT tandem_subject_access_build(${documentId}::uuid) AS case_id`.execute(tx);
  if (rows[0]?.case_id !== r.case_id || !isUuid(r.case_id)) throw new DomainError('not_found');
  await sql.raw(`SET LOCAL tandem.subject_access = '${r.case_id.toLowerCase()}'`).execute(tx);
  const sections = await collect({ tx, vault, caseId: r.case_id, sections: [...SECTIONS], complete: true }, [...SECTIONS_OF_EXPORT, otherRecords]);
  await sql.raw(`SET LOCAL tandem.subject_access = ''`).execute(tx);
  const me = await requester(tx, actor);
  const decider = r.decided_by ? await tx.selectFrom('users').select('display_name').where('id', '=', r.decided_by).executeTakeFirst() : undefined;
  return {
    kind: 'subject_access',
    caseNumber: r.case_number,
    generatedAt: now.toISOString(),
    requestedBy: { name: me.display_name, orgName: me.name, role: r.requested_as },
    reason: r.reason,
    approval: r.approval === 'approved' && r.decided_at ? { by: decider?.display_name ?? '—', at: r.decided_at.toISOString() } : null,
    coverage: [...SECTIONS],
    sections,
  };
}

export function caseDocuments(deps: { vault: Vault }): DocumentKind[] {
  return [
    {
      kind: SUMMARY_KIND,
      lifetimeMinutes: CASE_DOCUMENT_MINUTES,
      auditSubject: caseSubject,
      async gather(tx, actor, raw, now) {
        const p = params(raw);
        if (!actor) throw new DomainError('not_found');
        return file(await readSummary(tx, actor, deps.vault, p.caseId, now), { ...p, format: 'pdf' });
      },
      async stillAllowed(tx, actor, raw) {
        await summaryAccess(tx, actor, params(raw).caseId);
      },
    },
    {
      kind: SUBJECT_ACCESS_KIND,
      lifetimeMinutes: CASE_DOCUMENT_MINUTES,
      auditSubject: caseSubject,
      async gather(tx, actor, raw, now, doc) {
        const p = params(raw);
        if (!actor) throw new DomainError('not_found');
        return file(await readExport(tx, actor, deps.vault, doc.id, now), p);
      },
      async stillAllowed(tx, actor, _raw, doc) {
        await requestInForce(tx, actor, doc.id, new Date(), false);
      },
    },
  ];
}
