// An indicator: its definition and facts, its values per period against its targets (a chart,
// and the same figures as a table), each period's value with the history of corrections and
// reviews, the form the responsible organisation reports a value with, and the owner's review.
import { useMemo, useState, type FormEvent } from 'react';
import { FormattedDate, FormattedMessage, useIntl } from 'react-intl';
import { Link, useParams } from 'react-router';
import { GROUPS } from '../../../modules/monitoring/results-schema.ts';
import { client, data, useLoad, type Answer, type Body } from '../../api/typed.ts';
import { useAction } from '../../api/use-action.ts';
import { ProblemText } from '../../components/field-problem.tsx';
import { fieldError, TextField } from '../../components/fields.tsx';
import { Loaded } from '../../components/loaded.tsx';
import { DisclosureNote, Figure } from '../../components/published-figure.tsx';
import { TableScroll } from '../../components/table-scroll.tsx';
import { TrendChart, type TrendPoint } from '../monitoring/trend-chart.tsx';
import { Amount, StatusTag, useGroupLabel } from './results-parts.tsx';
import { CircleCheck, CircleExclamationPoint, Send } from 'lucide-react';
import { Icon } from '../../components/icon.tsx';

type IndicatorPageView = Answer<'/api/results/indicators/{id}'>;
type ReportView = IndicatorPageView['reports'][number];
type NewReport = Body<'/api/results/indicators/{id}/reports', 'post'>;

function Trend(props: { ind: IndicatorPageView }) {
  const { ind } = props;
  const points = useMemo<TrendPoint[]>(() => {
    const periods = [...new Set([...ind.targets.map((t) => t.period), ...ind.reports.map((r) => r.period)])].sort();
    return periods.map((period) => {
      const r = ind.reports.find((x) => x.period === period);
      const v = r?.versions.find((x) => x.version === r.currentVersion);
      return { period, value: v?.value ?? null, target: ind.targets.find((t) => t.period === period)?.value ?? null, approved: r?.status === 'approved' };
    });
  }, [ind]);
  if (points.length === 0) return null;
  return (
    <figure className="indicator-figure">
      <TrendChart points={points} baseline={ind.baseline} />
      <figcaption id="results-trend">
        <FormattedMessage id="results.chart.caption" />
      </figcaption>
      <TableScroll labelledBy="results-trend">
        <table className="figures">
          <thead>
            <tr>
              <th scope="col">
                <FormattedMessage id="results.field.period" />
              </th>
              <th scope="col">
                <FormattedMessage id="results.field.target" />
              </th>
              <th scope="col">
                <FormattedMessage id="results.field.value" />
              </th>
              <th scope="col">
                <FormattedMessage id="results.field.status" />
              </th>
            </tr>
          </thead>
          <tbody>
            {points.map((p) => {
              const r = ind.reports.find((x) => x.period === p.period);
              return (
                <tr key={p.period}>
                  <th scope="row">{p.period}</th>
                  <td>{p.target === null ? '—' : <Amount value={p.target} unit={ind.unit} currency={ind.currency} />}</td>
                  <td>{p.value === null ? '—' : <Amount value={p.value} unit={ind.unit} currency={ind.currency} />}</td>
                  <td>{r ? <StatusTag status={r.status} /> : '—'}</td>
                </tr>
              );
            })}
          </tbody>
        </table>
      </TableScroll>
    </figure>
  );
}

