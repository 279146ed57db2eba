// Background work on one durable queue: pg-boss, on PostgreSQL (its own small pool, in the
// `pgboss` schema) and on the embedded database (through the same serialised path as every
// other statement, see boss-database.ts). Every background task is a named job with retries and
// backoff; a job that fails its last attempt goes to its dead-letter queue (`<name>.dead`), where
// its `failed` step runs and administrators see it and can retry it. Scheduled jobs run once per
// period across every instance (pg-boss keeps the schedule in the database).
//
// Requests never write to the queue's tables (the request role has no grant on them): a request
// records what is to be done in its own module's table in its transaction, and asks for the job
// after commit (`afterCommit`); a scheduled sweep picks up anything a crash left between the two.
import { PgBoss, type Job } from 'pg-boss';
import type { AppDatabase } from '../../db.ts';
import { bossDatabase } from './boss-database.ts';

export type JobLog = { error(obj: object, msg: string): void; info(obj: object, msg: string): void };

/** `signal` is aborted when the server stops: a long job stops at a safe point and is tried again later. */
export type JobContext = { db: AppDatabase; log: JobLog; jobId: string; attempt: number; signal?: AbortSignal };

export type JobDefinition<T extends object = object> = {
  /** Dotted, by module: `mail.send`, `cases.reminders`. */
  name: string;
  /** What it does, for the administrators' page. */
  description: string;
  run(data: T, ctx: JobContext): Promise<void>;
  /** After the last attempt failed: record it where the people concerned see it. */
  failed?(data: T, ctx: JobContext, error: string): Promise<void>;
  /** Attempts after the first (default 4), seconds before the first retry (default 10, doubling). */
  retryLimit?: number;
  retryDelay?: number;
  /** A run taking longer is counted failed and retried (default 15 minutes). */
  expireInSeconds?: number;
  /** Cron (UTC): sent once per period across every instance. */
  schedule?: string;
  /** Jobs of this name run at once in one process (default 1). */
  concurrency?: number;
  /** A running job tells the queue it is alive this often (seconds, at least 10); one that stops (its process died) is tried again. */
  heartbeatSeconds?: number;
};

export type JobsOptions = {
  /** PostgreSQL: pg-boss opens its own few connections to it; the embedded database: none. */
  connectionString?: string;
  /** Run workers and schedules in this process (false: only send, e.g. the command line). */
  work: boolean;
  /** How often an idle worker looks for work, in seconds (default 1). */
  pollingSeconds?: number;
};

export type QueueOverview = {
  name: string;
  description: string;
  schedule: string | null;
  queued: number;
  active: number;
  failed: number;
  total: number;
};

export type FailedJob = { id: string; name: string; failedAt: string; error: string; attempts: number };

const SCHEMA = 'pgboss';

export class Jobs {
  readonly #boss: PgBoss;
  readonly #db: AppDatabase;
  readonly #log: JobLog;
  readonly #defs = new Map<string, JobDefinition>();
  #started = false;

  private constructor(boss: PgBoss, db: AppDatabase, log: JobLog) {
    this.#boss = boss;
    this.#db = db;
    this.#log = log;
  }

  /** Starts the queue (creating its schema the first time), its queues, and with `work` its workers and schedules. */
  static async start(db: AppDatabase, definitions: JobDefinition[], log: JobLog, options: JobsOptions): Promise<Jobs> {
    const boss = new PgBoss({
      ...(options.connectionString ? { connectionString: options.connectionString, max: 3 } : { db: bossDatabase(db), backend: 'pglite' as const }),
      schema: SCHEMA,
      supervise: options.work,
      schedule: options.work,
      migrate: true,
    });
    boss.on('error', (error: Error) => log.error({ err: error }, 'job queue error'));
    const jobs = new Jobs(boss, db, log);
    await boss.start();
    jobs.#started = true;
    try {
      for (const def of definitions) await jobs.#define(def as JobDefinition, options);
    } catch (error) {
      await jobs.stop();
      throw error;
    }
    return jobs;
  }

