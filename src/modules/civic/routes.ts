// HTTP routes of the civic-space monitor: records and ratings for monitors (signed in), and the
// public pages' data and open-data export (anyone). Thin: validate, call one service, shape.
import type { FastifyReply, FastifyRequest } from 'fastify';
import { z } from 'zod';
import { documentFile, type DocumentFiles, type DocumentView } from '../../platform/documents/documents.ts';
import { documentView } from '../../platform/documents/schema.ts';
import type { Vault } from '../../platform/crypto/vault.ts';
import type { App } from '../../platform/http/app.ts';
import { labelsFor, pickLocale } from '../cases/export/labels.ts';
import { sendPublicDownload } from '../planning/public-download.ts';
import { CIVIC_DOCUMENTS, requestCivicExport } from './export-documents.ts';
import type { CivicExportFormat } from './export-render.ts';
import { esc, PLAIN_CSS, PLAIN_STYLESHEET, plainPage } from './plain-html.ts';
import * as pub from './public.ts';
import * as alerts from './alerts.ts';
import * as desks from './desks.ts';
import * as webhooks from './webhooks.ts';
import * as ratings from './ratings.ts';
import { reportPages } from './report-pages.ts';
import * as reports from './reports.ts';
import * as records from './records.ts';
import {
  affectedBody,
  affectedParams,
  consentBody,
  countryParams,
  deskBody,
  deskList,
  deskParams,
  exportParams,
  messageBody,
  newRatingBody,
  newRecordBody,
  publicationBody,
  publicCountryList,
  publicCountryView,
  publicExportPageQuery,
  publicQuery,
  type PublicFilter,
  publicRecordList,
  publicRecordView,
  ratingList,
  recordList,
  recordListQuery,
  recordParams,
  recordView,
  reportFileParams,
  reportParams,
  reportQueue,
  reportView,
  sourceBody,
  statusBody,
  subscriptionBody,
  subscriptionList,
  subscriptionParams,
  webhookBody,
  webhookCreated,
  webhookList,
  webhookParams,
} from './schema.ts';

const created = z.object({ id: z.uuid() });
const NO_STORE = 'no-store';

export type CivicDeps = { files: DocumentFiles; vault: Vault; secret: string; reportsPerHour?: number; webhookAllowedHosts?: readonly string[] };

export function civicRoutes(deps: CivicDeps) {
  return (app: App): void => {
    monitorRoutes(app);
    alertRoutes(app);
    reportRoutes(app, deps);
    publicRoutes(app, deps);
    // The reporting channel's plain pages, with their own form parser (encapsulated).
    void app.register(async (scope) => reportPages({ vault: deps.vault, store: deps.files.store, secret: deps.secret, reportsPerHour: deps.reportsPerHour ?? 10 })(scope));
  };
}

/** Alerts: anyone signed in subscribes to countries, and is mailed what is published about them. */
function alertRoutes(app: App): void {
  const tags = ['civic space', 'alerts'];
  app.get(
    '/api/civic/subscriptions',
    { schema: { tags, summary: 'The countries you are subscribed to, with the types of restriction (empty: all)', response: { 200: subscriptionList } } },
    async (req) => req.scope.actor((tx, actor) => alerts.mySubscriptions(tx, actor)),
  );
  app.put(
    '/api/civic/subscriptions/:country',
    {
      schema: {
        tags,
        summary: 'Subscribe to a country (or change the types): an e-mail when a verified record about it is published or its rating is confirmed',
        params: subscriptionParams,
        body: subscriptionBody,
        response: { 204: z.null() },
      },
    },
    async (req, reply) => {
      await req.scope.actor((tx, actor) => alerts.subscribe(tx, actor, req.params.country, req.body.types));
      return reply.code(204).send(null);
    },
  );
  app.delete(
    '/api/civic/subscriptions/:country',
    { schema: { tags, summary: 'Stop the alerts of a country', params: subscriptionParams, response: { 204: z.null() } } },
    async (req, reply) => {
      await req.scope.actor((tx, actor) => alerts.unsubscribe(tx, actor, req.params.country));
      return reply.code(204).send(null);
    },
  );
}

