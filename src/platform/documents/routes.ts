// A document's progress and, once ready, its file: one's own, or a public one still public.
import type { App } from '../http/app.ts';
import type { FileStore } from '../files/store.ts';
import { documentFile, getDocument } from './documents.ts';
import { documentParams, documentView } from './schema.ts';

export function attachment(filename: string): string {
  return `attachment; filename="${filename.replace(/[^A-Za-z0-9._-]/g, '_')}"`;
}

export function documentRoutes(deps: { files: FileStore }) {
  return (app: App): void => {
    const tags = ['documents'];
    app.get(
      '/api/documents/:id',
      { schema: { tags, summary: 'How far a document one asked for has got (queued, building with progress, ready or failed)', params: documentParams, response: { 200: documentView } } },
      async (req) => req.scope.optionalActor((tx) => getDocument(tx, req.params.id)),
    );
    app.get(
      '/api/documents/:id/file',
      { schema: { tags, summary: 'The file of a ready document', params: documentParams, produces: ['application/pdf', 'application/octet-stream'] } },
      async (req, reply) => {
        const file = await req.scope.optionalActor((tx) => documentFile(tx, deps.files, req.params.id));
        return reply
          .header('content-type', file.contentType)
          .header('content-disposition', attachment(file.filename))
          .header('cache-control', 'no-store')
          .header('x-content-type-options', 'nosniff')
          .send(file.body);
      },
    );
  };
}
