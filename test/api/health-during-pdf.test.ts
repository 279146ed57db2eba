// Nothing heavy on the request path: while a national-scale response report PDF is laid out in a
// worker thread, the server keeps answering its health check quickly (p99 under 100 ms over
// HTTP). The same layout on the request thread is shown to stall it, so the check can fail.
import type { AddressInfo } from 'node:net';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { renderPool } from '../../src/platform/documents/render-pool.ts';
import { renderReportPdf } from '../../src/modules/planning/report-pdf.ts';
import { nationalReportView } from '../../bench/report-view.ts';
import { createTestApp, type TestApp } from '../support/app.ts';

const percentile = (xs: number[], p: number) => [...xs].sort((a, b) => a - b)[Math.min(xs.length - 1, Math.floor(xs.length * p))]!;

describe('health while a report PDF is built', () => {
  let t: TestApp;
  let base: string;
  beforeAll(async () => {
    t = await createTestApp('pglite');
    await t.app.listen({ port: 0, host: '127.0.0.1' });
    base = `http://127.0.0.1:${(t.app.server.address() as AddressInfo).port}`;
  });
  afterAll(() => t?.close());

  /** Health checks one after another until `until` settles; their latencies in ms. */
  async function probe(until: Promise<unknown>): Promise<number[]> {
    let done = false;
    void until.finally(() => (done = true));
    const times: number[] = [];
    while (!done) {
      const started = performance.now();
      const res = await fetch(`${base}/api/health`);
      await res.arrayBuffer();
      times.push(performance.now() - started);
      await new Promise((r) => setTimeout(r, 5));
    }
    return times;
  }

  it('answers /api/health with p99 under 100 ms while the PDF is laid out in a worker thread', { timeout: 180_000 }, async () => {
    const view = nationalReportView({ contributions: Number(process.env.TANDEM_TEST_REPORT_CONTRIBUTIONS ?? 2000) });
    const pool = renderPool(new URL('../../src/render-worker.ts', import.meta.url));
    try {
      let lastProgress = 0;
      const built = pool.render('plan_report', { view, lang: 'ar' }, (f) => (lastProgress = f));
      const times = await probe(built);
      const bytes = await built;
      expect(Buffer.from(bytes.subarray(0, 5)).toString()).toBe('%PDF-');
      expect(lastProgress).toBeGreaterThan(0.5);
      expect(times.length).toBeGreaterThan(20);
      expect(percentile(times, 0.99)).toBeLessThan(100);
    } finally {
      await pool.close();
    }
  });

  it('(the check can fail) stalls the health check when the same layout runs on the request thread', { timeout: 180_000 }, async () => {
    const view = nationalReportView({ contributions: 300 });
    // Started after the first health request is on its way; nothing yields until it is done.
    const built = new Promise((r) => setTimeout(r, 20)).then(() => renderReportPdf(view, 'ru'));
    const times = await probe(built);
    expect(Math.max(...times)).toBeGreaterThan(100);
  });
});
