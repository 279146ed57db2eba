// Line breaking for the PDF writer. A paragraph is cut into pieces — words and the spaces after
// them, further cut where the bidirectional level changes — each shaped once (see shaping.ts);
// lines are filled greedily in logical order, a line's width being the sum of its pieces'. No
// script joins letters across a space or a change of direction, so a piece shaped alone looks
// as it does in the line.
import { BIDI_CONTROLS, type BidiParagraph } from './bidi.ts';
import type { Shaped, Shaper } from './shaping.ts';

export type Piece = { start: number; end: number; rtl: boolean; space: boolean; shaped: Shaped };
/** `start`–`end` (end exclusive) of the paragraph's text; `width` in font units. */
export type Line = { start: number; end: number; width: number };

/** Where a line may break: after these (not after no-break spaces). */
function isBreakSpace(c: number): boolean {
  return c === 0x20 || c === 0x09 || c === 0x1680 || (c >= 0x2000 && c <= 0x200b && c !== 0x2007) || c === 0x205f || c === 0x3000;
}

/** The pieces of `start`–`end` of a paragraph, in logical order. */
export function pieces(p: BidiParagraph, shaper: Shaper, start = 0, end = p.text.length): Piece[] {
  const out: Piece[] = [];
  let from = start;
  for (let i = start; i < end; i++) {
    const next = i + 1;
    if (next < end && p.levels[next] === p.levels[from] && isBreakSpace(p.text.charCodeAt(next)) === isBreakSpace(p.text.charCodeAt(from))) continue;
    const rtl = p.levels[from]! % 2 === 1;
    out.push({ start: from, end: next, rtl, space: isBreakSpace(p.text.charCodeAt(from)), shaped: shaper.shape(p.shaping.slice(from, next).replace(BIDI_CONTROLS, ''), rtl) });
    from = next;
  }
  return out;
}

const graphemes = new Intl.Segmenter(undefined, { granularity: 'grapheme' });

/** Greedy line breaking at spaces; a word longer than a line is cut between characters. */
export function breakLines(p: BidiParagraph, shaper: Shaper, maxWidth: number): Line[] {
  const all = pieces(p, shaper);
  if (all.every((x) => x.space)) return [{ start: 0, end: 0, width: 0 }];
  const lines: Line[] = [];
  let line: Line | null = null;
  let trailing = 0; // width of the spaces at the end of `line`, not counted if it ends there
  for (let i = 0; i < all.length; ) {
    // A word: its pieces up to the next space, then the spaces after it.
    let j = i;
    let word = 0;
    while (j < all.length && !all[j]!.space) word += all[j++]!.shaped.width;
    const wordEnd = j;
    let spaces = 0;
    while (j < all.length && all[j]!.space) spaces += all[j++]!.shaped.width;
    const start = all[i]!.start;
    // A line of spaces alone (the paragraph starts with them) takes the word whatever its width.
    if (line && (line.end === line.start || line.width + trailing + word <= maxWidth)) {
      line.width += trailing + word;
    } else {
      if (line) lines.push(line);
      line = { start, end: start, width: word };
    }
    line.end = wordEnd > i ? all[wordEnd - 1]!.end : start;
    trailing = spaces;
    i = j;
  }
  lines.push(line!);
  // Only a line of one word can be too long (a line that starts with spaces keeps them).
  return lines.flatMap((l) => (l.width > maxWidth ? cut(p, shaper, l, maxWidth) : [l]));
}

/**
 * A line too long for the width, cut between characters (graphemes), each measured alone: cut
 * pieces are shaped again for drawing, and may come out slightly narrower, never by much wider.
 */
function cut(p: BidiParagraph, shaper: Shaper, line: Line, maxWidth: number): Line[] {
  const out: Line[] = [];
  let from = line.start;
  let width = 0;
  for (const g of graphemes.segment(p.text.slice(line.start, line.end))) {
    const start = line.start + g.index;
    const w = pieces(p, shaper, start, start + g.segment.length).reduce((s, x) => s + x.shaped.width, 0);
    if (start > from && width + w > maxWidth) {
      out.push(measured(p, shaper, from, start));
      from = start;
      width = 0;
    }
    width += w;
  }
  out.push(measured(p, shaper, from, line.end));
  return out;
}

function measured(p: BidiParagraph, shaper: Shaper, start: number, end: number): Line {
  return { start, end, width: pieces(p, shaper, start, end).reduce((s, x) => s + x.shaped.width, 0) };
}
