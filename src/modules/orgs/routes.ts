import { z } from 'zod';
import type { App } from '../../platform/http/app.ts';
import { organisationSummary } from './schema.ts';
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
}
