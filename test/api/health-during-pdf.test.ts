// Nothing heavy on the request path: while a national-scale response report PDF is laid out in a
// worker thread, the server keeps answering its health check quickly (p99 under 100 ms over
// HTTP). The same layout on the request thread is shown to stall it, so the check can fail.
import type { AddressInfo } from 'node:net';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { renderPool } from '../../src/platform/documents/render-pool.ts';
import { renderReportPdf } from '../../src/modules/planning/report-pdf.ts';
import { nationalReportView } from '../../bench/report-view.ts';
import { createTestApp, type TestApp } from '../support/app.ts';
import { percentile, probeHealth } from '../support/health-probe.ts';

describe('health while a report PDF is built', () => {
  let t: TestApp;
  let base: string;
  beforeAll(async () => {
    t = await createTestApp('pglite');
    await t.app.listen({ port: 0, host: '127.0.0.1' });
    base = `http://127.0.0.1:${(t.app.server.address() as AddressInfo).port}`;
  });
  afterAll(() => t?.close());

  it('answers /api/health with p99 under 100 ms while the PDF is laid out in a worker thread', { timeout: 180_000 }, async () => {
    const view = nationalReportView({ contributions: Number(process.env.TANDEM_TEST_REPORT_CONTRIBUTIONS ?? 2000) });
    const pool = renderPool(new URL('../../src/render-worker.ts', import.meta.url));
    try {
      let lastProgress = 0;
      let bytes: Uint8Array = new Uint8Array();
      const times = await probeHealth(base, async () => {
        bytes = await pool.render('plan_report', { view, lang: 'ar' }, (f) => (lastProgress = f));
      });
      expect(Buffer.from(bytes.subarray(0, 5)).toString()).toBe('%PDF-');
      expect(lastProgress).toBeGreaterThan(0.5);
      expect(times.length).toBeGreaterThan(20);
      expect(percentile(times, 0.99)).toBeLessThan(100);
    } finally {
      await pool.close();
    }
  });

  it('(the check can fail) stalls the health check when the same layout runs on the request thread', { timeout: 180_000 }, async () => {
    const view = nationalReportView({ contributions: 1500 });
    const times = await probeHealth(base, () => renderReportPdf(view, 'ru'));
    expect(Math.max(...times)).toBeGreaterThan(100);
  });
});
