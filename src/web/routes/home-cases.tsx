// Home-page panels of case work: the agency's open caseload, and the organisation's referrals.
import { FormattedMessage } from 'react-intl';
import { Link } from 'react-router';
import type { CaseSummary, ReferralView } from '../../modules/cases/schema.ts';
import { useApi } from '../api/use-api.ts';
import { Loaded } from '../components/loaded.tsx';

export function CaseloadPanel() {
  const state = useApi<{ cases: CaseSummary[]; total: number; totalCapped: boolean }>('/api/cases?status=open&relation=lead&limit=5');
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
  const state = useApi<{ referrals: ReferralView[] }>('/api/referrals/inbox');
  return (
    <Loaded state={state}>
      {({ referrals }) => {
        const waiting = referrals.filter((r) => r.status === 'proposed');
        const active = referrals.filter((r) => r.status === 'accepted');
        const overdue = waiting.filter((r) => r.overdue).length;
        return (
          <>
            <p>
              <FormattedMessage id="home.waitingReferrals" values={{ count: waiting.length, overdue }} />
            </p>
            <ul className="compact">
              {active.slice(0, 6).map((r) => (
                <li key={r.id}>
                  <Link to={`/cases/${r.caseId}`}>{r.alias}</Link> <span className="meta">{r.service}</span>
                </li>
              ))}
            </ul>
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
