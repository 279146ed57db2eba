// Sending mail: one job per message (`mail.send`), asked for when the transaction that wrote the
// message commits, and a sweep every minute for messages a crash left behind. The job claims the
// message in a short transaction, talks to the SMTP server outside any transaction (a slow or
// failing server never holds the database or a user's action), then records the outcome. A
// refused message is retried with growing pauses; after the last attempt it is marked failed.
// Sent mail keeps its envelope (who, what, when) but loses its body (it may hold a one-time link).
import { sql } from 'kysely';
import nodemailer from 'nodemailer';
import type { AppDatabase } from '../../db.ts';
import type { JobDefinition } from '../jobs/queue.ts';
import { requestJob } from '../jobs/request.ts';

/** A claim older than this died with its process: the message may be taken again. */
const CLAIM_MINUTES = 10;

export type SmtpSettings = { smtpUrl: string; from: string };

type Claimed = { id: string; to_email: string; subject: string; body_text: string };

async function claim(db: AppDatabase, id: string): Promise<Claimed | undefined> {
  return db.system(async (tx) => {
    const { rows } = await sql<Claimed>`
      UPDATE mail_outbox SET status = 'sending', claimed_at = now()
      WHERE id = ${id} AND body_text IS NOT NULL
        AND (status = 'pending' OR (status = 'sending' AND claimed_at < now() - make_interval(mins => ${CLAIM_MINUTES})))
      RETURNING id, to_email, subject, body_text`.execute(tx);
    return rows[0];
  });
}

export function mailJobs(smtp: SmtpSettings | undefined): JobDefinition[] {
  // A server that stops answering is given up on within a minute; the job is retried later.
  const transport = smtp ? nodemailer.createTransport(smtp.smtpUrl, { connectionTimeout: 20_000, greetingTimeout: 20_000, socketTimeout: 60_000 }) : undefined;
  return [
    {
      name: 'mail.send',
      description: 'Sends one message of the outbox through the SMTP server',
      retryLimit: 5,
      retryDelay: 30,
      expireInSeconds: 300,
      concurrency: 2,
      async run(data, { db }) {
        const { id } = data as { id: string };
        if (!transport || !smtp) return; // no SMTP server: mail is held for administrators
        const message = await claim(db, id);
        if (!message) return; // sent already, or another instance is sending it
        try {
          await transport.sendMail({ from: smtp.from, to: message.to_email, subject: message.subject, text: message.body_text });
        } catch (error) {
          await db.system((tx) =>
            sql`UPDATE mail_outbox SET status = 'pending', claimed_at = NULL, attempts = attempts + 1,
                  last_error = ${String((error as Error).message).slice(0, 500)} WHERE id = ${id}`.execute(tx),
          );
          throw error;
        }
        await db.system((tx) =>
          sql`UPDATE mail_outbox SET status = 'sent', sent_at = now(), body_text = NULL, attempts = attempts + 1, last_error = NULL, claimed_at = NULL
              WHERE id = ${id}`.execute(tx),
        );
      },
      async failed(data, { db }, error) {
        const { id } = data as { id: string };
        await db.system((tx) =>
          sql`UPDATE mail_outbox SET status = 'failed', body_text = NULL, claimed_at = NULL, last_error = coalesce(last_error, ${error.slice(0, 500)})
              WHERE id = ${id} AND status IN ('pending', 'sending')`.execute(tx),
        );
      },
    },
    {
      name: 'mail.sweep',
      description: 'Asks for a send of every message still waiting a minute after it was written',
      schedule: '* * * * *',
      retryLimit: 1,
      async run(_data, { db }) {
        if (!transport) return;
        await db.system(async (tx) => {
          const { rows } = await sql<{ id: string }>`
            SELECT id FROM mail_outbox
            WHERE (status = 'pending' AND created_at < now() - interval '1 minute')
               OR (status = 'sending' AND claimed_at < now() - make_interval(mins => ${CLAIM_MINUTES}))
            ORDER BY created_at LIMIT 500`.execute(tx);
          for (const { id } of rows) requestJob('mail.send', { id }, id);
        });
      },
    },
  ];
}
