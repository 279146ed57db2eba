// The one access path to the database. Every unit of work is a transaction obtained here:
//  - `transaction(ctx, fn)` runs as an unprivileged role with the request context set, so
//    row-level security applies to everything fn does;
//  - `system(fn)` runs as the connecting (owner) role, for migrations, the CLI, seeds and jobs.
// On PostgreSQL, request transactions also log in as another role (request-role.ts): one that
// may become tandem_app or tandem_auth and nothing else, so that no statement of a request can
// `RESET ROLE` its way back to the owner.
// Code receives a transaction handle and never the pool, so a query cannot escape its
// transaction; opening a transaction inside another is refused rather than left to deadlock
// the single PGlite connection.
import { AsyncLocalStorage } from 'node:async_hooks';
import { type Kysely, sql } from 'kysely';
import { contextSql, type TxContext } from './context.ts';

export type DatabaseKind = 'pglite' | 'postgres';
export type ConnectionStats = { total: number; idle: number; waiting: number };

/** Asks the job queue for a job: set by the server once its queue has started. */
export type JobSender = (name: string, data: object, key?: string) => Promise<unknown>;

type CommitHook = (db: { jobSender: JobSender | undefined }) => Promise<unknown>;
/** Work to do once the current transaction has committed (asking for a job, say), per transaction. */
const commitHooks = new AsyncLocalStorage<{ hooks: CommitHook[]; db: { jobSender: JobSender | undefined } }>();

/**
 * Runs `fn` after the current transaction commits, outside it; never if it rolls back. The
 * transaction's caller waits for it; its failure is ignored (what it starts must also be found
 * by a scheduled sweep, since a process can die between the commit and this).
 */
export function afterCommit(fn: CommitHook): void {
  const store = commitHooks.getStore();
  if (!store) throw new Error('afterCommit outside a transaction');
  store.hooks.push(fn);
}

/** Plans (without running) a read of every table the request role may read. */
const WARM_UP = `DO $warm$
  DECLARE t regclass;
  BEGIN
    FOR t IN SELECT c.oid FROM pg_class c WHERE c.relnamespace = 'public'::regnamespace AND c.relkind IN ('r', 'p', 'v')
               AND has_table_privilege(current_user, c.oid, 'SELECT')
    LOOP
      EXECUTE format('EXPLAIN SELECT * FROM %s LIMIT 1', t);
    END LOOP;
  END
$warm$`;

export class NestedTransactionError extends Error {
  constructor() {
    super('A transaction was opened inside another; use the transaction handle you were given');
  }
}

export class Database<DB> {
  readonly kind: DatabaseKind;
  readonly #kysely: Kysely<DB>;
  /** Where request transactions run: the owner's connections, until separate ones are attached. */
  #requests: { kysely: Kysely<DB>; connections: () => ConnectionStats } | undefined;
  readonly #onClose: () => Promise<void>;
  readonly #inTransaction = new AsyncLocalStorage<true>();
  #closed = false;
  /** How jobs asked for in a transaction reach the queue (none: they wait for the sweeps). */
  jobSender: JobSender | undefined;

  /** PostgreSQL's address, for the job queue's own connections; none for the embedded database. */
  readonly connectionString: string | undefined;
  readonly #ownerConnections: () => ConnectionStats;
  /** The embedded database as one gzipped archive, taken while nothing else runs on it; none on PostgreSQL. */
  readonly dump: (() => Promise<Blob>) | undefined;

  constructor(
    kind: DatabaseKind,
    kysely: Kysely<DB>,
    onClose: () => Promise<void> = async () => {},
    options: { connectionString?: string; connections?: () => ConnectionStats; dump?: (hold: <T>(fn: () => Promise<T>) => Promise<T>) => Promise<Blob> } = {},
  ) {
    this.kind = kind;
    this.connectionString = options.connectionString;
    this.#ownerConnections = options.connections ?? (() => ({ total: 0, idle: 0, waiting: 0 }));
    const dump = options.dump;
    // Taken holding the one connection: no transaction is half-way through it.
    this.dump = dump ? () => dump((fn) => this.session(() => fn())) : undefined;
    this.#kysely = kysely;
    this.#onClose = onClose;
  }

