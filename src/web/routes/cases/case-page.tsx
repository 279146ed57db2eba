// One case: a header everyone on it sees, and one page per section the organisation may see,
// linked from a section menu (each loads its own data, so a slow connection fetches only what
// is opened).
import { createContext, useContext, useState, type FormEvent } from 'react';
import { FormattedDate, FormattedMessage, useIntl } from 'react-intl';
import { NavLink, Route, Routes, useLocation, useParams } from 'react-router';
import type { Section } from '../../../modules/cases/schema.ts';
import { errorMessageId } from '../../api/client.ts';
import { useAction } from '../../api/use-action.ts';
import { client, data, useLoad, type Answer } from '../../api/typed.ts';
import { TextField } from '../../components/fields.tsx';
import { Loaded } from '../../components/loaded.tsx';
import { ConferencesSection } from './case-conferences.tsx';
import { ConsentsSection } from './case-consents.tsx';
import { SubjectAccessExport, SummaryDownload } from './case-exports.tsx';
import { JudgementSection } from './case-judgement.tsx';
import { NeedsSection } from './case-needs.tsx';
import { NotesSection } from './case-notes.tsx';
import { PlanSection } from './case-plan.tsx';
import { ReferralsSection } from './case-referrals.tsx';
import { AlarmClock, CircleExclamationPoint, Info } from 'lucide-react';
import { Icon } from '../../components/icon.tsx';

type CaseContext = { detail: Answer<'/api/cases/{id}'>; reload: () => void };
const Ctx = createContext<CaseContext | null>(null);

export function useCase(): CaseContext {
  const c = useContext(Ctx);
  if (!c) throw new Error('useCase outside a case page');
  return c;
}

const PAGES: Array<{ path: string; label: string; needs?: Section[] }> = [
  { path: '', label: 'case.tab.overview' },
  { path: 'identity', label: 'case.tab.identity', needs: ['identity'] },
  { path: 'household', label: 'case.tab.household', needs: ['household'] },
  { path: 'consents', label: 'case.tab.consents', needs: ['consents'] },
  { path: 'needs', label: 'case.tab.needs', needs: ['needs_assessment'] },
  { path: 'judgement', label: 'case.tab.judgement', needs: ['professional_judgement'] },
  { path: 'plan', label: 'case.tab.plan', needs: ['case_plan'] },
  { path: 'referrals', label: 'case.tab.referrals', needs: ['referrals_services'] },
  { path: 'conferences', label: 'case.tab.conferences', needs: ['case_conferences'] },
  { path: 'notes', label: 'case.tab.notes', needs: ['psychosocial_notes', 'other_notes', 'security'] },
  { path: 'timeline', label: 'case.tab.timeline' },
];

export function CasePage() {
  const { id } = useParams();
  const [version, setVersion] = useState(0);
  const state = useLoad(() => data(client.GET('/api/cases/{id}', { params: { path: { id: id ?? '' } } })), [id, version]);
  const intl = useIntl();
  // Just opened with a name or document number: the same words whatever the check across agencies found.
  const checkedAcrossAgencies = (useLocation().state as { crossAgencyCheck?: string } | null)?.crossAgencyCheck === 'checked';
  return (
    <Loaded state={state}>
      {(detail) => {
        const pages = PAGES.filter((p) => !p.needs || p.needs.some((s) => detail.sections.includes(s))).filter((p) => p.path !== 'timeline' || detail.sections.length > 0);
        return (
          <Ctx.Provider value={{ detail, reload: () => setVersion((v) => v + 1) }}>
            <h1 tabIndex={-1}>
              {detail.alias} {detail.caseNumber && <span className="meta" dir="ltr">{detail.caseNumber}</span>}
            </h1>
            <p className="badges">
              <span className="tag">
                <FormattedMessage id={`caseCategory.${detail.category}`} />
              </span>
              <span className="tag">{intl.formatList([intl.formatMessage({ id: `sex.${detail.sex}` }), detail.ageBand], { type: 'unit', style: 'short' })}</span>
              <span className="tag">
                <FormattedMessage id={`caseStatus.${detail.status}`} />
              </span>
              {detail.relation !== 'lead' && (
                <span className="tag partner">
                  <FormattedMessage id={`caseRelation.${detail.relation}`} />
                </span>
              )}
            </p>
            {checkedAcrossAgencies && (
              <p className="notice" role="status">
                <Icon of={Info} />
                <FormattedMessage id="case.acrossAgenciesChecked" />
              </p>
            )}
            {detail.relation === 'offered' ? (
              <p className="notice">
                <Icon of={Info} />
                <FormattedMessage id="case.offered" />
              </p>
            ) : (
              <nav className="section-nav" aria-label={intl.formatMessage({ id: 'case.sections' })}>
                <ul>
                  {pages.map((p) => (
                    <li key={p.path}>
                      <NavLink to={`/cases/${detail.id}${p.path ? `/${p.path}` : ''}`} end>
                        <FormattedMessage id={p.label} />
                      </NavLink>
                    </li>
                  ))}
                </ul>
              </nav>
            )}
            <Routes>
              <Route index element={<Overview />} />
              <Route path="identity" element={<IdentitySection />} />
              <Route path="household" element={<HouseholdSection />} />
              <Route path="consents" element={<ConsentsSection />} />
              <Route path="needs" element={<NeedsSection />} />
              <Route path="judgement" element={<JudgementSection />} />
              <Route path="plan" element={<PlanSection />} />
              <Route path="referrals" element={<ReferralsSection />} />
              <Route path="conferences" element={<ConferencesSection />} />
              <Route path="notes" element={<NotesSection />} />
              <Route path="timeline" element={<TimelineSection />} />
            </Routes>
          </Ctx.Provider>
        );
      }}
    </Loaded>
  );
}

