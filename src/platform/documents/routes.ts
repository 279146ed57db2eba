// A document's progress and, once ready, its file: one's own, or a public one still public. An
// owned document's file is opened from its sealed form, checked again against the owner's access,
// and audited.
import type { App } from '../http/app.ts';
import { documentFile, getDocument, type DocumentFiles, type DocumentKind } from './documents.ts';
import { documentParams, documentView } from './schema.ts';

export function attachment(filename: string): string {
  return `attachment; filename="${filename.replace(/[^A-Za-z0-9._-]/g, '_')}"`;
}

export function documentRoutes(deps: { files: DocumentFiles; kinds: readonly DocumentKind[] }) {
  return (app: App): void => {
    const tags = ['documents'];
    app.get(
      '/api/documents/:id',
      {
        schema: {
          tags,
          summary: 'How far a document one asked for has got (queued, building with progress, ready or failed), and until when it is kept',
          params: documentParams,
          response: { 200: documentView },
        },
      },
      async (req, reply) => reply.header('cache-control', 'no-store').send(await req.scope.optionalActor((tx, actor) => getDocument(tx, actor, deps.kinds, req.params.id))),
    );
    app.get(
      '/api/documents/:id/file',
      {
        schema: {
          tags,
          summary: 'The file of a ready document: one’s own (the person who asked, for the organisation they asked for; audited) or a public one',
          params: documentParams,
          produces: ['application/pdf', 'application/json', 'application/octet-stream'],
        },
      },
      async (req, reply) => {
        const file = await req.scope.optionalActor((tx, actor) => documentFile(tx, actor, deps, req.params.id));
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
