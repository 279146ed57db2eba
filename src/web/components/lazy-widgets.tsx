// The localised widgets (date-field, file-drop, combo-field) weigh about 60 kB compressed, with
// React Aria and its calendars: loaded the first time a form needs one, not with every page.
// While it loads, the field's label and an empty box of its height hold its place, and a hidden
// input carries the field's value, so a form sent before the widget arrives sends what it shows.
import { lazy, Suspense } from 'react';
import { FormattedMessage } from 'react-intl';
import type { DateFieldProps } from './date-field.tsx';
import type { FileDropProps } from './file-drop.tsx';
import type { ComboFieldProps } from './combo-field.tsx';

const LazyDateField = lazy(() => import('./date-field.tsx').then((m) => ({ default: m.DateField })));
const LazyFileDrop = lazy(() => import('./file-drop.tsx').then((m) => ({ default: m.FileDrop })));
const LazyComboField = lazy(() => import('./combo-field.tsx').then((m) => ({ default: m.ComboField })));

function Placeholder(props: { label: string; name?: string; value?: string | null }) {
  return (
    <div className="field">
      {props.name && <input type="hidden" name={props.name} value={props.value ?? ''} />}
      <span className="label">
        <FormattedMessage id={props.label} />
      </span>
      <span className="widget-loading" aria-hidden="true" />
    </div>
  );
}

export function DateField(props: DateFieldProps) {
  return (
    <Suspense fallback={<Placeholder label={props.label} name={props.name} value={props.value ?? props.defaultValue} />}>
      <LazyDateField {...props} />
    </Suspense>
  );
}

export function FileDrop(props: FileDropProps) {
  return (
    <Suspense fallback={<Placeholder label={props.label} />}>
      <LazyFileDrop {...props} />
    </Suspense>
  );
}

export function ComboField(props: ComboFieldProps) {
  return (
    <Suspense fallback={<Placeholder label={props.label} name={props.name} value={props.defaultValue} />}>
      <LazyComboField {...props} />
    </Suspense>
  );
}
