// The CSV format of a case import, read without any library: UTF-8 only (with or without a byte
// order mark), RFC 4180 quoting (cells may hold commas, quotes and line breaks), a comma or —
// as spreadsheets in many locales save — a semicolon between cells. Each row is checked by the
// same zod schema as opening a case through the API. Shared by the server and the web page.
import type { z } from 'zod';
import { newCaseBody, type NewCaseInput } from './schema.ts';

/** Columns, in template order. Lists inside a cell are separated by "|". */
export const IMPORT_COLUMNS = [
  'alias',
  'sex',
  'age_band',
  'birth_year',
  'nationality',
  'category',
  'legal_status',
  'region',
  'languages',
  'legal_name',
  'birth_date',
  'document_numbers',
  'address',
  'phones',
  'confirm_not_duplicate',
] as const;
export type ImportColumn = (typeof IMPORT_COLUMNS)[number];
export const REQUIRED_COLUMNS: readonly ImportColumn[] = ['alias', 'sex', 'age_band', 'category'];
export const LIST_SEPARATOR = '|';
export const MAX_IMPORT_ROWS = 20_000;
export const MAX_IMPORT_BYTES = 5 * 1024 * 1024;

export type RowErrorCode = 'invalid' | 'cell_count' | 'duplicate_in_file' | 'duplicate_existing';
/** One problem of one row: the spreadsheet row number (the header is row 1), the column, what is wrong. */
export type RowError = { row: number; column: ImportColumn | null; code: RowErrorCode; message: string; related?: string | null };
export type ParsedRow = { row: number; input: NewCaseInput };
export type FileErrorCode = 'not_utf8' | 'utf16' | 'spreadsheet' | 'empty' | 'unterminated_quote' | 'missing_columns' | 'unknown_columns' | 'repeated_columns' | 'too_many_rows';

export class ImportFileError extends Error {
  readonly code: FileErrorCode;
  constructor(code: FileErrorCode, message: string) {
    super(message);
    this.code = code;
  }
}

/** The file's text; anything but UTF-8 is refused with a message saying how to save it. */
export function decodeCsv(bytes: Uint8Array): string {
  if ((bytes[0] === 0xff && bytes[1] === 0xfe) || (bytes[0] === 0xfe && bytes[1] === 0xff)) {
    throw new ImportFileError('utf16', 'The file is UTF-16 text. Save it as "CSV UTF-8" and upload it again.');
  }
  if (bytes[0] === 0x50 && bytes[1] === 0x4b && bytes[2] === 0x03 && bytes[3] === 0x04) {
    throw new ImportFileError('spreadsheet', 'The file is a spreadsheet workbook, not CSV. Save it as "CSV UTF-8" and upload it again.');
  }
  let text: string;
  try {
    text = new TextDecoder('utf-8', { fatal: true, ignoreBOM: false }).decode(bytes);
  } catch {
    throw new ImportFileError('not_utf8', 'The file is not UTF-8 text (it may be in a local code page such as Windows-1251 or -1256). Save it as "CSV UTF-8" and upload it again.');
  }
  if (text.includes('\u0000')) throw new ImportFileError('not_utf8', 'The file holds binary data, not UTF-8 text. Save it as "CSV UTF-8" and upload it again.');
  return text;
}

