import { mkdirSync, mkdtempSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { describe, expect, it } from 'vitest';
import { loadMigrations, migrationFolders } from './migrate.ts';

function folder(files: Record<string, string>): string {
  const dir = mkdtempSync(join(tmpdir(), 'tandem-migrations-'));
  mkdirSync(dir, { recursive: true });
  for (const [name, text] of Object.entries(files)) writeFileSync(join(dir, name), text);
  return dir;
}

describe('migrations', () => {
  it("orders the platform's and the modules' files by number", () => {
    const all = loadMigrations(migrationFolders());
    expect(all.length).toBeGreaterThanOrEqual(3);
    expect(all.map((m) => m.version)).toEqual([...all.map((m) => m.version)].sort((a, b) => a - b));
    expect(all[0]!.name).toBe('platform_roles');
  });

  it('refuses two migrations with one number', () => {
    const a = folder({ '0001_one.sql': 'SELECT 1;' });
    const b = folder({ '0001_other.sql': 'SELECT 2;' });
    expect(() => loadMigrations([a, b])).toThrow(/share number 0001/);
  });

  it('refuses a badly named file', () => {
    expect(() => loadMigrations([folder({ 'add-users.sql': 'SELECT 1;' })])).toThrow(/0001_name\.sql/);
  });

  it('checksums the content', () => {
    const [m1] = loadMigrations([folder({ '0001_a.sql': 'SELECT 1;' })]);
    const [m2] = loadMigrations([folder({ '0001_a.sql': 'SELECT 2;' })]);
    expect(m1!.checksum).not.toBe(m2!.checksum);
  });

  it('never opens or ends a transaction itself (the runner does)', () => {
    for (const m of loadMigrations(migrationFolders())) {
      expect(m.sql, m.path).not.toMatch(/^\s*(BEGIN(\s+(TRANSACTION|WORK))?|START\s+TRANSACTION|COMMIT|ROLLBACK)\s*;/im);
    }
  });
});