  /** Connections in all, idle, and callers waiting for one (metrics), the owner's and the requests' together. */
  connections(): ConnectionStats {
    const owner = this.#ownerConnections();
    const requests = this.#requests?.connections();
    if (!requests) return owner;
    return { total: owner.total + requests.total, idle: owner.idle + requests.idle, waiting: owner.waiting + requests.waiting };
  }

  /** The connections request transactions run on (the owner's until separate ones are attached). */
  requestConnections(): ConnectionStats {
    return (this.#requests?.connections ?? this.#ownerConnections)();
  }

  /** Request transactions run on these connections from now on (PostgreSQL; see request-role.ts). */
  attachRequestConnections(kysely: Kysely<DB>, connections: () => ConnectionStats): void {
    if (this.#requests) throw new Error('request connections are already attached');
    this.#requests = { kysely, connections };
  }

  /** Runs fn in one transaction as the role in ctx, with the acting user and organisation set. */
  transaction<T>(ctx: TxContext, fn: (tx: Kysely<DB>) => Promise<T>): Promise<T> {
    return this.#run(this.#requestKysely, `BEGIN; ${contextSql(ctx)}`, fn);
  }

  /** Runs fn in one transaction as the connecting role: migrations, CLI, seeds, scheduled jobs. */
  system<T>(fn: (tx: Kysely<DB>) => Promise<T>): Promise<T> {
    return this.#run(this.#kysely, 'BEGIN', fn);
  }

  get #requestKysely(): Kysely<DB> {
    return this.#requests?.kysely ?? this.#kysely;
  }

  /** Runs fn on one connection without a transaction (statements that cannot run inside one). */
  session<T>(fn: (conn: Kysely<DB>) => Promise<T>): Promise<T> {
    if (this.#inTransaction.getStore()) return Promise.reject(new NestedTransactionError());
    return this.#inTransaction.run(true, () => this.#kysely.connection().execute(fn));
  }

  /**
   * Opens `connections` connections at once and readies each for requests: as the request role,
   * the caller resolved, and a read of every table it may read planned (EXPLAIN only), so that
   * relations, row-level security policies and functions are in that connection's caches before
   * the first request, not during it (the first transaction on a fresh connection took 1.1–1.4 s
   * at national scale). Each connection is held until all are open, so that they are distinct.
   */
  async warm(connections: number): Promise<void> {
    let opened = 0;
    let allOpen!: () => void;
    const everyone = new Promise<void>((resolve) => (allOpen = resolve));
    await Promise.all(
      Array.from({ length: connections }, () =>
        this.#requestKysely.connection().execute(async (conn) => {
          if (++opened === connections) allOpen();
          await everyone;
          await sql.raw(`BEGIN; ${contextSql({ role: 'tandem_app', requestId: 'warm-up' })}; ${WARM_UP}; ROLLBACK`).execute(conn);
        }),
      ),
    );
  }

  async close(): Promise<void> {
    if (this.#closed) return;
    this.#closed = true;
    await this.#requests?.kysely.destroy();
    await this.#kysely.destroy();
    await this.#onClose();
  }

  async #run<T>(kysely: Kysely<DB>, begin: string, fn: (tx: Kysely<DB>) => Promise<T>): Promise<T> {
    if (this.#inTransaction.getStore()) throw new NestedTransactionError();
    const hooks: CommitHook[] = [];
    const result = await this.#inTransaction.run(true, () =>
      commitHooks.run({ hooks, db: this }, () =>
        kysely.connection().execute(async (conn) => {
          let result: T;
          try {
            await sql.raw(begin).execute(conn);
            result = await fn(conn);
          } catch (error) {
            await sql.raw('ROLLBACK').execute(conn).catch(() => undefined);
            throw error;
          }
          await sql.raw('COMMIT').execute(conn);
          return result;
        }),
      ),
    );
    // Committed, and out of the transaction (and off the connection) now.
    for (const hook of hooks) await hook(this).catch(() => undefined);
    return result;
  }
}
