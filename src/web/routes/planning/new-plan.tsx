// Starting a plan: it belongs to the coordinator's body, in its country, and begins in drafting
// (seen only by that body until it goes to consultation).
import type { FormEvent } from 'react';
import { FormattedMessage } from 'react-intl';
import { useNavigate } from 'react-router';
import type { ProblemField } from '../../api/client.ts';
import { client, data } from '../../api/typed.ts';
import { useAction } from '../../api/use-action.ts';
import { Checkbox, fieldError, TextField } from '../../components/fields.tsx';
import { CircleExclamationPoint } from 'lucide-react';
import { Icon } from '../../components/icon.tsx';

/** The fields a plan's form sends, read from the form. */
export function planFields(form: FormData) {
  const text = (k: string) => String(form.get(k) ?? '').trim();
  return {
    title: text('title'),
    summary: text('summary') || null,
    periodStart: text('periodStart'),
    periodEnd: text('periodEnd'),
    allowsIndividuals: form.get('allowsIndividuals') === 'true',
  };
}

export function PlanFormFields(props: { fields: ProblemField[]; values?: { title: string; summary: string | null; periodStart: string; periodEnd: string; allowsIndividuals: boolean } }) {
  const err = (p: string) => fieldError(props.fields, p);
  const v = props.values;
  return (
    <>
      <TextField name="title" label="plans.field.title" required maxLength={300} defaultValue={v?.title} error={err('title')} />
      <TextField name="summary" label="plans.field.summary" multiline maxLength={8000} defaultValue={v?.summary} error={err('summary')} />
      <TextField name="periodStart" type="date" label="plans.field.periodStart" required defaultValue={v?.periodStart} error={err('periodStart')} />
      <TextField name="periodEnd" type="date" label="plans.field.periodEnd" required defaultValue={v?.periodEnd} error={err('periodEnd')} />
      <Checkbox name="allowsIndividuals" label="plans.field.allowsIndividuals" defaultChecked={v?.allowsIndividuals} />
    </>
  );
}

export function NewPlanPage() {
  const navigate = useNavigate();
  const create = useAction((body: ReturnType<typeof planFields>) => data(() => client.POST('/api/plans', { body })));
  async function submit(e: FormEvent<HTMLFormElement>) {
    e.preventDefault();
    const result = await create.run(planFields(new FormData(e.currentTarget)));
    if (result.ok) void navigate(`/plans/${result.value.id}`);
  }
  return (
    <>
      <h1 tabIndex={-1}>
        <FormattedMessage id="plans.new" />
      </h1>
      <p className="lead">
        <FormattedMessage id="plans.newIntro" />
      </p>
      <form className="stacked" onSubmit={submit}>
        {create.error && (
          <p className="form-error" role="alert">
            <Icon of={CircleExclamationPoint} />
            <FormattedMessage id={create.error} />
          </p>
        )}
        <PlanFormFields fields={create.fields} />
        <button type="submit" className="primary" disabled={create.busy}>
          <FormattedMessage id="plans.create" />
        </button>
      </form>
    </>
  );
}
