import { StrictMode } from 'react';
import { createRoot } from 'react-dom/client';
import { App } from './app.tsx';
import { I18nProvider } from './i18n/i18n-provider.tsx';
import { direction, initialLocale, loadMessages } from './i18n/locales.ts';
import './styles.css';

const locale = initialLocale();
document.documentElement.lang = locale;
document.documentElement.dir = direction(locale);
const messages = await loadMessages(locale);

createRoot(document.getElementById('root')!).render(
  <StrictMode>
    <I18nProvider initial={{ locale, messages }}>
      <App />
    </I18nProvider>
  </StrictMode>,
);
