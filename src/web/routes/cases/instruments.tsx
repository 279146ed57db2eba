// Instruments of structured professional judgement, for administrators: the current version of
// each with its factors and scale, earlier versions, and forms to define one, write its next
// version (a recorded version never changes) or retire it.
import { useId, useState, type FormEvent } from 'react';
import { FormattedDate, FormattedMessage, useIntl } from 'react-intl';
import { NEED_DOMAINS } from '../../../modules/orgs/schema.ts';
import { useMe } from '../../api/session.tsx';
import { useAction } from '../../api/use-action.ts';
import { client, data, useLoad, type Answer, type Body } from '../../api/typed.ts';
import { ProblemText, type FieldProblem } from '../../components/field-problem.tsx';
import { Checkbox, fieldError } from '../../components/fields.tsx';
import { Loaded } from '../../components/loaded.tsx';
import { CircleExclamationPoint, Info } from 'lucide-react';
import { Icon } from '../../components/icon.tsx';

type InstrumentView = Answer<'/api/judgement-instruments'>['instruments'][number];
type NewInstrument = Body<'/api/judgement-instruments', 'post'>;

type Factor = { label: string; guidance: string; domain: NewInstrument['factors'][number]['domain'] };
type Level = { label: string; description: string };
type Draft = { name: string; description: string; factors: Factor[]; levels: Level[] };

const blankFactor = (): Factor => ({ label: '', guidance: '', domain: 'psychosocial' });
const BLANK: Draft = { name: '', description: '', factors: [blankFactor()], levels: [] };

export function InstrumentsPage() {
  const [version, setVersion] = useState(0);
  const [editing, setEditing] = useState<{ base: InstrumentView | null } | null>(null);
  const state = useLoad(() => data(client.GET('/api/judgement-instruments')), [version]);
  const saved = () => {
    setEditing(null);
    setVersion((v) => v + 1);
  };
  return (
    <>
      <h1 tabIndex={-1}>
        <FormattedMessage id="instruments.title" />
      </h1>
      <p className="lead">
        <FormattedMessage id="instruments.intro" />
      </p>
      <p className="notice">
        <Icon of={Info} />
        <FormattedMessage id="judgement.neverComputed" />
      </p>
      {editing ? (
        <InstrumentForm base={editing.base} onCancel={() => setEditing(null)} onSaved={saved} />
      ) : (
        <p>
          <button type="button" className="primary" onClick={() => setEditing({ base: null })}>
            <FormattedMessage id="instruments.new" />
          </button>
        </p>
      )}
      <Loaded state={state}>
        {({ instruments }) => {
          const families = [...new Set(instruments.map((i) => i.familyId))].map((f) => instruments.filter((i) => i.familyId === f));
          return families.length === 0 ? (
            <p className="empty-state">
              <FormattedMessage id="instruments.none" />
            </p>
          ) : (
            <ul className="cards instruments">
              {families.map((versions) => (
                <InstrumentCard key={versions[0]!.familyId} versions={versions} onNewVersion={(base) => setEditing({ base })} onChanged={saved} />
              ))}
            </ul>
          );
        }}
      </Loaded>
    </>
  );
}

