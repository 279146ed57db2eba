// Consents and recorded legal bases of a case: each recipient, purpose, categories, dates, who
// gave it (and a child's assent); recorded and withdrawn by the lead agency's coordinators.
import { useState, type FormEvent } from 'react';
import { FormattedDate, FormattedMessage, useIntl } from 'react-intl';
import { CONSENT_BASES, SECTIONS } from '../../../modules/cases/schema.ts';
import { useAction } from '../../api/use-action.ts';
import { client, data, useLoad, type Body } from '../../api/typed.ts';
import { CheckboxGroup, fieldError, SelectField, TextField } from '../../components/fields.tsx';
import { Loaded } from '../../components/loaded.tsx';
import { useCase } from './case-page.tsx';
import { CircleExclamationPoint } from 'lucide-react';
import { Icon } from '../../components/icon.tsx';

// The choices come from the lists the server's schema is built from; it checks them again.
type NewConsent = Body<'/api/cases/{id}/consents', 'post'>;

export function ConsentsSection() {
  const { detail } = useCase();
  const intl = useIntl();
  const [version, setVersion] = useState(0);
  const state = useLoad(() => data(client.GET('/api/cases/{id}/consents', { params: { path: { id: detail.id } } })), [detail.id, version]);
  const withdraw = useAction((id: string, reason: string) =>
    data(() => client.POST('/api/cases/{id}/consents/{childId}/withdraw', { params: { path: { id: detail.id, childId: id } }, body: { reason } })),
  );
  const [withdrawing, setWithdrawing] = useState<string | null>(null);
  return (
    <>
      <section className="panel" aria-labelledby="case-consents">
        <h2 id="case-consents">
          <FormattedMessage id="case.tab.consents" />
        </h2>
        {withdraw.error && (
          <p className="form-error" role="alert">
            <Icon of={CircleExclamationPoint} />
            <FormattedMessage id={withdraw.error} />
          </p>
        )}
        <Loaded state={state}>
          {({ consents }) =>
            consents.length === 0 ? (
              <p className="empty-state">
                <FormattedMessage id="case.noConsents" />
              </p>
            ) : (
              <ul className="cards">
                {consents.map((k) => (
                  <li key={k.id} className="card">
                    <h3>{k.recipientOrgName}</h3>
                    <p className="badges">
                      <span className={`tag ${k.state === 'valid' ? 'partner' : 'status-expired'}`}>
                        <FormattedMessage id={`consentState.${k.state}`} />
                      </span>
                      <span className="tag">
                        <FormattedMessage id={`legalBasis.${k.legalBasis}`} />
                      </span>
                    </p>
                    <p>{k.purpose}</p>
                    <dl className="facts">
                      <dt>
                        <FormattedMessage id="agreements.categories" />
                      </dt>
                      <dd>{intl.formatList(k.dataCategories.map((c) => intl.formatMessage({ id: `category.${c}` })), { type: 'conjunction' })}</dd>
                      <dt>
                        <FormattedMessage id="consent.givenBy" />
                      </dt>
                      <dd>
                        <FormattedMessage id={`givenBy.${k.givenBy}`} />
                        {k.guardianName && ` — ${k.guardianName}`}
                        {k.childAssent !== null && (
                          <>
                            {' · '}
                            <FormattedMessage id={k.childAssent ? 'consent.assentYes' : 'consent.assentNo'} />
                          </>
                        )}
                      </dd>
                      <dt>
                        <FormattedMessage id="agreements.validity" />
                      </dt>
                      <dd>
                        <FormattedDate value={k.startsOn} dateStyle="medium" timeZone="UTC" /> – {k.endsOn ? <FormattedDate value={k.endsOn} dateStyle="medium" timeZone="UTC" /> : '…'}
                      </dd>
                      {k.withdrawalReason && (
                        <>
                          <dt>
                            <FormattedMessage id="agreements.reason" />
                          </dt>
                          <dd>{k.withdrawalReason}</dd>
                        </>
                      )}
                    </dl>
                    {detail.can.recordConsent && k.state === 'valid' && (
                      withdrawing === k.id ? (
                        <form
                          className="inline-form"
                          onSubmit={async (e: FormEvent<HTMLFormElement>) => {
                            e.preventDefault();
                            const ok = await withdraw.run(k.id, String(new FormData(e.currentTarget).get('reason') ?? ''));
                            if (ok.ok) {
                              setWithdrawing(null);
                              setVersion((v) => v + 1);
                            }
                          }}
                        >
                          <TextField name="reason" label="agreements.reason" required maxLength={1000} />
                          <button type="submit" className="primary">
                            <FormattedMessage id="consent.withdraw" />
                          </button>
                        </form>
                      ) : (
                        <button type="button" onClick={() => setWithdrawing(k.id)}>
                          <FormattedMessage id="consent.withdraw" />
                        </button>
                      )
                    )}
                  </li>
                ))}
              </ul>
            )
          }
        </Loaded>
      </section>
      {detail.can.recordConsent && <ConsentForm onRecorded={() => setVersion((v) => v + 1)} />}
    </>
  );
}

