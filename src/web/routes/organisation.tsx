// An organisation's profile: read by anyone who may see it; edited by its administrators.
import { useState, type FormEvent } from 'react';
import { FormattedMessage, useIntl } from 'react-intl';
import { useParams } from 'react-router';
import {
  AREAS_OF_WORK,
  NEED_DOMAINS,
  REGISTRATION_STATUSES,
  VISIBILITIES,
  type OrganisationProfile,
  type ProfileInput,
} from '../../modules/orgs/schema.ts';
import { useMe } from '../api/session.tsx';
import { useAction } from '../api/use-action.ts';
import { client, data, useLoad } from '../api/typed.ts';
import { Checkbox, CheckboxGroup, fieldError, SelectField, TextField } from '../components/fields.tsx';
import { Loaded } from '../components/loaded.tsx';
import { CivicWebhooks } from './civic/webhooks.tsx';
import { useLocale } from '../i18n/i18n-provider.tsx';
import { languageName, localName, WORKING_LANGUAGES } from '../i18n/names.ts';
import { CircleExclamationPoint, Pencil } from 'lucide-react';
import { Icon } from '../components/icon.tsx';

export function OrganisationPage() {
  const { id } = useParams();
  const me = useMe();
  const [editing, setEditing] = useState(false);
  // Bumped after saving, to read the profile again.
  const [version, setVersion] = useState(0);
  const state = useLoad(
    () => data(id ? client.GET('/api/organisations/{id}', { params: { path: { id } } }) : client.GET('/api/organisations/current')),
    [id, version],
  );
  return (
    <Loaded state={state}>
      {(org) => (
        <>
          <h1 tabIndex={-1}>{org.name}</h1>
          {editing ? (
            <ProfileForm
              org={org}
              onSaved={() => {
                setEditing(false);
                setVersion((v) => v + 1);
              }}
            />
          ) : (
            <>
              <ProfileFacts org={org} />
              {org.isOwn && me.abilities.includes('org.profile.edit') && (
                <>
                  <button type="button" className="primary" onClick={() => setEditing(true)}>
                    <Icon of={Pencil} />
                    <FormattedMessage id="profile.edit" />
                  </button>
                  <CivicWebhooks />
                </>
              )}
            </>
          )}
        </>
      )}
    </Loaded>
  );
}

function ProfileFacts(props: { org: OrganisationProfile }) {
  const intl = useIntl();
  const { locale } = useLocale();
  const { org } = props;
  const places = useLoad(() => data(client.GET('/api/jurisdictions')), []);
  const j = places.status === 'ready' ? places.data.jurisdictions.find((x) => x.code === org.country) : undefined;
  const regionName = (code: string) => {
    const r = j?.regions.find((x) => x.code === code);
    return r ? localName(r.names, locale) : code;
  };
  // Lists with the interface language's own separators (an Arabic comma in Arabic).
  const list = (xs: string[]) => (xs.length ? intl.formatList(xs, { type: 'unit', style: 'short' }) : '—');
  return (
    <dl className="facts profile">
      <dt>
        <FormattedMessage id="organisations.type" />
      </dt>
      <dd>
        <FormattedMessage id={`orgType.${org.type}`} />
      </dd>
      <dt>
        <FormattedMessage id="profile.country" />
      </dt>
      <dd>{j ? localName(j.names, locale) : org.country}</dd>
      <dt>
        <FormattedMessage id="directory.regions" />
      </dt>
      <dd>{list(org.regions.map(regionName))}</dd>
      <dt>
        <FormattedMessage id="directory.area" />
      </dt>
      <dd>{list(org.areasOfWork.map((a) => intl.formatMessage({ id: `area.${a}` })))}</dd>
      <dt>
        <FormattedMessage id="directory.domains" />
      </dt>
      <dd>{list(org.needDomains.map((d) => intl.formatMessage({ id: `domain.${d}` })))}</dd>
      <dt>
        <FormattedMessage id="directory.languages" />
      </dt>
      <dd>{list(org.languages.map((l) => languageName(l, locale)))}</dd>
      <dt>
        <FormattedMessage id="organisations.womenLed" />
      </dt>
      <dd>
        <FormattedMessage id={org.womenLed ? 'common.yes' : 'common.no'} />
      </dd>
      <dt>
        <FormattedMessage id="organisations.genderExpertise" />
      </dt>
      <dd>
        <FormattedMessage id={org.genderExpertise ? 'common.yes' : 'common.no'} />
      </dd>
      <dt>
        <FormattedMessage id="profile.registration" />
      </dt>
      <dd>
        <FormattedMessage id={`registration.${org.registrationStatus}`} />
      </dd>
      <dt>
        <FormattedMessage id="organisations.visibility" />
      </dt>
      <dd>
        <FormattedMessage id={`visibility.${org.visibility}`} />
      </dd>
      {org.description && (
        <>
          <dt>
            <FormattedMessage id="profile.description" />
          </dt>
          <dd>{org.description}</dd>
        </>
      )}
    </dl>
  );
}

