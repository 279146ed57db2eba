// The checks on a reported value, as pure functions (tested on generated input): the value fits
// its unit, the period its indicator's frequency, the disaggregates the indicator's dimensions
// and add up to the total, and a large jump from the period before is flagged (not refused).
import type { FieldError, FieldReason } from '../../platform/http/field-codes.ts';
import { GROUPS, PERIOD_PATTERNS, type Dimension, type Disaggregate, type Frequency, type ReportInput, type Unit } from './results-schema.ts';

export type IndicatorRules = { unit: Unit; frequency: Frequency; dimensions: readonly Dimension[]; regions: readonly string[] };
export type CheckedValue = { value: number; numerator: number | null; denominator: number | null; disaggregates: Disaggregate[] };

/** A change of more than this share of the value before is flagged for the reviewer. */
export const JUMP_SHARE = 0.5;

/** Sums are compared to a cent: amounts may carry decimals. */
const same = (a: number, b: number) => Math.abs(a - b) < 0.005;
const round2 = (v: number) => Math.round(v * 100) / 100;

/** The value to store, or the list of what is wrong with the input (never both). */
export function checkReport(rules: IndicatorRules, input: ReportInput): { ok: CheckedValue } | { errors: FieldError[] } {
  const errors: FieldError[] = [];
  const err = (path: string, reason: FieldReason) => errors.push({ path: `body.${path}`, ...reason });
  const inconsistent = (message: string): FieldReason => ({ code: 'inconsistent', message });
  if (!PERIOD_PATTERNS[rules.frequency].test(input.period)) err('period', { code: 'period_format', params: { frequency: rules.frequency }, message: `must be a period of the ${rules.frequency} reporting frequency` });

  let value = input.value ?? 0;
  const percentage = rules.unit === 'percentage';
  if (percentage) {
    if (input.numerator === null || input.denominator === null) err('numerator', { code: 'required', message: 'a percentage is given as a numerator and a denominator' });
    else if (input.denominator <= 0) err('denominator', { code: 'more_than', params: { min: 0 }, message: 'must be more than zero' });
    else if (input.numerator > input.denominator) err('numerator', { code: 'over_denominator', message: 'must not be more than the denominator' });
    else value = round2((input.numerator / input.denominator) * 100);
    if (input.value !== null) err('value', inconsistent('a percentage is computed from its numerator and denominator'));
  } else {
    if (input.value === null) err('value', { code: 'required', message: 'is required' });
    if (input.numerator !== null || input.denominator !== null) err('numerator', inconsistent('only a percentage has a numerator and a denominator'));
    if (rules.unit === 'count' && input.value !== null && !Number.isInteger(input.value)) err('value', { code: 'whole_number', message: 'a count is a whole number' });
  }

  // Disaggregates: the indicator's dimensions only, each group once, each group's figure of the
  // unit's kind, and (except for days, which do not add up) every dimension adding up to the total.
  const byDimension = new Map<Dimension, Disaggregate[]>();
  input.disaggregates.forEach((d, i) => {
    const at = `disaggregates.${i}`;
    if (!rules.dimensions.includes(d.dimension)) return err(`${at}.dimension`, { code: 'invalid_choice', message: 'is not a dimension of this indicator' });
    const groups = d.dimension === 'region' ? rules.regions : GROUPS[d.dimension];
    if (!groups.includes(d.group)) return err(`${at}.group`, { code: 'invalid_choice', message: `is not a group of ${d.dimension}` });
    const list = byDimension.get(d.dimension) ?? [];
    if (list.some((x) => x.group === d.group)) return err(`${at}.group`, { code: 'not_unique', message: 'each group once' });
    if (percentage) {
      if (d.numerator === null || d.denominator === null || d.value !== null) return err(`${at}.numerator`, { code: 'required', message: 'a percentage is broken down as numerators and denominators' });
      if (d.numerator > d.denominator) return err(`${at}.numerator`, { code: 'over_denominator', message: 'must not be more than the denominator' });
    } else {
      if (d.value === null || d.numerator !== null || d.denominator !== null) return err(`${at}.value`, { code: 'required', message: 'is required, without numerator or denominator' });
      if (rules.unit === 'count' && !Number.isInteger(d.value)) return err(`${at}.value`, { code: 'whole_number', message: 'a count is a whole number' });
    }
    list.push(d);
    byDimension.set(d.dimension, list);
  });
  if (errors.length === 0 && rules.unit !== 'days') {
    for (const [dimension, list] of byDimension) {
      const sum = (f: (d: Disaggregate) => number) => list.reduce((s, d) => s + f(d), 0);
      if (percentage) {
        if (!same(sum((d) => d.numerator ?? 0), input.numerator ?? 0) || !same(sum((d) => d.denominator ?? 0), input.denominator ?? 0)) {
          err('disaggregates', { code: 'sum_mismatch', params: { dimension }, message: `the groups of ${dimension} must add up to the numerator and the denominator` });
        }
      } else if (!same(sum((d) => d.value ?? 0), value)) {
        err('disaggregates', { code: 'sum_mismatch', params: { dimension }, message: `the groups of ${dimension} must add up to the total` });
      }
    }
  }
  if (errors.length > 0) return { errors };
  return {
    ok: {
      value,
      numerator: percentage ? input.numerator : null,
      denominator: percentage ? input.denominator : null,
      disaggregates: input.disaggregates,
    },
  };
}

/** The value before, when the new one moved by more than JUMP_SHARE of it; null otherwise. */
export function jumpFrom(previous: number | null, value: number): number | null {
  if (previous === null) return null;
  if (previous === 0) return value > 0 ? 0 : null;
  return Math.abs(value - previous) / previous > JUMP_SHARE ? previous : null;
}

/** Periods of one frequency sort as text (2027-Q1 < 2027-Q2 < 2028-Q1). */
export const periodBefore = (periods: readonly string[], p: string): string | null => periods.filter((x) => x < p).sort().at(-1) ?? null;
