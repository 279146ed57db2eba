// Results frameworks, loaded as their own chunk: the list (with the indicators your organisation
// reports on, and the form to start a framework), the owner's review queue, a framework as a tree
// with targets and latest values, and an indicator's page (results-indicator.tsx).
import { useState, type FormEvent } from 'react';
import { FormattedDate, FormattedMessage, useIntl } from 'react-intl';
import { Link, Route, Routes, useNavigate, useParams } from 'react-router';
import { DIMENSIONS, FREQUENCIES, UNITS } from '../../../modules/monitoring/results-schema.ts';
import { INDICATOR_IDS } from '../../../modules/monitoring/schema.ts';
import { client, data, useLoad, type Answer, type Body } from '../../api/typed.ts';
import { useAction } from '../../api/use-action.ts';
import { DataTable, type Column } from '../../components/data-table.tsx';
import { ProblemText } from '../../components/field-problem.tsx';
import { CheckboxGroup, fieldError, SelectField, TextField } from '../../components/fields.tsx';
import { Loaded } from '../../components/loaded.tsx';
import { DisclosureNote, Figure } from '../../components/published-figure.tsx';
import { NotFoundPage } from '../not-found.tsx';
import { IndicatorPage } from './results-indicator.tsx';
import { Amount, StatusTag } from './results-parts.tsx';
import { CircleExclamationPoint } from 'lucide-react';
import { Icon } from '../../components/icon.tsx';

type FrameworkList = Answer<'/api/results/frameworks'>;
type FrameworkView = Answer<'/api/results/frameworks/{id}'>;
type IndicatorSummary = FrameworkView['indicators'][number];
type ReviewQueue = Answer<'/api/results/review'>;
type NewIndicator = Body<'/api/results/frameworks/{id}/indicators', 'post'>;

function FormError(props: { error: string | null }) {
  return props.error ? (
    <p className="form-error" role="alert">
      <Icon of={CircleExclamationPoint} />
      <FormattedMessage id={props.error} />
    </p>
  ) : null;
}

function NewFrameworkForm(props: { plans: FrameworkList['plans'] }) {
  const intl = useIntl();
  const navigate = useNavigate();
  const [kind, setKind] = useState<'plan' | 'programme'>(props.plans.length > 0 ? 'plan' : 'programme');
  const create = useAction((body: Body<'/api/results/frameworks', 'post'>) => data(() => client.POST('/api/results/frameworks', { body })));
  const err = (p: string) => fieldError(create.fields, p);
  async function submit(e: FormEvent<HTMLFormElement>) {
    e.preventDefault();
    const form = new FormData(e.currentTarget);
    const text = (k: string) => String(form.get(k) ?? '').trim();
    const common = { title: text('title'), goal: text('goal') };
    const result = await create.run(kind === 'plan' ? { kind, planId: text('planId'), ...common } : { kind, programme: text('programme'), ...common });
    if (result.ok) void navigate(`/results/frameworks/${result.value.id}`);
  }
  return (
    <section className="panel" aria-labelledby="results-new">
      <h2 id="results-new">
        <FormattedMessage id="results.new" />
      </h2>
      <form className="stacked" onSubmit={submit}>
        <FormError error={create.error} />
        <fieldset className="field">
          <legend>
            <FormattedMessage id="results.field.kind" />
          </legend>
          {(['plan', 'programme'] as const).map((k) => (
            <label key={k} className="checkbox">
              <input type="radio" name="kind" value={k} checked={kind === k} onChange={() => setKind(k)} disabled={k === 'plan' && props.plans.length === 0} />{' '}
              <FormattedMessage id={`results.kind.${k}`} />
            </label>
          ))}
        </fieldset>
        {kind === 'plan' ? (
          <SelectField name="planId" label="results.field.plan" required options={props.plans.map((p) => ({ value: p.id, label: p.title }))} error={err('planId')} />
        ) : (
          <TextField name="programme" label="results.field.programme" required maxLength={200} error={err('programme')} />
        )}
        <TextField name="title" label="results.field.title" required maxLength={300} error={err('title')} />
        <TextField name="goal" label="results.field.goal" multiline required maxLength={2000} hint="results.hint.goal" error={err('goal')} />
        <button type="submit" className="primary" disabled={create.busy}>
          {intl.formatMessage({ id: 'results.create' })}
        </button>
      </form>
    </section>
  );
}

