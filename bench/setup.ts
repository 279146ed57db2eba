// Builds a national-scale benchmark database in PostgreSQL: migrations, the demo data (accounts
// and second factors), then a data file of bench/ with its sizes filled in (":name" → value).
import { dropRequestRole } from '../src/platform/db/request-role.ts';
import { mkdtempSync, readFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import pg from 'pg';
import { loadConfig } from '../src/config.ts';
import { connectDatabase } from '../src/platform/db/connect.ts';
import { migrate } from '../src/platform/db/migrate.ts';
import { seedDemo } from '../src/demo/seed.ts';
import { openVault, resolveSecret } from '../src/server.ts';
import type { DB } from '../src/db.ts';

/** The settings every benchmark's server runs with: demo accounts, no rate limit, silent logs, fixed keys. */
export function benchEnv(password: string, poolSize: number): Record<string, string> {
  return {
    TANDEM_DEMO: '1',
    TANDEM_DEMO_PASSWORD: password,
    TANDEM_RATE_LIMIT_PER_MINUTE: '1000000',
    TANDEM_LOG_LEVEL: 'silent',
    TANDEM_SECRET: 'b'.repeat(40),
    TANDEM_VAULT_KEYS: `k1:${Buffer.alloc(32, 1).toString('base64')}`,
    TANDEM_PUBLIC_URL: 'http://localhost:3000',
    DATABASE_POOL_SIZE: String(poolSize),
    TANDEM_DATA_DIR: mkdtempSync(join(tmpdir(), 'tandem-bench-')),
  };
}

export async function buildBenchDatabase(url: string, dataFile: string, sizes: Record<string, number>, env: Record<string, string>, log: (s: string) => void) {
  const config = loadConfig({ ...env, DATABASE_URL: url, TANDEM_DEMO: '1' });
  const db = await connectDatabase<DB>({ kind: 'postgres', url, poolSize: 2 });
  const started = performance.now();
  await migrate(db);
  const demo = await seedDemo(db, { password: env.TANDEM_DEMO_PASSWORD!, dataDir: config.dataDir, secret: await resolveSecret(db, config), vault: openVault(config) });
  await db.close();
  log(`schema and demo data in ${((performance.now() - started) / 1000).toFixed(1)} s`);
  const text = benchData(dataFile, sizes);
  const client = new pg.Client({ connectionString: url });
  await client.connect();
  const t = performance.now();
  await client.query(text);
  await client.end();
  log(`${dataFile}: ${Object.entries(sizes).map(([k, v]) => `${v} ${k}`).join(', ')} in ${((performance.now() - t) / 1000).toFixed(1)} s`);
  return demo.accounts;
}

/** A data file of bench/ with its sizes filled in (":name" → value). */
export function benchData(dataFile: string, sizes: Record<string, number>): string {
  let text = readFileSync(join(import.meta.dirname, dataFile), 'utf8');
  // Longest names first, so that ":orgs" does not eat into ":orgs_extra".
  for (const [k, v] of Object.entries(sizes).sort(([a], [b]) => b.length - a.length)) text = text.replaceAll(`:${k}`, String(v));
  return text;
}

/** Drops a scratch database and the login role its requests used (see request-role.ts). */
export async function dropBenchDatabase(admin: { query: (text: string) => Promise<unknown> }, name: string): Promise<void> {
  await admin.query(`DROP DATABASE IF EXISTS ${name} WITH (FORCE)`);
  await dropRequestRole((statement) => admin.query(statement), name);
}
