import type { Role } from './roles.ts';

/** Who is acting in a request: a signed-in person, for one of their organisations. */
export type Actor = {
  userId: string;
  sessionId: string;
  /** The organisation the person acts for; null when they belong to none (yet). */
  orgId: string | null;
  /** Roles held in the acting organisation. */
  roles: readonly Role[];
};
