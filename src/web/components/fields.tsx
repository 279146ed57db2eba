// Form fields with their labels, hints and errors wired for screen readers. Native controls
// where the browser draws them in the page's language (every assistive technology knows them,
// and they cost nothing to download); dates are the exception, see date-field.tsx.
import { useId, type ReactNode } from 'react';
import { FormattedMessage } from 'react-intl';
import { ProblemText, type FieldProblem } from './field-problem.tsx';
import { DateField } from './lazy-widgets.tsx';

export { fieldError, type FieldProblem } from './field-problem.tsx';

type Common = { label: string; hint?: string; error?: FieldProblem | null; name: string };

function Described(props: { id: string; hint?: string; error?: FieldProblem | null }) {
  return (
    <>
      {props.hint && (
        <span id={`${props.id}-hint`} className="hint">
          <FormattedMessage id={props.hint} />
        </span>
      )}
      {props.error && (
        <span id={`${props.id}-error`} className="field-error">
          <ProblemText problem={props.error} />
        </span>
      )}
    </>
  );
}

function describedBy(id: string, hint?: string, error?: FieldProblem | null): string | undefined {
  return [hint ? `${id}-hint` : '', error ? `${id}-error` : ''].filter(Boolean).join(' ') || undefined;
}

export function TextField(
  props: Common & {
    defaultValue?: string | null;
    type?: 'text' | 'email' | 'password' | 'date' | 'datetime-local' | 'number';
    required?: boolean;
    maxLength?: number;
    min?: number;
    max?: number;
    multiline?: boolean;
    autoComplete?: string;
    dir?: 'ltr' | 'rtl' | 'auto';
  },
) {
  const id = useId();
  if (props.type === 'date' || props.type === 'datetime-local') {
    const { type, multiline: _m, maxLength: _l, min: _min, max: _max, autoComplete: _a, dir: _d, ...rest } = props;
    return <DateField {...rest} withTime={type === 'datetime-local'} />;
  }
  const shared = {
    id,
    name: props.name,
    required: props.required,
    maxLength: props.maxLength,
    defaultValue: props.defaultValue ?? undefined,
    'aria-describedby': describedBy(id, props.hint, props.error),
    'aria-invalid': props.error ? true : undefined,
    dir: props.dir,
  };
  return (
    <div className="field">
      <label htmlFor={id}>
        <FormattedMessage id={props.label} />
      </label>
      <Described id={id} hint={props.hint} error={props.error} />
      {props.multiline ? (
        <textarea rows={4} {...shared} />
      ) : (
        <input type={props.type ?? 'text'} min={props.min} max={props.max} autoComplete={props.autoComplete} {...shared} />
      )}
    </div>
  );
}

type Option = { value: string; label: string };
type OptionGroup = { label: string; options: Option[] };

/** A list to choose from; `groups` adds labelled groups of options after `options`. */
export function SelectField(props: Common & { options: Option[]; groups?: OptionGroup[]; defaultValue?: string; required?: boolean; blank?: string }) {
  const id = useId();
  return (
    <div className="field">
      <label htmlFor={id}>
        <FormattedMessage id={props.label} />
      </label>
      <Described id={id} hint={props.hint} error={props.error} />
      <SelectOptions id={id} {...props} />
    </div>
  );
}

function SelectOptions(props: { id: string; name: string; options: Option[]; groups?: OptionGroup[]; defaultValue?: string; required?: boolean; blank?: string; hint?: string; error?: FieldProblem | null }) {
  return (
    <select id={props.id} name={props.name} defaultValue={props.defaultValue ?? ''} required={props.required} aria-describedby={describedBy(props.id, props.hint, props.error)}>
      {props.blank !== undefined && (
        <option value="">
          {props.blank}
        </option>
      )}
      {props.options.map((o) => (
        <option key={o.value} value={o.value}>
          {o.label}
        </option>
      ))}
      {props.groups?.map((g) => (
        <optgroup key={g.label} label={g.label}>
          {g.options.map((o) => (
            <option key={o.value} value={o.value}>
              {o.label}
            </option>
          ))}
        </optgroup>
      ))}
    </select>
  );
}

/** A set of checkboxes sharing one name: the form yields every checked value. */
export function CheckboxGroup(props: Common & { options: Array<{ value: string; label: ReactNode }>; defaultValue?: readonly string[] }) {
  const id = useId();
  return (
    <fieldset className="field checkbox-group" aria-describedby={describedBy(id, props.hint, props.error)}>
      <legend>
        <FormattedMessage id={props.label} />
      </legend>
      <Described id={id} hint={props.hint} error={props.error} />
      {props.options.map((o) => (
        <label key={o.value} className="checkbox">
          <input type="checkbox" name={props.name} value={o.value} defaultChecked={props.defaultValue?.includes(o.value)} /> {o.label}
        </label>
      ))}
    </fieldset>
  );
}

export function Checkbox(props: { name: string; label: string; defaultChecked?: boolean }) {
  return (
    <label className="checkbox field">
      <input type="checkbox" name={props.name} value="true" defaultChecked={props.defaultChecked} /> <FormattedMessage id={props.label} />
    </label>
  );
}
