// A plan's owner, period and stage in one line. Each piece is isolated: the owner's name may be
// in another script than the interface (an English name on an Arabic page), and unisolated it
// drags the separators and the stage to the wrong side.
import { FormattedMessage, useIntl } from 'react-intl';
import type { PlanHeading } from '../../modules/planning/report-schema.ts';

export function PlanFacts(props: { plan: PlanHeading }) {
  const { plan } = props;
  const intl = useIntl();
  const period = intl.formatDateTimeRange(new Date(plan.periodStart), new Date(plan.periodEnd), { year: 'numeric', timeZone: 'UTC' });
  return (
    <p className="meta">
      <bdi>{plan.ownerName}</bdi>
      <span aria-hidden="true"> · </span>
      <bdi>{period}</bdi>
      <span aria-hidden="true"> · </span>
      <span>
        <FormattedMessage id="publicPlans.stageNow" values={{ stage: <bdi>{intl.formatMessage({ id: `plans.stage.${plan.stage}` })}</bdi> }} />
      </span>
    </p>
  );
}
