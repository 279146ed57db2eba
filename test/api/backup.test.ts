// Backups of the embedded database: `tandem backup` asks the running server for a consistent copy
// (through the data folder's socket), `tandem restore` loads it into a stopped server's folder,
// keeping the old one beside it; the copy opens, has today's schema, holds what was written and
// its audit chain verifies.
import { existsSync, mkdtempSync, readdirSync, statSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { sql } from 'kysely';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { COMMANDS } from '../../src/cli/commands.ts';
import type { Config } from '../../src/config.ts';
import { openDatabase } from '../../src/server.ts';
import { verifyAuditChain } from '../../src/platform/audit/chain.ts';
import { createTestApp, type TestApp } from '../support/app.ts';
import { testConfig } from '../support/test-config.ts';

async function cli(name: string, config: Config, values: Record<string, string>) {
  const command = COMMANDS.find((c) => c.name === name)!;
  let out = '';
  let err = '';
  const code = await command.run({ config, values, out: { write: (s: string) => (out += s) }, err: { write: (s: string) => (err += s) } });
  return { code, out, err };
}

describe('backup and restore of the embedded database', () => {
  let t: TestApp;
  const folder = mkdtempSync(join(tmpdir(), 'tandem-backups-'));
  beforeAll(async () => {
    t = await createTestApp('pglite', {}, { controlSocket: true });
  });
  afterAll(() => t?.close());

  it('copies the database while the server runs, and the copy restores, opens and verifies', { timeout: 120_000 }, async () => {
    // Something written just before, and sealed into the audit chain.
    const admin = await t.signIn('org-admin@tandem.example');
    expect((await admin.post('/api/organisations/current/invitations', { email: 'backed-up@example.org', displayName: 'Backed Up', roles: ['viewer'] })).statusCode).toBe(201);
    await t.sealAudit();
    const before = await t.db.system(async (tx) => (await sql<{ n: number }>`SELECT count(*)::int AS n FROM audit_events`.execute(tx)).rows[0]!.n);

    const file = join(folder, 'tandem.tar.gz');
    const backup = await cli('backup', t.config, { out: file });
    expect(backup.code, backup.err).toBe(0);
    expect(statSync(file).size).toBeGreaterThan(100_000);
    // The server is running on it: a restore into its folder is refused.
    const refused = await cli('restore', t.config, { from: file });
    expect(refused.code).not.toBe(0);
    expect(refused.err).toContain('running');

    // A new, stopped installation restores it.
    const config = testConfig({ TANDEM_DATA_DIR: mkdtempSync(join(tmpdir(), 'tandem-restored-')) });
    const restored = await cli('restore', config, { from: file });
    expect(restored.code, restored.err).toBe(0);
    expect(restored.out).toContain('the audit chain verifies');
    const db = await openDatabase(config);
    try {
      const found = await db.system(async (tx) => ({
        invited: (await sql<{ n: number }>`SELECT count(*)::int AS n FROM invitations WHERE email = 'backed-up@example.org'`.execute(tx)).rows[0]!.n,
        events: (await sql<{ n: number }>`SELECT count(*)::int AS n FROM audit_events`.execute(tx)).rows[0]!.n,
      }));
      expect(found).toEqual({ invited: 1, events: before });
      expect((await verifyAuditChain(db)).ok).toBe(true);
    } finally {
      await db.close();
    }
    // With no server running, the command line makes the copy itself; restoring again keeps the old folder beside.
    const second = join(folder, 'again.tar.gz');
    expect((await cli('backup', config, { out: second })).code).toBe(0);
    const again = await cli('restore', config, { from: second });
    expect(again.code, again.err).toBe(0);
    expect(readdirSync(config.dataDir).some((f) => f.startsWith('pglite.before-restore-'))).toBe(true);
    expect(existsSync(join(config.dataDir, 'pglite'))).toBe(true);
  });
});
