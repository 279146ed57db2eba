// Choosing one item from a long list by typing part of its name: organisations of a national
// directory are too many for a native <select> to scan. React Aria's ComboBox filters as one
// types, is announced properly by screen readers and submits the chosen key under `name`, so
// FormData readers see the same value a <select> gave them.
import { useState } from 'react';
import { Button, ComboBox, FieldError, Group, Input, Label, ListBox, ListBoxItem, Popover, Text } from 'react-aria-components';
import { FormattedMessage, useIntl } from 'react-intl';
import { ProblemText, type FieldProblem } from './field-problem.tsx';
import { contains } from './widget-values.ts';
import { ChevronDown } from 'lucide-react';
import { Icon } from './icon.tsx';

export type ComboOption = { value: string; label: string; /** Said after the label, e.g. "agreement in force". */ note?: string };

export type ComboFieldProps = {
  name: string;
  label: string;
  hint?: string;
  error?: FieldProblem | null;
  options: ComboOption[];
  defaultValue?: string;
  required?: boolean;
};

export function ComboField(props: ComboFieldProps) {
  const intl = useIntl();
  // Matches anywhere in the name, ignoring case and accents, in the interface language's collation.
  const [collator] = useState(() => new Intl.Collator(intl.locale, { usage: 'search', sensitivity: 'base' }));
  const [input, setInput] = useState(() => props.options.find((o) => o.value === props.defaultValue)?.label ?? '');
  const [selected, setSelected] = useState<string | null>(props.defaultValue ?? null);
  // Until the person types, the whole list; then what matches what they typed.
  const typed = input !== (props.options.find((o) => o.value === selected)?.label ?? '');
  const shown = typed ? props.options.filter((o) => contains(collator, o.label, input)) : props.options;
  return (
    <ComboBox
      className="field combo-field"
      name={props.name}
      formValue="key"
      isRequired={props.required}
      isInvalid={props.error ? true : undefined}
      items={shown}
      inputValue={input}
      onInputChange={setInput}
      selectedKey={selected}
      onSelectionChange={(key) => {
        const value = key === null ? null : String(key);
        setSelected(value);
        if (value !== null) setInput(props.options.find((o) => o.value === value)?.label ?? '');
      }}
      menuTrigger="focus"
      allowsEmptyCollection
    >
      <Label>
        <FormattedMessage id={props.label} />
      </Label>
      {props.hint && (
        <Text slot="description" className="hint">
          <FormattedMessage id={props.hint} />
        </Text>
      )}
      <Group className="combo-field-group">
        <Input className="combo-field-input" dir="auto" />
        <Button className="combo-field-button" aria-label={intl.formatMessage({ id: 'fields.showAll' })}>
          <Icon of={ChevronDown} />
        </Button>
      </Group>
      {props.error && (
        <FieldError className="field-error">
          <ProblemText problem={props.error} />
        </FieldError>
      )}
      <Popover className="combo-field-popover" placement="bottom start">
        <ListBox<ComboOption>
          className="combo-field-list"
          renderEmptyState={() => (
            <p className="combo-field-empty">
              <FormattedMessage id="fields.noMatch" />
            </p>
          )}
        >
          {(o) => (
            <ListBoxItem id={o.value} textValue={o.label} className="combo-field-option">
              <bdi>{o.label}</bdi>
              {o.note && <span className="tag">{o.note}</span>}
            </ListBoxItem>
          )}
        </ListBox>
      </Popover>
    </ComboBox>
  );
}

