// Statistical disclosure control for every figure computed from people's records: no figure that
// leaves the server may let anyone single out a person or a small group.
//
// A table is a grid of counts with its row totals, column totals and grand total. Pure and
// synchronous (no I/O), so that the rules are tested on their own with generated tables.
//  1. Primary suppression: every count at or below the threshold is hidden — zeros too ("nobody
//     of this kind" is itself a statement about a group, and a visible zero beside hidden cells
//     narrows what they can be).
//  2. Secondary (complementary) suppression: the totals are equations over the cells. Reading
//     the grid with its totals as one (rows + 1) × (columns + 1) grid, every row and column of it
//     is an equation "cells add up to the total". A line with exactly one hidden entry gives that
//     entry away by subtraction, so the next smallest shown entry of that line is hidden too, until
//     no line has exactly one. Likewise where a line's total is shown and its hidden cells add up
//     to the threshold or less (their sum is then a small count; a sum of zero, since counts are
//     never negative, gives each of them away). Then a full check: a hidden entry that the
//     equations together still pin down (Gaussian elimination over the hidden entries) costs
//     another entry of one of its lines, until none is.
//  3. Tables that share a margin (shown on one page, over one population) are protected together:
//     a shared total hidden in one is hidden in all, and the tables are protected again.
//  4. Optional rounding of every published count to a base (after suppression).
// Figures computed from counts (shares, rates, medians) are published only when every count they
// come from is published: see `derived`.

export type Suppression = 'primary' | 'secondary';

/** One published figure: its value, or null with the reason it is hidden. */
export type Cell = { value: number | null; suppressed: Suppression | null };

export type DisclosureRules = {
  /** Counts at or below this are hidden (installation setting, default 5). */
  threshold: number;
  /** Published counts are rounded to a multiple of this; 1 means no rounding. */
  roundTo: number;
};

export const DEFAULT_RULES: DisclosureRules = { threshold: 5, roundTo: 1 };

export type ProtectedTable = {
  cells: Cell[][];
  rowTotals: Cell[];
  colTotals: Cell[];
  total: Cell;
};

/** An element that the shape of the arrays guarantees (indices come from their own lengths). */
function at<T>(a: readonly T[], i: number): T {
  const v = a[i];
  if (v === undefined) throw new Error('disclosure: index out of range');
  return v;
}

/**
 * The augmented grid, flat: (rows + 1) × (cols + 1) entries, row totals in the last column,
 * column totals in the last row, the grand total last. `hidden` says why an entry is hidden.
 */
type Grid = { rows: number; cols: number; values: number[]; hidden: Array<Suppression | null> };

function augment(cells: number[][]): Grid {
  const rows = cells.length;
  const cols = at(cells, 0).length;
  const w = cols + 1;
  const values = new Array<number>((rows + 1) * w).fill(0);
  cells.forEach((row, i) => {
    if (row.length !== cols) throw new Error('disclosure: ragged table');
    row.forEach((v, j) => {
      if (!Number.isInteger(v) || v < 0) throw new Error('disclosure: counts must be whole numbers from 0');
      values[i * w + j] = v;
      values[i * w + cols] = at(values, i * w + cols) + v;
      values[rows * w + j] = at(values, rows * w + j) + v;
      values[rows * w + cols] = at(values, rows * w + cols) + v;
    });
  });
  return { rows, cols, values, hidden: values.map(() => null) };
}

/** The lines of the augmented grid (every row, then every column), as lists of flat indices, the total last. */
function lines(rows: number, cols: number): number[][] {
  const w = cols + 1;
  const out: number[][] = [];
  for (let i = 0; i <= rows; i++) out.push(Array.from({ length: w }, (_, j) => i * w + j));
  for (let j = 0; j <= cols; j++) out.push(Array.from({ length: rows + 1 }, (_, i) => i * w + j));
  return out;
}

/** Hides the smallest shown entry among `entries` (ties: the first, so inner cells before totals). */
function hideSmallestShown(grid: Grid, entries: number[]): boolean {
  let best = -1;
  for (const k of entries) {
    if (at(grid.hidden, k)) continue;
    if (best < 0 || at(grid.values, k) < at(grid.values, best)) best = k;
  }
  if (best < 0) return false;
  grid.hidden[best] = 'secondary';
  return true;
}

