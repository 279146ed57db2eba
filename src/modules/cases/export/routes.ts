// Subject access exports (JSON or PDF) and case summaries (PDF), asked for here and built in the
// background as documents (export/documents.ts): the request checks, records and audits, and
// answers 202 with the document to follow at /api/documents/:id and download from
// /api/documents/:id/file. A coordinator's export that needs a data protection officer's approval
// answers 202 too, with the request instead of a document (status "pending"); the requests that
// wait for an officer are decided here, and the approved ones downloaded, each download a document.
import { z } from 'zod';
import { documentView } from '../../../platform/documents/schema.ts';
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
import { pickLocale } from './labels.ts';
import { decideRequest, downloadApproved, myRequests, pendingRequests } from './requests.ts';
import { requestCaseSummary, subjectAccessExport } from './service.ts';

export type ExportRouteDeps = { delivery: Delivery; publicUrl: string };

const requestParams = z.object({ id: z.uuid() });

export function exportRoutes(deps: ExportRouteDeps) {
  return (app: App): void => {
    const tags = ['cases'];
    app.post(
      '/api/subject-access',
      {
        schema: {
          tags,
          summary:
            'Ask for everything held on the person of a case, as JSON or PDF (the lead agency’s data protection officer or case coordinator; audited with the reason): ' +
            '202 with the document, built in the background (follow it at /api/documents/:id; kept an hour). ' +
            'A coordinator’s export that would hold another organisation’s restricted sections is answered 202 with status "pending" and the request: it waits for a data protection officer’s approval.',
          body: subjectAccessBody,
          querystring: exportLanguageQuery,
          response: { 202: z.union([documentView, subjectAccessPending]) },
        },
      },
      async (req, reply) => {
        const lang = pickLocale(req.query.lang, req.headers['accept-language']);
        const outcome = await req.scope.actor((tx, actor) => subjectAccessExport(tx, actor, deps, req.body, lang));
        return reply.code(202).header('cache-control', 'no-store').send(outcome.status === 'pending' ? outcome : outcome.document);
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
          response: { 204: z.null() },
        },
      },
      async (req, reply) => {
        await req.scope.actor((tx, actor) => decideRequest(tx, actor, deps, req.params.id, req.body));
        return reply.code(204).send(null);
      },
    );
    app.post(
      '/api/subject-access/requests/:id/download',
      {
        schema: {
          tags,
          summary:
            'Download your approved subject access export: counted now, built from the records in the background (the requester only; limited days and downloads; audited); ' +
            '202 with the document (follow it at /api/documents/:id; kept an hour)',
          params: requestParams,
          body: subjectAccessDownloadBody,
          querystring: exportLanguageQuery,
          response: { 202: documentView },
        },
      },
      async (req, reply) => {
        const lang = pickLocale(req.query.lang, req.headers['accept-language']);
        const doc = await req.scope.actor((tx, actor) => downloadApproved(tx, actor, req.params.id, req.body.format, lang, new Date()));
        return reply.code(202).header('cache-control', 'no-store').send(doc);
      },
    );
    app.post(
      '/api/cases/:id/summary/pdf',
      {
        schema: {
          tags,
          summary:
            'Ask for a case summary for a case conference, as a PDF: the sections your organisation may see (audited); ' +
            '202 with the document, built in the background (follow it at /api/documents/:id; kept an hour)',
          params: caseParams,
          querystring: exportLanguageQuery,
          response: { 202: documentView },
        },
      },
      async (req, reply) => {
        const lang = pickLocale(req.query.lang, req.headers['accept-language']);
        const doc = await req.scope.actor((tx, actor) => requestCaseSummary(tx, actor, req.params.id, lang));
        return reply.code(202).header('cache-control', 'no-store').send(doc);
      },
    );
  };
}
