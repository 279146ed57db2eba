// The tandem command against a fresh embedded database: exit codes and messages for scripts.
import { mkdtempSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { sql } from 'kysely';
import { afterEach, beforeEach, describe, expect, it } from 'vitest';
import { run } from '../../src/cli/main.ts';
import { loadConfig } from '../../src/config.ts';
import { openDatabase } from '../../src/server.ts';
import { parseKeyring, Vault, type VaultField } from '../../src/platform/crypto/vault.ts';
import { DEMO_ACCOUNTS } from '../../src/demo/data.ts';

class Capture {
  text = '';
  write(chunk: string) {
    this.text += chunk;
    return true;
  }
}

describe('tandem command', () => {
  const saved = { ...process.env };
  let dataDir: string;
  beforeEach(() => {
    dataDir = mkdtempSync(join(tmpdir(), 'tandem-cli-'));
    for (const key of Object.keys(process.env)) if (key.startsWith('TANDEM_') || key === 'DATABASE_URL') delete process.env[key];
    process.env.TANDEM_DATA_DIR = dataDir;
    process.env.TANDEM_DEMO_PASSWORD = 'cli demo password';
  });
  afterEach(() => {
    process.env = { ...saved };
  });

  const tandem = async (...argv: string[]) => {
    const out = new Capture();
    const err = new Capture();
    const code = await run(argv, out as never, err as never);
    return { code, out: out.text, err: err.text };
  };

  it('prints help (0) and refuses unknown commands and options (2)', async () => {
    expect((await tandem('--help')).code).toBe(0);
    expect((await tandem('--help')).out).toContain('create-admin');
    expect((await tandem()).code).toBe(2);
    expect((await tandem('frobnicate')).code).toBe(2);
    expect((await tandem('migrate', '--force')).code).toBe(2);
  });

  it('exits 4 with the reason when the configuration is invalid', async () => {
    process.env.PORT = 'eighty';
    const r = await tandem('migrate');
    expect(r.code).toBe(4);
    expect(r.err).toContain('PORT');
  });

  it('migrates, seeds the demo, prints the demo accounts and creates an administrator', { timeout: 150_000 }, async () => {
    const migrated = await tandem('migrate');
    expect(migrated.code).toBe(0);
    expect(migrated.out).toMatch(/Applied \d+ migration/);
    expect((await tandem('migrate')).out).toMatch(/up to date/);

    expect((await tandem('demo-accounts')).code).toBe(1);
    const seeded = await tandem('seed-demo');
    expect(seeded.code).toBe(0);
    expect(seeded.out).toContain('coordinator@tandem.example');

    const json = await tandem('demo-accounts', '--json');
    expect(json.code).toBe(0);
    const accounts = JSON.parse(json.out) as Array<{ email: string; role: string; password: string; organisation: string }>;
    expect(accounts).toHaveLength(DEMO_ACCOUNTS.length);
    expect(new Set(accounts.map((a) => a.role)).size).toBe(10); // one per role, and a second administrator
    expect(accounts.every((a) => a.password === 'cli demo password')).toBe(true);

    expect((await tandem('create-admin', '--email', 'nope')).code).toBe(2);
    const missingOrg = await tandem('create-admin', '--email', 'root@example.org', '--name', 'Root', '--org', 'Nowhere Agency');
    expect(missingOrg.code).toBe(2);
    expect(missingOrg.err).toContain('--country');
    const created = await tandem('create-admin', '--email', 'Root@Example.org', '--name', 'Root', '--org', 'Host Agency', '--country', 'AL');
    expect(created.code).toBe(0);
    expect(created.out).toMatch(/Password \(shown once.*\): \S{16,}/);
    const again = await tandem('create-admin', '--email', 'root@example.org', '--name', 'Root', '--org', 'Host Agency');
    expect(again.code).toBe(1);

    // Held mail no administrator in the app may read (a new organisation's first administrator's
    // invitation): the operator reads it here, for one address at a time, and it is audited.
    expect((await tandem('mail', 'held')).code).toBe(2);
    expect((await tandem('mail', 'held', '--to', 'first@new.example')).out).toContain('No mail is held for first@new.example');
    const db = await openDatabase(loadConfig());
    try {
      await db.system((tx) =>
        sql`INSERT INTO mail_outbox (kind, to_email, subject, body_text, status)
          VALUES ('invitation', 'first@new.example', 'Invitation', 'Accept here: http://localhost/invitation#token=held-link', 'held')`.execute(tx),
      );
    } finally {
      await db.close();
    }
    const held = await tandem('mail', 'held', '--to', 'First@New.example');
    expect(held.code).toBe(0);
    expect(held.out).toContain('#token=held-link');
    const db2 = await openDatabase(loadConfig());
    try {
      const events = await db2.system((tx) => tx.selectFrom('audit_events').select('details').where('action', '=', 'mail.outbox.read').execute());
      expect(events.map((e) => e.details)).toEqual([
        { shown: 0, via: 'command_line' },
        { shown: 1, via: 'command_line' },
      ]);
    } finally {
      await db2.close();
    }
  });

  it('exits 3 when PostgreSQL cannot be reached', async () => {
    Object.assign(process.env, {
      DATABASE_URL: 'postgres://nobody@127.0.0.1:1/none',
      TANDEM_SECRET: 'x'.repeat(40),
      TANDEM_VAULT_KEYS: `k1:${Buffer.alloc(32, 1).toString('base64')}`,
      TANDEM_PUBLIC_URL: 'http://localhost:3000',
    });
    expect((await tandem('migrate')).code).toBe(3);
  });

  it('rotates the identity vault to a new key: after it the old key can go and everything still opens and matches', { timeout: 120_000 }, async () => {
    const keyA = (await tandem('keys', 'generate', '--id', 'kA')).out.trim();
    const keyB = (await tandem('keys', 'generate', '--id', 'kB')).out.trim();
    expect(keyA).toMatch(/^kA:[A-Za-z0-9+/]{43}=$/);
    expect((await tandem('keys', 'generate', '--id', 'no way')).code).toBe(2);

    process.env.TANDEM_VAULT_KEYS = keyA;
    expect((await tandem('seed-demo')).code).toBe(0); // the demo cases' identity data, sealed under A
    const read = async (keys: string) => {
      const vault = new Vault(parseKeyring(keys));
      const db = await openDatabase(loadConfig());
      try {
        const rows = await db.system((tx) => tx.selectFrom('case_identity').select(['id', 'case_id', 'field', 'sealed', 'blind_index']).orderBy('id').execute());
        return rows.map((r) => {
          const value = vault.open(r.case_id, r.field as VaultField, r.sealed);
          return { id: r.id, field: r.field, value, keyId: vault.keyIdOf(r.sealed), indexOk: r.blind_index === vault.blindIndex(r.field as VaultField, value) };
        });
      } finally {
        await db.close();
      }
    };
    const underA = await read(keyA);
    expect(underA.length).toBeGreaterThan(10);
    expect(underA.every((r) => r.keyId === 'kA' && r.indexOk)).toBe(true);

    // B made current with A still present; a batch size smaller than the data, to cross batches.
    process.env.TANDEM_VAULT_KEYS = `${keyB}\n${keyA}`;
    const rotated = await tandem('keys', 'rotate', '--batch-size', '7');
    expect(rotated.code, rotated.err).toBe(0);
    expect(rotated.out).toContain(`Re-sealed ${underA.length} value(s) under key kB`);
    expect(rotated.out).toContain(`${underA.length} under kA`);

    // A removed: every value opens under B alone, unchanged, and its blind index is B's.
    const underB = await read(keyB);
    expect(underB.map(({ id, field, value }) => ({ id, field, value }))).toEqual(underA.map(({ id, field, value }) => ({ id, field, value })));
    expect(underB.every((r) => r.keyId === 'kB' && r.indexOk)).toBe(true);

    // Again: nothing left to do (idempotent), with or without A in the keyring.
    process.env.TANDEM_VAULT_KEYS = keyB;
    const again = await tandem('keys', 'rotate');
    expect(again.code).toBe(0);
    expect(again.out).toContain('Re-sealed 0 value(s)');
    expect(await read(keyB)).toEqual(underB);

    // A keyring missing the key some values are under: nothing is lost, the run says so and fails.
    const keyC = (await tandem('keys', 'generate', '--id', 'kC')).out.trim();
    process.env.TANDEM_VAULT_KEYS = keyC;
    const missing = await tandem('keys', 'rotate');
    expect(missing.code).toBe(1);
    expect(missing.err).toContain('sealed under: kB');
    expect(await read(keyB)).toEqual(underB);
    expect((await tandem('keys', 'rotate', '--batch-size', '0')).code).toBe(2);
  });
});
