// A date (or date and time) field drawn in the interface language. The browser's own date input
// keeps the browser's language and order ("mm/dd/yyyy" on a Russian or Arabic page); React Aria's
// DatePicker lays out its segments and its calendar in the locale, right to left where it should,
// and stays accessible. The value still reaches forms as ISO 8601 through a hidden input named
// `name` ("2026-03-01", or "2026-03-01T09:30:00" with a time), so FormData readers are unchanged.
import { useState } from 'react';
import {
  Button,
  Calendar,
  CalendarCell,
  CalendarGrid,
  DateInput,
  DatePicker,
  DateSegment,
  Dialog,
  FieldError,
  Group,
  Heading,
  I18nProvider,
  Label,
  Popover,
  Text,
} from 'react-aria-components';
import { FormattedMessage, useIntl } from 'react-intl';
import { ProblemText, type FieldProblem } from './field-problem.tsx';

import { parseIso, toIso, type DateValue as Value } from './widget-values.ts';
import { ChevronDown } from 'lucide-react';
import { Icon } from './icon.tsx';

export type DateFieldProps = {
  name: string;
  label: string;
  hint?: string;
  error?: FieldProblem | null;
  required?: boolean;
  /** A time as well as a date (minutes). */
  withTime?: boolean;
  defaultValue?: string | null;
  /** Controlled use: the ISO value and its change (empty string when cleared). */
  value?: string;
  onChange?: (iso: string) => void;
  id?: string;
};



export function DateField(props: DateFieldProps) {
  const intl = useIntl();
  const withTime = props.withTime ?? false;
  const [initial] = useState(() => parseIso(props.defaultValue, withTime));
  const controlled = props.value !== undefined;
  return (
    // React Aria reads its language from its own provider (else from the browser): the page's.
    <I18nProvider locale={intl.locale}>
    <DatePicker<Value>
      id={props.id}
      className="field date-field"
      name={props.name}
      granularity={withTime ? 'minute' : 'day'}
      hourCycle={24}
      isRequired={props.required}
      isInvalid={props.error ? true : undefined}
      {...(controlled ? { value: parseIso(props.value, withTime) } : { defaultValue: initial })}
      onChange={(v) => props.onChange?.(toIso(v, withTime))}
    >
      <Label>
        <FormattedMessage id={props.label} />
      </Label>
      {props.hint && (
        <Text slot="description" className="hint">
          <FormattedMessage id={props.hint} />
        </Text>
      )}
      <Group className="date-field-group">
        <DateInput className="date-field-input">{(segment) => <DateSegment segment={segment} className="date-segment" />}</DateInput>
        <Button className="date-field-button" aria-label={intl.formatMessage({ id: 'fields.openCalendar' })}>
          <Icon of={ChevronDown} />
        </Button>
      </Group>
      {props.error && (
        <FieldError className="field-error">
          <ProblemText problem={props.error} />
        </FieldError>
      )}
      <Popover className="date-field-popover" placement="bottom start">
        <Dialog className="date-field-dialog">
          <Calendar<Value>>
            <header className="calendar-header">
              <Button slot="previous" className="calendar-nav">
                <span aria-hidden="true">‹</span>
              </Button>
              <Heading className="calendar-heading" />
              <Button slot="next" className="calendar-nav">
                <span aria-hidden="true">›</span>
              </Button>
            </header>
            <CalendarGrid className="calendar-grid">{(date) => <CalendarCell date={date} className="calendar-cell" />}</CalendarGrid>
          </Calendar>
        </Dialog>
      </Popover>
    </DatePicker>
    </I18nProvider>
  );
}