/** Records of cells; a record may span lines inside quotes. Each keeps its spreadsheet row number. */
export function parseCsv(text: string): Array<{ row: number; cells: string[] }> {
  const firstLine = text.slice(0, text.search(/\r?\n|$/));
  const delimiter = !firstLine.includes(',') && firstLine.includes(';') ? ';' : ',';
  const records: Array<{ row: number; cells: string[] }> = [];
  let cells: string[] = [];
  let cell = '';
  let quoted = false;
  let row = 1;
  let i = 0;
  const endRecord = () => {
    cells.push(cell);
    records.push({ row, cells });
    cells = [];
    cell = '';
    row += 1;
  };
  while (i < text.length) {
    const ch = text[i]!;
    if (quoted) {
      if (ch === '"') {
        if (text[i + 1] === '"') {
          cell += '"';
          i += 2;
          continue;
        }
        quoted = false;
      } else {
        cell += ch;
      }
      i += 1;
      continue;
    }
    if (ch === '"' && cell.length === 0) quoted = true;
    else if (ch === delimiter) {
      cells.push(cell);
      cell = '';
    } else if (ch === '\r' && text[i + 1] === '\n') {
      endRecord();
      i += 1;
    } else if (ch === '\n' || ch === '\r') endRecord();
    else cell += ch;
    i += 1;
  }
  if (quoted) throw new ImportFileError('unterminated_quote', `A quoted cell that starts in row ${row} is never closed.`);
  if (cell.length > 0 || cells.length > 0) endRecord();
  return records;
}

const listOf = (v: string) =>
  v
    .split(LIST_SEPARATOR)
    .map((x) => x.trim())
    .filter(Boolean);
const YES = new Set(['true', 'yes', '1']);
const NO = new Set(['false', 'no', '0', '']);

/** A row's cells as the API's request body, leaving anything unusual for the schema to name. */
function toBody(get: (c: ImportColumn) => string): unknown {
  const opt = (c: ImportColumn) => get(c) || undefined;
  const year = get('birth_year');
  const confirm = get('confirm_not_duplicate').toLowerCase();
  return {
    alias: get('alias'),
    sex: get('sex'),
    ageBand: get('age_band'),
    birthYear: year === '' ? undefined : /^\d{1,4}$/.test(year) ? Number(year) : year,
    nationality: opt('nationality'),
    category: get('category'),
    legalStatus: opt('legal_status'),
    region: opt('region'),
    languages: listOf(get('languages')),
    identity: {
      legalName: opt('legal_name'),
      birthDate: opt('birth_date'),
      documentNumbers: listOf(get('document_numbers')),
      address: opt('address'),
      phones: listOf(get('phones')),
    },
    confirmNotDuplicate: YES.has(confirm) ? true : NO.has(confirm) ? false : confirm,
  };
}

const PATH_COLUMNS: Record<string, ImportColumn> = {
  alias: 'alias',
  sex: 'sex',
  ageBand: 'age_band',
  birthYear: 'birth_year',
  nationality: 'nationality',
  category: 'category',
  legalStatus: 'legal_status',
  region: 'region',
  languages: 'languages',
  'identity.legalName': 'legal_name',
  'identity.birthDate': 'birth_date',
  'identity.documentNumbers': 'document_numbers',
  'identity.address': 'address',
  'identity.phones': 'phones',
  confirmNotDuplicate: 'confirm_not_duplicate',
};

/** What a code-like column looks like, for cells of the wrong form. */
const FORMS: Partial<Record<ImportColumn, string>> = {
  nationality: 'must be a two-letter country code in capitals, e.g. KZ',
  region: 'must be a region code of lower-case letters, digits, "-" or "_", e.g. almaty',
  languages: 'must be language codes of two or three lower-case letters, e.g. kk|ru',
  phones: 'must be a phone number',
};

/** Our own words for a schema issue: never the value itself, which may identify the person. */
function describe(issue: z.core.$ZodIssue, column: ImportColumn | null): string {
  if (issue.code === 'invalid_format' && issue.format === 'regex' && column && FORMS[column]) return FORMS[column];
  switch (issue.code) {
    case 'invalid_value':
      return `must be one of: ${issue.values.map(String).join(', ')}`;
    case 'too_big':
      return issue.origin === 'array' ? `at most ${String(issue.maximum)} values` : issue.origin === 'string' ? `at most ${String(issue.maximum)} characters` : `at most ${String(issue.maximum)}`;
    case 'too_small':
      return issue.origin === 'string' ? 'is required' : `at least ${String(issue.minimum)}`;
    case 'invalid_type':
      return issue.expected === 'boolean' ? 'must be yes or no' : `must be a ${issue.expected}`;
    case 'invalid_format':
      return issue.format === 'date' ? 'must be a date (YYYY-MM-DD)' : issue.format === 'regex' ? 'is not in the expected form' : `must be a ${issue.format}`;
    default:
      return 'is not valid';
  }
}

