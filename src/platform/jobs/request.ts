// Asking for a job from inside a transaction: the job is sent once the transaction commits (and
// not at all if it rolls back). The request role cannot write the queue's tables; what the job
// works on is in the module's own table, written in the same transaction, and each job's sweep
// finds any a crash left between the commit and the send.
import { afterCommit } from '../db/database.ts';

/** With `key`, a job already waiting for the same key is enough. */
export function requestJob(name: string, data: object, key?: string): void {
  afterCommit(async (db) => db.jobSender?.(name, data, key));
}
