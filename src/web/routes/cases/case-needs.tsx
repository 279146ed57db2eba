// Needs over time: one line per domain on a 0–4 scale, drawn as SVG (nothing to download),
// with the same figures in a table for screen readers and for print; and a form to record a
// new assessment.
import { useState, type FormEvent } from 'react';
import { FormattedDate, FormattedMessage, useIntl } from 'react-intl';
import { NEED_DOMAINS } from '../../../modules/orgs/schema.ts';
import { useAction } from '../../api/use-action.ts';
import { client, data, useLoad, type Answer, type Body } from '../../api/typed.ts';
import { SelectField, TextField } from '../../components/fields.tsx';
import { Loaded } from '../../components/loaded.tsx';
import { useLocale } from '../../i18n/i18n-provider.tsx';
import { direction } from '../../i18n/locales.ts';
import { useCase } from './case-page.tsx';
import { CircleExclamationPoint } from 'lucide-react';
import { Icon } from '../../components/icon.tsx';

type Assessment = Answer<'/api/cases/{id}/assessments'>['assessments'][number];

// Colour-blind-safe palette (Okabe–Ito), repeated with dash patterns past eight domains.
const COLOURS = ['#0072B2', '#D55E00', '#009E73', '#CC79A7', '#E69F00', '#56B4E9', '#000000', '#8c6d1f'];

export function NeedsSection() {
  const { detail } = useCase();
  const [version, setVersion] = useState(0);
  const state = useLoad(() => data(client.GET('/api/cases/{id}/assessments', { params: { path: { id: detail.id } } })), [detail.id, version]);
  return (
    <>
      <section className="panel" aria-labelledby="case-needs">
        <h2 id="case-needs">
          <FormattedMessage id="needs.trajectory" />
        </h2>
        <Loaded state={state}>
          {({ assessments }) =>
            assessments.length === 0 ? (
              <p className="empty-state">
                <FormattedMessage id="needs.none" />
              </p>
            ) : (
              <>
                <NeedsChart assessments={assessments} />
                <NeedsTable assessments={assessments} />
              </>
            )
          }
        </Loaded>
      </section>
      {detail.can.assess && <AssessmentForm onSaved={() => setVersion((v) => v + 1)} />}
    </>
  );
}

function domainsOf(assessments: Assessment[]): string[] {
  return NEED_DOMAINS.filter((d) => assessments.some((a) => a.levels[d] !== undefined));
}

function NeedsChart(props: { assessments: Assessment[] }) {
  const intl = useIntl();
  const { locale } = useLocale();
  const rtl = direction(locale) === 'rtl';
  const { assessments } = props;
  const domains = domainsOf(assessments);
  const W = 640;
  const H = 240;
  const pad = { l: 40, r: 20, t: 16, b: 32 };
  const times = assessments.map((a) => Date.parse(a.assessedOn));
  const t0 = Math.min(...times);
  const t1 = Math.max(...times);
  // Time runs in the reading direction: right to left in Arabic.
  const x = (t: number) => {
    const f = t1 === t0 ? 0.5 : (t - t0) / (t1 - t0);
    return pad.l + (rtl ? 1 - f : f) * (W - pad.l - pad.r);
  };
  const y = (level: number) => pad.t + (1 - level / 4) * (H - pad.t - pad.b);
  return (
    <figure className="chart">
      <svg viewBox={`0 0 ${W} ${H}`} role="img" aria-label={intl.formatMessage({ id: 'needs.chartLabel' })}>
        {[0, 1, 2, 3, 4].map((l) => (
          <g key={l}>
            <line x1={pad.l} x2={W - pad.r} y1={y(l)} y2={y(l)} stroke="#d5d9df" />
            <text x={rtl ? W - pad.r + 4 : pad.l - 8} y={y(l) + 4} fontSize="11" textAnchor={rtl ? 'start' : 'end'} fill="#4a525c">
              {l}
            </text>
          </g>
        ))}
        {assessments.map((a) => (
          <text key={a.id} x={x(Date.parse(a.assessedOn))} y={H - 10} fontSize="11" textAnchor="middle" fill="#4a525c">
            {intl.formatDate(a.assessedOn, { month: 'short', year: '2-digit', timeZone: 'UTC' })}
          </text>
        ))}
        {domains.map((d, i) => {
          const points = assessments.filter((a) => a.levels[d] !== undefined).map((a) => `${x(Date.parse(a.assessedOn))},${y(a.levels[d]!)}`);
          return (
            <g key={d}>
              <polyline points={points.join(' ')} fill="none" stroke={COLOURS[i % COLOURS.length]} strokeWidth="2.5" strokeDasharray={i >= COLOURS.length ? '6 3' : undefined} />
              {points.map((p) => {
                const [cx, cy] = p.split(',');
                return <circle key={p} cx={cx} cy={cy} r="3.5" fill={COLOURS[i % COLOURS.length]} />;
              })}
            </g>
          );
        })}
      </svg>
      <figcaption>
        <ul className="legend">
          {domains.map((d, i) => (
            <li key={d}>
              <span className="swatch" style={{ background: COLOURS[i % COLOURS.length] }} aria-hidden="true" /> <FormattedMessage id={`domain.${d}`} />
            </li>
          ))}
        </ul>
        <p className="hint">
          <FormattedMessage id="needs.scale" />
        </p>
      </figcaption>
    </figure>
  );
}

