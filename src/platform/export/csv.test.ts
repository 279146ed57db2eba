import fc from 'fast-check';
import { describe, expect, it } from 'vitest';
import { csvCell, csvLine } from './csv.ts';

describe('CSV cells', () => {
  it('quotes separators, quotes and line breaks', () => {
    expect(csvLine(['a', 'b,c', 'say "hi"', 'two\nlines', null])).toBe('a,"b,c","say ""hi""","two\nlines",\r\n');
  });

  it('neutralises anything a spreadsheet would run as a formula', () => {
    for (const bad of ['=HYPERLINK("x")', '+1', '-2+3', '@SUM(A1)', '\tcmd', '\rcmd']) {
      expect(csvCell(bad).replace(/^"/, '').startsWith("'")).toBe(true);
    }
  });

  it('never lets a cell start with a formula character, whatever the input', () => {
    fc.assert(
      fc.property(fc.string(), (s) => {
        const cell = csvCell(s).replace(/^"/, '');
        return !/^[=+\-@\t\r]/.test(cell);
      }),
    );
  });
});
