// Queues an e-mail inside the caller's transaction: it exists exactly when the action that sends
// it was committed, and is sent by a job after that. `delivery` says whether a sender will pick it up (SMTP configured) or it is
// held for administrators to read.
import { randomUUID } from 'node:crypto';
import { sql, type QueryExecutorProvider } from 'kysely';
import { requestJob } from '../jobs/request.ts';

export type Delivery = 'smtp' | 'hold';

// A mail body never carries a reason, a note or anything that identifies a person on a case: it
// says what happened and links to the page in Tandem where those allowed to read the rest do.
export type OutgoingMail = {
  kind: string;
  to: string;
  subject: string;
  text: string;
  /**
   * The recipient's organisation (never the sender's): held, the message is read only by that
   * organisation's administrators; without one, by nobody. The database files a message whose
   * recipient is not a member of (or invited into) the organisation given under none.
   */
  orgId?: string | null;
};

export async function queueMail(tx: QueryExecutorProvider, delivery: Delivery, mail: OutgoingMail): Promise<void> {
  // The id is chosen here: the sender may not read the outbox back (only administrators may).
  const id = randomUUID();
  await sql`INSERT INTO mail_outbox (id, org_id, kind, to_email, subject, body_text, status)
    VALUES (${id}, ${mail.orgId ?? null}, ${mail.kind}, ${mail.to}, ${mail.subject}, ${mail.text}, ${delivery === 'smtp' ? 'pending' : 'held'})`.execute(tx);
  // Sent by a job once the action that wrote it has committed (see sender.ts).
  if (delivery === 'smtp') requestJob('mail.send', { id }, id);
}
