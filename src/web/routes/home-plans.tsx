// Home panel of a plan coordinator: the plans of their body, each with its stage and the
// contributions still awaiting a reasoned response.
import { FormattedMessage } from 'react-intl';
import { Link } from 'react-router';
import { useMe } from '../api/session.tsx';
import { client, data, useLoad } from '../api/typed.ts';
import { Loaded } from '../components/loaded.tsx';

export function CoordinatedPlansPanel() {
  const me = useMe();
  const state = useLoad(() => data(client.GET('/api/plans')), []);
  return (
    <Loaded state={state}>
      {({ plans }) => {
        const ours = plans.filter((p) => p.ownerOrg.id === me.activeOrgId);
        return (
          <>
            {ours.length === 0 ? (
              <p className="empty-state">
                <FormattedMessage id="home.plansCoordinate.empty" />
              </p>
            ) : (
              <ul className="compact">
                {ours.slice(0, 8).map((p) => (
                  <li key={p.id}>
                    <Link to={`/plans/${p.id}`}><bdi>{p.title}</bdi></Link>{' '}
                    <span className="meta">
                      (<FormattedMessage id={`plans.stage.${p.stage}`} />
                      {p.unanswered ? (
                        <>
                          {', '}
                          <FormattedMessage id="plans.unansweredCount" values={{ count: p.unanswered }} />
                        </>
                      ) : null}
                      )
                    </span>
                  </li>
                ))}
              </ul>
            )}
            <p>
              <Link to="/plans">
                <FormattedMessage id="home.plansCoordinate.all" />
              </Link>
            </p>
          </>
        );
      }}
    </Loaded>
  );
}