function ConsentForm(props: { onRecorded: () => void }) {
  const { detail } = useCase();
  const intl = useIntl();
  const partners = useLoad(() => data(client.GET('/api/directory')), []);
  const record = useAction((body: NewConsent) => data(() => client.POST('/api/cases/{id}/consents', { params: { path: { id: detail.id } }, body })));
  const child = ['0-4', '5-11', '12-17'].includes(detail.ageBand);
  async function submit(e: FormEvent<HTMLFormElement>) {
    e.preventDefault();
    const form = e.currentTarget;
    const f = new FormData(form);
    const text = (k: string) => String(f.get(k) ?? '').trim();
    const assent = text('childAssent');
    const result = await record.run({
      recipientOrgId: text('recipientOrgId'),
      purpose: text('purpose'),
      dataCategories: f.getAll('dataCategories').map(String) as NewConsent['dataCategories'],
      legalBasis: text('legalBasis') as NewConsent['legalBasis'],
      givenBy: text('givenBy') as NewConsent['givenBy'],
      guardianName: text('guardianName') || null,
      childAssent: assent === '' ? null : assent === 'yes',
      startsOn: text('startsOn'),
      endsOn: text('endsOn') || null,
    });
    if (result.ok) {
      form.reset();
      props.onRecorded();
    }
  }
  const err = (p: string) => fieldError(record.fields, p);
  return (
    <section className="panel" aria-labelledby="consent-new">
      <h2 id="consent-new">
        <FormattedMessage id="consent.record" />
      </h2>
      <form className="stacked" onSubmit={submit}>
        {record.error && record.fields.length === 0 && (
          <p className="form-error" role="alert">
            <Icon of={CircleExclamationPoint} />
            <FormattedMessage id={record.error} />
          </p>
        )}
        <Loaded state={partners}>
          {({ organisations }) => (
            <SelectField
              name="recipientOrgId"
              label="consent.recipient"
              options={organisations.filter((o) => o.id !== detail.leadOrgId).map((o) => ({ value: o.id, label: o.name }))}
            />
          )}
        </Loaded>
        <TextField name="purpose" label="consent.purpose" required maxLength={1000} error={err('purpose')} />
        <CheckboxGroup name="dataCategories" label="agreements.categories" error={err('dataCategories')} options={SECTIONS.filter((s) => s !== 'security').map((s) => ({ value: s, label: intl.formatMessage({ id: `category.${s}` }) }))} />
        <SelectField name="legalBasis" label="agreements.legalBasis" options={CONSENT_BASES.map((b) => ({ value: b, label: intl.formatMessage({ id: `legalBasis.${b}` }) }))} />
        <SelectField
          name="givenBy"
          label="consent.givenBy"
          defaultValue={child ? 'guardian' : 'person'}
          error={err('givenBy')}
          options={(['person', 'guardian', 'not_applicable'] as const).map((g) => ({ value: g, label: intl.formatMessage({ id: `givenBy.${g}` }) }))}
        />
        <TextField name="guardianName" label="consent.guardianName" maxLength={200} error={err('guardianName')} />
        {child && (
          <SelectField
            name="childAssent"
            label="consent.childAssent"
            hint="consent.childAssentHint"
            error={err('childAssent')}
            blank={intl.formatMessage({ id: 'consent.notAsked' })}
            options={[
              { value: 'yes', label: intl.formatMessage({ id: 'common.yes' }) },
              { value: 'no', label: intl.formatMessage({ id: 'common.no' }) },
            ]}
          />
        )}
        <TextField name="startsOn" type="date" label="agreements.validFrom" defaultValue={new Date().toISOString().slice(0, 10)} required />
        <TextField name="endsOn" type="date" label="agreements.validUntil" error={err('endsOn')} />
        <button type="submit" className="primary" disabled={record.busy}>
          <FormattedMessage id="consent.save" />
        </button>
      </form>
    </section>
  );
}
