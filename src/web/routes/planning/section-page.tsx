// One section of a plan: its current text, its history of versions, a comparison of any two
// (additions in <ins>, removals in <del>, each also named in words for screen readers and
// marked without colour), and for coordinators an edit that becomes a new version.
import { useState, type FormEvent } from 'react';
import { FormattedDate, FormattedMessage, useIntl } from 'react-intl';
import { Link, useParams } from 'react-router';
import { client, data, useLoad, type Answer, type Body } from '../../api/typed.ts';
import { useAction } from '../../api/use-action.ts';
import { fieldError, SelectField, TextField } from '../../components/fields.tsx';
import { Loaded } from '../../components/loaded.tsx';
import { PlanNav } from './plan-nav.tsx';
import { ArrowLeft, CircleExclamationPoint, Info, Pencil } from 'lucide-react';
import { Icon } from '../../components/icon.tsx';

type SectionView = Answer<'/api/plans/{planId}/sections/{id}'>;
type SectionDiff = Answer<'/api/plans/{planId}/sections/{id}/diff'>;

/** The plan's title as the page heading, for pages that load only their own part of the plan. */
export function PlanHeading(props: { planId: string }) {
  const state = useLoad(() => data(client.GET('/api/plans/{planId}', { params: { path: { planId: props.planId } } })), [props.planId]);
  return <h1 tabIndex={-1}>{state.status === 'ready' ? <bdi>{state.data.title}</bdi> : <FormattedMessage id="plans.title" />}</h1>;
}

export function SectionPage() {
  const { planId = '', sectionId = '' } = useParams();
  const [version, setVersion] = useState(0);
  const state = useLoad(() => data(client.GET('/api/plans/{planId}/sections/{id}', { params: { path: { planId, id: sectionId } } })), [planId, sectionId, version]);
  return (
    <Loaded state={state}>
      {(section) => {
        const current = section.versions[0]!;
        return (
          <>
            <h1 tabIndex={-1} dir="auto">{section.planTitle}</h1>
            <PlanNav planId={planId} />
            <p>
              <Link to={`/plans/${planId}/sections`}>
                <Icon of={ArrowLeft} directional />
                <FormattedMessage id="plans.sections.back" />
              </Link>
            </p>
            <section className="panel" aria-labelledby="section-current">
              <h2 id="section-current" dir="auto">{current.title}</h2>
              <p className="meta">
                <FormattedMessage id="plans.sections.versionOn" values={{ version: current.version, date: <FormattedDate value={current.createdAt} dateStyle="medium" /> }} />
              </p>
              <p className="note-body" dir="auto">{current.body}</p>
            </section>
            {section.can.edit && <EditSection planId={planId} section={section} onSaved={() => setVersion((v) => v + 1)} />}
            <History section={section} />
            {section.versions.length > 1 && <Compare planId={planId} section={section} />}
          </>
        );
      }}
    </Loaded>
  );
}

function EditSection(props: { planId: string; section: SectionView; onSaved: () => void }) {
  const current = props.section.versions[0]!;
  const save = useAction((body: Body<'/api/plans/{planId}/sections/{id}/versions', 'post'>) =>
    data(() => client.POST('/api/plans/{planId}/sections/{id}/versions', { params: { path: { planId: props.planId, id: props.section.id } }, body })),
  );
  async function submit(e: FormEvent<HTMLFormElement>) {
    e.preventDefault();
    const form = new FormData(e.currentTarget);
    const note = String(form.get('note') ?? '').trim();
    const result = await save.run({ title: String(form.get('title') ?? '').trim(), body: String(form.get('body') ?? ''), note: note || null });
    if (result.ok) props.onSaved();
  }
  return (
    <details className="panel">
      <summary>
        <Icon of={Pencil} />
        <FormattedMessage id="plans.sections.edit" />
      </summary>
      {/* A new form for each version, so that the fields start from the text now current. */}
      <form key={current.version} className="stacked" onSubmit={submit}>
        <p className="hint">
          <FormattedMessage id="plans.sections.editHint" />
        </p>
        {save.error && (
          <p className="form-error" role="alert">
            <Icon of={CircleExclamationPoint} />
            <FormattedMessage id={save.error} />
          </p>
        )}
        <TextField name="title" label="plans.sections.title" required maxLength={300} defaultValue={current.title} error={fieldError(save.fields, 'title')} />
        <TextField name="body" label="plans.sections.body" multiline maxLength={50000} defaultValue={current.body} error={fieldError(save.fields, 'body')} />
        <TextField name="note" label="plans.sections.note" maxLength={1000} error={fieldError(save.fields, 'note')} />
        <button type="submit" className="primary" disabled={save.busy}>
          <FormattedMessage id="plans.sections.saveVersion" />
        </button>
      </form>
    </details>
  );
}

