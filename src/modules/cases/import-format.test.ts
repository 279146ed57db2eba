import { describe, expect, it } from 'vitest';
import { decodeCsv, ImportFileError, importTemplate, parseCsv, readImportFile } from './import-format.ts';

const bytes = (s: string) => new TextEncoder().encode(s);

describe('CSV reading', () => {
  it('splits cells and records, keeping quoted commas, quotes and line breaks, and numbering rows as a spreadsheet does', () => {
    expect(parseCsv('a,b\r\n"x, y","say ""hi"""\n"two\nlines",z\rlast,row')).toEqual([
      { row: 1, cells: ['a', 'b'] },
      { row: 2, cells: ['x, y', 'say "hi"'] },
      { row: 3, cells: ['two\nlines', 'z'] },
      { row: 4, cells: ['last', 'row'] },
    ]);
    expect(parseCsv('a;b\n1;"2;3"\n')).toEqual([
      { row: 1, cells: ['a', 'b'] },
      { row: 2, cells: ['1', '2;3'] },
    ]);
    expect(() => parseCsv('a\n"open')).toThrow(ImportFileError);
  });

  it('takes UTF-8 with or without a byte order mark, and refuses anything else by name', () => {
    expect(decodeCsv(bytes('\uFEFFимя'))).toBe('имя');
    expect(decodeCsv(bytes('اسم'))).toBe('اسم');
    const code = (b: Uint8Array) => {
      try {
        decodeCsv(b);
        return 'accepted';
      } catch (e) {
        return (e as ImportFileError).code;
      }
    };
    expect(code(new Uint8Array([0xff, 0xfe, 0x41, 0x00]))).toBe('utf16');
    expect(code(new Uint8Array([0xc8, 0xec, 0xff]))).toBe('not_utf8'); // Windows-1251
    expect(code(new Uint8Array([0x50, 0x4b, 0x03, 0x04]))).toBe('spreadsheet');
  });

  it('reads its own template as valid rows', () => {
    const file = readImportFile(bytes(importTemplate()));
    expect(file.errors).toEqual([]);
    expect(file.rows.map((r) => r.input.alias)).toEqual(['Aigul', 'Arman', 'Yusuf']);
    expect(file.rows[0]!.input.identity).toMatchObject({ legalName: 'Айгуль Серикова', address: 'ул. Примерная 1, кв. 2, Алматы' });
    expect(file.rows[2]!.input.languages).toEqual(['ar', 'ru']);
  });

  it('names the column of each problem in its own words, never quoting the value', () => {
    const file = readImportFile(bytes('alias,sex,age_band,category,nationality,legal_name\nA,female,25-34,adult_returnee,kazakh,\nB,female,25-34,adult_returnee,KZ,' + 'x'.repeat(201) + '\n'));
    expect(file.errors).toEqual([
      { row: 2, column: 'nationality', code: 'invalid', message: 'must be a two-letter country code in capitals, e.g. KZ' },
      { row: 3, column: 'legal_name', code: 'invalid', message: 'at most 200 characters' },
    ]);
  });
});
