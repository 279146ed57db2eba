// The signed-in person's view of themselves, their sessions, their organisations, and
// enrolling a second factor.
import type { Tx } from '../../db.ts';
import type { Actor } from '../../platform/auth/actor.ts';
import { isRole } from '../../platform/auth/roles.ts';
import { audit } from '../../platform/audit/audit.ts';
import type { SecretBox } from '../../platform/crypto/secret-box.ts';
import { DomainError } from '../../platform/http/errors.ts';
import {
  checkTotp,
  confirmEnrolment,
  MFA_REQUIRED_ROLES,
  mfaState,
  newRecoveryCodes,
  newTotpSecret,
  otpauthUri,
  remainingRecoveryCodes,
  storeSecret,
} from './mfa.ts';
import { abilitiesOf } from './policy.ts';
import type { Me } from './schema.ts';
import { listOwnSessions, revokeSession, setActiveOrganisation, type SessionTimeouts } from './sessions.ts';

const asLocale = (l: string): Me['user']['locale'] => (l === 'ru' || l === 'ar' ? l : 'en');

/** The signed-in person, their organisations and what they may do in the acting one. */
export async function describe(tx: Tx, actor: Actor): Promise<Me> {
  const user = await tx
    .selectFrom('users')
    .select(['id', 'email', 'display_name', 'locale'])
    .where('id', '=', actor.userId)
    .executeTakeFirstOrThrow();
  const base = {
    user: { id: user.id, email: user.email, displayName: user.display_name, locale: asLocale(user.locale) },
    stage: actor.stage,
  };
  if (actor.stage === 'mfa_pending') {
    // Only the password has been given: nothing about the person's organisations yet.
    return { ...base, memberships: [], activeOrgId: null, roles: [], abilities: [], mfa: { enrolled: true, required: true, recoveryCodesLeft: null } };
  }
  const memberships = await tx
    .selectFrom('memberships as m')
    .innerJoin('organisations as o', 'o.id', 'm.org_id')
    .select(['m.org_id', 'm.roles', 'o.name', 'o.short_name', 'o.type'])
    .where('m.user_id', '=', actor.userId)
    .where('m.status', '=', 'active')
    .orderBy('o.name')
    .execute();
  const state = await mfaState(tx, actor.userId);
  const required = memberships.some((m) => m.roles.some((r) => (MFA_REQUIRED_ROLES as readonly string[]).includes(r)));
  return {
    ...base,
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
    mfa: {
      enrolled: state.enrolled,
      required,
      recoveryCodesLeft: state.enrolled ? await remainingRecoveryCodes(tx, actor.userId) : null,
    },
  };
}

export async function logout(tx: Tx, actor: Actor, now: Date): Promise<void> {
  await revokeSession(tx, actor.sessionId, now);
  await audit(tx, { action: 'auth.sign_out', subjectType: 'session', subjectId: actor.sessionId });
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
  await audit(tx, { action: 'auth.organisation.switch', subjectType: 'organisation', subjectId: orgId, subjectOrgId: orgId });
  return describe(tx, { ...actor, orgId, roles: membership.roles.filter(isRole) });
}

export function sessionsOf(tx: Tx, actor: Actor, now: Date, timeouts: SessionTimeouts) {
  return listOwnSessions(tx, actor, now, timeouts);
}

export async function endSession(tx: Tx, actor: Actor, sessionId: string, now: Date): Promise<void> {
  // Row-level security limits this to the person's own sessions; others look like missing ones.
  if (!(await revokeSession(tx, sessionId, now))) throw new DomainError('not_found');
  await audit(tx, { action: 'auth.session.revoke', subjectType: 'session', subjectId: sessionId });
}

/** Starts (or restarts) enrolling an authenticator app: a new secret, shown once. */
export async function startEnrolment(tx: Tx, box: SecretBox, actor: Actor): Promise<{ secret: string; otpauthUri: string }> {
  if (actor.stage === 'mfa_pending') throw new DomainError('mfa_required');
  const state = await mfaState(tx, actor.userId);
  if (state.enrolled) throw new DomainError('conflict', 'A second factor is already enrolled');
  const user = await tx.selectFrom('users').select('email').where('id', '=', actor.userId).executeTakeFirstOrThrow();
  const secret = newTotpSecret();
  await storeSecret(tx, box, actor.userId, secret, null);
  await audit(tx, { action: 'auth.mfa.enrolment_start', subjectType: 'user', subjectId: actor.userId });
  return { secret, otpauthUri: otpauthUri(secret, user.email) };
}

export type ConfirmOutcome = { kind: 'enrolled'; recoveryCodes: string[] } | { kind: 'invalid' };

/** Confirms the enrolment with a first code from the app; returns the recovery codes, shown once. */
export async function confirmMfaEnrolment(tx: Tx, box: SecretBox, actor: Actor, code: string, now: Date): Promise<ConfirmOutcome> {
  if (actor.stage === 'mfa_pending') throw new DomainError('mfa_required');
  const state = await mfaState(tx, actor.userId);
  if (!state.pendingEnrolment) throw new DomainError('conflict', 'No enrolment is in progress');
  if (!(await checkTotp(tx, box, actor.userId, code, now, 'pending'))) {
    await audit(tx, { action: 'auth.mfa.enrolment_confirm', outcome: 'failure', subjectType: 'user', subjectId: actor.userId });
    return { kind: 'invalid' };
  }
  await confirmEnrolment(tx, actor.userId, now);
  const recoveryCodes = await newRecoveryCodes(tx, actor.userId);
  await audit(tx, { action: 'auth.mfa.enrolled', subjectType: 'user', subjectId: actor.userId });
  return { kind: 'enrolled', recoveryCodes };
}

/** New recovery codes (the old ones stop working), on a current code from the app. */
export async function replaceRecoveryCodes(tx: Tx, box: SecretBox, actor: Actor, code: string, now: Date): Promise<string[] | null> {
  if (!(await checkTotp(tx, box, actor.userId, code, now, 'confirmed'))) {
    await audit(tx, { action: 'auth.mfa.recovery_codes', outcome: 'failure', subjectType: 'user', subjectId: actor.userId });
    return null;
  }
  const codes = await newRecoveryCodes(tx, actor.userId);
  await audit(tx, { action: 'auth.mfa.recovery_codes', subjectType: 'user', subjectId: actor.userId });
  return codes;
}
