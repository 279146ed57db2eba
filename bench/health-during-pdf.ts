// The server's health check while a national response report PDF (5,000 contributions) is being
// made, through HTTP on a running server: idle, then while the document job builds the PDF in its
// worker thread, then (for comparison) while the same PDF is laid out on the request thread as it
// was before. Prints p50, p95, p99 and the build time (`npm run bench:health`).
//   BENCH_CONTRIBUTIONS  contributions in the report (5000)
//   BENCH_LANG           the report's language (ar)
import type { AddressInfo } from 'node:net';
import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { loadConfig } from '../src/config.ts';
import { createTandem } from '../src/server.ts';
import { renderPool } from '../src/platform/documents/render-pool.ts';
import { renderReportPdf } from '../src/modules/planning/report-pdf.ts';
import type { ExportLocale } from '../src/modules/cases/export/labels.ts';
import { nationalReportView } from './report-view.ts';
import { percentile as pct, probeHealth } from '../test/support/health-probe.ts';

const contributions = Number(process.env.BENCH_CONTRIBUTIONS ?? 5000);
const lang = (process.env.BENCH_LANG ?? 'ar') as ExportLocale;
const say = (line: string) => process.stdout.write(`${line}\n`);

const dataDir = mkdtempSync(join(tmpdir(), 'tandem-bench-health-'));
const tandem = await createTandem(loadConfig({ TANDEM_DATA_DIR: dataDir, TANDEM_DEMO: '1', TANDEM_DEMO_PASSWORD: 'benchmark password 1', TANDEM_LOG_LEVEL: 'silent', TANDEM_REMINDER_MINUTES: '0' }));
await tandem.app.listen({ port: 0, host: '127.0.0.1' });
const base = `http://127.0.0.1:${(tandem.app.server.address() as AddressInfo).port}`;

const line = (what: string, xs: number[]) =>
  say(`| ${what} | ${xs.length} | ${pct(xs, 0.5).toFixed(1)} | ${pct(xs, 0.95).toFixed(1)} | ${pct(xs, 0.99).toFixed(1)} | ${Math.max(...xs).toFixed(0)} |`);

try {
  const view = nationalReportView({ contributions });
  say(`health check through HTTP (ms), national report of ${contributions} contributions in ${lang}`);
  say('| while | requests | p50 | p95 | p99 | max |');
  say('|---|---|---|---|---|---|');
  line('idle', await probeHealth(base, () => new Promise((r) => setTimeout(r, 5000))));
  const pool = renderPool(new URL('../src/render-worker.ts', import.meta.url));
  let workerMs = 0;
  const during = await probeHealth(base, async () => {
    const t0 = performance.now();
    await pool.render('plan_report', { view, lang }, () => undefined);
    workerMs = performance.now() - t0;
  });
  line('the PDF is built in a worker thread', during);
  await pool.close();
  let threadMs = 0;
  const blocked = await probeHealth(base, async () => {
    const t0 = performance.now();
    await renderReportPdf(view, lang);
    threadMs = performance.now() - t0;
  });
  line('the PDF is built on the request thread (before)', blocked);
  say(`\nPDF built in ${(workerMs / 1000).toFixed(1)} s in the worker thread, ${(threadMs / 1000).toFixed(1)} s on the request thread;`);
  say(`health p99 ${(pct(blocked, 0.99) / pct(during, 0.99)).toFixed(0)}× lower with the worker thread.`);
} finally {
  await tandem.close();
  rmSync(dataDir, { recursive: true, force: true });
}
