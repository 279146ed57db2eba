// Builds the national-scale database of the cases benchmark in PostgreSQL: migrations, the demo
// data (accounts and second factors), then bench/cases-data.sql. Prints the demo accounts' TOTP
// secrets as JSON on the last line, for the measuring script.
import { readFileSync } from 'node:fs';
import { join } from 'node:path';
import pg from 'pg';
import { loadConfig } from '../src/config.ts';
import { connectDatabase } from '../src/platform/db/connect.ts';
import { migrate } from '../src/platform/db/migrate.ts';
import { seedDemo } from '../src/demo/seed.ts';
import { openVault, resolveSecret } from '../src/server.ts';
import type { DB } from '../src/db.ts';

export type Scale = { orgs: number; persons: number; sessions: number; audit: number };

export async function buildBenchDatabase(url: string, scale: Scale, env: Record<string, string>, log: (s: string) => void) {
  const config = loadConfig({ ...env, DATABASE_URL: url, TANDEM_DEMO: '1' });
  const db = await connectDatabase<DB>({ kind: 'postgres', url, poolSize: 2 });
  const started = performance.now();
  await migrate(db);
  const demo = await seedDemo(db, { password: env.TANDEM_DEMO_PASSWORD!, dataDir: config.dataDir, secret: await resolveSecret(db, config), vault: openVault(config) });
  await db.close();
  log(`schema and demo data in ${((performance.now() - started) / 1000).toFixed(1)} s`);
  let text = readFileSync(join(import.meta.dirname, 'cases-data.sql'), 'utf8');
  for (const [k, v] of Object.entries(scale)) text = text.replaceAll(`:${k}`, String(v));
  const client = new pg.Client({ connectionString: url });
  await client.connect();
  const t = performance.now();
  await client.query(text);
  await client.end();
  log(`generated ${scale.persons} cases, ${scale.sessions} sessions, ${scale.audit} audit events, ${scale.orgs} organisations in ${((performance.now() - t) / 1000).toFixed(1)} s`);
  return demo.accounts;
}
