// HTTP routes of national action planning. Each part of the module registers its own routes;
// this file only puts them together.
import type { App } from '../../platform/http/app.ts';
import type { DocumentFiles } from '../../platform/documents/documents.ts';
import type { PeopleDeps } from '../identity/people.ts';
import type { DisclosureRules } from '../monitoring/disclosure.ts';
import { consultationRoutes } from './consultation-routes.ts';
import { contributionRoutes } from './contribution-routes.ts';
import { commitmentRoutes } from './commitment-routes.ts';
import { fileRoutes } from './file-routes.ts';
import { publicPlanRoutes } from './public-routes.ts';
import { reportRoutes } from './report-routes.ts';
import { planRoutes } from './plan-routes.ts';

/** What the planning routes need from outside: how mail is delivered and the public address, where generated files are, the disclosure rules of figures. */
export type PlanningDeps = { mail: PeopleDeps; files: DocumentFiles; disclosure: DisclosureRules };

type Register = (app: App, deps: PlanningDeps) => void;

const PARTS: Register[] = [
  fileRoutes,
  reportRoutes,
  publicPlanRoutes,
  consultationRoutes,
  contributionRoutes,
  planRoutes,
  commitmentRoutes,
];

export function planningRoutes(deps: PlanningDeps) {
  return (app: App): void => {
    for (const register of PARTS) register(app, deps);
  };
}
