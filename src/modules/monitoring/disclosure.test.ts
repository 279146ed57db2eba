// Disclosure control, tried on generated tables: nothing published is at or below the threshold,
// and no hidden figure can be worked out from what is published with it (by subtraction along a
// row, a column or the totals, nor by combining all the table's equations).
import fc from 'fast-check';
import { describe, expect, it } from 'vitest';
import { derivableHidden, derived, protectLinked, protectList, protectTable, type Cell, type DisclosureRules, type ProtectedTable } from './disclosure.ts';

const count = fc.oneof(fc.integer({ min: 0, max: 8 }), fc.integer({ min: 0, max: 60 }));
const table = (maxRows = 4, maxCols = 5) =>
  fc.integer({ min: 1, max: maxCols }).chain((cols) => fc.array(fc.array(count, { minLength: cols, maxLength: cols }), { minLength: 1, maxLength: maxRows }));
const rules = fc.record({ threshold: fc.integer({ min: 1, max: 7 }), roundTo: fc.constant(1) });

/** The published table as an augmented grid (row totals last column, column totals last row). */
function grid(t: ProtectedTable): Cell[][] {
  return [...t.cells.map((r, i) => [...r, t.rowTotals[i] as Cell]), [...t.colTotals, t.total]];
}
function truth(cells: number[][]): number[][] {
  const g = cells.map((r) => [...r, r.reduce((a, b) => a + b, 0)]);
  g.push((g[0] ?? []).map((_, j) => g.reduce((a, r) => a + (r[j] ?? 0), 0)));
  return g;
}

