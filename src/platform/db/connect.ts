// Opens the database named by the configuration: PGlite in a data folder (the default), or a
// PostgreSQL pool. Both return the same Database, with the same type parsing, so that code and
// tests behave alike on either.
import { mkdirSync } from 'node:fs';
import { Kysely, PostgresDialect } from 'kysely';
import pg from 'pg';
import { Database, type ConnectionStats } from './database.ts';
import { acquireDataDirLock } from './data-dir-lock.ts';
import { pgliteDialect, pgliteExtensions } from './pglite-dialect.ts';
import { Mutex } from './mutex.ts';

export type DatabaseTarget =
  | { kind: 'pglite'; dataDir: string }
  | { kind: 'pglite'; dataDir?: undefined; loadDataDir?: Blob | File }
  | { kind: 'postgres'; url: string; poolSize?: number; requestUrl?: string | undefined };

const DATE_OID = 1082;
const INT8_OID = 20;

/** `date` columns come back as 'YYYY-MM-DD' strings, never as Dates shifted by a time zone. */
const keepDateText = (value: string): string => value;

function parseInt8(value: string): number {
  const n = Number(value);
  if (!Number.isSafeInteger(n)) throw new RangeError('bigint value exceeds the safe integer range');
  return n;
}

export async function connectDatabase<DB>(target: DatabaseTarget): Promise<Database<DB>> {
  if (target.kind === 'postgres') {
    const { kysely, connections } = postgresPool<DB>(target.url, target.poolSize ?? 10);
    return new Database<DB>('postgres', kysely, async () => {}, { connectionString: target.url, connections });
  }

  const { PGlite } = await import('@electric-sql/pglite');
  let releaseLock = async (): Promise<void> => {};
  let pglite;
  if (target.dataDir !== undefined) {
    mkdirSync(target.dataDir, { recursive: true });
    releaseLock = acquireDataDirLock(target.dataDir);
    try {
      pglite = await PGlite.create(target.dataDir, { parsers: { [DATE_OID]: keepDateText }, extensions: pgliteExtensions });
    } catch (error) {
      await releaseLock();
      throw error;
    }
  } else {
    pglite = await PGlite.create({ loadDataDir: target.loadDataDir, parsers: { [DATE_OID]: keepDateText }, extensions: pgliteExtensions });
  }
  const mutex = new Mutex();
  const kysely = new Kysely<DB>({ dialect: pgliteDialect(pglite, mutex) });
  const instance = pglite;
  return new Database<DB>('pglite', kysely, releaseLock, {
    connections: () => ({ total: 1, idle: mutex.held ? 0 : 1, waiting: mutex.waiting }),
    dump: (hold) => hold(() => instance.dumpDataDir('gzip') as Promise<Blob>),
  });
}

/** A pool of PostgreSQL connections as Kysely, with the type parsing every connection shares. */
export function postgresPool<DB>(url: string, max: number): { kysely: Kysely<DB>; connections: () => ConnectionStats } {
  const pool = new pg.Pool({
    connectionString: url,
    max,
    // Row-level security makes plans look expensive (each policy is a subplan), which turns on
    // the JIT compiler: ~80 ms of compiling for a query that runs in a few. Short requests
    // never gain from it.
    options: '-c jit=off',
    types: {
      getTypeParser: ((oid: number, format?: 'text' | 'binary') => {
        if (oid === DATE_OID) return keepDateText;
        if (oid === INT8_OID) return parseInt8;
        return pg.types.getTypeParser(oid, format);
      }) as typeof pg.types.getTypeParser,
    },
  });
  // An idle client that loses its connection must not crash the process; the pool replaces it.
  pool.on('error', () => undefined);
  return {
    kysely: new Kysely<DB>({ dialect: new PostgresDialect({ pool }) }),
    connections: () => ({ total: pool.totalCount, idle: pool.idleCount, waiting: pool.waitingCount }),
  };
}

