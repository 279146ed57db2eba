// Representation and gender figures of a plan, for those taking part in planning.
import { FormattedMessage } from 'react-intl';
import { useParams } from 'react-router';
import type { FiguresView } from '../../../modules/planning/report-schema.ts';
import { useApi } from '../../api/use-api.ts';
import { Loaded } from '../../components/loaded.tsx';
import { FiguresBody } from './figures-view.tsx';
import { PlanNav } from './plan-nav.tsx';

export default function FiguresPage() {
  const { planId = '' } = useParams();
  const state = useApi<FiguresView>(`/api/plans/${planId}/figures`);
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
