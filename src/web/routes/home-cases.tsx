// Home-page panels of case work: the agency's open caseload, and the organisation's referrals.
import { FormattedDate, FormattedMessage } from 'react-intl';
import { Link } from 'react-router';
import { client, data, useLoad, type Answer } from '../api/typed.ts';
import { Loaded } from '../components/loaded.tsx';
import { AlarmClock } from 'lucide-react';
import { Icon } from '../components/icon.tsx';

type DueActionView = Answer<'/api/plan-actions/due'>['actions'][number];

export function CaseloadPanel() {
  const state = useLoad(() => data(client.GET('/api/cases', { params: { query: { status: 'open', relation: 'lead', limit: 5 } } })), []);
  return (
    <Loaded state={state}>
      {({ cases, total, totalCapped }) => (
        <>
          <p>
            <FormattedMessage id={totalCapped ? 'home.openCasesCapped' : 'home.openCases'} values={{ count: total }} />
          </p>
          <ul className="compact">
            {cases.map((c) => (
              <li key={c.id}>
                <Link to={`/cases/${c.id}`}>{c.alias}</Link> <span className="meta" dir="ltr">{c.caseNumber}</span>
              </li>
            ))}
          </ul>
          <p>
            <Link to="/cases">
              <FormattedMessage id="home.allCases" />
            </Link>
          </p>
        </>
      )}
    </Loaded>
  );
}

export function InboxPanel() {
  const state = useLoad(() => data(client.GET('/api/referrals/inbox')), []);
  return (
    <Loaded state={state}>
      {({ referrals, groups }) => {
        // Each line counts its group in full (the inbox pages them) and lists what it counts.
        const total = (group: (typeof groups)[number]['group']) => groups.find((g) => g.group === group)?.total ?? 0;
        const waiting = referrals.filter((r) => r.status === 'proposed');
        const active = referrals.filter((r) => r.status === 'accepted');
        const overdue = waiting.filter((r) => r.overdue).length;
        return (
          <>
            <p>
              <FormattedMessage id="home.waitingReferrals" values={{ count: total('waiting'), overdue }} />
            </p>
            {waiting.length > 0 && (
              <ul className="compact">
                {waiting.slice(0, 6).map((r) => (
                  <li key={r.id}>
                    <Link to="/referrals">
                      <bdi>{r.alias}</bdi>
                    </Link>{' '}
                    <span className="meta">
                      <bdi>{r.service}</bdi>
                    </span>
                  </li>
                ))}
              </ul>
            )}
            {active.length > 0 && (
              <>
                <p>
                  <FormattedMessage id="home.activeReferrals" values={{ count: total('active') }} />
                </p>
                <ul className="compact">
                  {active.slice(0, 6).map((r) => (
                    <li key={r.id}>
                      <Link to={`/cases/${r.caseId}`}>
                        <bdi>{r.alias}</bdi>
                      </Link>{' '}
                      <span className="meta">
                        <bdi>{r.service}</bdi>
                      </span>
                    </li>
                  ))}
                </ul>
              </>
            )}
            <p>
              <Link to="/referrals">
                <FormattedMessage id="home.openInbox" />
              </Link>
            </p>
          </>
        );
      }}
    </Loaded>
  );
}

/** Plan actions the organisation is responsible for: overdue first, then those due this week. */
export function DueActionsPanel() {
  const state = useLoad(() => data(client.GET('/api/plan-actions/due', { params: { query: { days: 7 } } })), []);
  return (
    <Loaded state={state}>
      {({ actions }) => {
        const overdue = actions.filter((a) => a.overdue);
        const soon = actions.filter((a) => !a.overdue);
        const list = (items: DueActionView[]) => (
          <ul className="compact">
            {items.slice(0, 8).map((a) => (
              <li key={a.id}>
                <Link to={`/cases/${a.caseId}/plan`}>{a.alias}</Link>: {a.description}{' '}
                <span className="meta">
                  (<FormattedDate value={a.targetDate} dateStyle="medium" timeZone="UTC" />)
                </span>
              </li>
            ))}
          </ul>
        );
        return actions.length === 0 ? (
          <p>
            <FormattedMessage id="home.noDueActions" />
          </p>
        ) : (
          <>
            {overdue.length > 0 && (
              <>
                <h3 className="overdue-heading">
                  <Icon of={AlarmClock} />
                  <FormattedMessage id="home.overdueActions" values={{ count: overdue.length }} />
                </h3>
                {list(overdue)}
              </>
            )}
            {soon.length > 0 && (
              <>
                <h3 className="due-heading">
                  <FormattedMessage id="home.dueThisWeek" values={{ count: soon.length }} />
                </h3>
                {list(soon)}
              </>
            )}
          </>
        );
      }}
    </Loaded>
  );
}