function InstrumentCard(props: { versions: InstrumentView[]; onNewVersion: (base: InstrumentView) => void; onChanged: () => void }) {
  const [latest, ...earlier] = props.versions;
  const i = latest!;
  const [confirming, setConfirming] = useState(false);
  const retire = useAction(() => data(() => client.POST('/api/judgement-instruments/{id}/retire', { params: { path: { id: i.id } } })));
  return (
    <li className="card">
      <h2>{i.name}</h2>
      <p className="badges">
        <span className="tag">
          <FormattedMessage id="instruments.version" values={{ version: i.version }} />
        </span>
        <span className={`tag ${i.status === 'active' ? 'status-active' : 'status-expired'}`}>
          <FormattedMessage id={`instrumentStatus.${i.status}`} />
        </span>
        {i.platformWide && (
          <span className="tag accent">
            <FormattedMessage id="instruments.platformWide" />
          </span>
        )}
      </p>
      {i.description && <p dir="auto">{i.description}</p>}
      <InstrumentContent instrument={i} />
      {earlier.length > 0 && (
        <details>
          <summary>
            <FormattedMessage id="instruments.earlier" values={{ count: earlier.length }} />
          </summary>
          {earlier.map((e) => (
            <div key={e.id} className="history-entry">
              <p>
                <strong>
                  <FormattedMessage id="instruments.version" values={{ version: e.version }} />
                </strong>{' '}
                · {e.name} ·{' '}
                <span className="meta">
                  <FormattedDate value={e.createdAt} dateStyle="medium" />
                </span>
              </p>
              <InstrumentContent instrument={e} />
            </div>
          ))}
        </details>
      )}
      {i.canManage && i.status === 'active' && (
        <div className="row-actions">
          <button type="button" onClick={() => props.onNewVersion(i)}>
            <FormattedMessage id="instruments.newVersion" />
          </button>
          {confirming ? (
            <button type="button" className="primary danger" disabled={retire.busy} onClick={async () => (await retire.run()).ok && props.onChanged()}>
              <FormattedMessage id="instruments.confirmRetire" />
            </button>
          ) : (
            <button type="button" onClick={() => setConfirming(true)}>
              <FormattedMessage id="instruments.retire" />
            </button>
          )}
        </div>
      )}
      {retire.error && (
        <p className="form-error" role="alert">
          <Icon of={CircleExclamationPoint} />
          <FormattedMessage id={retire.error} />
        </p>
      )}
    </li>
  );
}

function InstrumentContent(props: { instrument: InstrumentView }) {
  const intl = useIntl();
  return (
    <>
      <h3>
        <FormattedMessage id="instruments.factors" />
      </h3>
      <ol className="compact">
        {props.instrument.factors.map((f) => (
          <li key={f.key}>
            {f.label} <span className="meta">({intl.formatMessage({ id: `domain.${f.domain}` })})</span>
            {f.guidance && <div className="hint" dir="auto">{f.guidance}</div>}
          </li>
        ))}
      </ol>
      <h3>
        <FormattedMessage id="instruments.scale" />
      </h3>
      <ol className="compact">
        {props.instrument.levels.map((l) => (
          <li key={l.key}>
            <strong>{l.label}</strong>
            {l.description && <span className="meta"> — {l.description}</span>}
          </li>
        ))}
      </ol>
    </>
  );
}

