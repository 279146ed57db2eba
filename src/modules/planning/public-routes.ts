// HTTP routes of published plans, without signing in: the list, a plan, a commitment, the
// response report (page and PDF), figures, exports and files. Read as the public, whoever asks.
// Nothing here may outlive the plan's publication in a cache: pages and files are never stored
// (no-store), and the PDF and exports are confirmed with us before every use (public-download.ts).
import { z } from 'zod';
import type { App } from '../../platform/http/app.ts';
import { pickLocale } from '../cases/export/labels.ts';
import { sendFile } from './file-routes.ts';
import { publicFigures } from './figures.ts';
import type { DisclosureRules } from '../monitoring/disclosure.ts';
import { publicExport } from './plan-exports.ts';
import { publicCommitment, publicFile, publicPlan, publicPlans } from './public-plans.ts';
import { publicCommitmentView, publicPlanListView, publicPlanView } from './public-schema.ts';
import { publicReport } from './report.ts';
import { documentFile, type DocumentFiles } from '../../platform/documents/documents.ts';
import { documentView } from '../../platform/documents/schema.ts';
import { publicReportPdf, REPORT_DOCUMENTS } from './report-documents.ts';
import { sendPublicDownload } from './public-download.ts';
import { pdfFile } from './report-routes.ts';
import { exportParams, figuresView, reportLanguageQuery, reportView } from './report-schema.ts';
import { planChildParams, planParams } from './schema.ts';

export function publicPlanRoutes(app: App, deps: { files: DocumentFiles; disclosure: DisclosureRules }): void {
  const tags = ['planning', 'public'];
  const now = () => new Date();
  app.get(
    '/api/public/plans',
    { schema: { tags, summary: 'Published action plans, without sign-in', response: { 200: publicPlanListView } } },
    async (req) => req.scope.optionalActor((tx) => publicPlans(tx)),
  );
  app.get(
    '/api/public/plans/:planId',
    {
      schema: {
        tags,
        summary: 'A published plan: stages with dates, the current text of its sections, consultations, commitments with self-assessed and independent completion',
        params: planParams,
        response: { 200: publicPlanView },
      },
    },
    async (req) => req.scope.optionalActor((tx) => publicPlan(tx, req.params.planId)),
  );
  app.get(
    '/api/public/plans/:planId/commitments/:id',
    {
      schema: {
        tags,
        summary: 'A commitment of a published plan in full: bodies, milestones, indicators, budget, gender marker, progress, independent assessments and a timeline',
        params: planChildParams,
        response: { 200: publicCommitmentView },
      },
    },
    async (req) => req.scope.optionalActor((tx) => publicCommitment(tx, req.params.planId, req.params.id)),
  );
  app.get(
    '/api/public/plans/:planId/report',
    { schema: { tags, summary: 'The published response report: answered contributions with reasons, and how many still await an answer', params: planParams, response: { 200: reportView } } },
    async (req) => req.scope.optionalActor((tx) => publicReport(tx, req.params.planId, now())),
  );
  app.get(
    '/api/public/plans/:planId/report.pdf',
    {
      schema: {
        tags,
        summary: 'The published response report as a PDF in English, Russian or Arabic; 202 with the document while it is being made (follow it at /api/documents/:id)',
        params: planParams,
        querystring: reportLanguageQuery,
        produces: ['application/pdf', 'application/json'],
      },
    },
    async (req, reply) => {
      const lang = pickLocale(req.query.lang, req.headers['accept-language']);
      const found = await req.scope.optionalActor(async (tx) => {
        const doc = await publicReportPdf(tx, req.params.planId, lang, now());
        return { doc, file: doc.status === 'ready' ? await documentFile(tx, null, { files: deps.files, kinds: REPORT_DOCUMENTS }, doc.id) : null };
      });
      // Without ?lang= the language comes from Accept-Language: a cache keeps one copy per language.
      const vary = req.query.lang ? undefined : 'accept-language';
      if (found.file) return sendPublicDownload(req, reply, { filename: pdfFile(Buffer.alloc(0), lang).filename, contentType: 'application/pdf', body: found.file.body }, vary);
      if (vary) reply.header('vary', vary);
      return reply.code(202).header('retry-after', '2').header('cache-control', 'no-store').send(found.doc);
    },
  );
  app.post(
    '/api/public/plans/:planId/report/pdf',
    {
      schema: {
        tags,
        summary: 'Ask for the published response report as a PDF: the document for this content and language (made once, shared); follow it at /api/documents/:id',
        params: planParams,
        querystring: reportLanguageQuery,
        response: { 202: documentView },
      },
    },
    async (req, reply) => {
      const lang = pickLocale(req.query.lang, req.headers['accept-language']);
      return reply.code(202).send(await req.scope.optionalActor((tx) => publicReportPdf(tx, req.params.planId, lang, now())));
    },
  );
  app.get(
    '/api/public/plans/:planId/figures',
    { schema: { tags, summary: 'Representation and gender figures of a published plan (counts only, after disclosure control)', params: planParams, response: { 200: figuresView } } },
    async (req) => req.scope.optionalActor((tx) => publicFigures(tx, req.params.planId, deps.disclosure)),
  );
  app.get(
    '/api/public/plans/:planId/exports/contributions.:format',
    { schema: { tags, summary: 'Answered contributions of a published plan with their answers, as CSV or JSON (anonymity kept)', params: exportParams, produces: ['text/csv', 'application/json'] } },
    async (req, reply) => sendPublicDownload(req, reply, await req.scope.optionalActor((tx) => publicExport(tx, req.params.planId, 'contributions', req.params.format))),
  );
  app.get(
    '/api/public/plans/:planId/exports/commitments.:format',
    { schema: { tags, summary: 'Commitments of a published plan with progress and independent assessments, as CSV or JSON', params: exportParams, produces: ['text/csv', 'application/json'] } },
    async (req, reply) => sendPublicDownload(req, reply, await req.scope.optionalActor((tx) => publicExport(tx, req.params.planId, 'commitments', req.params.format))),
  );
  app.get(
    '/api/public/plans/:planId/files/:fileId',
    { schema: { tags, summary: 'A file attached to a published plan’s commitment, progress, assessment or named contribution', params: z.object({ planId: z.uuid(), fileId: z.uuid() }) } },
    async (req, reply) => sendFile(reply, await req.scope.optionalActor((tx) => publicFile(tx, req.params.planId, req.params.fileId))),
  );
}
