// Draws an export into a PDF: a title, who asked and why, then each section it holds. Run in a
// worker thread (render-worker.ts), reporting how far it has got section by section.
import { PdfWriter } from '../../../platform/pdf/document.ts';
import type { Labels } from './labels.ts';
import { SECTIONS_OF_EXPORT, otherRecords } from './sections.ts';
import type { ExportDocument } from './service.ts';

export async function renderPdf(doc: ExportDocument, l: Labels, progress: (fraction: number) => void = () => undefined): Promise<Buffer> {
  const title = l.t(doc.kind === 'summary' ? 'export.summaryTitle' : 'export.subjectAccessTitle');
  const pdf = new PdfWriter({ title: `${title} ${doc.caseNumber}`, lang: l.locale, direction: l.direction, createdAt: new Date(doc.generatedAt) });
  pdf.title(`${title} — ${doc.caseNumber}`);
  pdf.meta(l.t('export.generated', { date: l.date(doc.generatedAt, true), name: doc.requestedBy.name, org: doc.requestedBy.orgName }));
  if (doc.reason) pdf.meta(`${l.t('export.reason')}: ${doc.reason}`);
  if (doc.approval) pdf.meta(l.t('export.approvedBy', { name: doc.approval.by, date: l.date(doc.approval.at, true) }));
  if (doc.kind === 'summary') pdf.meta(`${l.t('export.coverage')}: ${doc.coverage.map((s) => l.t(`category.${s}`)).join(', ')}`);
  pdf.meta(l.t('export.confidential'));
  const parts = [...SECTIONS_OF_EXPORT, otherRecords];
  parts.forEach((part, i) => {
    if (part.key in doc.sections) part.render(pdf, doc.sections[part.key], l);
    progress((i + 1) / (parts.length + 1));
  });
  return pdf.end();
}
