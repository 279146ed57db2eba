// Queues an e-mail inside the caller's transaction: it exists exactly when the action that sends
// it was committed. `delivery` says whether a sender will pick it up (SMTP configured) or it is
// held for administrators to read.
import { sql, type QueryExecutorProvider } from 'kysely';

export type Delivery = 'smtp' | 'hold';

export type OutgoingMail = { kind: string; to: string; subject: string; text: string; orgId?: string | null };

export async function queueMail(tx: QueryExecutorProvider, delivery: Delivery, mail: OutgoingMail): Promise<void> {
  await sql`INSERT INTO mail_outbox (org_id, kind, to_email, subject, body_text, status)
    VALUES (${mail.orgId ?? null}, ${mail.kind}, ${mail.to}, ${mail.subject}, ${mail.text}, ${delivery === 'smtp' ? 'pending' : 'held'})`.execute(tx);
}
