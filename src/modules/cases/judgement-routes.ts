// HTTP routes of structured professional judgement: instruments (administrators) and the
// judgements recorded on a case.
import { z } from 'zod';
import type { App } from '../../platform/http/app.ts';
import * as instruments from './instruments.ts';
import { instrumentBody, instrumentVersionBody, instrumentView, judgementBody, judgementView } from './judgement-schema.ts';
import * as judgements from './judgements.ts';
import { caseParams } from './schema.ts';

const created = z.object({ id: z.uuid() });

export function judgementRoutes(app: App): void {
  const tags = ['cases'];
  const now = () => new Date();

  app.get(
    '/api/judgement-instruments',
    { schema: { tags, summary: 'Instruments of your organisation and those published platform-wide, every version', response: { 200: z.object({ instruments: z.array(instrumentView) }) } } },
    async (req) => ({ instruments: await req.scope.actor((tx, actor) => instruments.listInstruments(tx, actor)) }),
  );
  app.post(
    '/api/judgement-instruments',
    { schema: { tags, summary: 'Define an instrument: factors and an ordered scale of concern (administrators)', body: instrumentBody, response: { 201: created } } },
    async (req, reply) => reply.code(201).send(await req.scope.actor((tx, actor) => instruments.createInstrument(tx, actor, req.body))),
  );
  app.post(
    '/api/judgement-instruments/:id/versions',
    { schema: { tags, summary: 'Write the next version of an instrument; the current one is superseded, never changed', params: caseParams, body: instrumentVersionBody, response: { 201: created } } },
    async (req, reply) => reply.code(201).send(await req.scope.actor((tx, actor) => instruments.newInstrumentVersion(tx, actor, req.params.id, req.body))),
  );
  app.post(
    '/api/judgement-instruments/:id/retire',
    { schema: { tags, summary: 'Retire an instrument: no new judgements use it, recorded ones stay readable', params: caseParams, response: { 204: z.null() } } },
    async (req, reply) => {
      await req.scope.actor((tx, actor) => instruments.retireInstrument(tx, actor, req.params.id, now()));
      return reply.code(204).send(null);
    },
  );
  app.get(
    '/api/cases/:id/judgements',
    { schema: { tags, summary: 'Professional judgements on the case, the latest first', params: caseParams, response: { 200: z.object({ judgements: z.array(judgementView) }) } } },
    async (req) => ({ judgements: await req.scope.actor((tx, actor) => judgements.listJudgements(tx, actor, req.params.id, now())) }),
  );
  app.post(
    '/api/cases/:id/judgements',
    {
      schema: {
        tags,
        summary: 'Record a professional judgement: a rating per factor, an overall level of concern with reasons, the next review',
        params: caseParams,
        body: judgementBody,
        response: { 201: created },
      },
    },
    async (req, reply) => reply.code(201).send(await req.scope.actor((tx, actor) => judgements.recordJudgement(tx, actor, req.params.id, req.body, now()))),
  );
}