describe('disclosure control', () => {
  it('publishes no count at or below the threshold, and every published count exactly', () => {
    fc.assert(
      fc.property(table(), rules, (cells, r: DisclosureRules) => {
        const shown = grid(protectTable(cells, r));
        const real = truth(cells);
        shown.forEach((row, i) =>
          row.forEach((c, j) => {
            if (c.suppressed === null) {
              expect(real[i]?.[j]).toBeGreaterThan(r.threshold);
              expect(c.value).toBe(real[i]?.[j]);
            } else expect(c.value).toBeNull();
          }),
        );
      }),
      { numRuns: 400 },
    );
  });

  it('leaves no row, column or total with exactly one hidden figure (nothing to find by subtraction)', () => {
    fc.assert(
      fc.property(table(), rules, (cells, r) => {
        const g = grid(protectTable(cells, r));
        for (const row of g) expect(row.filter((c) => c.suppressed).length).not.toBe(1);
        for (let j = 0; j < (g[0]?.length ?? 0); j++) expect(g.filter((row) => row[j]?.suppressed).length).not.toBe(1);
      }),
      { numRuns: 400 },
    );
  });

  it('leaves no row or column whose shown total says its hidden cells add up to the threshold or less (zero included)', () => {
    fc.assert(
      fc.property(table(), rules, (cells, r) => {
        const shown = grid(protectTable(cells, r));
        const real = truth(cells);
        const lines: Array<Array<[number, number]>> = [
          ...real.map((row, i) => row.map((_, j) => [i, j] as [number, number])),
          ...(real[0] ?? []).map((_, j) => real.map((_, i) => [i, j] as [number, number])),
        ];
        for (const line of lines) {
          const [ti, tj] = line[line.length - 1]!;
          if (shown[ti]?.[tj]?.suppressed) continue;
          const hidden = line.slice(0, -1).filter(([i, j]) => shown[i]?.[j]?.suppressed);
          if (hidden.length === 0) continue;
          expect(hidden.reduce((a, [i, j]) => a + (real[i]?.[j] ?? 0), 0)).toBeGreaterThan(r.threshold);
        }
      }),
      { numRuns: 400 },
    );
  });

  it('leaves no hidden figure that the equations of the table determine together', () => {
    fc.assert(
      fc.property(table(5, 5), rules, (cells, r) => {
        const g = grid(protectTable(cells, r));
        expect(derivableHidden(g.map((row) => row.map((c) => c.suppressed !== null)))).toEqual([]);
      }),
      { numRuns: 300 },
    );
  });

  it('finds what the attacker finds: the equations do give away a lone hidden cell and a 2 × 1 block with its margin', () => {
    // Row 0: one hidden cell, shown total → determined.
    expect(derivableHidden([[true, false, false], [false, false, false], [false, false, false]])).toEqual([[0, 0]]);
    // Two hidden cells in one row but alone in their columns: both determined through the columns.
    expect(derivableHidden([[true, true, false], [false, false, false], [false, false, false]]).length).toBe(2);
    // A 2 × 2 rectangle cannot be resolved.
    expect(derivableHidden([[true, true, false], [true, true, false], [false, false, false]])).toEqual([]);
  });

  it('protects a known table as the textbook does', () => {
    const t = protectTable(
      [
        [20, 3, 15],
        [12, 30, 40],
        [25, 18, 9],
      ],
      { threshold: 5, roundTo: 1 },
    );
    expect(t.cells[0]?.[1]).toEqual({ value: null, suppressed: 'primary' });
    // The next smallest of the first row (15) and of the second column (18) go too, and then
    // one more cell so that the third column and third row do not give them away.
    const hidden = grid(t).flat().filter((c) => c.suppressed).length;
    expect(hidden).toBeGreaterThanOrEqual(4);
    expect(t.total).toEqual({ value: 172, suppressed: null });
  });

  it('hides a whole list whose total is small, and rounds what it publishes when asked', () => {
    expect(protectList([1, 2, 0], { threshold: 5, roundTo: 1 }).total.suppressed).toBe('primary');
    const rounded = protectTable([[12, 23], [31, 48]], { threshold: 5, roundTo: 5 });
    expect(rounded.cells[0]).toEqual([{ value: 10, suppressed: null }, { value: 25, suppressed: null }]);
    fc.assert(
      fc.property(table(), fc.integer({ min: 2, max: 10 }), (cells, base) => {
        for (const c of grid(protectTable(cells, { threshold: 3, roundTo: base })).flat()) if (c.value !== null) expect(c.value % base).toBe(0);
      }),
    );
  });

  it('keeps a margin shared by linked tables hidden in all of them when it is hidden in one', () => {
    fc.assert(
      fc.property(
        fc.integer({ min: 1, max: 4 }).chain((cols) => fc.array(fc.array(fc.array(count, { minLength: cols, maxLength: cols }), { minLength: 1, maxLength: 4 }), { minLength: 2, maxLength: 3 })),
        rules,
        (tables, r) => {
          // Same population: the column totals must agree, so make every table's rows add up to the first's.
          const first = tables[0] ?? [];
          const base = truth(first);
          const cols = first[0]?.length ?? 0;
          // The other tables: the same column totals, split over rows differently (here: one row).
          const linked = tables.map((t, k) => (k === 0 ? t : [(base[base.length - 1] ?? []).slice(0, cols)]));
          const out = protectLinked(linked, r, 'columns');
          for (let j = 0; j < cols; j++) {
            const states = new Set(out.map((t) => t.colTotals[j]?.suppressed !== null));
            expect(states.size).toBe(1);
          }
          expect(new Set(out.map((t) => t.total.suppressed !== null)).size).toBe(1);
        },
      ),
      { numRuns: 200 },
    );
  });

  it('publishes a share only when every count it comes from is published', () => {
    const shown = { value: 10, suppressed: null };
    const hidden = { value: null, suppressed: 'primary' as const };
    expect(derived([shown, shown], () => 0.5)).toEqual({ value: 0.5, suppressed: null });
    expect(derived([shown, hidden], () => 0.5)).toEqual({ value: null, suppressed: 'secondary' });
  });

  it('refuses what is not a table of counts', () => {
    expect(() => protectTable([], { threshold: 5, roundTo: 1 })).toThrow();
    expect(() => protectTable([[1, 2], [3]], { threshold: 5, roundTo: 1 })).toThrow();
    expect(() => protectTable([[-1]], { threshold: 5, roundTo: 1 })).toThrow();
    expect(() => protectTable([[1.5]], { threshold: 5, roundTo: 1 })).toThrow();
  });
});
