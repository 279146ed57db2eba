// npm run bench:cases: the cases module at national scale on PostgreSQL. Generates 100,000
// persons and cases, 1,000,000 service sessions, 5,000,000 audit events and 2,000 organisations
// into a scratch database, then measures for a caseworker (at a centre serving ~2,000 of those
// cases) and for a coordinator (at an agency leading tens of thousands): case list with filters,
// search by case number and by alias, case page, referral inbox.
//
// Each figure is the HTTP API side by side with "the same SQL run directly": the statements the
// application sent to PostgreSQL for that request (captured from the driver, context settings,
// row-level security, audit write and all), replayed in order on a plain connection. The ratio
// is the application's own overhead. Throughput: 16 concurrent clients on the caseworker's case
// list against 16 connections replaying its SQL. Not a test: never gates CI.
//
//   npm run bench:cases                    scale as above; the database is dropped afterwards
//   BENCH_DATABASE_URL=postgres://…        server to use (default postgres://postgres@127.0.0.1:5432/postgres)
//   BENCH_PERSONS / BENCH_SESSIONS / BENCH_AUDIT / BENCH_ORGS   smaller or larger data sets
//   BENCH_KEEP=1  keep the database; BENCH_REUSE=<name>  measure an existing one again
//   BENCH_STATEMENTS=1  also print each request's five slowest statements (=all: every one)
//   BENCH_ONLY=<text>   measure only the requests whose "who what" contains it (and skip throughput)
//   BENCH_EXPLAIN=<ms>  EXPLAIN ANALYZE each request's statements, with the plans of those from <ms>
import { mkdtempSync } from 'node:fs';
import type { AddressInfo } from 'node:net';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import pg from 'pg';
import { loadConfig } from '../src/config.ts';
import { createTandem } from '../src/server.ts';
import { benchEnv, buildBenchDatabase, dropBenchDatabase } from './setup.ts';
import { captureStatements, directQuery, explainStatements, replay, serverThread, signIn as signInWith, throughput as throughputFor, time as timeFor, type Getter } from './measure.ts';

const ITERATIONS = Number(process.env.BENCH_ITERATIONS ?? 300);
const WARMUP = 30;
const CONCURRENCY = 16;
const THROUGHPUT_SECONDS = Number(process.env.BENCH_SECONDS ?? 10);
const PASSWORD = 'benchmark password';
const serverUrl = process.env.BENCH_DATABASE_URL ?? 'postgres://postgres@127.0.0.1:5432/postgres';
const scale = {
  orgs: Number(process.env.BENCH_ORGS ?? 2_000),
  persons: Number(process.env.BENCH_PERSONS ?? 100_000),
  sessions: Number(process.env.BENCH_SESSIONS ?? 1_000_000),
  audit: Number(process.env.BENCH_AUDIT ?? 5_000_000),
};
const env = benchEnv(PASSWORD, CONCURRENCY);
const log = (s: string) => process.stdout.write(`${s}\n`);
const time = (fn: () => Promise<unknown>) => timeFor(fn, ITERATIONS, WARMUP);
const throughput = (workers: Array<() => Promise<unknown>>) => throughputFor(workers, THROUGHPUT_SECONDS);
const signIn = (base: string, email: string, totpSecret: string | null) => signInWith(base, email, PASSWORD, totpSecret);

// ---- the run -------------------------------------------------------------------------------------
const admin = new pg.Client({ connectionString: serverUrl });
await admin.connect();
const reuse = process.env.BENCH_REUSE;
const name = reuse ?? `tandem_bench_cases_${process.pid}`;
const dbUrl = new URL(serverUrl);
dbUrl.pathname = `/${name}`;
if (!reuse) {
  await admin.query(`CREATE DATABASE ${name}`);
  log(`Building ${name} …`);
  await buildBenchDatabase(dbUrl.toString(), 'cases-data.sql', scale, env, log);
}

/** BENCH_STATEMENTS=1: each statement of a request timed on its own (median of 20), the slowest five. */
async function slowestStatements(client: pg.Client, statements: Awaited<ReturnType<typeof captureStatements>>) {
  const took = statements.map(() => [] as number[]);
  for (let round = 0; round < 20; round++) {
    for (const [i, st] of statements.entries()) {
      const t = performance.now();
      await directQuery(client, st.text, st.values);
      took[i]!.push(performance.now() - t);
    }
  }
  const median = took.map((xs) => [...xs].sort((a, b) => a - b)[xs.length >> 1]!);
  const order = median.map((m, i) => [m, i] as const).sort((a, b) => b[0] - a[0]).slice(0, process.env.BENCH_STATEMENTS === 'all' ? undefined : 5);
  for (const [m, i] of order) log(`    ${m.toFixed(2).padStart(7)} ms  ${statements[i]!.text.replace(/\s+/g, ' ').slice(0, 150)}`);
}

/** BENCH_ONLY ends the run after the requests it names. */
class Done extends Error {}

