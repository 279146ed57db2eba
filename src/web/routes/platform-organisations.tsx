// For a platform administrator: every organisation, and adding one with its first administrator,
// who receives an invitation.
import { useState, type FormEvent } from 'react';
import { FormattedMessage, useIntl } from 'react-intl';
import { Link } from 'react-router';
import { ORG_TYPES } from '../../modules/orgs/schema.ts';
import type { paths } from '../api/openapi.d.ts';
import { client, data, useLoad } from '../api/typed.ts';
import { useAction } from '../api/use-action.ts';
import { DataTable, type Column } from '../components/data-table.tsx';
import { Checkbox, fieldError, SelectField, TextField } from '../components/fields.tsx';
import { Loaded } from '../components/loaded.tsx';
import { useLocale } from '../i18n/i18n-provider.tsx';
import { localName } from '../i18n/names.ts';
import { ENDONYMS, LOCALES } from '../i18n/locales.ts';
import { CircleCheck, CircleExclamationPoint } from 'lucide-react';
import { Icon } from '../components/icon.tsx';

type OrganisationSummary = paths['/api/organisations']['get']['responses'][200]['content']['application/json']['organisations'][number];
type NewOrganisation = NonNullable<paths['/api/organisations']['post']['requestBody']>['content']['application/json'];

const COLUMNS: Column<OrganisationSummary>[] = [
  { header: 'organisations.name', cell: (o) => <Link to={`/organisations/${o.id}`}>{o.name}</Link> },
  { header: 'organisations.type', cell: (o) => <FormattedMessage id={`orgType.${o.type}`} /> },
  { header: 'organisations.womenLed', cell: (o) => <FormattedMessage id={o.womenLed ? 'common.yes' : 'common.no'} /> },
  { header: 'organisations.visibility', cell: (o) => <FormattedMessage id={`visibility.${o.visibility}`} /> },
];

export function PlatformOrganisationsPage() {
  const [version, setVersion] = useState(0);
  const state = useLoad(() => data(client.GET('/api/organisations')), [version]);
  return (
    <>
      <h1 tabIndex={-1}>
        <FormattedMessage id="home.organisations.title" />
      </h1>
      <section className="panel" aria-labelledby="platform-orgs">
        <h2 id="platform-orgs">
          <FormattedMessage id="platform.list" />
        </h2>
        <Loaded state={state}>
          {({ organisations }) => <DataTable labelledBy="platform-orgs" caption="platform.list" columns={COLUMNS} rows={organisations} rowKey={(o) => o.id} />}
        </Loaded>
      </section>
      <section className="panel" aria-labelledby="platform-add">
        <h2 id="platform-add">
          <FormattedMessage id="platform.add" />
        </h2>
        <AddOrganisation onAdded={() => setVersion((v) => v + 1)} />
      </section>
    </>
  );
}

function AddOrganisation(props: { onAdded: () => void }) {
  const intl = useIntl();
  const { locale } = useLocale();
  const places = useLoad(() => data(client.GET('/api/jurisdictions')), []);
  const [added, setAdded] = useState<string | null>(null);
  const add = useAction((body: NewOrganisation) => data(() => client.POST('/api/organisations', { body })));
  async function submit(e: FormEvent<HTMLFormElement>) {
    e.preventDefault();
    const form = e.currentTarget;
    const f = new FormData(form);
    const text = (k: string) => String(f.get(k) ?? '').trim();
    const adminEmail = text('adminEmail');
    const result = await add.run({
      name: text('name'),
      shortName: text('shortName') || null,
      // What the form holds is checked by the server; a value outside the list is a 400 with its field.
      type: text('type') as NewOrganisation['type'],
      country: text('country'),
      regions: [],
      areasOfWork: [],
      needDomains: [],
      languages: [],
      womenLed: f.get('womenLed') === 'true',
      genderExpertise: false,
      registrationStatus: 'registered',
      visibility: 'partners',
      description: null,
      ...(adminEmail ? { firstAdmin: { email: adminEmail, displayName: text('adminName'), locale: (text('adminLocale') || 'en') as NonNullable<NewOrganisation['firstAdmin']>['locale'] } } : {}),
    });
    if (result.ok) {
      setAdded(text('name'));
      form.reset();
      props.onAdded();
    }
  }
  const err = (p: string) => fieldError(add.fields, p);
  return (
    <form className="stacked" onSubmit={submit}>
      {added && (
        <p role="status" className="notice">
          <Icon of={CircleCheck} />
          <FormattedMessage id="platform.added" values={{ name: added }} />
        </p>
      )}
      {add.error && (
        <p className="form-error" role="alert">
          <Icon of={CircleExclamationPoint} />
          <FormattedMessage id={add.error} />
        </p>
      )}
      <TextField name="name" label="organisations.name" required maxLength={200} error={err('name')} />
      <TextField name="shortName" label="profile.shortName" maxLength={40} />
      <SelectField name="type" label="organisations.type" options={ORG_TYPES.map((t) => ({ value: t, label: intl.formatMessage({ id: `orgType.${t}` }) }))} />
      <SelectField
        name="country"
        label="profile.country"
        options={places.status === 'ready' ? places.data.jurisdictions.map((j) => ({ value: j.code, label: localName(j.names, locale) })) : []}
      />
      <Checkbox name="womenLed" label="organisations.womenLed" />
      <TextField name="adminName" label="platform.adminName" maxLength={200} />
      <TextField name="adminEmail" type="email" label="platform.adminEmail" hint="platform.adminHint" maxLength={254} dir="ltr" error={err('firstAdmin')} />
      <SelectField name="adminLocale" label="people.language" options={LOCALES.map((l) => ({ value: l, label: ENDONYMS[l] }))} />
      <button type="submit" className="primary" disabled={add.busy}>
        <FormattedMessage id="platform.addButton" />
      </button>
    </form>
  );
}
