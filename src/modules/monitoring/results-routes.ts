// HTTP routes of results frameworks and reported values. Thin: validate, call one service, shape.
import { z } from 'zod';
import type { App } from '../../platform/http/app.ts';
import type { DisclosureRules } from './disclosure.ts';
import * as results from './results.ts';
import * as reports from './results-reports.ts';
import * as pub from './results-public.ts';
import {
  frameworkList,
  frameworkView,
  idParams,
  indicatorView,
  newFrameworkBody,
  newIndicatorBody,
  newNodeBody,
  planParams,
  publicationBody,
  publicResultsView,
  reportBody,
  reportSaved,
  reviewBody,
  reviewQueue,
  targetsBody,
} from './results-schema.ts';

const created = z.object({ id: z.uuid() });

export function resultsRoutes(app: App, deps: { disclosure: DisclosureRules }): void {
  const tags = ['results'];
  app.get(
    '/api/results/frameworks',
    { schema: { tags, summary: 'Results frameworks you may read, the indicators your organisation reports on, and the plans you may give a framework', response: { 200: frameworkList } } },
    async (req) => req.scope.actor((tx, actor) => results.listFrameworks(tx, actor)),
  );
  app.post(
    '/api/results/frameworks',
    { schema: { tags, summary: "A results framework for your organisation's plan or programme (plan coordinators and organisation administrators)", body: newFrameworkBody, response: { 201: created } } },
    async (req, reply) => reply.code(201).send(await req.scope.actor((tx, actor) => results.createFramework(tx, actor, req.body))),
  );
  app.get(
    '/api/results/frameworks/:id',
    { schema: { tags, summary: 'A framework as a tree: goal, outcomes, outputs and indicators with targets and latest values (computed ones after disclosure control)', params: idParams, response: { 200: frameworkView } } },
    async (req, reply) => reply.header('cache-control', 'no-store').send(await req.scope.actor((tx, actor) => results.getFramework(tx, actor, req.params.id, deps.disclosure))),
  );
  app.post(
    '/api/results/frameworks/:id/nodes',
    { schema: { tags, summary: 'Add an outcome, or an output under an outcome (the owner)', params: idParams, body: newNodeBody, response: { 201: created } } },
    async (req, reply) => reply.code(201).send(await req.scope.actor((tx, actor) => results.addNode(tx, actor, req.params.id, req.body))),
  );
  app.post(
    '/api/results/frameworks/:id/indicators',
    { schema: { tags, summary: 'Add an indicator, reported or computed, with its targets (the owner)', params: idParams, body: newIndicatorBody, response: { 201: created } } },
    async (req, reply) => reply.code(201).send(await req.scope.actor((tx, actor) => results.addIndicator(tx, actor, req.params.id, req.body))),
  );
  app.put(
    '/api/results/indicators/:id/targets',
    { schema: { tags, summary: "Set an indicator's targets per period, all at once (the owner)", params: idParams, body: targetsBody, response: { 204: z.null() } } },
    async (req, reply) => {
      await req.scope.actor((tx, actor) => results.setTargets(tx, actor, req.params.id, req.body.targets));
      return reply.code(204).send(null);
    },
  );
  app.get(
    '/api/results/indicators/:id',
    { schema: { tags, summary: 'An indicator with its targets and values per period (with their history, for the owner and the responsible organisation)', params: idParams, response: { 200: indicatorView } } },
    async (req, reply) => reply.header('cache-control', 'no-store').send(await req.scope.actor((tx, actor) => reports.getIndicator(tx, actor, req.params.id, deps.disclosure))),
  );
  app.post(
    '/api/results/indicators/:id/reports',
    {
      schema: {
        tags,
        summary: 'Report a value for a period, with disaggregates and evidence, or correct one not yet approved (the responsible organisation); a large jump is flagged',
        params: idParams,
        body: reportBody,
        response: { 201: reportSaved },
      },
    },
    async (req, reply) => reply.code(201).send(await req.scope.actor((tx, actor) => reports.submitReport(tx, actor, req.params.id, req.body))),
  );
  app.post(
    '/api/results/reports/:id/review',
    { schema: { tags, summary: 'Approve a reported value (the period is then locked) or return it for correction with a reason (the owner)', params: idParams, body: reviewBody, response: { 204: z.null() } } },
    async (req, reply) => {
      await req.scope.actor((tx, actor) => reports.reviewReport(tx, actor, req.params.id, req.body));
      return reply.code(204).send(null);
    },
  );
  app.post(
    '/api/results/indicators/:id/publication',
    { schema: { tags, summary: "Publish a reported indicator on the plan's public pages (a published plan), or withdraw it (the owner)", params: idParams, body: publicationBody, response: { 204: z.null() } } },
    async (req, reply) => {
      await req.scope.actor((tx, actor) => pub.setPublication(tx, actor, req.params.id, req.body.published, new Date()));
      return reply.code(204).send(null);
    },
  );
  app.get(
    '/api/public/plans/:planId/results',
    { schema: { tags: ['results', 'public'], summary: "A published plan's published indicators with their targets and approved values", params: planParams, response: { 200: publicResultsView } } },
    async (req, reply) => reply.header('cache-control', 'no-store').send(await req.scope.optionalActor((tx) => pub.publicResults(tx, req.params.planId))),
  );
  app.get(
    '/api/results/review',
    { schema: { tags, summary: "Values waiting for your organisation's review, oldest first", response: { 200: reviewQueue } } },
    async (req) => req.scope.actor((tx, actor) => reports.reviewQueue(tx, actor)),
  );
}