function Overview() {
  const { detail } = useCase();
  const intl = useIntl();
  return (
    <>
    <div className="home-sections">
      <section className="panel" aria-labelledby="case-facts">
        <h2 id="case-facts">
          <FormattedMessage id="case.facts" />
        </h2>
        <dl className="facts">
          <dt>
            <FormattedMessage id="cases.legalStatus" />
          </dt>
          <dd>{detail.legalStatus ? <FormattedMessage id={`legalStatus.${detail.legalStatus}`} /> : '—'}</dd>
          <dt>
            <FormattedMessage id="cases.birthYear" />
          </dt>
          <dd>{detail.birthYear ?? '—'}</dd>
          <dt>
            <FormattedMessage id="cases.opened" />
          </dt>
          <dd>{detail.openedOn ? <FormattedDate value={detail.openedOn} dateStyle="medium" timeZone="UTC" /> : '—'}</dd>
          <dt>
            <FormattedMessage id="cases.lead" />
          </dt>
          <dd>{detail.leadOrgName}</dd>
          {detail.overdueActions !== null && (
            <>
              <dt>
                <FormattedMessage id="plan.overdueActions" />
              </dt>
              <dd>
                {detail.overdueActions > 0 ? (
                  <NavLink to={`/cases/${detail.id}/plan`} className="overdue-link">
                    <Icon of={AlarmClock} />
                    <FormattedMessage id="plan.overdueCount" values={{ count: detail.overdueActions }} />
                  </NavLink>
                ) : (
                  <FormattedMessage id="plan.noneOverdue" />
                )}
              </dd>
            </>
          )}
          {detail.closedOn && (
            <>
              <dt>
                <FormattedMessage id="case.closedOn" />
              </dt>
              <dd>
                <FormattedDate value={detail.closedOn} dateStyle="medium" timeZone="UTC" />
              </dd>
            </>
          )}
        </dl>
      </section>
      <section className="panel" aria-labelledby="case-team">
        <h2 id="case-team">
          <FormattedMessage id="case.team" />
        </h2>
        <ul className="parties">
          {detail.team.map((m) => (
            <li key={m.orgId}>
              <strong>{m.orgName}</strong> — <FormattedMessage id={`teamRole.${m.role}`} />
              {m.sections.length > 0 && <span className="meta"> ({intl.formatList(m.sections.map((s) => intl.formatMessage({ id: `category.${s}` })), { type: 'conjunction' })})</span>}
            </li>
          ))}
        </ul>
      </section>
      {detail.can.summarise && <SummaryDownload caseId={detail.id} />}
      {detail.can.exportSubjectAccess && detail.caseNumber !== null && <SubjectAccessExport caseNumber={detail.caseNumber} caseId={detail.id} />}
    </div>
    {detail.can.edit && <CloseOrReopen />}
    </>
  );
}

function CloseOrReopen() {
  const { detail, reload } = useCase();
  const [closing, setClosing] = useState(false);
  const reopen = useAction(() => data(() => client.POST('/api/cases/{id}/reopen', { params: { path: { id: detail.id } } })));
  const close = useAction((reason: string, aftercareUntil: string | null) =>
    data(() => client.POST('/api/cases/{id}/close', { params: { path: { id: detail.id } }, body: { reason, aftercareUntil } })),
  );
  if (detail.status === 'closed') {
    return (
      <p>
        <button type="button" onClick={async () => (await reopen.run()).ok && reload()}>
          <FormattedMessage id="case.reopen" />
        </button>
      </p>
    );
  }
  return closing ? (
    <form
      className="stacked panel"
      onSubmit={async (e: FormEvent<HTMLFormElement>) => {
        e.preventDefault();
        const f = new FormData(e.currentTarget);
        const aftercare = String(f.get('aftercareUntil') ?? '');
        if ((await close.run(String(f.get('reason') ?? ''), aftercare || null)).ok) reload();
      }}
    >
      {close.error && (
        <p className="form-error" role="alert">
          <Icon of={CircleExclamationPoint} />
          <FormattedMessage id={close.error} />
        </p>
      )}
      <TextField name="reason" label="case.closureReason" multiline required maxLength={2000} />
      <TextField name="aftercareUntil" type="date" label="case.aftercareUntil" hint="case.aftercareHint" />
      <button type="submit" className="primary">
        <FormattedMessage id="case.close" />
      </button>
    </form>
  ) : (
    <p>
      <button type="button" onClick={() => setClosing(true)}>
        <FormattedMessage id="case.close" />
      </button>
    </p>
  );
}

