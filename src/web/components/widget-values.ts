// The pure parts of the localised form widgets (date-field, file-drop, combo-field), kept apart
// from their JSX so they can be tested on their own.
import { parseDate, parseDateTime, type CalendarDate, type CalendarDateTime } from '@internationalized/date';

export type DateValue = CalendarDate | CalendarDateTime;

/** Reads "2026-03-01" or "2026-03-01T09:30[:00]" (as a native input would give); null if not one. */
export function parseIso(iso: string | null | undefined, withTime: boolean): DateValue | null {
  if (!iso) return null;
  try {
    if (withTime) return parseDateTime(iso.length === 16 ? `${iso}:00` : iso.slice(0, 19));
    return parseDate(iso.slice(0, 10));
  } catch {
    return null;
  }
}

/** What a native input would give: "2026-03-01" or "2026-03-01T09:30". */
export function toIso(value: DateValue | null, withTime: boolean): string {
  if (!value) return '';
  return withTime ? value.toString().slice(0, 16) : value.toString().slice(0, 10);
}

/** Whether a file matches `accept` (".csv", "text/csv", "image/*"), as the native input decides. */
export function accepts(accept: string[], file: { name: string; type: string }): boolean {
  if (accept.length === 0) return true;
  const name = file.name.toLowerCase();
  const type = file.type.toLowerCase();
  return accept.some((a) => {
    const rule = a.trim().toLowerCase();
    if (rule.startsWith('.')) return name.endsWith(rule);
    if (rule.endsWith('/*')) return type.startsWith(rule.slice(0, -1));
    return type === rule;
  });
}

/** Whether `text` contains `query` under the collator (case and accents ignored). */
export function contains(collator: Intl.Collator, text: string, query: string): boolean {
  const q = query.trim();
  if (q === '') return true;
  for (let i = 0; i + q.length <= text.length; i += 1) {
    if (collator.compare(text.slice(i, i + q.length), q) === 0) return true;
  }
  return false;
}
