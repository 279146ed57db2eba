// Response report PDFs kept by their content. Writing a national report's PDF takes seconds of
// CPU (text layout, compression), and a published report is asked for far more often than it changes: a PDF
// is made again only when what it shows changes (the report as read now, in that language),
// never served for other content. A few of the latest are kept in memory.
import { createHash } from 'node:crypto';
import type { ExportLocale } from '../cases/export/labels.ts';
import { renderReportPdf } from './report-pdf.ts';
import type { ReportView } from './report-schema.ts';

const KEEP = 8;
const cache = new Map<string, Promise<Buffer>>();

function contentKey(view: ReportView, locale: ExportLocale): string {
  // The moment of reading is not content: the first PDF made of this content keeps its own.
  const { generatedAt: _generatedAt, ...content } = view;
  return createHash('sha256').update(locale).update('\u0000').update(JSON.stringify(content)).digest('hex');
}

export function reportPdf(view: ReportView, locale: ExportLocale): Promise<Buffer> {
  const key = contentKey(view, locale);
  const found = cache.get(key);
  if (found) {
    // Most recently used last.
    cache.delete(key);
    cache.set(key, found);
    return found;
  }
  const made = renderReportPdf(view, locale);
  cache.set(key, made);
  made.catch(() => cache.delete(key));
  while (cache.size > KEEP) cache.delete(cache.keys().next().value!);
  return made;
}
