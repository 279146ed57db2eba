// A person acting for an organisation outside a request (a document built in the background on
// their behalf): their roles there now, or null when they no longer may act for it. Read in a
// transaction carrying that person and organisation, so row-level security applies as to them.
import type { Tx } from '../../db.ts';
import type { Actor } from '../../platform/auth/actor.ts';
import { ROLES, type Role } from '../../platform/auth/roles.ts';

export async function actorFor(tx: Tx, userId: string, orgId: string): Promise<Actor | null> {
  const m = await tx
    .selectFrom('memberships as m')
    .innerJoin('users as u', 'u.id', 'm.user_id')
    .select('m.roles')
    .where('m.user_id', '=', userId)
    .where('m.org_id', '=', orgId)
    .where('m.status', '=', 'active')
    .where('u.status', '=', 'active')
    .executeTakeFirst();
  if (!m) return null;
  const roles = m.roles.filter((r): r is Role => (ROLES as readonly string[]).includes(r));
  return { userId, sessionId: 'background', stage: 'complete', orgId, roles };
}
