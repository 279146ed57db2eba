// Who may do what with a funding call, an application and a review, as pure functions of the
// facts. The database holds the same rules on its own (migrations 0120 and 0121: policies and
// triggers); neither asks the other.
import type { Actor } from '../../platform/auth/actor.ts';
import { can } from '../identity/policy.ts';
import { SCORE_MAX, type CallStatus, type Eligibility, type Ineligible } from './schema.ts';

export type CallFacts = {
  ownerOrgId: string;
  status: CallStatus;
  opensOn: string;
  deadline: Date;
  orgTypes: readonly string[];
  countries: readonly string[];
  womenLedPriority: boolean;
};
export type OrgFacts = { type: string; country: string; womenLed: boolean };
export type AssignmentFacts = { reviewerUserId: string; declared: boolean; conflictDeclared: boolean; conflictFlagged: boolean };
export type ApplicationFacts = { applicantOrgId: string; status: 'draft' | 'submitted' | 'awarded' | 'rejected' };

type Acting = Actor & { orgId: string };
const acting = (actor: Actor | null): actor is Acting => actor !== null && actor.orgId !== null;

/** A donor officer of the organisation that owns the call. */
export function isCallOwner(actor: Actor | null, call: Pick<CallFacts, 'ownerOrgId'>): actor is Acting {
  return acting(actor) && can(actor, 'funding.manage') && actor.orgId === call.ownerOrgId;
}

export function canCreateCall(actor: Actor | null): actor is Acting {
  return acting(actor) && can(actor, 'funding.manage');
}

/** A call exists for its owner at any status, and for everyone acting for an organisation once published. */
export function canReadCall(actor: Actor | null, call: CallFacts): boolean {
  return isCallOwner(actor, call) || (acting(actor) && call.status !== 'draft');
}

/** A draft is edited and published by its owner; once published only the closing date moves, later. */
export const canEditCall = (actor: Actor | null, call: CallFacts) => isCallOwner(actor, call) && call.status === 'draft';
export const canExtendCall = (actor: Actor | null, call: CallFacts) => isCallOwner(actor, call) && call.status === 'published';

/** Whether an organisation may apply to a call now, and every reason why not. */
export function eligibility(call: CallFacts, org: OrgFacts, now: Date): Eligibility {
  const reasons: Ineligible[] = [];
  if (call.status !== 'published') reasons.push('not_published');
  else if (now.getTime() < new Date(`${call.opensOn}T00:00:00Z`).getTime()) reasons.push('not_open_yet');
  else if (now.getTime() >= call.deadline.getTime()) reasons.push('closed');
  if (call.orgTypes.length > 0 && !call.orgTypes.includes(org.type)) reasons.push('org_type');
  if (call.countries.length > 0 && !call.countries.includes(org.country)) reasons.push('country');
  return { eligible: reasons.length === 0, reasons, womenLedPriority: call.womenLedPriority && org.womenLed };
}

/** Someone who may act for the applicant (its administrator or contributor), and is not assigned to review it. */
export function isApplicant(actor: Actor | null, app: Pick<ApplicationFacts, 'applicantOrgId'>, assignment: AssignmentFacts | null): actor is Acting {
  return acting(actor) && can(actor, 'funding.apply') && actor.orgId === app.applicantOrgId && assignment === null;
}

export const canApply = (actor: Actor | null): actor is Acting => acting(actor) && can(actor, 'funding.apply');

/** A reviewer opens an application only after declaring no conflict, and never with a known tie. */
export function reviewerMayOpen(actor: Actor | null, a: AssignmentFacts | null): boolean {
  return actor !== null && a !== null && a.reviewerUserId === actor.userId && a.declared && !a.conflictDeclared && !a.conflictFlagged;
}

export type ApplicationRole = 'applicant' | 'owner' | 'reviewer';

/** How the actor relates to an application, or null: then it does not exist for them. */
export function roleOnApplication(actor: Actor | null, call: CallFacts, app: ApplicationFacts, assignment: AssignmentFacts | null): ApplicationRole | null {
  if (isApplicant(actor, app, assignment)) return 'applicant';
  if (isCallOwner(actor, call) && app.status !== 'draft') return 'owner';
  if (app.status !== 'draft' && reviewerMayOpen(actor, assignment)) return 'reviewer';
  return null;
}

export const canEditApplication = (role: ApplicationRole | null, app: ApplicationFacts, call: CallFacts, now: Date) =>
  role === 'applicant' && app.status === 'draft' && now.getTime() < call.deadline.getTime();

export const canAssign = (role: ApplicationRole | null, app: ApplicationFacts) => role === 'owner' && app.status === 'submitted';
export const canScore = (role: ApplicationRole | null, app: ApplicationFacts) => role === 'reviewer' && app.status === 'submitted';
/** The panel decides once at least one review is complete. */
export const canDecide = (role: ApplicationRole | null, app: ApplicationFacts, completeReviews: number) =>
  role === 'owner' && app.status === 'submitted' && completeReviews > 0;

/**
 * A reviewer's weighted sum: each criterion's score (0–10) times its weight, over 10, so 0–100 as
 * the weights add up to 100. Null until every criterion is scored: a partial review is no sum.
 */
export function weightedSum(criteria: ReadonlyArray<{ key: string; weight: number }>, scores: ReadonlyArray<{ criterion: string; score: number }>): number | null {
  let total = 0;
  for (const c of criteria) {
    const s = scores.find((x) => x.criterion === c.key);
    if (!s) return null;
    total += (s.score * c.weight) / SCORE_MAX;
  }
  return Math.round(total * 100) / 100;
}

/** The mean of complete reviews' sums, to two decimals; null with none. */
export function meanScore(sums: ReadonlyArray<number | null>): number | null {
  const done = sums.filter((s): s is number => s !== null);
  if (done.length === 0) return null;
  return Math.round((done.reduce((a, b) => a + b, 0) / done.length) * 100) / 100;
}

/** Budget lines in cents, so that totals are exact. */
export const cents = (v: number | string) => Math.round(Number(v) * 100);
export const totalOf = (lines: ReadonlyArray<{ amount: number }>) => lines.reduce((s, l) => s + cents(l.amount), 0) / 100;
