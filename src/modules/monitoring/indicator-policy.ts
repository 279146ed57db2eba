// Who may see which computed indicators: the application's wall. The database has its own
// (tandem_stats_scope, migration 0085), written separately; the two are meant to agree and a
// test shows they do on the demo accounts.
//   national      the whole jurisdiction of the caller's organisation: plan coordinators and
//                 donor officers (who read aggregate results), and case coordinators of a
//                 government organisation (the ministry or agency running the programme);
//   organisation  the caller organisation's own caseload: case coordinators, caseworkers,
//                 organisation administrators and data protection officers of any organisation.
import type { Actor } from '../../platform/auth/actor.ts';

export const SCOPES = ['national', 'organisation'] as const;
export type Scope = (typeof SCOPES)[number];

/** The scopes the actor may see, widest first; `orgType` is the type of the organisation acted for. */
export function indicatorScopes(actor: Actor, orgType: string | null): Scope[] {
  if (actor.stage !== 'complete' || !actor.orgId) return [];
  const has = (r: string) => (actor.roles as readonly string[]).includes(r);
  const out: Scope[] = [];
  if (has('plan_coordinator') || has('donor_officer') || (has('case_coordinator') && orgType === 'government')) out.push('national');
  if (has('case_coordinator') || has('caseworker') || has('org_admin') || has('dpo')) out.push('organisation');
  return out;
}
