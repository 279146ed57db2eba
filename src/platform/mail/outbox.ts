// Queues an e-mail inside the caller's transaction: it exists exactly when the action that sends
// it was committed, and is sent by a job after that. `delivery` says whether a sender will pick it up (SMTP configured) or it is
// held for administrators to read.
import { randomUUID } from 'node:crypto';
import { sql, type QueryExecutorProvider } from 'kysely';
import { requestJob } from '../jobs/request.ts';

export type Delivery = 'smtp' | 'hold';

export type OutgoingMail = { kind: string; to: string; subject: string; text: string; orgId?: string | null };

export async function queueMail(tx: QueryExecutorProvider, delivery: Delivery, mail: OutgoingMail): Promise<void> {
  // The id is chosen here: the sender may not read the outbox back (only administrators may).
  const id = randomUUID();
  await sql`INSERT INTO mail_outbox (id, org_id, kind, to_email, subject, body_text, status)
    VALUES (${id}, ${mail.orgId ?? null}, ${mail.kind}, ${mail.to}, ${mail.subject}, ${mail.text}, ${delivery === 'smtp' ? 'pending' : 'held'})`.execute(tx);
  // Sent by a job once the action that wrote it has committed (see sender.ts).
  if (delivery === 'smtp') requestJob('mail.send', { id }, id);
}
