// The countries whose confidential reports the monitor's organisation receives (its desks):
// open one for a country or for every country, close one. Reporters see the organisation's name
// among those they may address a report to.
import { useState } from 'react';
import { FormattedMessage, useIntl } from 'react-intl';
import { useAction } from '../../api/use-action.ts';
import { client, data, useLoad } from '../../api/typed.ts';
import { fieldError, SelectField } from '../../components/fields.tsx';
import { Loaded } from '../../components/loaded.tsx';
import { Day } from './civic-parts.tsx';
import { useCountries } from './use-countries.ts';
import { CircleExclamationPoint } from 'lucide-react';
import { Icon } from '../../components/icon.tsx';

const EVERY = 'every';

export function ReportDesks() {
  const intl = useIntl();
  const [version, setVersion] = useState(0);
  const state = useLoad(() => data(client.GET('/api/civic/desks')), [version]);
  const { list, name } = useCountries();
  const open = useAction((country: string | null) => data(() => client.POST('/api/civic/desks', { body: { country } })));
  const close = useAction((id: string) => data(() => client.DELETE('/api/civic/desks/{id}', { params: { path: { id } } })));
  const error = open.error ?? close.error;
  return (
    <section aria-labelledby="civic-desks">
      <h2 id="civic-desks">
        <FormattedMessage id="civic.desks.title" />
      </h2>
      <p>
        <FormattedMessage id="civic.desks.intro" />
      </p>
      {error && (
        <p className="form-error" role="alert">
          <Icon of={CircleExclamationPoint} />
          <FormattedMessage id={error} />
        </p>
      )}
      <Loaded state={state}>
        {({ desks }) => {
          const taken = new Set(desks.map((d) => d.country ?? EVERY));
          const choices = [
            ...(taken.has(EVERY) ? [] : [{ value: EVERY, label: intl.formatMessage({ id: 'civic.desks.everyCountry' }) }]),
            ...list.filter((c) => !taken.has(c.code)).map((c) => ({ value: c.code, label: name(c.code) })),
          ];
          return (
            <>
              {desks.length === 0 ? (
                <p className="empty-state">
                  <FormattedMessage id="civic.desks.none" />
                </p>
              ) : (
                <ul className="civic-list" data-testid="report-desks">
                  {desks.map((d) => (
                    <li key={d.id}>
                      <strong>{d.country === null ? <FormattedMessage id="civic.desks.everyCountry" /> : name(d.country)}</strong>{' '}
                      <span className="meta">
                        <FormattedMessage id="civic.desks.opened" values={{ name: <bdi>{d.openedBy?.name ?? '—'}</bdi>, date: <Day value={d.openedAt} /> }} />
                      </span>{' '}
                      <button
                        type="button"
                        className="secondary"
                        disabled={close.busy}
                        onClick={async () => {
                          if ((await close.run(d.id)).ok) setVersion((v) => v + 1);
                        }}
                      >
                        <FormattedMessage id="civic.desks.close" />
                      </button>
                    </li>
                  ))}
                </ul>
              )}
              {choices.length > 0 && (
                  <form
                    className="inline-form"
                    onSubmit={async (e) => {
                      e.preventDefault();
                      const form = e.currentTarget;
                      const value = String(new FormData(form).get('country') ?? '');
                      if (!value) return;
                      if ((await open.run(value === EVERY ? null : value)).ok) {
                        form.reset();
                        setVersion((v) => v + 1);
                      }
                    }}
                  >
                    <SelectField name="country" label="civic.desks.country" options={choices} required blank="" error={fieldError(open.fields, 'country')} />
                    <button type="submit" disabled={open.busy}>
                      <FormattedMessage id="civic.desks.open" />
                    </button>
                  </form>
              )}
            </>
          );
        }}
      </Loaded>
    </section>
  );
}
