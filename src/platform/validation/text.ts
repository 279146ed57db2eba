// One rule for every free text a person sends, in every module (the zod schemas of routes and
// forms build their texts from these):
// - never C0 or C1 control characters (NUL included: PostgreSQL refuses it) nor DEL;
// - never the bidirectional embedding, override and isolate controls (U+202A–U+202E,
//   U+2066–U+2069), which make text read differently from how it is stored ("Trojan Source"),
//   for example a file name or an alias that shows its last letters first;
// - tab and line breaks (CR, LF, U+2028, U+2029) only in multi-line fields (notes, reasons,
//   descriptions); names, titles and other single-line fields refuse them.
// Refused, not stripped: the request gets a 400 naming the field, and nothing is changed. The
// marks that right-to-left writing needs (U+200E, U+200F, U+061C) are ordinary text.
import { z } from 'zod';
import { rule } from '../http/field-codes.ts';

/** Refused in every text: C0 controls but tab, LF and CR; DEL; C1 controls; bidi embeddings, overrides and isolates. */
export const FORBIDDEN_CHARACTERS = /[\u0000-\u0008\u000B\u000C\u000E-\u001F\u007F-\u009F\u202A-\u202E\u2066-\u2069]/u;
/** Kept only in multi-line texts. */
export const LINE_BREAKS_AND_TABS = /[\t\n\r\u2028\u2029]/u;

export const CONTROL_MESSAGE = 'must not contain control characters or direction overrides';
export const SINGLE_LINE_MESSAGE = 'must be a single line, without tabs or line breaks';

/** Whether a text may be stored in a multi-line field. */
export const isCleanText = (s: string): boolean => !FORBIDDEN_CHARACTERS.test(s);
/** Whether a text may be stored in a single-line field. */
export const isCleanLine = (s: string): boolean => isCleanText(s) && !LINE_BREAKS_AND_TABS.test(s);

/** The rule on any string schema: `clean(z.string().trim().max(80))`. */
export function clean<T extends z.ZodString>(schema: T, lines: 'single' | 'multi' = 'single') {
  return schema
    .refine(isCleanText, rule('control_characters', CONTROL_MESSAGE))
    .refine((s) => lines === 'multi' || !LINE_BREAKS_AND_TABS.test(s), rule('single_line', SINGLE_LINE_MESSAGE));
}

/** A trimmed single-line text of `min` to `max` characters (names, titles, labels). */
export const line = (min: number, max: number) => clean(z.string().trim().min(min).max(max));
/** A trimmed multi-line text of `min` to `max` characters (notes, reasons, descriptions). */
export const paragraphs = (min: number, max: number) => clean(z.string().trim().min(min).max(max), 'multi');
/** A multi-line text up to `max` characters kept exactly as written (not trimmed). */
export const verbatim = (max: number) => clean(z.string().max(max), 'multi');
/** A trimmed single-line text of at most `max` characters; empty or left out is null. */
export const optionalLine = (max: number) =>
  line(0, max)
    .nullish()
    .transform((v) => (v ? v : null));
/** A trimmed multi-line text of at most `max` characters; empty or left out is null. */
export const optionalParagraphs = (max: number) =>
  paragraphs(0, max)
    .nullish()
    .transform((v) => (v ? v : null));