function ProfileForm(props: { org: OrganisationProfile; onSaved: () => void }) {
  const intl = useIntl();
  const { locale } = useLocale();
  const { org } = props;
  const places = useLoad(() => data(client.GET('/api/jurisdictions')), []);
  const regions = places.status === 'ready' ? (places.data.jurisdictions.find((j) => j.code === org.country)?.regions ?? []) : [];
  const save = useAction((body: ProfileInput) => data(() => client.PUT('/api/organisations/current', { body })));

  async function submit(e: FormEvent<HTMLFormElement>) {
    e.preventDefault();
    const f = new FormData(e.currentTarget);
    const text = (k: string) => String(f.get(k) ?? '').trim();
    const body: ProfileInput = {
      name: text('name'),
      shortName: text('shortName') || null,
      regions: f.getAll('regions').map(String),
      areasOfWork: f.getAll('areasOfWork').map(String) as ProfileInput['areasOfWork'],
      needDomains: f.getAll('needDomains').map(String) as ProfileInput['needDomains'],
      languages: f.getAll('languages').map(String),
      womenLed: f.get('womenLed') === 'true',
      genderExpertise: f.get('genderExpertise') === 'true',
      registrationStatus: text('registrationStatus') as ProfileInput['registrationStatus'],
      visibility: text('visibility') as ProfileInput['visibility'],
      description: text('description') || null,
    };
    if ((await save.run(body)).ok) props.onSaved();
  }
  const err = (path: string) => fieldError(save.fields, path);
  return (
    <form className="stacked" onSubmit={submit}>
      {save.error && (
        <p className="form-error" role="alert">
          <Icon of={CircleExclamationPoint} />
          <FormattedMessage id={save.error} />
        </p>
      )}
      <TextField name="name" label="organisations.name" defaultValue={org.name} required maxLength={200} error={err('name')} />
      <TextField name="shortName" label="profile.shortName" defaultValue={org.shortName} maxLength={40} error={err('shortName')} />
      <SelectField
        name="visibility"
        label="organisations.visibility"
        hint="profile.visibilityHint"
        defaultValue={org.visibility}
        options={VISIBILITIES.map((v) => ({ value: v, label: intl.formatMessage({ id: `visibility.${v}` }) }))}
      />
      <CheckboxGroup name="areasOfWork" label="directory.area" defaultValue={org.areasOfWork} options={AREAS_OF_WORK.map((a) => ({ value: a, label: intl.formatMessage({ id: `area.${a}` }) }))} />
      <CheckboxGroup name="needDomains" label="directory.domains" defaultValue={org.needDomains} options={NEED_DOMAINS.map((d) => ({ value: d, label: intl.formatMessage({ id: `domain.${d}` }) }))} />
      <CheckboxGroup name="regions" label="directory.regions" defaultValue={org.regions} options={regions.map((r) => ({ value: r.code, label: localName(r.names, locale) }))} />
      <CheckboxGroup name="languages" label="directory.languages" defaultValue={org.languages} options={WORKING_LANGUAGES.map((l) => ({ value: l, label: languageName(l, locale) }))} />
      <Checkbox name="womenLed" label="organisations.womenLed" defaultChecked={org.womenLed} />
      <Checkbox name="genderExpertise" label="organisations.genderExpertise" defaultChecked={org.genderExpertise} />
      <SelectField
        name="registrationStatus"
        label="profile.registration"
        defaultValue={org.registrationStatus}
        options={REGISTRATION_STATUSES.map((r) => ({ value: r, label: intl.formatMessage({ id: `registration.${r}` }) }))}
      />
      <TextField name="description" label="profile.description" defaultValue={org.description} multiline maxLength={4000} error={err('description')} />
      <button type="submit" className="primary" disabled={save.busy}>
        <FormattedMessage id="common.save" />
      </button>
    </form>
  );
}
