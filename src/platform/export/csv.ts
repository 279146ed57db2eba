// CSV for spreadsheets in every locale. A spreadsheet may split a line on commas, on semicolons
// (the default list separator in Russian, German, French and many other locales) or on tabs,
// and a piece that then starts with = + - @ (or a tab or carriage return) runs as a formula.
// Quoting cannot be relied on: a program splitting on a separator other than ours reads our
// quotes as text. So:
// - every field is quoted (RFC 4180, quotes doubled), null alone is left empty;
// - a cell's text is neutralised with an apostrophe wherever a piece could start: at the start
//   of the cell, and after every comma, semicolon, tab or line break in it, when what follows
//   (past any spaces and quotes) is a formula character;
// - numbers are written as numbers: a negative number is not a formula.

/** What a spreadsheet may split a line on, and line breaks, after which a new cell may start. */
const SEPARATOR = /([,;\t\r\n])(?=[ "]*[=+\-@\t\r])/g;
/** A cell whose text (past any spaces and quotes) starts as a formula would. */
const FORMULA_START = /^[ "]*[=+\-@\t\r]/;

function text(value: unknown): string {
  if (value instanceof Date) return value.toISOString();
  if (typeof value === 'object') return JSON.stringify(value);
  return String(value);
}

/** The text of one cell, neutralised wherever a spreadsheet could start a formula. */
export function neutralise(value: string): string {
  const inner = value.replace(SEPARATOR, "$1'");
  return FORMULA_START.test(inner) ? `'${inner}` : inner;
}

export function csvCell(value: unknown): string {
  if (value === null || value === undefined) return '';
  if ((typeof value === 'number' && Number.isFinite(value)) || typeof value === 'bigint') return `"${String(value)}"`;
  return `"${neutralise(text(value)).replaceAll('"', '""')}"`;
}

export function csvLine(values: unknown[]): string {
  return `${values.map(csvCell).join(',')}\r\n`;
}

/**
 * The pieces of a CSV text that start a formula when a spreadsheet splits it on `separator`
 * (ignoring quotes): what a test asserts is empty, for each of , ; and tab.
 */
export function formulaPieces(csv: string, separator: ',' | ';' | '\t'): string[] {
  return csv
    .split(/\r\n|\r|\n/)
    .flatMap((line) => line.split(separator))
    .filter((piece) => /^[ "]*[=+\-@]/.test(piece) && !/^[ "]*-?\d+(\.\d+)?"?$/.test(piece));
}
