// The response report of a plan for those taking part in planning: every contribution for the
// plan's coordinators (with exports), what each reader may see otherwise.
import { FormattedMessage } from 'react-intl';
import { useParams } from 'react-router';
import { client, data, useLoad } from '../../api/typed.ts';
import { Loaded } from '../../components/loaded.tsx';
import { PlanNav } from './plan-nav.tsx';
import { ReportBody, ReportDownloads } from './report-view.tsx';

export default function ResponseReportPage() {
  const { planId = '' } = useParams();
  const state = useLoad(() => data(client.GET('/api/plans/{planId}/report', { params: { path: { planId } } })), [planId]);
  return (
    <>
      <h1 tabIndex={-1}>
        <FormattedMessage id="report.title" />
      </h1>
      <PlanNav planId={planId} />
      <Loaded state={state}>
        {(report) => (
          <>
            <p className="lead" dir="auto">
              {report.plan.title}
            </p>
            <ReportDownloads planId={planId} exports={report.can.export} />
            <ReportBody report={report} fileBase={`/api/plans/${planId}/files`} commitmentHref={(id) => `/plans/${planId}/commitments/${id}`} />
          </>
        )}
      </Loaded>
    </>
  );
}
