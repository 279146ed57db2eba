// Downloads: the subject access export (JSON or PDF) and the case summary (PDF); and the
// subject access requests that wait for a data protection officer's approval. Files are sent as
// attachments, never cached, named by case number only.
import type { FastifyReply } from 'fastify';
import { z } from 'zod';
import type { Vault } from '../../../platform/crypto/vault.ts';
import type { App } from '../../../platform/http/app.ts';
import type { Delivery } from '../../../platform/mail/outbox.ts';
import {
  caseParams,
  exportLanguageQuery,
  subjectAccessBody,
  subjectAccessDecisionBody,
  subjectAccessDownloadBody,
  subjectAccessMineQuery,
  subjectAccessPending,
  subjectAccessRequestView,
} from '../schema.ts';
import { labelsFor, pickLocale, type ExportLocale } from './labels.ts';
import { renderPdf } from './render.ts';
import { decideRequest, downloadApproved, myRequests, pendingRequests } from './requests.ts';
import { caseSummary, subjectAccessExport, type ExportDocument } from './service.ts';

export type ExportRouteDeps = { vault: Vault; delivery: Delivery; publicUrl: string };

function attachment(reply: FastifyReply, type: string, filename: string, body: Buffer | string) {
  return reply
    .header('content-type', type)
    .header('content-disposition', `attachment; filename="${filename.replace(/[^A-Za-z0-9._-]/g, '_')}"`)
    .header('cache-control', 'no-store')
    .header('x-content-type-options', 'nosniff')
    .send(body);
}

async function sendExport(reply: FastifyReply, doc: ExportDocument, format: 'json' | 'pdf', locale: ExportLocale) {
  const name = `tandem-${doc.caseNumber}-subject-access`;
  if (format === 'json') return attachment(reply, 'application/json; charset=utf-8', `${name}.json`, JSON.stringify(doc, null, 2));
  return attachment(reply, 'application/pdf', `${name}.pdf`, await renderPdf(doc, labelsFor(locale)));
}

const requestParams = z.object({ id: z.uuid() });

export function exportRoutes({ vault, delivery, publicUrl }: ExportRouteDeps) {
  return (app: App): void => {
    const tags = ['cases'];
    const deps = { vault, delivery, publicUrl };
    app.post(
      '/api/subject-access',
      {
        schema: {
          tags,
          summary:
            'Everything held on the person of a case, as JSON or PDF (the lead agency’s data protection officer or case coordinator; audited with the reason). ' +
            'A coordinator’s export that would hold another organisation’s restricted sections is answered 202: it waits for a data protection officer’s approval.',
          body: subjectAccessBody,
          querystring: exportLanguageQuery,
          produces: ['application/json', 'application/pdf'],
        },
      },
      async (req, reply) => {
        const locale = pickLocale(req.query.lang, req.headers['accept-language']);
        const outcome = await req.scope.actor((tx, actor) => subjectAccessExport(tx, actor, deps, req.body, new Date()));
        if (outcome.status === 'pending') return reply.code(202).header('cache-control', 'no-store').send(subjectAccessPending.parse(outcome));
        return sendExport(reply, outcome.document, req.body.format, locale);
      },
    );
    app.get(
      '/api/subject-access/pending',
      {
        schema: {
          tags,
          summary: 'Subject access requests awaiting a decision at your agency (its data protection officers; audited)',
          response: { 200: z.object({ requests: z.array(subjectAccessRequestView) }) },
        },
      },
      async (req, reply) => {
        const requests = await req.scope.actor((tx, actor) => pendingRequests(tx, actor, new Date()));
        return reply.header('cache-control', 'no-store').send({ requests });
      },
    );
    app.get(
      '/api/subject-access/mine',
      {
        schema: {
          tags,
          summary: 'Your subject access requests that needed approval, of one case if named (case coordinators)',
          querystring: subjectAccessMineQuery,
          response: { 200: z.object({ requests: z.array(subjectAccessRequestView) }) },
        },
      },
      async (req, reply) => {
        const requests = await req.scope.actor((tx, actor) => myRequests(tx, actor, req.query.caseId, new Date()));
        return reply.header('cache-control', 'no-store').send({ requests });
      },
    );
    app.post(
      '/api/subject-access/requests/:id/decision',
      {
        schema: {
          tags,
          summary: 'Approve (with a note) or refuse (with the reason) another person’s subject access request (the lead agency’s data protection officer)',
          params: requestParams,
          body: subjectAccessDecisionBody,
        },
      },
      async (req, reply) => {
        await req.scope.actor((tx, actor) => decideRequest(tx, actor, deps, req.params.id, req.body));
        return reply.code(204).send();
      },
    );
    app.post(
      '/api/subject-access/requests/:id/download',
      {
        schema: {
          tags,
          summary: 'Download your approved subject access export, built from the records now (the requester only; limited days and downloads; audited)',
          params: requestParams,
          body: subjectAccessDownloadBody,
          querystring: exportLanguageQuery,
          produces: ['application/json', 'application/pdf'],
        },
      },
      async (req, reply) => {
        const locale = pickLocale(req.query.lang, req.headers['accept-language']);
        const doc = await req.scope.actor((tx, actor) => downloadApproved(tx, actor, deps, req.params.id, req.body.format, new Date()));
        return sendExport(reply, doc, req.body.format, locale);
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
