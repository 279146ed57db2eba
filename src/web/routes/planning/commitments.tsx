// A plan's commitments: reference, title and lead body, the government's own completion beside
// civil society's independent assessment (a disagreement marked by sign and word), the next
// milestone and how many are overdue.
import { FormattedDate, FormattedMessage } from 'react-intl';
import { Link, useParams } from 'react-router';
import { client, data, useLoad, type Answer } from '../../api/typed.ts';
import { DataTable, type Column } from '../../components/data-table.tsx';
import { Loaded } from '../../components/loaded.tsx';
import { Completion, Disagreement } from './commitment-badges.tsx';
import { PlanNav } from './plan-nav.tsx';
import { AlarmClock, Plus } from 'lucide-react';
import { Icon } from '../../components/icon.tsx';

export default function CommitmentsPage() {
  const { planId = '' } = useParams();
  const state = useLoad(() => data(client.GET('/api/plans/{planId}/commitments', { params: { path: { planId } } })), [planId]);
  const columns: Column<Answer<'/api/plans/{planId}/commitments'>['commitments'][number]>[] = [
    { header: 'commitments.reference', cell: (c) => <span dir="ltr">{c.reference}</span> },
    { header: 'commitments.title', cell: (c) => <Link to={`/plans/${planId}/commitments/${c.id}`}><bdi>{c.title}</bdi></Link> },
    { header: 'commitments.lead', cell: (c) => c.lead.name ?? <FormattedMessage id="commitments.unnamedOrg" /> },
    { header: 'commitments.selfAssessed', cell: (c) => <Completion level={c.selfAssessed} /> },
    {
      header: 'commitments.independent',
      cell: (c) => (
        <>
          <Completion level={c.independent} /> {c.disagreement && <Disagreement />}
        </>
      ),
    },
    {
      header: 'commitments.nextMilestone',
      cell: (c) =>
        c.nextMilestone ? (
          <>
            <bdi>{c.nextMilestone.title}</bdi>
            <br />
            <span className="meta">
              <FormattedDate value={c.nextMilestone.dueOn} dateStyle="medium" timeZone="UTC" />
            </span>
          </>
        ) : (
          <span className="meta">
            <FormattedMessage id="commitments.noOpenMilestone" />
          </span>
        ),
    },
    {
      header: 'commitments.overdue',
      cell: (c) =>
        c.overdueMilestones > 0 ? (
          <span className="tag overdue">
            <Icon of={AlarmClock} />
            <FormattedMessage id="commitments.overdueCount" values={{ count: c.overdueMilestones }} />
          </span>
        ) : (
          <FormattedMessage id="commitments.overdueNone" />
        ),
    },
  ];
  return (
    <>
      <h1>
        <FormattedMessage id="commitments.heading" />
      </h1>
      <PlanNav planId={planId} />
      <Loaded state={state}>
        {(list) => (
          <section className="panel" aria-labelledby="commitments-list">
            <h2 id="commitments-list">
              <FormattedMessage id="commitments.count" values={{ count: list.commitments.length }} />
            </h2>
            <p className="hint">
              <FormattedMessage id="commitments.intro" />
            </p>
            {list.can.create && (
              <p>
                <Link className="button" to={`/plans/${planId}/commitments/new`}>
                  <Icon of={Plus} />
                  <FormattedMessage id="commitments.add" />
                </Link>
              </p>
            )}
            {list.commitments.length === 0 ? (
              <p className="empty-state">
                <FormattedMessage id="commitments.none" />
              </p>
            ) : (
              <DataTable labelledBy="commitments-list" caption="commitments.heading" columns={columns} rows={list.commitments} rowKey={(c) => c.id} />
            )}
          </section>
        )}
      </Loaded>
    </>
  );
}
