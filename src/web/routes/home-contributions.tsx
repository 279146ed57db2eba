// Home-page panel of a contributor: their latest contributions and what became of each.
import { FormattedMessage } from 'react-intl';
import { Link } from 'react-router';
import type { MyContributionsView } from '../../modules/planning/contribution-schema.ts';
import { useApi } from '../api/use-api.ts';
import { Loaded } from '../components/loaded.tsx';

export function ContributionsPanel() {
  const state = useApi<MyContributionsView>('/api/contributions/mine');
  return (
    <Loaded state={state}>
      {({ contributions }) => (
        <>
          {contributions.length === 0 ? (
            <p className="empty-state">
              <FormattedMessage id="contributions.mine.none" />
            </p>
          ) : (
            <ul className="compact">
              {contributions.slice(0, 5).map((c) => (
                <li key={c.id}>
                  <Link to={`/plans/${c.planId}/consultations/${c.consultation.id}`}>{c.planTitle}</Link>
                  <br />
                  <span className="meta">{c.body.length > 90 ? `${c.body.slice(0, 90)}…` : c.body}</span>
                  <br />
                  <strong>
                    <FormattedMessage id={`contributions.status.${c.response?.status ?? 'unanswered'}`} />
                  </strong>
                </li>
              ))}
            </ul>
          )}
          <p>
            <Link to="/plans/mine">
              <FormattedMessage id="contributions.mine.all" />
            </Link>
          </p>
        </>
      )}
    </Loaded>
  );
}
