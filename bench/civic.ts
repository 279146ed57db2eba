// The civic-space monitor at the size of a regional monitor (PostgreSQL): 30,000 restriction
// records over ten years in three countries (BENCH_SCALE changes it), measured through HTTP beside
// the same SQL replayed directly, for monitors and for the public pages and open-data export.
import type { AddressInfo } from 'node:net';
import pg from 'pg';
import { loadConfig } from '../src/config.ts';
import { createTandem } from '../src/server.ts';
import { benchEnv, buildBenchDatabase, dropBenchDatabase } from './setup.ts';
import { captureStatements, directQuery, replay, signedOut, signIn, stats, time, type Getter } from './measure.ts';
import { percentile, probeHealth } from '../test/support/health-probe.ts';

const ITERATIONS = Number(process.env.BENCH_ITERATIONS ?? 100);
const WARMUP = 10;
const SCALE = Number(process.env.BENCH_SCALE ?? 1);
const PASSWORD = 'benchmark password';
const serverUrl = process.env.BENCH_DATABASE_URL ?? 'postgres://postgres@127.0.0.1:5432/postgres';
const sized = (n: number, min: number) => Math.max(min, Math.round(n * SCALE));
const sizes = { records: sized(30_000, 300) };
const env = benchEnv(PASSWORD, 4);
const log = (s: string) => process.stdout.write(`${s}\n`);

const admin = new pg.Client({ connectionString: serverUrl });
await admin.connect();
const reuse = process.env.BENCH_REUSE;
const name = reuse ?? `tandem_bench_civic_${process.pid}`;
const dbUrl = new URL(serverUrl);
dbUrl.pathname = `/${name}`;
let tandem: Awaited<ReturnType<typeof createTandem>> | undefined;
const probe = new pg.Client({ connectionString: dbUrl.toString(), options: '-c jit=off' });
try {
  if (!reuse) {
    await admin.query(`CREATE DATABASE ${name}`);
    log(`Building ${name} …`);
    await buildBenchDatabase(dbUrl.toString(), 'civic-data.sql', sizes, env, log);
  }
  tandem = await createTandem(loadConfig({ ...env, DATABASE_URL: dbUrl.toString() }));
  await tandem.app.listen({ port: 0, host: '127.0.0.1' });
  const base = `http://127.0.0.1:${(tandem.app.server.address() as AddressInfo).port}`;
  await probe.connect();
  const n = (
    await directQuery(
      probe,
      `SELECT (SELECT count(*) FROM civic_records) records, (SELECT count(*) FROM civic_records WHERE published_at IS NOT NULL) published,
              (SELECT count(*) FROM civic_records WHERE country = 'XM' AND published_at IS NOT NULL) xm, (SELECT count(*) FROM civic_ratings) ratings`,
    )
  ).rows[0] as Record<string, string>;
  log(`Civic space: ${n.records} records (${n.published} published, ${n.xm} of them in Marisca), ${n.ratings} ratings.`);
  const record = (await directQuery(probe, `SELECT id FROM civic_records WHERE title = 'Benchmark restriction 13'`)).rows[0]!.id as string;
  const monitor = 'monitor@tandem.example';
  const secret = (tandem.demo?.accounts ?? []).find((a) => a.email === monitor)?.totpSecret ?? null;
  const who: Record<string, Getter> = { monitor: await signIn(base, monitor, PASSWORD, secret), public: signedOut(base) };
  const requests: Array<[string, string, string]> = [
    ['monitor', 'records list (500 newest)', '/api/civic/records'],
    ['monitor', 'one record', `/api/civic/records/${record}`],
    ['monitor', 'ratings', '/api/civic/ratings?country=XM'],
    ['public', 'countries', '/api/public/civic/countries'],
    ['public', 'country page (newest 100)', '/api/public/civic/countries/XM'],
    ['public', 'country page, type and year', '/api/public/civic/countries/XM?type=assembly&year=2020'],
    ['public', 'one record', `/api/public/civic/records/${record}`],
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

  // The open-data export, a document the job queue builds (records gathered, then written in the
  // render worker thread) while the public keeps asking for it: how long each request takes, how
  // /api/health answers meanwhile (from a thread of its own), how long until the file is served,
  // and then how fast the built file is served to every reader.
  const exports: Array<[string, string]> = [
    ['JSON, everything', '/api/public/civic/export.json'],
    ['CSV, everything', '/api/public/civic/export.csv'],
    ['CSV, a country and year', '/api/public/civic/export.csv?country=XM&year=2020'],
  ];
  const exportRows: string[] = [];
  log(`\nOpen-data export built in the background (ms): requests while it is built, /api/health meanwhile, then the built file.\n`);
  for (const [what, path] of exports) {
    // From nothing built for this content.
    await directQuery(probe, `DELETE FROM documents WHERE kind = 'public_civic_export'`);
    const asks: number[] = [];
    let builtMs = 0;
    let bytes = 0;
    const started = performance.now();
    const health = await probeHealth(base, async () => {
      for (;;) {
        const t0 = performance.now();
        const res = await fetch(`${base}${path}`);
        const body = await res.arrayBuffer();
        asks.push(performance.now() - t0);
        if (res.status === 200) {
          builtMs = performance.now() - started;
          bytes = body.byteLength;
          return;
        }
        if (res.status !== 202) throw new Error(`${path}: ${res.status}`);
        await new Promise((r) => setTimeout(r, 100));
      }
    });
    const ask = stats(asks);
    const served = await time(() => who.public!(path), Math.max(10, Math.round(ITERATIONS / 5)), 3);
    const h = (q: number) => percentile(health, q).toFixed(1);
    log(
      `${what.padEnd(26)} requests ${asks.length} p50 ${ask.p50.toFixed(1)} p95 ${ask.p95.toFixed(1)} | health ${health.length} p50 ${h(0.5)} p95 ${h(0.95)} p99 ${h(0.99)} max ${Math.max(...health).toFixed(0)} | file after ${(builtMs / 1000).toFixed(1)} s, ${(bytes / 1e6).toFixed(1)} MB, served p50 ${served.p50.toFixed(1)} p95 ${served.p95.toFixed(1)}`,
    );
    exportRows.push(
      `| ${what} | ${asks.length} | ${ask.p50.toFixed(1)} | ${ask.p95.toFixed(1)} | ${h(0.5)} | ${h(0.95)} | ${h(0.99)} | ${(builtMs / 1000).toFixed(1)} | ${(bytes / 1e6).toFixed(1)} | ${served.p50.toFixed(1)} | ${served.p95.toFixed(1)} |`,
    );
  }
  log(`\nMarkdown rows (export | requests while built | request p50 | request p95 | health p50 | health p95 | health p99 | file after s | MB | served p50 | served p95):\n${exportRows.join('\n')}`);
} finally {
  await probe.end().catch(() => undefined);
  await tandem?.close();
  if (!reuse && !process.env.BENCH_KEEP) await dropBenchDatabase(admin, name);
  else log(`Kept database ${name}.`);
  await admin.end();
}
