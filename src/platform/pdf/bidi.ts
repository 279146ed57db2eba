// A small, deliberately partial bidirectional layout for PDF lines. The font engine shapes
// Arabic (joining forms, lam-alef) and reverses a run it finds to be Arabic, but it treats a line
// as one run: digits and Latin inside an Arabic sentence would come out backwards, and Arabic
// inside an English sentence would not be shaped at all. So a paragraph is split into runs of
// one direction, each run is laid out on its own, and the runs are put in visual order:
//   - the paragraph's direction is that of its first strong character (rules P2–P3);
//   - letters of Arabic, Hebrew, Syriac, Thaana and N'Ko scripts are right-to-left; other letters
//     and European digits are left-to-right (digits inside Arabic keep their left-to-right order);
//   - paired brackets take the direction of what they enclose when it is opposite to the
//     paragraph's and so is the text before them, as in "Lilia (XM-2026-00002)" (rule N0);
//   - other neutrals (spaces, punctuation) between two runs of the same direction join them,
//     otherwise they take the paragraph's direction (rules N1–N2);
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
    // Digits are weak: they do not set the direction of a paragraph.
    if (/\p{N}/u.test(ch)) continue;
    const d = charDirection(ch);
    if (d) return d;
  }
  return fallback;
}

/** Runs in logical order, neutrals resolved. */
export function logicalRuns(text: string, base: Direction = paragraphDirection(text)): Run[] {
  const chars = [...text];
  const dirs = chars.map(charDirection);
  resolveBrackets(chars, dirs, base);
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

const OPENING: Record<string, string> = { '(': ')', '[': ']', '{': '}', '«': '»' };
const CLOSING = new Set(Object.values(OPENING));
/** As in UAX #9 (BD16): deeper nesting stops the pairing, so crafted text stays linear. */
const MAX_BRACKET_DEPTH = 63;

/** Rule N0, for bracket pairs found with a stack (unmatched brackets stay neutral). */
function resolveBrackets(chars: string[], dirs: Array<Direction | null>, base: Direction): void {
  const stack: Array<{ close: string; at: number }> = [];
  const pairs: Array<[number, number]> = [];
  let overflow = false;
  chars.forEach((ch, i) => {
    if (overflow) return;
    if (OPENING[ch]) {
      if (stack.length === MAX_BRACKET_DEPTH) overflow = true;
      else stack.push({ close: OPENING[ch], at: i });
    } else if (CLOSING.has(ch)) {
      const k = stack.map((s) => s.close).lastIndexOf(ch);
      if (k >= 0) {
        pairs.push([stack[k]!.at, i]);
        stack.length = k;
      }
    }
  });
  for (const [open, close] of pairs.sort((a, b) => a[0] - b[0])) {
    const inside = dirs.slice(open + 1, close).filter((d): d is Direction => d !== null);
    if (inside.length === 0 || inside.includes(base)) {
      if (inside.length) dirs[open] = dirs[close] = base;
      continue;
    }
    const before = dirs.slice(0, open).filter((d): d is Direction => d !== null).pop() ?? base;
    dirs[open] = dirs[close] = before === base ? base : before;
  }
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
