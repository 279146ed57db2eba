// Small parts the results pages share: a value in its unit, a report's status, and the names of
// disaggregation groups in the interface language.
import { useCallback } from 'react';
import { FormattedMessage, FormattedNumber, useIntl } from 'react-intl';
import type { Dimension, Unit } from '../../../modules/monitoring/results-schema.ts';

/** A value as its unit writes it: a count, a percentage (of 100), days, or an amount of money. */
export function Amount(props: { value: number; unit: Unit; currency: string | null }) {
  switch (props.unit) {
    case 'percentage':
      return <FormattedNumber value={props.value / 100} style="percent" maximumFractionDigits={1} />;
    case 'days':
      return <FormattedMessage id="results.days" values={{ n: props.value }} />;
    case 'currency':
      return <FormattedNumber value={props.value} style="currency" currency={props.currency ?? 'USD'} maximumFractionDigits={0} />;
    default:
      return <FormattedNumber value={props.value} />;
  }
}

export function StatusTag(props: { status: string }) {
  return (
    <span className={`tag results-status-${props.status}`}>
      <FormattedMessage id={`results.status.${props.status}`} />
    </span>
  );
}

/** The name of a group of a dimension (regions by the jurisdiction's names). */
export function useGroupLabel(regions: Array<{ code: string; names: Record<string, string> }>) {
  const intl = useIntl();
  return useCallback(
    (dimension: Dimension, group: string): string => {
      switch (dimension) {
        case 'sex':
          return intl.formatMessage({ id: `sex.${group}` });
        case 'category':
          return intl.formatMessage({ id: `caseCategory.${group}` });
        case 'org_type':
          return intl.formatMessage({ id: `orgType.${group}` });
        case 'women_led':
          return intl.formatMessage({ id: `results.womenLed.${group}` });
        case 'region': {
          const r = regions.find((x) => x.code === group);
          return r?.names[intl.locale] ?? r?.names.en ?? group;
        }
        default:
          return group;
      }
    },
    [intl, regions],
  );
}
