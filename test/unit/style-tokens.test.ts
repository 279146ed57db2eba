// The colour tokens of styles.css keep their contrast (WCAG 2.1): text 4.5:1, the focus ring and
// the edges of controls 3:1. Changing a token so that a pair falls below fails here.
import { readFileSync } from 'node:fs';
import { resolve } from 'node:path';
import { describe, expect, it } from 'vitest';

const css = readFileSync(resolve(import.meta.dirname, '../../src/web/styles.css'), 'utf8');
const root = /:root\s*\{([^}]*)\}/.exec(css)![1]!;
const tokens = Object.fromEntries([...root.matchAll(/--([a-z-]+):\s*(#[0-9a-f]{6})/gi)].map((m) => [m[1]!, m[2]!]));

function luminance(hex: string): number {
  const [r, g, b] = [1, 3, 5].map((i) => parseInt(hex.slice(i, i + 2), 16) / 255).map((c) => (c <= 0.03928 ? c / 12.92 : ((c + 0.055) / 1.055) ** 2.4));
  return 0.2126 * r! + 0.7152 * g! + 0.0722 * b!;
}

export function contrast(a: string, b: string): number {
  const [hi, lo] = [luminance(a), luminance(b)].sort((x, y) => y - x);
  return (hi! + 0.05) / (lo! + 0.05);
}

describe('colour tokens', () => {
  it('computes contrast as WCAG does', () => {
    expect(contrast('#000000', '#ffffff')).toBeCloseTo(21, 5);
    expect(contrast('#777777', '#ffffff')).toBeCloseTo(4.48, 2);
  });

  it.each([
    ['ink', 'paper', 4.5],
    ['ink', 'canvas', 4.5],
    ['ink-muted', 'paper', 4.5],
    ['ink-muted', 'canvas', 4.5],
    ['brand-ink', 'brand', 4.5],
    ['brand', 'brand-soft', 4.5],
    ['ink', 'brand-soft', 4.5],
    ['danger', 'danger-soft', 4.5],
    ['danger', 'paper', 4.5],
    ['brand', 'paper', 4.5],
    ['focus', 'paper', 3],
    ['focus', 'canvas', 3],
  ])('%s on %s reaches %s:1', (fg, bg, min) => {
    expect(tokens[fg], `--${fg}`).toBeDefined();
    expect(tokens[bg], `--${bg}`).toBeDefined();
    expect(contrast(tokens[fg]!, tokens[bg]!)).toBeGreaterThanOrEqual(min);
  });
});