function ReportForm(props: { ind: IndicatorPageView; period: string; saved: { jumpFrom: number | null } | null; onSaved: (s: { jumpFrom: number | null }) => void }) {
  const { ind } = props;
  const intl = useIntl();
  const label = useGroupLabel(ind.regions);
  const { saved } = props;
  const send = useAction((body: NewReport) => data(() => client.POST('/api/results/indicators/{id}/reports', { params: { path: { id: ind.id } }, body })));
  const err = (p: string) => fieldError(send.fields, p);
  const percentage = ind.unit === 'percentage';
  const addUp = send.fields.some((f) => f.path === 'body.disaggregates');
  async function submit(e: FormEvent<HTMLFormElement>) {
    e.preventDefault();
    const formEl = e.currentTarget;
    const form = new FormData(formEl);
    const text = (k: string) => String(form.get(k) ?? '').trim();
    const number = (k: string) => (text(k) === '' ? null : Number(text(k)));
    const disaggregates = ind.dimensions.flatMap((d) =>
      (d === 'region' ? ind.regions.map((r) => r.code) : GROUPS[d]).flatMap((g): NonNullable<NewReport['disaggregates']> => {
        const key = `${d}:${g}`;
        if (percentage) {
          const n = number(`${key}:n`);
          const m = number(`${key}:d`);
          return n === null && m === null ? [] : [{ dimension: d, group: g, value: null, numerator: n, denominator: m }];
        }
        const v = number(key);
        return v === null ? [] : [{ dimension: d, group: g, value: v }];
      }),
    );
    const result = await send.run({
      period: text('period'),
      value: percentage ? null : number('value'),
      numerator: percentage ? number('numerator') : null,
      denominator: percentage ? number('denominator') : null,
      disaggregates,
      evidence: text('evidence'),
      evidenceUrl: text('evidenceUrl') || null,
    });
    if (result.ok) {
      formEl.reset();
      // The page reloads the indicator: the notice lives above the form, which it replaces.
      props.onSaved(result.value);
    }
  }
  return (
    <section className="panel" aria-labelledby="results-report">
      <h2 id="results-report">
        <FormattedMessage id="results.report.title" />
      </h2>
      <p className="hint">
        <FormattedMessage id="results.report.intro" />
      </p>
      {saved && (
        <p className="notice" role="status">
          <Icon of={CircleCheck} />
          <FormattedMessage id="results.report.saved" />{' '}
          {saved.jumpFrom !== null && <FormattedMessage id="results.report.flagged" values={{ from: <Amount value={saved.jumpFrom} unit={ind.unit} currency={ind.currency} /> }} />}
        </p>
      )}
      {send.error && (
        <p className="form-error" role="alert">
          <Icon of={CircleExclamationPoint} />
          <FormattedMessage id={addUp ? 'results.error.addUp' : send.error} />
        </p>
      )}
      <form className="stacked" onSubmit={submit} key={props.period}>
        <TextField name="period" label="results.field.period" required maxLength={7} defaultValue={props.period} hint={`results.hint.period.${ind.frequency}`} dir="ltr" error={err('period')} />
        {percentage ? (
          <>
            <TextField name="numerator" type="number" min={0} label="results.field.numerator" required error={err('numerator')} />
            <TextField name="denominator" type="number" min={0} label="results.field.denominator" required error={err('denominator')} />
          </>
        ) : (
          <TextField name="value" type="number" min={0} label="results.field.value" required error={err('value')} />
        )}
        {ind.dimensions.map((d) => (
          <fieldset key={d} className="field results-disaggregates">
            <legend>
              <FormattedMessage id="results.by" values={{ dimension: intl.formatMessage({ id: `results.dimension.${d}` }) }} />
            </legend>
            <span className="hint">
              <FormattedMessage id={percentage ? 'results.hint.disaggregatesShare' : ind.unit === 'days' ? 'results.hint.disaggregatesDays' : 'results.hint.disaggregates'} />
            </span>
            {(d === 'region' ? ind.regions.map((r) => r.code) : GROUPS[d]).map((g) => (
              <div key={g} className="results-group">
                <span className="results-group-name">{label(d, g)}</span>
                {percentage ? (
                  <>
                    <label>
                      <FormattedMessage id="results.field.numerator" /> <input name={`${d}:${g}:n`} type="number" min={0} step="any" />
                    </label>
                    <label>
                      <FormattedMessage id="results.field.denominator" /> <input name={`${d}:${g}:d`} type="number" min={0} step="any" />
                    </label>
                  </>
                ) : (
                  <input name={`${d}:${g}`} type="number" min={0} step="any" aria-label={`${intl.formatMessage({ id: `results.dimension.${d}` })}: ${label(d, g)}`} />
                )}
              </div>
            ))}
          </fieldset>
        ))}
        <TextField name="evidence" label="results.field.evidence" multiline required maxLength={4000} hint="results.hint.evidence" error={err('evidence')} />
        <TextField name="evidenceUrl" type="text" label="results.field.evidenceUrl" maxLength={2000} dir="ltr" error={err('evidenceUrl')} />
        <button type="submit" className="primary" disabled={send.busy}>
          <Icon of={Send} directional />
          <FormattedMessage id="results.report.send" />
        </button>
      </form>
    </section>
  );
}

