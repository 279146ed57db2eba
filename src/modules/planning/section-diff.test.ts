import fc from 'fast-check';
import { describe, expect, it } from 'vitest';
import { diffWords, paragraphTokens, wordTokens, type DiffPart } from './section-diff.ts';

const join = (parts: DiffPart[], keep: 'added' | 'removed') => parts.filter((p) => p.op === 'same' || p.op === keep).map((p) => p.text).join('');

describe('word diff', () => {
  it('marks the words added and removed, keeping the rest as it was', () => {
    const { parts, coarse } = diffWords('Support women-led organisations in the regions', 'Fund and support women-led organisations in all regions');
    expect(coarse).toBe(false);
    expect(parts).toEqual([
      { op: 'removed', text: 'Support ' },
      { op: 'added', text: 'Fund and support ' },
      { op: 'same', text: 'women-led organisations in ' },
      { op: 'removed', text: 'the' },
      { op: 'added', text: 'all' },
      { op: 'same', text: ' regions' },
    ]);
  });

  it('gives one part for identical texts and nothing for two empty ones', () => {
    expect(diffWords('same text', 'same text').parts).toEqual([{ op: 'same', text: 'same text' }]);
    expect(diffWords('', '').parts).toEqual([]);
    expect(diffWords('', 'new').parts).toEqual([{ op: 'added', text: 'new' }]);
  });

  it('splits into words and spaces, and into paragraphs, losing nothing', () => {
    expect(wordTokens(' a  b\nc ')).toEqual([' ', 'a', '  ', 'b', '\n', 'c', ' ']);
    expect(paragraphTokens('one\n\ntwo\n \nthree')).toEqual(['one', '\n\n', 'two', '\n \n', 'three']);
  });

  it('falls back to paragraphs, then to the whole text, when the word table would be too large', () => {
    const a = 'alpha beta gamma\n\nunchanged paragraph here\n\nend one';
    const b = 'delta beta gamma\n\nunchanged paragraph here\n\nend two';
    const byParagraph = diffWords(a, b, 40);
    expect(byParagraph.coarse).toBe(true);
    expect(byParagraph.parts).toEqual([
      { op: 'removed', text: 'alpha beta gamma' },
      { op: 'added', text: 'delta beta gamma' },
      { op: 'same', text: '\n\nunchanged paragraph here\n\n' },
      { op: 'removed', text: 'end one' },
      { op: 'added', text: 'end two' },
    ]);
    const whole = diffWords('a b c d e f', 'g h i j k l', 4);
    expect(whole).toEqual({ coarse: true, parts: [{ op: 'removed', text: 'a b c d e f' }, { op: 'added', text: 'g h i j k l' }] });
  });

  it('stays fast on the longest section bodies, completely rewritten', () => {
    const words = (seed: string) => Array.from({ length: 8000 }, (_, i) => `${seed}${i}`).join(' ').slice(0, 50_000);
    const started = performance.now();
    const { parts } = diffWords(words('x'), words('y'));
    expect(performance.now() - started).toBeLessThan(2000);
    expect(join(parts, 'removed')).toBe(words('x'));
  });

  it('always gives back both texts: same + removed is the old one, same + added the new one', () => {
    const text = fc.array(fc.constantFrom('a', 'b', 'c', ' ', '\n', 'word', '  ', 'ё', 'ع'), { maxLength: 40 }).map((t) => t.join(''));
    fc.assert(
      fc.property(text, text, fc.integer({ min: 1, max: 2000 }), (a, b, cells) => {
        const { parts } = diffWords(a, b, cells);
        expect(join(parts, 'removed')).toBe(a);
        expect(join(parts, 'added')).toBe(b);
        // Neighbours differ in kind and no part is empty.
        parts.forEach((p, i) => {
          expect(p.text).not.toBe('');
          if (i > 0) expect(parts[i - 1]!.op).not.toBe(p.op);
        });
      }),
      { numRuns: 300 },
    );
  });
});
