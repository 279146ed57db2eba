// The worker thread documents are rendered in (see platform/documents/render-pool.ts): each kind
// of document to the module's renderer. Input comes as structured-cloned data; the file goes back
// as bytes.
import type { MessagePort } from 'node:worker_threads';
import { renderReportPdf } from './modules/planning/report-pdf.ts';
import type { ReportView } from './modules/planning/report-schema.ts';
import { labelsFor, type ExportLocale } from './modules/cases/export/labels.ts';
import type { CaseDocumentInput } from './modules/cases/export/documents.ts';
import { renderPdf } from './modules/cases/export/render.ts';
import { renderCivicExport, type CivicExportInput } from './modules/civic/export-render.ts';

type Renderer = (input: unknown, progress: (fraction: number) => void) => Promise<Uint8Array>;

const reportPdf: Renderer = (input, progress) => {
  const { view, lang } = input as { view: ReportView; lang: ExportLocale };
  return renderReportPdf(view, lang, progress);
};

// A case summary or subject access export: a PDF in the reader's language, or (an export asked
// for as JSON) the same content as JSON.
const caseDocument: Renderer = async (input, progress) => {
  const { doc, lang, format } = input as CaseDocumentInput;
  if (format === 'json') return Buffer.from(JSON.stringify(doc, null, 2), 'utf8');
  return renderPdf(doc, labelsFor(lang), progress);
};

const RENDERERS: Record<string, Renderer> = {
  plan_report: reportPdf,
  public_plan_report: reportPdf,
  case_summary: caseDocument,
  subject_access: caseDocument,
  // The civic-space open-data export: tens of thousands of records written out as CSV or JSON.
  public_civic_export: async (input, progress) => renderCivicExport(input as CivicExportInput, progress),
};

export default async function render(task: { kind: string; input: unknown; port: MessagePort }): Promise<Uint8Array> {
  const renderer = RENDERERS[task.kind];
  if (!renderer) throw new Error(`No renderer for documents of kind ${task.kind}`);
  try {
    const bytes = await renderer(task.input, (fraction) => task.port.postMessage(fraction));
    return bytes;
  } finally {
    task.port.close();
  }
}