/** Incoming confidential reports, for civic-space monitors. */
function reportRoutes(app: App, deps: CivicDeps): void {
  const tags = ['civic space', 'reports'];
  app.get(
    '/api/civic/reports',
    { schema: { tags, summary: 'Confidential reports waiting to be taken, and those you have taken (civic-space monitors)', response: { 200: reportQueue } } },
    async (req) => req.scope.actor((tx, actor) => reports.reportQueue(tx, deps.vault, actor)),
  );
  app.get(
    '/api/civic/reports/:id',
    { schema: { tags, summary: 'A report: its content, and for the monitor who took it the messages and any contact details', params: reportParams, response: { 200: reportView } } },
    async (req) => req.scope.actor((tx, actor) => reports.getReport(tx, deps.vault, actor, req.params.id)),
  );
  app.get(
    '/api/civic/reports/:id/files/:fileId',
    { schema: { tags, summary: 'A file the reporter attached, stripped of its metadata (the monitor who took the report; audited)', params: reportFileParams } },
    async (req, reply) => {
      const file = await req.scope.actor((tx, actor) => reports.reportFile(tx, deps.vault, deps.files.store, actor, req.params.id, req.params.fileId));
      return reply
        .header('content-type', file.contentType)
        .header('content-disposition', `attachment; filename="${file.filename.replace(/[^\x20-\x7e]/g, '_').replace(/"/g, '_')}"; filename*=UTF-8''${encodeURIComponent(file.filename)}`)
        .header('cache-control', 'private, no-store')
        .header('x-content-type-options', 'nosniff')
        .send(file.content);
    },
  );
  app.post(
    '/api/civic/reports/:id/assign',
    { schema: { tags, summary: 'Take a waiting report: it is yours alone from now on', params: reportParams, response: { 204: z.null() } } },
    async (req, reply) => {
      await req.scope.actor((tx, actor) => reports.assignReport(tx, actor, req.params.id));
      return reply.code(204).send(null);
    },
  );
  app.post(
    '/api/civic/reports/:id/questions',
    { schema: { tags, summary: 'Ask the reporter a question, read with their receipt code (the monitor who took the report)', params: reportParams, body: messageBody, response: { 204: z.null() } } },
    async (req, reply) => {
      await req.scope.actor((tx, actor) => reports.askReporter(tx, deps.vault, actor, req.params.id, req.body.body));
      return reply.code(204).send(null);
    },
  );
  app.post(
    '/api/civic/reports/:id/record',
    { schema: { tags, summary: 'Turn the report into a restriction record of your organisation, unverified (the monitor who took it)', params: reportParams, body: newRecordBody, response: { 201: created } } },
    async (req, reply) => reply.code(201).send(await req.scope.actor((tx, actor) => reports.convertReport(tx, actor, req.params.id, req.body))),
  );

  app.get(
    '/api/civic/webhooks',
    { schema: { tags: ['civic space', 'alerts'], summary: "Your organisation's webhooks for civic-space alerts, with their latest deliveries (organisation administrators)", response: { 200: webhookList } } },
    async (req) => req.scope.actor((tx, actor) => webhooks.listWebhooks(tx, actor)),
  );
  app.post(
    '/api/civic/webhooks',
    {
      schema: {
        tags: ['civic space', 'alerts'],
        summary: 'Register a webhook (https): signed JSON for each verified record published and rating confirmed about the countries and types chosen; the signing secret is shown once, in this answer',
        body: webhookBody,
        response: { 201: webhookCreated },
      },
    },
    async (req, reply) => reply.code(201).header('cache-control', 'no-store').send(await req.scope.actor((tx, actor) => webhooks.createWebhook(tx, actor, deps.vault, req.body, deps.webhookAllowedHosts ?? []))),
  );
  app.delete(
    '/api/civic/webhooks/:id',
    { schema: { tags: ['civic space', 'alerts'], summary: 'Remove a webhook of your organisation, with its deliveries', params: webhookParams, response: { 204: z.null() } } },
    async (req, reply) => {
      await req.scope.actor((tx, actor) => webhooks.deleteWebhook(tx, actor, req.params.id));
      return reply.code(204).send(null);
    },
  );
  app.get(
    '/api/civic/desks',
    { schema: { tags, summary: "The countries whose confidential reports your organisation's monitors read (civic-space monitors)", response: { 200: deskList } } },
    async (req) => req.scope.actor((tx, actor) => desks.listDesks(tx, actor)),
  );
  app.post(
    '/api/civic/desks',
    { schema: { tags, summary: 'Open a desk: read the reports sent about a country (null: every country); reporters see your organisation among those they can choose', body: deskBody, response: { 201: created } } },
    async (req, reply) => reply.code(201).send(await req.scope.actor((tx, actor) => desks.openDesk(tx, actor, req.body.country))),
  );
  app.delete(
    '/api/civic/desks/:id',
    { schema: { tags, summary: 'Close a desk (refused while a report addressed to your organisation waits for it alone)', params: deskParams, response: { 204: z.null() } } },
    async (req, reply) => {
      await req.scope.actor((tx, actor) => desks.closeDesk(tx, actor, req.params.id));
      return reply.code(204).send(null);
    },
  );
}

