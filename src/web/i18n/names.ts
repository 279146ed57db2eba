import type { LocalisedNames } from '../../modules/orgs/schema.ts';
import type { Locale } from './locales.ts';

/** A name in the interface language, falling back to English. */
export function localName(names: LocalisedNames, locale: Locale): string {
  return names[locale] ?? names.en;
}

/** A language's name in the interface language (from the browser's own data, nothing to download). */
export function languageName(code: string, locale: Locale): string {
  try {
    return new Intl.DisplayNames([locale], { type: 'language' }).of(code) ?? code;
  } catch {
    return code;
  }
}

/** Languages that organisations commonly work in across the region Tandem serves. */
export const WORKING_LANGUAGES = ['ar', 'bs', 'en', 'fr', 'kk', 'ky', 'ru', 'sq', 'sr', 'tg', 'tk', 'tr', 'uz'] as const;
