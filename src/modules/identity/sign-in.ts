// Signing in: password (with brute-force throttling), then the second factor where enrolled.
// Failures are answered only after the transaction commits, so that the audit event and the
// failure count of a refused attempt are kept.
import { sql } from 'kysely';
import type { Tx } from '../../db.ts';
import type { Actor } from '../../platform/auth/actor.ts';
import { verifyPassword } from '../../platform/auth/password.ts';
import { auditSignIn, audit } from '../../platform/audit/audit.ts';
import type { SecretBox } from '../../platform/crypto/secret-box.ts';
import { contextSql } from '../../platform/db/context.ts';
import { isRole } from '../../platform/auth/roles.ts';
import { checkTotp, isRecoveryCodeShape, MFA_REQUIRED_ROLES, useRecoveryCode } from './mfa.ts';
import type { Me } from './schema.ts';
import { describe } from './service.ts';
import { openSession, type SessionTimeouts } from './sessions.ts';
import { accountKey, addressKey, clearFailures, lockedUntil, recordFailure, THROTTLE } from './throttle.ts';

export type SignInDeps = { timeouts: SessionTimeouts; box: SecretBox };

export type RequestInfo = { requestId: string; ip: string; userAgent: string | undefined };

export type LoginOutcome =
  | { kind: 'signed_in'; token: string; me: Me }
  | { kind: 'mfa_required'; token: string }
  | { kind: 'invalid' }
  | { kind: 'locked'; until: Date };

/** Runs as tandem_auth. */
export async function login(
  tx: Tx,
  input: { email: string; password: string },
  req: RequestInfo,
  now: Date,
  deps: SignInDeps,
): Promise<LoginOutcome> {
  const keys = [accountKey(input.email), addressKey(req.ip)];
  const until = await lockedUntil(tx, keys, now);
  if (until) {
    await auditSignIn(tx, { actorUserId: null, action: 'auth.sign_in', outcome: 'denied', ip: req.ip, details: { reason: 'locked' } });
    return { kind: 'locked', until };
  }

  const user = await tx
    .selectFrom('users')
    .select(['id', 'password_hash', 'status'])
    .where('email', '=', input.email)
    .executeTakeFirst();
  const passwordOk = await verifyPassword(user?.password_hash, input.password);
  if (!user || !passwordOk || user.status !== 'active') {
    const lockedNow = await recordFailure(
      tx,
      [
        { key: keys[0]!, limit: THROTTLE.accountFailures },
        { key: keys[1]!, limit: THROTTLE.addressFailures },
      ],
      now,
    );
    await auditSignIn(tx, {
      actorUserId: user?.id ?? null,
      action: 'auth.sign_in',
      outcome: 'failure',
      ip: req.ip,
      details: { reason: !user ? 'unknown_account' : !passwordOk ? 'wrong_password' : 'deactivated', locked: lockedNow },
    });
    return { kind: 'invalid' };
  }

  await clearFailures(tx, keys[0]!);
  await tx.updateTable('users').set({ last_login_at: now }).where('id', '=', user.id).execute();
  const mfa = await tx.selectFrom('user_mfa').select('confirmed_at').where('user_id', '=', user.id).executeTakeFirst();
  const mfaPending = !!mfa?.confirmed_at;
  const session = await openSession(tx, user.id, req.userAgent, now, deps.timeouts, mfaPending);
  await auditSignIn(tx, {
    actorUserId: user.id,
    actorOrgId: session.orgId,
    action: 'auth.sign_in',
    ip: req.ip,
    subjectType: 'session',
    subjectId: session.sessionId,
    details: { second_factor: mfaPending ? 'pending' : 'none' },
  });
  if (mfaPending) return { kind: 'mfa_required', token: session.token };

  const actor = await actorOfSession(tx, session.sessionId);
  await sql.raw(contextSql({ role: 'tandem_app', requestId: req.requestId, userId: actor.userId, orgId: actor.orgId })).execute(tx);
  return { kind: 'signed_in', token: session.token, me: await describe(tx, actor) };
}

/** Runs as the session's person (tandem_app). Describes the actor a session has just become. */
async function actorOfSession(tx: Tx, sessionId: string): Promise<Actor> {
  // The session row and the person's roles, read as the sign-in role would at the next request.
  const row = await tx
    .selectFrom('sessions as s')
    .leftJoin('memberships as m', (j) =>
      j.onRef('m.user_id', '=', 's.user_id').onRef('m.org_id', '=', 's.active_org_id').on('m.status', '=', 'active'),
    )
    .leftJoin('user_mfa as f', 'f.user_id', 's.user_id')
    .select(['s.user_id', 'm.org_id', 'm.roles', 'f.confirmed_at'])
    .where('s.id', '=', sessionId)
    .executeTakeFirstOrThrow();
  const all = await tx
    .selectFrom('memberships')
    .select('roles')
    .where('user_id', '=', row.user_id)
    .where('status', '=', 'active')
    .execute();
  const needsMfa = all.some((m) => m.roles.some((r) => (MFA_REQUIRED_ROLES as readonly string[]).includes(r)));
  const complete = !needsMfa || row.confirmed_at !== null;
  return {
    userId: row.user_id,
    sessionId,
    stage: complete ? 'complete' : 'enrolment_required',
    orgId: complete ? row.org_id : null,
    roles: complete ? (row.roles ?? []).filter(isRole) : [],
  };
}

export type SecondFactorOutcome = { kind: 'verified'; me: Me } | { kind: 'invalid' } | { kind: 'locked'; until: Date } | { kind: 'not_pending' };

/** Runs as the session's person (tandem_app), who has given the password and owes the second factor. */
export async function verifySecondFactor(
  tx: Tx,
  actor: Actor,
  code: string,
  req: RequestInfo,
  now: Date,
  deps: SignInDeps,
): Promise<SecondFactorOutcome> {
  if (actor.stage !== 'mfa_pending') return { kind: 'not_pending' };
  const user = await tx.selectFrom('users').select('email').where('id', '=', actor.userId).executeTakeFirstOrThrow();
  const key = accountKey(user.email);
  const until = await lockedUntil(tx, [key], now);
  if (until) {
    await audit(tx, { action: 'auth.second_factor', outcome: 'denied', ip: req.ip, details: { reason: 'locked' } });
    return { kind: 'locked', until };
  }
  const method = isRecoveryCodeShape(code) ? 'recovery_code' : 'totp';
  const ok =
    method === 'totp'
      ? await checkTotp(tx, deps.box, actor.userId, code.trim(), now, 'confirmed')
      : await useRecoveryCode(tx, actor.userId, code, now);
  if (!ok) {
    const lockedNow = await recordFailure(tx, [{ key, limit: THROTTLE.accountFailures }], now);
    await audit(tx, { action: 'auth.second_factor', outcome: 'failure', ip: req.ip, details: { method, locked: lockedNow } });
    return { kind: 'invalid' };
  }
  await clearFailures(tx, key);
  await tx.updateTable('sessions').set({ mfa_pending: false }).where('id', '=', actor.sessionId).execute();
  await audit(tx, { action: 'auth.second_factor', ip: req.ip, subjectType: 'session', subjectId: actor.sessionId, details: { method } });
  const next = await actorOfSession(tx, actor.sessionId);
  await sql.raw(contextSql({ role: 'tandem_app', requestId: req.requestId, userId: next.userId, orgId: next.orgId })).execute(tx);
  return { kind: 'verified', me: await describe(tx, next) };
}
