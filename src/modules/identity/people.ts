// An organisation's people, as its administrator manages them: invitations, roles,
// deactivation. Nobody changes their own roles, and nobody grants platform administration.
import { sql } from 'kysely';
import type { Tx } from '../../db.ts';
import type { Actor } from '../../platform/auth/actor.ts';
import { isRole, type Role } from '../../platform/auth/roles.ts';
import { hashToken, newToken } from '../../platform/auth/tokens.ts';
import { audit } from '../../platform/audit/audit.ts';
import { DomainError } from '../../platform/http/errors.ts';
import { queueMail, type Delivery } from '../../platform/mail/outbox.ts';
import { invitationMail } from './mail.ts';
import { can } from './policy.ts';

export type PeopleDeps = { delivery: Delivery; publicUrl: string };

const INVITATION_DAYS = 7;

function requireManager(actor: Actor): string {
  if (!can(actor, 'org.members.manage') || actor.orgId === null) throw new DomainError('forbidden');
  return actor.orgId;
}

export async function listMembers(tx: Tx, actor: Actor) {
  if (!can(actor, 'org.members.view') || actor.orgId === null) throw new DomainError('forbidden');
  await audit(tx, { action: 'org.members.read', subjectType: 'organisation', subjectId: actor.orgId, subjectOrgId: actor.orgId });
  const rows = await tx
    .selectFrom('memberships as m')
    .innerJoin('users as u', 'u.id', 'm.user_id')
    .select(['u.id', 'u.display_name', 'u.email', 'u.last_login_at', 'm.roles', 'm.status'])
    .where('m.org_id', '=', actor.orgId)
    .orderBy('u.display_name')
    .execute();
  return rows.map((r) => ({
    userId: r.id,
    displayName: r.display_name,
    email: r.email,
    roles: r.roles.filter(isRole),
    status: r.status === 'active' ? ('active' as const) : ('deactivated' as const),
    lastSignInAt: r.last_login_at?.toISOString() ?? null,
    self: r.id === actor.userId,
  }));
}

export type InvitationInput = { email: string; displayName: string; roles: Role[]; locale: 'en' | 'ru' | 'ar' };

/**
 * Invites a person into the acting organisation (its administrators), or into any organisation
 * (a platform administrator, for an organisation's first administrator).
 */
export async function invite(tx: Tx, actor: Actor, input: InvitationInput, deps: PeopleDeps, now: Date, targetOrgId?: string) {
  const orgId =
    targetOrgId !== undefined && targetOrgId !== actor.orgId
      ? can(actor, 'platform.organisations.manage')
        ? targetOrgId
        : (() => {
            throw new DomainError('forbidden');
          })()
      : requireManager(actor);
  if (input.roles.includes('platform_admin')) throw new DomainError('forbidden', 'Platform administration cannot be granted by invitation');
  const existing = await tx
    .selectFrom('memberships as m')
    .innerJoin('users as u', 'u.id', 'm.user_id')
    .select('m.status')
    .where('m.org_id', '=', orgId)
    .where('u.email', '=', input.email)
    .executeTakeFirst();
  if (existing?.status === 'active') throw new DomainError('conflict', 'This person is already a member');
  const pending = await tx
    .selectFrom('invitations')
    .select('id')
    .where('org_id', '=', orgId)
    .where('email', '=', input.email)
    .where('accepted_at', 'is', null)
    .where('revoked_at', 'is', null)
    .where('expires_at', '>', now)
    .executeTakeFirst();
  if (pending) throw new DomainError('conflict', 'An invitation to this address is still open');

  const token = newToken();
  const invitation = await tx
    .insertInto('invitations')
    .values({
      org_id: orgId,
      email: input.email,
      display_name: input.displayName,
      roles: input.roles,
      locale: input.locale,
      token_hash: hashToken(token),
      invited_by: actor.userId,
      expires_at: new Date(now.getTime() + INVITATION_DAYS * 86_400_000),
    })
    .returning('id')
    .executeTakeFirstOrThrow();
  const [org, inviter] = await Promise.all([
    tx.selectFrom('organisations').select('name').where('id', '=', orgId).executeTakeFirstOrThrow(),
    tx.selectFrom('users').select('display_name').where('id', '=', actor.userId).executeTakeFirstOrThrow(),
  ]);
  await queueMail(
    tx,
    deps.delivery,
    invitationMail(input.locale, {
      to: input.email,
      name: input.displayName,
      inviter: inviter.display_name,
      org: org.name,
      orgId,
      publicUrl: deps.publicUrl,
      token,
    }),
  );
  await audit(tx, {
    action: 'org.member.invite',
    subjectType: 'invitation',
    subjectId: invitation.id,
    subjectOrgId: orgId,
    details: { roles: input.roles },
  });
  return { id: invitation.id };
}

