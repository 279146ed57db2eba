// The cases module's scheduled work: reminders raised from the records and mailed as digests,
// and anonymisation of cases past their retention period. Each runs once per period across
// every instance of Tandem (the queue keeps the schedule).
import type { JobDefinition } from '../../platform/jobs/queue.ts';
import { everyMinutes } from '../../platform/jobs/cron.ts';
import { sql } from 'kysely';
import type { Vault } from '../../platform/crypto/vault.ts';
import { requestJob } from '../../platform/jobs/request.ts';
import { mailDuplicateNotices } from './duplicate-notices.ts';
import { failImport, runImport } from './import.ts';
import { raiseReminders, type ReminderMailDeps } from './reminders.ts';
import { anonymiseDueCases } from './retention.ts';

const today = () => new Date().toISOString().slice(0, 10);

export function caseJobs(deps: { reminderMinutes: number; mail: ReminderMailDeps; vault: Vault }): JobDefinition[] {
  return [
    {
      name: 'cases.import',
      description: 'Imports the rows of a CSV file of cases, batch by batch; a run stopped anywhere goes on where it stopped',
      // Stopped between two batches when a server shuts down, or by the process dying (its
      // heartbeat stops): tried again soon, by whichever server is up, and it goes on.
      retryLimit: 20,
      retryDelay: 5,
      heartbeatSeconds: 15,
      expireInSeconds: 3600,
      async run(data, { db, signal }) {
        await runImport(db, deps.vault, (data as { id: string }).id, () => new Date(), signal);
      },
      async failed(data, { db }) {
        await failImport(db, (data as { id: string }).id, 'the import could not be completed');
      },
    },
    {
      name: 'cases.import_sweep',
      description: 'Asks again for imports that stopped moving (their server died), so that they go on',
      schedule: '* * * * *',
      retryLimit: 1,
      async run(_data, { db }) {
        // Two runs of one import cannot both write a row: each row is recorded once (its key).
        await db.system(async (tx) => {
          const { rows } = await sql<{ id: string }>`
            SELECT id FROM case_imports WHERE status = 'running' AND updated_at < now() - interval '30 seconds' LIMIT 100`.execute(tx);
          for (const { id } of rows) requestJob('cases.import', { id }, id);
        });
      },
    },
    {
      name: 'cases.reminders',
      description: 'Raises reminders on cases (referrals unanswered, consents ending, sessions missed, reviews and actions due) and mails what is new, with new possible duplicates to data protection officers',
      schedule: deps.reminderMinutes > 0 ? everyMinutes(deps.reminderMinutes) : undefined,
      retryLimit: 2,
      async run(_data, { db }) {
        try {
          await raiseReminders(db, today(), deps.mail);
        } finally {
          await mailDuplicateNotices(db, deps.mail);
        }
      },
    },
    {
      name: 'cases.retention',
      description: 'Anonymises closed cases past their retention period, unless a legal hold keeps them',
      schedule: '17 */6 * * *',
      retryLimit: 2,
      async run(_data, { db }) {
        // In batches of 500 until none is due.
        while ((await anonymiseDueCases(db, today())) > 0);
      },
    },
  ];
}
