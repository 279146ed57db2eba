// Adding or changing a commitment (the plan's coordinators): objective, problem, lead body,
// supporting bodies with their roles, milestones, indicators, budget, gender marker with its
// justification, and the communication mechanism. Lists grow and shrink row by row; a
// milestone that progress refers to cannot be removed.
import { useState, type FormEvent } from 'react';
import { FormattedMessage, useIntl } from 'react-intl';
import { Link, useNavigate, useParams } from 'react-router';
import { RACI_ROLES } from '../../../modules/planning/schema.ts';
import { client, data, useLoad, type Answer, type Body, type Loadable } from '../../api/typed.ts';
import { useAction } from '../../api/use-action.ts';
import { fieldError, SelectField, TextField } from '../../components/fields.tsx';
import { Loaded } from '../../components/loaded.tsx';
import { PlanNav } from './plan-nav.tsx';
import { CircleExclamationPoint } from 'lucide-react';
import { Icon } from '../../components/icon.tsx';

type CommitmentDetail = Answer<'/api/plans/{planId}/commitments/{id}'>;
type NewCommitment = Body<'/api/plans/{planId}/commitments', 'post'>;
// The same fields for a change, but the reference, which is given only once.
type CommitmentFields = Omit<NewCommitment, 'reference'> & { reference?: string };
type Org = { id: string; name: string };
type Row<T> = { key: number; value: T };
type Milestone = { id?: string; title: string; deliverable: string; dueOn: string; referenced?: boolean };
type Indicator = { name: string; unit: string; baseline: number | null; target: number | null };

let nextKey = 1;
const rows = <T,>(values: T[]): Row<T>[] => values.map((value) => ({ key: nextKey++, value }));

export default function CommitmentFormPage() {
  const { planId = '', id } = useParams();
  const list = useLoad(() => data(client.GET('/api/plans/{planId}/commitments', { params: { path: { planId } } })), [planId]);
  return (
    <>
      <h1>
        <FormattedMessage id={id ? 'commitments.editHeading' : 'commitments.newHeading'} />
      </h1>
      <PlanNav planId={planId} />
      <Loaded state={list}>{(l) => <WithOrganisations planId={planId} id={id} country={l.country} />}</Loaded>
    </>
  );
}

function WithOrganisations(props: { planId: string; id?: string; country: string }) {
  const orgs = useLoad(() => data(client.GET('/api/directory', { params: { query: { country: props.country } } })), [props.country]);
  return <Loaded state={orgs}>{(o) => (props.id ? <EditLoader {...props} id={props.id} orgs={o.organisations} /> : <CommitmentForm planId={props.planId} orgs={o.organisations} />)}</Loaded>;
}

function EditLoader(props: { planId: string; id: string; orgs: Org[] }) {
  const detail: Loadable<CommitmentDetail> = useLoad(() => data(client.GET('/api/plans/{planId}/commitments/{id}', { params: { path: { planId: props.planId, id: props.id } } })), [props.planId, props.id]);
  return <Loaded state={detail}>{(d) => <CommitmentForm planId={props.planId} orgs={props.orgs} current={d} />}</Loaded>;
}