function History(props: { section: SectionView }) {
  return (
    <section className="panel" aria-labelledby="section-history">
      <h2 id="section-history">
        <FormattedMessage id="plans.sections.history" />
      </h2>
      <ol className="timeline" reversed>
        {props.section.versions.map((v) => (
          <li key={v.version}>
            <strong>
              <FormattedMessage id="plans.sections.version" values={{ version: v.version }} />
            </strong>{' '}
            <FormattedDate value={v.createdAt} dateStyle="medium" timeStyle="short" />
            {v.createdBy && <span className="meta"> · {v.createdBy}</span>}: <bdi>{v.title}</bdi>
            {v.note && <p className="note-body" dir="auto">{v.note}</p>}
          </li>
        ))}
      </ol>
    </section>
  );
}

function Compare(props: { planId: string; section: SectionView }) {
  const intl = useIntl();
  const versions = props.section.versions.map((v) => v.version);
  const [pair, setPair] = useState({ from: versions[1]!, to: versions[0]! });
  const options = versions.map((v) => ({ value: String(v), label: intl.formatMessage({ id: 'plans.sections.version' }, { version: v }) }));
  function submit(e: FormEvent<HTMLFormElement>) {
    e.preventDefault();
    const form = new FormData(e.currentTarget);
    setPair({ from: Number(form.get('from')), to: Number(form.get('to')) });
  }
  return (
    <section className="panel" aria-labelledby="section-compare">
      <h2 id="section-compare">
        <FormattedMessage id="plans.sections.compare" />
      </h2>
      <form className="inline-form" onSubmit={submit}>
        <SelectField name="from" label="plans.sections.compareFrom" options={options} defaultValue={String(pair.from)} />
        <SelectField name="to" label="plans.sections.compareTo" options={options} defaultValue={String(pair.to)} />
        <button type="submit">
          <FormattedMessage id="plans.sections.compareButton" />
        </button>
      </form>
      <DiffView planId={props.planId} sectionId={props.section.id} from={pair.from} to={pair.to} />
    </section>
  );
}

function DiffView(props: { planId: string; sectionId: string; from: number; to: number }) {
  const state = useLoad(
    () => data(client.GET('/api/plans/{planId}/sections/{id}/diff', { params: { path: { planId: props.planId, id: props.sectionId }, query: { from: props.from, to: props.to } } })),
    [props.planId, props.sectionId, props.from, props.to],
  );
  return (
    <Loaded state={state}>
      {(diff) => (
        <div className="section-diff">
          <p className="hint">
            <FormattedMessage id="plans.sections.diffLegend" values={{ from: diff.from, to: diff.to }} />
          </p>
          {diff.coarse && (
            <p className="notice">
              <Icon of={Info} />
              <FormattedMessage id="plans.sections.diffCoarse" />
            </p>
          )}
          <h3 dir="auto">
            <Parts parts={diff.title} />
          </h3>
          <p className="note-body" dir="auto">
            <Parts parts={diff.body} />
          </p>
        </div>
      )}
    </Loaded>
  );
}

function Parts(props: { parts: SectionDiff['body'] }) {
  return (
    <>
      {props.parts.map((p, i) =>
        p.op === 'same' ? (
          <span key={i}>{p.text}</span>
        ) : p.op === 'added' ? (
          <ins key={i}>
            <span className="visually-hidden">
              <FormattedMessage id="plans.sections.added" />
            </span>
            {p.text}
          </ins>
        ) : (
          <del key={i}>
            <span className="visually-hidden">
              <FormattedMessage id="plans.sections.removed" />
            </span>
            {p.text}
          </del>
        ),
      )}
    </>
  );
}
