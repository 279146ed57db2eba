// An organisation's webhooks for civic-space alerts, on its own profile page for its
// administrators: register an address with the countries and types it follows (the signing
// secret is shown once), see the latest deliveries with the receiver's answers, remove one.
import { useState, type FormEvent } from 'react';
import { FormattedDate, FormattedMessage, useIntl } from 'react-intl';
import { RESTRICTION_TYPES } from '../../../modules/civic/schema.ts';
import { useAction } from '../../api/use-action.ts';
import { client, data, useLoad, type Answer, type Body } from '../../api/typed.ts';
import { DataTable, type Column } from '../../components/data-table.tsx';
import { CheckboxGroup, fieldError, TextField } from '../../components/fields.tsx';
import { Loaded } from '../../components/loaded.tsx';
import { useCountries } from './use-countries.ts';
import { CircleExclamationPoint, Trash, TriangleExclamationPoint } from 'lucide-react';
import { Icon } from '../../components/icon.tsx';

type Delivery = Answer<'/api/civic/webhooks'>['webhooks'][number]['deliveries'][number];

export function CivicWebhooks() {
  const intl = useIntl();
  const [version, setVersion] = useState(0);
  const [secret, setSecret] = useState<string | null>(null);
  const state = useLoad(() => data(client.GET('/api/civic/webhooks')), [version]);
  const { list, name } = useCountries();
  const create = useAction((body: Body<'/api/civic/webhooks', 'post'>) => data(() => client.POST('/api/civic/webhooks', { body })));
  const remove = useAction((id: string) => data(() => client.DELETE('/api/civic/webhooks/{id}', { params: { path: { id } } })));
  const error = create.error ?? remove.error;
  const deliveryColumns: Column<Delivery>[] = [
    { header: 'webhooks.event', cell: (d) => <FormattedMessage id={`webhooks.event.${d.event}`} /> },
    { header: 'webhooks.when', cell: (d) => <FormattedDate value={d.lastAttemptAt ?? d.createdAt} dateStyle="medium" timeStyle="short" /> },
    { header: 'webhooks.status', cell: (d) => <FormattedMessage id={`webhooks.delivery.${d.status}`} values={{ attempts: d.attempts }} /> },
    { header: 'webhooks.answer', cell: (d) => <span dir="auto">{d.lastStatus ?? d.lastError ?? '—'}</span> },
  ];

  async function submit(e: FormEvent<HTMLFormElement>) {
    e.preventDefault();
    const form = e.currentTarget;
    const f = new FormData(form);
    const result = await create.run({
      url: String(f.get('url') ?? ''),
      countries: f.getAll('countries').map(String),
      types: f.getAll('types').map(String) as Body<'/api/civic/webhooks', 'post'>['types'],
    });
    if (result.ok) {
      form.reset();
      setSecret(result.value.secret);
      setVersion((v) => v + 1);
    }
  }

  return (
    <section className="panel" aria-labelledby="civic-webhooks">
      <h2 id="civic-webhooks">
        <FormattedMessage id="webhooks.title" />
      </h2>
      <p>
        <FormattedMessage id="webhooks.intro" />
      </p>
      {secret && (
        <div className="notice" role="status">
          <p>
            <Icon of={TriangleExclamationPoint} />
            <FormattedMessage id="webhooks.secretOnce" />
          </p>
          <p dir="ltr">
            <code className="webhook-address" data-testid="webhook-secret">
              {secret}
            </code>
          </p>
        </div>
      )}
      {error && (
        <p className="form-error" role="alert">
          <Icon of={CircleExclamationPoint} />
          <FormattedMessage id={error} />
        </p>
      )}
      <Loaded state={state}>
        {({ webhooks }) =>
          webhooks.length === 0 ? (
            <p className="empty-state">
              <FormattedMessage id="webhooks.none" />
            </p>
          ) : (
            <ul className="civic-list">
              {webhooks.map((w) => (
                <li key={w.id} className="card">
                  <p>
                    <code className="webhook-address" dir="ltr">
                      {w.url}
                    </code>
                  </p>
                  <p className="meta">
                    {w.countries.length === 0 ? <FormattedMessage id="webhooks.everyCountry" /> : intl.formatList(w.countries.map(name))} ·{' '}
                    {w.types.length === 0 ? <FormattedMessage id="webhooks.everyType" /> : intl.formatList(w.types.map((t) => intl.formatMessage({ id: `civic.type.${t}` })))}
                  </p>
                  {w.deliveries.length === 0 ? (
                    <p>
                      <FormattedMessage id="webhooks.noDeliveries" />
                    </p>
                  ) : (
                    <>
                      <h3 id={`webhook-${w.id}-deliveries`}>
                        <FormattedMessage id="webhooks.deliveries" />
                      </h3>
                      <DataTable labelledBy={`webhook-${w.id}-deliveries`} caption="webhooks.deliveries" columns={deliveryColumns} rows={w.deliveries} rowKey={(d) => d.id} />
                    </>
                  )}
                  <p className="row-actions">
                    <button
                      type="button"
                      className="secondary"
                      disabled={remove.busy}
                      onClick={async () => {
                        if ((await remove.run(w.id)).ok) setVersion((v) => v + 1);
                      }}
                    >
                      <Icon of={Trash} />
                      <FormattedMessage id="webhooks.remove" />
                    </button>
                  </p>
                </li>
              ))}
            </ul>
          )
        }
      </Loaded>
      <form onSubmit={submit} noValidate>
        <h3>
          <FormattedMessage id="webhooks.add" />
        </h3>
        <TextField name="url" label="webhooks.url" hint="webhooks.urlHint" required maxLength={2000} dir="ltr" error={fieldError(create.fields, 'url')} />
        <CheckboxGroup name="countries" label="webhooks.countries" hint="webhooks.countriesHint" options={list.map((c) => ({ value: c.code, label: name(c.code) }))} error={fieldError(create.fields, 'countries')} />
        <CheckboxGroup name="types" label="civic.field.types" hint="webhooks.typesHint" options={RESTRICTION_TYPES.map((t) => ({ value: t, label: intl.formatMessage({ id: `civic.type.${t}` }) }))} error={fieldError(create.fields, 'types')} />
        <button type="submit" className="primary" disabled={create.busy}>
          <FormattedMessage id="webhooks.register" />
        </button>
      </form>
    </section>
  );
}
