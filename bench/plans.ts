// npm run bench:plans: the action-planning module at national scale on PostgreSQL. Adds to the
// demo installation one published plan in consultation with 40 sections (3 versions each),
// 6 consultations, 150 invited organisations (of 300 more in the country), 5,000 contributions
// (60% answered, with links to sections and commitments), 800 meeting participants and 60
// commitments (5 milestones, 4 bodies, 3 indicators, 10 progress updates and 5 independent
// assessments each); then measures what the plan's coordinator and the public (signed out) read.
//
// Each figure is the HTTP API beside the same SQL run directly: the statements the application
// sent for that request, captured from the driver and replayed in order on a plain connection
// (see bench/measure.ts). The PDF is measured through HTTP only. Not a test: never gates CI.
//
//   npm run bench:plans                 full scale; the scratch database is dropped afterwards
//   BENCH_DATABASE_URL=postgres://…     server to use (default postgres://postgres@127.0.0.1:5432/postgres)
//   BENCH_SCALE=0.1                     a tenth of the data (development)
//   BENCH_ITERATIONS=100                requests measured after 10 of warm-up
//   BENCH_PDF_ITERATIONS=3              PDFs measured (no warm-up: each takes seconds)
//   BENCH_ONLY=<text>                   only the requests whose name contains the text
//   BENCH_EXPLAIN=<ms>                  EXPLAIN ANALYZE the SQL of each request, plans of statements from <ms>
//   BENCH_KEEP=1  keep the database; BENCH_REUSE=<name>  measure an existing one again
import type { AddressInfo } from 'node:net';
import pg from 'pg';
import { loadConfig } from '../src/config.ts';
import { createTandem } from '../src/server.ts';
import { benchEnv, buildBenchDatabase, dropBenchDatabase } from './setup.ts';
import { captureStatements, directQuery, explainStatements, replay, signedOut, signIn, time, type Getter } from './measure.ts';

const ITERATIONS = Number(process.env.BENCH_ITERATIONS ?? 100);
const WARMUP = 10;
// A PDF of thousands of contributions takes seconds to lay out: fewer of them.
const PDF_ITERATIONS = Number(process.env.BENCH_PDF_ITERATIONS ?? 3);
const SCALE = Number(process.env.BENCH_SCALE ?? 1);
const PASSWORD = 'benchmark password';
const serverUrl = process.env.BENCH_DATABASE_URL ?? 'postgres://postgres@127.0.0.1:5432/postgres';
const sized = (n: number, min: number) => Math.max(min, Math.round(n * SCALE));
const sizes = {
  orgs: sized(300, 20),
  invited: sized(150, 10),
  sections: sized(40, 6),
  contributions: sized(5_000, 60),
  participants: sized(800, 10),
  commitments: sized(60, 3),
};
const env = benchEnv(PASSWORD, 4);
const log = (s: string) => process.stdout.write(`${s}\n`);

