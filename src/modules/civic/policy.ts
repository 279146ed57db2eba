// Who may do what with a restriction record or a rating, as pure functions of the facts. The
// database holds the same rules on its own (migration 0100: policies, checks and triggers);
// neither asks the other.
import type { Actor } from '../../platform/auth/actor.ts';
import { DomainError } from '../../platform/http/errors.ts';
import { can } from '../identity/policy.ts';
import { SOURCES_TO_CORROBORATE, type RecordStatus } from './schema.ts';

export type RecordFacts = {
  monitorOrgId: string;
  enteredBy: string;
  status: RecordStatus;
  published: boolean;
  sources: number;
  /** Named affected organisations that have not consented to publication. */
  unconsented: number;
};

export type RecordAction = 'read' | 'edit' | 'corroborate' | 'verify' | 'publish' | 'unpublish';

/** A civic-space monitor acting for an organisation. */
export function isMonitor(actor: Actor | null): actor is Actor & { orgId: string } {
  return can(actor, 'civicspace.monitor') && actor!.orgId !== null;
}

/** Refuses anyone but a civic-space monitor acting for an organisation. */
export function requireMonitor(actor: Actor): asserts actor is Actor & { orgId: string } {
  if (!isMonitor(actor)) throw new DomainError('forbidden');
}

const ownOrg = (actor: Actor & { orgId: string }, r: { monitorOrgId: string }) => r.monitorOrgId === actor.orgId;

/** Whether a record exists for this monitor at all: their organisation's, or verified by another. */
export function canReadRecord(actor: Actor | null, r: RecordFacts): boolean {
  return r.published || (isMonitor(actor) && (ownOrg(actor, r) || r.status === 'verified'));
}

export function canOnRecord(actor: Actor | null, action: RecordAction, r: RecordFacts): boolean {
  if (action === 'read') return canReadRecord(actor, r);
  if (!isMonitor(actor) || !ownOrg(actor, r)) return false;
  switch (action) {
    // Sources and affected organisations are added until publication; facts are fixed once corroborated.
    case 'edit':
      return !r.published;
    case 'corroborate':
      return r.status === 'unverified' && r.sources >= SOURCES_TO_CORROBORATE;
    // A second monitor confirms: never the one who entered the record.
    case 'verify':
      return r.status === 'corroborated' && actor.userId !== r.enteredBy;
    case 'publish':
      return r.status === 'verified' && !r.published && r.unconsented === 0;
    case 'unpublish':
      return r.published;
  }
}

export type RatingFacts = { monitorOrgId: string; proposedBy: string; status: 'proposed' | 'confirmed' };

export function canReadRating(actor: Actor | null, g: RatingFacts): boolean {
  return g.status === 'confirmed' || (isMonitor(actor) && ownOrg(actor, g));
}

/** A second monitor of the proposing organisation confirms a proposal; never its proposer. */
export function canConfirmRating(actor: Actor | null, g: RatingFacts): boolean {
  return isMonitor(actor) && ownOrg(actor, g) && g.status === 'proposed' && actor.userId !== g.proposedBy;
}