/**
 * The hidden entries that the table's equations determine. `hidden` is the augmented grid as
 * rows (row totals last, column totals as the last row). An entry is determined exactly when its
 * unit vector lies in the row space of the equations restricted to the hidden entries (the shown
 * entries are known constants). Exported for the tests, which use it as the attacker.
 */
export function derivableHidden(hidden: boolean[][]): Array<[number, number]> {
  const rows = hidden.length - 1;
  const cols = at(hidden, 0).length - 1;
  const flat = hidden.flat();
  return determined(flat, rows, cols).map((k) => [Math.floor(k / (cols + 1)), k % (cols + 1)]);
}

function determined(hidden: boolean[], rows: number, cols: number): number[] {
  const unknowns: number[] = [];
  const index = new Map<number, number>();
  hidden.forEach((h, k) => {
    if (h) index.set(k, unknowns.push(k) - 1);
  });
  const n = unknowns.length;
  if (n === 0) return [];
  // One equation per line of the augmented grid: its inner entries minus its total are zero.
  const eqs: number[][] = [];
  for (const line of lines(rows, cols)) {
    const eq = new Array<number>(n).fill(0);
    let any = false;
    line.forEach((k, pos) => {
      const u = index.get(k);
      if (u === undefined) return;
      eq[u] = pos === line.length - 1 ? -1 : 1;
      any = true;
    });
    if (any) eqs.push(eq);
  }
  // Reduced row echelon form; coefficients stay small, a tolerance absorbs rounding.
  const eps = 1e-9;
  const pivots: number[] = [];
  let r = 0;
  for (let c = 0; c < n && r < eqs.length; c++) {
    let p = -1;
    for (let k = r; k < eqs.length; k++)
      if (Math.abs(at(at(eqs, k), c)) > eps) {
        p = k;
        break;
      }
    if (p < 0) continue;
    const pivotRow = at(eqs, p);
    eqs[p] = at(eqs, r);
    eqs[r] = pivotRow;
    const lead = at(pivotRow, c);
    for (let m = 0; m < n; m++) pivotRow[m] = at(pivotRow, m) / lead;
    for (const eq of eqs) {
      if (eq === pivotRow) continue;
      const f = at(eq, c);
      if (Math.abs(f) <= eps) continue;
      for (let m = 0; m < n; m++) eq[m] = at(eq, m) - f * at(pivotRow, m);
    }
    pivots.push(c);
    r++;
  }
  // An unknown is determined exactly when some reduced equation involves it alone.
  const out: number[] = [];
  for (let k = 0; k < r; k++) {
    const nonzero = at(eqs, k).filter((v) => Math.abs(v) > eps).length;
    if (nonzero === 1) out.push(at(unknowns, at(pivots, k)));
  }
  return out;
}

/**
 * Whether a line with its total shown tells too much about its hidden cells together: their sum
 * (the total less the shown cells) at or below the threshold is itself a small count, and a sum
 * of zero gives every hidden cell away (counts are never negative).
 */
function hiddenSumTooSmall(grid: Grid, line: number[], threshold: number): boolean {
  const total = at(line, line.length - 1);
  if (at(grid.hidden, total) !== null) return false;
  let sum = 0;
  let any = false;
  for (const k of line.slice(0, -1))
    if (at(grid.hidden, k) !== null) {
      sum += at(grid.values, k);
      any = true;
    }
  return any && sum <= threshold;
}

function secondary(grid: Grid, threshold: number): void {
  const { rows, cols } = grid;
  const all = lines(rows, cols);
  for (;;) {
    let changed = true;
    while (changed) {
      changed = false;
      for (const line of all) {
        const hiddenCount = line.filter((k) => at(grid.hidden, k) !== null).length;
        if (hiddenCount === 1 && hideSmallestShown(grid, line)) changed = true;
        else if (hiddenCount > 1 && hiddenSumTooSmall(grid, line, threshold) && hideSmallestShown(grid, line)) changed = true;
      }
    }
    const found = determined(
      grid.hidden.map((h) => h !== null),
      rows,
      cols,
    );
    if (found.length === 0) return;
    // Hide one more entry beside the first determined one, then check everything again.
    const k = at(found, 0);
    const i = Math.floor(k / (cols + 1));
    const j = k % (cols + 1);
    if (hideSmallestShown(grid, at(all, i)) || hideSmallestShown(grid, at(all, rows + 1 + j))) continue;
    // Both of its lines are hidden already: hide the smallest shown entry anywhere.
    if (!hideSmallestShown(grid, grid.values.map((_, m) => m))) return;
  }
}

