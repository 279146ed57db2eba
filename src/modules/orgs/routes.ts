import { z } from 'zod';
import type { App } from '../../platform/http/app.ts';
import { memberView, organisationSummary } from './schema.ts';
import * as orgs from './service.ts';

export function orgRoutes(app: App): void {
  app.get(
    '/api/organisations',
    {
      schema: {
        tags: ['organisations'],
        summary: 'Every organisation on the platform (platform administrators)',
        response: { 200: z.object({ organisations: z.array(organisationSummary) }) },
      },
    },
    async (req) => ({ organisations: await req.scope.actor((tx, actor) => orgs.listOrganisations(tx, actor)) }),
  );

  app.get(
    '/api/organisations/current/members',
    {
      schema: {
        tags: ['organisations'],
        summary: 'People with a membership in the organisation you act for',
        response: { 200: z.object({ members: z.array(memberView) }) },
      },
    },
    async (req) => ({ members: await req.scope.actor((tx, actor) => orgs.listMembers(tx, actor)) }),
  );
}
