import { mkdtempSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { describe, expect, it } from 'vitest';
import { ConfigError, loadConfig } from './config.ts';

const production = {
  DATABASE_URL: 'postgres://tandem@db/tandem',
  TANDEM_SECRET: 's'.repeat(40),
  TANDEM_PUBLIC_URL: 'https://tandem.example.org',
  TANDEM_VAULT_KEYS: `k1:${Buffer.alloc(32, 7).toString('base64')}`,
};

function problems(env: Record<string, string>): string[] {
  try {
    loadConfig(env);
  } catch (error) {
    if (error instanceof ConfigError) return error.problems;
    throw error;
  }
  return [];
}

describe('configuration', () => {
  it('runs the embedded database in demo mode on port 3000 by default', () => {
    const c = loadConfig({});
    expect(c.port).toBe(3000);
    expect(c.database.kind).toBe('pglite');
    expect(c.demo.enabled).toBe(true);
    expect(c.dataDir).toMatch(/data$/);
    expect(c.secureCookies).toBe(false);
    expect(c.bodyLimit).toBe(1024 * 1024);
  });

  it('limits checks across agencies to 200 people a day unless set, and never to none', () => {
    expect(loadConfig({}).cases.duplicateChecksPerDay).toBe(200);
    expect(loadConfig({ TANDEM_DUPLICATE_CHECKS_PER_DAY: '20000' }).cases.duplicateChecksPerDay).toBe(20_000);
    expect(problems({ TANDEM_DUPLICATE_CHECKS_PER_DAY: '0' })).toEqual([expect.stringContaining('TANDEM_DUPLICATE_CHECKS_PER_DAY')]);
    expect(problems({ TANDEM_DUPLICATE_CHECKS_PER_DAY: 'many' })).toEqual([expect.stringContaining('TANDEM_DUPLICATE_CHECKS_PER_DAY')]);
  });

  it('turns demo mode off with DATABASE_URL unless TANDEM_DEMO=1', () => {
    expect(loadConfig(production).demo.enabled).toBe(false);
    expect(loadConfig({ ...production, TANDEM_DEMO: '1' }).demo.enabled).toBe(true);
    expect(loadConfig({ TANDEM_DEMO: '0', TANDEM_SECRET: 's'.repeat(32), TANDEM_PUBLIC_URL: 'http://localhost:3000', TANDEM_VAULT_KEYS: production.TANDEM_VAULT_KEYS }).demo.enabled).toBe(false);
  });

  it('drains for ten seconds on SIGTERM in production, one in demo mode, or as TANDEM_DRAIN_SECONDS says', () => {
    expect(loadConfig(production).drainSeconds).toBe(10);
    expect(loadConfig({}).drainSeconds).toBe(1);
    expect(loadConfig({ ...production, TANDEM_DRAIN_SECONDS: '0' }).drainSeconds).toBe(0);
    expect(problems({ ...production, TANDEM_DRAIN_SECONDS: '-1' })).toEqual([expect.stringMatching(/^TANDEM_DRAIN_SECONDS /)]);
  });

  it('has no default secret outside demo mode', () => {
    expect(problems({ DATABASE_URL: production.DATABASE_URL, TANDEM_PUBLIC_URL: production.TANDEM_PUBLIC_URL, TANDEM_VAULT_KEYS: production.TANDEM_VAULT_KEYS })).toEqual([
      expect.stringMatching(/^TANDEM_SECRET is required/),
    ]);
  });

  it('requires an https public address outside demo mode, except on this machine', () => {
    expect(problems({ ...production, TANDEM_PUBLIC_URL: 'http://tandem.example.org' })).toEqual([
      expect.stringMatching(/^TANDEM_PUBLIC_URL must be https/),
    ]);
    expect(problems({ ...production, TANDEM_PUBLIC_URL: 'http://localhost:8080' })).toEqual([]);
    expect(loadConfig(production).secureCookies).toBe(true);
  });

  it('names every invalid setting at once', () => {
    const found = problems({ PORT: 'eighty', DATABASE_URL: 'mysql://x', TANDEM_DEMO_PASSWORD: 'short', TANDEM_SECRET: 'tiny' });
    expect(found.map((p) => p.split(' ')[0]).sort()).toEqual(['DATABASE_URL', 'PORT', 'TANDEM_DEMO_PASSWORD', 'TANDEM_SECRET']);
  });

  it('requires MAIL_FROM with SMTP_URL', () => {
    expect(problems({ SMTP_URL: 'smtp://mail.example.org:587' })).toEqual([expect.stringMatching(/^MAIL_FROM/)]);
  });

  it('reads a JSON settings file, with the environment taking precedence', () => {
    const dir = mkdtempSync(join(tmpdir(), 'tandem-config-'));
    const file = join(dir, 'settings.json');
    writeFileSync(file, JSON.stringify({ PORT: 4000, HOST: '0.0.0.0' }));
    const c = loadConfig({ TANDEM_CONFIG_FILE: file, PORT: '5000' });
    expect(c.port).toBe(5000);
    expect(c.host).toBe('0.0.0.0');
    writeFileSync(file, '{not json');
    expect(problems({ TANDEM_CONFIG_FILE: file })).toEqual([expect.stringMatching(/not valid JSON/)]);
  });

  it('treats empty variables as unset', () => {
    expect(loadConfig({ DATABASE_URL: '', PORT: '' }).database.kind).toBe('pglite');
  });
});
