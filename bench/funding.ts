// Funding at the size of a busy regional fund (PostgreSQL): 200 published calls of 50 applications
// each (10,000), three reviewers per application from five people, two reviews scored
// (BENCH_SCALE changes the calls), measured through HTTP beside the same SQL replayed directly:
// the donor officer's list, a call with its applications and review sums, one application with
// its reviews; a reviewer's queue and an application opened through the conflict walls.
import type { AddressInfo } from 'node:net';
import pg from 'pg';
import { loadConfig } from '../src/config.ts';
import { createTandem } from '../src/server.ts';
import { benchEnv, buildBenchDatabase, dropBenchDatabase } from './setup.ts';
import { captureStatements, directQuery, replay, signIn, time, type Getter } from './measure.ts';

const ITERATIONS = Number(process.env.BENCH_ITERATIONS ?? 100);
const WARMUP = 10;
const SCALE = Number(process.env.BENCH_SCALE ?? 1);
const PASSWORD = 'benchmark password';
const serverUrl = process.env.BENCH_DATABASE_URL ?? 'postgres://postgres@127.0.0.1:5432/postgres';
const sizes = { orgs: 2000, calls: Math.max(2, Math.round(200 * SCALE)), per_call: 50 };
const env = benchEnv(PASSWORD, 4);
const log = (s: string) => process.stdout.write(`${s}\n`);

const admin = new pg.Client({ connectionString: serverUrl });
await admin.connect();
const reuse = process.env.BENCH_REUSE;
const name = reuse ?? `tandem_bench_funding_${process.pid}`;
const dbUrl = new URL(serverUrl);
dbUrl.pathname = `/${name}`;
let tandem: Awaited<ReturnType<typeof createTandem>> | undefined;
const probe = new pg.Client({ connectionString: dbUrl.toString(), options: '-c jit=off' });
try {
  if (!reuse) {
    await admin.query(`CREATE DATABASE ${name}`);
    log(`Building ${name} …`);
    await buildBenchDatabase(dbUrl.toString(), 'funding-data.sql', sizes, env, log);
  }
  tandem = await createTandem(loadConfig({ ...env, DATABASE_URL: dbUrl.toString() }));
  await tandem.app.listen({ port: 0, host: '127.0.0.1' });
  const base = `http://127.0.0.1:${(tandem.app.server.address() as AddressInfo).port}`;
  await probe.connect();
  const n = (
    await directQuery(probe, `SELECT (SELECT count(*) FROM funding_calls) calls, (SELECT count(*) FROM funding_applications) applications,
      (SELECT count(*) FROM funding_reviewers) reviewers, (SELECT count(*) FROM funding_scores) scores,
      (SELECT count(*) FROM funding_reviewers r JOIN users u ON u.id = r.reviewer_user_id WHERE u.email = 'monitor@tandem.example') monitor`)
  ).rows[0] as Record<string, string>;
  log(`Funding: ${n.calls} calls, ${n.applications} applications, ${n.reviewers} assignments (${n.monitor} of the monitor), ${n.scores} scores.`);
  const call = (await directQuery(probe, `SELECT id FROM funding_calls WHERE title = 'Benchmark call 13'`)).rows[0]!.id as string;
  const opened = (
    await directQuery(probe, `SELECT r.application_id AS id FROM funding_reviewers r JOIN users u ON u.id = r.reviewer_user_id JOIN funding_applications a ON a.id = r.application_id
      WHERE u.email = 'monitor@tandem.example' AND r.declared_at IS NOT NULL AND a.call_id = $1 LIMIT 1`, [call])
  ).rows[0]!.id as string;
  const secretOf = (email: string) => (tandem!.demo?.accounts ?? []).find((a) => a.email === email)?.totpSecret ?? null;
  const who: Record<string, Getter> = {
    donor: await signIn(base, 'donor@tandem.example', PASSWORD, secretOf('donor@tandem.example')),
    reviewer: await signIn(base, 'monitor@tandem.example', PASSWORD, secretOf('monitor@tandem.example')),
  };
  const requests: Array<[string, string, string]> = [
    ['donor', 'calls list', '/api/funding/calls'],
    ['donor', 'one call, 50 applications', `/api/funding/calls/${call}`],
    ['donor', 'one application with reviews', `/api/funding/applications/${opened}`],
    ['reviewer', 'review queue (500 newest)', '/api/funding/reviews'],
    ['reviewer', 'one application, walls', `/api/funding/applications/${opened}`],
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
    log(`${person.padEnd(10)}${what.padEnd(34)}${f(http.p50)}${f(http.p95)}${f(sqlRun.p50)}${f(sqlRun.p95)}  ${ratio.padStart(8)}  ${statements.length}`);
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