export async function listInvitations(tx: Tx, actor: Actor, now: Date) {
  const orgId = requireManager(actor);
  const rows = await tx
    .selectFrom('invitations')
    .select(['id', 'email', 'display_name', 'roles', 'created_at', 'expires_at', 'accepted_at', 'revoked_at'])
    .where('org_id', '=', orgId)
    .orderBy('created_at', 'desc')
    .limit(200)
    .execute();
  return rows.map((r) => ({
    id: r.id,
    email: r.email,
    displayName: r.display_name,
    roles: r.roles.filter(isRole),
    createdAt: r.created_at.toISOString(),
    expiresAt: r.expires_at.toISOString(),
    status: r.accepted_at
      ? ('accepted' as const)
      : r.revoked_at
        ? ('revoked' as const)
        : r.expires_at <= now
          ? ('expired' as const)
          : ('open' as const),
  }));
}

export async function revokeInvitation(tx: Tx, actor: Actor, id: string, now: Date): Promise<void> {
  const orgId = requireManager(actor);
  const result = await tx
    .updateTable('invitations')
    .set({ revoked_at: now })
    .where('id', '=', id)
    .where('org_id', '=', orgId)
    .where('accepted_at', 'is', null)
    .where('revoked_at', 'is', null)
    .executeTakeFirst();
  if (result.numUpdatedRows === 0n) throw new DomainError('not_found');
  await audit(tx, { action: 'org.member.invitation_revoke', subjectType: 'invitation', subjectId: id, subjectOrgId: orgId });
}

async function membershipOf(tx: Tx, orgId: string, userId: string) {
  const row = await tx
    .selectFrom('memberships')
    .select(['roles', 'status'])
    .where('org_id', '=', orgId)
    .where('user_id', '=', userId)
    .executeTakeFirst();
  if (!row) throw new DomainError('not_found');
  return row;
}

export async function changeRoles(tx: Tx, actor: Actor, userId: string, roles: Role[], now: Date): Promise<void> {
  const orgId = requireManager(actor);
  if (userId === actor.userId) throw new DomainError('forbidden', 'Nobody can change their own roles');
  if (roles.includes('platform_admin')) throw new DomainError('forbidden', 'Platform administration cannot be granted here');
  const before = await membershipOf(tx, orgId, userId);
  if (before.roles.includes('platform_admin')) throw new DomainError('forbidden', 'A platform administrator is managed by the platform');
  await tx
    .updateTable('memberships')
    .set({ roles, updated_at: now })
    .where('org_id', '=', orgId)
    .where('user_id', '=', userId)
    .execute();
  await audit(tx, {
    action: 'org.member.roles',
    subjectType: 'user',
    subjectId: userId,
    subjectOrgId: orgId,
    details: { before: before.roles, after: roles },
  });
}

export async function setMemberStatus(tx: Tx, actor: Actor, userId: string, status: 'active' | 'deactivated', now: Date) {
  const orgId = requireManager(actor);
  if (userId === actor.userId) throw new DomainError('forbidden', 'Nobody can deactivate themselves');
  const before = await membershipOf(tx, orgId, userId);
  if (before.roles.includes('platform_admin')) throw new DomainError('forbidden', 'A platform administrator is managed by the platform');
  if (before.status === status) return;
  await tx
    .updateTable('memberships')
    .set({ status, updated_at: now })
    .where('org_id', '=', orgId)
    .where('user_id', '=', userId)
    .execute();
  // Deactivation takes effect at once: every session of the person ends.
  if (status === 'deactivated') await sql`SELECT tandem_end_member_sessions(${userId}::uuid)`.execute(tx);
  await audit(tx, {
    action: status === 'deactivated' ? 'org.member.deactivate' : 'org.member.reactivate',
    subjectType: 'user',
    subjectId: userId,
    subjectOrgId: orgId,
  });
}