function ResultsHome() {
  const state = useLoad(() => data(client.GET('/api/results/frameworks')), []);
  return (
    <>
      <h1 tabIndex={-1}>
        <FormattedMessage id="results.title" />
      </h1>
      <p className="lead">
        <FormattedMessage id="results.intro" />
      </p>
      <Loaded state={state}>
        {(list) => {
          const columns: Column<FrameworkList['frameworks'][number]>[] = [
            { header: 'results.field.title', cell: (f) => <Link to={`/results/frameworks/${f.id}`} dir="auto">{f.title}</Link> },
            { header: 'results.field.owner', cell: (f) => <bdi>{f.owner.name}</bdi> },
            { header: 'results.field.ownedBy', cell: (f) => <bdi>{f.planTitle ?? f.programme}</bdi> },
            { header: 'results.field.indicators', cell: (f) => f.indicators },
            { header: 'results.field.awaiting', cell: (f) => (f.manage ? f.awaitingReview : '—') },
          ];
          return (
            <>
              {list.can.create && (
                <p className="actions">
                  <Link className="button primary" to="/results/review">
                    <FormattedMessage id="results.review.title" />
                  </Link>
                </p>
              )}
              {list.reporting.length > 0 && (
                <section className="panel" aria-labelledby="results-reporting">
                  <h2 id="results-reporting">
                    <FormattedMessage id="results.reporting" />
                  </h2>
                  <ul className="results-list">
                    {list.reporting.map((r) => (
                      <li key={r.id}>
                        <Link to={`/results/indicators/${r.id}`} dir="auto">
                          {r.title}
                        </Link>{' '}
                        <span className="meta">
                          <bdi>{r.frameworkTitle}</bdi> · <FormattedMessage id={`results.frequency.${r.frequency}`} />
                        </span>{' '}
                        {r.returned > 0 && (
                          <span className="tag results-status-returned">
                            <FormattedMessage id="results.returnedCount" values={{ n: r.returned }} />
                          </span>
                        )}
                      </li>
                    ))}
                  </ul>
                </section>
              )}
              <section aria-labelledby="results-frameworks">
                <h2 id="results-frameworks">
                  <FormattedMessage id="results.frameworks" />
                </h2>
                {list.frameworks.length === 0 ? (
                  <p className="empty-state">
                    <FormattedMessage id="results.none" />
                  </p>
                ) : (
                  <DataTable labelledBy="results-frameworks" caption="results.frameworks" columns={columns} rows={list.frameworks} rowKey={(f) => f.id} />
                )}
              </section>
              {list.can.create && <NewFrameworkForm plans={list.plans} />}
            </>
          );
        }}
      </Loaded>
    </>
  );
}

