// Mail held in the outbox, as administrators read it when no SMTP server is set up (demo mode,
// or an installation that passes invitations on by hand). It holds single-use links, so an
// administrator — of an organisation, or of the platform — reads only the held messages filed
// under the organisation they act for, which is always the recipient's own (see migration 0045);
// never another organisation's invitations or password resets. Reading it is audited.
import type { Tx } from '../../db.ts';
import type { Actor } from '../../platform/auth/actor.ts';
import { audit } from '../../platform/audit/audit.ts';
import { DomainError } from '../../platform/http/errors.ts';
import { can } from './policy.ts';
import type { HeldMailView } from './schema.ts';

export async function listOutbox(tx: Tx, actor: Actor): Promise<HeldMailView[]> {
  if (!can(actor, 'org.members.manage') && !can(actor, 'platform.organisations.manage')) throw new DomainError('forbidden');
  if (actor.orgId === null) throw new DomainError('forbidden');
  // Row-level security applies the same rule again (mail_outbox_held_admin).
  const rows = await tx
    .selectFrom('mail_outbox')
    .select(['id', 'created_at', 'kind', 'to_email', 'subject', 'body_text'])
    .where('org_id', '=', actor.orgId)
    .where('status', '=', 'held')
    .orderBy('created_at', 'desc')
    .limit(100)
    .execute();
  await audit(tx, { action: 'mail.outbox.read', subjectOrgId: actor.orgId, details: { shown: rows.length } });
  return rows.map((r) => ({
    id: r.id,
    createdAt: r.created_at.toISOString(),
    kind: r.kind,
    to: r.to_email,
    subject: r.subject,
    text: r.body_text,
    status: 'held' as const,
  }));
}

/**
 * For the operator at the command line (the owner role): the held mail to one address. It is the
 * way to pass on what no administrator in the app may read — the invitation of a new
 * organisation's first administrator, or mail to a person with no active membership. Audited.
 */
export async function heldMailTo(tx: Tx, email: string): Promise<HeldMailView[]> {
  const rows = await tx
    .selectFrom('mail_outbox')
    .select(['id', 'created_at', 'kind', 'to_email', 'subject', 'body_text', 'org_id'])
    .where('to_email', '=', email.trim().toLowerCase())
    .where('status', '=', 'held')
    .orderBy('created_at', 'desc')
    .limit(20)
    .execute();
  await audit(tx, { action: 'mail.outbox.read', details: { shown: rows.length, via: 'command_line' } });
  return rows.map((r) => ({
    id: r.id,
    createdAt: r.created_at.toISOString(),
    kind: r.kind,
    to: r.to_email,
    subject: r.subject,
    text: r.body_text,
    status: 'held' as const,
  }));
}