  async #define(def: JobDefinition, options: JobsOptions): Promise<void> {
    if (this.#defs.has(def.name)) throw new Error(`Two jobs are named ${def.name}`);
    this.#defs.set(def.name, def);
    const dead = `${def.name}.dead`;
    await this.#ensureQueue(dead, { retryLimit: 0 });
    await this.#ensureQueue(def.name, {
      ...(def.heartbeatSeconds ? { heartbeatSeconds: def.heartbeatSeconds } : {}),
      retryLimit: def.retryLimit ?? 4,
      retryDelay: def.retryDelay ?? 10,
      retryBackoff: true,
      expireInSeconds: def.expireInSeconds ?? 900,
      deadLetter: dead,
    });
    if (!options.work) return;
    const polling = { pollingIntervalSeconds: options.pollingSeconds ?? 1 };
    await this.#boss.work<object>(def.name, { ...polling, batchSize: 1, localConcurrency: def.concurrency ?? 1 }, async ([job]) => {
      await this.#run(def, job!);
    });
    await this.#boss.work<{ data: object; error: string }>(dead, { ...polling, batchSize: 1 }, async ([job]) => {
      await this.#bury(def, job!);
    });
    if (def.schedule) await this.#boss.schedule(def.name, def.schedule, {}, { tz: 'UTC' });
    else await this.#boss.unschedule(def.name).catch(() => undefined);
  }

  async #ensureQueue(name: string, options: NonNullable<Parameters<PgBoss['createQueue']>[1]>): Promise<void> {
    const existing = await this.#boss.getQueue(name);
    if (!existing) return this.#boss.createQueue(name, options);
    // The heartbeat is set when a queue is made; everything else may change.
    const { heartbeatSeconds: _heartbeat, ...changeable } = options;
    await this.#boss.updateQueue(name, changeable);
  }

  async #run(def: JobDefinition, job: Job<object>): Promise<void> {
    const withMeta = job as Job<object> & { retryCount?: number };
    await def.run(job.data ?? {}, { db: this.#db, log: this.#log, jobId: job.id, attempt: (withMeta.retryCount ?? 0) + 1, signal: job.signal });
  }

  async #bury(def: JobDefinition, job: Job<object>): Promise<void> {
    // A dead-lettered job carries the original's data, and its failure as `sourceOutput`.
    const meta = await this.#boss.getJobById(`${def.name}.dead`, job.id).catch(() => null);
    const error = describe(meta?.sourceOutput);
    this.#log.error({ job: def.name, id: meta?.sourceId ?? job.id, error }, 'a job failed its last attempt');
    await def.failed?.(job.data ?? {}, { db: this.#db, log: this.#log, jobId: meta?.sourceId ?? job.id, attempt: 0 }, error);
  }

  /** Asks for a job now; with `key`, at most one such job waits at a time. */
  async send(name: string, data: object = {}, options: { key?: string; afterSeconds?: number } = {}): Promise<string | null> {
    if (!this.#defs.has(name)) throw new Error(`No job is named ${name}`);
    return this.#boss.send(name, data, {
      ...(options.key ? { singletonKey: options.key, singletonSeconds: 1 } : {}),
      ...(options.afterSeconds ? { startAfter: options.afterSeconds } : {}),
    });
  }

  /** Runs every job waiting now, in this process, until none is left (tests and the command line). */
  async drain(names: string[] = [...this.#defs.keys()]): Promise<number> {
    let done = 0;
    for (let round = 0; round < 50; round++) {
      let found = 0;
      for (const name of names) {
        const def = this.#defs.get(name)!;
        for (const [queue, handle] of [
          [name, (j: Job<object>) => this.#run(def, j)],
          [`${name}.dead`, (j: Job<object>) => this.#bury(def, j)],
        ] as const) {
          const fetched = await this.#boss.fetch<object>(queue, { batchSize: 10 });
          for (const job of fetched) {
            found++;
            try {
              await handle(job);
              await this.#boss.complete(queue, job.id);
            } catch (error) {
              await this.#boss.fail(queue, job.id, { message: (error as Error).message });
            }
          }
        }
      }
      done += found;
      if (found === 0) break;
    }
    return done;
  }

  /** Every queue with its counts now (read from the queue's table, not its cached statistics). */
  async overview(): Promise<QueueOverview[]> {
    const names = [...this.#defs.keys()];
    const { rows } = await this.#boss.getDb().executeSql(
      `SELECT name, state, count(*)::int AS n FROM ${SCHEMA}.job WHERE name = ANY ($1::text[]) GROUP BY name, state`,
      [[...names, ...names.map((n) => `${n}.dead`)]],
    );
    const count = (name: string, states: string[]) =>
      (rows as Array<{ name: string; state: string; n: number }>).filter((r) => r.name === name && states.includes(r.state)).reduce((t, r) => t + Number(r.n), 0);
    const schedules = await this.#boss.getSchedules();
    return [...this.#defs.values()].map((def) => ({
      name: def.name,
      description: def.description,
      schedule: schedules.find((s) => s.name === def.name)?.cron ?? null,
      queued: count(def.name, ['created', 'retry']),
      active: count(def.name, ['active']),
      failed: count(`${def.name}.dead`, ['created', 'retry', 'active', 'completed']),
      total: count(def.name, ['created', 'retry', 'active', 'completed', 'cancelled', 'failed']),
    }));
  }

  /** Jobs that failed their last attempt (kept in their dead-letter queues), newest first. */
  async failures(limit = 100): Promise<FailedJob[]> {
    const out: FailedJob[] = [];
    for (const name of this.#defs.keys()) {
      for (const j of await this.#boss.findJobs(`${name}.dead`, { limit })) {
        out.push({
          id: j.id,
          name,
          failedAt: (j.sourceCreatedOn ?? j.createdOn).toISOString(),
          error: describe(j.sourceOutput),
          attempts: (j.sourceRetryCount ?? 0) + 1,
        });
      }
    }
    return out.sort((a, b) => b.failedAt.localeCompare(a.failedAt)).slice(0, limit);
  }

  /** Sends a failed job's data to its queue again (and drops it from the failures). */
  async retry(name: string, deadId: string): Promise<boolean> {
    if (!this.#defs.has(name)) return false;
    const dead = await this.#boss.getJobById<object>(`${name}.dead`, deadId);
    if (!dead) return false;
    await this.#boss.send(name, dead.data ?? {});
    await this.#boss.deleteJob(`${name}.dead`, deadId);
    return true;
  }

  /** Throws unless the queue has started and not stopped (readiness). */
  async ready(): Promise<void> {
    if (!this.#started) throw new Error('the job queue is not running');
    await this.#boss.getDb().executeSql('SELECT 1');
  }

  names(): string[] {
    return [...this.#defs.keys()];
  }

  /** Stops taking work; waits for jobs in progress (up to `graceSeconds`). */
  async stop(graceSeconds = 10): Promise<void> {
    if (!this.#started) return;
    this.#started = false;
    await this.#boss.stop({ graceful: true, timeout: graceSeconds * 1000, close: true });
  }
}

/** A failed job's output as one line without personal data (errors carry messages we wrote). */
function describe(output: unknown): string {
  if (!output) return '';
  const o = output as { message?: unknown };
  return String(typeof o.message === 'string' ? o.message : JSON.stringify(output)).slice(0, 500);
}