function ReviewQueuePage() {
  const [version, setVersion] = useState(0);
  const state = useLoad(() => data(client.GET('/api/results/review')), [version]);
  const approve = useAction((reportId: string, v: number) =>
    data(() => client.POST('/api/results/reports/{id}/review', { params: { path: { id: reportId } }, body: { decision: 'approve', version: v } })),
  );
  return (
    <>
      <h1 tabIndex={-1}>
        <FormattedMessage id="results.review.title" />
      </h1>
      <p className="lead">
        <FormattedMessage id="results.review.intro" />
      </p>
      <FormError error={approve.error} />
      <Loaded state={state}>
        {({ items }) => {
          const columns: Column<ReviewQueue['items'][number]>[] = [
            { header: 'results.field.indicator', cell: (i) => <Link to={`/results/indicators/${i.indicatorId}`} dir="auto">{i.indicatorTitle}</Link> },
            { header: 'results.field.responsible', cell: (i) => <bdi>{i.responsibleOrg.name}</bdi> },
            { header: 'results.field.period', cell: (i) => i.period },
            {
              header: 'results.field.value',
              cell: (i) => (
                <>
                  <Amount value={i.value} unit={i.unit} currency={i.currency} />
                  {i.jumpFrom !== null && (
                    <span className="tag results-jump">
                      <FormattedMessage id="results.jump" values={{ from: <Amount value={i.jumpFrom} unit={i.unit} currency={i.currency} /> }} />
                    </span>
                  )}
                </>
              ),
            },
            { header: 'results.field.submittedAt', cell: (i) => <FormattedDate value={i.submittedAt} dateStyle="medium" /> },
            {
              header: 'results.field.action',
              cell: (i) => (
                <>
                  <button
                    type="button"
                    className="secondary"
                    disabled={approve.busy}
                    onClick={async () => {
                      if ((await approve.run(i.reportId, i.version)).ok) setVersion((v) => v + 1);
                    }}
                  >
                    <FormattedMessage id="results.approve" />
                  </button>{' '}
                  <Link to={`/results/indicators/${i.indicatorId}#report-${i.reportId}`}>
                    <FormattedMessage id="results.review.open" />
                  </Link>
                </>
              ),
            },
          ];
          return (
            <section aria-labelledby="results-queue">
              <h2 id="results-queue" className="visually-hidden">
                <FormattedMessage id="results.review.title" />
              </h2>
              {items.length === 0 ? (
                <p className="empty-state">
                  <FormattedMessage id="results.review.none" />
                </p>
              ) : (
                <DataTable labelledBy="results-queue" caption="results.review.title" columns={columns} rows={items} rowKey={(i) => i.reportId} />
              )}
            </section>
          );
        }}
      </Loaded>
    </>
  );
}

function IndicatorCard(props: { indicator: IndicatorSummary }) {
  const i = props.indicator;
  const latestPeriod = i.latest?.period ?? null;
  const target = i.targets.find((t) => latestPeriod === null || t.period >= latestPeriod) ?? i.targets.at(-1) ?? null;
  return (
    <li className="card results-indicator">
      <h4>
        <Link to={`/results/indicators/${i.id}`} dir="auto">
          {i.title}
        </Link>
      </h4>
      <dl className="facts">
        <dt>
          <FormattedMessage id="results.field.latest" />
        </dt>
        <dd>
          {i.latest === null ? (
            <FormattedMessage id="results.noValue" />
          ) : i.latest.status === 'computed' ? (
            <>
              {i.latest.figure.value === null ? <Figure figure={i.latest.figure} /> : <Amount value={i.latest.figure.value} unit={i.unit} currency={i.currency} />} <StatusTag status="computed" />
            </>
          ) : (
            <>
              <Amount value={i.latest.figure.value ?? 0} unit={i.unit} currency={i.currency} /> ({i.latest.period}) <StatusTag status={i.latest.status} />
            </>
          )}
        </dd>
        <dt>
          <FormattedMessage id="results.field.target" />
        </dt>
        <dd>
          {target ? (
            <>
              <Amount value={target.value} unit={i.unit} currency={i.currency} /> ({target.period})
            </>
          ) : (
            '—'
          )}
        </dd>
        <dt>
          <FormattedMessage id="results.field.responsible" />
        </dt>
        <dd>
          <bdi>{i.responsibleOrg.name}</bdi>
        </dd>
      </dl>
      {i.awaitingReview > 0 && (
        <p className="tag results-status-submitted">
          <FormattedMessage id="results.awaitingCount" values={{ n: i.awaitingReview }} />
        </p>
      )}
    </li>
  );
}

function Indicators(props: { view: FrameworkView; nodeId: string }) {
  const list = props.view.indicators.filter((i) => i.nodeId === props.nodeId);
  if (list.length === 0) return null;
  return (
    <ul className="cards results-indicators">
      {list.map((i) => (
        <IndicatorCard key={i.id} indicator={i} />
      ))}
    </ul>
  );
}

