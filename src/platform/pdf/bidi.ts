// The Unicode Bidirectional Algorithm (UAX #9) for PDF lines, from bidi-js (which passes the
// Unicode conformance tests): embedding levels with explicit embeddings and isolates, paired
// brackets, Arabic and European numbers, mirroring and the reordering of a line. This module
// only adapts it to the writer: a paragraph's levels are resolved once, and each line after
// breaking is cut into runs of one direction, put in the order they are drawn.
import bidiModule, { type EmbeddingLevels } from 'bidi-js';

export type Direction = 'ltr' | 'rtl';

// bidi-js is CommonJS (its module is the factory) typed as an ES module with a default export.
const bidiFactory = bidiModule as unknown as typeof bidiModule.default;
// Its functions keep no state between calls: one instance per thread serves every document.
const bidi = bidiFactory();

/**
 * The direction of the first strong character outside isolates (rules P2–P3); `fallback` when
 * there is none (a date, a number), where the algorithm itself would say left to right.
 */
export function paragraphDirection(text: string, fallback: Direction = 'ltr'): Direction {
  let isolates = 0;
  for (const ch of text) {
    const type = bidi.getBidiCharTypeName(ch);
    if (type === 'LRI' || type === 'RLI' || type === 'FSI') isolates++;
    else if (type === 'PDI') isolates = Math.max(0, isolates - 1);
    else if (isolates === 0 && type === 'L') return 'ltr';
    else if (isolates === 0 && (type === 'R' || type === 'AL')) return 'rtl';
  }
  return fallback;
}

/**
 * A value put into a sentence (a name, a title, a date), set apart so that it keeps its own
 * direction and does not take the sentence's neighbours with it (first-strong isolate, FSI…PDI):
 * "القسم: 2. Возвращение семей" keeps "2." before the Russian title.
 */
export function isolate(value: string): string {
  return `\u2068${value}\u2069`;
}

/** The invisible directional controls (marks, embeddings, overrides, isolates): no glyph is drawn for them. */
export const BIDI_CONTROLS = /[\u061C\u200E\u200F\u202A-\u202E\u2066-\u2069]/g;

/** One paragraph (a line of the text, before breaking) with its resolved levels. */
export type BidiParagraph = {
  text: string;
  /** The text to shape: as `text`, with the characters that mirror at a right-to-left level swapped ("(" for ")"). Same length. */
  shaping: string;
  levels: Uint8Array;
  base: Direction;
  embedding: EmbeddingLevels;
};

export function bidiParagraph(text: string, base: Direction): BidiParagraph {
  // Controls the algorithm removes (rule X9: joiners, embedding marks) are kept at their
  // neighbours' level (its section 5.2), so that a joiner never splits a word in two.
  const embedding = bidi.getEmbeddingLevels(text, base);
  const levels = embedding.levels;
  let shaping = text;
  const mirrored = bidi.getMirroredCharactersMap(text, levels);
  if (mirrored.size > 0) {
    const chars = text.split('');
    for (const [i, ch] of mirrored) chars[i] = ch;
    shaping = chars.join('');
  }
  return { text, shaping, levels, base, embedding };
}

/** A run of one direction in a line: `start`–`end` (end exclusive) of the paragraph's text. */
export type LineRun = { start: number; end: number; rtl: boolean };

/**
 * The runs of one direction of `start`–`end` (end exclusive) of a paragraph, in the order they
 * are drawn, left to right (rules L1–L2). Text of a right-to-left run is drawn reversed, by the
 * shaper. Neighbouring levels of one direction that read on from each other make one run (an
 * isolated name in a left-to-right sentence is drawn with it).
 */
export function lineRuns(p: BidiParagraph, start = 0, end = p.text.length): LineRun[] {
  if (end <= start) return [];
  // Most lines are of one direction, that of the paragraph: nothing to reorder.
  const level = p.base === 'rtl' ? 1 : 0;
  let i = start;
  while (i < end && p.levels[i] === level) i++;
  if (i === end) return [{ start, end, rtl: level === 1 }];
  // The line's indices, with the algorithm's reversals applied in turn (its own helper for this
  // returns the whole paragraph's, one line at a time).
  const order = Array.from({ length: end - start }, (_, k) => start + k);
  for (const [from, to] of bidi.getReorderSegments(p.text, p.embedding, start, end - 1)) {
    for (let a = from! - start, b = to! - start; a < b; a++, b--) [order[a], order[b]] = [order[b]!, order[a]!];
  }
  const runs: LineRun[] = [];
  let run: LineRun | null = null;
  for (const i of order) {
    const rtl = p.levels[i]! % 2 === 1;
    // In visual order, a left-to-right run's indices go up by one and a right-to-left run's down.
    if (run && run.rtl === rtl && (rtl ? i === run.start - 1 : i === run.end)) {
      if (rtl) run.start = i;
      else run.end = i + 1;
      continue;
    }
    run = { start: i, end: i + 1, rtl };
    runs.push(run);
  }
  return runs;
}
