// Results frameworks at the size of a national plan (PostgreSQL): the demo plan's framework with
// 200 quarterly indicators and ten years of values (8,000 reports, BENCH_SCALE changes the
// programme frameworks), and 300 programme frameworks of other organisations; measured through
// HTTP beside the same SQL replayed directly, for the owner, the reporting organisation, a reader
// and the public page.
import type { AddressInfo } from 'node:net';
import pg from 'pg';
import { loadConfig } from '../src/config.ts';
import { createTandem } from '../src/server.ts';
import { benchEnv, buildBenchDatabase, dropBenchDatabase } from './setup.ts';
import { captureStatements, directQuery, replay, signedOut, signIn, time, type Getter } from './measure.ts';

const ITERATIONS = Number(process.env.BENCH_ITERATIONS ?? 100);
const WARMUP = 10;
const SCALE = Number(process.env.BENCH_SCALE ?? 1);
const PASSWORD = 'benchmark password';
const serverUrl = process.env.BENCH_DATABASE_URL ?? 'postgres://postgres@127.0.0.1:5432/postgres';
const sized = (n: number, min: number) => Math.max(min, Math.round(n * SCALE));
const sizes = { indicators: 200, frameworks: sized(300, 10) };
const env = { ...benchEnv(PASSWORD, 4), TANDEM_LOG_LEVEL: process.env.BENCH_LOG_LEVEL ?? 'silent' };
const log = (s: string) => process.stdout.write(`${s}\n`);

const admin = new pg.Client({ connectionString: serverUrl });
await admin.connect();
const reuse = process.env.BENCH_REUSE;
const name = reuse ?? `tandem_bench_results_${process.pid}`;
const dbUrl = new URL(serverUrl);
dbUrl.pathname = `/${name}`;
let tandem: Awaited<ReturnType<typeof createTandem>> | undefined;
const probe = new pg.Client({ connectionString: dbUrl.toString(), options: '-c jit=off' });
try {
  if (!reuse) {
    await admin.query(`CREATE DATABASE ${name}`);
    log(`Building ${name} …`);
    await buildBenchDatabase(dbUrl.toString(), 'results-data.sql', sizes, env, log);
  }
  tandem = await createTandem(loadConfig({ ...env, DATABASE_URL: dbUrl.toString() }));
  await tandem.app.listen({ port: 0, host: '127.0.0.1' });
  const base = `http://127.0.0.1:${(tandem.app.server.address() as AddressInfo).port}`;
  await probe.connect();
  const n = (
    await directQuery(
      probe,
      `SELECT (SELECT count(*) FROM results_frameworks) frameworks, (SELECT count(*) FROM results_indicators) indicators,
              (SELECT count(*) FROM results_reports) reports, (SELECT count(*) FROM results_report_versions) versions`,
    )
  ).rows[0] as Record<string, string>;
  log(`Results: ${n.frameworks} frameworks, ${n.indicators} indicators, ${n.reports} reports, ${n.versions} versions.`);
  const ids = (await directQuery(probe, `SELECT f.id AS framework, f.plan_id AS plan, (SELECT id FROM results_indicators WHERE title = 'Benchmark indicator 10') AS indicator FROM results_frameworks f WHERE f.plan_id IS NOT NULL`)).rows[0] as Record<string, string>;
  const account = async (email: string) => signIn(base, email, PASSWORD, (tandem!.demo?.accounts ?? []).find((a) => a.email === email)?.totpSecret ?? null);
  const who: Record<string, Getter> = {
    owner: await account('plan-coordinator@tandem.example'),
    reporter: await account('contributor@tandem.example'),
    reader: await account('viewer@tandem.example'),
    public: signedOut(base),
  };
  const requests: Array<[string, string, string]> = [
    ['owner', 'frameworks list', '/api/results/frameworks'],
    ['owner', 'national framework (230 indicators)', `/api/results/frameworks/${ids.framework}`],
    ['owner', 'one indicator, 40 quarters, history', `/api/results/indicators/${ids.indicator}`],
    ['owner', 'review queue', '/api/results/review'],
    ['reporter', 'frameworks list', '/api/results/frameworks'],
    ['reporter', 'one indicator', `/api/results/indicators/${ids.indicator}`],
    ['reader', 'national framework', `/api/results/frameworks/${ids.framework}`],
    ['public', 'published results of the plan', `/api/public/plans/${ids.plan}/results`],
  ];
  const f = (x: number) => x.toFixed(2).padStart(10);
  const rows: string[] = [];
  log(`\n${ITERATIONS} sequential requests after ${WARMUP} of warm-up, one client; SQL replayed on one connection (ms).\n`);
  for (const [person, what, path] of requests) {
    const request = () => who[person]!(path);
    const statements = await captureStatements(request);
    const http = await time(request, ITERATIONS, WARMUP);
    const sqlRun = await time(() => replay(probe, statements), ITERATIONS, WARMUP);
    const ratio = `×${(http.p50 / sqlRun.p50).toFixed(2)}`;
    log(`${person.padEnd(10)}${what.padEnd(38)}${f(http.p50)}${f(http.p95)}${f(sqlRun.p50)}${f(sqlRun.p95)}  ${ratio.padStart(8)}  ${statements.length}`);
    rows.push(`| ${person} | ${what} | ${http.p50.toFixed(2)} | ${http.p95.toFixed(2)} | ${sqlRun.p50.toFixed(2)} | ${sqlRun.p95.toFixed(2)} | ${ratio} |`);
  }
  log(`\nMarkdown rows (who | what | HTTP p50 | HTTP p95 | SQL p50 | SQL p95 | overhead p50):\n${rows.join('\n')}`);
} finally {
  await probe.end().catch(() => undefined);
  await tandem?.close();
  if (!reuse && !process.env.BENCH_KEEP) await dropBenchDatabase(admin, name);
  else log(`Kept database ${name}.`);
  await admin.end();
}
