import { describe, expect, it } from 'vitest';
import { nationalReportView } from '../../../bench/report-view.ts';
import { pdfText } from '../../../test/support/pdf-text.ts';
import { renderReportPdf } from './report-pdf.ts';

// The benchmark's report (mixed languages and directions), small.
const view = nationalReportView({ contributions: 60 });

describe('response report PDF', () => {
  it('is the same file for the same report', async () => {
    const first = await renderReportPdf(view, 'ar');
    expect((await renderReportPdf(view, 'ar')).equals(first)).toBe(true);
  });

  it('holds every word of every contribution written without Arabic, across lines and pages', async () => {
    const text = pdfText(await renderReportPdf(view, 'ru'));
    const plain = view.groups.flatMap((g) => g.contributions).filter((c) => !/[\u0600-\u06FF]/.test(c.body));
    expect(plain.length).toBeGreaterThan(10);
    // Lines are broken at spaces: read back, each contribution's text is whole again.
    for (const c of plain) for (const hard of c.body.split('\n')) expect(text).toContain(hard);
  });
});