function monitorRoutes(app: App): void {
  const tags = ['civic space'];
  app.get(
    '/api/civic/records',
    { schema: { tags, summary: "Restriction records: your organisation's at any status, and those other monitors verified (civic-space monitors)", querystring: recordListQuery, response: { 200: recordList } } },
    async (req) => req.scope.actor((tx, actor) => records.listRecords(tx, actor, req.query.country)),
  );
  app.post(
    '/api/civic/records',
    { schema: { tags, summary: 'Enter a restriction record, unverified (civic-space monitors)', body: newRecordBody, response: { 201: created } } },
    async (req, reply) => reply.code(201).send(await req.scope.actor((tx, actor) => records.createRecord(tx, actor, req.body))),
  );
  app.get(
    '/api/civic/records/:id',
    { schema: { tags, summary: 'One record with its sources, affected organisations, status and what you may do', params: recordParams, response: { 200: recordView } } },
    async (req) => req.scope.actor((tx, actor) => records.getRecord(tx, actor, req.params.id)),
  );
  app.post(
    '/api/civic/records/:id/sources',
    { schema: { tags, summary: 'Add a source (a link) to a record of your organisation, before publication', params: recordParams, body: sourceBody, response: { 201: created } } },
    async (req, reply) => reply.code(201).send(await req.scope.actor((tx, actor) => records.addSource(tx, actor, req.params.id, req.body))),
  );
  app.post(
    '/api/civic/records/:id/affected',
    { schema: { tags, summary: 'Add an affected organisation, named or anonymous, before publication', params: recordParams, body: affectedBody, response: { 201: created } } },
    async (req, reply) => reply.code(201).send(await req.scope.actor((tx, actor) => records.addAffected(tx, actor, req.params.id, req.body))),
  );
  app.post(
    '/api/civic/records/:id/affected/:affectedId/consent',
    { schema: { tags, summary: 'Record that a named organisation consented to publication, and how', params: affectedParams, body: consentBody, response: { 204: z.null() } } },
    async (req, reply) => {
      await req.scope.actor((tx, actor) => records.recordConsent(tx, actor, req.params.id, req.params.affectedId, req.body.note));
      return reply.code(204).send(null);
    },
  );
  app.post(
    '/api/civic/records/:id/status',
    { schema: { tags, summary: 'Mark a record corroborated (two sources at least), or verified (a second monitor, not the one who entered it)', params: recordParams, body: statusBody, response: { 204: z.null() } } },
    async (req, reply) => {
      await req.scope.actor((tx, actor) => records.changeStatus(tx, actor, req.params.id, req.body.status));
      return reply.code(204).send(null);
    },
  );
  app.post(
    '/api/civic/records/:id/publication',
    { schema: { tags, summary: 'Publish a verified record (every named organisation has consented), or withdraw it', params: recordParams, body: publicationBody, response: { 204: z.null() } } },
    async (req, reply) => {
      await req.scope.actor((tx, actor) => records.setPublication(tx, actor, req.params.id, req.body.published, new Date()));
      return reply.code(204).send(null);
    },
  );
  app.get(
    '/api/civic/ratings',
    { schema: { tags, summary: "Country ratings: confirmed ones, and your organisation's proposals (civic-space monitors)", querystring: recordListQuery, response: { 200: ratingList } } },
    async (req) => req.scope.actor((tx, actor) => ratings.listRatings(tx, actor, req.query.country)),
  );
  app.post(
    '/api/civic/ratings',
    { schema: { tags, summary: 'Propose the rating of a country for a year, with reasons and the records behind it', body: newRatingBody, response: { 201: created } } },
    async (req, reply) => reply.code(201).send(await req.scope.actor((tx, actor) => ratings.proposeRating(tx, actor, req.body))),
  );
  app.post(
    '/api/civic/ratings/:id/confirm',
    { schema: { tags, summary: 'Confirm a proposed rating (a second monitor, not its proposer)', params: recordParams, response: { 204: z.null() } } },
    async (req, reply) => {
      await req.scope.actor((tx, actor) => ratings.confirmRating(tx, actor, req.params.id));
      return reply.code(204).send(null);
    },
  );

}

