// HTTP routes of funding calls, applications and review. Thin: validate, call one service, shape.
import { z } from 'zod';
import type { App } from '../../platform/http/app.ts';
import * as applications from './applications.ts';
import * as calls from './calls.ts';
import * as pub from './public.ts';
import * as review from './review.ts';
import {
  applicationBody,
  applicationView,
  assignBody,
  callBody,
  callList,
  callView,
  deadlineBody,
  decisionBody,
  declarationBody,
  idParams,
  publicCallList,
  reviewerParams,
  reviewQueue,
  scoresBody,
} from './schema.ts';

const created = z.object({ id: z.uuid() });

export function fundingRoutes(app: App): void {
  const tags = ['funding'];
  const none = { 204: z.null() };
  app.get(
    '/api/funding/calls',
    { schema: { tags, summary: "Funding calls: published ones, your organisation's drafts (donor officers), and your organisation's application to each", response: { 200: callList } } },
    async (req) => req.scope.actor((tx, actor) => calls.listCalls(tx, actor, new Date())),
  );
  app.post(
    '/api/funding/calls',
    { schema: { tags, summary: 'Draft a funding call (donor officers)', body: callBody, response: { 201: created } } },
    async (req, reply) => reply.code(201).send(await req.scope.actor((tx, actor) => calls.createCall(tx, actor, req.body))),
  );
  app.get(
    '/api/funding/calls/:id',
    { schema: { tags, summary: "A call, whether your organisation may apply and why not, and (for its owner) the applications submitted", params: idParams, response: { 200: callView } } },
    async (req) => req.scope.actor((tx, actor) => calls.getCall(tx, actor, req.params.id, new Date())),
  );
  app.put(
    '/api/funding/calls/:id',
    { schema: { tags, summary: 'Change a draft call (its owner)', params: idParams, body: callBody, response: none } },
    async (req, reply) => {
      await req.scope.actor((tx, actor) => calls.updateCall(tx, actor, req.params.id, req.body));
      return reply.code(204).send(null);
    },
  );
  app.post(
    '/api/funding/calls/:id/publish',
    { schema: { tags, summary: 'Publish a draft call to the organisations of the directory (and publicly if chosen)', params: idParams, response: none } },
    async (req, reply) => {
      await req.scope.actor((tx, actor) => calls.publishCall(tx, actor, req.params.id, new Date()));
      return reply.code(204).send(null);
    },
  );
  app.post(
    '/api/funding/calls/:id/deadline',
    { schema: { tags, summary: 'Extend the closing date of a published call (the only change after publication)', params: idParams, body: deadlineBody, response: none } },
    async (req, reply) => {
      await req.scope.actor((tx, actor) => calls.extendDeadline(tx, actor, req.params.id, req.body.deadline, new Date()));
      return reply.code(204).send(null);
    },
  );
  app.post(
    '/api/funding/calls/:id/applications',
    { schema: { tags, summary: "Start your organisation's application to an open call it is eligible for", params: idParams, response: { 201: created } } },
    async (req, reply) => reply.code(201).send(await req.scope.actor((tx, actor) => applications.startApplication(tx, actor, req.params.id, new Date()))),
  );
  app.get(
    '/api/funding/applications/:id',
    { schema: { tags, summary: 'An application as you may see it: applicant (with the decision as feedback), call owner, or reviewer without conflict', params: idParams, response: { 200: applicationView } } },
    async (req) => req.scope.actor((tx, actor) => applications.getApplication(tx, actor, req.params.id, new Date())),
  );
  app.put(
    '/api/funding/applications/:id',
    { schema: { tags, summary: 'Save the answers and budget lines of a draft application (total within the ceiling)', params: idParams, body: applicationBody, response: none } },
    async (req, reply) => {
      await req.scope.actor((tx, actor) => applications.saveApplication(tx, actor, req.params.id, req.body, new Date()));
      return reply.code(204).send(null);
    },
  );
  app.post(
    '/api/funding/applications/:id/submit',
    { schema: { tags, summary: 'Submit a complete application before the deadline (server clock)', params: idParams, response: none } },
    async (req, reply) => {
      await req.scope.actor((tx, actor) => applications.submitApplication(tx, actor, req.params.id, new Date()));
      return reply.code(204).send(null);
    },
  );
  app.post(
    '/api/funding/applications/:id/reviewers',
    { schema: { tags, summary: 'Assign a reviewer by the e-mail address of their account (call owner)', params: idParams, body: assignBody, response: { 201: created } } },
    async (req, reply) => reply.code(201).send(await req.scope.actor((tx, actor) => review.assignReviewer(tx, actor, req.params.id, req.body.email))),
  );
  app.delete(
    '/api/funding/applications/:id/reviewers/:reviewerId',
    { schema: { tags, summary: 'Remove a reviewer who has not yet declared (call owner)', params: reviewerParams, response: none } },
    async (req, reply) => {
      await req.scope.actor((tx, actor) => review.removeReviewer(tx, actor, req.params.id, req.params.reviewerId));
      return reply.code(204).send(null);
    },
  );
  app.post(
    '/api/funding/applications/:id/decision',
    { schema: { tags, summary: 'The panel decides: award or decline, with written reasons the applicant reads', params: idParams, body: decisionBody, response: none } },
    async (req, reply) => {
      await req.scope.actor((tx, actor) => applications.decide(tx, actor, req.params.id, req.body.decision, req.body.reasons, new Date()));
      return reply.code(204).send(null);
    },
  );
  app.get(
    '/api/funding/reviews',
    { schema: { tags, summary: 'Your review assignments: what to declare on, and what you may open and score', response: { 200: reviewQueue } } },
    async (req) => req.scope.actor((tx, actor) => review.reviewQueue(tx, actor)),
  );
  app.post(
    '/api/funding/reviews/:id/declaration',
    { schema: { tags, summary: 'Declare, once, whether you have a conflict of interest with the applicant', params: idParams, body: declarationBody, response: none } },
    async (req, reply) => {
      await req.scope.actor((tx, actor) => review.declare(tx, actor, req.params.id, req.body.conflict, req.body.note, new Date()));
      return reply.code(204).send(null);
    },
  );
  app.put(
    '/api/funding/reviews/:id/scores',
    { schema: { tags, summary: 'Score the criteria with comments (a reviewer without conflict, until the decision)', params: idParams, body: scoresBody, response: none } },
    async (req, reply) => {
      await req.scope.actor((tx, actor) => review.saveScores(tx, actor, req.params.id, req.body));
      return reply.code(204).send(null);
    },
  );
  app.get(
    '/api/public/funding/calls',
    { schema: { tags: ['funding', 'public'], summary: 'Open calls their funders listed publicly (anyone; applying needs an account)', response: { 200: publicCallList } } },
    async (req, reply) => reply.header('cache-control', 'no-store').send(await req.scope.optionalActor((tx) => pub.publicCalls(tx, new Date()))),
  );
}
