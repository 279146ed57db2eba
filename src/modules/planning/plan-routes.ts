// HTTP routes of plans, their stages and publication, and their sections in versions.
import { z } from 'zod';
import type { App } from '../../platform/http/app.ts';
import {
  diffQuery,
  newPlanBody,
  planList,
  planUpdateBody,
  planView,
  publicationBody,
  sectionBody,
  sectionDiff,
  sectionsView,
  sectionVersionBody,
  sectionView,
  stageBody,
} from './plan-schema.ts';
import * as plans from './plans.ts';
import { planChildParams, planParams } from './schema.ts';
import * as sections from './sections.ts';

const created = z.object({ id: z.uuid() });

export function planRoutes(app: App): void {
  const tags = ['planning'];
  const now = () => new Date();

  app.get(
    '/api/plans',
    { schema: { tags, summary: 'Action plans you may read (those taking part in planning)', response: { 200: planList } } },
    async (req) => req.scope.actor((tx, actor) => plans.listPlans(tx, actor)),
  );
  app.post(
    '/api/plans',
    { schema: { tags, summary: 'Start a plan owned by your body, in drafting (plan coordinators)', body: newPlanBody, response: { 201: created } } },
    async (req, reply) => reply.code(201).send(await req.scope.actor((tx, actor) => plans.createPlan(tx, actor, req.body))),
  );
  app.get(
    '/api/plans/:planId',
    { schema: { tags, summary: 'One plan: facts, stage history, sections, counts and what you may do', params: planParams, response: { 200: planView } } },
    async (req) => req.scope.actor((tx, actor) => plans.getPlan(tx, actor, req.params.planId)),
  );
  app.patch(
    '/api/plans/:planId',
    { schema: { tags, summary: "Change a plan's title, summary, period or whether individuals may contribute", params: planParams, body: planUpdateBody, response: { 204: z.null() } } },
    async (req, reply) => {
      await req.scope.actor((tx, actor) => plans.updatePlan(tx, actor, req.params.planId, req.body, now()));
      return reply.code(204).send(null);
    },
  );
  app.post(
    '/api/plans/:planId/stage',
    {
      schema: {
        tags,
        summary: 'Move the plan one stage on, or back one with a reason; adopting with contributions unanswered needs a reason',
        params: planParams,
        body: stageBody,
        response: { 204: z.null() },
      },
    },
    async (req, reply) => {
      await req.scope.actor((tx, actor) => plans.changeStage(tx, actor, req.params.planId, req.body, now()));
      return reply.code(204).send(null);
    },
  );
  app.post(
    '/api/plans/:planId/publication',
    {
      schema: {
        tags,
        summary: 'Publish the plan to everyone, signed in or not, or withdraw it from public view',
        params: planParams,
        body: publicationBody,
        response: { 200: z.object({ publishedAt: z.iso.datetime().nullable() }) },
      },
    },
    async (req) => req.scope.actor((tx, actor) => plans.setPublication(tx, actor, req.params.planId, req.body.published, now())),
  );
  app.get(
    '/api/plans/:planId/sections',
    { schema: { tags, summary: "The plan's sections in order, with their current text", params: planParams, response: { 200: sectionsView } } },
    async (req) => req.scope.actor((tx, actor) => sections.listSections(tx, actor, req.params.planId)),
  );
  app.post(
    '/api/plans/:planId/sections',
    { schema: { tags, summary: 'Add a section (its first version), at the end or at a place', params: planParams, body: sectionBody, response: { 201: created } } },
    async (req, reply) => reply.code(201).send(await req.scope.actor((tx, actor) => sections.addSection(tx, actor, req.params.planId, req.body))),
  );
  app.get(
    '/api/plans/:planId/sections/:id',
    { schema: { tags, summary: 'A section with every version, the newest first', params: planChildParams, response: { 200: sectionView } } },
    async (req) => req.scope.actor((tx, actor) => sections.getSection(tx, actor, req.params.planId, req.params.id)),
  );
  app.post(
    '/api/plans/:planId/sections/:id/versions',
    {
      schema: {
        tags,
        summary: 'Write a new version of a section, with a note on what changed; earlier versions stay',
        params: planChildParams,
        body: sectionVersionBody,
        response: { 201: z.object({ version: z.number().int() }) },
      },
    },
    async (req, reply) => reply.code(201).send(await req.scope.actor((tx, actor) => sections.addVersion(tx, actor, req.params.planId, req.params.id, req.body))),
  );
  app.get(
    '/api/plans/:planId/sections/:id/diff',
    { schema: { tags, summary: 'What changed between two versions of a section, word by word', params: planChildParams, querystring: diffQuery, response: { 200: sectionDiff } } },
    async (req) => req.scope.actor((tx, actor) => sections.diffSection(tx, actor, req.params.planId, req.params.id, req.query.from, req.query.to)),
  );
}
