// HTTP routes of the possible duplicates across agencies that data protection officers reconcile.
import { z } from 'zod';
import type { App } from '../../platform/http/app.ts';
import { listDuplicateNotices, reconcileDuplicateNotice } from './duplicate-notices.ts';
import { caseParams, duplicateNoticeQuery, duplicateNoticeView, reconcileBody } from './schema.ts';

export function duplicateNoticeRoutes(app: App): void {
  const tags = ['cases'];
  app.get(
    '/api/duplicate-notices',
    {
      schema: {
        tags,
        summary: 'Possible duplicates across agencies concerning your organisation’s cases, to reconcile (data protection officers)',
        querystring: duplicateNoticeQuery,
        response: { 200: z.object({ notices: z.array(duplicateNoticeView) }) },
      },
    },
    async (req) => ({ notices: await req.scope.actor((tx, actor) => listDuplicateNotices(tx, actor, req.query.status)) }),
  );
  app.post(
    '/api/duplicate-notices/:id/reconcile',
    { schema: { tags, summary: 'Mark your organisation’s side of a possible duplicate reconciled, with a note', params: caseParams, body: reconcileBody, response: { 204: z.null() } } },
    async (req, reply) => {
      await req.scope.actor((tx, actor) => reconcileDuplicateNotice(tx, actor, req.params.id, req.body.note, new Date()));
      return reply.code(204).send(null);
    },
  );
}