function NodeForm(props: { view: FrameworkView; onDone: () => void }) {
  const intl = useIntl();
  const [level, setLevel] = useState<'outcome' | 'output'>('outcome');
  const add = useAction((body: Body<'/api/results/frameworks/{id}/nodes', 'post'>) =>
    data(() => client.POST('/api/results/frameworks/{id}/nodes', { params: { path: { id: props.view.id } }, body })),
  );
  const err = (p: string) => fieldError(add.fields, p);
  const outcomes = props.view.nodes.filter((n) => n.level === 'outcome');
  async function submit(e: FormEvent<HTMLFormElement>) {
    e.preventDefault();
    const formEl = e.currentTarget;
    const form = new FormData(formEl);
    const text = (k: string) => String(form.get(k) ?? '').trim();
    const result = await add.run({ level, parentId: level === 'output' ? text('parentId') || null : null, title: text('title'), commitmentId: text('commitmentId') || null });
    if (result.ok) {
      formEl.reset();
      props.onDone();
    }
  }
  return (
    <form className="stacked panel" onSubmit={submit} aria-labelledby="results-add-node">
      <h3 id="results-add-node">
        <FormattedMessage id="results.addNode" />
      </h3>
      <FormError error={add.error} />
      <div className="field">
        <label htmlFor="results-level">
          <FormattedMessage id="results.field.level" />
        </label>
        <select id="results-level" name="level" value={level} onChange={(e) => setLevel(e.target.value === 'output' ? 'output' : 'outcome')}>
          <option value="outcome">{intl.formatMessage({ id: 'results.level.outcome' })}</option>
          <option value="output" disabled={outcomes.length === 0}>
            {intl.formatMessage({ id: 'results.level.output' })}
          </option>
        </select>
      </div>
      {level === 'output' && <SelectField name="parentId" label="results.field.parent" required options={outcomes.map((o) => ({ value: o.id, label: o.title }))} error={err('parentId')} />}
      <TextField name="title" label="results.field.title" required maxLength={300} error={err('title')} />
      {props.view.commitments.length > 0 && (
        <SelectField
          name="commitmentId"
          label="results.field.commitment"
          blank={intl.formatMessage({ id: 'results.none.commitment' })}
          options={props.view.commitments.map((c) => ({ value: c.id, label: `${c.reference} — ${c.title}` }))}
          error={err('commitmentId')}
        />
      )}
      <button type="submit" className="primary" disabled={add.busy}>
        <FormattedMessage id="results.add" />
      </button>
    </form>
  );
}

const TARGET_ROWS = 4;

