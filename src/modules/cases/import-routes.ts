// HTTP routes of case imports. The file comes as multipart/form-data (one file, size-limited,
// a CSV content type); it is read into memory before the one transaction that checks it, so
// that a slow upload never holds the database. The import itself is a job (`cases.import`) that
// survives a restart; the page polls the run for progress.
import fastifyMultipart from '@fastify/multipart';
import { z } from 'zod';
import type { Vault } from '../../platform/crypto/vault.ts';
import type { App } from '../../platform/http/app.ts';
import { DomainError } from '../../platform/http/errors.ts';
import { documentedForm } from '../../platform/http/multipart.ts';
import { sessionToken } from '../../platform/http/scope.ts';
import { checkImport, getImport, requireImporter, startImport } from './import.ts';
import { MAX_IMPORT_BYTES } from './import-format.ts';
import { withRetryAfter } from './routes.ts';
import { caseParams, importQuery, importReport, importRun } from './schema.ts';

/** What browsers and spreadsheet programs send for a .csv file (Windows often says Excel). */
const CSV_TYPES = new Set(['text/csv', 'application/csv', 'text/plain', 'application/vnd.ms-excel', 'text/comma-separated-values']);

export type ImportRouteDeps = { vault: Vault; duplicateChecksPerDay: number; maxBytes?: number };

export function importRoutes({ vault, duplicateChecksPerDay, maxBytes = MAX_IMPORT_BYTES }: ImportRouteDeps) {
  return (app: App): void => {
    const tags = ['cases'];
    app.register(async (scoped) => {
      await scoped.register(fastifyMultipart, { limits: { fileSize: maxBytes, files: 1, fields: 0, parts: 1 }, throwFileSizeLimit: true });
      const typed = scoped as unknown as App;
      typed.post(
        '/api/cases/imports',
        {
          schema: {
            tags,
            summary: 'Check a CSV file of cases (mode=check), or import it: every row (mode=all) or the valid rows only (mode=valid_only)',
            consumes: ['multipart/form-data'],
            querystring: importQuery,
            response: { 200: importReport, 202: z.object({ id: z.uuid(), report: importReport }) },
          },
          config: { swaggerTransform: documentedForm(z.object({ file: z.file().max(maxBytes) })) },
        },
        async (req, reply) => {
          // Nobody signed in is turned away before the upload is read.
          if (sessionToken(req) === undefined) throw new DomainError('unauthenticated');
          if (!req.isMultipart()) {
            // Refused roles hear "not allowed" whatever they send; a coordinator, what to send.
            return req.scope.actor(async (_tx, actor) => {
              requireImporter(actor);
              throw new DomainError('unsupported_media_type', 'Send the file as multipart/form-data');
            });
          }
          const bytes = await readUpload(req as unknown as MultipartRequest, maxBytes);
          const { mode } = req.query;
          const outcome = await withRetryAfter(reply, () =>
            req.scope.actor(async (tx, actor) => {
              const checked = await checkImport(tx, actor, vault, bytes);
              if (mode === 'check') return { report: checked.report, started: null };
              const id = await startImport(tx, actor, vault, checked, mode, duplicateChecksPerDay, new Date());
              return { report: checked.report, started: id };
            }),
          );
          if (outcome.started === null) return outcome.report;
          return reply.code(202).send({ id: outcome.started, report: outcome.report });
        },
      );
    });
    app.get(
      '/api/cases/imports/:id',
      { schema: { tags, summary: 'An import: progress, errors and the cases opened', params: caseParams, response: { 200: importRun } } },
      async (req) => req.scope.actor((tx, actor) => getImport(tx, actor, req.params.id)),
    );
  };
}

type MultipartRequest = {
  file(): Promise<{ mimetype: string; filename: string; toBuffer(): Promise<Buffer> } | undefined>;
};

async function readUpload(req: MultipartRequest, maxBytes: number): Promise<Buffer> {
  try {
    const part = await req.file();
    if (!part) throw new DomainError('validation_failed', 'Attach a CSV file', [{ path: 'file', message: 'is required', code: 'required' }]);
    const type = part.mimetype.split(';')[0]!.trim().toLowerCase();
    const unnamedType = type === '' || type === 'application/octet-stream';
    if (!CSV_TYPES.has(type) && !(unnamedType && part.filename.toLowerCase().endsWith('.csv'))) {
      throw new DomainError('unsupported_media_type', 'Upload a CSV file (saved as "CSV UTF-8")');
    }
    return await part.toBuffer();
  } catch (error) {
    const code = (error as { code?: string }).code;
    if (code === 'FST_REQ_FILE_TOO_LARGE' || code === 'FST_FILES_LIMIT' || code === 'FST_PARTS_LIMIT' || code === 'FST_FIELDS_LIMIT') {
      throw new DomainError('payload_too_large', `Upload one CSV file of at most ${Math.round(maxBytes / 1024 / 1024)} MB; split larger files`);
    }
    throw error;
  }
}
