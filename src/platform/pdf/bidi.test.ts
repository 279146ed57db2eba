import { describe, expect, it } from 'vitest';
import { bidiParagraph, lineRuns, paragraphDirection, type Direction } from './bidi.ts';

/** A line's runs in drawing order, left to right; a right-to-left run's text in logical order, mirrored (as the shaper gets it). */
function visualRuns(text: string, base: Direction): Array<{ dir: Direction; text: string }> {
  const p = bidiParagraph(text, base);
  return lineRuns(p).map((r) => ({ dir: r.rtl ? 'rtl' : 'ltr', text: p.shaping.slice(r.start, r.end) }));
}

/** The same runs in logical order. */
function logicalRuns(text: string, base: Direction): Array<{ dir: Direction; text: string }> {
  const p = bidiParagraph(text, base);
  const runs: Array<{ dir: Direction; text: string; level: number }> = [];
  [...text].forEach((ch, i) => {
    const level = p.levels[i]!;
    const last = runs[runs.length - 1];
    if (last && last.level === level) last.text += ch;
    else runs.push({ dir: level % 2 ? 'rtl' : 'ltr', text: ch, level });
  });
  return runs.map(({ dir, text }) => ({ dir, text }));
}

describe('right-to-left lines', () => {
  it('takes the direction of the first letter, or the fallback for text without letters', () => {
    expect(paragraphDirection('رقم الحالة: XM-1')).toBe('rtl');
    expect(paragraphDirection('Case XM-1 رقم')).toBe('ltr');
    expect(paragraphDirection('2026-11-20', 'rtl')).toBe('rtl');
    expect(paragraphDirection('2026-11-20', 'ltr')).toBe('ltr');
    expect(paragraphDirection('Номер дела')).toBe('ltr');
    // Text inside an isolate does not decide (rule P2).
    expect(paragraphDirection('\u2066Case\u2069 رقم')).toBe('rtl');
  });

  it('keeps a number inside Arabic in reading order and puts the runs right to left', () => {
    expect(visualRuns('رقم الحالة: XM-2026-00001', 'rtl')).toEqual([
      { dir: 'ltr', text: 'XM-2026-00001' },
      { dir: 'rtl', text: 'رقم الحالة: ' },
    ]);
  });

  it('puts Latin and digits inside an Arabic sentence in visual order', () => {
    // "The case XM-2026-00002 in 2026": the year after Arabic is an Arabic number (rule W2), drawn
    // leftmost; the reference is a left-to-right run between the two Arabic words.
    expect(visualRuns('الحالة XM-2026-00002 في 2026', 'rtl')).toEqual([
      { dir: 'ltr', text: '2026' },
      { dir: 'rtl', text: ' في ' },
      { dir: 'ltr', text: 'XM-2026-00002' },
      { dir: 'rtl', text: 'الحالة ' },
    ]);
  });

  it('joins neutrals to the runs around them when both agree, else to the paragraph', () => {
    expect(logicalRuns('مرحبا بكم', 'rtl')).toEqual([{ dir: 'rtl', text: 'مرحبا بكم' }]);
    expect(logicalRuns('KZ 14 مرحبا', 'rtl')).toEqual([
      { dir: 'ltr', text: 'KZ 14' },
      { dir: 'rtl', text: ' مرحبا' },
    ]);
  });

  it('keeps brackets around left-to-right text with that text (rule N0)', () => {
    const runs = visualRuns('الطفل: Lilia (XM-2026-00002)', 'rtl');
    expect(runs[0]).toEqual({ dir: 'ltr', text: 'Lilia (XM-2026-00002)' });
  });

  it('mirrors brackets inside a right-to-left run', () => {
    expect(visualRuns('قال (مرحبا)', 'rtl')).toEqual([{ dir: 'rtl', text: 'قال )مرحبا(' }]);
    // Quotation marks mirror too; a bracket pair around a number takes the paragraph's direction.
    expect(visualRuns('«مرحبا» [1]', 'rtl')).toEqual([
      { dir: 'rtl', text: '[' },
      { dir: 'ltr', text: '1' },
      { dir: 'rtl', text: '»مرحبا« ]' },
    ]);
  });

  it('leaves left-to-right paragraphs in order, with Arabic runs to be shaped on their own', () => {
    expect(visualRuns('Note: مرحبا and more', 'ltr')).toEqual([
      { dir: 'ltr', text: 'Note: ' },
      { dir: 'rtl', text: 'مرحبا' },
      { dir: 'ltr', text: ' and more' },
    ]);
  });

  it('orders Arabic-Indic digits left to right inside Arabic, and Arabic words inside an English sentence right to left', () => {
    // Arabic-Indic digits are numbers of their own class (AN), kept in reading order.
    expect(visualRuns('المادة ١٢٣ من القانون', 'rtl')).toEqual([
      { dir: 'rtl', text: ' من القانون' },
      { dir: 'ltr', text: '١٢٣' },
      { dir: 'rtl', text: 'المادة ' },
    ]);
    // Two Arabic words inside English: one run, its words right to left.
    expect(visualRuns('He said مرحبا بكم today', 'ltr')[1]).toEqual({ dir: 'rtl', text: 'مرحبا بكم' });
  });

  it('follows explicit isolates and embeddings, more than one level deep', () => {
    // An English title isolated inside Arabic, holding an Arabic word: three levels.
    const runs = visualRuns('قرأت \u2066Report on مرحبا today\u2069 أمس', 'rtl');
    expect(runs.map((r) => r.text.replace(/[\u2066\u2069]/g, ''))).toEqual([' أمس', 'Report on ', 'مرحبا', ' today', 'قرأت ']);
    // A right-to-left override reverses Latin letters too.
    expect(visualRuns('a\u202Ebc\u202C d', 'ltr').map((r) => r.dir)).toEqual(['ltr', 'rtl', 'ltr']);
  });

  it('breaks a paragraph into lines that are each reordered on their own', () => {
    const text = 'الحالة XM-2026-00002 في 2026';
    const p = bidiParagraph(text, 'rtl');
    const cut = text.indexOf(' في');
    // The first line ends with the reference: it is the leftmost run of that line.
    expect(lineRuns(p, 0, cut).map((r) => text.slice(r.start, r.end))).toEqual(['XM-2026-00002', 'الحالة ']);
    expect(lineRuns(p, cut + 1, text.length).map((r) => text.slice(r.start, r.end))).toEqual(['2026', 'في ']);
  });

  it('stays fast on crafted text: deep brackets stop pairing at 63 levels', () => {
    const text = `${'('.repeat(10_000)}${'ب'.repeat(10_000)}${')'.repeat(10_000)}`;
    const started = performance.now();
    const p = bidiParagraph(text, 'rtl');
    const runs = lineRuns(p);
    expect(runs.reduce((n, r) => n + r.end - r.start, 0)).toBe(text.length);
    expect(performance.now() - started).toBeLessThan(1000);
  });
});
