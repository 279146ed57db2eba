// Pieces shared by the funding pages: amounts in the call's currency, moments, stage tags and
// eligibility reasons, all formatted in the interface language.
import { FormattedDate, FormattedMessage, FormattedNumber } from 'react-intl';
import type { Eligibility, Stage } from '../../../modules/funding/schema.ts';
import { CircleCheck, TriangleExclamationPoint } from 'lucide-react';
import { Icon } from '../../components/icon.tsx';

export function Money(props: { value: number; currency: string }) {
  return <FormattedNumber value={props.value} style="currency" currency={props.currency} />;
}

export function Moment(props: { value: string }) {
  return <FormattedDate value={props.value} year="numeric" month="short" day="numeric" hour="2-digit" minute="2-digit" />;
}

export function Day(props: { value: string }) {
  return <FormattedDate value={props.value} timeZone="UTC" year="numeric" month="short" day="numeric" />;
}

export function StageTag(props: { stage: Stage }) {
  return (
    <span className={`tag funding-stage-${props.stage}`}>
      <FormattedMessage id={`funding.stage.${props.stage}`} />
    </span>
  );
}

export function EligibilityNote(props: { eligibility: Eligibility }) {
  const e = props.eligibility;
  return (
    <div className={e.eligible ? 'notice' : 'notice warning'} role="status">
      <p>
        <Icon of={e.eligible ? CircleCheck : TriangleExclamationPoint} />
        <FormattedMessage id={e.eligible ? 'funding.eligible' : 'funding.notEligible'} />
      </p>
      {e.reasons.length > 0 && (
        <ul>
          {e.reasons.map((r) => (
            <li key={r}>
              <FormattedMessage id={`funding.reason.${r}`} />
            </li>
          ))}
        </ul>
      )}
      {e.womenLedPriority && (
        <p>
          <FormattedMessage id="funding.womenLedPriorityYou" />
        </p>
      )}
    </div>
  );
}

/** The next free key for a new criterion or question ("c3", "q2"). */
export function nextKey(prefix: string, taken: ReadonlyArray<{ key: string }>): string {
  let n = taken.length + 1;
  while (taken.some((t) => t.key === `${prefix}${n}`)) n++;
  return `${prefix}${n}`;
}
