// HTTP routes of commitments: the list and one commitment (readable as the plan is, published
// plans by everyone), creating and changing them (the plan's coordinators), progress updates
// (the lead or a responsible body) and independent assessments (civil society).
import { z } from 'zod';
import type { App } from '../../platform/http/app.ts';
import { assessCommitment } from './assessments.ts';
import { createCommitment, updateCommitment } from './commitment-edit.ts';
import { assessmentBody, commitmentBody, commitmentDetail, commitmentList, commitmentUpdateBody, created, progressBody } from './commitment-schema.ts';
import { getCommitment, listCommitments } from './commitments.ts';
import { reportProgress } from './progress.ts';
import { planChildParams, planParams } from './schema.ts';

export function commitmentRoutes(app: App): void {
  const tags = ['planning'];
  const now = () => new Date();

  app.get(
    '/api/plans/:planId/commitments',
    {
      schema: {
        tags,
        summary: "A plan's commitments: lead body, the government's latest completion beside civil society's, next milestone, overdue milestones",
        params: planParams,
        response: { 200: commitmentList },
      },
    },
    async (req) => req.scope.optionalActor((tx, actor) => listCommitments(tx, actor, req.params.planId, now())),
  );
  app.post(
    '/api/plans/:planId/commitments',
    {
      schema: {
        tags,
        summary: 'Add a commitment with its bodies, milestones, indicators, budget and gender marker (the plan’s coordinators)',
        params: planParams,
        body: commitmentBody,
        response: { 201: created },
      },
    },
    async (req, reply) => reply.code(201).send(await req.scope.actor((tx, actor) => createCommitment(tx, actor, req.params.planId, req.body))),
  );
  app.get(
    '/api/plans/:planId/commitments/:id',
    {
      schema: {
        tags,
        summary: 'One commitment: its facts, progress, independent assessments, the contributions it reflects and its timeline',
        params: planChildParams,
        response: { 200: commitmentDetail },
      },
    },
    async (req) => req.scope.optionalActor((tx, actor) => getCommitment(tx, actor, req.params.planId, req.params.id, now())),
  );
  app.patch(
    '/api/plans/:planId/commitments/:id',
    {
      schema: {
        tags,
        summary: 'Change a commitment; milestones with ids are kept, new ones added, those left out removed unless progress refers to them (the plan’s coordinators)',
        params: planChildParams,
        body: commitmentUpdateBody,
        response: { 204: z.null() },
      },
    },
    async (req, reply) => {
      await req.scope.actor((tx, actor) => updateCommitment(tx, actor, req.params.planId, req.params.id, req.body, now()));
      return reply.code(204).send(null);
    },
  );
  app.post(
    '/api/plans/:planId/commitments/:id/progress',
    {
      schema: {
        tags,
        summary: 'Report progress with a completion level, marking a milestone done if reached (the lead body or a responsible body)',
        params: planChildParams,
        body: progressBody,
        response: { 201: created },
      },
    },
    async (req, reply) => reply.code(201).send(await req.scope.actor((tx, actor) => reportProgress(tx, actor, req.params.planId, req.params.id, req.body, now()))),
  );
  app.post(
    '/api/plans/:planId/commitments/:id/assessments',
    {
      schema: {
        tags,
        summary: 'Assess a commitment independently, with a completion level and reasons (civil society organisations not answering for it)',
        params: planChildParams,
        body: assessmentBody,
        response: { 201: created },
      },
    },
    async (req, reply) => reply.code(201).send(await req.scope.actor((tx, actor) => assessCommitment(tx, actor, req.params.planId, req.params.id, req.body, now()))),
  );
}
