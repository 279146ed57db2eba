// Mail that is waiting in the outbox, as administrators read it when no SMTP server is set up
// (demo mode, or an installation that passes invitations on by hand). Reading it is audited:
// it holds single-use links.
import type { Tx } from '../../db.ts';
import type { Actor } from '../../platform/auth/actor.ts';
import { audit } from '../../platform/audit/audit.ts';
import { DomainError } from '../../platform/http/errors.ts';
import { can } from './policy.ts';
import type { HeldMailView } from './schema.ts';

const STATUSES = ['pending', 'held', 'sent', 'failed'] as const;

export async function listOutbox(tx: Tx, actor: Actor): Promise<HeldMailView[]> {
  if (!can(actor, 'org.members.manage') && !can(actor, 'platform.organisations.manage')) throw new DomainError('forbidden');
  // Row-level security narrows this to the organisation's mail for an organisation administrator.
  const rows = await tx
    .selectFrom('mail_outbox')
    .select(['id', 'created_at', 'kind', 'to_email', 'subject', 'body_text', 'status'])
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
    status: STATUSES.find((s) => s === r.status) ?? 'failed',
  }));
}
