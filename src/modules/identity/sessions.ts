// Sign-in sessions, stored server-side by the SHA-256 of their token. A session ends at its
// absolute expiry, after an idle period, on sign-out, or when revoked; its owner's deactivation
// or a membership's end takes effect on the next request.
import { sql } from 'kysely';
import type { Tx } from '../../db.ts';
import type { Actor, SessionStage } from '../../platform/auth/actor.ts';
import { isRole, type Role } from '../../platform/auth/roles.ts';
import { hashToken, newToken } from '../../platform/auth/tokens.ts';
import { MFA_REQUIRED_ROLES } from './mfa.ts';

export type SessionTimeouts = { idleMinutes: number; absoluteHours: number };

/** last_seen_at is written at most once a minute per session, not on every request. */
const TOUCH_AFTER_MS = 60_000;

/** Runs as tandem_auth. Returns the acting person for a token hash, or null. */
export async function resolveSession(tx: Tx, tokenHash: Buffer, now: Date, timeouts: SessionTimeouts): Promise<Actor | null> {
  const idleSince = new Date(now.getTime() - timeouts.idleMinutes * 60_000);
  const row = await tx
    .selectFrom('sessions as s')
    .innerJoin('users as u', 'u.id', 's.user_id')
    .leftJoin('memberships as m', (j) =>
      j.onRef('m.user_id', '=', 's.user_id').onRef('m.org_id', '=', 's.active_org_id').on('m.status', '=', 'active'),
    )
    .leftJoin('user_mfa as f', 'f.user_id', 's.user_id')
    .select(['s.id', 's.user_id', 's.last_seen_at', 's.mfa_pending', 'f.confirmed_at', 'm.org_id', 'm.roles'])
    .select(
      sql<boolean>`EXISTS (SELECT 1 FROM memberships r WHERE r.user_id = s.user_id AND r.status = 'active'
        AND r.roles && ${sql.val([...MFA_REQUIRED_ROLES])}::text[])`.as('needs_mfa'),
    )
    .where('s.token_hash', '=', tokenHash)
    .where('s.revoked_at', 'is', null)
    .where('s.expires_at', '>', now)
    .where('s.last_seen_at', '>', idleSince)
    .where('u.status', '=', 'active')
    .executeTakeFirst();
  if (!row) return null;
  if (now.getTime() - row.last_seen_at.getTime() > TOUCH_AFTER_MS) {
    await tx.updateTable('sessions').set({ last_seen_at: now }).where('id', '=', row.id).execute();
  }
  const stage: SessionStage = row.mfa_pending
    ? 'mfa_pending'
    : row.needs_mfa && row.confirmed_at === null
      ? 'enrolment_required'
      : 'complete';
  return {
    userId: row.user_id,
    sessionId: row.id,
    stage,
    // Before the last step is done, the session acts for no organisation and holds no role.
    orgId: stage === 'complete' ? row.org_id : null,
    roles: stage === 'complete' ? ((row.roles ?? []).filter(isRole) as Role[]) : [],
  };
}

/** Runs as tandem_auth. Opens a session acting for the person's first active organisation. */
export async function openSession(
  tx: Tx,
  userId: string,
  userAgent: string | undefined,
  now: Date,
  timeouts: SessionTimeouts,
  mfaPending: boolean,
): Promise<{ token: string; sessionId: string; orgId: string | null }> {
  const first = await tx
    .selectFrom('memberships as m')
    .innerJoin('organisations as o', 'o.id', 'm.org_id')
    .select('m.org_id')
    .where('m.user_id', '=', userId)
    .where('m.status', '=', 'active')
    .orderBy('o.name')
    .executeTakeFirst();
  const token = newToken();
  const session = await tx
    .insertInto('sessions')
    .values({
      token_hash: hashToken(token),
      user_id: userId,
      active_org_id: first?.org_id ?? null,
      user_agent: userAgent?.slice(0, 300) ?? null,
      created_at: now,
      last_seen_at: now,
      expires_at: new Date(now.getTime() + timeouts.absoluteHours * 3_600_000),
      mfa_pending: mfaPending,
    })
    .returning('id')
    .executeTakeFirstOrThrow();
  return { token, sessionId: session.id, orgId: first?.org_id ?? null };
}

/** Runs as tandem_app: ends one of the acting person's own sessions. */
export async function revokeSession(tx: Tx, sessionId: string, now: Date): Promise<boolean> {
  const result = await tx
    .updateTable('sessions')
    .set({ revoked_at: now })
    .where('id', '=', sessionId)
    .where('revoked_at', 'is', null)
    .executeTakeFirst();
  return result.numUpdatedRows > 0n;
}

export async function listOwnSessions(tx: Tx, actor: Actor, now: Date, timeouts: SessionTimeouts) {
  const idleSince = new Date(now.getTime() - timeouts.idleMinutes * 60_000);
  const rows = await tx
    .selectFrom('sessions')
    .select(['id', 'user_agent', 'created_at', 'last_seen_at'])
    .where('user_id', '=', actor.userId)
    .where('revoked_at', 'is', null)
    .where('expires_at', '>', now)
    .where('last_seen_at', '>', idleSince)
    .orderBy('last_seen_at', 'desc')
    .execute();
  return rows.map((r) => ({
    id: r.id,
    current: r.id === actor.sessionId,
    userAgent: r.user_agent,
    createdAt: r.created_at.toISOString(),
    lastSeenAt: r.last_seen_at.toISOString(),
  }));
}

export async function setActiveOrganisation(tx: Tx, sessionId: string, orgId: string): Promise<void> {
  await tx.updateTable('sessions').set({ active_org_id: orgId }).where('id', '=', sessionId).execute();
}

/** Removes sessions that can no longer be used; run by the owner role. */
export async function deleteExpiredSessions(tx: Tx, now: Date): Promise<number> {
  const result = await sql`DELETE FROM sessions WHERE expires_at < ${now} OR revoked_at < ${now}::timestamptz - interval '1 day'`.execute(tx);
  return Number(result.numAffectedRows ?? 0n);
}
