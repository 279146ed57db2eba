// HTTP routes of files attached to planning records: upload (multipart/form-data, one file,
// size-limited) and download. An upload is read only once a short transaction has found the
// person signed in with a planning role (and allowed to attach to the record, when the query
// names it): nobody else makes the server buffer 5 MB. The file is then read into memory before
// the one transaction that stores it, so that a slow upload never holds the database.
import fastifyMultipart from '@fastify/multipart';
import { z } from 'zod';
import type { App } from '../../platform/http/app.ts';
import { DomainError } from '../../platform/http/errors.ts';
import { documentedForm } from '../../platform/http/multipart.ts';
import { addFile, readFile, requireUploader, type StoredFile } from './files.ts';
import { FILE_OWNER_KINDS, FILE_TYPES, MAX_FILE_BYTES } from './schema.ts';
import type { FastifyReply } from 'fastify';

export const fileView = z.object({
  id: z.uuid(),
  filename: z.string(),
  contentType: z.enum(FILE_TYPES),
  sizeBytes: z.number().int(),
  createdAt: z.string(),
});

const fileOwner = z.object({ ownerKind: z.enum(FILE_OWNER_KINDS), ownerId: z.uuid() });
const fileParams = z.object({ planId: z.uuid(), fileId: z.uuid() });

type UploadPart = { mimetype: string; filename: string; fields: Record<string, unknown>; toBuffer(): Promise<Buffer> };

/** Sends a stored file as a download (never shown inline: a file is someone else's content). */
export function sendFile(reply: FastifyReply, file: StoredFile): FastifyReply {
  return reply
    .header('content-type', file.contentType)
    .header('content-disposition', `attachment; filename="${file.filename.replace(/[^\x20-\x7e]/g, '_')}"; filename*=UTF-8''${encodeURIComponent(file.filename)}`)
    .header('cache-control', 'private, no-store')
    .send(file.content);
}

export function fileRoutes(app: App): void {
  const tags = ['planning'];
  app.register(async (scoped) => {
    await scoped.register(fastifyMultipart, { limits: { fileSize: MAX_FILE_BYTES, files: 1, fields: 2, parts: 3 }, throwFileSizeLimit: true });
    const typed = scoped as unknown as App;
    typed.post(
      '/api/plans/:planId/files',
      {
        schema: {
          tags,
          summary: 'Attach a file (PDF, PNG, JPEG, text or CSV, at most 5 MB) to a contribution, commitment, progress update or assessment',
          consumes: ['multipart/form-data'],
          params: z.object({ planId: z.uuid() }),
          querystring: fileOwner.partial(),
          response: { 201: fileView },
        },
        config: { swaggerTransform: documentedForm(fileOwner.partial().extend({ file: z.file().max(MAX_FILE_BYTES) })) },
      },
      async (req, reply) => {
        const named = fileOwner.safeParse(req.query);
        const early = named.success ? { kind: named.data.ownerKind, id: named.data.ownerId } : null;
        await req.scope.actor((tx, actor) => requireUploader(tx, actor, req.params.planId, early, new Date()));
        if (!req.isMultipart()) throw new DomainError('unsupported_media_type', 'Send the file as multipart/form-data');
        const part = await readPart(req as unknown as { file(): Promise<UploadPart | undefined> });
        // The record is named in the query or in form fields sent before the file.
        const fieldValue = (name: string) => {
          const f = part.fields[name] as { value?: unknown } | undefined;
          return typeof f?.value === 'string' ? f.value : undefined;
        };
        const owner = fileOwner.safeParse({ ownerKind: req.query.ownerKind ?? fieldValue('ownerKind'), ownerId: req.query.ownerId ?? fieldValue('ownerId') });
        if (!owner.success) throw new DomainError('validation_failed', 'Name the record the file belongs to', [{ path: 'ownerId', message: 'is required', code: 'required' }]);
        const saved = await req.scope.actor((tx, actor) =>
          addFile(tx, actor, req.params.planId, { kind: owner.data.ownerKind, id: owner.data.ownerId }, { filename: part.filename, claimedType: part.mimetype, bytes: part.bytes }, new Date()),
        );
        return reply.code(201).send(saved);
      },
    );
  });

  app.get(
    '/api/plans/:planId/files/:fileId',
    { schema: { tags, summary: 'Download an attached file (as readable as the record it belongs to)', params: fileParams } },
    async (req, reply) => sendFile(reply, await req.scope.actor((tx) => readFile(tx, req.params.planId, req.params.fileId))),
  );
}

async function readPart(req: { file(): Promise<UploadPart | undefined> }): Promise<{ filename: string; mimetype: string; fields: Record<string, unknown>; bytes: Buffer }> {
  try {
    const part = await req.file();
    if (!part) throw new DomainError('validation_failed', 'Attach a file', [{ path: 'file', message: 'is required', code: 'required' }]);
    return { filename: part.filename, mimetype: part.mimetype.split(';')[0]!.trim().toLowerCase(), fields: part.fields, bytes: await part.toBuffer() };
  } catch (error) {
    const code = (error as { code?: string }).code;
    if (code === 'FST_REQ_FILE_TOO_LARGE' || code === 'FST_FILES_LIMIT' || code === 'FST_PARTS_LIMIT' || code === 'FST_FIELDS_LIMIT') {
      throw new DomainError('payload_too_large', 'Attach one file of at most 5 MB');
    }
    throw error;
  }
}