function IndicatorForm(props: { view: FrameworkView; onDone: () => void }) {
  const intl = useIntl();
  const [source, setSource] = useState<'reported' | 'computed'>('reported');
  const [unit, setUnit] = useState<(typeof UNITS)[number]>('count');
  const add = useAction((body: NewIndicator) => data(() => client.POST('/api/results/frameworks/{id}/indicators', { params: { path: { id: props.view.id } }, body })));
  const err = (p: string) => fieldError(add.fields, p);
  async function submit(e: FormEvent<HTMLFormElement>) {
    e.preventDefault();
    const formEl = e.currentTarget;
    const form = new FormData(formEl);
    const text = (k: string) => String(form.get(k) ?? '').trim();
    const number = (k: string) => (text(k) === '' ? null : Number(text(k)));
    const targets = Array.from({ length: TARGET_ROWS }, (_, n) => ({ period: text(`targetPeriod${n}`), value: number(`targetValue${n}`) })).filter((t): t is NonNullable<NewIndicator['targets']>[number] => t.period !== '' && t.value !== null);
    const result = await add.run({
      nodeId: text('nodeId'),
      title: text('title'),
      definition: text('definition'),
      unit,
      currency: unit === 'currency' ? text('currency').toUpperCase() : null,
      direction: text('direction') as NewIndicator['direction'],
      baseline: number('baseline'),
      baselinePeriod: text('baselinePeriod') || null,
      frequency: text('frequency') as NewIndicator['frequency'],
      responsibleOrgId: text('responsibleOrgId'),
      dimensions: form.getAll('dimensions').map(String) as NewIndicator['dimensions'],
      source,
      computed: source === 'computed' ? { kind: text('computedKind') as NonNullable<NewIndicator['computed']>['kind'] } : null,
      targets,
    });
    if (result.ok) {
      formEl.reset();
      props.onDone();
    }
  }
  return (
    <form className="stacked panel" onSubmit={submit} aria-labelledby="results-add-indicator">
      <h3 id="results-add-indicator">
        <FormattedMessage id="results.addIndicator" />
      </h3>
      <FormError error={add.error} />
      <SelectField name="nodeId" label="results.field.node" required options={props.view.nodes.map((n) => ({ value: n.id, label: `${intl.formatMessage({ id: `results.level.${n.level}` })}: ${n.title}` }))} error={err('nodeId')} />
      <TextField name="title" label="results.field.title" required maxLength={300} error={err('title')} />
      <TextField name="definition" label="results.field.definition" multiline required maxLength={4000} hint="results.hint.definition" error={err('definition')} />
      <div className="field">
        <label htmlFor="results-source">
          <FormattedMessage id="results.field.source" />
        </label>
        <select id="results-source" name="source" value={source} onChange={(e) => setSource(e.target.value === 'computed' ? 'computed' : 'reported')}>
          <option value="reported">{intl.formatMessage({ id: 'results.source.reported' })}</option>
          <option value="computed">{intl.formatMessage({ id: 'results.source.computed' })}</option>
        </select>
      </div>
      {source === 'computed' && (
        <SelectField name="computedKind" label="results.field.computedKind" required options={INDICATOR_IDS.map((k) => ({ value: k, label: intl.formatMessage({ id: `figures.indicator.${k}` }, { days: 10 }) }))} hint="results.hint.computed" error={err('computed')} />
      )}
      <div className="field">
        <label htmlFor="results-unit">
          <FormattedMessage id="results.field.unit" />
        </label>
        <select id="results-unit" name="unit" value={unit} onChange={(e) => setUnit(UNITS.find((u) => u === e.target.value) ?? 'count')}>
          {UNITS.map((u) => (
            <option key={u} value={u}>
              {intl.formatMessage({ id: `results.unit.${u}` })}
            </option>
          ))}
        </select>
      </div>
      {unit === 'currency' && <TextField name="currency" label="results.field.currency" required maxLength={3} hint="results.hint.currency" error={err('currency')} />}
      <SelectField name="direction" label="results.field.direction" required options={(['increase', 'decrease'] as const).map((d) => ({ value: d, label: intl.formatMessage({ id: `results.direction.${d}` }) }))} error={err('direction')} />
      <SelectField name="frequency" label="results.field.frequency" required defaultValue="annual" options={FREQUENCIES.map((f) => ({ value: f, label: intl.formatMessage({ id: `results.frequency.${f}` }) }))} error={err('frequency')} />
      <TextField name="baseline" type="number" min={0} label="results.field.baseline" error={err('baseline')} />
      <TextField name="baselinePeriod" label="results.field.baselinePeriod" hint="results.hint.period" maxLength={7} error={err('baselinePeriod')} />
      <SelectField name="responsibleOrgId" label="results.field.responsible" required options={props.view.organisations.map((o) => ({ value: o.id, label: o.name }))} error={err('responsibleOrgId')} />
      <CheckboxGroup name="dimensions" label="results.field.dimensions" options={DIMENSIONS.map((d) => ({ value: d, label: <FormattedMessage id={`results.dimension.${d}`} /> }))} error={err('dimensions')} />
      <fieldset className="field results-targets">
        <legend>
          <FormattedMessage id="results.field.targets" />
        </legend>
        <span className="hint">
          <FormattedMessage id="results.hint.targets" />
        </span>
        {Array.from({ length: TARGET_ROWS }, (_, n) => (
          <div key={n} className="results-target-row">
            <label>
              <FormattedMessage id="results.field.period" /> <input name={`targetPeriod${n}`} maxLength={7} dir="ltr" />
            </label>
            <label>
              <FormattedMessage id="results.field.target" /> <input name={`targetValue${n}`} type="number" min={0} step="any" />
            </label>
          </div>
        ))}
        {err('targets') && (
          <span className="field-error">
            <ProblemText problem={err('targets')!} />
          </span>
        )}
      </fieldset>
      <button type="submit" className="primary" disabled={add.busy}>
        <FormattedMessage id="results.add" />
      </button>
    </form>
  );
}

