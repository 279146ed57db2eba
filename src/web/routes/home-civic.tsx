// Home panel of a civic-space monitor: their organisation's records still on the way to
// publication (unverified, corroborated, verified but unpublished), and the way to the rest.
import { FormattedMessage } from 'react-intl';
import { Link } from 'react-router';
import { client, data, useLoad } from '../api/typed.ts';
import { Loaded } from '../components/loaded.tsx';

export function CivicSpacePanel() {
  const state = useLoad(() => data(client.GET('/api/civic/records')), []);
  return (
    <Loaded state={state}>
      {({ records }) => {
        const waiting = records.filter((r) => r.own && !r.published);
        return (
          <>
            {waiting.length === 0 ? (
              <p className="empty-state">
                <FormattedMessage id="home.civicSpace.empty" />
              </p>
            ) : (
              <ul className="compact">
                {waiting.slice(0, 8).map((r) => (
                  <li key={r.id}>
                    <Link to={`/civic/records/${r.id}`} dir="auto">
                      {r.title}
                    </Link>{' '}
                    <span className="meta">
                      (<FormattedMessage id={`civic.status.${r.status}`} />)
                    </span>
                  </li>
                ))}
              </ul>
            )}
            <p>
              <Link to="/civic">
                <FormattedMessage id="home.civicSpace.all" />
              </Link>
            </p>
          </>
        );
      }}
    </Loaded>
  );
}
