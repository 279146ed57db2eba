// Representation and gender figures of a plan, for those taking part in planning.
import { FormattedMessage } from 'react-intl';
import { useParams } from 'react-router';
import { client, data, useLoad } from '../../api/typed.ts';
import { Loaded } from '../../components/loaded.tsx';
import { FiguresBody } from './figures-view.tsx';
import { PlanNav } from './plan-nav.tsx';

export default function FiguresPage() {
  const { planId = '' } = useParams();
  const state = useLoad(() => data(client.GET('/api/plans/{planId}/figures', { params: { path: { planId } } })), [planId]);
  return (
    <>
      <h1 tabIndex={-1}>
        <FormattedMessage id="report.figures.title" />
      </h1>
      <PlanNav planId={planId} />
      <Loaded state={state}>
        {(figures) => (
          <>
            <p className="lead" dir="auto">
              {figures.plan.title}
            </p>
            <FiguresBody figures={figures} />
          </>
        )}
      </Loaded>
    </>
  );
}
