// Country ratings for monitors: confirmed ones and the organisation's proposals, grouped by
// country with their history; a form to propose a rating with reasons and the records behind
// it; a proposal is confirmed by a second monitor, never its proposer.
import { useState, type FormEvent } from 'react';
import { FormattedMessage, useIntl } from 'react-intl';
import { Link } from 'react-router';
import { RATINGS } from '../../../modules/civic/schema.ts';
import { client, data, useLoad, type Body } from '../../api/typed.ts';
import { useAction } from '../../api/use-action.ts';
import { CheckboxGroup, fieldError, SelectField, TextField } from '../../components/fields.tsx';
import { Loaded } from '../../components/loaded.tsx';
import { useCountries } from './use-countries.ts';
import { RatingChart, RatingTag } from './civic-parts.tsx';
import { ArrowLeft, CircleExclamationPoint } from 'lucide-react';
import { Icon } from '../../components/icon.tsx';

type NewRating = Body<'/api/civic/ratings', 'post'>;

function ProposeForm(props: { onDone: () => void }) {
  const intl = useIntl();
  const { list, name } = useCountries();
  const [country, setCountry] = useState('');
  const records = useLoad(() => data(client.GET('/api/civic/records', { params: { query: country ? { country } : {} } })), [country]);
  const propose = useAction((body: NewRating) => data(() => client.POST('/api/civic/ratings', { body })));
  const err = (p: string) => fieldError(propose.fields, p);
  async function submit(e: FormEvent<HTMLFormElement>) {
    e.preventDefault();
    const formEl = e.currentTarget;
    const form = new FormData(formEl);
    const result = await propose.run({
      country,
      year: Number(form.get('year')),
      rating: String(form.get('rating') ?? '') as NewRating['rating'],
      reasons: String(form.get('reasons') ?? '').trim(),
      recordIds: form.getAll('recordIds').map(String),
    });
    if (result.ok) {
      formEl.reset();
      props.onDone();
    }
  }
  return (
    <form className="stacked" onSubmit={submit}>
      {propose.error && (
        <p className="form-error" role="alert">
          <Icon of={CircleExclamationPoint} />
          <FormattedMessage id={propose.error} />
        </p>
      )}
      <div className="field">
        <label htmlFor="rating-country">
          <FormattedMessage id="civic.field.country" />
        </label>
        <select id="rating-country" name="country" required value={country} onChange={(e) => setCountry(e.target.value)}>
          <option value="">{intl.formatMessage({ id: 'civic.choose' })}</option>
          {list.map((j) => (
            <option key={j.code} value={j.code}>
              {name(j.code)}
            </option>
          ))}
        </select>
      </div>
      <TextField name="year" type="number" label="civic.field.year" required min={1990} max={2100} defaultValue={String(new Date().getFullYear())} error={err('year')} />
      <SelectField name="rating" label="civic.field.rating" required blank={intl.formatMessage({ id: 'civic.choose' })} options={RATINGS.map((r) => ({ value: r, label: intl.formatMessage({ id: `civic.rating.${r}` }) }))} error={err('rating')} />
      <TextField name="reasons" label="civic.field.reasons" hint="civic.hint.reasons" multiline required maxLength={8000} error={err('reasons')} />
      {country && records.status === 'ready' && records.data.records.length > 0 && (
        <CheckboxGroup
          name="recordIds"
          label="civic.field.recordsBehind"
          options={records.data.records.map((r) => ({ value: r.id, label: <span dir="auto">{r.title}</span> }))}
          error={err('recordIds')}
        />
      )}
      <button type="submit" className="primary" disabled={propose.busy || !country}>
        <FormattedMessage id="civic.action.propose" />
      </button>
    </form>
  );
}

export function RatingsPage() {
  const [version, setVersion] = useState(0);
  const state = useLoad(() => data(client.GET('/api/civic/ratings')), [version]);
  const { name } = useCountries();
  const confirm = useAction((id: string) => data(() => client.POST('/api/civic/ratings/{id}/confirm', { params: { path: { id } } })));
  const refresh = () => setVersion((v) => v + 1);
  return (
    <>
      <h1 tabIndex={-1}>
        <FormattedMessage id="civic.ratings.title" />
      </h1>
      <p className="lead">
        <FormattedMessage id="civic.ratings.intro" />
      </p>
      <p>
        <Link to="/civic">
          <Icon of={ArrowLeft} directional />
          <FormattedMessage id="civic.backToRecords" />
        </Link>
      </p>
      {confirm.error && (
        <p className="form-error" role="alert">
          <Icon of={CircleExclamationPoint} />
          <FormattedMessage id={confirm.error} />
        </p>
      )}
      <Loaded state={state}>
        {({ ratings }) => {
          const countries = [...new Set(ratings.map((g) => g.country))];
          return countries.length === 0 ? (
            <p className="empty-state">
              <FormattedMessage id="civic.ratings.none" />
            </p>
          ) : (
            <>
              {countries.map((c) => {
                const mine = ratings.filter((g) => g.country === c);
                const confirmed = mine.filter((g) => g.status === 'confirmed').sort((a, b) => a.year - b.year);
                return (
                  <section key={c} className="panel" aria-labelledby={`ratings-${c}`}>
                    <h2 id={`ratings-${c}`}>{name(c)}</h2>
                    {confirmed.length > 0 && <RatingChart points={confirmed} labelledBy={`ratings-${c}`} />}
                    <ul className="civic-list">
                      {mine.map((g) => (
                        <li key={g.id} className="card">
                          <p>
                            <strong>{g.year}</strong> <RatingTag rating={g.rating} />{' '}
                            <span className={`tag civic-status-${g.status}`}>
                              <FormattedMessage id={`civic.ratingStatus.${g.status}`} />
                            </span>
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
                                  <Link to={`/civic/records/${r.id}`} dir="auto">
                                    {r.title}
                                  </Link>
                                </span>
                              ))}
                            </p>
                          )}
                          <p className="meta">
                            <FormattedMessage id="civic.proposedBy" values={{ who: g.proposedBy ?? '—' }} />
                            {g.confirmedBy && (
                              <>
                                {' · '}
                                <FormattedMessage id="civic.confirmedBy" values={{ who: g.confirmedBy }} />
                              </>
                            )}
                          </p>
                          {g.can.confirm && (
                            <button
                              type="button"
                              className="primary"
                              disabled={confirm.busy}
                              onClick={() => void confirm.run(g.id).then((r) => r.ok && refresh())}
                            >
                              <FormattedMessage id="civic.action.confirm" />
                            </button>
                          )}
                        </li>
                      ))}
                    </ul>
                  </section>
                );
              })}
            </>
          );
        }}
      </Loaded>
      <section className="panel" aria-labelledby="ratings-propose">
        <h2 id="ratings-propose">
          <FormattedMessage id="civic.ratings.propose" />
        </h2>
        <ProposeForm onDone={refresh} />
      </section>
    </>
  );
}
