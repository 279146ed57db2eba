// A figure after disclosure control: its number, or "hidden" when it is suppressed, and the note
// that says why figures are hidden (every page with figures from people's records shows it).
import { FormattedMessage, FormattedNumber } from 'react-intl';
import type { PublishedFigure } from '../../modules/monitoring/published-schema.ts';

export function Figure(props: { figure: PublishedFigure; percent?: boolean }) {
  const { value } = props.figure;
  if (value === null)
    return (
      <span className="suppressed" data-suppressed={props.figure.suppressed ?? undefined}>
        <FormattedMessage id="figures.hidden" />
      </span>
    );
  return props.percent ? <FormattedNumber value={value} style="percent" maximumFractionDigits={0} /> : <FormattedNumber value={value} />;
}

export function DisclosureNote(props: { disclosure: { threshold: number; roundTo: number } }) {
  return (
    <p className="hint disclosure-note">
      <FormattedMessage id="figures.disclosureNote" values={{ threshold: props.disclosure.threshold }} />
      {props.disclosure.roundTo > 1 && (
        <>
          {' '}
          <FormattedMessage id="figures.rounded" values={{ base: props.disclosure.roundTo }} />
        </>
      )}
    </p>
  );
}
