// Every background job of Tandem, from every module: what the queue is started with, by the
// server and by the command line alike.
import type { Config } from './config.ts';
import { auditJobs } from './platform/audit/chain.ts';
import type { JobDefinition } from './platform/jobs/queue.ts';
import { mailJobs } from './platform/mail/sender.ts';
import { caseJobs } from './modules/cases/jobs.ts';

export function allJobs(config: Config): JobDefinition[] {
  const mail = { delivery: config.mail ? ('smtp' as const) : ('hold' as const), publicUrl: config.publicUrl };
  return [...mailJobs(config.mail), ...auditJobs(), ...caseJobs({ reminderMinutes: config.cases.reminderMinutes, mail })];
}