function Review(props: { report: ReportView; onDone: () => void }) {
  const act = useAction((body: Body<'/api/results/reports/{id}/review', 'post'>) => data(() => client.POST('/api/results/reports/{id}/review', { params: { path: { id: props.report.id } }, body })));
  const err = (p: string) => fieldError(act.fields, p);
  async function decide(body: Body<'/api/results/reports/{id}/review', 'post'>) {
    if ((await act.run(body)).ok) props.onDone();
  }
  return (
    <div className="results-review">
      {act.error && (
        <p className="form-error" role="alert">
          <Icon of={CircleExclamationPoint} />
          <FormattedMessage id={act.error} />
        </p>
      )}
      <button type="button" className="primary" disabled={act.busy} onClick={() => decide({ decision: 'approve', version: props.report.currentVersion })}>
        <FormattedMessage id="results.approve" />
      </button>
      <form
        className="stacked"
        onSubmit={(e) => {
          e.preventDefault();
          const reason = String(new FormData(e.currentTarget).get('reason') ?? '').trim();
          void decide({ decision: 'return', version: props.report.currentVersion, reason });
        }}
      >
        <TextField name="reason" label="results.field.reason" multiline required maxLength={2000} hint="results.hint.reason" error={err('reason')} />
        <button type="submit" className="secondary" disabled={act.busy}>
          <FormattedMessage id="results.return" />
        </button>
      </form>
    </div>
  );
}

function Report(props: { ind: IndicatorPageView; report: ReportView; onCorrect: (period: string) => void; onDone: () => void }) {
  const { ind, report } = props;
  const label = useGroupLabel(ind.regions);
  const headingId = `report-${report.id}`;
  return (
    <li className="card results-report" id={headingId}>
      <h3>
        {report.period} <StatusTag status={report.status} />
      </h3>
      <ol className="results-versions">
        {report.versions.map((v) => {
          const review = report.reviews.find((r) => r.version === v.version);
          return (
            <li key={v.version}>
              <p>
                <strong>
                  <Amount value={v.value} unit={ind.unit} currency={ind.currency} />
                </strong>
                {v.numerator !== null && v.denominator !== null && (
                  <>
                    {' '}
                    (<FormattedMessage id="results.ratio" values={{ n: v.numerator, d: v.denominator }} />)
                  </>
                )}{' '}
                {report.versions.length > 1 && <FormattedMessage id="results.version" values={{ n: v.version }} />}{' '}
                {v.jumpFrom !== null && (
                  <span className="tag results-jump">
                    <FormattedMessage id="results.jump" values={{ from: <Amount value={v.jumpFrom} unit={ind.unit} currency={ind.currency} /> }} />
                  </span>
                )}
              </p>
              {v.disaggregates.length > 0 && (
                <p className="meta results-breakdown">
                  {v.disaggregates.map((d, k) => (
                    <span key={`${d.dimension}-${d.group}`}>
                      {k > 0 && ' · '}
                      {label(d.dimension, d.group)}:{' '}
                      {d.suppressed ? (
                        <Figure figure={{ value: null, suppressed: d.suppressed }} />
                      ) : d.value !== null ? (
                        <Amount value={d.value} unit={ind.unit} currency={ind.currency} />
                      ) : (
                        <FormattedMessage id="results.ratio" values={{ n: d.numerator ?? 0, d: d.denominator ?? 0 }} />
                      )}
                    </span>
                  ))}
                </p>
              )}
              <p className="free-text" dir="auto">
                {v.evidence}
              </p>
              {v.evidenceUrl && (
                <p>
                  <a href={v.evidenceUrl} rel="noopener noreferrer nofollow" target="_blank" dir="ltr">
                    {v.evidenceUrl}
                  </a>
                </p>
              )}
              <p className="meta">
                {v.submittedBy ? <FormattedMessage id="results.submittedBy" values={{ who: <bdi>{v.submittedBy}</bdi> }} /> : null} <FormattedDate value={v.submittedAt} dateStyle="medium" />
              </p>
              {review && (
                <p className={`results-decision results-decision-${review.decision}`}>
                  <FormattedMessage id={`results.decision.${review.decision}`} values={{ who: <bdi>{review.reviewedBy ?? '—'}</bdi> }} />
                  {review.reason && (
                    <>
                      {': '}
                      <bdi>{review.reason}</bdi>
                    </>
                  )}
                </p>
              )}
            </li>
          );
        })}
      </ol>
      {report.can.review && <Review report={report} onDone={props.onDone} />}
      {report.can.correct && report.status === 'returned' && (
        <button type="button" className="secondary" onClick={() => props.onCorrect(report.period)}>
          <FormattedMessage id="results.correct" />
        </button>
      )}
    </li>
  );
}

