// Professional judgement on a case: the current judgement (instrument, rating and rationale per
// factor, the professional's overall level of concern and reasons, who recorded it and when,
// the next review — highlighted once overdue), earlier ones as history, and the form to record
// a new one. Nothing is computed here: the overall level is whatever the professional chose.
import { useState, type FormEvent } from 'react';
import { FormattedDate, FormattedMessage, useIntl } from 'react-intl';
import { useAction } from '../../api/use-action.ts';
import { client, data, useLoad, type Answer, type Body } from '../../api/typed.ts';
import { ProblemText, type FieldProblem } from '../../components/field-problem.tsx';
import { fieldError, TextField } from '../../components/fields.tsx';
import { Loaded } from '../../components/loaded.tsx';
import { useCase } from './case-page.tsx';
import { CircleExclamationPoint, Info } from 'lucide-react';
import { Icon } from '../../components/icon.tsx';

type JudgementView = Answer<'/api/cases/{id}/judgements'>['judgements'][number];
type InstrumentView = Answer<'/api/judgement-instruments'>['instruments'][number];

const inDays = (days: number) => new Date(Date.now() + days * 86_400_000).toISOString().slice(0, 10);

export function JudgementSection() {
  const { detail } = useCase();
  const [version, setVersion] = useState(0);
  const state = useLoad(() => data(client.GET('/api/cases/{id}/judgements', { params: { path: { id: detail.id } } })), [detail.id, version]);
  return (
    <>
      <p className="notice">
        <Icon of={Info} />
        <FormattedMessage id="judgement.neverComputed" />
      </p>
      <Loaded state={state}>
        {({ judgements }) =>
          judgements.length === 0 ? (
            <section className="panel" aria-labelledby="judgement-current">
              <h2 id="judgement-current">
                <FormattedMessage id="judgement.current" />
              </h2>
              <p className="empty-state">
                <FormattedMessage id="judgement.none" />
              </p>
            </section>
          ) : (
            <>
              <section className="panel" aria-labelledby="judgement-current">
                <h2 id="judgement-current">
                  <FormattedMessage id="judgement.current" />
                </h2>
                <JudgementCard judgement={judgements[0]!} />
              </section>
              {judgements.length > 1 && (
                <section className="panel" aria-labelledby="judgement-history">
                  <h2 id="judgement-history">
                    <FormattedMessage id="judgement.history" />
                  </h2>
                  {judgements.slice(1).map((j) => (
                    <details key={j.id} className="history-entry">
                      <summary>
                        <FormattedDate value={j.recordedAt} dateStyle="medium" /> — {levelLabel(j, j.overallLevel)} · {j.recorderName}
                      </summary>
                      <JudgementCard judgement={j} />
                    </details>
                  ))}
                </section>
              )}
            </>
          )
        }
      </Loaded>
      {detail.status === 'open' && <RecordJudgement onSaved={() => setVersion((v) => v + 1)} />}
    </>
  );
}

function levelLabel(j: JudgementView, key: string): string {
  return j.instrument.levels.find((l) => l.key === key)?.label ?? key;
}

function JudgementCard(props: { judgement: JudgementView }) {
  const j = props.judgement;
  const intl = useIntl();
  return (
    <div className="judgement">
      <p className="badges">
        <span className="tag accent">
          <FormattedMessage id="judgement.overallBadge" values={{ level: levelLabel(j, j.overallLevel) }} />
        </span>
        {j.reviewOverdue && (
          <span className="tag status-suspended">
            <FormattedMessage id="judgement.reviewOverdue" />
          </span>
        )}
      </p>
      <dl className="facts">
        <dt>
          <FormattedMessage id="judgement.recordedBy" />
        </dt>
        <dd>
          {j.recorderName} · {j.orgName}
        </dd>
        <dt>
          <FormattedMessage id="judgement.recordedOn" />
        </dt>
        <dd>
          <FormattedDate value={j.recordedAt} dateStyle="medium" timeStyle="short" />
        </dd>
        <dt>
          <FormattedMessage id="judgement.instrument" />
        </dt>
        <dd>
          <FormattedMessage id="judgement.instrumentVersion" values={{ name: j.instrument.name, version: j.instrument.version }} />
        </dd>
        <dt>
          <FormattedMessage id="judgement.nextReview" />
        </dt>
        <dd className={j.reviewOverdue ? 'overdue' : undefined}>
          <FormattedDate value={j.nextReviewOn} dateStyle="medium" timeZone="UTC" />
        </dd>
      </dl>
      <h3>
        <FormattedMessage id="judgement.reasons" />
      </h3>
      <p className="note-body" dir="auto">{j.overallReasons}</p>
      <h3>
        <FormattedMessage id="judgement.factors" />
      </h3>
      <ul className="factor-list">
        {j.ratings.map((r) => {
          const factor = j.instrument.factors.find((f) => f.key === r.factorKey);
          return (
            <li key={r.factorKey}>
              <strong dir="auto">{factor?.label ?? r.factorKey}</strong>{' '}
              <span className="meta">({factor ? intl.formatMessage({ id: `domain.${factor.domain}` }) : ''})</span>{' '}
              <span className="tag">{levelLabel(j, r.level)}</span>
              {r.rationale && <p className="note-body" dir="auto">{r.rationale}</p>}
            </li>
          );
        })}
      </ul>
    </div>
  );
}

function RecordJudgement(props: { onSaved: () => void }) {
  const [open, setOpen] = useState(false);
  if (!open) {
    return (
      <p>
        <button type="button" className="primary" onClick={() => setOpen(true)}>
          <FormattedMessage id="judgement.record" />
        </button>
      </p>
    );
  }
  return (
    <RecordJudgementPanel
      onSaved={() => {
        setOpen(false);
        props.onSaved();
      }}
    />
  );
}