function publicRoutes(app: App, deps: CivicDeps): void {
  // Public, without sign-in. Never kept by a cache: a record can be withdrawn at any moment.
  const ptags = ['civic space', 'public'];
  app.get(
    '/api/public/civic/countries',
    { schema: { tags: ptags, summary: 'Countries with their latest confirmed rating and how many records are published', response: { 200: publicCountryList } } },
    async (req, reply) => reply.header('cache-control', NO_STORE).send(await req.scope.optionalActor((tx) => pub.publicCountries(tx))),
  );
  app.get(
    '/api/public/civic/countries/:code',
    {
      schema: {
        tags: ptags,
        summary: 'A country: the history of confirmed ratings with their reasons, and its newest 100 published records with how many match (filter by type and year)',
        params: countryParams,
        querystring: publicQuery.omit({ country: true }),
        response: { 200: publicCountryView },
      },
    },
    async (req, reply) => reply.header('cache-control', NO_STORE).send(await req.scope.optionalActor((tx) => pub.publicCountry(tx, req.params.code, req.query))),
  );
  app.get(
    '/api/public/civic/records',
    { schema: { tags: ptags, summary: 'Published restriction records, the newest 100 and how many match (filter by country, type and year; the export has them all)', querystring: publicQuery, response: { 200: publicRecordList } } },
    async (req, reply) => reply.header('cache-control', NO_STORE).send(await req.scope.optionalActor((tx) => pub.publicRecordList(tx, req.query))),
  );
  app.get(
    '/api/public/civic/records/:id',
    { schema: { tags: ptags, summary: 'One published restriction record', params: recordParams, response: { 200: publicRecordView } } },
    async (req, reply) => reply.header('cache-control', NO_STORE).send(await req.scope.optionalActor((tx) => pub.publicRecord(tx, req.params.id))),
  );
  // The open-data export is built in the background (export-documents.ts): the file once built
  // for what is published now, otherwise the document to follow.
  const exportNow = (filter: PublicFilter, format: CivicExportFormat) =>
    async (req: FastifyRequest) =>
      req.scope.optionalActor(async (tx) => {
        const doc = await requestCivicExport(tx, filter, format);
        const file = doc.status === 'ready' ? await documentFile(tx, null, { files: deps.files, kinds: CIVIC_DOCUMENTS }, doc.id) : null;
        return { doc, file };
      });
  app.get(
    '/api/public/civic/export.:format',
    {
      schema: {
        tags: ptags,
        summary: 'Published records as open data, CSV (formula-safe) or JSON, with the same filters: the file once built, otherwise 202 with the document to follow at /api/documents/:id',
        params: exportParams,
        querystring: publicQuery,
        produces: ['text/csv', 'application/json'],
      },
    },
    async (req, reply) => {
      const { doc, file } = await exportNow(req.query, req.params.format)(req);
      if (file) return sendPublicDownload(req, reply, file);
      return reply.code(202).header('retry-after', '2').header('cache-control', NO_STORE).send(doc);
    },
  );
  app.post(
    '/api/public/civic/exports',
    {
      schema: {
        tags: ptags,
        summary: 'Ask for the open-data export of what is published now: the document for this filter and format (made once, shared); follow it at /api/documents/:id',
        body: publicQuery.extend(exportParams.shape),
        response: { 202: documentView },
      },
    },
    async (req, reply) => {
      const { format, ...filter } = req.body;
      return reply.code(202).header('cache-control', NO_STORE).send((await exportNow(filter, format)(req)).doc);
    },
  );

  // The same for a plain link, without JavaScript: a page that reloads itself until the file is
  // built, then the file.
  app.get(PLAIN_STYLESHEET, { schema: { hide: true } }, async (_req, reply) =>
    reply.header('content-type', 'text/css; charset=utf-8').header('cache-control', 'public, max-age=3600').send(PLAIN_CSS),
  );
  app.get('/public/civic/export.:format', { schema: { hide: true, params: exportParams, querystring: publicExportPageQuery } }, async (req, reply) => {
    const { lang: asked, ...filter } = req.query;
    const lang = pickLocale(asked, req.headers['accept-language']);
    const { doc, file } = await exportNow(filter, req.params.format)(req);
    if (file) return sendPublicDownload(req, reply, file);
    return sendExportWaiting(reply, lang, doc, req.url);
  });
}

function sendExportWaiting(reply: FastifyReply, lang: ReturnType<typeof pickLocale>, doc: DocumentView, url: string) {
  const t = (key: string, values?: Record<string, string | number>) => labelsFor(lang).t(key, values);
  const failed = doc.status === 'failed';
  const body = failed
    ? `<p class="error" role="alert">${esc(t('civic.export.failed'))}</p><p><a class="button" href="${esc(url)}">${esc(t('civic.export.again'))}</a></p>`
    : `<p role="status">${esc(t('civic.export.waiting'))}</p><p>${esc(t('civic.export.progress', { progress: doc.progress }))}</p><p><a href="${esc(url)}">${esc(t('civic.export.now'))}</a></p>`;
  return reply
    .code(failed ? 503 : 202)
    .header('content-type', 'text/html; charset=utf-8')
    .header('cache-control', NO_STORE)
    .header('retry-after', failed ? '60' : '2')
    .send(plainPage(lang, t('civic.export.title'), `${body}<p><a href="/public/civic">${esc(t('publicCivic.title'))}</a></p>`, { refreshSeconds: failed ? undefined : 2 }));
}
