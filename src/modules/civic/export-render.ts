// The open-data export's file from the published records gathered for it: CSV (formula-safe) or
// JSON. Pure, so that it runs in the render worker thread, off the thread answering requests.
import { csvLine } from '../../platform/export/csv.ts';
import type { PublicFilter, PublicRecordView } from './schema.ts';

export type CivicExportFormat = 'csv' | 'json';
export type CivicExportInput = { filter: PublicFilter; format: CivicExportFormat; records: PublicRecordView[] };

const COLUMNS = [
  'id', 'country', 'region', 'title', 'description', 'started_on', 'ended_on', 'types', 'ct_justification', 'legal_instrument', 'actor',
  'women_targeted', 'severity', 'affected_organisations', 'sources', 'verified_at', 'published_at',
];

export function civicExportFilename(filter: PublicFilter, format: CivicExportFormat): string {
  const parts = [filter.country, filter.type, filter.year].filter((p) => p !== undefined).map(String);
  return `civic-space-records${parts.map((p) => `-${p}`).join('')}.${format}`;
}

export function civicExportContentType(format: CivicExportFormat): string {
  return format === 'json' ? 'application/json; charset=utf-8' : 'text/csv; charset=utf-8';
}

export function renderCivicExport(input: CivicExportInput, progress: (fraction: number) => void = () => undefined): Uint8Array {
  const { filter, format, records } = input;
  if (format === 'json') return Buffer.from(JSON.stringify({ filter, records }, null, 2), 'utf8');
  const lines = [csvLine(COLUMNS)];
  records.forEach((r, i) => {
    lines.push(
      csvLine([
        r.id, r.country, r.region, r.title, r.description, r.startedOn, r.endedOn, r.types.join('; '), r.ctJustification, r.legalInstrument, r.actor,
        r.womenTargeted, r.severity,
        r.affected.map((a) => `${a.name ?? 'anonymous'}: ${a.description}`).join('; '),
        r.sources.map((s) => `${s.title} <${s.url}>`).join('; '),
        r.verifiedAt, r.publishedAt,
      ]),
    );
    if (i % 2_000 === 1_999) progress(i / records.length);
  });
  return Buffer.from(lines.join(''), 'utf8');
}
