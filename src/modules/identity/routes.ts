// HTTP routes of sign-in and sessions: validate, call one service function, shape the reply.
import { z } from 'zod';
import type { Config } from '../../config.ts';
import type { App } from '../../platform/http/app.ts';
import { clearSessionCookie, SESSION_COOKIE } from '../../platform/http/scope.ts';
import { csrfResponse, loginBody, meResponse, sessionIdParams, sessionView, switchOrgBody } from './schema.ts';
import * as identity from './service.ts';

export function identityRoutes(config: Config) {
  const timeouts = config.session;
  const secure = config.secureCookies;
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
          summary: 'Sign in with e-mail and password',
          body: loginBody,
          response: { 200: meResponse },
        },
      },
      async (req, reply) => {
        const { token, me } = await req.scope.auth((tx) =>
          identity.login(
            tx,
            { ...req.body, userAgent: req.headers['user-agent'], requestId: req.id },
            new Date(),
            timeouts,
          ),
        );
        reply.setCookie(SESSION_COOKIE, token, { path: '/', httpOnly: true, sameSite: 'lax', secure });
        return me;
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
      { schema: { tags: ['auth'], summary: 'The signed-in person and what they may do', response: { 200: meResponse } } },
      async (req) => req.scope.actor((tx, actor) => identity.describe(tx, actor)),
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
