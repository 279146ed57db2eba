// Joining by invitation, resetting a forgotten password, changing one's password. Tokens are
// single-use and stored only as hashes; a new password must pass the password policy; every
// change of password ends the person's other sessions.
import { sql } from 'kysely';
import type { Tx } from '../../db.ts';
import type { Actor } from '../../platform/auth/actor.ts';
import { hashPassword, verifyPassword } from '../../platform/auth/password.ts';
import { passwordProblems, type PasswordProblem } from '../../platform/auth/password-policy.ts';
import { PASSWORD_MAX_LENGTH, PASSWORD_MIN_LENGTH } from '../../platform/auth/password-rules.ts';
import { hashToken, newToken } from '../../platform/auth/tokens.ts';
import { audit, auditSignIn } from '../../platform/audit/audit.ts';
import { DomainError } from '../../platform/http/errors.ts';
import type { FieldReason } from '../../platform/http/field-codes.ts';
import { queueMail, type Delivery } from '../../platform/mail/outbox.ts';
import { passwordResetMail } from './mail.ts';

const RESET_MINUTES = 60;

const PASSWORD_FIELD_ERRORS: Record<PasswordProblem, FieldReason> = {
  too_short: { code: 'password_too_short', params: { min: PASSWORD_MIN_LENGTH }, message: `must have at least ${PASSWORD_MIN_LENGTH} characters` },
  too_long: { code: 'password_too_long', params: { max: PASSWORD_MAX_LENGTH }, message: `must have at most ${PASSWORD_MAX_LENGTH} characters` },
  common: { code: 'password_common', message: 'is a commonly used password' },
  personal: { code: 'password_personal', message: 'is built from the name or e-mail address' },
  repetitive: { code: 'password_repetitive', message: 'is a repetition or a simple sequence' },
};

function requireStrong(password: string, person: { email: string; displayName: string }): void {
  const problems = passwordProblems(password, person);
  if (problems.length > 0) {
    throw new DomainError(
      'validation_failed',
      undefined,
      problems.map((p) => ({ path: 'body.password', ...PASSWORD_FIELD_ERRORS[p] })),
    );
  }
}

async function openInvitation(tx: Tx, token: string, now: Date) {
  const row = await tx
    .selectFrom('invitations as i')
    .innerJoin('organisations as o', 'o.id', 'i.org_id')
    .select(['i.id', 'i.org_id', 'i.email', 'i.display_name', 'i.locale', 'o.name as org_name'])
    .where('i.token_hash', '=', hashToken(token))
    .where('i.accepted_at', 'is', null)
    .where('i.revoked_at', 'is', null)
    .where('i.expires_at', '>', now)
    .executeTakeFirst();
  if (!row) throw new DomainError('not_found', 'This invitation is not valid any more');
  return row;
}

/** Runs as tandem_auth: what an invitation token invites to, for the acceptance page. */
export async function inspectInvitation(tx: Tx, token: string, now: Date) {
  const inv = await openInvitation(tx, token, now);
  const account = await tx.selectFrom('users').select('id').where('email', '=', inv.email).executeTakeFirst();
  return { organisation: inv.org_name, email: inv.email, displayName: inv.display_name, accountExists: account !== undefined };
}

/**
 * Accepts an invitation. Without a session it creates the account (name and password given);
 * signed in as the invited address, it adds the membership to that account.
 */
export async function acceptInvitation(
  tx: Tx,
  actor: Actor | null,
  input: { token: string; displayName?: string; password?: string },
  now: Date,
): Promise<{ userId: string; orgId: string }> {
  const inv = await openInvitation(tx, input.token, now);
  let passwordHash: string | null = null;
  const displayName = input.displayName?.trim() || inv.display_name;
  if (!actor) {
    if (!input.password) throw new DomainError('validation_failed', undefined, [{ path: 'body.password', message: 'is required', code: 'required' }]);
    requireStrong(input.password, { email: inv.email, displayName });
    passwordHash = await hashPassword(input.password);
  }
  const { rows } = await sql<{ uid: string | null }>`
    SELECT tandem_accept_invitation(${hashToken(input.token)}, ${displayName}, ${passwordHash}) AS uid`.execute(tx);
  const userId = rows[0]?.uid;
  if (!userId) throw new DomainError('not_found', 'This invitation is not valid any more');
  const event = {
    action: 'org.member.join',
    subjectType: 'invitation',
    subjectId: inv.id,
    subjectOrgId: inv.org_id,
    details: { new_account: !actor },
  };
  if (actor) await audit(tx, event);
  else await auditSignIn(tx, { ...event, actorUserId: userId, actorOrgId: inv.org_id });
  return { userId, orgId: inv.org_id };
}

