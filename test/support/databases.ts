// Gives a test file its own database, copied from the run's prepared image: PGlite always,
// PostgreSQL too when TEST_DATABASE_URL is set. Use `backends` with describe.each.
import { readFileSync } from 'node:fs';
import pg from 'pg';
import { inject } from 'vitest';
import type { AppDatabase, DB } from '../../src/db.ts';
import { connectDatabase } from '../../src/platform/db/connect.ts';
import { dropRequestRole, revokeTemporaryTables, separateRequests } from '../../src/platform/db/request-role.ts';

export type Backend = 'pglite' | 'postgres';

export const backends: Backend[] = process.env.TEST_DATABASE_URL ? ['pglite', 'postgres'] : ['pglite'];

let counter = 0;

/** The same server address with another database name. */
export function adminUrl(url: string, database: string): string {
  const u = new URL(url);
  u.pathname = `/${database}`;
  return u.toString();
}

export type TestDatabase = { db: AppDatabase; drop(): Promise<void> };

export async function createTestDatabase(backend: Backend): Promise<TestDatabase> {
  if (backend === 'pglite') {
    const image = new Blob([readFileSync(inject('pgliteImage'))]);
    const db = await connectDatabase<DB>({ kind: 'pglite', loadDataDir: image });
    await revokeTemporaryTables(db);
    return { db, drop: () => db.close() };
  }
  const url = process.env.TEST_DATABASE_URL!;
  const template = inject('postgresTemplate');
  if (!template) throw new Error('TEST_DATABASE_URL is set but no template database was prepared');
  const name = `tandem_t_${inject('runId')}_${process.pid}_${++counter}`;
  const admin = new pg.Client({ connectionString: url });
  await admin.connect();
  try {
    await admin.query(`CREATE DATABASE ${name} TEMPLATE ${template}`);
  } finally {
    await admin.end();
  }
  const db = await connectDatabase<DB>({ kind: 'postgres', url: adminUrl(url, name), poolSize: 4 });
  // Requests log in as their own role, as in production (request-role.ts).
  await separateRequests(db, { url: adminUrl(url, name), poolSize: 4 });
  return {
    db,
    async drop() {
      await db.close();
      const a = new pg.Client({ connectionString: url });
      await a.connect();
      try {
        await a.query(`DROP DATABASE IF EXISTS ${name} WITH (FORCE)`);
        await dropRequestRole((q) => a.query(q), name);
      } finally {
        await a.end();
      }
    },
  };
}