function FrameworkPage() {
  const { id = '' } = useParams();
  const [version, setVersion] = useState(0);
  const state = useLoad(() => data(client.GET('/api/results/frameworks/{id}', { params: { path: { id } } })), [id, version]);
  const refresh = () => setVersion((v) => v + 1);
  return (
    <Loaded state={state}>
      {(view) => {
        const outcomes = view.nodes.filter((n) => n.level === 'outcome');
        return (
          <>
            <h1 tabIndex={-1} dir="auto">
              {view.title}
            </h1>
            <p className="meta">
              <bdi>{view.owner.name}</bdi> · <FormattedMessage id={`results.kind.${view.kind}`} />: <bdi>{view.plan?.title ?? view.programme}</bdi>
            </p>
            <section className="panel" aria-labelledby="results-goal">
              <h2 id="results-goal">
                <FormattedMessage id="results.goal" />
              </h2>
              <p className="free-text" dir="auto">
                {view.goal}
              </p>
            </section>
            {view.indicators.some((i) => i.source === 'computed') && <DisclosureNote disclosure={view.disclosure} />}
            {outcomes.length === 0 && (
              <p className="empty-state">
                <FormattedMessage id="results.noOutcomes" />
              </p>
            )}
            <ol className="results-tree">
              {outcomes.map((o) => (
                <li key={o.id} className="results-outcome">
                  <h2 dir="auto">
                    <span className="results-level">
                      <FormattedMessage id="results.level.outcome" />
                    </span>{' '}
                    {o.title}
                  </h2>
                  {o.commitment && (
                    <p className="meta">
                      <FormattedMessage id="results.servesCommitment" values={{ reference: o.commitment.reference }} /> <bdi>{o.commitment.title}</bdi>
                    </p>
                  )}
                  <Indicators view={view} nodeId={o.id} />
                  <ol className="results-outputs">
                    {view.nodes
                      .filter((n) => n.parentId === o.id)
                      .map((n) => (
                        <li key={n.id}>
                          <h3 dir="auto">
                            <span className="results-level">
                              <FormattedMessage id="results.level.output" />
                            </span>{' '}
                            {n.title}
                          </h3>
                          <Indicators view={view} nodeId={n.id} />
                        </li>
                      ))}
                  </ol>
                </li>
              ))}
            </ol>
            {view.can.manage && (
              <section aria-labelledby="results-define">
                <h2 id="results-define">
                  <FormattedMessage id="results.define" />
                </h2>
                <NodeForm view={view} onDone={refresh} />
                {view.nodes.length > 0 && <IndicatorForm view={view} onDone={refresh} />}
              </section>
            )}
          </>
        );
      }}
    </Loaded>
  );
}

export default function ResultsRoutes() {
  return (
    <Routes>
      <Route index element={<ResultsHome />} />
      <Route path="review" element={<ReviewQueuePage />} />
      <Route path="frameworks/:id" element={<FrameworkPage />} />
      <Route path="indicators/:id" element={<IndicatorPage />} />
      <Route path="*" element={<NotFoundPage />} />
    </Routes>
  );
}
