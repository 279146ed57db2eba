// The checks on a reported value, on generated input: breakdowns that add up are accepted with
// the total as sent; any group changed by a whole unit is refused; percentages are the numerator
// over the denominator, never above 100; a jump is flagged exactly when the value moves by more
// than half of the value before.
import fc from 'fast-check';
import { describe, expect, it } from 'vitest';
import { checkReport, jumpFrom, JUMP_SHARE } from './results-checks.ts';
import type { ReportInput } from './results-schema.ts';
import { breakdown } from './results-reports.ts';

const rules = { unit: 'count' as const, frequency: 'annual' as const, dimensions: ['sex', 'region'] as const, regions: ['north', 'south'] };
const base = (over: Partial<ReportInput>): ReportInput => ({ period: '2027', value: null, numerator: null, denominator: null, disaggregates: [], evidence: 'Evidence', evidenceUrl: null, ...over });
const groups = (dimension: 'sex' | 'region', keys: string[], values: number[]) => keys.map((group, i) => ({ dimension, group, value: values[i] ?? 0, numerator: null, denominator: null }));

describe('reported value checks', () => {
  it('accepts breakdowns that add up, and refuses one group off by a unit', () => {
    fc.assert(
      fc.property(fc.array(fc.nat(1000), { minLength: 3, maxLength: 3 }), fc.array(fc.nat(1000), { minLength: 1, maxLength: 1 }), fc.integer({ min: 0, max: 2 }), fc.constantFrom(-1, 1), (sex, extra, which, delta) => {
        const total = sex.reduce((a, b) => a + b, 0);
        const north = Math.min(total, extra[0]!);
        const ok = checkReport(rules, base({ value: total, disaggregates: [...groups('sex', ['female', 'male', 'unknown'], sex), ...groups('region', ['north', 'south'], [north, total - north])] }));
        expect(ok).toEqual({ ok: expect.objectContaining({ value: total }) });
        const off = sex.map((v, i) => (i === which ? v + delta : v));
        if (off.every((v) => v >= 0)) expect('errors' in checkReport(rules, base({ value: total, disaggregates: groups('sex', ['female', 'male', 'unknown'], off) }))).toBe(true);
      }),
    );
  });

  it('computes percentages from numerator and denominator, and refuses a numerator above its denominator', () => {
    const pct = { ...rules, unit: 'percentage' as const, dimensions: [] as const };
    fc.assert(
      fc.property(fc.nat(10_000), fc.integer({ min: 1, max: 10_000 }), (a, b) => {
        const r = checkReport(pct, base({ numerator: a, denominator: b }));
        if (a <= b) {
          expect('ok' in r && r.ok.value).toBeCloseTo((a / b) * 100, 1);
          if ('ok' in r) expect(r.ok.value).toBeLessThanOrEqual(100);
        } else expect('errors' in r).toBe(true);
      }),
    );
  });

  it('refuses periods of another frequency, groups of no dimension of the indicator, and counts with decimals', () => {
    expect('errors' in checkReport(rules, base({ value: 1, period: '2027-Q1' }))).toBe(true);
    expect('errors' in checkReport(rules, base({ value: 1, disaggregates: [{ dimension: 'age_band', group: '18-24', value: 1, numerator: null, denominator: null }] }))).toBe(true);
    expect('errors' in checkReport(rules, base({ value: 1, disaggregates: groups('region', ['west'], [1]) }))).toBe(true);
    expect('errors' in checkReport(rules, base({ value: 1.5 }))).toBe(true);
  });

  it('flags a jump exactly when the value moves by more than half of the one before', () => {
    fc.assert(
      fc.property(fc.option(fc.nat(1000), { nil: null }), fc.nat(2000), (prev, value) => {
        const flagged = jumpFrom(prev, value);
        const expected = prev === null ? false : prev === 0 ? value > 0 : Math.abs(value - prev) / prev > JUMP_SHARE;
        expect(flagged !== null).toBe(expected);
        if (flagged !== null) expect(flagged).toBe(prev);
      }),
    );
  });
});

describe('breakdowns shown to readers', () => {
  it('publish no group at or below the threshold, and never exactly one hidden group of several beside the shown total', () => {
    fc.assert(
      fc.property(fc.array(fc.nat(40), { minLength: 1, maxLength: 7 }), fc.integer({ min: 1, max: 10 }), (values, threshold) => {
        const shown = breakdown(
          values.map((value, i) => ({ dimension: 'region' as const, group: `g${i}`, value })),
          true,
          { threshold, roundTo: 1 },
        );
        for (const d of shown) if (d.value !== null) expect(d.value).toBeGreaterThan(threshold);
        // (A single group is the total itself, which the indicator shows as its value.)
        if (values.length > 1) expect(shown.filter((d) => d.value === null).length).not.toBe(1);
        // The owner and the responsible organisation see them as sent.
        expect(breakdown(values.map((value, i) => ({ dimension: 'region' as const, group: `g${i}`, value })), false, { threshold, roundTo: 1 }).map((d) => d.value)).toEqual(values);
      }),
    );
  });
});
