// npm run bench:indicators: the computed indicators (monitoring) on PostgreSQL, on the demo data
// and at national scale (bench/cases-data.sql: 100,000 cases with their referrals, consents and
// 1,000,000 service sessions). For each indicator function, and for the whole API request
// (all functions, disclosure control, JSON), prints the first run on a new connection ("cold":
// no cached plans or catalog entries; table pages may still be in memory after the build) and
// the median and p95 of the runs after it ("warm"). National scope as the plan coordinator, the
// organisation's caseload as the agency's case coordinator (whose agency leads 60% of the cases).
// Not a test: never gates CI.
//
//   npm run bench:indicators              demo data, then national scale; databases dropped afterwards
//   BENCH_DATABASE_URL=postgres://…       server to use (default postgres://postgres@127.0.0.1:5432/postgres)
//   BENCH_PERSONS / BENCH_SESSIONS / BENCH_AUDIT / BENCH_ORGS   national data set sizes
//   BENCH_ITERATIONS=20                   warm runs measured
import type { AddressInfo } from 'node:net';
import pg from 'pg';
import { loadConfig } from '../src/config.ts';
import { createTandem } from '../src/server.ts';
import { benchEnv, buildBenchDatabase, dropBenchDatabase } from './setup.ts';
import { signIn, stats } from './measure.ts';

const ITERATIONS = Number(process.env.BENCH_ITERATIONS ?? 20);
const PASSWORD = 'benchmark password';
const serverUrl = process.env.BENCH_DATABASE_URL ?? 'postgres://postgres@127.0.0.1:5432/postgres';
const scale = {
  orgs: Number(process.env.BENCH_ORGS ?? 2_000),
  persons: Number(process.env.BENCH_PERSONS ?? 100_000),
  sessions: Number(process.env.BENCH_SESSIONS ?? 1_000_000),
  // Audit events take the build most of its time and no indicator reads them.
  audit: Number(process.env.BENCH_AUDIT ?? 100_000),
};
const env = benchEnv(PASSWORD, 4);
const log = (s: string) => process.stdout.write(`${s}\n`);
const ms = (n: number) => n.toFixed(2).padStart(9);

const FUNCTIONS: Array<[string, string]> = [
  ['open cases by category', `SELECT * FROM tandem_indicator_open_cases($1, 'category')`],
  ['open cases by age band', `SELECT * FROM tandem_indicator_open_cases($1, 'age_band')`],
  ['open cases by region', `SELECT * FROM tandem_indicator_open_cases($1, 'region')`],
  ['people with a case plan', `SELECT * FROM tandem_indicator_case_plans($1)`],
  ['referrals answered in 10 days', `SELECT * FROM tandem_indicator_referrals_answered($1, 10)`],
  ['consents expiring in 30 days', `SELECT * FROM tandem_indicator_consents_expiring($1)`],
  ['cases closed', `SELECT * FROM tandem_indicator_cases_closed($1)`],
];

/** One function as the application runs it: in a transaction as tandem_app, with the caller set. */
async function runAs(client: pg.Client, who: { user: string; org: string }, text: string, scope: string): Promise<number> {
  await client.query('BEGIN');
  await client.query('SET LOCAL ROLE tandem_app');
  await client.query(`SELECT set_config('tandem.user_id', $1, true), set_config('tandem.org_id', $2, true)`, [who.user, who.org]);
  const t = performance.now();
  await client.query(text, [scope]);
  const took = performance.now() - t;
  await client.query('COMMIT');
  return took;
}

async function measure(url: string, label: string): Promise<void> {
  const tandem = await createTandem(loadConfig({ ...env, DATABASE_URL: url }));
  try {
    await tandem.app.listen({ port: 0, host: '127.0.0.1' });
    const base = `http://127.0.0.1:${(tandem.app.server.address() as AddressInfo).port}`;
    const secrets = new Map((tandem.demo?.accounts ?? []).map((a) => [a.email, a.totpSecret ?? null]));
    const owner = new pg.Client({ connectionString: url });
    await owner.connect();
    const id = async (email: string) =>
      (await owner.query<{ user: string; org: string }>(`SELECT u.id AS user, m.org_id AS org FROM users u JOIN memberships m ON m.user_id = u.id WHERE u.email = $1`, [email])).rows[0]!;
    const { rows: size } = await owner.query<{ open: number; referrals: number; consents: number }>(
      `SELECT (SELECT count(*) FROM cases WHERE status = 'open')::int AS open, (SELECT count(*) FROM referrals)::int AS referrals, (SELECT count(*) FROM case_consents)::int AS consents`,
    );
    log(`\n## ${label}: ${size[0]!.open} open cases, ${size[0]!.referrals} referrals, ${size[0]!.consents} consents (ms)\n`);
    log('| scope | indicator | cold | warm p50 | warm p95 |');
    log('|---|---|---|---|---|');
    for (const [scope, email] of [
      ['national', 'plan-coordinator@tandem.example'],
      ['organisation', 'coordinator@tandem.example'],
    ] as const) {
      const who = await id(email);
      for (const [name, text] of FUNCTIONS) {
        const client = new pg.Client({ connectionString: url, options: '-c jit=off' });
        await client.connect();
        const cold = await runAs(client, who, text, scope);
        const warm: number[] = [];
        for (let i = 0; i < ITERATIONS; i++) warm.push(await runAs(client, who, text, scope));
        await client.end();
        const s = stats(warm);
        log(`| ${scope} | ${name} | ${ms(cold)} | ${ms(s.p50)} | ${ms(s.p95)} |`);
      }
      const get = await signIn(base, email, PASSWORD, secrets.get(email) ?? null);
      const path = `/api/monitoring/indicators?scope=${scope}&days=10`;
      let t = performance.now();
      await get(path);
      const cold = performance.now() - t;
      const warm: number[] = [];
      for (let i = 0; i < ITERATIONS; i++) {
        t = performance.now();
        await get(path);
        warm.push(performance.now() - t);
      }
      const s = stats(warm);
      log(`| ${scope} | **whole request (HTTP, 7 functions, disclosure control)** | ${ms(cold)} | ${ms(s.p50)} | ${ms(s.p95)} |`);
    }
    await owner.end();
  } finally {
    await tandem.close();
  }
}

const admin = new pg.Client({ connectionString: serverUrl });
await admin.connect();
const made: string[] = [];
const urlOf = (name: string) => {
  const u = new URL(serverUrl);
  u.pathname = `/${name}`;
  return u.toString();
};
try {
  const demo = `tandem_bench_ind_demo_${process.pid}`;
  await admin.query(`CREATE DATABASE ${demo}`);
  made.push(demo);
  await measure(urlOf(demo), 'Demo data');

  const national = `tandem_bench_ind_${process.pid}`;
  await admin.query(`CREATE DATABASE ${national}`);
  made.push(national);
  log(`\nBuilding ${national} …`);
  await buildBenchDatabase(urlOf(national), 'cases-data.sql', scale, env, log);
  await measure(urlOf(national), 'National scale');
} finally {
  for (const name of made) await dropBenchDatabase(admin, name);
  await admin.end();
}