function NeedsTable(props: { assessments: Assessment[] }) {
  const domains = domainsOf(props.assessments);
  return (
    <div className="table-scroll" role="region" aria-labelledby="needs-table-caption" tabIndex={0}>
      <table>
        <caption id="needs-table-caption">
          <FormattedMessage id="needs.table" />
        </caption>
        <thead>
          <tr>
            <th scope="col">
              <FormattedMessage id="needs.domain" />
            </th>
            {props.assessments.map((a) => (
              <th key={a.id} scope="col">
                <FormattedDate value={a.assessedOn} dateStyle="medium" timeZone="UTC" />
                <br />
                <span className="meta">{a.orgName}</span>
              </th>
            ))}
          </tr>
        </thead>
        <tbody>
          {domains.map((d) => (
            <tr key={d}>
              <th scope="row">
                <FormattedMessage id={`domain.${d}`} />
              </th>
              {props.assessments.map((a) => (
                <td key={a.id} title={a.notes[d]}>
                  {a.levels[d] === undefined ? '—' : <FormattedMessage id={`needLevel.${a.levels[d]}`} />}
                  {a.notes[d] && <span className="meta"> · {a.notes[d]}</span>}
                </td>
              ))}
            </tr>
          ))}
        </tbody>
      </table>
    </div>
  );
}

function AssessmentForm(props: { onSaved: () => void }) {
  const { detail } = useCase();
  const intl = useIntl();
  const save = useAction((body: Body<'/api/cases/{id}/assessments', 'post'>) => data(() => client.POST('/api/cases/{id}/assessments', { params: { path: { id: detail.id } }, body })));
  async function submit(e: FormEvent<HTMLFormElement>) {
    e.preventDefault();
    const form = e.currentTarget;
    const f = new FormData(form);
    const levels: Record<string, number> = {};
    const notes: Record<string, string> = {};
    for (const d of NEED_DOMAINS) {
      const v = String(f.get(`level-${d}`) ?? '');
      if (v !== '') levels[d] = Number(v);
      const n = String(f.get(`note-${d}`) ?? '').trim();
      if (n) notes[d] = n;
    }
    if ((await save.run({ assessedOn: String(f.get('assessedOn')), levels, notes })).ok) {
      form.reset();
      props.onSaved();
    }
  }
  const levelOptions = [0, 1, 2, 3, 4].map((l) => ({ value: String(l), label: intl.formatMessage({ id: `needLevel.${l}` }) }));
  return (
    <section className="panel" aria-labelledby="needs-new">
      <h2 id="needs-new">
        <FormattedMessage id="needs.record" />
      </h2>
      <form onSubmit={submit}>
        {save.error && (
          <p className="form-error" role="alert">
            <Icon of={CircleExclamationPoint} />
            <FormattedMessage id={save.error} />
          </p>
        )}
        <TextField name="assessedOn" type="date" label="needs.assessedOn" defaultValue={new Date().toISOString().slice(0, 10)} required />
        <div className="needs-grid">
          {NEED_DOMAINS.map((d) => (
            <fieldset key={d} className="group">
              <legend>
                <FormattedMessage id={`domain.${d}`} />
              </legend>
              <SelectField name={`level-${d}`} label="needs.level" blank={intl.formatMessage({ id: 'needs.notAssessed' })} options={levelOptions} />
              <TextField name={`note-${d}`} label="needs.note" maxLength={2000} />
            </fieldset>
          ))}
        </div>
        <button type="submit" className="primary" disabled={save.busy}>
          <FormattedMessage id="common.save" />
        </button>
      </form>
    </section>
  );
}
