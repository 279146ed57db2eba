import { createContext, useCallback, useContext, useEffect, useMemo, useState, type ReactNode } from 'react';
import { IntlProvider } from 'react-intl';
import { direction, loadMessages, rememberLocale, type Locale, type Messages } from './locales.ts';

type LocaleControl = { locale: Locale; setLocale: (locale: Locale, remember?: boolean) => Promise<void> };

const LocaleContext = createContext<LocaleControl | null>(null);

export function useLocale(): LocaleControl {
  const control = useContext(LocaleContext);
  if (!control) throw new Error('useLocale outside I18nProvider');
  return control;
}

/** Puts the language and its direction on <html>, so the whole page mirrors for Arabic. */
function applyToDocument(locale: Locale): void {
  document.documentElement.lang = locale;
  document.documentElement.dir = direction(locale);
}

export function I18nProvider(props: { initial: { locale: Locale; messages: Messages }; children: ReactNode }) {
  const [state, setState] = useState(props.initial);

  useEffect(() => applyToDocument(state.locale), [state.locale]);

  const setLocale = useCallback(async (locale: Locale, remember = true) => {
    const messages = await loadMessages(locale);
    if (remember) rememberLocale(locale);
    setState({ locale, messages });
  }, []);

  const control = useMemo(() => ({ locale: state.locale, setLocale }), [state.locale, setLocale]);
  return (
    <LocaleContext.Provider value={control}>
      <IntlProvider locale={state.locale} messages={state.messages} defaultLocale="en">
        {props.children}
      </IntlProvider>
    </LocaleContext.Provider>
  );
}
