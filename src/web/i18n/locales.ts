// The interface languages. Adding one: a JSON file in ../locales with every key of en.json,
// an entry here, and the locale in the users.locale check of the identity migration.
export const LOCALES = ['en', 'ru', 'ar'] as const;
export type Locale = (typeof LOCALES)[number];

/** Each language's name in itself, shown in the language switcher whatever the current language. */
export const ENDONYMS: Record<Locale, string> = { en: 'English', ru: 'Русский', ar: 'العربية' };

const RTL: ReadonlySet<Locale> = new Set<Locale>(['ar']);

export function direction(locale: Locale): 'ltr' | 'rtl' {
  return RTL.has(locale) ? 'rtl' : 'ltr';
}

export function isLocale(value: unknown): value is Locale {
  return typeof value === 'string' && (LOCALES as readonly string[]).includes(value);
}

const STORAGE_KEY = 'tandem.locale';

/** The language chosen on this device, else the browser's first supported language, else English. */
export function initialLocale(): Locale {
  const saved = safeStorage()?.getItem(STORAGE_KEY);
  if (isLocale(saved)) return saved;
  for (const tag of navigator.languages ?? [navigator.language]) {
    const base = tag.toLowerCase().split('-')[0];
    if (isLocale(base)) return base;
  }
  return 'en';
}

export function rememberLocale(locale: Locale): void {
  safeStorage()?.setItem(STORAGE_KEY, locale);
}

export function hasRememberedLocale(): boolean {
  return isLocale(safeStorage()?.getItem(STORAGE_KEY));
}

function safeStorage(): Storage | undefined {
  try {
    return window.localStorage;
  } catch {
    return undefined;
  }
}

export type Messages = Record<string, string>;

/** Loads one language's messages; each is its own small file fetched only when needed. */
export async function loadMessages(locale: Locale): Promise<Messages> {
  switch (locale) {
    case 'ru':
      return (await import('../locales/ru.json')).default;
    case 'ar':
      return (await import('../locales/ar.json')).default;
    default:
      return (await import('../locales/en.json')).default;
  }
}