let tandem: Awaited<ReturnType<typeof createTandem>> | undefined;
const direct: pg.Client[] = [];
try {
  tandem = await createTandem(loadConfig({ ...env, DATABASE_URL: dbUrl.toString() }));
  await tandem.app.listen({ port: 0, host: '127.0.0.1' });
  const base = `http://127.0.0.1:${(tandem.app.server.address() as AddressInfo).port}`;
  const secrets = new Map((tandem.demo?.accounts ?? []).map((a) => [a.email, a.totpSecret ?? null]));
  for (let i = 0; i < CONCURRENCY; i++) {
    // The same session settings as the application's pool (see platform/db/connect.ts).
    const c = new pg.Client({ connectionString: dbUrl.toString(), options: '-c jit=off' });
    await c.connect();
    direct.push(c);
  }
  const probe = direct[0]!;
  const counts = await probe.query<{ cases: string; sessions: string; audit: string; orgs: string }>(
    `SELECT (SELECT count(*) FROM cases) cases, (SELECT count(*) FROM service_sessions) sessions,
            (SELECT count(*) FROM audit_events) audit, (SELECT count(*) FROM organisations) orgs`,
  );
  const n = counts.rows[0]!;
  log(`Data: ${n.cases} cases, ${n.sessions} service sessions, ${n.audit} audit events, ${n.orgs} organisations.`);

  const caseOf = async (sql: string) => (await probe.query<{ id: string }>(sql)).rows[0]!.id;
  const teamCase = await caseOf(`SELECT c.id FROM cases c JOIN case_team t ON t.case_id = c.id JOIN organisations o ON o.id = t.org_id
    WHERE o.short_name = 'BPC' AND c.case_number LIKE 'XM-2025-%' ORDER BY c.case_number LIMIT 1 OFFSET 20`);
  const leadCase = await caseOf(`SELECT c.id FROM cases c JOIN organisations o ON o.id = c.lead_org_id
    WHERE o.short_name = 'PRS' AND c.case_number LIKE 'XM-2025-%' ORDER BY c.case_number LIMIT 1 OFFSET 500`);
  const numberOf = async (id: string) => (await probe.query<{ case_number: string; alias: string }>(`SELECT case_number, alias FROM cases WHERE id = $1`, [id])).rows[0]!;
  const teamNumber = await numberOf(teamCase);
  const leadNumber = await numberOf(leadCase);
  const ledByCoordinator = (await probe.query<{ n: string }>(`SELECT count(*) n FROM cases c JOIN organisations o ON o.id = c.lead_org_id WHERE o.short_name = 'PRS'`)).rows[0]!.n;
  const servedByCaseworker = (await probe.query<{ n: string }>(`SELECT count(*) n FROM case_team t JOIN organisations o ON o.id = t.org_id WHERE o.short_name = 'BPC'`)).rows[0]!.n;
  log(`The coordinator's agency leads ${ledByCoordinator} cases; the caseworker's centre serves ${servedByCaseworker}.`);

  const people = {
    caseworker: { email: 'caseworker@tandem.example', own: teamCase, number: teamNumber },
    coordinator: { email: 'coordinator@tandem.example', own: leadCase, number: leadNumber },
  };
  const f = (x: number) => `${x.toFixed(2).padStart(7)} ms`;
  const only = process.env.BENCH_ONLY;
  const explainFrom = process.env.BENCH_EXPLAIN === undefined ? null : Number(process.env.BENCH_EXPLAIN);
  const rows: string[] = [];
  log(`\n${ITERATIONS} sequential requests after ${WARMUP} of warm-up, one client; SQL replayed on one connection.\n`);
  log(`${'who'.padEnd(12)}${'what'.padEnd(34)}${'HTTP p50'.padStart(11)}${'HTTP p95'.padStart(11)}${'SQL p50'.padStart(11)}${'SQL p95'.padStart(11)}  overhead p50`);
  const get: Record<string, Getter> = {};
  for (const [who, p] of Object.entries(people)) {
    get[who] = await signIn(base, p.email, secrets.get(p.email) ?? null);
    const alias = p.number.alias.split(' ')[0]!;
    const requests: Array<[string, string]> = [
      ['case list, open adult returnees', '/api/cases?status=open&category=adult_returnee'],
      ['search by case number', `/api/cases?q=${encodeURIComponent(p.number.case_number)}`],
      ['search by alias', `/api/cases?q=${encodeURIComponent(`${alias} 1`)}`],
      ['case page', `/api/cases/${p.own}`],
      ['referral inbox', '/api/referrals/inbox'],
    ];
    for (const [what, path] of requests) {
      if (only && !`${who} ${what}`.includes(only)) continue;
      const request = () => get[who]!(path);
      const statements = await captureStatements(request);
      if (explainFrom !== null) {
        log(`EXPLAIN ANALYZE, ${who}, ${what}:`);
        await explainStatements(probe, statements, explainFrom, log);
      }
      const http = await time(request);
      const sqlRun = await time(() => replay(probe, statements));
      const line = `${who.padEnd(12)}${what.padEnd(34)}${f(http.p50)}${f(http.p95)}${f(sqlRun.p50)}${f(sqlRun.p95)}  ×${(http.p50 / sqlRun.p50).toFixed(2)}`;
      log(line);
      if (process.env.BENCH_STATEMENTS) await slowestStatements(probe, statements);
      rows.push(`| ${who} | ${what} | ${http.p50.toFixed(2)} | ${http.p95.toFixed(2)} | ${sqlRun.p50.toFixed(2)} | ${sqlRun.p95.toFixed(2)} | ×${(http.p50 / sqlRun.p50).toFixed(2)} | ${statements.length} |`);
    }
  }

  if (only) throw new Done();
  const listPath = '/api/cases?status=open&category=adult_returnee';
  const statements = await captureStatements(() => get.caseworker!(listPath));
  // The shortest plain SQL that returns the same page and total, as the owner: no row-level
  // security, no context, no audit write; need to know written out by hand (the cases the centre
  // leads, and its open team places with an access-list row in force today). Written against
  // the tables every version has, so that it is the same yardstick before and after.
  const centre = (await probe.query<{ id: string }>(`SELECT id FROM organisations WHERE short_name = 'BPC'`)).rows[0]!.id;
  const plainText = `
    WITH m AS (
      SELECT c.id, c.case_number, c.alias, c.sex, c.age_band, c.category, c.region, c.status, c.lead_org_id, c.opened_on, c.updated_at
      FROM cases c
      WHERE c.status = 'open' AND c.category = 'adult_returnee'
        AND (c.lead_org_id = $1 OR c.id = ANY (ARRAY (
              SELECT t.case_id FROM case_team t WHERE t.org_id = $1 AND t.left_at IS NULL
                AND EXISTS (SELECT 1 FROM case_access a WHERE a.org_id = $1 AND a.case_id = t.case_id
                            AND current_date BETWEEN a.valid_from AND a.valid_until)))))
    SELECT m.*, count(*) OVER () AS total FROM m ORDER BY m.updated_at DESC, m.id DESC LIMIT 50`;
  const plain = await directQuery(probe, plainText, [centre]);
  const api = (await get.caseworker!.json(`${listPath}&limit=50`)) as { cases: Array<{ id: string }>; total: number; totalCapped: boolean };
  const plainIds = plain.rows.map((r: { id: string }) => r.id).sort();
  const apiIds = api.cases.map((c) => c.id).sort();
  const plainTotal = Number(plain.rows[0]?.total ?? 0);
  const same = JSON.stringify(plainIds) === JSON.stringify(apiIds) && (api.totalCapped ? plainTotal > api.total : plainTotal === api.total);
  log(`\nPlain SQL check: ${plain.rows.length} rows, total ${plainTotal}; the API: ${api.cases.length} rows, total ${api.total}${api.totalCapped ? '+' : ''} — ${same ? 'the same page' : 'DIFFERENT (the plain rate below is not comparable)'}`);
  const plainRun = await time(() => directQuery(probe, plainText, [centre]));
  log(`Plain SQL, one connection: p50 ${plainRun.p50.toFixed(2)} ms, p95 ${plainRun.p95.toFixed(2)} ms`);
  // The clients' fetch calls share this thread with the server above; a server on its own
  // thread (same database) is measured too, as clients elsewhere would see it.
  const sharedRate = await throughput(Array.from({ length: CONCURRENCY }, () => () => get.caseworker!(listPath)));
  const own = await serverThread({ ...env, DATABASE_URL: dbUrl.toString(), TANDEM_DATA_DIR: mkdtempSync(join(tmpdir(), 'tandem-bench-')) });
  let apiRate: number;
  try {
    const there = get.caseworker!.at(own.base);
    await there(listPath);
    apiRate = await throughput(Array.from({ length: CONCURRENCY }, () => () => there(listPath)));
  } finally {
    await own.close();
  }
  const sqlRate = await throughput(direct.map((c) => () => replay(c, statements)));
  const plainRate = await throughput(direct.map((c) => () => directQuery(c, plainText, [centre])));
  log(`\nThroughput, ${CONCURRENCY} concurrent clients for ${THROUGHPUT_SECONDS} s, caseworker's case list with its audit write:`);
  log(`  HTTP API, server on its own thread ${apiRate.toFixed(0)} req/s (sharing the clients' thread: ${sharedRate.toFixed(0)} req/s)`);
  log(`  same SQL, ${CONCURRENCY} connections ${sqlRate.toFixed(0)} req/s | API reaches 1/${(sqlRate / apiRate).toFixed(1)} of raw SQL`);
  log(`  plain SQL without row-level security (same page and total), ${CONCURRENCY} connections ${plainRate.toFixed(0)} req/s | API reaches ${(apiRate / plainRate).toFixed(2)} of it`);
  log(`\nMarkdown rows (who | what | HTTP p50 | HTTP p95 | SQL p50 | SQL p95 | overhead | statements):\n${rows.join('\n')}`);
} catch (error) {
  if (!(error instanceof Done)) throw error;
} finally {
  await Promise.all(direct.map((c) => c.end()));
  await tandem?.close();
  if (!reuse && !process.env.BENCH_KEEP) await dropBenchDatabase(admin, name);
  else log(`Kept database ${name}.`);
  await admin.end();
}