function TargetsForm(props: { ind: IndicatorPageView; onDone: () => void }) {
  const rows = [...props.ind.targets, { period: '', value: null }, { period: '', value: null }];
  const save = useAction((body: Body<'/api/results/indicators/{id}/targets', 'put'>) => data(() => client.PUT('/api/results/indicators/{id}/targets', { params: { path: { id: props.ind.id } }, body })));
  const err = fieldError(save.fields, 'targets');
  async function submit(e: FormEvent<HTMLFormElement>) {
    e.preventDefault();
    const form = new FormData(e.currentTarget);
    const targets = rows
      .map((_, n) => ({ period: String(form.get(`period${n}`) ?? '').trim(), value: String(form.get(`value${n}`) ?? '').trim() }))
      .filter((t) => t.period !== '' && t.value !== '')
      .map((t) => ({ period: t.period, value: Number(t.value) }));
    if ((await save.run({ targets })).ok) props.onDone();
  }
  return (
    <details className="panel">
      <summary>
        <FormattedMessage id="results.editTargets" />
      </summary>
      <form className="stacked" onSubmit={submit}>
        {save.error && (
          <p className="form-error" role="alert">
            <Icon of={CircleExclamationPoint} />
            <FormattedMessage id={save.error} />
          </p>
        )}
        <span className="hint">
          <FormattedMessage id={`results.hint.period.${props.ind.frequency}`} />
        </span>
        {rows.map((t, n) => (
          <div key={`${t.period}-${n}`} className="results-target-row">
            <label>
              <FormattedMessage id="results.field.period" /> <input name={`period${n}`} defaultValue={t.period} maxLength={7} dir="ltr" />
            </label>
            <label>
              <FormattedMessage id="results.field.target" /> <input name={`value${n}`} type="number" min={0} step="any" defaultValue={t.value ?? ''} />
            </label>
          </div>
        ))}
        {err && (
          <span className="field-error">
            <ProblemText problem={err} />
          </span>
        )}
        <button type="submit" className="secondary" disabled={save.busy}>
          <FormattedMessage id="results.saveTargets" />
        </button>
      </form>
    </details>
  );
}

function Publication(props: { ind: IndicatorPageView; onDone: () => void }) {
  const act = useAction((published: boolean) => data(() => client.POST('/api/results/indicators/{id}/publication', { params: { path: { id: props.ind.id } }, body: { published } })));
  return (
    <p className="actions">
      {act.error && (
        <span className="form-error" role="alert">
          <Icon of={CircleExclamationPoint} />
          <FormattedMessage id={act.error} />
        </span>
      )}
      <span>
        <FormattedMessage id={props.ind.published ? 'results.published' : 'results.notPublished'} />
      </span>{' '}
      <button
        type="button"
        className="secondary"
        disabled={act.busy}
        onClick={async () => {
          if ((await act.run(!props.ind.published)).ok) props.onDone();
        }}
      >
        <FormattedMessage id={props.ind.published ? 'results.withdraw' : 'results.publish'} />
      </button>
    </p>
  );
}

