// Signing in and out, the signed-in person's view of themselves, and their sessions.
import { sql } from 'kysely';
import type { Tx } from '../../db.ts';
import type { Actor } from '../../platform/auth/actor.ts';
import { verifyPassword } from '../../platform/auth/password.ts';
import { isRole } from '../../platform/auth/roles.ts';
import { contextSql } from '../../platform/db/context.ts';
import { DomainError } from '../../platform/http/errors.ts';
import { abilitiesOf } from './policy.ts';
import type { Me } from './schema.ts';
import { listOwnSessions, openSession, revokeSession, setActiveOrganisation, type SessionTimeouts } from './sessions.ts';

export type LoginInput = { email: string; password: string; userAgent: string | undefined; requestId: string };

/**
 * Runs as tandem_auth. Checks the password (taking the same time whether or not the account
 * exists), opens a session, then switches the transaction to the new person to describe them.
 */
export async function login(
  tx: Tx,
  input: LoginInput,
  now: Date,
  timeouts: SessionTimeouts,
): Promise<{ token: string; me: Me }> {
  const user = await tx
    .selectFrom('users')
    .select(['id', 'password_hash', 'status'])
    .where('email', '=', input.email)
    .executeTakeFirst();
  const passwordOk = await verifyPassword(user?.password_hash, input.password);
  if (!user || !passwordOk || user.status !== 'active') throw new DomainError('invalid_credentials');

  await tx.updateTable('users').set({ last_login_at: now }).where('id', '=', user.id).execute();
  const session = await openSession(tx, user.id, input.userAgent, now, timeouts);
  const actor = await actorOfSession(tx, session.sessionId);
  await sql.raw(contextSql({ role: 'tandem_app', requestId: input.requestId, userId: actor.userId, orgId: actor.orgId })).execute(tx);
  return { token: session.token, me: await describe(tx, actor) };
}

async function actorOfSession(tx: Tx, sessionId: string): Promise<Actor> {
  const row = await tx
    .selectFrom('sessions as s')
    .leftJoin('memberships as m', (j) =>
      j.onRef('m.user_id', '=', 's.user_id').onRef('m.org_id', '=', 's.active_org_id').on('m.status', '=', 'active'),
    )
    .select(['s.user_id', 'm.org_id', 'm.roles'])
    .where('s.id', '=', sessionId)
    .executeTakeFirstOrThrow();
  return { userId: row.user_id, sessionId, orgId: row.org_id, roles: (row.roles ?? []).filter(isRole) };
}

/** The signed-in person, their organisations and what they may do in the acting one. */
export async function describe(tx: Tx, actor: Actor): Promise<Me> {
  const user = await tx
    .selectFrom('users')
    .select(['id', 'email', 'display_name', 'locale'])
    .where('id', '=', actor.userId)
    .executeTakeFirstOrThrow();
  const memberships = await tx
    .selectFrom('memberships as m')
    .innerJoin('organisations as o', 'o.id', 'm.org_id')
    .select(['m.org_id', 'm.roles', 'o.name', 'o.short_name', 'o.type'])
    .where('m.user_id', '=', actor.userId)
    .where('m.status', '=', 'active')
    .orderBy('o.name')
    .execute();
  return {
    user: {
      id: user.id,
      email: user.email,
      displayName: user.display_name,
      locale: user.locale === 'ru' || user.locale === 'ar' ? user.locale : 'en',
    },
    memberships: memberships.map((m) => ({
      orgId: m.org_id,
      orgName: m.name,
      orgShortName: m.short_name,
      orgType: m.type,
      roles: m.roles.filter(isRole),
    })),
    activeOrgId: actor.orgId,
    roles: [...actor.roles],
    abilities: abilitiesOf(actor.roles),
  };
}

export async function logout(tx: Tx, actor: Actor, now: Date): Promise<void> {
  await revokeSession(tx, actor.sessionId, now);
}

/** Acts for another of the person's organisations from the next request on. */
export async function switchOrganisation(tx: Tx, actor: Actor, orgId: string): Promise<Me> {
  const membership = await tx
    .selectFrom('memberships')
    .select(['org_id', 'roles'])
    .where('user_id', '=', actor.userId)
    .where('org_id', '=', orgId)
    .where('status', '=', 'active')
    .executeTakeFirst();
  if (!membership) throw new DomainError('not_found');
  await setActiveOrganisation(tx, actor.sessionId, orgId);
  return describe(tx, { ...actor, orgId, roles: membership.roles.filter(isRole) });
}

export function sessionsOf(tx: Tx, actor: Actor, now: Date, timeouts: SessionTimeouts) {
  return listOwnSessions(tx, actor, now, timeouts);
}

export async function endSession(tx: Tx, actor: Actor, sessionId: string, now: Date): Promise<void> {
  // Row-level security limits this to the person's own sessions; others look like missing ones.
  if (!(await revokeSession(tx, sessionId, now))) throw new DomainError('not_found');
}
