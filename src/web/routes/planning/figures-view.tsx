// Representation and gender figures as tables with simple bars: each bar is drawn beside its
// number, which is always written out (the bar is decoration, hidden from screen readers).
import { FormattedMessage, FormattedNumber } from 'react-intl';
import type { FiguresView } from '../../../modules/planning/report-schema.ts';
import { TableScroll } from '../../components/table-scroll.tsx';

function Bar(props: { value: number; max: number }) {
  const pct = props.max === 0 ? 0 : Math.round((props.value / props.max) * 100);
  return (
    <span className="bar-cell">
      {/* Drawn as SVG: the content security policy allows no inline styles. */}
      <svg className="figure-bar" width="160" height="14" viewBox="0 0 100 14" preserveAspectRatio="none" aria-hidden="true" focusable="false">
        <rect x="0" y="0" width={pct} height="14" />
      </svg>
      <span className="bar-value">
        <FormattedNumber value={props.value} />
      </span>
    </span>
  );
}

const Pct = (props: { value: number | null }) =>
  props.value === null ? <FormattedMessage id="report.figures.noAnswers" /> : <FormattedNumber value={props.value} style="percent" maximumFractionDigits={0} />;

function CountTable(props: { id: string; title: string; rowHeader: string; rows: Array<{ key: string; label: string; n: number }> }) {
  const max = Math.max(0, ...props.rows.map((r) => r.n));
  return (
    <section aria-labelledby={props.id} className="panel">
      <h2 id={props.id}>
        <FormattedMessage id={props.title} />
      </h2>
      <TableScroll labelledBy={props.id}>
        <table className="figures">
          <thead>
            <tr>
              <th scope="col">
                <FormattedMessage id={props.rowHeader} />
              </th>
              <th scope="col">
                <FormattedMessage id="report.figures.number" />
              </th>
            </tr>
          </thead>
          <tbody>
            {props.rows.map((r) => (
              <tr key={r.key}>
                <th scope="row">
                  <FormattedMessage id={r.label} />
                </th>
                <td>
                  <Bar value={r.n} max={max} />
                </td>
              </tr>
            ))}
          </tbody>
        </table>
      </TableScroll>
    </section>
  );
}

export function FiguresBody(props: { figures: FiguresView }) {
  const { contributions: c, participants: p } = props.figures;
  return (
    <>
      <section aria-labelledby="figures-women" className="panel">
        <h2 id="figures-women">
          <FormattedMessage id="report.figures.womenTitle" />
        </h2>
        <p>
          <FormattedMessage id="report.figures.total" values={{ count: c.total }} />{' '}
          {c.womenLedShare !== null && (
            <FormattedMessage id="report.figures.share" values={{ share: <strong><FormattedNumber value={c.womenLedShare} style="percent" maximumFractionDigits={0} /></strong> }} />
          )}
        </p>
        <TableScroll labelledBy="figures-women">
          <table className="figures">
            <thead>
              <tr>
                <th scope="col">
                  <FormattedMessage id="report.figures.from" />
                </th>
                <th scope="col">
                  <FormattedMessage id="report.figures.contributions" />
                </th>
                <th scope="col">
                  <FormattedMessage id="report.figures.answered" />
                </th>
                <th scope="col">
                  <FormattedMessage id="report.figures.accepted" />
                </th>
                <th scope="col">
                  <FormattedMessage id="report.figures.rate" />
                </th>
              </tr>
            </thead>
            <tbody>
              {(
                [
                  ['report.figures.womenLed', c.womenLed],
                  ['report.figures.others', c.others],
                ] as const
              ).map(([label, s]) => (
                <tr key={label}>
                  <th scope="row">
                    <FormattedMessage id={label} />
                  </th>
                  <td>{s.contributions}</td>
                  <td>{s.answered}</td>
                  <td>{s.accepted}</td>
                  <td>
                    <Pct value={s.acceptanceRate} />
                  </td>
                </tr>
              ))}
            </tbody>
          </table>
        </TableScroll>
        <p className="hint">
          <FormattedMessage id="report.figures.rateHint" />
        </p>
      </section>
      <CountTable
        id="figures-types"
        title="report.figures.byTypeTitle"
        rowHeader="report.figures.orgType"
        rows={c.byOrgType.map((r) => ({ key: r.orgType, label: `report.orgType.${r.orgType}`, n: r.contributions }))}
      />
      <CountTable id="figures-sex" title="report.figures.bySexTitle" rowHeader="report.figures.sex" rows={p.bySex.map((r) => ({ key: r.sex, label: `consultations.sex.${r.sex}`, n: r.n }))} />
      <CountTable
        id="figures-participant-types"
        title="report.figures.participantTypesTitle"
        rowHeader="report.figures.orgType"
        rows={p.byOrgType.map((r) => ({ key: r.orgType, label: `report.orgType.${r.orgType}`, n: r.n }))}
      />
      <p className="hint">
        <FormattedMessage id="report.figures.participantsNote" values={{ count: p.total, women: p.fromWomenLed }} />
      </p>
    </>
  );
}