export function IndicatorPage() {
  const { id = '' } = useParams();
  const intl = useIntl();
  const [version, setVersion] = useState(0);
  const [period, setPeriod] = useState('');
  const [saved, setSaved] = useState<{ jumpFrom: number | null } | null>(null);
  const state = useLoad(() => data(client.GET('/api/results/indicators/{id}', { params: { path: { id } } })), [id, version]);
  const refresh = () => setVersion((v) => v + 1);
  return (
    <Loaded state={state}>
      {(ind) => (
        <>
          <h1 tabIndex={-1} dir="auto">
            {ind.title}
          </h1>
          <p className="meta">
            <Link to={`/results/frameworks/${ind.framework.id}`} dir="auto">
              {ind.framework.title}
            </Link>{' '}
            · <bdi>{ind.nodeTitle}</bdi>
          </p>
          <p className="free-text" dir="auto">
            {ind.definition}
          </p>
          <dl className="facts">
            <dt>
              <FormattedMessage id="results.field.responsible" />
            </dt>
            <dd>
              <bdi>{ind.responsibleOrg.name}</bdi>
            </dd>
            <dt>
              <FormattedMessage id="results.field.unit" />
            </dt>
            <dd>
              <FormattedMessage id={`results.unit.${ind.unit}`} />
              {ind.currency && <> ({ind.currency})</>} · <FormattedMessage id={`results.direction.${ind.direction}`} />
            </dd>
            <dt>
              <FormattedMessage id="results.field.baseline" />
            </dt>
            <dd>
              {ind.baseline === null ? '—' : <Amount value={ind.baseline} unit={ind.unit} currency={ind.currency} />}
              {ind.baselinePeriod && <> ({ind.baselinePeriod})</>}
            </dd>
            <dt>
              <FormattedMessage id="results.field.frequency" />
            </dt>
            <dd>
              <FormattedMessage id={`results.frequency.${ind.frequency}`} />
            </dd>
            <dt>
              <FormattedMessage id="results.field.dimensions" />
            </dt>
            <dd>{ind.dimensions.length === 0 ? '—' : intl.formatList(ind.dimensions.map((d) => intl.formatMessage({ id: `results.dimension.${d}` })), { type: 'conjunction' })}</dd>
            <dt>
              <FormattedMessage id="results.field.source" />
            </dt>
            <dd>
              <FormattedMessage id={`results.source.${ind.source}`} />
              {ind.computed && (
                <>
                  {': '}
                  <FormattedMessage id={`figures.indicator.${ind.computed.kind}`} values={{ days: ind.computed.days ?? 10 }} />
                </>
              )}
            </dd>
          </dl>
          {ind.can.publish && <Publication ind={ind} onDone={refresh} />}
          {ind.can.manage && <TargetsForm ind={ind} onDone={refresh} />}
          {ind.source === 'computed' ? (
            <section className="panel" aria-labelledby="results-computed">
              <h2 id="results-computed">
                <FormattedMessage id="results.computedNow" />
              </h2>
              {ind.latest === null ? (
                <p>
                  <FormattedMessage id="results.computedNotYours" />
                </p>
              ) : (
                <p className="results-headline">
                  {ind.latest.figure.value === null ? <Figure figure={ind.latest.figure} /> : <Amount value={ind.latest.figure.value} unit={ind.unit} currency={ind.currency} />}
                </p>
              )}
              <DisclosureNote disclosure={ind.disclosure} />
            </section>
          ) : (
            <Trend ind={ind} />
          )}
          {ind.can.report && (
            <ReportForm
              ind={ind}
              period={period}
              saved={saved}
              onSaved={(s) => {
                setSaved(s);
                refresh();
              }}
            />
          )}
          {ind.source === 'reported' && (
            <section aria-labelledby="results-values">
              <h2 id="results-values">
                <FormattedMessage id="results.values" />
              </h2>
              {ind.reports.length === 0 ? (
                <p className="empty-state">
                  <FormattedMessage id="results.noValue" />
                </p>
              ) : (
                <ol className="cards">
                  {ind.reports.map((r) => (
                    <Report key={r.id} ind={ind} report={r} onCorrect={setPeriod} onDone={refresh} />
                  ))}
                </ol>
              )}
            </section>
          )}
        </>
      )}
    </Loaded>
  );
}
