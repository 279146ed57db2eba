// The open-data export as a public document built in the background: the public asks, gets the
// document to follow (or the file, once built), and a job gathers the published records and
// writes the CSV or JSON in the render worker thread. One document per filter, format and state of
// publication: every reader shares it until a record is published or withdrawn, which gives the
// export a new key — and the file built for the old key is no longer served.
import { createHash } from 'node:crypto';
import type { Tx } from '../../db.ts';
import { requestPublicDocument, type DocumentKind, type DocumentView } from '../../platform/documents/documents.ts';
import { DomainError } from '../../platform/http/errors.ts';
import { civicExportContentType, civicExportFilename, type CivicExportFormat, type CivicExportInput } from './export-render.ts';
import { EXPORT_RECORDS, publishedQuery, publishedRecords } from './public.ts';
import { publicQuery, type PublicFilter } from './schema.ts';

export const CIVIC_EXPORT_KIND = 'public_civic_export';

function params(raw: Record<string, unknown>): { filter: PublicFilter; format: CivicExportFormat } {
  const format = raw.format === 'csv' || raw.format === 'json' ? raw.format : null;
  const filter = publicQuery.safeParse(raw.filter ?? {});
  if (!format || !filter.success) throw new DomainError('not_found');
  return { filter: filter.data, format };
}

/**
 * What the export would show, in a few bytes: the filter, the format, and the state of
 * publication of the records it covers. Published records never change (the database refuses
 * edits once verified), so the state is how many are published and the latest publication: a
 * record published raises the latest, one withdrawn lowers the count, and one withdrawn then
 * published again comes back with a later publication time.
 */
export async function exportKey(tx: Tx, filter: PublicFilter, format: CivicExportFormat): Promise<string> {
  const row = await publishedQuery(tx, filter)
    .select((eb) => [eb.fn.countAll<string>().as('n'), eb.fn.max('published_at').as('latest')])
    .executeTakeFirstOrThrow();
  const latest = row.latest === null ? '' : new Date(row.latest as Date | string).toISOString();
  const canonical = JSON.stringify([format, filter.country ?? null, filter.type ?? null, filter.year ?? null, Number(row.n), latest]);
  return createHash('sha256').update(canonical).digest('base64url');
}

export const CIVIC_DOCUMENTS: DocumentKind[] = [
  {
    kind: CIVIC_EXPORT_KIND,
    public: true,
    // Shared by every reader; kept a day once built, and replaced at once when what it shows changes.
    lifetimeMinutes: 24 * 60,
    async gather(tx, _actor, raw) {
      const { filter, format } = params(raw);
      const input: CivicExportInput = { filter, format, records: await publishedRecords(tx, filter, EXPORT_RECORDS) };
      return { input, filename: civicExportFilename(filter, format), contentType: civicExportContentType(format) };
    },
    async stillCurrent(tx, raw, contentKey) {
      const { filter, format } = params(raw);
      return contentKey === (await exportKey(tx, filter, format));
    },
  },
];

/** The export of this filter and format as published now: the one built or being built, or a new one. */
export async function requestCivicExport(tx: Tx, filter: PublicFilter, format: CivicExportFormat): Promise<DocumentView> {
  return requestPublicDocument(tx, CIVIC_EXPORT_KIND, { filter, format }, await exportKey(tx, filter, format));
}
