// Sends pending mail through SMTP every few seconds; sent mail keeps its envelope (who, what,
// when) but loses its body. Several servers may run it: each row is taken by one of them.
import { sql, type Kysely } from 'kysely';
import nodemailer from 'nodemailer';
import type { Database } from '../db/database.ts';

const BATCH = 20;
const MAX_ATTEMPTS = 5;

type Row = { id: string; to_email: string; subject: string; body_text: string; attempts: number };

export function startMailSender<DB>(
  db: Database<DB>,
  smtp: { smtpUrl: string; from: string },
  intervalMs = 5000,
  onError: (e: unknown) => void = () => {},
) {
  const transport = nodemailer.createTransport(smtp.smtpUrl);
  let running = false;
  let stopped = false;

  async function sendBatch(): Promise<number> {
    return db.system(async (t) => {
      const tx = t as unknown as Kysely<unknown>;
      const lock = db.kind === 'postgres' ? sql`FOR UPDATE SKIP LOCKED` : sql``;
      const { rows } = await sql<Row>`
        SELECT id, to_email, subject, body_text, attempts FROM mail_outbox
        WHERE status = 'pending' ORDER BY created_at LIMIT ${BATCH} ${lock}`.execute(tx);
      for (const row of rows) {
        try {
          await transport.sendMail({ from: smtp.from, to: row.to_email, subject: row.subject, text: row.body_text });
          await sql`UPDATE mail_outbox SET status = 'sent', sent_at = now(), body_text = NULL, attempts = attempts + 1, last_error = NULL
            WHERE id = ${row.id}`.execute(tx);
        } catch (error) {
          const failed = row.attempts + 1 >= MAX_ATTEMPTS;
          await sql`UPDATE mail_outbox SET attempts = attempts + 1, last_error = ${String((error as Error).message).slice(0, 500)},
            status = ${failed ? 'failed' : 'pending'}, body_text = ${failed ? null : row.body_text} WHERE id = ${row.id}`.execute(tx);
        }
      }
      return rows.length;
    });
  }

  const timer = setInterval(() => {
    if (running || stopped) return;
    running = true;
    sendBatch()
      .catch(onError)
      .finally(() => (running = false));
  }, intervalMs);
  timer.unref();

  return {
    sendNow: sendBatch,
    async stop() {
      stopped = true;
      clearInterval(timer);
      while (running) await new Promise((r) => setTimeout(r, 10));
      transport.close();
    },
  };
}
