// Line breaking for the PDF writer. A paragraph is cut into pieces — words and the spaces after
// them, further cut where the bidirectional level changes — each shaped once (see shaping.ts);
// lines are filled greedily in logical order, a line's width being the sum of its pieces'. No
// script joins letters across a space or a change of direction, so a piece shaped alone looks
// as it does in the line.
import { BIDI_CONTROLS, type BidiParagraph } from './bidi.ts';
import type { Shaped, Shaper } from './shaping.ts';

export type Piece = { start: number; end: number; rtl: boolean; space: boolean; shaped: Shaped };
/** `start`–`end` (end exclusive) of the paragraph's text, its pieces, its width in font units. */
export type Line = { start: number; end: number; width: number; pieces: Piece[] };

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
  const lines: Line[] = [];
  // The line being filled: pieces first–last (exclusive), the spaces after it not counted.
  let first = 0;
  let last = 0;
  let width = 0;
  let trailing = 0;
  const close = () => {
    if (last > first) lines.push(...fit(p, shaper, { start: all[first]!.start, end: all[last - 1]!.end, width, pieces: all.slice(first, last) }, maxWidth));
  };
  for (let i = 0; i < all.length; ) {
    // A word: its pieces up to the next space, then the spaces after it.
    let j = i;
    let word = 0;
    while (j < all.length && !all[j]!.space) word += all[j++]!.shaped.width;
    const wordEnd = j;
    let spaces = 0;
    while (j < all.length && all[j]!.space) spaces += all[j++]!.shaped.width;
    // A line of spaces alone (the paragraph starts with them) takes the word whatever its width.
    if (last === first || width + trailing + word <= maxWidth) {
      width += trailing + word;
    } else {
      close();
      first = i;
      width = word;
    }
    if (wordEnd > i) last = wordEnd;
    trailing = spaces;
    i = j;
  }
  close();
  return lines.length ? lines : [{ start: 0, end: 0, width: 0, pieces: [] }];
}

/**
 * Only a line of one word can be too long: it is cut between characters (graphemes), each
 * measured alone; the parts are shaped again, and may come out slightly narrower, never by much wider.
 */
function fit(p: BidiParagraph, shaper: Shaper, line: Line, maxWidth: number): Line[] {
  if (line.width <= maxWidth) return [line];
  const out: Line[] = [];
  let from = line.start;
  let width = 0;
  for (const g of graphemes.segment(p.text.slice(line.start, line.end))) {
    const start = line.start + g.index;
    const w = sum(pieces(p, shaper, start, start + g.segment.length));
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
  const parts = pieces(p, shaper, start, end);
  return { start, end, width: sum(parts), pieces: parts };
}

function sum(parts: Piece[]): number {
  let w = 0;
  for (const x of parts) w += x.shaped.width;
  return w;
}
