// npm run bench:cases:pglite — the cases module on the embedded database (PGlite), as a small
// installation runs it: a tenth of national scale by default (10,000 cases, 100,000 service
// sessions, 500,000 audit events, 200 organisations; the same generator as bench:cases). Measures
// through HTTP, one client, the caseworker's and the coordinator's case list, searches, case page
// and referral inbox. PGlite has no second connection to replay the SQL on, so there is no
// "same SQL" column here; bench:cases gives that on PostgreSQL. Not a test: never gates CI.
//
//   BENCH_SCALE=0.1        fraction of national scale
//   BENCH_ITERATIONS=200   requests per line, after 30 of warm-up
import type { AddressInfo } from 'node:net';
import { sql } from 'kysely';
import { loadConfig } from '../src/config.ts';
import { createTandem } from '../src/server.ts';
import { connectDatabase } from '../src/platform/db/connect.ts';
import { migrate } from '../src/platform/db/migrate.ts';
import { seedDemo } from '../src/demo/seed.ts';
import { openVault, resolveSecret } from '../src/server.ts';
import type { DB } from '../src/db.ts';
import { benchData, benchEnv } from './setup.ts';
import { signIn, time } from './measure.ts';

const PASSWORD = 'benchmark password';
const ITERATIONS = Number(process.env.BENCH_ITERATIONS ?? 200);
const WARMUP = 30;
const scale = Number(process.env.BENCH_SCALE ?? 0.1);
const sizes = {
  orgs: Math.round(2_000 * scale),
  persons: Math.round(100_000 * scale),
  sessions: Math.round(1_000_000 * scale),
  audit: Math.round(5_000_000 * scale),
};
const log = (s: string) => process.stdout.write(`${s}\n`);
const env = benchEnv(PASSWORD, 1);
const config = loadConfig(env);
if (config.database.kind !== 'pglite') throw new Error('this benchmark runs on the embedded database: unset DATABASE_URL');

// Build: migrations, the demo, then the generator as the owner, in the data folder the server opens.
const started = performance.now();
const db = await connectDatabase<DB>(config.database);
await migrate(db);
await seedDemo(db, { password: PASSWORD, dataDir: config.dataDir, secret: await resolveSecret(db, config), vault: openVault(config) });
const text = benchData('cases-data.sql', sizes);
await db.session((conn) => sql.raw(text).execute(conn));
await db.session((conn) => sql.raw('VACUUM ANALYZE').execute(conn));
await db.close();
log(`PGlite, ${Object.entries(sizes).map(([k, v]) => `${v} ${k}`).join(', ')}: built in ${((performance.now() - started) / 1000).toFixed(0)} s`);

const tandem = await createTandem(config);
try {
  await tandem.app.listen({ port: 0, host: '127.0.0.1' });
  const base = `http://127.0.0.1:${(tandem.app.server.address() as AddressInfo).port}`;
  const secrets = new Map((tandem.demo?.accounts ?? []).map((a) => [a.email, a.totpSecret ?? null]));
  const one = async <T>(query: string) => (await tandem.db.system((tx) => sql<T>`${sql.raw(query)}`.execute(tx))).rows[0]!;
  const teamCase = await one<{ id: string; case_number: string; alias: string }>(`SELECT c.id, c.case_number, c.alias FROM cases c JOIN case_team t ON t.case_id = c.id
    JOIN organisations o ON o.id = t.org_id WHERE o.short_name = 'BPC' AND c.case_number LIKE 'XM-2025-%' ORDER BY c.case_number LIMIT 1 OFFSET 20`);
  const leadCase = await one<{ id: string; case_number: string; alias: string }>(`SELECT c.id, c.case_number, c.alias FROM cases c JOIN organisations o ON o.id = c.lead_org_id
    WHERE o.short_name = 'PRS' AND c.case_number LIKE 'XM-2025-%' ORDER BY c.case_number LIMIT 1 OFFSET 500`);
  const people = { caseworker: teamCase, coordinator: leadCase };
  log(`\n${ITERATIONS} sequential requests after ${WARMUP} of warm-up, one client (ms):\n`);
  log('| who | what | HTTP p50 | HTTP p95 |\n|---|---|---|---|');
  for (const [who, own] of Object.entries(people)) {
    const email = `${who}@tandem.example`;
    const get = await signIn(base, email, PASSWORD, secrets.get(email) ?? null);
    const requests: Array<[string, string]> = [
      ['case list, open adult returnees', '/api/cases?status=open&category=adult_returnee'],
      ['search by case number', `/api/cases?q=${encodeURIComponent(own.case_number)}`],
      ['search by alias', `/api/cases?q=${encodeURIComponent(`${own.alias.split(' ')[0]!} 1`)}`],
      ['case page', `/api/cases/${own.id}`],
      ['referral inbox', '/api/referrals/inbox'],
    ];
    for (const [what, path] of requests) {
      const t = await time(() => get(path), ITERATIONS, WARMUP);
      log(`| ${who} | ${what} | ${t.p50.toFixed(2)} | ${t.p95.toFixed(2)} |`);
    }
  }
} finally {
  await tandem.close();
}
