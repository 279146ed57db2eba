// Word-level comparison of two texts, for showing what changed between versions of a plan
// section. Pure, and bounded: the longest-common-subsequence table is only built when it is
// small; longer texts are compared paragraph by paragraph, and if even that is too large, as a
// whole. A request can therefore never make the server do quadratic work on 50,000 characters.

export type DiffOp = 'same' | 'added' | 'removed';
export type DiffPart = { op: DiffOp; text: string };

/** Most cells of the comparison table built for one diff (a few megabytes at most). */
export const MAX_CELLS = 1_000_000;

/** Words and the spaces between them, each its own token, so that joining the tokens gives the text back. */
export function wordTokens(text: string): string[] {
  return text.match(/\s+|[^\s]+/g) ?? [];
}

/** Paragraphs and the blank lines between them. */
export function paragraphTokens(text: string): string[] {
  return text.split(/(\n[ \t]*\n\s*)/).filter((t) => t !== '');
}

export function diffWords(a: string, b: string, maxCells = MAX_CELLS): { parts: DiffPart[]; coarse: boolean } {
  const words = diffTokens(wordTokens(a), wordTokens(b), maxCells);
  if (words) return { parts: words, coarse: false };
  const paragraphs = diffTokens(paragraphTokens(a), paragraphTokens(b), maxCells);
  if (paragraphs) return { parts: paragraphs, coarse: true };
  return { parts: merge([{ op: 'removed', text: a }, { op: 'added', text: b }]), coarse: true };
}

/** The diff of two token lists, or null when the table it needs is larger than `maxCells`. */
function diffTokens(a: string[], b: string[], maxCells: number): DiffPart[] | null {
  // What both share at the start and at the end needs no table.
  let start = 0;
  while (start < a.length && start < b.length && a[start] === b[start]) start++;
  let endA = a.length;
  let endB = b.length;
  while (endA > start && endB > start && a[endA - 1] === b[endB - 1]) {
    endA--;
    endB--;
  }
  const x = a.slice(start, endA);
  const y = b.slice(start, endB);
  if ((x.length + 1) * (y.length + 1) > maxCells) return null;
  const parts: DiffPart[] = [];
  if (start > 0) parts.push({ op: 'same', text: a.slice(0, start).join('') });
  parts.push(...lcsDiff(x, y));
  if (endA < a.length) parts.push({ op: 'same', text: a.slice(endA).join('') });
  return tidy(merge(parts));
}

/**
 * Reads as a person would write it: a lone space kept between two changes is folded into them,
 * and each run of changes becomes one removal followed by one addition.
 */
function tidy(parts: DiffPart[]): DiffPart[] {
  const out: DiffPart[] = [];
  let removed = '';
  let added = '';
  const flush = () => {
    if (removed) out.push({ op: 'removed', text: removed });
    if (added) out.push({ op: 'added', text: added });
    removed = '';
    added = '';
  };
  parts.forEach((p, i) => {
    const between = i > 0 && i < parts.length - 1 && p.op === 'same' && /^\s+$/.test(p.text);
    if (p.op === 'same' && !between) {
      flush();
      out.push(p);
    } else if (p.op === 'same') {
      removed += p.text;
      added += p.text;
    } else if (p.op === 'removed') removed += p.text;
    else added += p.text;
  });
  flush();
  return out;
}

function lcsDiff(x: string[], y: string[]): DiffPart[] {
  const n = x.length;
  const m = y.length;
  const width = m + 1;
  // lengths[i * width + j]: the longest common subsequence of x[i..] and y[j..].
  const lengths = new Int32Array((n + 1) * width);
  for (let i = n - 1; i >= 0; i--) {
    for (let j = m - 1; j >= 0; j--) {
      lengths[i * width + j] = x[i] === y[j] ? lengths[(i + 1) * width + j + 1]! + 1 : Math.max(lengths[(i + 1) * width + j]!, lengths[i * width + j + 1]!);
    }
  }
  const parts: DiffPart[] = [];
  let i = 0;
  let j = 0;
  while (i < n && j < m) {
    if (x[i] === y[j]) {
      parts.push({ op: 'same', text: x[i++]! });
      j++;
    } else if (lengths[(i + 1) * width + j]! >= lengths[i * width + j + 1]!) {
      parts.push({ op: 'removed', text: x[i++]! });
    } else {
      parts.push({ op: 'added', text: y[j++]! });
    }
  }
  while (i < n) parts.push({ op: 'removed', text: x[i++]! });
  while (j < m) parts.push({ op: 'added', text: y[j++]! });
  return parts;
}

/** Joins neighbours of the same kind and drops empty parts. Within a change, removals come first. */
function merge(parts: DiffPart[]): DiffPart[] {
  const out: DiffPart[] = [];
  for (const p of parts) {
    if (p.text === '') continue;
    const last = out[out.length - 1];
    if (last && last.op === p.op) last.text += p.text;
    else out.push({ ...p });
  }
  return out;
}
