// HTTP routes of contributions and their reasoned responses.
import { z } from 'zod';
import type { App } from '../../platform/http/app.ts';
import { contributionBody, contributionQuery, contributionsView, linkableView, myContributionsView, responseBody } from './contribution-schema.ts';
import * as contributions from './contributions.ts';
import * as responses from './responses.ts';
import type { PlanningDeps } from './routes.ts';
import { planChildParams, planParams } from './schema.ts';

export function contributionRoutes(app: App, deps: PlanningDeps): void {
  const tags = ['planning'];
  const now = () => new Date();

  app.post(
    '/api/plans/:planId/contributions',
    {
      schema: {
        tags,
        summary: 'Contribute to an open consultation: on a linked section, a question or the whole, for your organisation or (where allowed) in your own name',
        params: planParams,
        body: contributionBody,
        response: { 201: z.object({ id: z.uuid() }) },
      },
    },
    async (req, reply) => reply.code(201).send(await req.scope.actor((tx, actor) => contributions.createContribution(tx, actor, req.params.planId, req.body, now()))),
  );
  app.get(
    '/api/plans/:planId/contributions',
    {
      schema: {
        tags,
        summary: 'Contributions with their answers: every one for the plan’s coordinators (unanswered first), your own and your organisation’s for contributors',
        params: planParams,
        querystring: contributionQuery,
        response: { 200: contributionsView },
      },
    },
    async (req) => req.scope.actor((tx, actor) => contributions.listContributions(tx, actor, req.params.planId, req.query)),
  );
  app.get(
    '/api/contributions/mine',
    { schema: { tags, summary: 'What became of the contributions you and your organisation made, across plans', response: { 200: myContributionsView } } },
    async (req) => req.scope.actor((tx, actor) => contributions.myContributions(tx, actor)),
  );
  app.put(
    '/api/plans/:planId/contributions/:id/response',
    {
      schema: {
        tags,
        summary: 'Answer a contribution with reasons and the sections and commitments that reflect it; the author is notified',
        params: planChildParams,
        body: responseBody,
        response: { 204: z.null() },
      },
    },
    async (req, reply) => {
      await req.scope.actor((tx, actor) => responses.answerContribution(tx, actor, req.params.planId, req.params.id, req.body, deps.mail, now()));
      return reply.code(204).send(null);
    },
  );
  app.get(
    '/api/plans/:planId/linkable',
    { schema: { tags, summary: 'Sections and commitments an answer may link to (the plan’s coordinators)', params: planParams, response: { 200: linkableView } } },
    async (req) => req.scope.actor((tx, actor) => responses.linkable(tx, actor, req.params.planId)),
  );
}
