// HTTP routes of cases: validate, call one service function, shape the reply.
import type { FastifyReply } from 'fastify';
import { z } from 'zod';
import type { Vault } from '../../platform/crypto/vault.ts';
import type { App } from '../../platform/http/app.ts';
import { problem } from '../../platform/http/errors.ts';
import * as breakGlass from './break-glass.ts';
import type { BreakGlassDeps } from './break-glass.ts';
import * as conferences from './conferences.ts';
import * as consents from './consents.ts';
import { DailyLimitReached } from './duplicate-check.ts';
import { duplicateNoticeRoutes } from './duplicate-notice-routes.ts';
import { exportRoutes } from './export/routes.ts';
import { judgementRoutes } from './judgement-routes.ts';
import * as plan from './plan.ts';
import { actionBody, actionUpdateBody, conferenceBody, conferencesView, dueActionView, dueQuery, goalBody, goalUpdateBody, planView, recordConferenceBody } from './plan-schema.ts';
import * as records from './records.ts';
import * as referrals from './referrals.ts';
import * as retention from './retention.ts';
import {
  answerBody,
  assessmentBody,
  breakGlassBody,
  breakGlassView,
  assessmentView,
  caseChildParams,
  caseDetail,
  caseListPage,
  caseListQuery,
  inboxPage,
  inboxQuery,
  caseParams,
  closeCaseBody,
  legalHoldBody,
  retentionView,
  closeReferralBody,
  consentBody,
  consentView,
  createdCase,
  possibleDuplicatesProblem,
  eventView,
  householdLinkBody,
  householdView,
  identityView,
  newCaseBody,
  noteBody,
  noteView,
  referralBody,
  referralView,
  reviewBody,
  sessionBody,
  sessionView,
  withdrawBody,
} from './schema.ts';
import * as cases from './service.ts';

export type CaseRouteDeps = { vault: Vault; referralAnswerDays: number; duplicateChecksPerDay: number; mail: BreakGlassDeps };

/** A daily limit reached: the answer says when the count starts again. */
export async function withRetryAfter<T>(reply: FastifyReply, fn: () => Promise<T>): Promise<T> {
  try {
    return await fn();
  } catch (error) {
    if (error instanceof DailyLimitReached) reply.header('retry-after', String(error.retryAfterSeconds));
    throw error;
  }
}

const created = z.object({ id: z.uuid() });

