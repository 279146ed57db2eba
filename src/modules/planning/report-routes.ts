// HTTP routes of a plan's response report (page and PDF), representation figures and exports,
// for those signed in. Downloads are attachments, never stored by any cache (published plans'
// public downloads: public-download.ts).
import type { FastifyReply } from 'fastify';
import type { App } from '../../platform/http/app.ts';
import { pickLocale } from '../cases/export/labels.ts';
import { planFigures } from './figures.ts';
import type { DisclosureRules } from '../monitoring/disclosure.ts';
import { planExport, type ExportFile } from './plan-exports.ts';
import { attachmentName } from './public-download.ts';
import { planReport } from './report.ts';
import { documentView } from '../../platform/documents/schema.ts';
import { requestReportPdf } from './report-documents.ts';
import { exportParams, figuresView, reportLanguageQuery, reportView } from './report-schema.ts';
import { planParams } from './schema.ts';

export function sendDownload(reply: FastifyReply, file: ExportFile): FastifyReply {
  return reply
    .header('content-type', file.contentType)
    .header('content-disposition', attachmentName(file.filename))
    .header('cache-control', 'no-store')
    .header('x-content-type-options', 'nosniff')
    .send(file.body);
}

export function pdfFile(body: Buffer, lang: string): ExportFile {
  return { filename: `plan-response-report-${lang}.pdf`, contentType: 'application/pdf', body };
}

export function reportRoutes(app: App, deps: { disclosure: DisclosureRules }): void {
  const tags = ['planning'];
  const now = () => new Date();
  app.get(
    '/api/plans/:planId/report',
    {
      schema: {
        tags,
        summary: 'The response report: contributions with their answers and reasons, grouped by section, question and general, with counts (coordinators see every contribution)',
        params: planParams,
        response: { 200: reportView },
      },
    },
    async (req) => req.scope.actor((tx, actor) => planReport(tx, actor, req.params.planId, now())),
  );
  app.post(
    '/api/plans/:planId/report/pdf',
    {
      schema: {
        tags,
        summary: 'Ask for the response report as a PDF in English, Russian or Arabic: built in the background (follow it at /api/documents/:id)',
        params: planParams,
        querystring: reportLanguageQuery,
        response: { 202: documentView },
      },
    },
    async (req, reply) => {
      const lang = pickLocale(req.query.lang, req.headers['accept-language']);
      return reply.code(202).send(await req.scope.actor((tx, actor) => requestReportPdf(tx, actor, req.params.planId, lang)));
    },
  );
  app.get(
    '/api/plans/:planId/figures',
    {
      schema: {
        tags,
        summary: 'Representation and gender figures: contributions by organisation type, women-led organisations and their acceptance rate, meeting participants by sex (counts only)',
        params: planParams,
        response: { 200: figuresView },
      },
    },
    async (req) => req.scope.actor((tx, actor) => planFigures(tx, actor, req.params.planId, deps.disclosure)),
  );
  app.get(
    '/api/plans/:planId/exports/contributions.:format',
    { schema: { tags, summary: 'Every contribution with its answer, reasons and links, as CSV or JSON (the plan’s coordinators; audited)', params: exportParams, produces: ['text/csv', 'application/json'] } },
    async (req, reply) => sendDownload(reply, await req.scope.actor((tx, actor) => planExport(tx, actor, req.params.planId, 'contributions', req.params.format))),
  );
  app.get(
    '/api/plans/:planId/exports/commitments.:format',
    { schema: { tags, summary: 'Commitments with bodies, milestones, indicators, progress and independent assessments, as CSV or JSON (the plan’s coordinators; audited)', params: exportParams, produces: ['text/csv', 'application/json'] } },
    async (req, reply) => sendDownload(reply, await req.scope.actor((tx, actor) => planExport(tx, actor, req.params.planId, 'commitments', req.params.format))),
  );
}
