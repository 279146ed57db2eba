// The second factor: TOTP (RFC 6238, 30-second steps, 6 digits, the format of every
// authenticator app) and ten one-time recovery codes. Secrets are sealed with the installation's
// key and bound to their owner; a TOTP step is never accepted twice.
import { createHash, randomBytes } from 'node:crypto';
import { generate, generateSecret, generateURI, verify } from 'otplib';
import type { Tx } from '../../db.ts';
import { SecretBox } from '../../platform/crypto/secret-box.ts';
import type { Role } from '../../platform/auth/roles.ts';

/** Roles that can reach personal data: a second factor is required to use them. */
export const MFA_REQUIRED_ROLES: readonly Role[] = ['platform_admin', 'org_admin', 'case_coordinator', 'caseworker', 'dpo'];

export const RECOVERY_CODE_COUNT = 10;
const ISSUER = 'Tandem';

const aadFor = (userId: string) => `mfa:${userId}`;

/** The key that seals second-factor secrets, derived from the installation secret. */
export function mfaBox(secret: string): SecretBox {
  return SecretBox.derive(secret, 'mfa-totp');
}

export function newTotpSecret(): string {
  return generateSecret();
}

export function otpauthUri(secret: string, label: string): string {
  return generateURI({ issuer: ISSUER, label, secret });
}

export function currentCode(secret: string, at: Date = new Date()): Promise<string> {
  return generate({ secret, epoch: Math.floor(at.getTime() / 1000) });
}

/** Stores a new, unconfirmed secret for the person (replacing an unconfirmed one). */
export async function storeSecret(tx: Tx, box: SecretBox, userId: string, secret: string, confirmedAt: Date | null): Promise<void> {
  const sealed = box.seal(secret, aadFor(userId));
  await tx
    .insertInto('user_mfa')
    .values({ user_id: userId, totp_secret: sealed, confirmed_at: confirmedAt })
    .onConflict((oc) => oc.column('user_id').doUpdateSet({ totp_secret: sealed, confirmed_at: confirmedAt, last_used_step: null }))
    .execute();
}

export async function mfaState(tx: Tx, userId: string): Promise<{ enrolled: boolean; pendingEnrolment: boolean }> {
  const row = await tx.selectFrom('user_mfa').select('confirmed_at').where('user_id', '=', userId).executeTakeFirst();
  return { enrolled: !!row?.confirmed_at, pendingEnrolment: !!row && !row.confirmed_at };
}

/**
 * Checks a TOTP code against the person's secret (confirmed, or pending when confirming) and
 * remembers its time step, so that the same code cannot be used again.
 */
export async function checkTotp(
  tx: Tx,
  box: SecretBox,
  userId: string,
  code: string,
  now: Date,
  which: 'confirmed' | 'pending',
): Promise<boolean> {
  if (!/^\d{6}$/.test(code)) return false;
  const row = await tx
    .selectFrom('user_mfa')
    .select(['totp_secret', 'confirmed_at', 'last_used_step'])
    .where('user_id', '=', userId)
    .executeTakeFirst();
  if (!row || (which === 'confirmed') !== (row.confirmed_at !== null)) return false;
  const secret = box.open(row.totp_secret, aadFor(userId));
  const epoch = Math.floor(now.getTime() / 1000);
  const result = await verify({
    secret,
    token: code,
    epoch,
    epochTolerance: 30,
    ...(row.last_used_step !== null ? { afterTimeStep: Number(row.last_used_step) } : {}),
  });
  if (!result.valid) return false;
  const timeStep = Math.floor(epoch / 30) + result.delta;
  await tx.updateTable('user_mfa').set({ last_used_step: timeStep }).where('user_id', '=', userId).execute();
  return true;
}

export async function confirmEnrolment(tx: Tx, userId: string, now: Date): Promise<void> {
  await tx.updateTable('user_mfa').set({ confirmed_at: now }).where('user_id', '=', userId).execute();
}

const RECOVERY_SHAPE = /^[a-z2-7]{5}-[a-z2-7]{5}$/;
const BASE32 = 'abcdefghijklmnopqrstuvwxyz234567';

function hashRecoveryCode(code: string): Buffer {
  return createHash('sha256').update(code.trim().toLowerCase()).digest();
}

export function isRecoveryCodeShape(code: string): boolean {
  return RECOVERY_SHAPE.test(code.trim().toLowerCase());
}

/** Replaces the person's recovery codes; returns the new ones, shown to them once. */
export async function newRecoveryCodes(tx: Tx, userId: string): Promise<string[]> {
  const codes = Array.from({ length: RECOVERY_CODE_COUNT }, () => {
    const chars = [...randomBytes(10)].map((b) => BASE32[b & 31]).join('');
    return `${chars.slice(0, 5)}-${chars.slice(5)}`;
  });
  await tx.deleteFrom('mfa_recovery_codes').where('user_id', '=', userId).execute();
  await tx
    .insertInto('mfa_recovery_codes')
    .values(codes.map((c) => ({ user_id: userId, code_hash: hashRecoveryCode(c) })))
    .execute();
  return codes;
}

/** Uses up a recovery code; false when it is unknown or already used. */
export async function useRecoveryCode(tx: Tx, userId: string, code: string, now: Date): Promise<boolean> {
  if (!isRecoveryCodeShape(code)) return false;
  const used = await tx
    .updateTable('mfa_recovery_codes')
    .set({ used_at: now })
    .where('user_id', '=', userId)
    .where('code_hash', '=', hashRecoveryCode(code))
    .where('used_at', 'is', null)
    .executeTakeFirst();
  return used.numUpdatedRows > 0n;
}

export async function remainingRecoveryCodes(tx: Tx, userId: string): Promise<number> {
  const row = await tx
    .selectFrom('mfa_recovery_codes')
    .select((eb) => eb.fn.countAll<number>().as('n'))
    .where('user_id', '=', userId)
    .where('used_at', 'is', null)
    .executeTakeFirstOrThrow();
  return Number(row.n);
}
