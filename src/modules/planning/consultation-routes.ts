// HTTP routes of consultations: list and open them, read and change one, invite organisations,
// and keep a meeting's register of participants.
import { z } from 'zod';
import type { App } from '../../platform/http/app.ts';
import * as register from './consultation-register.ts';
import { consultationBody, consultationPatchBody, consultationsView, consultationView, invitationBody, participantBody, participantParams, participantsView } from './consultation-schema.ts';
import * as consultations from './consultations.ts';
import type { PlanningDeps } from './routes.ts';
import { planChildParams, planParams } from './schema.ts';

export function consultationRoutes(app: App, deps: PlanningDeps): void {
  const tags = ['planning'];
  const now = () => new Date();

  app.get(
    '/api/plans/:planId/consultations',
    { schema: { tags, summary: 'Consultations on a plan: window, modes, and whether your organisation may contribute now', params: planParams, response: { 200: consultationsView } } },
    async (req) => req.scope.actor((tx, actor) => consultations.listConsultations(tx, actor, req.params.planId, now())),
  );
  app.post(
    '/api/plans/:planId/consultations',
    { schema: { tags, summary: 'Open a consultation on the plan (its coordinators)', params: planParams, body: consultationBody, response: { 201: z.object({ id: z.uuid() }) } } },
    async (req, reply) => reply.code(201).send(await req.scope.actor((tx, actor) => consultations.createConsultation(tx, actor, req.params.planId, req.body))),
  );
  app.get(
    '/api/plans/:planId/consultations/:id',
    { schema: { tags, summary: 'One consultation: its linked sections with their current text, its questions', params: planChildParams, response: { 200: consultationView } } },
    async (req) => req.scope.actor((tx, actor) => consultations.getConsultation(tx, actor, req.params.planId, req.params.id, now())),
  );
  app.patch(
    '/api/plans/:planId/consultations/:id',
    { schema: { tags, summary: 'Change a consultation (its coordinators)', params: planChildParams, body: consultationPatchBody, response: { 204: z.null() } } },
    async (req, reply) => {
      await req.scope.actor((tx, actor) => consultations.updateConsultation(tx, actor, req.params.planId, req.params.id, req.body));
      return reply.code(204).send(null);
    },
  );
  app.post(
    '/api/plans/:planId/consultations/:id/invitations',
    {
      schema: {
        tags,
        summary: 'Invite organisations of the plan’s country; their contributors and plan coordinators are mailed',
        params: planChildParams,
        body: invitationBody,
        response: { 200: z.object({ invited: z.number().int(), mailed: z.number().int() }) },
      },
    },
    async (req) => req.scope.actor((tx, actor) => register.inviteOrganisations(tx, actor, req.params.planId, req.params.id, req.body.orgIds, deps.mail)),
  );
  app.get(
    '/api/plans/:planId/consultations/:id/participants',
    { schema: { tags, summary: 'The meeting’s register of participants, with counts by sex and organisation type', params: planChildParams, response: { 200: participantsView } } },
    async (req) => req.scope.actor((tx, actor) => register.listParticipants(tx, actor, req.params.planId, req.params.id)),
  );
  app.post(
    '/api/plans/:planId/consultations/:id/participants',
    { schema: { tags, summary: 'Add participants of one organisation and sex to the meeting’s register (no names)', params: planChildParams, body: participantBody, response: { 201: z.object({ ids: z.array(z.uuid()) }) } } },
    async (req, reply) => reply.code(201).send(await req.scope.actor((tx, actor) => register.addParticipants(tx, actor, req.params.planId, req.params.id, req.body))),
  );
  app.delete(
    '/api/plans/:planId/consultations/:id/participants/:participantId',
    { schema: { tags, summary: 'Remove a row of the meeting’s register', params: participantParams, response: { 204: z.null() } } },
    async (req, reply) => {
      await req.scope.actor((tx, actor) => register.removeParticipant(tx, actor, req.params.planId, req.params.id, req.params.participantId));
      return reply.code(204).send(null);
    },
  );
}
