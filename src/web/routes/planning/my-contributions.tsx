// "My contributions": what became of every contribution the person, or their organisation, made
// to any plan — its status, the reasons given and what in the plan reflects it. The home page
// shows the latest few.
import { FormattedMessage } from 'react-intl';
import { Link } from 'react-router';
import { client, data, useLoad } from '../../api/typed.ts';
import { Loaded } from '../../components/loaded.tsx';
import { ContributionCard } from './contributions.tsx';

export function MyContributionsPage() {
  const state = useLoad(() => data(client.GET('/api/contributions/mine')), []);
  return (
    <>
      <h1 tabIndex={-1}>
        <FormattedMessage id="contributions.mine.title" />
      </h1>
      <p className="lead">
        <FormattedMessage id="contributions.mine.lead" />
      </p>
      <Loaded state={state}>
        {({ contributions }) =>
          contributions.length === 0 ? (
            <p className="empty-state">
              <FormattedMessage id="contributions.mine.none" />
            </p>
          ) : (
            <ul className="conferences">
              {contributions.map((c) => (
                <ContributionCard key={c.id} c={c} heading={c.planTitle}>
                  <p>
                    <Link to={`/plans/${c.planId}/consultations/${c.consultation.id}`}><bdi>{c.consultation.title}</bdi></Link>
                  </p>
                </ContributionCard>
              ))}
            </ul>
          )
        }
      </Loaded>
    </>
  );
}