function InstrumentForm(props: { base: InstrumentView | null; onCancel: () => void; onSaved: () => void }) {
  const intl = useIntl();
  const me = useMe();
  const base = props.base;
  const [draft, setDraft] = useState<Draft>(() =>
    base
      ? { name: base.name, description: base.description, factors: base.factors.map((f) => ({ label: f.label, guidance: f.guidance, domain: f.domain })), levels: base.levels.map((l) => ({ label: l.label, description: l.description })) }
      : {
          ...BLANK,
          levels: ['instruments.defaultLow', 'instruments.defaultModerate', 'instruments.defaultHigh'].map((id) => ({ label: intl.formatMessage({ id }), description: '' })),
        },
  );
  const save = useAction((body: NewInstrument) =>
    base
      ? data(() => client.POST('/api/judgement-instruments/{id}/versions', { params: { path: { id: base.id } }, body }))
      : data(() => client.POST('/api/judgement-instruments', { body })),
  );
  const set = (patch: Partial<Draft>) => setDraft((d) => ({ ...d, ...patch }));
  const setFactor = (i: number, patch: Partial<Factor>) => set({ factors: draft.factors.map((f, j) => (j === i ? { ...f, ...patch } : f)) });
  const setLevel = (i: number, patch: Partial<Level>) => set({ levels: draft.levels.map((l, j) => (j === i ? { ...l, ...patch } : l)) });
  async function submit(e: FormEvent<HTMLFormElement>) {
    e.preventDefault();
    const platform = new FormData(e.currentTarget).get('platformWide') === 'true';
    if ((await save.run(base ? draft : { ...draft, scope: platform ? 'platform' : 'organisation' })).ok) props.onSaved();
  }
  return (
    <section className="panel" aria-labelledby="instrument-form">
      <h2 id="instrument-form">
        {base ? <FormattedMessage id="instruments.newVersionOf" values={{ name: base.name, version: base.version + 1 }} /> : <FormattedMessage id="instruments.new" />}
      </h2>
      {base && (
        <p className="hint">
          <FormattedMessage id="instruments.versionHelp" />
        </p>
      )}
      <form onSubmit={submit} className="stacked">
        {save.error && (
          <p className="form-error" role="alert">
            <Icon of={CircleExclamationPoint} />
            <FormattedMessage id={save.error} />
          </p>
        )}
        <Controlled label="instruments.name" value={draft.name} onChange={(name) => set({ name })} required maxLength={200} error={fieldError(save.fields, 'name')} />
        <Controlled label="instruments.description" value={draft.description} onChange={(description) => set({ description })} multiline maxLength={4000} />
        <h3>
          <FormattedMessage id="instruments.factors" />
        </h3>
        {draft.factors.map((f, i) => (
          <fieldset key={i} className="group">
            <legend>
              <FormattedMessage id="instruments.factorN" values={{ n: i + 1 }} />
            </legend>
            <Controlled label="instruments.factorLabel" value={f.label} onChange={(label) => setFactor(i, { label })} required maxLength={200} />
            <div className="field">
              <label htmlFor={`factor-domain-${i}`}>
                <FormattedMessage id="instruments.domain" />
              </label>
              <select id={`factor-domain-${i}`} value={f.domain} onChange={(e) => setFactor(i, { domain: e.target.value as Factor['domain'] })}>
                {NEED_DOMAINS.map((d) => (
                  <option key={d} value={d}>
                    {intl.formatMessage({ id: `domain.${d}` })}
                  </option>
                ))}
              </select>
            </div>
            <Controlled label="instruments.guidance" value={f.guidance} onChange={(guidance) => setFactor(i, { guidance })} multiline maxLength={2000} />
            {draft.factors.length > 1 && (
              <button type="button" onClick={() => set({ factors: draft.factors.filter((_, j) => j !== i) })}>
                <FormattedMessage id="instruments.removeFactor" />
              </button>
            )}
          </fieldset>
        ))}
        {draft.factors.length < 30 && (
          <button type="button" onClick={() => set({ factors: [...draft.factors, blankFactor()] })}>
            <FormattedMessage id="instruments.addFactor" />
          </button>
        )}
        <h3>
          <FormattedMessage id="instruments.scale" />
        </h3>
        <p className="hint">
          <FormattedMessage id="instruments.scaleHelp" />
        </p>
        {draft.levels.map((l, i) => (
          <fieldset key={i} className="group">
            <legend>
              <FormattedMessage id="instruments.levelN" values={{ n: i + 1 }} />
            </legend>
            <Controlled label="instruments.levelLabel" value={l.label} onChange={(label) => setLevel(i, { label })} required maxLength={60} />
            <Controlled label="instruments.levelDescription" value={l.description} onChange={(description) => setLevel(i, { description })} maxLength={1000} />
            {draft.levels.length > 2 && (
              <button type="button" onClick={() => set({ levels: draft.levels.filter((_, j) => j !== i) })}>
                <FormattedMessage id="instruments.removeLevel" />
              </button>
            )}
          </fieldset>
        ))}
        {draft.levels.length < 7 && (
          <button type="button" onClick={() => set({ levels: [...draft.levels, { label: '', description: '' }] })}>
            <FormattedMessage id="instruments.addLevel" />
          </button>
        )}
        {!base && me.abilities.includes('platform.organisations.manage') && <Checkbox name="platformWide" label="instruments.publishPlatformWide" />}
        <div className="row-actions">
          <button type="submit" className="primary" disabled={save.busy}>
            <FormattedMessage id={base ? 'instruments.saveVersion' : 'instruments.save'} />
          </button>
          <button type="button" onClick={props.onCancel}>
            <FormattedMessage id="instruments.cancel" />
          </button>
        </div>
      </form>
    </section>
  );
}

/** A labelled text input whose value lives in the form's state (rows can be added and removed). */
function Controlled(props: { label: string; value: string; onChange: (v: string) => void; required?: boolean; maxLength?: number; multiline?: boolean; error?: FieldProblem | null }) {
  const id = useId();
  const shared = {
    id,
    value: props.value,
    required: props.required,
    maxLength: props.maxLength,
    'aria-invalid': props.error ? true : undefined,
    onChange: (e: { target: { value: string } }) => props.onChange(e.target.value),
  };
  return (
    <div className="field">
      <label htmlFor={id}>
        <FormattedMessage id={props.label} />
      </label>
      {props.error && (
        <span className="field-error">
          <ProblemText problem={props.error} />
        </span>
      )}
      {props.multiline ? <textarea rows={3} {...shared} /> : <input type="text" {...shared} />}
    </div>
  );
}
