// Generators of input that looks right to a form but that the database would refuse or that no
// one types: days and moments in years outside 1900–2200 (PostgreSQL refuses a year 0), and texts
// carrying a NUL, another control character or a direction override (platform/validation/text.ts;
// tab and line breaks are fine in multi-line texts).
import fc from 'fast-check';
import type { ZodType } from 'zod';

const pad = (n: number, width = 2) => String(n).padStart(width, '0');

/** A year a planning date may not fall in, written with four digits. */
export const outOfRangeYear = fc.oneof(fc.constantFrom(0, 1, 1899, 2201, 9999), fc.integer({ min: 0, max: 1899 }), fc.integer({ min: 2201, max: 9999 }));

/** A well-formed calendar day (YYYY-MM-DD) in such a year. */
export const outOfRangeDay = fc.tuple(outOfRangeYear, fc.integer({ min: 1, max: 12 }), fc.integer({ min: 1, max: 28 })).map(([y, m, d]) => `${pad(y, 4)}-${pad(m)}-${pad(d)}`);

/** A well-formed moment with an offset in such a year. */
export const outOfRangeMoment = fc.tuple(outOfRangeDay, fc.constantFrom('Z', '+00:00', '+03:00', '-05:00')).map(([day, offset]) => `${day}T10:00:00${offset}`);

/** A character refused in every text: NUL, the rest of C0 but tab and line breaks, DEL, C1, and the bidi embeddings, overrides and isolates. */
export const controlCharacter = fc
  .oneof(
    fc.constant(0),
    fc.integer({ min: 1, max: 0x1f }).filter((c) => ![9, 10, 13].includes(c)),
    fc.constant(0x7f),
    fc.integer({ min: 0x80, max: 0x9f }),
    fc.integer({ min: 0x202a, max: 0x202e }),
    fc.integer({ min: 0x2066, max: 0x2069 }),
  )
  .map((c) => String.fromCharCode(c));

/** What a single-line text (a name, a title) refuses besides: a tab or a line break. */
export const lineBreakOrTab = fc.constantFrom('\t', '\n', '\r', '\r\n', '\u2028', '\u2029');

/** An ordinary, long enough text with one control character somewhere in it. */
export const textWithControl = fc
  .tuple(fc.string({ unit: fc.constantFrom('a', 'b', ' ', 'ё', 'ع'), maxLength: 10 }), controlCharacter, fc.string({ unit: fc.constantFrom('a', 'b', ' '), maxLength: 10 }))
  .map(([before, c, after]) => `Some words ${before}${c}${after} and more words`);

/**
 * Whether a schema refuses a body as the server receives it: JSON turns NaN and Infinity into
 * null and drops undefined members, so a generated value the schema refuses in memory may be
 * one it accepts on the wire (NaN for an optional URL arrives as null, which is allowed).
 */
export const refusedAsSent = (schema: ZodType) => (body: unknown) => {
  const text = body === undefined ? undefined : JSON.stringify(body);
  return !schema.safeParse(text === undefined ? undefined : JSON.parse(text)).success;
};
