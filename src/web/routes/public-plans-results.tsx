// A published plan's results on its public pages: the framework's goal, and the indicators the
// owner chose to publish, each under its outcome or output, with its targets and approved values
// as a chart and the same figures as a table.
import { useMemo } from 'react';
import { FormattedMessage } from 'react-intl';
import { Link, useParams } from 'react-router';
import { client, data, useLoad, type Answer } from '../api/typed.ts';
import { Loaded } from '../components/loaded.tsx';
import { PublicFrame } from '../components/public-frame.tsx';
import { TableScroll } from '../components/table-scroll.tsx';
import { TrendChart, type TrendPoint } from './monitoring/trend-chart.tsx';
import { PublicPlanNav } from './public-plans-nav.tsx';
import { Amount } from './results/results-parts.tsx';

type Indicator = Answer<'/api/public/plans/{planId}/results'>['indicators'][number];

function PublicIndicator(props: { ind: Indicator }) {
  const { ind } = props;
  const points = useMemo<TrendPoint[]>(() => {
    const periods = [...new Set([...ind.targets.map((t) => t.period), ...ind.values.map((v) => v.period)])].sort();
    return periods.map((period) => ({
      period,
      value: ind.values.find((v) => v.period === period)?.value ?? null,
      target: ind.targets.find((t) => t.period === period)?.value ?? null,
      approved: true,
    }));
  }, [ind]);
  const captionId = `public-results-${ind.id}`;
  return (
    <section className="panel" aria-labelledby={`${captionId}-title`}>
      <h4 id={`${captionId}-title`} dir="auto">
        {ind.title}
      </h4>
      <p className="free-text" dir="auto">
        {ind.definition}
      </p>
      <p className="meta">
        <FormattedMessage id={`results.frequency.${ind.frequency}`} /> · <FormattedMessage id={`results.direction.${ind.direction}`} />
        {ind.responsibleOrg && (
          <>
            {' '}
            · <bdi>{ind.responsibleOrg}</bdi>
          </>
        )}
        {ind.baseline !== null && (
          <>
            {' '}
            · <FormattedMessage id="results.field.baseline" />: <Amount value={ind.baseline} unit={ind.unit} currency={ind.currency} /> {ind.baselinePeriod && <>({ind.baselinePeriod})</>}
          </>
        )}
      </p>
      {points.length > 0 && (
        <figure className="indicator-figure">
          <TrendChart points={points} baseline={ind.baseline} />
          <figcaption id={captionId}>
            <FormattedMessage id="results.public.caption" />
          </figcaption>
          <TableScroll labelledBy={captionId}>
            <table className="figures">
              <thead>
                <tr>
                  <th scope="col">
                    <FormattedMessage id="results.field.period" />
                  </th>
                  <th scope="col">
                    <FormattedMessage id="results.field.target" />
                  </th>
                  <th scope="col">
                    <FormattedMessage id="results.field.value" />
                  </th>
                </tr>
              </thead>
              <tbody>
                {points.map((p) => (
                  <tr key={p.period}>
                    <th scope="row">{p.period}</th>
                    <td>{p.target === null ? '—' : <Amount value={p.target} unit={ind.unit} currency={ind.currency} />}</td>
                    <td>{p.value === null ? '—' : <Amount value={p.value} unit={ind.unit} currency={ind.currency} />}</td>
                  </tr>
                ))}
              </tbody>
            </table>
          </TableScroll>
        </figure>
      )}
    </section>
  );
}

export function PublicResultsPage() {
  const { planId = '' } = useParams();
  const state = useLoad(() => data(client.GET('/api/public/plans/{planId}/results', { params: { path: { planId } } })), [planId]);
  return (
    <PublicFrame wide>
      <h1>
        <FormattedMessage id="results.public.title" />
      </h1>
      <PublicPlanNav planId={planId} />
      <Loaded state={state}>
        {(view) => (
          <>
            <p className="lead" dir="auto">
              <Link to={`/public/plans/${planId}`}>{view.plan.title}</Link>
            </p>
            {view.framework === null || view.indicators.length === 0 ? (
              <p className="empty-state">
                <FormattedMessage id="results.public.none" />
              </p>
            ) : (
              <>
                <section className="panel" aria-labelledby="public-results-goal">
                  <h2 id="public-results-goal">
                    <FormattedMessage id="results.goal" />
                  </h2>
                  <p className="free-text" dir="auto">
                    {view.framework.goal}
                  </p>
                </section>
                {view.nodes
                  .filter((n) => n.level === 'outcome')
                  .map((o) => (
                    <section key={o.id} aria-labelledby={`public-outcome-${o.id}`}>
                      <h2 id={`public-outcome-${o.id}`} dir="auto">
                        <span className="results-level">
                          <FormattedMessage id="results.level.outcome" />
                        </span>{' '}
                        {o.title}
                      </h2>
                      {view.indicators
                        .filter((i) => i.nodeId === o.id)
                        .map((i) => (
                          <PublicIndicator key={i.id} ind={i} />
                        ))}
                      {view.nodes
                        .filter((n) => n.parentId === o.id)
                        .map((n) => (
                          <section key={n.id} aria-labelledby={`public-output-${n.id}`}>
                            <h3 id={`public-output-${n.id}`} dir="auto">
                              <span className="results-level">
                                <FormattedMessage id="results.level.output" />
                              </span>{' '}
                              {n.title}
                            </h3>
                            {view.indicators
                              .filter((i) => i.nodeId === n.id)
                              .map((i) => (
                                <PublicIndicator key={i.id} ind={i} />
                              ))}
                          </section>
                        ))}
                    </section>
                  ))}
              </>
            )}
          </>
        )}
      </Loaded>
    </PublicFrame>
  );
}
