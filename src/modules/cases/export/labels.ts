// The reader's language for exported documents, and their labels, taken from the same message
// files as the pages (one translation of each term, kept together with the others).
import { readFileSync } from 'node:fs';
import type { Direction } from '../../../platform/pdf/bidi.ts';

export const EXPORT_LOCALES = ['en', 'ru', 'ar'] as const;
export type ExportLocale = (typeof EXPORT_LOCALES)[number];

const load = (l: ExportLocale): Record<string, string> =>
  JSON.parse(readFileSync(new URL(`../../../web/locales/${l}.json`, import.meta.url), 'utf8')) as Record<string, string>;
const MESSAGES: Record<ExportLocale, Record<string, string>> = { en: load('en'), ru: load('ru'), ar: load('ar') };

export type Labels = {
  locale: ExportLocale;
  direction: Direction;
  /** A message with {name} placeholders filled in; a missing key falls back to English, then to the key. */
  t: (key: string, values?: Record<string, string | number>) => string;
  /** A date (YYYY-MM-DD or an instant) in the reader's language. */
  date: (value: string | Date | null | undefined, withTime?: boolean) => string;
};

export function labelsFor(locale: ExportLocale): Labels {
  const m = MESSAGES[locale];
  const t = (key: string, values: Record<string, string | number> = {}) =>
    Object.entries(values).reduce((s, [k, v]) => s.replaceAll(`{${k}}`, String(v)), m[key] ?? MESSAGES.en[key] ?? key);
  // Latin digits in every language: the same figures as on the case page and in the audit trail.
  // Made once per labels: a report formats thousands of dates.
  const dateOnly = new Intl.DateTimeFormat(`${locale}-u-nu-latn`, { dateStyle: 'long', timeZone: 'UTC' });
  const dateTime = new Intl.DateTimeFormat(`${locale}-u-nu-latn`, { dateStyle: 'long', timeStyle: 'short', timeZone: 'UTC' });
  const date = (value: string | Date | null | undefined, withTime = false) => {
    if (value === null || value === undefined || value === '') return '—';
    const d = typeof value === 'string' ? new Date(value.length === 10 ? `${value}T00:00:00Z` : value) : value;
    return (withTime ? dateTime : dateOnly).format(d);
  };
  return { locale, direction: locale === 'ar' ? 'rtl' : 'ltr', t, date };
}

/** The language asked for (?lang=), else the first of Accept-Language we have, else English. */
export function pickLocale(query: string | undefined, acceptLanguage: string | undefined): ExportLocale {
  const known = (v: string | undefined) => EXPORT_LOCALES.find((l) => v?.toLowerCase().startsWith(l));
  if (query) return known(query) ?? 'en';
  const ranked = (acceptLanguage ?? '')
    .split(',')
    .map((part) => {
      const [tag, ...params] = part.trim().split(';');
      const q = params.map((p) => p.trim()).find((p) => p.startsWith('q='));
      return { tag: tag ?? '', q: q ? Number(q.slice(2)) || 0 : 1 };
    })
    .filter((x) => x.q > 0)
    .sort((a, b) => b.q - a.q);
  for (const { tag } of ranked) {
    const l = known(tag);
    if (l) return l;
  }
  return 'en';
}