/** Checks the header and every row against the API's schema; duplicates are looked for elsewhere. */
export function readImportFile(bytes: Uint8Array): { total: number; rows: ParsedRow[]; errors: RowError[] } {
  const records = parseCsv(decodeCsv(bytes)).filter((r, i) => i === 0 || r.cells.some((c) => c.trim() !== ''));
  if (records.length === 0) throw new ImportFileError('empty', 'The file is empty.');
  const header = records[0]!.cells.map((h) => h.trim().toLowerCase());
  const unknown = header.filter((h) => !(IMPORT_COLUMNS as readonly string[]).includes(h));
  if (unknown.length > 0) throw new ImportFileError('unknown_columns', `Unknown columns: ${unknown.join(', ')}. The columns are: ${IMPORT_COLUMNS.join(', ')}.`);
  const repeated = header.filter((h, i) => header.indexOf(h) !== i);
  if (repeated.length > 0) throw new ImportFileError('repeated_columns', `Columns named twice: ${[...new Set(repeated)].join(', ')}.`);
  const missing = REQUIRED_COLUMNS.filter((c) => !header.includes(c));
  if (missing.length > 0) throw new ImportFileError('missing_columns', `Required columns are missing: ${missing.join(', ')}.`);
  const body = records.slice(1);
  if (body.length === 0) throw new ImportFileError('empty', 'The file has a header but no rows.');
  if (body.length > MAX_IMPORT_ROWS) throw new ImportFileError('too_many_rows', `The file has ${body.length} rows; at most ${MAX_IMPORT_ROWS} can be imported at once. Split it into several files.`);

  const index = new Map(header.map((h, i) => [h as ImportColumn, i]));
  const rows: ParsedRow[] = [];
  const errors: RowError[] = [];
  for (const record of body) {
    if (record.cells.length !== header.length) {
      errors.push({ row: record.row, column: null, code: 'cell_count', message: `has ${record.cells.length} cells; the header has ${header.length}` });
      continue;
    }
    const get = (c: ImportColumn) => {
      const i = index.get(c);
      return i === undefined ? '' : record.cells[i]!.trim();
    };
    const parsed = newCaseBody.safeParse(toBody(get));
    if (parsed.success) {
      rows.push({ row: record.row, input: parsed.data });
      continue;
    }
    const seen = new Set<string>();
    for (const issue of parsed.error.issues) {
      const path = issue.path.filter((p) => typeof p === 'string').join('.');
      const column = PATH_COLUMNS[path] ?? null;
      const message = describe(issue, column);
      const key = `${column}:${message}`;
      if (seen.has(key)) continue;
      seen.add(key);
      errors.push({ row: record.row, column, code: 'invalid', message });
    }
  }
  return { total: body.length, rows, errors };
}

/** A template: the header and three fictitious example rows (a mother and her son, a released man). */
export function importTemplate(): string {
  const rows = [
    ['Aigul', 'female', '25-34', '1996', 'KZ', 'adult_returnee', 'none', 'almaty', 'kk|ru', 'Айгуль Серикова', '1996-04-12', 'N0000001', '"ул. Примерная 1, кв. 2, Алматы"', '+7 700 000 0001', 'no'],
    ['Arman', 'male', '5-11', '2017', 'KZ', 'child_returnee', 'none', 'almaty', 'kk|ar', 'Арман Сериков', '2017-09-30', '', '', '', 'no'],
    ['Yusuf', 'male', '35-49', '1983', 'SY', 'released_offender', 'released', 'shymkent', 'ar|ru', 'يوسف الأحمد', '', 'P0000002', '', '+7 700 000 0002', 'no'],
  ];
  return [IMPORT_COLUMNS.join(','), ...rows.map((r) => r.join(','))].join('\r\n') + '\r\n';
}