function RecordJudgementPanel(props: { onSaved: () => void }) {
  const state = useLoad(() => data(client.GET('/api/judgement-instruments')), []);
  return (
    <section className="panel" aria-labelledby="judgement-new">
      <h2 id="judgement-new" tabIndex={-1} ref={(h) => h?.focus()}>
        <FormattedMessage id="judgement.record" />
      </h2>
      <Loaded state={state}>
        {({ instruments }) => {
          const usable = instruments.filter((i) => i.status === 'active');
          return usable.length === 0 ? (
            <p className="empty-state">
              <FormattedMessage id="judgement.noInstrument" />
            </p>
          ) : (
            <JudgementForm instruments={usable} onSaved={props.onSaved} />
          );
        }}
      </Loaded>
    </section>
  );
}

function JudgementForm(props: { instruments: InstrumentView[]; onSaved: () => void }) {
  const { detail } = useCase();
  const intl = useIntl();
  const [instrumentId, setInstrumentId] = useState(props.instruments[0]!.id);
  const instrument = props.instruments.find((i) => i.id === instrumentId) ?? props.instruments[0]!;
  const save = useAction((body: Body<'/api/cases/{id}/judgements', 'post'>) => data(() => client.POST('/api/cases/{id}/judgements', { params: { path: { id: detail.id } }, body })));
  async function submit(e: FormEvent<HTMLFormElement>) {
    e.preventDefault();
    const f = new FormData(e.currentTarget);
    const ratings = Object.fromEntries(
      instrument.factors.map((factor) => [factor.key, { level: String(f.get(`rating-${factor.key}`) ?? ''), rationale: String(f.get(`rationale-${factor.key}`) ?? '') }]),
    );
    const body = {
      instrumentId: instrument.id,
      ratings,
      overallLevel: String(f.get('overallLevel') ?? ''),
      overallReasons: String(f.get('overallReasons') ?? ''),
      nextReviewOn: String(f.get('nextReviewOn') ?? ''),
    };
    if ((await save.run(body)).ok) props.onSaved();
  }
  return (
    <form key={instrument.id} onSubmit={submit} className="judgement-form">
      <p className="hint">
        <FormattedMessage id="judgement.formHelp" />
      </p>
      {save.error && (
        <p className="form-error" role="alert">
          <Icon of={CircleExclamationPoint} />
          <FormattedMessage id={save.error} />
        </p>
      )}
      {props.instruments.length > 1 ? (
        <div className="field">
          <label htmlFor="judgement-instrument">
            <FormattedMessage id="judgement.instrument" />
          </label>
          <select id="judgement-instrument" value={instrument.id} onChange={(e) => setInstrumentId(e.target.value)}>
            {props.instruments.map((i) => (
              <option key={i.id} value={i.id}>
                {intl.formatMessage({ id: 'judgement.instrumentVersion' }, { name: i.name, version: i.version })}
              </option>
            ))}
          </select>
        </div>
      ) : (
        <p>
          <strong>
            <FormattedMessage id="judgement.instrumentVersion" values={{ name: instrument.name, version: instrument.version }} />
          </strong>
        </p>
      )}
      {instrument.description && <p className="hint" dir="auto">{instrument.description}</p>}
      {instrument.factors.map((factor) => (
        <fieldset key={factor.key} className="group">
          <legend>
            {factor.label} <span className="meta">({intl.formatMessage({ id: `domain.${factor.domain}` })})</span>
          </legend>
          {factor.guidance && <p className="hint" dir="auto">{factor.guidance}</p>}
          <LevelChoice name={`rating-${factor.key}`} levels={instrument.levels} label="judgement.rating" error={fieldError(save.fields, `ratings.${factor.key}`)} />
          <TextField name={`rationale-${factor.key}`} label="judgement.rationale" multiline maxLength={4000} />
        </fieldset>
      ))}
      <fieldset className="group">
        <legend>
          <FormattedMessage id="judgement.overall" />
        </legend>
        <LevelChoice name="overallLevel" levels={instrument.levels} label="judgement.overallLevel" describe error={fieldError(save.fields, 'overallLevel')} />
        <TextField name="overallReasons" label="judgement.reasons" hint="judgement.reasonsHint" multiline required maxLength={8000} error={fieldError(save.fields, 'overallReasons')} />
      </fieldset>
      <TextField name="nextReviewOn" type="date" label="judgement.nextReview" hint="judgement.nextReviewHint" defaultValue={inDays(90)} required error={fieldError(save.fields, 'nextReviewOn')} />
      <button type="submit" className="primary" disabled={save.busy}>
        <FormattedMessage id="judgement.save" />
      </button>
    </form>
  );
}

/** The scale as radio buttons, in order from least to most concern. */
function LevelChoice(props: { name: string; label: string; levels: InstrumentView['levels']; describe?: boolean; error: FieldProblem | null }) {
  return (
    <fieldset className={`field level-choice${props.describe ? '' : ' inline'}`} aria-invalid={props.error ? true : undefined}>
      <legend>
        <FormattedMessage id={props.label} />
      </legend>
      {props.error && (
        <span className="field-error">
          <ProblemText problem={props.error} />
        </span>
      )}
      {props.levels.map((l) => (
        <label key={l.key} className="checkbox">
          <input type="radio" name={props.name} value={l.key} required /> {l.label}
          {props.describe && l.description && <span className="meta"> — {l.description}</span>}
        </label>
      ))}
    </fieldset>
  );
}