type Identity = Answer<'/api/cases/{id}/identity'>;

function IdentitySection() {
  const { detail } = useCase();
  const [identity, setIdentity] = useState<Identity | null>(null);
  const [error, setError] = useState<string | null>(null);
  return (
    <section className="panel" aria-labelledby="case-identity">
      <h2 id="case-identity">
        <FormattedMessage id="case.tab.identity" />
      </h2>
      {identity ? (
        <dl className="facts">
          <dt>
            <FormattedMessage id="identity.legalName" />
          </dt>
          <dd>{identity.legalName ?? '—'}</dd>
          <dt>
            <FormattedMessage id="identity.birthDate" />
          </dt>
          <dd>{identity.birthDate ? <FormattedDate value={identity.birthDate} dateStyle="long" timeZone="UTC" /> : '—'}</dd>
          <dt>
            <FormattedMessage id="identity.documentNumbers" />
          </dt>
          <dd dir="ltr">{identity.documentNumbers.join(', ') || '—'}</dd>
          {detail.sections.includes('contact') && (
            <>
              <dt>
                <FormattedMessage id="identity.address" />
              </dt>
              <dd>{identity.address ?? '—'}</dd>
              <dt>
                <FormattedMessage id="identity.phones" />
              </dt>
              <dd dir="ltr">{identity.phones.join(', ') || '—'}</dd>
            </>
          )}
        </dl>
      ) : (
        <>
          <p>
            <FormattedMessage id="case.revealWarning" />
          </p>
          {error && (
            <p className="form-error" role="alert">
              <Icon of={CircleExclamationPoint} />
              <FormattedMessage id={error} />
            </p>
          )}
          <button
            type="button"
            className="primary"
            onClick={() =>
              void data(client.GET('/api/cases/{id}/identity', { params: { path: { id: detail.id } } })).then(setIdentity, (e: unknown) => setError(errorMessageId(e)))
            }
          >
            <FormattedMessage id="case.reveal" />
          </button>
        </>
      )}
    </section>
  );
}

function HouseholdSection() {
  const { detail } = useCase();
  const intl = useIntl();
  const state = useLoad(() => data(client.GET('/api/cases/{id}/household', { params: { path: { id: detail.id } } })), [detail.id]);
  return (
    <section className="panel" aria-labelledby="case-household">
      <h2 id="case-household">
        <FormattedMessage id="case.tab.household" />
      </h2>
      <Loaded state={state}>
        {({ links }) =>
          links.length === 0 ? (
            <p className="empty-state">
              <FormattedMessage id="case.noHousehold" />
            </p>
          ) : (
            <ul className="parties">
              {links.map((l) => (
                <li key={l.caseId}>
                  <FormattedMessage id={`relation.${l.relation}`} />:{' '}
                  {l.visible ? <NavLinkPlain to={`/cases/${l.caseId}`} text={l.alias} /> : <strong>{l.alias}</strong>}{' '}
                  <span className="meta">
                    ({intl.formatMessage({ id: `sex.${l.sex}` })}, {l.ageBand}, <span dir="ltr">{l.caseNumber}</span>)
                  </span>
                </li>
              ))}
            </ul>
          )
        }
      </Loaded>
    </section>
  );
}

function NavLinkPlain(props: { to: string; text: string }) {
  return <NavLink to={props.to}>{props.text}</NavLink>;
}

function TimelineSection() {
  const { detail } = useCase();
  const state = useLoad(() => data(client.GET('/api/cases/{id}/timeline', { params: { path: { id: detail.id } } })), [detail.id]);
  return (
    <section className="panel" aria-labelledby="case-timeline">
      <h2 id="case-timeline">
        <FormattedMessage id="case.tab.timeline" />
      </h2>
      <Loaded state={state}>
        {({ events }) => (
          <ol className="timeline">
            {events.map((e) => (
              <li key={e.id}>
                <FormattedDate value={e.at} dateStyle="medium" timeStyle="short" /> — <FormattedMessage id={`event.${e.kind.split('.').join('_')}`} />
                {e.actorOrgName && <span className="meta"> · {e.actorOrgName}</span>}
              </li>
            ))}
          </ol>
        )}
      </Loaded>
    </section>
  );
}
