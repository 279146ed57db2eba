// Schema migrations: hand-written SQL files, applied in order, each in its own transaction,
// recorded with a checksum in schema_migrations. The platform's files live in
// platform/db/migrations and each module's in modules/<module>/migrations; the four-digit
// prefix orders them across all folders and must be unique.
import { createHash } from 'node:crypto';
import { readdirSync, readFileSync, existsSync } from 'node:fs';
import { join, resolve } from 'node:path';
import { sql, type Kysely } from 'kysely';
import type { Database } from './database.ts';

export type Migration = { version: number; name: string; path: string; sql: string; checksum: string };

const FILE = /^(\d{4})_([a-z0-9_]+)\.sql$/;
const SRC = resolve(import.meta.dirname, '../..');

export function migrationFolders(srcDir: string = SRC): string[] {
  const folders = [join(srcDir, 'platform/db/migrations')];
  const modules = join(srcDir, 'modules');
  if (existsSync(modules)) {
    for (const entry of readdirSync(modules, { withFileTypes: true })) {
      const folder = join(modules, entry.name, 'migrations');
      if (entry.isDirectory() && existsSync(folder)) folders.push(folder);
    }
  }
  return folders;
}

export function loadMigrations(folders: string[] = migrationFolders()): Migration[] {
  const byVersion = new Map<number, Migration>();
  for (const folder of folders) {
    for (const file of readdirSync(folder)) {
      if (!file.endsWith('.sql')) continue;
      const match = FILE.exec(file);
      if (!match) throw new Error(`Migration file name must look like 0001_name.sql: ${join(folder, file)}`);
      const version = Number(match[1]);
      const existing = byVersion.get(version);
      if (existing) throw new Error(`Two migrations share number ${match[1]}: ${existing.path} and ${join(folder, file)}`);
      const text = readFileSync(join(folder, file), 'utf8');
      byVersion.set(version, {
        version,
        name: match[2]!,
        path: join(folder, file),
        sql: text,
        checksum: createHash('sha256').update(text).digest('hex'),
      });
    }
  }
  return [...byVersion.values()].sort((a, b) => a.version - b.version);
}

export type MigrationReport = { applied: Migration[]; current: number };

/** Applies every pending migration. Safe to call from several processes at once on PostgreSQL. */
export async function migrate<DB>(db: Database<DB>, migrations: Migration[] = loadMigrations()): Promise<MigrationReport> {
  return db.session(async (conn) => {
    const k = conn as unknown as Kysely<unknown>;
    if (db.kind === 'postgres') await sql`SELECT pg_advisory_lock(7317001)`.execute(k);
    try {
      await sql`CREATE TABLE IF NOT EXISTS schema_migrations (
        version integer PRIMARY KEY,
        name text NOT NULL,
        checksum text NOT NULL,
        applied_at timestamptz NOT NULL DEFAULT now()
      )`.execute(k);
      const done = await sql<{ version: number; checksum: string }>`SELECT version, checksum FROM schema_migrations`.execute(k);
      const applied = new Map(done.rows.map((r) => [r.version, r.checksum]));
      for (const m of migrations) {
        const checksum = applied.get(m.version);
        if (checksum !== undefined && checksum !== m.checksum) {
          throw new Error(`Migration ${m.version} (${m.name}) was changed after it was applied; add a new migration instead`);
        }
      }
      const pending = migrations.filter((m) => !applied.has(m.version));
      for (const m of pending) {
        await sql.raw('BEGIN').execute(k);
        try {
          await sql.raw(m.sql).execute(k);
          await sql`INSERT INTO schema_migrations (version, name, checksum) VALUES (${m.version}, ${m.name}, ${m.checksum})`.execute(k);
          await sql.raw('COMMIT').execute(k);
        } catch (error) {
          await sql.raw('ROLLBACK').execute(k);
          throw new Error(`Migration ${m.version} (${m.name}) failed: ${(error as Error).message}`, { cause: error });
        }
      }
      const current = Math.max(0, ...migrations.filter((m) => applied.has(m.version) || pending.includes(m)).map((m) => m.version));
      return { applied: pending, current };
    } finally {
      if (db.kind === 'postgres') await sql`SELECT pg_advisory_unlock(7317001)`.execute(k);
    }
  });
}
