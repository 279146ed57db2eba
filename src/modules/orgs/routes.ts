// HTTP routes of organisations: the directory (signed in, and public), profiles, jurisdictions,
// creation by a platform administrator, and partnership agreements.
import { z } from 'zod';
import type { App } from '../../platform/http/app.ts';
import { DomainError } from '../../platform/http/errors.ts';
import type { PeopleDeps } from '../identity/people.ts';
import * as agreements from './agreements.ts';
import {
  agreementBody,
  agreementView,
  directoryQuery,
  jurisdictionView,
  newOrganisationBody,
  organisationProfile,
  organisationSummary,
  orgParams,
  profileBody,
  reasonBody,
  sharingCheckQuery,
  sharingCheckResponse,
  signBody,
} from './schema.ts';
import * as orgs from './service.ts';

export function orgRoutes(deps: PeopleDeps) {
  return (app: App): void => {
    const tags = ['organisations'];

    app.get(
      '/api/public/directory',
      {
        schema: {
          tags,
          summary: 'Public organisations, without sign-in',
          querystring: directoryQuery,
          response: { 200: z.object({ organisations: z.array(organisationProfile) }) },
        },
      },
      async (req) => ({ organisations: await req.scope.optionalActor((tx) => orgs.publicDirectory(tx, req.query)) }),
    );

    app.get(
      '/api/jurisdictions',
      { schema: { tags, summary: 'Countries served and their regions', response: { 200: z.object({ jurisdictions: z.array(jurisdictionView) }) } } },
      async (req) => ({ jurisdictions: await req.scope.optionalActor((tx) => orgs.listJurisdictions(tx)) }),
    );

    app.get(
      '/api/directory',
      {
        schema: {
          tags,
          summary: 'Find partners by text, need domain, region, language, women-led, type',
          querystring: directoryQuery,
          response: { 200: z.object({ organisations: z.array(organisationProfile) }) },
        },
      },
      async (req) => ({ organisations: await req.scope.actor((tx, actor) => orgs.searchDirectory(tx, actor, req.query)) }),
    );

    app.get(
      '/api/organisations',
      {
        schema: {
          tags,
          summary: 'Every organisation on the platform (platform administrators)',
          response: { 200: z.object({ organisations: z.array(organisationSummary) }) },
        },
      },
      async (req) => ({ organisations: await req.scope.actor((tx, actor) => orgs.listOrganisations(tx, actor)) }),
    );

    app.post(
      '/api/organisations',
      {
        schema: {
          tags,
          summary: 'Add an organisation, optionally inviting its first administrator (platform administrators)',
          body: newOrganisationBody,
          response: { 201: z.object({ id: z.uuid() }) },
        },
      },
      async (req, reply) => reply.code(201).send(await req.scope.actor((tx, actor) => orgs.createOrganisation(tx, actor, req.body, deps, new Date()))),
    );

    app.get(
      '/api/organisations/current',
      { schema: { tags, summary: 'The profile of the organisation you act for', response: { 200: organisationProfile } } },
      async (req) =>
        req.scope.actor((tx, actor) => {
          if (!actor.orgId) throw new DomainError('not_found');
          return orgs.getOrganisation(tx, actor, actor.orgId);
        }),
    );

    app.put(
      '/api/organisations/current',
      { schema: { tags, summary: 'Update the profile of your organisation (its administrators)', body: profileBody, response: { 200: organisationProfile } } },
      async (req) => req.scope.actor((tx, actor) => orgs.updateOwnProfile(tx, actor, req.body)),
    );

    app.get(
      '/api/organisations/:id',
      { schema: { tags, summary: "An organisation's profile, if you may see it", params: orgParams, response: { 200: organisationProfile } } },
      async (req) => req.scope.actor((tx, actor) => orgs.getOrganisation(tx, actor, req.params.id)),
    );

    const atags = ['agreements'];
    app.get(
      '/api/agreements',
      { schema: { tags: atags, summary: 'Agreements your organisation is party to', response: { 200: z.object({ agreements: z.array(agreementView) }) } } },
      async (req) => ({ agreements: await req.scope.actor((tx, actor) => agreements.listAgreements(tx, actor, new Date())) }),
    );

    app.post(
      '/api/agreements',
      { schema: { tags: atags, summary: 'Draft an agreement with partner organisations', body: agreementBody, response: { 201: agreementView } } },
      async (req, reply) => reply.code(201).send(await req.scope.actor((tx, actor) => agreements.draftAgreement(tx, actor, req.body, new Date()))),
    );

    app.get(
      '/api/agreements/check',
      {
        schema: {
          tags: atags,
          summary: 'May personal data of these categories pass to this partner today? (names what is missing)',
          querystring: sharingCheckQuery,
          response: { 200: sharingCheckResponse },
        },
      },
      async (req) => req.scope.actor((tx, actor) => agreements.checkSharing(tx, actor, req.query.partner, req.query.categories)),
    );

    app.get(
      '/api/agreements/:id',
      { schema: { tags: atags, summary: 'One agreement', params: orgParams, response: { 200: agreementView } } },
      async (req) => req.scope.actor((tx, actor) => agreements.getAgreement(tx, actor, req.params.id, new Date())),
    );

    app.put(
      '/api/agreements/:id',
      { schema: { tags: atags, summary: 'Change a draft (every signature is needed again)', params: orgParams, body: agreementBody, response: { 200: agreementView } } },
      async (req) => req.scope.actor((tx, actor) => agreements.updateDraft(tx, actor, req.params.id, req.body, new Date())),
    );

    app.post(
      '/api/agreements/:id/signatures',
      { schema: { tags: atags, summary: 'Sign for your organisation; in force once every party signed', params: orgParams, body: signBody, response: { 200: agreementView } } },
      async (req) => req.scope.actor((tx, actor) => agreements.signAgreement(tx, actor, req.params.id, req.body, new Date())),
    );

    const changes = [
      { change: 'suspend', path: 'suspend', summary: 'Suspend an agreement in force, with a reason shown to every party' },
      { change: 'resume', path: 'resume', summary: 'Resume a suspended agreement, with a reason (only the party that suspended it)' },
      {
        change: 'signAgain',
        path: 'sign-again',
        summary: 'Ask every party to sign a suspended agreement again, with a reason: signatures are cleared, and it is in force again once all parties have signed',
      },
      { change: 'terminate', path: 'terminate', summary: 'Terminate an agreement, with a reason' },
    ] as const;
    for (const { change, path, summary } of changes) {
      app.post(
        `/api/agreements/:id/${path}`,
        { schema: { tags: atags, summary, params: orgParams, body: reasonBody, response: { 200: agreementView } } },
        async (req) => req.scope.actor((tx, actor) => agreements.changeAgreementStatus(tx, actor, req.params.id, change, req.body.reason, new Date())),
      );
    }
  };
}
