// Published action plans for people who read them but do not work on them (viewers, donor
// officers): the list in the application, each plan read on its public page, as anyone reads it.
import { FormattedMessage } from 'react-intl';
import { Link, Navigate, useParams } from 'react-router';
import { client, data, useLoad } from '../api/typed.ts';
import { Loaded } from '../components/loaded.tsx';
import { PlanFacts } from './public-plan-facts.tsx';

function usePublishedPlans() {
  return useLoad(() => data(client.GET('/api/public/plans')), []);
}

export function PublishedPlansPage() {
  const state = usePublishedPlans();
  return (
    <>
      <h1 tabIndex={-1}>
        <FormattedMessage id="publishedPlans.title" />
      </h1>
      <p className="lead">
        <FormattedMessage id="publishedPlans.intro" />
      </p>
      <Loaded state={state}>
        {({ plans }) =>
          plans.length === 0 ? (
            <p className="empty-state">
              <FormattedMessage id="publicPlans.none" />
            </p>
          ) : (
            <ul className="cards">
              {plans.map((p) => (
                <li key={p.id} className="card">
                  <h2 dir="auto">
                    <Link to={`/public/plans/${p.id}`}><bdi>{p.title}</bdi></Link>
                  </h2>
                  <PlanFacts plan={p} />
                </li>
              ))}
            </ul>
          )
        }
      </Loaded>
    </>
  );
}

/** The home page's section: the published plans, or that there are none yet. */
export function PublishedPlansPanel() {
  const state = usePublishedPlans();
  return (
    <Loaded state={state}>
      {({ plans }) => (
        <>
          {plans.length === 0 ? (
            <p className="empty-state">
              <FormattedMessage id="home.reports.empty" />
            </p>
          ) : (
            <ul className="compact">
              {plans.slice(0, 8).map((p) => (
                <li key={p.id}>
                  <Link to={`/public/plans/${p.id}`} dir="auto">
                    {p.title}
                  </Link>
                </li>
              ))}
            </ul>
          )}
          <p>
            <Link to="/plans">
              <FormattedMessage id="publishedPlans.all" />
            </Link>
          </p>
        </>
      )}
    </Loaded>
  );
}

/** A plan's address inside the application leads readers to its public page. */
export function PublishedPlanRedirect() {
  const { planId } = useParams();
  return <Navigate to={`/public/plans/${planId ?? ''}`} replace />;
}
