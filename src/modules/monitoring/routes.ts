// HTTP routes of monitoring: computed indicators from case data, after disclosure control, and
// results frameworks with their reported values.
import type { App } from '../../platform/http/app.ts';
import type { DisclosureRules } from './disclosure.ts';
import { indicators } from './indicators.ts';
import { indicatorsQuery, indicatorsView } from './schema.ts';
import { resultsRoutes } from './results-routes.ts';

export function monitoringRoutes(deps: { disclosure: DisclosureRules }) {
  return (app: App): void => {
    app.get(
      '/api/monitoring/indicators',
      {
        schema: {
          tags: ['monitoring'],
          summary:
            'Computed indicators from case data (open cases by category, age band and region against sex; people with a case plan; referrals answered within N days; consents expiring within 30 days; cases closed), national or for the caller organisation, counts only, after disclosure control',
          querystring: indicatorsQuery,
          response: { 200: indicatorsView },
        },
      },
      async (req, reply) => {
        reply.header('cache-control', 'no-store');
        return req.scope.actor((tx, actor) => indicators(tx, actor, req.query, deps.disclosure, new Date()));
      },
    );
    resultsRoutes(app, deps);
  };
}
