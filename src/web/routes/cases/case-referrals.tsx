// A case's referrals, and (for the lead agency's coordinator) a new referral: the form names
// the partner, the need and the categories of data; the server refuses, naming what is missing,
// without a valid consent and an agreement in force that cover them.
import { useRef, useState, type FormEvent } from 'react';
import { FormattedMessage, useIntl } from 'react-intl';
import { Link } from 'react-router';
import { useMe } from '../../api/session.tsx';
import { SECTIONS } from '../../../modules/cases/schema.ts';
import { NEED_DOMAINS } from '../../../modules/orgs/schema.ts';
import { ApiError, type ProblemField } from '../../api/client.ts';
import { client, data, useLoad, type Body } from '../../api/typed.ts';
import { ComboField } from '../../components/lazy-widgets.tsx';
import { problemOf, ProblemText } from '../../components/field-problem.tsx';
import { CheckboxGroup, SelectField, TextField } from '../../components/fields.tsx';
import { Loaded } from '../../components/loaded.tsx';
import { useCase } from './case-page.tsx';
import { ReferralCard } from './referral-parts.tsx';
import { CircleCheck, CircleExclamationPoint, Send } from 'lucide-react';
import { Icon } from '../../components/icon.tsx';

// The choices come from the lists the server's schema is built from; it checks them again.
type NewReferralBody = Body<'/api/cases/{id}/referrals', 'post'>;

