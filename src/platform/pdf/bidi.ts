// A small, deliberately partial bidirectional layout for PDF lines. The font engine shapes
// Arabic (joining forms, lam-alef) and reverses a run it finds to be Arabic, but it treats a line
// as one run: digits and Latin inside an Arabic sentence would come out backwards, and Arabic
// inside an English sentence would not be shaped at all. So a paragraph is split into runs of
// one direction, each run is laid out on its own, and the runs are put in visual order:
//   - the paragraph's direction is that of its first strong character (rules P2–P3);
//   - letters of Arabic, Hebrew, Syriac, Thaana and N'Ko scripts are right-to-left; other letters
//     and European digits are left-to-right (digits inside Arabic keep their left-to-right order);
//   - neutrals (spaces, punctuation) between two runs of the same direction join them, otherwise
//     they take the paragraph's direction (rules N1–N2, simplified);
//   - in a right-to-left paragraph the runs are drawn right to left; brackets inside a
//     right-to-left run are mirrored.
// Not handled: explicit embedding controls and isolates, Arabic-Indic digits as a class of their
// own (they are kept left-to-right like European digits), numbers' separators as part of a
// number, and levels deeper than one left-to-right run inside a right-to-left paragraph.

export type Direction = 'ltr' | 'rtl';
export type Run = { text: string; dir: Direction };

const RTL = /[\u0590-\u08FF\uFB1D-\uFDFF\uFE70-\uFEFF]/u;
const LTR = /[\p{L}\p{N}]/u;

const ARABIC_DIGITS = /[\u0660-\u0669\u06F0-\u06F9]/u;

export function charDirection(ch: string): Direction | null {
  if (ARABIC_DIGITS.test(ch)) return 'ltr';
  if (RTL.test(ch)) return 'rtl';
  if (LTR.test(ch)) return 'ltr';
  return null;
}

/** The direction of the first strong character; `fallback` when there is none (a date, a number). */
export function paragraphDirection(text: string, fallback: Direction = 'ltr'): Direction {
  for (const ch of text) {
    if (ARABIC_DIGITS.test(ch)) continue;
    const d = charDirection(ch);
    if (d) return d;
  }
  return fallback;
}

/** Runs in logical order, neutrals resolved. */
export function logicalRuns(text: string, base: Direction = paragraphDirection(text)): Run[] {
  const chars = [...text];
  const dirs = chars.map(charDirection);
  // Resolve neutrals: the direction of the strong characters on both sides when they agree.
  for (let i = 0; i < chars.length; i++) {
    if (dirs[i] !== null) continue;
    let j = i;
    while (j < chars.length && dirs[j] === null) j++;
    const before = i > 0 ? dirs[i - 1]! : base;
    const after = j < chars.length ? dirs[j]! : base;
    const d = before === after ? before : base;
    for (let k = i; k < j; k++) dirs[k] = d;
    i = j - 1;
  }
  const runs: Run[] = [];
  chars.forEach((ch, i) => {
    const dir = dirs[i]!;
    const last = runs[runs.length - 1];
    if (last && last.dir === dir) last.text += ch;
    else runs.push({ text: ch, dir });
  });
  return runs;
}

const MIRROR: Record<string, string> = { '(': ')', ')': '(', '[': ']', ']': '[', '{': '}', '}': '{', '<': '>', '>': '<', '«': '»', '»': '«' };

/**
 * Runs of one line in the order they are drawn, left to right. Each run is handed to the font
 * engine as it is: a right-to-left run is reversed and shaped there.
 */
export function visualRuns(line: string, base: Direction): Run[] {
  const runs = logicalRuns(line, base).map((r) => {
    // Arabic-Indic digits alone are taken for Arabic by the font engine, which reverses them.
    if (r.dir === 'ltr') return ARABIC_DIGITS.test(r.text) && !/[\p{L}0-9]/u.test(r.text) ? { dir: r.dir, text: [...r.text].reverse().join('') } : r;
    const chars = [...r.text].map((c) => MIRROR[c] ?? c);
    // The font engine reverses a run only when it holds right-to-left letters; a run of
    // punctuation alone is reversed here.
    return { dir: r.dir, text: (RTL.test(r.text) ? chars : chars.reverse()).join('') };
  });
  if (base === 'ltr') return runs;
  return runs.reverse();
}
