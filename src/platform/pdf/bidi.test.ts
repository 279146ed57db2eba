import { describe, expect, it } from 'vitest';
import { logicalRuns, paragraphDirection, visualRuns } from './bidi.ts';

describe('right-to-left lines', () => {
  it('takes the direction of the first letter, or the fallback for text without letters', () => {
    expect(paragraphDirection('رقم الحالة: XM-1')).toBe('rtl');
    expect(paragraphDirection('Case XM-1 رقم')).toBe('ltr');
    expect(paragraphDirection('2026-11-20', 'rtl')).toBe('rtl');
    expect(paragraphDirection('Номер дела')).toBe('ltr');
  });

  it('keeps a number inside Arabic in reading order and puts the runs right to left', () => {
    const runs = visualRuns('رقم الحالة: XM-2026-00001', 'rtl');
    expect(runs).toEqual([
      { dir: 'ltr', text: 'XM-2026-00001' },
      { dir: 'rtl', text: 'رقم الحالة: ' },
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
    const runs = visualRuns('قال (مرحبا)', 'rtl');
    expect(runs).toEqual([{ dir: 'rtl', text: 'قال )مرحبا(' }]);
  });

  it('leaves left-to-right paragraphs in order, with Arabic runs to be shaped on their own', () => {
    expect(visualRuns('Note: مرحبا and more', 'ltr')).toEqual([
      { dir: 'ltr', text: 'Note: ' },
      { dir: 'rtl', text: 'مرحبا' },
      { dir: 'ltr', text: ' and more' },
    ]);
  });

  it('stays fast on crafted text: deep brackets stop pairing at 63 levels', () => {
    const text = `${'('.repeat(10_000)}${'ب'.repeat(10_000)}${')'.repeat(10_000)}`;
    const started = performance.now();
    const runs = logicalRuns(text, 'rtl');
    expect(runs.map((r) => r.text).join('')).toBe(text);
    expect(performance.now() - started).toBeLessThan(1000);
  });
});
