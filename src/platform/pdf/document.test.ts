import { Worker } from 'node:worker_threads';
import { describe, expect, it } from 'vitest';
import { pdfDrawnText, pdfText, type DrawnText } from '../../../test/support/pdf-text.ts';
import { PdfWriter, type PdfOptions } from './document.ts';

type Step = ['title' | 'heading' | 'paragraph' | 'freeText' | 'meta', string];
const write = async (steps: Step[], opts: Partial<PdfOptions> = {}): Promise<Buffer> => {
  const pdf = new PdfWriter({ title: 'Test', lang: 'ar', direction: 'rtl', createdAt: new Date('2026-12-01T00:00:00Z'), ...opts });
  for (const [method, text] of steps) pdf[method](text);
  return pdf.end();
};
/** The runs of one line (same baseline), left to right on the page. */
const lineOf = (drawn: DrawnText[], containing: string): DrawnText[] => {
  const y = drawn.find((d) => d.text.includes(containing))!.y;
  return drawn.filter((d) => d.y === y).sort((a, b) => a.x - b.x);
};
/** Right-to-left runs are drawn in visual order: read back, their text is reversed. */
const reversed = (s: string) => [...s].reverse().join('');

const SAMPLE: Step[] = [
  ['title', 'ملخص الحالة — XM-2026-00001'],
  ['freeText', 'الحالة XM-2026-00002 في 2026'],
  ['freeText', 'Поддержка семьи должна начинаться до возвращения, с согласия матери.'],
  ['paragraph', 'Note: مرحبا and more (see بكم) — 12 %'],
  ['freeText', 'لا بد من ذلك'],
  ['freeText', 'يجب أن يبدأ دعم الأسرة قبل العودة، بموافقة الأم، وأن يشمل الأجداد الذين يستقبلون الأطفال في كثير من الأحيان. '.repeat(12)],
];

/** The same glyphs as in SAMPLE reached through other characters: Arabic presentation forms. */
const OTHER: Step[] = [['paragraph', 'ﻻ ﺑﺒﺐ ﺍﻟﺤﺎﻟﺔ and zero\u200dwidth joiners\u200c']];

describe('PDF writer', () => {
  it('draws an Arabic paragraph with embedded Latin and digits in visual order', async () => {
    const line = lineOf(pdfDrawnText(await write(SAMPLE)), 'XM-2026-00002');
    // Left to right on the page: the year (an Arabic number after Arabic text), "in", the
    // reference as it is read, "the case" — read right to left: الحالة XM-2026-00002 في 2026.
    expect(line.map((d) => d.text)).toEqual(['2026', reversed(' في '), 'XM-2026-00002', reversed('الحالة ')]);
  });

  it('shapes Arabic (joining forms, lam-alef ligature) and keeps Cyrillic and mixed lines in order', async () => {
    const drawn = pdfDrawnText(await write([['paragraph', 'ببب لا'], ...SAMPLE], { lang: 'en', direction: 'ltr' }));
    // Drawn left to right: lam-alef in one glyph (read back as its two letters), a space, and three
    // behs in three forms (final, medial, initial).
    const arabic = drawn.find((d) => d.text === 'لا ببب')!;
    const [lamAlef, space, final, medial, initial] = arabic.codes;
    expect(new Set([final, medial, initial]).size).toBe(3);
    expect(lamAlef).not.toBe(space);
    expect(arabic.codes).toHaveLength(5);

    expect(drawn.map((d) => d.text)).toContain('Поддержка семьи должна начинаться до возвращения, с согласия матери.');
    const mixed = lineOf(drawn, 'Note');
    expect(mixed.map((d) => d.text)).toEqual(['Note: ', reversed('مرحبا'), ' and more (see ', reversed('بكم'), ') — 12 %']);
  });

  it('breaks long paragraphs into lines within the margins', async () => {
    const drawn = pdfDrawnText(await write(SAMPLE));
    const lines = [...new Set(drawn.filter((d) => d.text.includes(reversed('العودة'))).map((d) => d.y))];
    expect(lines.length).toBeGreaterThan(1);
    // Margins of 50 points: a right-aligned line too long for the width would start left of it.
    for (const d of drawn) expect(d.x).toBeGreaterThanOrEqual(49.99);
    const text = pdfText(await write(SAMPLE));
    expect(text.split(reversed('يستقبلون')).length - 1).toBe(12);
  });

  it('cuts a word longer than a line between characters, losing none', async () => {
    const word = 'Привет'.repeat(60);
    const drawn = pdfDrawnText(await write([['paragraph', `Start ${word} end`]], { lang: 'ru', direction: 'ltr' }));
    expect(drawn.map((d) => d.text)).toEqual(['Start', ...drawn.slice(1, -1).map((d) => d.text), 'end']);
    expect(drawn.slice(1, -1).map((d) => d.text).join('')).toBe(word);
    expect(drawn.length).toBeGreaterThan(3);
  });

  it('writes the same bytes for the same content', async () => {
    const first = await write(SAMPLE);
    await write(OTHER, { lang: 'ru', direction: 'ltr' });
    expect((await write(SAMPLE)).equals(first)).toBe(true);
  });

  it('writes in a worker thread the same bytes as on the main thread, whatever the thread wrote before', async () => {
    const url = new URL('./document.ts', import.meta.url).href;
    // The worker writes another document first, with the same glyphs met through other
    // characters (presentation forms): nothing of it may reach the next one.
    const code = `
      const { parentPort, workerData } = require('node:worker_threads');
      import(workerData.url).then(async ({ PdfWriter }) => {
        const write = async (steps) => {
          const pdf = new PdfWriter({ title: 'Test', lang: 'ar', direction: 'rtl', createdAt: new Date('2026-12-01T00:00:00Z') });
          for (const [method, text] of steps) pdf[method](text);
          return pdf.end();
        };
        await write(workerData.other);
        parentPort.postMessage(await write(workerData.steps));
      });`;
    const fromWorker = await new Promise<Uint8Array>((resolve, reject) => {
      const worker = new Worker(code, { eval: true, workerData: { url, steps: SAMPLE, other: OTHER } });
      worker.once('message', (bytes: Uint8Array) => {
        resolve(bytes);
        void worker.terminate();
      });
      worker.once('error', reject);
    });
    expect(Buffer.from(fromWorker).equals(await write(SAMPLE))).toBe(true);
  });
});
