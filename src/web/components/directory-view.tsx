// The directory of organisations: filters kept in the address (so a search can be shared and
// survives a reload), results as a list a screen reader can walk. Used signed in and in public.
import type { FormEvent } from 'react';
import { FormattedMessage, useIntl } from 'react-intl';
import { Link, useSearchParams } from 'react-router';
import { AREAS_OF_WORK, NEED_DOMAINS, ORG_TYPES } from '../../modules/orgs/schema.ts';
import { client, data, useLoad, type Query } from '../api/typed.ts';
import { useLocale } from '../i18n/i18n-provider.tsx';
import { languageName, localName, WORKING_LANGUAGES } from '../i18n/names.ts';
import { Checkbox, SelectField, TextField } from './fields.tsx';
import { Loaded } from './loaded.tsx';

const FILTERS = ['q', 'type', 'domain', 'area', 'region', 'language', 'womenLed'] as const;

export function DirectoryView(props: { endpoint: '/api/directory' | '/api/public/directory'; linkProfiles: boolean }) {
  const intl = useIntl();
  const { locale } = useLocale();
  const [params, setParams] = useSearchParams();
  const query = new URLSearchParams();
  for (const f of FILTERS) {
    const v = params.get(f);
    if (v) query.set(f, v);
  }
  const queryKey = query.toString();
  // The filters are passed as they stand in the address: the server checks them.
  const filters = Object.fromEntries(query) as Query<'/api/directory'>;
  const results = useLoad(() => data(client.GET(props.endpoint, { params: { query: filters } })), [props.endpoint, queryKey]);
  const places = useLoad(() => data(client.GET('/api/jurisdictions')), []);
  const regions = places.status === 'ready' ? places.data.jurisdictions.flatMap((j) => j.regions) : [];
  const regionName = (code: string) => {
    const r = regions.find((x) => x.code === code);
    return r ? localName(r.names, locale) : code;
  };

  function search(e: FormEvent<HTMLFormElement>) {
    e.preventDefault();
    const form = new FormData(e.currentTarget);
    const next = new URLSearchParams();
    for (const f of FILTERS) {
      const v = form.get(f);
      if (typeof v === 'string' && v.trim() !== '') next.set(f, v.trim());
    }
    setParams(next);
  }

  const any = intl.formatMessage({ id: 'directory.any' });
  return (
    <div className="directory">
      <form className="filters" onSubmit={search} role="search" aria-label={intl.formatMessage({ id: 'directory.filters' })}>
        <TextField name="q" label="directory.text" defaultValue={params.get('q')} maxLength={100} />
        <SelectField name="type" label="organisations.type" blank={any} defaultValue={params.get('type') ?? ''} options={ORG_TYPES.map((t) => ({ value: t, label: intl.formatMessage({ id: `orgType.${t}` }) }))} />
        <SelectField name="domain" label="directory.domain" blank={any} defaultValue={params.get('domain') ?? ''} options={NEED_DOMAINS.map((d) => ({ value: d, label: intl.formatMessage({ id: `domain.${d}` }) }))} />
        <SelectField name="area" label="directory.area" blank={any} defaultValue={params.get('area') ?? ''} options={AREAS_OF_WORK.map((a) => ({ value: a, label: intl.formatMessage({ id: `area.${a}` }) }))} />
        <SelectField name="region" label="directory.region" blank={any} defaultValue={params.get('region') ?? ''} options={regions.map((r) => ({ value: r.code, label: localName(r.names, locale) }))} />
        <SelectField name="language" label="directory.language" blank={any} defaultValue={params.get('language') ?? ''} options={WORKING_LANGUAGES.map((l) => ({ value: l, label: languageName(l, locale) }))} />
        <Checkbox name="womenLed" label="directory.womenLedOnly" defaultChecked={params.get('womenLed') === 'true'} />
        <button type="submit" className="primary">
          <FormattedMessage id="directory.search" />
        </button>
      </form>
      <Loaded state={results}>
        {({ organisations }) => (
          <section aria-live="polite" aria-labelledby="directory-results">
            <h2 id="directory-results">
              <FormattedMessage id="directory.results" values={{ count: organisations.length }} />
            </h2>
            <ul className="cards">
              {organisations.map((o) => (
                <li key={o.id} className="card">
                  <h3>{props.linkProfiles ? <Link to={`/organisations/${o.id}`}>{o.name}</Link> : o.name}</h3>
                  <p className="badges">
                    <span className="tag">
                      <FormattedMessage id={`orgType.${o.type}`} />
                    </span>
                    {o.womenLed && (
                      <span className="tag accent">
                        <FormattedMessage id="organisations.womenLed" />
                      </span>
                    )}
                    {o.genderExpertise && (
                      <span className="tag accent">
                        <FormattedMessage id="organisations.genderExpertise" />
                      </span>
                    )}
                    {o.isPartner && (
                      <span className="tag partner">
                        <FormattedMessage id="directory.partner" />
                      </span>
                    )}
                  </p>
                  {o.description && <p>{o.description}</p>}
                  <dl className="facts">
                    {o.needDomains.length > 0 && (
                      <>
                        <dt>
                          <FormattedMessage id="directory.domains" />
                        </dt>
                        <dd>{intl.formatList(o.needDomains.map((d) => intl.formatMessage({ id: `domain.${d}` })), { type: 'conjunction' })}</dd>
                      </>
                    )}
                    {o.regions.length > 0 && (
                      <>
                        <dt>
                          <FormattedMessage id="directory.regions" />
                        </dt>
                        <dd>{intl.formatList(o.regions.map(regionName), { type: 'conjunction' })}</dd>
                      </>
                    )}
                    {o.languages.length > 0 && (
                      <>
                        <dt>
                          <FormattedMessage id="directory.languages" />
                        </dt>
                        <dd>{intl.formatList(o.languages.map((l) => languageName(l, locale)), { type: 'conjunction' })}</dd>
                      </>
                    )}
                  </dl>
                </li>
              ))}
            </ul>
          </section>
        )}
      </Loaded>
    </div>
  );
}