/**
 * The organisation a held reset link is filed under, for its administrators to pass on: the
 * oldest of the person's active memberships. None (nobody reads it) without a membership.
 */
async function homeOrganisation(tx: Tx, userId: string): Promise<string | null> {
  const row = await tx
    .selectFrom('memberships')
    .select('org_id')
    .where('user_id', '=', userId)
    .where('status', '=', 'active')
    .orderBy('created_at')
    .orderBy('org_id')
    .executeTakeFirst();
  return row?.org_id ?? null;
}

/** Runs as tandem_auth. Always looks the same to the caller, whether or not the account exists. */
export async function requestPasswordReset(
  tx: Tx,
  email: string,
  ip: string,
  deps: { delivery: Delivery; publicUrl: string },
  now: Date,
): Promise<void> {
  const user = await tx
    .selectFrom('users')
    .select(['id', 'display_name', 'locale', 'status'])
    .where('email', '=', email)
    .executeTakeFirst();
  if (!user || user.status !== 'active') {
    await auditSignIn(tx, { actorUserId: null, action: 'auth.password_reset.request', outcome: 'failure', ip, details: { reason: 'no_account' } });
    return;
  }
  const token = newToken();
  await tx
    .insertInto('password_resets')
    .values({ user_id: user.id, token_hash: hashToken(token), expires_at: new Date(now.getTime() + RESET_MINUTES * 60_000) })
    .execute();
  const locale = user.locale === 'ru' || user.locale === 'ar' ? user.locale : 'en';
  await queueMail(tx, deps.delivery, passwordResetMail(locale, { to: email, name: user.display_name, orgId: await homeOrganisation(tx, user.id), publicUrl: deps.publicUrl, token }));
  await auditSignIn(tx, { actorUserId: user.id, action: 'auth.password_reset.request', ip });
}

/**
 * Runs as tandem_auth. Sets the new password and ends every session of the person. It opens no
 * session and leaves the second factor as it is: whoever holds the link still needs the
 * person's authenticator app or a recovery code to sign in.
 */
export async function completePasswordReset(tx: Tx, input: { token: string; password: string }, ip: string, now: Date): Promise<void> {
  const reset = await tx
    .selectFrom('password_resets as r')
    .innerJoin('users as u', 'u.id', 'r.user_id')
    .select(['u.id', 'u.email', 'u.display_name'])
    .where('r.token_hash', '=', hashToken(input.token))
    .where('r.used_at', 'is', null)
    .where('r.expires_at', '>', now)
    .executeTakeFirst();
  if (!reset) throw new DomainError('not_found', 'This link is not valid any more');
  requireStrong(input.password, { email: reset.email, displayName: reset.display_name });
  const { rows } = await sql<{ uid: string | null }>`
    SELECT tandem_complete_password_reset(${hashToken(input.token)}, ${await hashPassword(input.password)}) AS uid`.execute(tx);
  if (!rows[0]?.uid) throw new DomainError('not_found', 'This link is not valid any more');
  await auditSignIn(tx, { actorUserId: reset.id, action: 'auth.password_reset.complete', ip, details: { sessions_ended: 'all' } });
}

/** The signed-in person changes their password: the current one is checked; other sessions end. */
export async function changePassword(
  tx: Tx,
  actor: Actor,
  input: { currentPassword: string; newPassword: string },
  now: Date,
): Promise<'changed' | 'wrong_password'> {
  const { rows } = await sql<{ hash: string | null }>`SELECT tandem_own_password_hash() AS hash`.execute(tx);
  if (!(await verifyPassword(rows[0]?.hash, input.currentPassword))) {
    await audit(tx, { action: 'auth.password_change', outcome: 'failure', subjectType: 'user', subjectId: actor.userId });
    return 'wrong_password';
  }
  const user = await tx.selectFrom('users').select(['email', 'display_name']).where('id', '=', actor.userId).executeTakeFirstOrThrow();
  requireStrong(input.newPassword, { email: user.email, displayName: user.display_name });
  await tx.updateTable('users').set({ password_hash: await hashPassword(input.newPassword) }).where('id', '=', actor.userId).execute();
  await tx
    .updateTable('sessions')
    .set({ revoked_at: now })
    .where('user_id', '=', actor.userId)
    .where('id', '<>', actor.sessionId)
    .where('revoked_at', 'is', null)
    .execute();
  await audit(tx, { action: 'auth.password_change', subjectType: 'user', subjectId: actor.userId, details: { other_sessions_ended: true } });
  return 'changed';
}
