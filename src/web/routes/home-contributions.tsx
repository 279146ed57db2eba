// Home-page panel of a contributor: the consultations open to them now, then their latest
// contributions and what became of each.
import { FormattedDate, FormattedMessage } from 'react-intl';
import { Link } from 'react-router';
import { client, data, useLoad } from '../api/typed.ts';
import { Loaded } from '../components/loaded.tsx';

export function ContributionsPanel() {
  return (
    <>
      <OpenConsultations />
      <h3 className="panel-subheading">
        <FormattedMessage id="home.plansContribute.mine" />
      </h3>
      <MyLatestContributions />
    </>
  );
}

/** Plans in consultation, each asked for its consultations open to this organisation now. */
function OpenConsultations() {
  const plans = useLoad(() => data(client.GET('/api/plans')), []);
  return (
    <Loaded state={plans}>
      {({ plans: list }) => {
        const consulting = list.filter((p) => p.stage === 'consultation').slice(0, 5);
        return consulting.length === 0 ? (
          <p className="empty-state">
            <FormattedMessage id="home.plansContribute.noneOpen" />
          </p>
        ) : (
          <ul className="compact">
            {consulting.map((p) => (
              <PlanConsultations key={p.id} planId={p.id} />
            ))}
          </ul>
        );
      }}
    </Loaded>
  );
}

function PlanConsultations(props: { planId: string }) {
  const state = useLoad(() => data(client.GET('/api/plans/{planId}/consultations', { params: { path: { planId: props.planId } } })), [props.planId]);
  if (state.status !== 'ready') return null;
  const open = state.data.consultations.filter((c) => c.window === 'open' && c.contribute === 'yes');
  return (
    <>
      {open.map((c) => (
        <li key={c.id}>
          <Link to={`/plans/${props.planId}/consultations/${c.id}`} dir="auto">
            {c.title}
          </Link>
          <br />
          <span className="meta">
            <bdi>{state.data.plan.title}</bdi> ·{' '}
            <FormattedMessage id="home.plansContribute.closes" values={{ date: <FormattedDate value={c.closesAt} dateStyle="medium" /> }} />
          </span>
        </li>
      ))}
    </>
  );
}

function MyLatestContributions() {
  const state = useLoad(() => data(client.GET('/api/contributions/mine')), []);
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
