import fc from 'fast-check';
import { describe, expect, it } from 'vitest';
import { csvCell, csvLine, formulaPieces } from './csv.ts';

/** Reads one RFC 4180 line back into its cells, as a spreadsheet splitting on commas would. */
function parse(line: string): string[] {
  const cells: string[] = [];
  let i = 0;
  while (i <= line.length) {
    if (line[i] === '"') {
      let cell = '';
      i += 1;
      for (;;) {
        const q = line.indexOf('"', i);
        if (line[q + 1] === '"') {
          cell += line.slice(i, q + 1);
          i = q + 2;
        } else {
          cell += line.slice(i, q);
          i = q + 1;
          break;
        }
      }
      cells.push(cell);
    } else {
      const end = line.indexOf(',', i);
      cells.push(line.slice(i, end === -1 ? line.length : end));
      i = end === -1 ? line.length : end;
    }
    if (line[i] !== ',') break;
    i += 1;
  }
  return cells;
}

const HOSTILE = [
  '=HYPERLINK("x")',
  '+1',
  '-2+3',
  '@SUM(A1)',
  '\tcmd',
  '\rcmd',
  "note;=cmd|' /C calc'!A0",
  'a,=1+1',
  'tab\t=1',
  'line\n=1',
  'quoted;"=1"',
  'spaced; =1',
  '  =lead',
];

describe('CSV cells', () => {
  it('quotes every field, doubling quotes; null stays empty', () => {
    expect(csvLine(['a', 'b,c', 'say "hi"', 'two\nlines', null, 5, true])).toBe('"a","b,c","say ""hi""","two\nlines",,"5","true"\r\n');
  });

  it('neutralises a formula at the start of a cell', () => {
    for (const bad of ['=HYPERLINK("x")', '+1', '-2+3', '@SUM(A1)', '\tcmd', '\rcmd']) {
      expect(csvCell(bad).slice(1).startsWith("'"), bad).toBe(true);
    }
  });

  it('neutralises a formula after every separator a spreadsheet may split on', () => {
    expect(csvCell("note;=cmd|' /C calc'!A0")).toBe(`"note;'=cmd|' /C calc'!A0"`);
    expect(csvCell('a,@b\t+c\n-d')).toBe(`"a,'@b\t'+c\n'-d"`);
  });

  it('keeps numbers as numbers, negative ones too', () => {
    expect(csvCell(-12.5)).toBe('"-12.5"');
    expect(formulaPieces(csvLine([-3, 'x']), ',')).toEqual([]);
  });

  it('leaves no piece starting a formula, split on comma, semicolon or tab, and reads back every cell', () => {
    const line = csvLine(HOSTILE);
    for (const separator of [',', ';', '\t'] as const) expect(formulaPieces(line, separator), JSON.stringify(separator)).toEqual([]);
    expect(formulaPieces(HOSTILE.join(';'), ';').length, 'the check itself finds them unprotected').toBeGreaterThan(0);
  });

  it('whatever the text, no piece starts a formula and the cell reads back as the text with apostrophes added', () => {
    const chars = fc.constantFrom('=', '+', '-', '@', ',', ';', '\t', '\r', '\n', '"', ' ', 'a', '1', "'");
    fc.assert(
      fc.property(fc.array(fc.string({ unit: chars, maxLength: 12 }), { minLength: 1, maxLength: 4 }), (cells) => {
        const line = csvLine(cells);
        for (const separator of [',', ';', '\t'] as const) if (formulaPieces(line, separator).length > 0) return false;
        if (cells.some((c) => /[\r\n]/.test(c))) return true;
        const back = parse(line.slice(0, -2));
        return back.length === cells.length && back.every((b, i) => b.replaceAll("'", '') === cells[i]!.replaceAll("'", ''));
      }),
    );
  });
});
