// How downloads of a published plan (response report PDFs, CSV and JSON exports) are sent.
//
// A plan can be withdrawn from public view at any moment, and from then on none of it may be
// served: by us, or by any cache between us and the reader. A shared cache may keep a copy, but
// must ask us again before every use (no-cache; max-age=0 with must-revalidate says the same to
// caches that only honour those, and forbids serving a stale copy when we cannot be reached).
// The strong ETag lets an unchanged download be confirmed with 304 and no body. The conditional
// request is answered only after the plan was found published, so once it is withdrawn the same
// request gets 404, never 304.
import { createHash } from 'node:crypto';
import type { FastifyReply, FastifyRequest } from 'fastify';
import type { ExportFile } from './plan-exports.ts';

export const PUBLIC_DOWNLOAD_CACHE = 'public, no-cache, max-age=0, must-revalidate';

export function attachmentName(filename: string): string {
  return `attachment; filename="${filename.replace(/[^A-Za-z0-9._-]/g, '_')}"`;
}

/** Whether an If-None-Match header names this entity tag (weak comparison, as RFC 9110 asks for GET). */
export function matchesEtag(ifNoneMatch: string | undefined, etag: string): boolean {
  if (!ifNoneMatch) return false;
  if (ifNoneMatch.trim() === '*') return true;
  const opaque = (tag: string) => tag.trim().replace(/^W\//, '');
  return ifNoneMatch.split(',').some((tag) => opaque(tag) === opaque(etag));
}

/**
 * Sends a download of a published plan, or 304 when the reader's copy is current. Call it only
 * with content read after checking that the plan is published.
 * `vary` names request headers that chose the content (the report's language may come from Accept-Language).
 */
export function sendPublicDownload(req: FastifyRequest, reply: FastifyReply, file: ExportFile, vary?: string): FastifyReply {
  const etag = `"${createHash('sha256').update(file.body).digest('base64url')}"`;
  reply.header('cache-control', PUBLIC_DOWNLOAD_CACHE).header('etag', etag);
  if (vary) reply.header('vary', vary);
  if (matchesEtag(req.headers['if-none-match'], etag)) return reply.code(304).send();
  return reply
    .header('content-type', file.contentType)
    .header('content-disposition', attachmentName(file.filename))
    .header('x-content-type-options', 'nosniff')
    .send(file.body);
}
