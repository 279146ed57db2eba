// The plans a person may read: their own body's (any stage), the country's once out of drafting,
// and published ones. Coordinators see how many contributions still await a reasoned response.
import { FormattedMessage } from 'react-intl';
import { Link } from 'react-router';
import { client, data, useLoad, type Answer } from '../../api/typed.ts';
import { DataTable, type Column } from '../../components/data-table.tsx';
import { Loaded } from '../../components/loaded.tsx';
import { Period, StageTag } from './plan-parts.tsx';
import { Plus } from 'lucide-react';
import { Icon } from '../../components/icon.tsx';


export function PlanListPage() {
  const state = useLoad(() => data(client.GET('/api/plans')), []);
  return (
    <>
      <h1 tabIndex={-1}>
        <FormattedMessage id="plans.title" />
      </h1>
      <Loaded state={state}>
        {({ plans, can }) => {
          const columns: Column<Answer<'/api/plans'>['plans'][number]>[] = [
            { header: 'plans.field.title', cell: (p) => <Link to={`/plans/${p.id}`}><bdi>{p.title}</bdi></Link> },
            { header: 'plans.field.period', cell: (p) => <Period start={p.periodStart} end={p.periodEnd} /> },
            { header: 'plans.field.stage', cell: (p) => <StageTag stage={p.stage} /> },
            { header: 'plans.field.owner', cell: (p) => p.ownerOrg.name },
            { header: 'plans.field.published', cell: (p) => <FormattedMessage id={p.published ? 'plans.published.yes' : 'plans.published.no'} /> },
          ];
          if (plans.some((p) => p.unanswered !== null)) {
            columns.push({ header: 'plans.field.unanswered', cell: (p) => (p.unanswered === null ? '—' : <FormattedMessage id="plans.unansweredCount" values={{ count: p.unanswered }} />) });
          }
          return (
            <>
              {can.create && (
                <p>
                  <Link className="button primary" to="/plans/new">
                    <Icon of={Plus} />
                    <FormattedMessage id="plans.new" />
                  </Link>
                </p>
              )}
              <section aria-labelledby="plans-list">
                <h2 id="plans-list">
                  <FormattedMessage id="plans.listHeading" values={{ count: plans.length }} />
                </h2>
                {plans.length === 0 ? (
                  <p className="empty-state">
                    <FormattedMessage id={can.create ? 'plans.noneCoordinator' : 'plans.none'} />
                  </p>
                ) : (
                  <DataTable labelledBy="plans-list" caption="plans.title" columns={columns} rows={plans} rowKey={(p) => p.id} />
                )}
              </section>
            </>
          );
        }}
      </Loaded>
    </>
  );
}
