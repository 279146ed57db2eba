// The countries (jurisdictions) of this installation with their regions, and their names in the interface language.
import { client, data, useLoad } from '../../api/typed.ts';
import { useLocale } from '../../i18n/i18n-provider.tsx';
import { localName } from '../../i18n/names.ts';

export function useCountries() {
  const { locale } = useLocale();
  const state = useLoad(() => data(client.GET('/api/jurisdictions')), []);
  const list = state.status === 'ready' ? state.data.jurisdictions : [];
  const name = (code: string) => {
    const j = list.find((x) => x.code === code);
    return j ? localName(j.names, locale) : code;
  };
  return { list, name, locale };
}
