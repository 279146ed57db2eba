// Civic space seen without signing in: the countries with their latest confirmed rating, and a
// country's page with the history of ratings (chart and reasons), its published records filtered
// by type and year, and the open-data downloads. Only published records ever reach these pages.
import { FormattedMessage, useIntl } from 'react-intl';
import { Link, Route, Routes, useParams, useSearchParams } from 'react-router';
import { RESTRICTION_TYPES } from '../../modules/civic/schema.ts';
import { useState } from 'react';
import { useSession } from '../api/session.tsx';
import { client, data, useLoad, type Answer, type Query } from '../api/typed.ts';
import { Loaded } from '../components/loaded.tsx';
import { PublicFrame } from '../components/public-frame.tsx';
import { useLocale } from '../i18n/i18n-provider.tsx';
import { localName } from '../i18n/names.ts';
import { Day, RatingChart, RatingTag, RecordFacts } from './civic/civic-parts.tsx';
import { NotFoundPage } from './not-found.tsx';
import { CircleExclamationPoint } from 'lucide-react';
import { Icon } from '../components/icon.tsx';

// The schema gives a country's names as a map of languages; the English one is always there.
type CountryList = { countries: Array<Answer<'/api/public/civic/countries'>['countries'][number] & { names: { en: string } }> };

function CountriesPage() {
  const state = useLoad(() => data(client.GET('/api/public/civic/countries')) as Promise<CountryList>, []);
  const { locale } = useLocale();
  return (
    <PublicFrame wide>
      <h1>
        <FormattedMessage id="publicCivic.title" />
      </h1>
      <p className="lead">
        <FormattedMessage id="publicCivic.intro" />
      </p>
      <Loaded state={state}>
        {({ countries }) => (
          <ul className="cards">
            {countries.map((c) => (
              <li key={c.code} className="card">
                <h2>
                  <Link to={`/public/civic/${c.code}`}>{localName(c.names, locale)}</Link>
                </h2>
                <p>
                  {c.latest ? (
                    <>
                      <RatingTag rating={c.latest.rating} /> <FormattedMessage id="publicCivic.ratedIn" values={{ year: c.latest.year }} />
                    </>
                  ) : (
                    <FormattedMessage id="publicCivic.notRated" />
                  )}
                </p>
                <p className="meta">
                  <FormattedMessage id="publicCivic.recordCount" values={{ count: c.published }} />
                </p>
              </li>
            ))}
          </ul>
        )}
      </Loaded>
      <Downloads query="" />
      <p>
        <a href="/report">
          <FormattedMessage id="publicCivic.report" />
        </a>
      </p>
    </PublicFrame>
  );
}

// Plain links to pages the server renders: the file once built, or a page that reloads itself
// while it is built (no script needed), in the reader's language.
function Downloads(props: { query: string }) {
  const { locale } = useLocale();
  const href = (format: 'csv' | 'json') => {
    const q = new URLSearchParams(props.query);
    q.set('lang', locale);
    return `/public/civic/export.${format}?${q.toString()}`;
  };
  return (
    <p className="actions">
      <FormattedMessage id="publicCivic.openData" />{' '}
      <a className="button" href={href('csv')}>
        <FormattedMessage id="publicCivic.csv" />
      </a>{' '}
      <a className="button" href={href('json')}>
        <FormattedMessage id="publicCivic.json" />
      </a>
    </p>
  );
}

