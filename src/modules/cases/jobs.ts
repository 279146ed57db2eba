// The cases module's scheduled work: reminders raised from the records and mailed as digests,
// and anonymisation of cases past their retention period. Each runs once per period across
// every instance of Tandem (the queue keeps the schedule).
import type { JobDefinition } from '../../platform/jobs/queue.ts';
import { everyMinutes } from '../../platform/jobs/cron.ts';
import { mailDuplicateNotices } from './duplicate-notices.ts';
import { raiseReminders, type ReminderMailDeps } from './reminders.ts';
import { anonymiseDueCases } from './retention.ts';

const today = () => new Date().toISOString().slice(0, 10);

export function caseJobs(deps: { reminderMinutes: number; mail: ReminderMailDeps }): JobDefinition[] {
  return [
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
