// Who may export everything held on a person, and when a second person must agree first: pure
// functions of the facts, called at the top of each service function. The database holds the
// same rules separately (migration 0055), as the second wall.
import type { Actor } from '../../../platform/auth/actor.ts';
import { can } from '../../identity/policy.ts';

/** An approved request may be downloaded for this long after the decision… */
export const APPROVAL_DAYS = 7;
/** …and this many times (the database's default for max_downloads). */
export const APPROVAL_DOWNLOADS = 3;
/** An export that needed no approval is built within this many hours of being asked for, or not at all. */
export const BUILD_WITHIN_HOURS = 24;

export type SarCapacity = 'dpo' | 'case_coordinator';
export type Approval = 'not_needed' | 'pending' | 'approved' | 'refused';

/** The capacity a person exports in: the one asked for, else the officer's if they hold it. */
export function capacityOf(actor: Actor, asked: SarCapacity | undefined): SarCapacity | null {
  const officer = can(actor, 'privacy.oversee');
  const coordinator = can(actor, 'cases.coordinate');
  if (asked === 'dpo') return officer ? 'dpo' : null;
  if (asked === 'case_coordinator') return coordinator ? 'case_coordinator' : null;
  return officer ? 'dpo' : coordinator ? 'case_coordinator' : null;
}

/** Someone who may ask for a subject access export at all, in the capacity given. */
export function mayAskExport(actor: Actor, capacity: SarCapacity | null): capacity is SarCapacity {
  return actor.orgId !== null && capacity !== null;
}

export type ExportPath = 'export' | 'approval' | 'forbidden' | 'not_found';

/**
 * What a request to export a case leads to. `withheld`: the case holds records of another
 * organisation's restricted sections that the lead agency does not see day to day.
 */
export function exportPath(actor: Actor, capacity: SarCapacity | null, c: { leadOrgId: string; withheld: boolean } | null): ExportPath {
  if (!actor.orgId || capacity === null) return 'forbidden';
  if (!c || c.leadOrgId !== actor.orgId) return 'not_found';
  // The officer's own export needs a written reason, checked at the boundary; never a second person.
  if (capacity === 'dpo') return 'export';
  return c.withheld ? 'approval' : 'export';
}

export type RequestFacts = {
  leadOrgId: string;
  requestedBy: string;
  requestedAs: SarCapacity;
  approval: Approval;
  requestedAt: Date;
  expiresAt: Date | null;
  downloads: number;
  maxDownloads: number;
};

export type DecisionCheck = 'ok' | 'forbidden' | 'not_found' | 'own_request' | 'decided';

/** A data protection officer of the lead agency decides a pending request, never their own. */
export function mayDecide(actor: Actor, r: RequestFacts | null): DecisionCheck {
  if (!actor.orgId || !can(actor, 'privacy.oversee')) return 'forbidden';
  if (!r || r.leadOrgId !== actor.orgId) return 'not_found';
  if (r.requestedBy === actor.userId) return 'own_request';
  if (r.approval !== 'pending') return 'decided';
  return 'ok';
}

export type DownloadCheck = 'ok' | 'forbidden' | 'not_found' | 'not_approved' | 'expired' | 'used_up';

/** Only the person who asked downloads an approved request, while it lasts. */
export function mayDownload(actor: Actor, r: RequestFacts | null, now: Date): DownloadCheck {
  if (!actor.orgId || !can(actor, 'cases.coordinate')) return 'forbidden';
  if (!r || r.requestedBy !== actor.userId || r.leadOrgId !== actor.orgId || r.requestedAs !== 'case_coordinator') return 'not_found';
  if (r.approval !== 'approved' || !r.expiresAt) return 'not_approved';
  if (r.expiresAt <= now) return 'expired';
  if (r.downloads >= r.maxDownloads) return 'used_up';
  return 'ok';
}

/**
 * Whether the export of a request may be built (in the background, as the requester) or its
 * built file fetched: the requester's own, for the organisation they act for, in the role they
 * asked in and still hold; and in force — needing no approval (and built within
 * BUILD_WITHIN_HOURS of being asked, when `building`), or approved and unexpired.
 */
export function mayHaveExport(actor: Actor, r: RequestFacts | null, now: Date, building: boolean): boolean {
  if (!actor.orgId || !r || r.requestedBy !== actor.userId || r.leadOrgId !== actor.orgId) return false;
  if (!can(actor, r.requestedAs === 'dpo' ? 'privacy.oversee' : 'cases.coordinate')) return false;
  if (r.approval === 'not_needed') return !building || now.getTime() - r.requestedAt.getTime() < BUILD_WITHIN_HOURS * 3_600_000;
  return r.approval === 'approved' && r.requestedAs === 'case_coordinator' && r.expiresAt !== null && r.expiresAt > now;
}
