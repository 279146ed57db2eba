import type { Role } from './roles.ts';

/**
 * How far a session has come: `complete` may act; `mfa_pending` has given its password and owes
 * a second factor; `enrolment_required` holds a role that needs a second factor and has none
 * yet. The last two may only finish that step (and sign out): no organisation, no roles.
 */
export type SessionStage = 'complete' | 'mfa_pending' | 'enrolment_required';

/** Who is acting in a request: a signed-in person, for one of their organisations. */
export type Actor = {
  userId: string;
  sessionId: string;
  stage: SessionStage;
  /** The organisation the person acts for; null when they belong to none (yet), or before MFA. */
  orgId: string | null;
  /** Roles held in the acting organisation. */
  roles: readonly Role[];
};
