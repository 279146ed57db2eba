// Who may do what with a results framework, its indicators and their reported values, as pure
// functions of the facts. The database says the same on its own (migration 0086); neither asks
// the other, and a test shows they agree.
//   managers   plan coordinators and organisation administrators of the owning organisation
//              (the plan's owning body, or the organisation whose programme it is): define the
//              framework and review values;
//   reporters  contributors, plan coordinators and organisation administrators of an
//              indicator's responsible organisation: enter values of that indicator;
//   readers    the owning organisation; a responsible organisation (its indicators); anyone
//              signed in, for the framework of a published plan (approved values only).
import type { Actor } from '../../platform/auth/actor.ts';
import type { ReportStatus } from './results-schema.ts';

const MANAGER_ROLES = ['plan_coordinator', 'org_admin'] as const;
const REPORTER_ROLES = ['contributor', 'plan_coordinator', 'org_admin'] as const;

type Signed = Actor & { orgId: string };
export const signedIn = (actor: Actor | null): actor is Signed => actor !== null && actor.stage === 'complete' && actor.orgId !== null;
const holds = (actor: Actor, roles: readonly string[]) => actor.roles.some((r) => roles.includes(r));

/** May manage results frameworks of some organisation (create one for their own). */
export const managesResults = (actor: Actor | null): actor is Signed => signedIn(actor) && holds(actor, MANAGER_ROLES);
export const isManager = (actor: Actor | null, ownerOrgId: string): boolean => managesResults(actor) && actor.orgId === ownerOrgId;
export const isReporter = (actor: Actor | null, responsibleOrgId: string): boolean => signedIn(actor) && actor.orgId === responsibleOrgId && holds(actor, REPORTER_ROLES);

export type FrameworkFacts = { ownerOrgId: string; planPublished: boolean; responsibleOrgIds: readonly string[] };
export type IndicatorFacts = { ownerOrgId: string; responsibleOrgId: string; planPublished: boolean; source: 'reported' | 'computed' };
export type ReportFacts = IndicatorFacts & { status: ReportStatus };

export function canReadFramework(actor: Actor | null, f: FrameworkFacts): boolean {
  return signedIn(actor) && (actor.orgId === f.ownerOrgId || f.planPublished || f.responsibleOrgIds.includes(actor.orgId));
}

export function canReadIndicator(actor: Actor | null, i: Omit<IndicatorFacts, 'source'>): boolean {
  return signedIn(actor) && (actor.orgId === i.ownerOrgId || actor.orgId === i.responsibleOrgId || i.planPublished);
}

/** Values under review or sent back are the owner's and the reporter's business only. */
export function canReadReport(actor: Actor | null, r: Omit<ReportFacts, 'source'>): boolean {
  return signedIn(actor) && (actor.orgId === r.ownerOrgId || actor.orgId === r.responsibleOrgId || (r.status === 'approved' && r.planPublished));
}

/** All versions and reviews of a report, or only the approved value. */
export const seesHistory = (actor: Actor | null, r: { ownerOrgId: string; responsibleOrgId: string }): boolean =>
  signedIn(actor) && (actor.orgId === r.ownerOrgId || actor.orgId === r.responsibleOrgId);

/** A value for a period: a new report, or a correction while not approved (approved periods are locked). */
export function canReport(actor: Actor | null, i: IndicatorFacts, status: ReportStatus | null): boolean {
  return isReporter(actor, i.responsibleOrgId) && i.source === 'reported' && status !== 'approved';
}

/** A manager of the owner reviews a value under review, unless they sent it themselves (four eyes). */
export function canReview(actor: Actor | null, r: ReportFacts & { submittedBy: string }): boolean {
  return isManager(actor, r.ownerOrgId) && r.status === 'submitted' && actor!.userId !== r.submittedBy;
}
