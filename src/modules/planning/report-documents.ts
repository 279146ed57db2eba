// The response report as a document built in the background: for a signed-in reader (their view
// of the report, in their language) and for the public (a published plan's report, one document
// per content and language, shared by every reader until what it shows changes).
import { createHash } from 'node:crypto';
import type { Tx } from '../../db.ts';
import type { Actor } from '../../platform/auth/actor.ts';
import { requestDocument, requestPublicDocument, type DocumentKind, type DocumentView } from '../../platform/documents/documents.ts';
import { DomainError } from '../../platform/http/errors.ts';
import type { ExportLocale } from '../cases/export/labels.ts';
import { planAccess, requirePlanningRole } from './access.ts';
import { planReport, publicReport } from './report.ts';
import type { ReportView } from './report-schema.ts';

const LOCALES: readonly ExportLocale[] = ['en', 'ru', 'ar'];

function params(raw: Record<string, unknown>): { planId: string; lang: ExportLocale } {
  const lang = LOCALES.find((l) => l === raw.lang);
  if (typeof raw.planId !== 'string' || !lang) throw new DomainError('not_found');
  return { planId: raw.planId, lang };
}

const pdf = (lang: ExportLocale, view: ReportView) => ({ input: { view, lang }, filename: `plan-response-report-${lang}.pdf`, contentType: 'application/pdf' });

export const REPORT_DOCUMENTS: DocumentKind[] = [
  {
    kind: 'plan_report',
    async gather(tx, actor, raw, now) {
      const { planId, lang } = params(raw);
      if (!actor) throw new DomainError('not_found');
      return pdf(lang, await planReport(tx, actor, planId, now));
    },
  },
  {
    kind: 'public_plan_report',
    public: true,
    async gather(tx, _actor, raw, now) {
      const { planId, lang } = params(raw);
      return pdf(lang, await publicReport(tx, planId, now));
    },
  },
];

/** Asks for the reader's report as a PDF: checked now, built in the background. */
export async function requestReportPdf(tx: Tx, actor: Actor, planId: string, lang: ExportLocale): Promise<DocumentView> {
  requirePlanningRole(actor);
  await planAccess(tx, actor, planId);
  return requestDocument(tx, actor, 'plan_report', { planId, lang });
}

/** The published report's PDF for this content: made once, shared until the content changes. */
export async function publicReportPdf(tx: Tx, planId: string, lang: ExportLocale, now: Date): Promise<DocumentView> {
  const view = await publicReport(tx, planId, now);
  return requestPublicDocument(tx, 'public_plan_report', { planId, lang }, contentKey(view, lang));
}

function contentKey(view: ReportView, lang: ExportLocale): string {
  // The moment of reading is not content.
  const { generatedAt: _generatedAt, ...content } = view;
  return createHash('sha256').update(lang).update('\u0000').update(JSON.stringify(content)).digest('base64url');
}