function publish(grid: Grid, k: number, rules: DisclosureRules): Cell {
  const hidden = at(grid.hidden, k);
  if (hidden) return { value: null, suppressed: hidden };
  const value = at(grid.values, k);
  return { value: rules.roundTo > 1 ? Math.round(value / rules.roundTo) * rules.roundTo : value, suppressed: null };
}

function checkRules(rules: DisclosureRules): void {
  if (!Number.isInteger(rules.threshold) || rules.threshold < 0) throw new Error('disclosure: threshold must be a whole number');
  if (!Number.isInteger(rules.roundTo) || rules.roundTo < 1) throw new Error('disclosure: rounding base must be a whole number from 1');
}

/**
 * Protects one table of counts (rows × columns, at least one of each) with its margins.
 * `forceHidden` lists entries of the augmented grid that must be hidden whatever their value
 * (margins shared with another table): [rows, j] is column j's total, [i, cols] row i's.
 */
export function protectTable(cells: number[][], rules: DisclosureRules, forceHidden: Array<[number, number]> = []): ProtectedTable {
  checkRules(rules);
  if (cells.length === 0 || at(cells, 0).length === 0) throw new Error('disclosure: empty table');
  const grid = augment(cells);
  const { rows, cols } = grid;
  const w = cols + 1;
  grid.hidden = grid.values.map((v) => (v <= rules.threshold ? 'primary' : null));
  for (const [i, j] of forceHidden) if (!at(grid.hidden, i * w + j)) grid.hidden[i * w + j] = 'secondary';
  secondary(grid, rules.threshold);
  return {
    cells: cells.map((r, i) => r.map((_, j) => publish(grid, i * w + j, rules))),
    rowTotals: cells.map((_, i) => publish(grid, i * w + cols, rules)),
    colTotals: Array.from({ length: cols }, (_, j) => publish(grid, rows * w + j, rules)),
    total: publish(grid, rows * w + cols, rules),
  };
}

/** A one-way table (a list of counts and their total) is a table of one row. */
export function protectList(counts: number[], rules: DisclosureRules): { cells: Cell[]; total: Cell } {
  const t = protectTable([counts], rules);
  return { cells: at(t.cells, 0), total: t.total };
}

/**
 * Tables over one population shown together, linked by a margin they share: `share: 'columns'`
 * when they have the same columns (their column totals and grand total are the same numbers),
 * `'total'` when only the grand total is shared. A shared figure hidden in one table is hidden in
 * every table, and all are protected again, until nothing changes.
 */
export function protectLinked(tables: number[][][], rules: DisclosureRules, share: 'columns' | 'total'): ProtectedTable[] {
  let forced = new Set<number>(); // column index, or -1 for the grand total
  for (;;) {
    const out = tables.map((cells) => {
      const rows = cells.length;
      const cols = cells[0]?.length ?? 0;
      const force: Array<[number, number]> = [...forced].map((j) => (j < 0 ? [rows, cols] : [rows, j]));
      return protectTable(cells, rules, force);
    });
    const next = new Set<number>();
    for (const t of out) {
      if (t.total.suppressed) next.add(-1);
      if (share === 'columns') t.colTotals.forEach((c, j) => c.suppressed && next.add(j));
    }
    if (next.size === forced.size) return out;
    forced = next;
  }
}

/**
 * A figure computed from published counts (a share, a rate, a median of a group): published only
 * when every count it comes from is published, so that it cannot stand in for a hidden count.
 */
export function derived<T>(from: Cell[], compute: () => T): { value: T | null; suppressed: Suppression | null } {
  const hiddenBy = from.find((c) => c.suppressed !== null);
  return hiddenBy ? { value: null, suppressed: 'secondary' } : { value: compute(), suppressed: null };
}
