// Downloads: the subject access export (JSON or PDF) and the case summary (PDF). Files are sent
// as attachments, never cached, named by case number only.
import type { FastifyReply } from 'fastify';
import type { Vault } from '../../../platform/crypto/vault.ts';
import type { App } from '../../../platform/http/app.ts';
import type { Delivery } from '../../../platform/mail/outbox.ts';
import { caseParams, exportLanguageQuery, subjectAccessBody } from '../schema.ts';
import { labelsFor, pickLocale } from './labels.ts';
import { renderPdf } from './render.ts';
import { caseSummary, subjectAccessExport } from './service.ts';

export type ExportRouteDeps = { vault: Vault; delivery: Delivery; publicUrl: string };

function attachment(reply: FastifyReply, type: string, filename: string, body: Buffer | string) {
  return reply
    .header('content-type', type)
    .header('content-disposition', `attachment; filename="${filename.replace(/[^A-Za-z0-9._-]/g, '_')}"`)
    .header('cache-control', 'no-store')
    .header('x-content-type-options', 'nosniff')
    .send(body);
}

export function exportRoutes({ vault, delivery, publicUrl }: ExportRouteDeps) {
  return (app: App): void => {
    const tags = ['cases'];
    app.post(
      '/api/subject-access',
      {
        schema: {
          tags,
          summary: 'Everything held on the person of a case, as JSON or PDF (the lead agency’s data protection officer or case coordinator; audited with the reason)',
          body: subjectAccessBody,
          querystring: exportLanguageQuery,
          produces: ['application/json', 'application/pdf'],
        },
      },
      async (req, reply) => {
        const locale = pickLocale(req.query.lang, req.headers['accept-language']);
        const doc = await req.scope.actor((tx, actor) => subjectAccessExport(tx, actor, { vault, delivery, publicUrl }, req.body, new Date()));
        const name = `tandem-${doc.caseNumber}-subject-access`;
        if (req.body.format === 'json') return attachment(reply, 'application/json; charset=utf-8', `${name}.json`, JSON.stringify(doc, null, 2));
        return attachment(reply, 'application/pdf', `${name}.pdf`, await renderPdf(doc, labelsFor(locale)));
      },
    );
    app.get(
      '/api/cases/:id/summary.pdf',
      {
        schema: {
          tags,
          summary: 'A case summary for a case conference: the sections your organisation may see (audited)',
          params: caseParams,
          querystring: exportLanguageQuery,
          produces: ['application/pdf'],
        },
      },
      async (req, reply) => {
        const locale = pickLocale(req.query.lang, req.headers['accept-language']);
        const doc = await req.scope.actor((tx, actor) => caseSummary(tx, actor, vault, req.params.id, locale, new Date()));
        return attachment(reply, 'application/pdf', `tandem-${doc.caseNumber}-summary.pdf`, await renderPdf(doc, labelsFor(locale)));
      },
    );
  };
}