function CountryPage() {
  const { code = '' } = useParams();
  const intl = useIntl();
  const { locale } = useLocale();
  const [params, setParams] = useSearchParams();
  const type = params.get('type') ?? '';
  const year = params.get('year') ?? '';
  const filter = new URLSearchParams();
  if (type) filter.set('type', type);
  if (year) filter.set('year', year);
  const q = filter.toString();
  // The filters are passed as they stand in the address: the server checks them.
  const state = useLoad(
    () => data(client.GET('/api/public/civic/countries/{code}', { params: { path: { code }, query: Object.fromEntries(filter) as Query<'/api/public/civic/countries/{code}'> } })),
    [code, q],
  );
  const exportQuery = `?${new URLSearchParams({ country: code, ...(type ? { type } : {}), ...(year ? { year } : {}) }).toString()}`;
  const choose = (key: string, value: string) => {
    const next = new URLSearchParams(params);
    if (value) next.set(key, value);
    else next.delete(key);
    setParams(next, { replace: true });
  };
  return (
    <PublicFrame wide>
      <p>
        <Link to="/public/civic">
          <FormattedMessage id="publicCivic.allCountries" />
        </Link>
      </p>
      <Loaded state={state}>
        {(c) => (
          <>
            <h1>{localName(c.names as Record<string, string> & { en: string }, locale)}</h1>
            <section className="panel" aria-labelledby="country-ratings">
              <h2 id="country-ratings">
                <FormattedMessage id="publicCivic.history" />
              </h2>
              {c.ratings.length === 0 ? (
                <p className="empty-state">
                  <FormattedMessage id="publicCivic.notRated" />
                </p>
              ) : (
                <>
                  <RatingChart points={c.ratings} labelledBy="country-ratings" />
                  <ol className="civic-list">
                    {[...c.ratings].reverse().map((g) => (
                      <li key={g.id} className="card">
                        <p>
                          <strong>{g.year}</strong> <RatingTag rating={g.rating} />
                        </p>
                        <p className="free-text" dir="auto">
                          {g.reasons}
                        </p>
                        {g.records.length > 0 && (
                          <p className="meta">
                            <FormattedMessage id="civic.behind" />{' '}
                            {g.records.map((r, i) => (
                              <span key={r.id}>
                                {i > 0 && ' · '}
                                <a href={`#record-${r.id}`} dir="auto">
                                  {r.title}
                                </a>
                              </span>
                            ))}
                          </p>
                        )}
                      </li>
                    ))}
                  </ol>
                  <p className="hint">
                    <FormattedMessage id="publicCivic.neverComputed" />
                  </p>
                </>
              )}
            </section>
            <section aria-labelledby="country-records">
              <h2 id="country-records">
                <FormattedMessage id="publicCivic.records" />
              </h2>
              <div className="filters">
                <div className="field">
                  <label htmlFor="filter-type">
                    <FormattedMessage id="civic.field.types" />
                  </label>
                  <select id="filter-type" value={type} onChange={(e) => choose('type', e.target.value)}>
                    <option value="">{intl.formatMessage({ id: 'publicCivic.allTypes' })}</option>
                    {RESTRICTION_TYPES.map((t) => (
                      <option key={t} value={t}>
                        {intl.formatMessage({ id: `civic.type.${t}` })}
                      </option>
                    ))}
                  </select>
                </div>
                <div className="field">
                  <label htmlFor="filter-year">
                    <FormattedMessage id="civic.field.year" />
                  </label>
                  <select id="filter-year" value={year} onChange={(e) => choose('year', e.target.value)}>
                    <option value="">{intl.formatMessage({ id: 'publicCivic.allYears' })}</option>
                    {c.years.map((y) => (
                      <option key={y} value={String(y)}>
                        {y}
                      </option>
                    ))}
                  </select>
                </div>
              </div>
              {c.total > c.records.length && (
                <p className="hint">
                  <FormattedMessage id="publicCivic.newestOf" values={{ shown: c.records.length, total: c.total }} />
                </p>
              )}
              {c.records.length === 0 ? (
                <p className="empty-state">
                  <FormattedMessage id="publicCivic.noRecords" />
                </p>
              ) : (
                <ul className="civic-list">
                  {c.records.map((r) => (
                    <li key={r.id} id={`record-${r.id}`} className="card">
                      <h3 dir="auto">{r.title}</h3>
                      <p className="free-text" dir="auto">
                        {r.description}
                      </p>
                      <RecordFacts record={r} />
                      {r.affected.length > 0 && (
                        <p>
                          <FormattedMessage id="civic.affected" />:{' '}
                          {r.affected.map((a, i) => (
                            <span key={i} dir="auto">
                              {i > 0 && '; '}
                              {a.name ?? intl.formatMessage({ id: 'civic.anonymous' })} — {a.description}
                            </span>
                          ))}
                        </p>
                      )}
                      {r.sources.length > 0 && (
                        <p>
                          <FormattedMessage id="civic.sources" />:{' '}
                          {r.sources.map((s, i) => (
                            <span key={s.id}>
                              {i > 0 && ' · '}
                              <a href={s.url} rel="noopener noreferrer nofollow" target="_blank" dir="auto">
                                {s.title}
                              </a>
                            </span>
                          ))}
                        </p>
                      )}
                      <p className="meta">
                        <FormattedMessage id="publicCivic.verifiedOn" /> <Day value={r.verifiedAt} />
                      </p>
                    </li>
                  ))}
                </ul>
              )}
              <Downloads query={exportQuery} />
            </section>
            <CountryAlerts code={c.code} />
          </>
        )}
      </Loaded>
    </PublicFrame>
  );
}

// E-mail alerts about a country: for someone signed in, follow or stop; otherwise, how to get them.
function CountryAlerts(props: { code: string }) {
  const { state } = useSession();
  const signedIn = state.status === 'signed-in' && state.me.stage === 'complete';
  return (
    <section aria-labelledby="civic-alerts">
      <h2 id="civic-alerts">
        <FormattedMessage id="publicCivic.alerts" />
      </h2>
      {signedIn ? (
        <FollowCountry code={props.code} />
      ) : (
        <p>
          <FormattedMessage id="publicCivic.alertsSignIn" />{' '}
          <Link to="/sign-in">
            <FormattedMessage id="publicCivic.signIn" />
          </Link>
        </p>
      )}
    </section>
  );
}

function FollowCountry(props: { code: string }) {
  const [version, setVersion] = useState(0);
  const [busy, setBusy] = useState(false);
  const [failed, setFailed] = useState(false);
  const mine = useLoad(() => data(client.GET('/api/civic/subscriptions')), [version]);
  const following = mine.status === 'ready' && mine.data.subscriptions.some((x) => x.country === props.code);
  async function change(follow: boolean) {
    setBusy(true);
    setFailed(false);
    try {
      const params = { path: { country: props.code } };
      await data(() => (follow ? client.PUT('/api/civic/subscriptions/{country}', { params, body: { types: [] } }) : client.DELETE('/api/civic/subscriptions/{country}', { params })));
      setVersion((v) => v + 1);
    } catch {
      setFailed(true);
    } finally {
      setBusy(false);
    }
  }
  return (
    <>
      <p role="status">
        <FormattedMessage id={following ? 'publicCivic.alertsOn' : 'publicCivic.alertsOff'} />
      </p>
      {failed && (
        <p className="form-error" role="alert">
          <Icon of={CircleExclamationPoint} />
          <FormattedMessage id="error.internal" />
        </p>
      )}
      <button type="button" disabled={busy || mine.status !== 'ready'} onClick={() => void change(!following)}>
        <FormattedMessage id={following ? 'publicCivic.unfollow' : 'publicCivic.follow'} />
      </button>
    </>
  );
}

export default function PublicCivic() {
  return (
    <Routes>
      <Route index element={<CountriesPage />} />
      <Route path=":code" element={<CountryPage />} />
      <Route path="*" element={<NotFoundPage />} />
    </Routes>
  );
}
