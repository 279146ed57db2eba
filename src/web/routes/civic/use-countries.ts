// The countries (jurisdictions) of this installation with their regions, and their names in the interface language.
import type { LocalisedNames } from '../../../modules/orgs/schema.ts';
import { useApi } from '../../api/use-api.ts';
import { useLocale } from '../../i18n/i18n-provider.tsx';
import { localName } from '../../i18n/names.ts';

type Jurisdiction = { code: string; names: LocalisedNames; regions: Array<{ code: string; names: LocalisedNames }> };

export function useCountries() {
  const { locale } = useLocale();
  const state = useApi<{ jurisdictions: Jurisdiction[] }>('/api/jurisdictions');
  const list = state.status === 'ready' ? state.data.jurisdictions : [];
  const name = (code: string) => {
    const j = list.find((x) => x.code === code);
    return j ? localName(j.names, locale) : code;
  };
  return { list, name, locale };
}
