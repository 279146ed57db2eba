import { useId } from 'react';
import { Languages } from 'lucide-react';
import { FormattedMessage } from 'react-intl';
import { useLocale } from '../i18n/i18n-provider.tsx';
import { ENDONYMS, isLocale, LOCALES } from '../i18n/locales.ts';
import { Icon } from './icon.tsx';

/** A native select: announced correctly by every screen reader and usable with the keyboard. */
export function LanguageSwitcher() {
  const { locale, setLocale } = useLocale();
  const id = useId();
  return (
    <div className="language-switcher">
      <label htmlFor={id}>
        <Icon of={Languages} />
        <FormattedMessage id="lang.label" />
      </label>
      <select
        id={id}
        value={locale}
        onChange={(e) => {
          if (isLocale(e.target.value)) void setLocale(e.target.value);
        }}
      >
        {LOCALES.map((l) => (
          <option key={l} value={l} lang={l}>
            {ENDONYMS[l]}
          </option>
        ))}
      </select>
    </div>
  );
}
