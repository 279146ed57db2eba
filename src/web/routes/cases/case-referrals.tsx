// A case's referrals, and (for the lead agency's coordinator) a new referral: the form names
// the partner, the need and the categories of data; the server refuses, naming what is missing,
// without a valid consent and an agreement in force that cover them.
import { useState, type FormEvent } from 'react';
import { FormattedMessage, useIntl } from 'react-intl';
import { SECTIONS, type ReferralView } from '../../../modules/cases/schema.ts';
import { NEED_DOMAINS, type OrganisationProfile } from '../../../modules/orgs/schema.ts';
import { api, ApiError } from '../../api/client.ts';
import { useApi } from '../../api/use-api.ts';
import { CheckboxGroup, SelectField, TextField } from '../../components/fields.tsx';
import { Loaded } from '../../components/loaded.tsx';
import { useCase } from './case-page.tsx';
import { ReferralCard } from './referral-parts.tsx';

export function ReferralsSection() {
  const { detail, reload } = useCase();
  const [version, setVersion] = useState(0);
  const state = useApi<{ referrals: ReferralView[] }>(`/api/cases/${detail.id}/referrals?v=${version}`);
  const changed = () => {
    setVersion((v) => v + 1);
    reload();
  };
  return (
    <>
      <section className="panel" aria-labelledby="case-referrals">
        <h2 id="case-referrals">
          <FormattedMessage id="case.tab.referrals" />
        </h2>
        <Loaded state={state}>
          {({ referrals }) =>
            referrals.length === 0 ? (
              <p className="empty-state">
                <FormattedMessage id="referral.none" />
              </p>
            ) : (
              <ul className="cards">
                {referrals.map((r) => (
                  <ReferralCard key={r.id} r={r} showCase={false} onChanged={changed} />
                ))}
              </ul>
            )
          }
        </Loaded>
      </section>
      {detail.can.refer && <NewReferral onSent={changed} />}
    </>
  );
}

function NewReferral(props: { onSent: () => void }) {
  const { detail } = useCase();
  const intl = useIntl();
  const partners = useApi<{ organisations: OrganisationProfile[] }>('/api/directory?type=cso');
  const [problem, setProblem] = useState<{ id: string; missing: string[] } | null>(null);
  const [busy, setBusy] = useState(false);
  async function submit(e: FormEvent<HTMLFormElement>) {
    e.preventDefault();
    const form = e.currentTarget;
    const f = new FormData(form);
    setBusy(true);
    setProblem(null);
    try {
      await api('POST', `/api/cases/${detail.id}/referrals`, {
        toOrgId: String(f.get('toOrgId')),
        needDomain: String(f.get('needDomain')),
        service: String(f.get('service') ?? '').trim(),
        reason: String(f.get('reason') ?? '').trim(),
        dataCategories: f.getAll('dataCategories').map(String),
      });
      form.reset();
      props.onSent();
    } catch (error) {
      const missing = error instanceof ApiError ? error.fields.map((x) => x.message).filter((m) => /^(consent|agreement):/.test(m)) : [];
      setProblem({ id: error instanceof ApiError && error.code === 'unprocessable' ? 'referral.missing' : error instanceof ApiError ? `error.${error.code}` : 'error.network', missing });
    } finally {
      setBusy(false);
    }
  }
  return (
    <section className="panel" aria-labelledby="referral-new">
      <h2 id="referral-new">
        <FormattedMessage id="referral.new" />
      </h2>
      <form className="stacked" onSubmit={submit}>
        {problem && (
          <div className="form-error" role="alert">
            <p>
              <FormattedMessage id={problem.id} />
            </p>
            {problem.missing.length > 0 && (
              <ul>
                {problem.missing.map((m) => {
                  const [kind, category] = m.split(':');
                  return (
                    <li key={m}>
                      <FormattedMessage id={kind === 'consent' ? 'referral.missingConsent' : 'referral.missingAgreement'} values={{ category: intl.formatMessage({ id: `category.${category}` }) }} />
                    </li>
                  );
                })}
              </ul>
            )}
          </div>
        )}
        <Loaded state={partners}>
          {({ organisations }) => <SelectField name="toOrgId" label="referral.to" options={organisations.map((o) => ({ value: o.id, label: o.name }))} />}
        </Loaded>
        <SelectField name="needDomain" label="directory.domain" options={NEED_DOMAINS.map((d) => ({ value: d, label: intl.formatMessage({ id: `domain.${d}` }) }))} />
        <TextField name="service" label="referral.service" required maxLength={300} />
        <TextField name="reason" label="referral.reason" multiline required maxLength={2000} />
        <CheckboxGroup name="dataCategories" label="referral.share" hint="referral.shareHint" options={SECTIONS.filter((s) => s !== 'security').map((s) => ({ value: s, label: intl.formatMessage({ id: `category.${s}` }) }))} />
        <button type="submit" className="primary" disabled={busy}>
          <FormattedMessage id="referral.send" />
        </button>
      </form>
    </section>
  );
}
