// HTTP routes of an organisation's people (members, invitations, held mail) and of recovery
// (joining by invitation, password reset and change).
import { z } from 'zod';
import type { App } from '../../platform/http/app.ts';
import { DomainError } from '../../platform/http/errors.ts';
import type { Delivery } from '../../platform/mail/outbox.ts';
import { listOutbox } from './outbox-view.ts';
import * as people from './people.ts';
import * as recovery from './recovery.ts';
import {
  acceptInvitationBody,
  changePasswordBody,
  heldMailView,
  invitationBody,
  invitationParams,
  invitationPreview,
  invitationView,
  memberParams,
  memberView,
  resetCompleteBody,
  resetRequestBody,
  rolesBody,
  statusBody,
  tokenBody,
} from './schema.ts';

export function peopleRoutes(deps: { delivery: Delivery; publicUrl: string }) {
  return (app: App): void => {
    const tags = ['people'];

    app.get(
      '/api/organisations/current/members',
      {
        schema: {
          tags,
          summary: 'People with a membership in the organisation you act for',
          response: { 200: z.object({ members: z.array(memberView) }) },
        },
      },
      async (req) => ({ members: await req.scope.actor((tx, actor) => people.listMembers(tx, actor)) }),
    );

    app.put(
      '/api/organisations/current/members/:userId/roles',
      {
        schema: { tags, summary: "Change a member's roles (organisation administrators)", params: memberParams, body: rolesBody, response: { 204: z.null() } },
      },
      async (req, reply) => {
        await req.scope.actor((tx, actor) => people.changeRoles(tx, actor, req.params.userId, req.body.roles, new Date()));
        return reply.code(204).send(null);
      },
    );

    app.put(
      '/api/organisations/current/members/:userId/status',
      {
        schema: {
          tags,
          summary: 'Deactivate (ending every session at once) or reactivate a membership',
          params: memberParams,
          body: statusBody,
          response: { 204: z.null() },
        },
      },
      async (req, reply) => {
        await req.scope.actor((tx, actor) => people.setMemberStatus(tx, actor, req.params.userId, req.body.status, new Date()));
        return reply.code(204).send(null);
      },
    );

    app.get(
      '/api/organisations/current/invitations',
      { schema: { tags, summary: 'Invitations of your organisation', response: { 200: z.object({ invitations: z.array(invitationView) }) } } },
      async (req) => ({ invitations: await req.scope.actor((tx, actor) => people.listInvitations(tx, actor, new Date())) }),
    );

    app.post(
      '/api/organisations/current/invitations',
      {
        schema: {
          tags,
          summary: 'Invite a person by e-mail (organisation administrators)',
          body: invitationBody,
          response: { 201: z.object({ id: z.uuid() }) },
        },
      },
      async (req, reply) => {
        const created = await req.scope.actor((tx, actor) => people.invite(tx, actor, req.body, deps, new Date()));
        return reply.code(201).send(created);
      },
    );

    app.delete(
      '/api/organisations/current/invitations/:id',
      { schema: { tags, summary: 'Withdraw an open invitation', params: invitationParams, response: { 204: z.null() } } },
      async (req, reply) => {
        await req.scope.actor((tx, actor) => people.revokeInvitation(tx, actor, req.params.id, new Date()));
        return reply.code(204).send(null);
      },
    );

    app.get(
      '/api/mail/outbox',
      {
        schema: {
          tags,
          summary: 'Mail in the outbox: what is held when no SMTP server is set up (administrators)',
          response: { 200: z.object({ messages: z.array(heldMailView) }) },
        },
      },
      async (req) => ({ messages: await req.scope.actor((tx, actor) => listOutbox(tx, actor)) }),
    );

    app.post(
      '/api/invitations/preview',
      { schema: { tags, summary: 'What an invitation link invites to', body: tokenBody, response: { 200: invitationPreview } } },
      async (req) => req.scope.auth((tx) => recovery.inspectInvitation(tx, req.body.token, new Date())),
    );

    app.post(
      '/api/invitations/accept',
      {
        schema: {
          tags,
          summary: 'Accept an invitation: a new account (name and password), or signed in as the invited address',
          body: acceptInvitationBody,
          response: { 200: z.object({ accepted: z.literal(true), newAccount: z.boolean() }) },
        },
      },
      async (req) => {
        const now = new Date();
        // With a password: a new account (the sign-in role's function creates it). Without: the
        // signed-in person takes the invitation sent to their own address.
        if (req.body.password !== undefined) {
          await req.scope.auth((tx) => recovery.acceptInvitation(tx, null, req.body, now));
          return { accepted: true as const, newAccount: true };
        }
        await req.scope.actor((tx, actor) => recovery.acceptInvitation(tx, actor, req.body, now));
        return { accepted: true as const, newAccount: false };
      },
    );

    app.post(
      '/api/auth/password-reset',
      {
        config: { rateLimit: { max: 5, timeWindow: 15 * 60_000 } },
        schema: {
          tags: ['auth'],
          summary: 'Ask for a password-reset link by e-mail (the answer is the same whether or not the account exists)',
          body: resetRequestBody,
          response: { 202: z.object({ accepted: z.literal(true) }) },
        },
      },
      async (req, reply) => {
        await req.scope.auth((tx) => recovery.requestPasswordReset(tx, req.body.email, req.ip, deps, new Date()));
        return reply.code(202).send({ accepted: true as const });
      },
    );

    app.post(
      '/api/auth/password-reset/complete',
      {
        config: { rateLimit: { max: 10, timeWindow: 15 * 60_000 } },
        schema: {
          tags: ['auth'],
          summary: 'Choose a new password with the link from the e-mail; every session ends',
          body: resetCompleteBody,
          response: { 204: z.null() },
        },
      },
      async (req, reply) => {
        await req.scope.auth((tx) => recovery.completePasswordReset(tx, req.body, req.ip, new Date()));
        return reply.code(204).send(null);
      },
    );

    app.post(
      '/api/auth/password',
      {
        schema: {
          tags: ['auth'],
          summary: 'Change your password; your other sessions end',
          body: changePasswordBody,
          response: { 204: z.null() },
        },
      },
      async (req, reply) => {
        const outcome = await req.scope.actor((tx, actor) => recovery.changePassword(tx, actor, req.body, new Date()));
        if (outcome === 'wrong_password') throw new DomainError('invalid_credentials', 'The current password is not correct');
        return reply.code(204).send(null);
      },
    );
  };
}