export function caseRoutes({ vault, referralAnswerDays, duplicateChecksPerDay, mail }: CaseRouteDeps) {
  return (app: App): void => {
    const tags = ['cases'];
    const now = () => new Date();

    app.get(
      '/api/cases',
      { schema: { tags, summary: 'Cases your organisation leads or serves, with filters', querystring: caseListQuery, response: { 200: caseListPage } } },
      async (req) => req.scope.actor((tx, actor) => cases.listCases(tx, actor, req.query)),
    );
    app.post(
      '/api/cases',
      {
        schema: {
          tags,
          summary:
            'Open a case. Possible duplicates your organisation may see answer 409 (confirm to open anyway); ' +
            'the check across agencies never answers: a possible match goes to the data protection officers',
          body: newCaseBody,
          response: { 201: createdCase, 409: possibleDuplicatesProblem },
        },
      },
      async (req, reply) => {
        const outcome = await withRetryAfter(reply, () => req.scope.actor((tx, actor) => cases.createCase(tx, actor, vault, req.body, now(), duplicateChecksPerDay)));
        if (outcome.kind === 'possible_duplicates') {
          return reply
            .code(409)
            .type('application/problem+json')
            .send({
              ...problem('conflict', req.id),
              status: 409 as const,
              code: 'conflict' as const,
              detail: 'A possible duplicate exists: check it, then confirm to open the case anyway',
              instance: req.id,
              matches: outcome.matches,
            });
        }
        const { kind: _kind, ...opened } = outcome;
        return reply.code(201).send(opened);
      },
    );
    app.get(
      '/api/cases/:id',
      { schema: { tags, summary: 'One case, as your organisation may see it', params: caseParams, response: { 200: caseDetail } } },
      async (req) => req.scope.actor((tx, actor) => cases.getCase(tx, actor, req.params.id, now())),
    );
    app.get(
      '/api/cases/:id/identity',
      { schema: { tags, summary: 'Reveal the identifying data (audited at every reveal)', params: caseParams, response: { 200: identityView } } },
      async (req) => req.scope.actor((tx, actor) => cases.revealIdentity(tx, actor, vault, req.params.id)),
    );
    app.get(
      '/api/cases/:id/household',
      { schema: { tags, summary: 'Family links of the person', params: caseParams, response: { 200: householdView } } },
      async (req) => req.scope.actor((tx, actor) => cases.household(tx, actor, req.params.id)),
    );
    app.post(
      '/api/cases/:id/household',
      { schema: { tags, summary: 'Link a relative’s case (same lead agency)', params: caseParams, body: householdLinkBody, response: { 204: z.null() } } },
      async (req, reply) => {
        await req.scope.actor((tx, actor) => cases.linkHousehold(tx, actor, req.params.id, req.body.relatedCaseNumber, req.body.relation));
        return reply.code(204).send(null);
      },
    );

    app.get(
      '/api/cases/:id/consents',
      { schema: { tags, summary: 'Consents and recorded legal bases', params: caseParams, response: { 200: z.object({ consents: z.array(consentView) }) } } },
      async (req) => ({ consents: await req.scope.actor((tx, actor) => consents.listConsents(tx, actor, req.params.id, now())) }),
    );
    app.post(
      '/api/cases/:id/consents',
      { schema: { tags, summary: 'Record a consent or legal basis for sharing with an organisation', params: caseParams, body: consentBody, response: { 201: created } } },
      async (req, reply) => reply.code(201).send(await req.scope.actor((tx, actor) => consents.recordConsent(tx, actor, req.params.id, req.body))),
    );
    app.post(
      '/api/cases/:id/consents/:childId/withdraw',
      { schema: { tags, summary: 'Withdraw a consent: the recipient loses access at once', params: caseChildParams, body: withdrawBody, response: { 204: z.null() } } },
      async (req, reply) => {
        await req.scope.actor((tx, actor) => consents.withdrawConsent(tx, actor, req.params.id, req.params.childId, req.body.reason, now()));
        return reply.code(204).send(null);
      },
    );

    app.get(
      '/api/cases/:id/referrals',
      { schema: { tags, summary: 'Referrals of the case', params: caseParams, response: { 200: z.object({ referrals: z.array(referralView) }) } } },
      async (req) => ({ referrals: await req.scope.actor((tx, actor) => referrals.caseReferrals(tx, actor, req.params.id, now())) }),
    );
    app.post(
      '/api/cases/:id/referrals',
      {
        schema: {
          tags,
          summary: 'Refer the person to a partner’s service (refused, naming what is missing, without consent and agreement)',
          params: caseParams,
          body: referralBody,
          response: { 201: created },
        },
      },
      async (req, reply) => reply.code(201).send(await req.scope.actor((tx, actor) => referrals.proposeReferral(tx, actor, req.params.id, req.body, referralAnswerDays, now()))),
    );
    app.post(
      '/api/cases/:id/referrals/:childId/withdraw',
      { schema: { tags, summary: 'Withdraw a referral not answered yet', params: caseChildParams, response: { 204: z.null() } } },
      async (req, reply) => {
        await req.scope.actor((tx, actor) => referrals.withdrawReferral(tx, actor, req.params.id, req.params.childId, now()));
        return reply.code(204).send(null);
      },
    );
    app.get(
      '/api/cases/:id/sessions',
      { schema: { tags, summary: 'Service sessions of the case', params: caseParams, response: { 200: z.object({ sessions: z.array(sessionView) }) } } },
      async (req) => ({ sessions: await req.scope.actor((tx, actor) => referrals.caseSessions(tx, actor, req.params.id)) }),
    );

    app.get(
      '/api/referrals/inbox',
      {
        schema: {
          tags,
          summary: 'Referrals sent to your organisation: the first page of each group, or one group from a cursor',
          querystring: inboxQuery,
          response: { 200: inboxPage },
        },
      },
      async (req) => req.scope.actor((tx, actor) => referrals.referralInbox(tx, actor, now(), req.query)),
    );
    app.post(
      '/api/referrals/:id/answer',
      { schema: { tags, summary: 'Accept a referral (joining the case team) or decline it with a reason', params: caseParams, body: answerBody, response: { 204: z.null() } } },
      async (req, reply) => {
        await req.scope.actor((tx, actor) => referrals.answerReferral(tx, actor, req.params.id, req.body));
        return reply.code(204).send(null);
      },
    );
    app.post(
      '/api/referrals/:id/sessions',
      { schema: { tags, summary: 'Record a service session, with notes by section', params: caseParams, body: sessionBody, response: { 201: created } } },
      async (req, reply) => reply.code(201).send(await req.scope.actor((tx, actor) => referrals.recordSession(tx, actor, req.params.id, req.body))),
    );
    app.post(
      '/api/referrals/:id/close',
      { schema: { tags, summary: 'Close a referral with its outcome', params: caseParams, body: closeReferralBody, response: { 204: z.null() } } },
      async (req, reply) => {
        await req.scope.actor((tx, actor) => referrals.closeReferral(tx, actor, req.params.id, req.body.outcome, req.body.notes, now()));
        return reply.code(204).send(null);
      },
    );

    app.get(
      '/api/cases/:id/assessments',
      { schema: { tags, summary: 'Needs assessments over time', params: caseParams, response: { 200: z.object({ assessments: z.array(assessmentView) }) } } },
      async (req) => ({ assessments: await req.scope.actor((tx, actor) => records.listAssessments(tx, actor, req.params.id)) }),
    );
    app.post(
      '/api/cases/:id/assessments',
      { schema: { tags, summary: 'Record a needs assessment (a level per domain, with notes)', params: caseParams, body: assessmentBody, response: { 201: created } } },
      async (req, reply) => reply.code(201).send(await req.scope.actor((tx, actor) => records.recordAssessment(tx, actor, req.params.id, req.body))),
    );
    app.get(
      '/api/cases/:id/notes',
      { schema: { tags, summary: 'Notes in the sections you may see', params: caseParams, response: { 200: z.object({ notes: z.array(noteView) }) } } },
      async (req) => ({ notes: await req.scope.actor((tx, actor) => records.listNotes(tx, actor, req.params.id)) }),
    );
    app.post(
      '/api/cases/:id/notes',
      { schema: { tags, summary: 'Add a note in a section', params: caseParams, body: noteBody, response: { 201: created } } },
      async (req, reply) => reply.code(201).send(await req.scope.actor((tx, actor) => records.addNote(tx, actor, req.params.id, req.body))),
    );
    app.post(
      '/api/break-glass',
      {
        schema: {
          tags,
          summary: 'Emergency access to a case outside your team, with a written reason (data protection officers are told)',
          body: breakGlassBody,
          response: { 201: z.object({ caseId: z.uuid(), expiresAt: z.iso.datetime() }) },
        },
      },
      async (req, reply) => reply.code(201).send(await req.scope.actor((tx, actor) => breakGlass.breakGlass(tx, actor, req.body, mail))),
    );
    app.get(
      '/api/break-glass',
      { schema: { tags, summary: 'Uses of emergency access: those you oversee, or your own', response: { 200: z.object({ uses: z.array(breakGlassView) }) } } },
      async (req) => ({ uses: await req.scope.actor((tx, actor) => breakGlass.listBreakGlass(tx, actor, now())) }),
    );
    app.post(
      '/api/break-glass/:id/review',
      { schema: { tags, summary: 'Review a use of emergency access (data protection officers), ending it if needed', params: caseParams, body: reviewBody, response: { 204: z.null() } } },
      async (req, reply) => {
        await req.scope.actor((tx, actor) => breakGlass.reviewBreakGlass(tx, actor, req.params.id, req.body.note, req.body.endNow, now()));
        return reply.code(204).send(null);
      },
    );
    app.post(
      '/api/cases/:id/close',
      { schema: { tags, summary: 'Close the case, with a reason (and an aftercare date)', params: caseParams, body: closeCaseBody, response: { 204: z.null() } } },
      async (req, reply) => {
        await req.scope.actor((tx, actor) => retention.closeCase(tx, actor, req.params.id, req.body, now()));
        return reply.code(204).send(null);
      },
    );
    app.post(
      '/api/cases/:id/reopen',
      { schema: { tags, summary: 'Reopen a closed case', params: caseParams, response: { 204: z.null() } } },
      async (req, reply) => {
        await req.scope.actor((tx, actor) => retention.reopenCase(tx, actor, req.params.id, now()));
        return reply.code(204).send(null);
      },
    );
    app.put(
      '/api/cases/:id/legal-hold',
      { schema: { tags, summary: 'Place or lift a legal hold, which stops anonymisation (data protection officers)', params: caseParams, body: legalHoldBody, response: { 204: z.null() } } },
      async (req, reply) => {
        await req.scope.actor((tx, actor) => retention.setLegalHold(tx, actor, req.params.id, req.body.hold, req.body.hold ? req.body.reason : null));
        return reply.code(204).send(null);
      },
    );
    app.get(
      '/api/retention',
      { schema: { tags, summary: 'Closed cases of your agency and when each will be anonymised (data protection officers)', response: { 200: z.object({ cases: z.array(retentionView) }) } } },
      async (req) => ({ cases: await req.scope.actor((tx, actor) => retention.retentionOverview(tx, actor)) }),
    );
    app.get(
      '/api/cases/:id/plan',
      { schema: { tags, summary: 'The case plan: goals per domain and their actions (overdue ones marked)', params: caseParams, response: { 200: planView } } },
      async (req) => req.scope.actor((tx, actor) => plan.getPlan(tx, actor, req.params.id, now())),
    );
    app.post(
      '/api/cases/:id/plan/goals',
      { schema: { tags, summary: 'Add a goal in a need domain (the lead agency)', params: caseParams, body: goalBody, response: { 201: created } } },
      async (req, reply) => reply.code(201).send(await req.scope.actor((tx, actor) => plan.addGoal(tx, actor, req.params.id, req.body))),
    );
    app.patch(
      '/api/cases/:id/plan/goals/:childId',
      { schema: { tags, summary: 'Change a goal’s description or status (the lead agency)', params: caseChildParams, body: goalUpdateBody, response: { 204: z.null() } } },
      async (req, reply) => {
        await req.scope.actor((tx, actor) => plan.updateGoal(tx, actor, req.params.id, req.params.childId, req.body, now()));
        return reply.code(204).send(null);
      },
    );
    app.post(
      '/api/cases/:id/plan/goals/:childId/actions',
      { schema: { tags, summary: 'Add an action under a goal, with its responsible organisation and target date', params: caseChildParams, body: actionBody, response: { 201: created } } },
      async (req, reply) => reply.code(201).send(await req.scope.actor((tx, actor) => plan.addAction(tx, actor, req.params.id, req.params.childId, req.body))),
    );
    app.patch(
      '/api/cases/:id/plan/actions/:childId',
      {
        schema: {
          tags,
          summary: 'Change an action (the lead agency), or its status (the responsible organisation)',
          params: caseChildParams,
          body: actionUpdateBody,
          response: { 204: z.null() },
        },
      },
      async (req, reply) => {
        await req.scope.actor((tx, actor) => plan.updateAction(tx, actor, req.params.id, req.params.childId, req.body, now()));
        return reply.code(204).send(null);
      },
    );
    app.get(
      '/api/plan-actions/due',
      { schema: { tags, summary: 'Plan actions your organisation is responsible for, overdue or due within some days', querystring: dueQuery, response: { 200: z.object({ actions: z.array(dueActionView) }) } } },
      async (req) => ({ actions: await req.scope.actor((tx, actor) => plan.myDueActions(tx, actor, req.query.days, now())) }),
    );
    app.get(
      '/api/cases/:id/conferences',
      { schema: { tags, summary: 'Case conferences: agenda, attendees, minutes, decisions', params: caseParams, response: { 200: conferencesView } } },
      async (req) => req.scope.actor((tx, actor) => conferences.listConferences(tx, actor, req.params.id)),
    );
    app.post(
      '/api/cases/:id/conferences',
      { schema: { tags, summary: 'Schedule a case conference (the lead agency’s coordinator)', params: caseParams, body: conferenceBody, response: { 201: created } } },
      async (req, reply) => reply.code(201).send(await req.scope.actor((tx, actor) => conferences.scheduleConference(tx, actor, req.params.id, req.body))),
    );
    app.post(
      '/api/cases/:id/conferences/:childId/record',
      {
        schema: {
          tags,
          summary: 'Record a conference held: attendees, minutes, decisions; its action items become plan actions',
          params: caseChildParams,
          body: recordConferenceBody,
          response: { 200: z.object({ actions: z.array(z.uuid()) }) },
        },
      },
      async (req) => req.scope.actor((tx, actor) => conferences.recordConference(tx, actor, req.params.id, req.params.childId, req.body, now())),
    );
    app.get(
      '/api/cases/:id/timeline',
      { schema: { tags, summary: 'Everything that happened on the case, in the sections you may see', params: caseParams, response: { 200: z.object({ events: z.array(eventView) }) } } },
      async (req) => ({ events: await req.scope.actor((tx, actor) => records.timeline(tx, actor, req.params.id)) }),
    );
    exportRoutes(mail)(app);
    judgementRoutes(app);
    duplicateNoticeRoutes(app);
  };
}