export function ReferralsSection() {
  const { detail, reload } = useCase();
  const [version, setVersion] = useState(0);
  const state = useLoad(() => data(client.GET('/api/cases/{id}/referrals', { params: { path: { id: detail.id } } })), [detail.id, version]);
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

type Draft = { toOrgId: string; needDomain: string; service: string; reason: string; dataCategories: string[] };

/**
 * Referral forms being filled in, by case, kept in this page's memory only (never in the
 * browser's storage: the reason can be sensitive): a coordinator who goes to Consents to record
 * the missing consent finds the form as they left it; a reload or signing out forgets it.
 */
const drafts = new Map<string, Draft>();
/** The partner a case's last referral went to: the confirmation outlives the reload that shows the new referral. */
const sentNotices = new Map<string, string>();

function readDraft(form: HTMLFormElement): Draft {
  const f = new FormData(form);
  return {
    toOrgId: String(f.get('toOrgId') ?? ''),
    needDomain: String(f.get('needDomain') ?? ''),
    service: String(f.get('service') ?? ''),
    reason: String(f.get('reason') ?? ''),
    dataCategories: f.getAll('dataCategories').map(String),
  };
}

/** The field codes of a referral refused for want of a consent or an agreement. */
const MISSING = new Set(['consent_missing', 'agreement_missing']);

function NewReferral(props: { onSent: () => void }) {
  const { detail } = useCase();
  const intl = useIntl();
  const me = useMe();
  const partners = useLoad(() => data(client.GET('/api/directory', { params: { query: { type: 'cso' } } })), []);
  const seesAgreements = me.abilities.includes('org.agreements.view');
  // Only the lead agency's coordinators refer, and they read their organisation's agreements.
  const agreements = useLoad(() => data(client.GET('/api/agreements')), []);
  const [problem, setProblem] = useState<{ id: string; missing: ProblemField[] } | null>(null);
  const [sentTo, setSentTo] = useState<string | null>(() => sentNotices.get(detail.id) ?? null);
  const [busy, setBusy] = useState(false);
  const draft = drafts.get(detail.id);
  const formRef = useRef<HTMLFormElement>(null);
  const keep = () => {
    if (formRef.current) drafts.set(detail.id, readDraft(formRef.current));
  };
  // Organisations with an agreement in force with ours: marked in the list of partners.
  const inForce = new Set(
    agreements.status === 'ready' ? agreements.data.agreements.filter((a) => a.status === 'active').flatMap((a) => a.parties.map((p) => p.orgId)) : [],
  );
  async function submit(e: FormEvent<HTMLFormElement>) {
    e.preventDefault();
    const form = e.currentTarget;
    const f = new FormData(form);
    setBusy(true);
    setProblem(null);
    setSentTo(null);
    sentNotices.delete(detail.id);
    try {
      const body: NewReferralBody = {
        toOrgId: String(f.get('toOrgId')),
        needDomain: String(f.get('needDomain')) as NewReferralBody['needDomain'],
        service: String(f.get('service') ?? '').trim(),
        reason: String(f.get('reason') ?? '').trim(),
        dataCategories: f.getAll('dataCategories').map(String) as NewReferralBody['dataCategories'],
      };
      await data(() => client.POST('/api/cases/{id}/referrals', { params: { path: { id: detail.id } }, body }));
      const to = partners.status === 'ready' ? partners.data.organisations.find((o) => o.id === String(f.get('toOrgId')))?.name : undefined;
      form.reset();
      drafts.delete(detail.id);
      sentNotices.set(detail.id, to ?? '');
      setSentTo(to ?? '');
      props.onSent();
    } catch (error) {
      // What the referral lacks: a consent or an agreement for each data category named.
      const missing = error instanceof ApiError ? error.fields.filter((f) => MISSING.has(f.code)) : [];
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
      {sentTo !== null && (
        <p className="notice" role="status">
          <Icon of={CircleCheck} />
          <FormattedMessage id="referral.sent" values={{ org: <bdi>{sentTo}</bdi> }} />
        </p>
      )}
      <form className="stacked" onSubmit={submit} onChange={keep} ref={formRef}>
        {problem && (
          <div className="form-error" role="alert">
            <p>
              <Icon of={CircleExclamationPoint} />
              <FormattedMessage id={problem.id} />
            </p>
            {problem.missing.length > 0 && (
              <ul>
                {problem.missing.map((m) => (
                  <li key={`${m.code}:${m.params?.category}`}>
                    <ProblemText problem={problemOf(m)} />{' '}
                    {m.code === 'consent_missing' ? (
                      <Link to={`/cases/${detail.id}/consents`} onClick={keep}>
                        <FormattedMessage id="referral.fixConsent" />
                      </Link>
                    ) : (
                      seesAgreements && (
                        <Link to="/agreements" onClick={keep}>
                          <FormattedMessage id="referral.fixAgreement" />
                        </Link>
                      )
                    )}
                  </li>
                ))}
              </ul>
            )}
          </div>
        )}
        <Loaded state={partners}>
          {({ organisations }) => (
            <ComboField
              name="toOrgId"
              label="referral.to"
              hint={seesAgreements ? 'referral.toHint' : undefined}
              required
              defaultValue={draft?.toOrgId}
              options={organisations.map((o) => ({
                value: o.id,
                label: o.name,
                note: inForce.has(o.id) ? intl.formatMessage({ id: 'referral.agreementInForce' }) : undefined,
              }))}
            />
          )}
        </Loaded>
        <SelectField name="needDomain" label="directory.domain" defaultValue={draft?.needDomain} options={NEED_DOMAINS.map((d) => ({ value: d, label: intl.formatMessage({ id: `domain.${d}` }) }))} />
        <TextField name="service" label="referral.service" required maxLength={300} defaultValue={draft?.service} />
        <TextField name="reason" label="referral.reason" multiline required maxLength={2000} defaultValue={draft?.reason} />
        <CheckboxGroup
          name="dataCategories"
          label="referral.share"
          hint="referral.shareHint"
          defaultValue={draft?.dataCategories}
          options={SECTIONS.filter((s) => s !== 'security').map((s) => ({ value: s, label: intl.formatMessage({ id: `category.${s}` }) }))}
        />
        <button type="submit" className="primary" disabled={busy}>
          <Icon of={Send} directional />
          <FormattedMessage id="referral.send" />
        </button>
      </form>
    </section>
  );
}