const admin = new pg.Client({ connectionString: serverUrl });
await admin.connect();
const reuse = process.env.BENCH_REUSE;
const name = reuse ?? `tandem_bench_plans_${process.pid}`;
const dbUrl = new URL(serverUrl);
dbUrl.pathname = `/${name}`;
let tandem: Awaited<ReturnType<typeof createTandem>> | undefined;
// The same session settings as the application's pool (see platform/db/connect.ts).
const probe = new pg.Client({ connectionString: dbUrl.toString(), options: '-c jit=off' });
try {
  if (!reuse) {
    await admin.query(`CREATE DATABASE ${name}`);
    log(`Building ${name} …`);
    await buildBenchDatabase(dbUrl.toString(), 'plans-data.sql', sizes, env, log);
  }
  tandem = await createTandem(loadConfig({ ...env, DATABASE_URL: dbUrl.toString() }));
  await tandem.app.listen({ port: 0, host: '127.0.0.1' });
  const base = `http://127.0.0.1:${(tandem.app.server.address() as AddressInfo).port}`;
  await probe.connect();
  const plan = (await directQuery(probe, `SELECT id FROM plans WHERE title LIKE 'Benchmark national action plan%'`)).rows[0]!.id as string;
  const commitment = (await directQuery(probe, `SELECT id FROM commitments WHERE plan_id = $1 AND reference = 'B-1'`, [plan])).rows[0]!.id as string;
  const n = (
    await directQuery(
      probe,
      `SELECT (SELECT count(*) FROM plan_sections WHERE plan_id = $1) sections, (SELECT count(*) FROM consultations WHERE plan_id = $1) consultations,
              (SELECT count(DISTINCT org_id) FROM consultation_invitations WHERE plan_id = $1) invited, (SELECT count(*) FROM organisations) orgs,
              (SELECT count(*) FROM contributions WHERE plan_id = $1) contributions,
              (SELECT count(*) FROM contributions WHERE plan_id = $1 AND response_status IS NULL) unanswered,
              (SELECT count(*) FROM consultation_participants WHERE plan_id = $1) participants, (SELECT count(*) FROM commitments WHERE plan_id = $1) commitments,
              (SELECT count(*) FROM commitment_progress WHERE plan_id = $1) progress, (SELECT count(*) FROM commitment_assessments WHERE plan_id = $1) assessments`,
      [plan],
    )
  ).rows[0] as Record<string, string>;
  log(
    `Plan: ${n.sections} sections, ${n.consultations} consultations, ${n.invited} invited of ${n.orgs} organisations, ${n.contributions} contributions ` +
      `(${n.unanswered} unanswered), ${n.participants} participants, ${n.commitments} commitments, ${n.progress} progress updates, ${n.assessments} assessments.`,
  );

  const coordinator = 'plan-coordinator@tandem.example';
  const secret = (tandem.demo?.accounts ?? []).find((a) => a.email === coordinator)?.totpSecret ?? null;
  const who: Record<string, Getter> = { coordinator: await signIn(base, coordinator, PASSWORD, secret), public: signedOut(base) };
  // [who, what, path, replay the SQL too]
  const requests: Array<[string, string, string, boolean]> = [
    ['coordinator', 'contributions queue, unanswered', `/api/plans/${plan}/contributions?status=unanswered`, true],
    ['coordinator', 'plan overview', `/api/plans/${plan}`, true],
    ['coordinator', 'commitment list', `/api/plans/${plan}/commitments`, true],
    ['coordinator', 'commitment detail', `/api/plans/${plan}/commitments/${commitment}`, true],
    ['coordinator', 'public plan page', `/api/public/plans/${plan}`, true],
    ['coordinator', 'response report', `/api/plans/${plan}/report`, true],
    ['coordinator', 'response report PDF', `/api/plans/${plan}/report.pdf?lang=en`, false],
    ['coordinator', 'figures', `/api/plans/${plan}/figures`, true],
    ['coordinator', 'contributions CSV', `/api/plans/${plan}/exports/contributions.csv`, true],
    ['public', 'commitment list', `/api/plans/${plan}/commitments`, true],
    ['public', 'commitment detail', `/api/public/plans/${plan}/commitments/${commitment}`, true],
    ['public', 'public plan page', `/api/public/plans/${plan}`, true],
    ['public', 'response report', `/api/public/plans/${plan}/report`, true],
    ['public', 'response report PDF', `/api/public/plans/${plan}/report.pdf?lang=en`, false],
    ['public', 'figures', `/api/public/plans/${plan}/figures`, true],
    ['public', 'contributions CSV', `/api/public/plans/${plan}/exports/contributions.csv`, true],
  ];
  const only = process.env.BENCH_ONLY;
  const explainFrom = process.env.BENCH_EXPLAIN === undefined ? null : Number(process.env.BENCH_EXPLAIN);
  const f = (x: number | undefined) => (x === undefined ? '—' : x.toFixed(2)).padStart(10);
  const rows: string[] = [];
  log(`\n${ITERATIONS} sequential requests after ${WARMUP} of warm-up, one client; SQL replayed on one connection (ms).\n`);
  log(`${'who'.padEnd(12)}${'what'.padEnd(34)}${'HTTP p50'.padStart(10)}${'HTTP p95'.padStart(10)}${'SQL p50'.padStart(10)}${'SQL p95'.padStart(10)}  overhead  statements`);
  for (const [person, what, path, withSql] of requests) {
    if (only && !`${person} ${what}`.includes(only)) continue;
    const request = () => who[person]!(path);
    const statements = withSql ? await captureStatements(request) : [];
    if (explainFrom !== null && withSql) {
      log(`EXPLAIN ANALYZE, ${person}, ${what}:`);
      await explainStatements(probe, statements, explainFrom, log);
    }
    const http = withSql ? await time(request, ITERATIONS, WARMUP) : await time(request, PDF_ITERATIONS, 0);
    const sqlRun = withSql ? await time(() => replay(probe, statements), ITERATIONS, WARMUP) : undefined;
    const ratio = sqlRun ? `×${(http.p50 / sqlRun.p50).toFixed(2)}` : '—';
    log(`${person.padEnd(12)}${what.padEnd(34)}${f(http.p50)}${f(http.p95)}${f(sqlRun?.p50)}${f(sqlRun?.p95)}  ${ratio.padStart(8)}  ${withSql ? statements.length : '—'}`);
    rows.push(`| ${person} | ${what} | ${http.p50.toFixed(2)} | ${http.p95.toFixed(2)} | ${sqlRun ? sqlRun.p50.toFixed(2) : '—'} | ${sqlRun ? sqlRun.p95.toFixed(2) : '—'} | ${ratio} |`);
  }
  log(`\nMarkdown rows (who | what | HTTP p50 | HTTP p95 | SQL p50 | SQL p95 | overhead p50):\n${rows.join('\n')}`);
} finally {
  await probe.end().catch(() => undefined);
  await tandem?.close();
  if (!reuse && !process.env.BENCH_KEEP) await dropBenchDatabase(admin, name);
  else log(`Kept database ${name}.`);
  await admin.end();
}