function CommitmentForm(props: { planId: string; orgs: Org[]; current?: CommitmentDetail }) {
  const intl = useIntl();
  const navigate = useNavigate();
  const cur = props.current;
  // Organisations named already stay choosable even if the directory no longer lists them.
  // Hidden ones come without an id: they cannot be chosen again, as the directory does not list them.
  const named = cur
    ? [cur.lead, ...cur.bodies.map((b) => b.org)].flatMap((o) => (o.id !== null && !props.orgs.some((x) => x.id === o.id) ? [{ id: o.id, name: o.name }] : []))
    : [];
  const orgOptions = [...props.orgs, ...named.map((o) => ({ id: o.id, name: o.name ?? intl.formatMessage({ id: 'commitments.unnamedOrg' }) }))]
    .sort((a, b) => a.name.localeCompare(b.name))
    .map((o) => ({ value: o.id, label: o.name }));
  const [bodies, setBodies] = useState(rows(cur ? cur.bodies.flatMap((b) => (b.org.id === null ? [] : [{ orgId: b.org.id, role: b.role as string }])) : []));
  const [milestones, setMilestones] = useState(rows<Milestone>(cur ? cur.milestones : []));
  const [indicators, setIndicators] = useState(rows<Indicator>(cur ? cur.indicators : []));
  const save = useAction((body: CommitmentFields) =>
    cur
      ? data(() => client.PATCH('/api/plans/{planId}/commitments/{id}', { params: { path: { planId: props.planId, id: cur.id } }, body })).then(() => ({ id: cur.id }))
      : data(() => client.POST('/api/plans/{planId}/commitments', { params: { path: { planId: props.planId } }, body: body as NewCommitment })),
  );
  const err = (path: string) => fieldError(save.fields, path);

  async function submit(e: FormEvent<HTMLFormElement>) {
    e.preventDefault();
    const f = new FormData(e.currentTarget);
    const s = (name: string) => String(f.get(name) ?? '').trim();
    const n = (name: string) => (s(name) === '' ? null : Number(s(name)));
    const amount = n('budgetAmount');
    const currency = s('budgetCurrency').toUpperCase();
    const body: CommitmentFields = {
      ...(cur ? {} : { reference: s('reference') }),
      title: s('title'),
      objective: s('objective'),
      problem: s('problem'),
      leadOrgId: s('leadOrgId'),
      startsOn: s('startsOn'),
      endsOn: s('endsOn'),
      bodies: bodies.map((r) => ({ orgId: s(`bodies.${r.key}.orgId`), role: s(`bodies.${r.key}.role`) as NewCommitment['bodies'][number]['role'] })),
      milestones: milestones.map((r) => ({ ...(r.value.id ? { id: r.value.id } : {}), title: s(`milestones.${r.key}.title`), deliverable: s(`milestones.${r.key}.deliverable`), dueOn: s(`milestones.${r.key}.dueOn`) })),
      indicators: indicators.map((r) => ({ name: s(`indicators.${r.key}.name`), unit: s(`indicators.${r.key}.unit`), baseline: n(`indicators.${r.key}.baseline`), target: n(`indicators.${r.key}.target`) })),
      // A currency without an amount goes as it is: the server names the missing amount.
      budget: amount === null && currency === '' ? null : { amount: amount as number, currency },
      budgetNotes: s('budgetNotes') || null,
      genderMarker: Number(s('genderMarker')) as NewCommitment['genderMarker'],
      genderJustification: s('genderJustification'),
      communicationMechanism: s('communicationMechanism'),
    };
    const result = await save.run(body);
    if (result.ok) void navigate(`/plans/${props.planId}/commitments/${result.value.id}`);
  }

  const remove = <T,>(set: (fn: (r: Row<T>[]) => Row<T>[]) => void, key: number) => set((list) => list.filter((r) => r.key !== key));
  return (
    <form className="stacked panel" onSubmit={submit} noValidate={false}>
      {save.error && (
        <p className="form-error" role="alert">
          <Icon of={CircleExclamationPoint} />
          <FormattedMessage id={save.error} />
        </p>
      )}
      {cur ? (
        <p>
          <FormattedMessage id="commitments.reference" />: <strong dir="ltr">{cur.reference}</strong>
        </p>
      ) : (
        <TextField name="reference" label="commitments.reference" hint="commitments.referenceHint" required maxLength={20} dir="ltr" error={err('reference')} />
      )}
      <TextField name="title" label="commitments.title" required maxLength={300} defaultValue={cur?.title} error={err('title')} />
      <TextField name="objective" label="commitments.objective" multiline required maxLength={4000} defaultValue={cur?.objective} error={err('objective')} />
      <TextField name="problem" label="commitments.problem" multiline required maxLength={4000} defaultValue={cur?.problem} error={err('problem')} />
      <SelectField name="leadOrgId" label="commitments.lead" required blank="" options={orgOptions} defaultValue={cur?.lead.id ?? undefined} error={err('leadOrgId')} />
      <TextField name="startsOn" type="date" label="commitments.startsOn" required defaultValue={cur?.startsOn} error={err('startsOn')} />
      <TextField name="endsOn" type="date" label="commitments.endsOn" required defaultValue={cur?.endsOn} error={err('endsOn')} />

      <fieldset>
        <legend>
          <FormattedMessage id="commitments.bodies" />
        </legend>
        <p className="hint">
          <FormattedMessage id="commitments.bodiesHint" />
        </p>
        {bodies.map((r, i) => (
          <fieldset key={r.key} className="card">
            <legend>
              <FormattedMessage id="commitments.bodyN" values={{ n: i + 1 }} />
            </legend>
            <SelectField name={`bodies.${r.key}.orgId`} label="commitments.organisation" required blank="" options={orgOptions} defaultValue={r.value.orgId} error={err(`bodies.${i}`)} />
            <SelectField name={`bodies.${r.key}.role`} label="commitments.role" options={RACI_ROLES.map((role) => ({ value: role, label: intl.formatMessage({ id: `commitments.role.${role}` }) }))} defaultValue={r.value.role} />
            <button type="button" onClick={() => remove(setBodies, r.key)}>
              <FormattedMessage id="commitments.removeBody" values={{ n: i + 1 }} />
            </button>
          </fieldset>
        ))}
        <button type="button" onClick={() => setBodies((list) => [...list, ...rows([{ orgId: '', role: 'responsible' }])])}>
          <FormattedMessage id="commitments.addBody" />
        </button>
      </fieldset>

      <fieldset>
        <legend>
          <FormattedMessage id="commitments.milestones" />
        </legend>
        {milestones.map((r, i) => (
          <fieldset key={r.key} className="card">
            <legend>
              <FormattedMessage id="commitments.milestoneN" values={{ n: i + 1 }} />
            </legend>
            <TextField name={`milestones.${r.key}.title`} label="commitments.milestoneTitle" required maxLength={300} defaultValue={r.value.title} error={err(`milestones.${i}`)} />
            <TextField name={`milestones.${r.key}.deliverable`} label="commitments.deliverable" multiline required maxLength={2000} defaultValue={r.value.deliverable} />
            <TextField name={`milestones.${r.key}.dueOn`} type="date" label="commitments.dueOn" required defaultValue={r.value.dueOn} />
            {r.value.referenced ? (
              <p className="hint">
                <FormattedMessage id="commitments.milestoneKept" />
              </p>
            ) : (
              <button type="button" onClick={() => remove(setMilestones, r.key)}>
                <FormattedMessage id="commitments.removeMilestone" values={{ n: i + 1 }} />
              </button>
            )}
          </fieldset>
        ))}
        <button type="button" onClick={() => setMilestones((list) => [...list, ...rows<Milestone>([{ title: '', deliverable: '', dueOn: '' }])])}>
          <FormattedMessage id="commitments.addMilestone" />
        </button>
      </fieldset>

      <fieldset>
        <legend>
          <FormattedMessage id="commitments.indicators" />
        </legend>
        {indicators.map((r, i) => (
          <fieldset key={r.key} className="card">
            <legend>
              <FormattedMessage id="commitments.indicatorN" values={{ n: i + 1 }} />
            </legend>
            <TextField name={`indicators.${r.key}.name`} label="commitments.indicatorName" required maxLength={300} defaultValue={r.value.name} error={err(`indicators.${i}`)} />
            <TextField name={`indicators.${r.key}.unit`} label="commitments.unit" required maxLength={60} defaultValue={r.value.unit} />
            <TextField name={`indicators.${r.key}.baseline`} type="number" label="commitments.baseline" defaultValue={r.value.baseline === null ? '' : String(r.value.baseline)} />
            <TextField name={`indicators.${r.key}.target`} type="number" label="commitments.target" defaultValue={r.value.target === null ? '' : String(r.value.target)} />
            <button type="button" onClick={() => remove(setIndicators, r.key)}>
              <FormattedMessage id="commitments.removeIndicator" values={{ n: i + 1 }} />
            </button>
          </fieldset>
        ))}
        <button type="button" onClick={() => setIndicators((list) => [...list, ...rows<Indicator>([{ name: '', unit: '', baseline: null, target: null }])])}>
          <FormattedMessage id="commitments.addIndicator" />
        </button>
      </fieldset>

      <fieldset>
        <legend>
          <FormattedMessage id="commitments.budget" />
        </legend>
        <TextField name="budgetAmount" type="number" min={0} label="commitments.budgetAmount" hint="commitments.budgetHint" defaultValue={cur?.budget ? String(cur.budget.amount) : ''} error={err('budget')} />
        <TextField name="budgetCurrency" label="commitments.budgetCurrency" hint="commitments.currencyHint" maxLength={3} dir="ltr" defaultValue={cur?.budget?.currency ?? ''} />
        <TextField name="budgetNotes" label="commitments.budgetNotes" multiline maxLength={2000} defaultValue={cur?.budgetNotes} error={err('budgetNotes')} />
      </fieldset>

      <SelectField
        name="genderMarker"
        label="commitments.genderMarker"
        options={[0, 1, 2].map((m) => ({ value: String(m), label: intl.formatMessage({ id: `commitments.marker.${m}` }) }))}
        defaultValue={String(cur?.genderMarker ?? 0)}
      />
      <TextField name="genderJustification" label="commitments.genderJustification" hint="commitments.genderJustificationHint" multiline required maxLength={4000} defaultValue={cur?.genderJustification} error={err('genderJustification')} />
      <TextField name="communicationMechanism" label="commitments.communication" hint="commitments.communicationHint" multiline required maxLength={4000} defaultValue={cur?.communicationMechanism} error={err('communicationMechanism')} />
      <p className="row-actions">
        <button type="submit" className="primary" disabled={save.busy}>
          <FormattedMessage id={cur ? 'commitments.saveChanges' : 'commitments.create'} />
        </button>{' '}
        <Link to={cur ? `/plans/${props.planId}/commitments/${cur.id}` : `/plans/${props.planId}/commitments`}>
          <FormattedMessage id="commitments.cancel" />
        </Link>
      </p>
    </form>
  );
}
