// HTTP routes of sign-in, the second factor and sessions: validate, call one service function,
// shape the reply. Refusals that must leave a trace (a wrong password, a wrong code) are
// answered after their transaction committed.
import type { FastifyReply, FastifyRequest } from 'fastify';
import { z } from 'zod';
import type { Config } from '../../config.ts';
import type { SecretBox } from '../../platform/crypto/secret-box.ts';
import type { App } from '../../platform/http/app.ts';
import { DomainError } from '../../platform/http/errors.ts';
import { clearSessionCookie, SESSION_COOKIE } from '../../platform/http/scope.ts';
import {
  csrfResponse,
  enrolmentResponse,
  loginBody,
  loginResponse,
  meQuery,
  meResponse,
  recoveryCodesResponse,
  secondFactorBody,
  sessionIdParams,
  sessionView,
  switchOrgBody,
  totpCodeBody,
} from './schema.ts';
import * as identity from './service.ts';
import { login, verifySecondFactor, type RequestInfo } from './sign-in.ts';

export type IdentityRouteDeps = { config: Config; box: SecretBox };

const requestInfo = (req: FastifyRequest): RequestInfo => ({ requestId: req.id, ip: req.ip, userAgent: req.headers['user-agent'] });

function lockedOut(reply: FastifyReply, until: Date): never {
  reply.header('retry-after', String(Math.max(1, Math.ceil((until.getTime() - Date.now()) / 1000))));
  throw new DomainError('rate_limited', 'Too many failed attempts; sign-in is paused for a while');
}

export function identityRoutes({ config, box }: IdentityRouteDeps) {
  const timeouts = config.session;
  const secure = config.secureCookies;
  const deps = { timeouts, box };
  const setSessionCookie = (reply: FastifyReply, token: string) =>
    reply.setCookie(SESSION_COOKIE, token, { path: '/', httpOnly: true, sameSite: 'lax', secure });

  return (app: App): void => {
    app.get(
      '/api/auth/csrf',
      {
        schema: {
          tags: ['auth'],
          summary: 'Anti-forgery token to send as x-csrf-token with every state-changing request',
          response: { 200: csrfResponse },
        },
      },
      async (_req, reply) => ({ token: reply.generateCsrf() }),
    );

    app.post(
      '/api/auth/login',
      {
        schema: {
          tags: ['auth'],
          summary: 'Sign in with e-mail and password; answers {mfaRequired: true} when a second factor is owed',
          body: loginBody,
          response: { 200: loginResponse },
        },
      },
      async (req, reply) => {
        const outcome = await req.scope.auth((tx) => login(tx, req.body, requestInfo(req), new Date(), deps));
        if (outcome.kind === 'invalid') throw new DomainError('invalid_credentials');
        if (outcome.kind === 'locked') lockedOut(reply, outcome.until);
        setSessionCookie(reply, outcome.token);
        return outcome.kind === 'mfa_required' ? { mfaRequired: true as const } : { ...outcome.me, mfaRequired: false as const };
      },
    );

    app.post(
      '/api/auth/mfa',
      {
        schema: {
          tags: ['auth'],
          summary: 'Complete sign-in with a code from the authenticator app, or a recovery code',
          body: secondFactorBody,
          response: { 200: meResponse },
        },
      },
      async (req, reply) => {
        const outcome = await req.scope.signedIn((tx, actor) =>
          verifySecondFactor(tx, actor, req.body.code, requestInfo(req), new Date(), deps),
        );
        if (outcome.kind === 'not_pending') throw new DomainError('conflict', 'No second factor is owed');
        if (outcome.kind === 'invalid') throw new DomainError('invalid_credentials', 'The code is not correct');
        if (outcome.kind === 'locked') lockedOut(reply, outcome.until);
        return outcome.me;
      },
    );

    app.post(
      '/api/auth/mfa/enrolment',
      {
        schema: {
          tags: ['auth'],
          summary: 'Start enrolling an authenticator app: a new secret, shown once',
          response: { 200: enrolmentResponse },
        },
      },
      async (req) => req.scope.signedIn((tx, actor) => identity.startEnrolment(tx, box, actor)),
    );

    app.post(
      '/api/auth/mfa/enrolment/confirm',
      {
        schema: {
          tags: ['auth'],
          summary: 'Confirm the enrolment with a first code; answers the recovery codes, shown once',
          body: totpCodeBody,
          response: { 200: recoveryCodesResponse },
        },
      },
      async (req) => {
        const outcome = await req.scope.signedIn((tx, actor) =>
          identity.confirmMfaEnrolment(tx, box, actor, req.body.code, new Date()),
        );
        if (outcome.kind === 'invalid') throw new DomainError('invalid_credentials', 'The code is not correct');
        return { recoveryCodes: outcome.recoveryCodes };
      },
    );

    app.post(
      '/api/auth/mfa/recovery-codes',
      {
        schema: {
          tags: ['auth'],
          summary: 'Replace the recovery codes (a current code from the app is required)',
          body: totpCodeBody,
          response: { 200: recoveryCodesResponse },
        },
      },
      async (req) => {
        const codes = await req.scope.actor((tx, actor) => identity.replaceRecoveryCodes(tx, box, actor, req.body.code, new Date()));
        if (!codes) throw new DomainError('invalid_credentials', 'The code is not correct');
        return { recoveryCodes: codes };
      },
    );

    app.post(
      '/api/auth/logout',
      { schema: { tags: ['auth'], summary: 'Sign out of this session', response: { 204: z.null() } } },
      async (req, reply) => {
        await req.scope.optionalActor(async (tx, actor) => {
          if (actor) await identity.logout(tx, actor, new Date());
        });
        clearSessionCookie(reply, secure);
        return reply.code(204).send(null);
      },
    );

    app.get(
      '/api/auth/me',
      {
        schema: {
          tags: ['auth'],
          summary: 'The signed-in person, the sign-in stage and what they may do; with ?probe=1, 204 instead of 401 when nobody is signed in',
          querystring: meQuery,
          response: { 200: meResponse, 204: z.null() },
        },
      },
      async (req, reply) => {
        // The web app asks on every page whether someone is signed in; "nobody" is an answer
        // there, not an error (a 401 would be logged in the browser's console on every public page).
        if (req.query.probe) {
          const me = await req.scope.optionalActor((tx, actor) => (actor ? identity.describe(tx, actor) : Promise.resolve(null)));
          return me ?? reply.code(204).send(null);
        }
        return req.scope.signedIn((tx, actor) => identity.describe(tx, actor));
      },
    );

    app.put(
      '/api/auth/organisation',
      {
        schema: {
          tags: ['auth'],
          summary: 'Act for another of your organisations',
          body: switchOrgBody,
          response: { 200: meResponse },
        },
      },
      async (req) => req.scope.actor((tx, actor) => identity.switchOrganisation(tx, actor, req.body.orgId)),
    );

    app.get(
      '/api/auth/sessions',
      {
        schema: { tags: ['auth'], summary: 'Your open sessions', response: { 200: z.object({ sessions: z.array(sessionView) }) } },
      },
      async (req) => ({
        sessions: await req.scope.actor((tx, actor) => identity.sessionsOf(tx, actor, new Date(), timeouts)),
      }),
    );

    app.delete(
      '/api/auth/sessions/:id',
      {
        schema: { tags: ['auth'], summary: 'End one of your sessions', params: sessionIdParams, response: { 204: z.null() } },
      },
      async (req, reply) => {
        await req.scope.actor((tx, actor) => identity.endSession(tx, actor, req.params.id, new Date()));
        return reply.code(204).send(null);
      },
    );
  };
}
