// Small pieces shared by the plan pages: a plan's stage as a word (never colour alone) and its
// period as two dates in the reader's language.
import { FormattedDate, FormattedMessage } from 'react-intl';
import type { Stage } from '../../../modules/planning/schema.ts';

export function StageTag(props: { stage: Stage }) {
  return (
    <span className={`tag stage-${props.stage}`}>
      <FormattedMessage id={`plans.stage.${props.stage}`} />
    </span>
  );
}

export function Period(props: { start: string; end: string }) {
  return (
    <FormattedMessage
      id="plans.periodRange"
      values={{
        start: <FormattedDate value={props.start} dateStyle="medium" timeZone="UTC" />,
        end: <FormattedDate value={props.end} dateStyle="medium" timeZone="UTC" />,
      }}
    />
  );
}
