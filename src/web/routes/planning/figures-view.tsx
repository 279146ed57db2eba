// Representation and gender figures as tables with simple bars: each bar is drawn beside its
// number, which is always written out (the bar is decoration, hidden from screen readers).
// Figures come after disclosure control: a hidden one is marked as such, with no bar.
import { FormattedMessage } from 'react-intl';
import type { PublishedFigure } from '../../../modules/monitoring/published-schema.ts';
import type { FiguresView } from '../../../modules/planning/report-schema.ts';
import { DisclosureNote, Figure } from '../../components/published-figure.tsx';
import { TableScroll } from '../../components/table-scroll.tsx';

function Bar(props: { figure: PublishedFigure; max: number }) {
  const value = props.figure.value;
  if (value === null) return <Figure figure={props.figure} />;
  const pct = props.max === 0 ? 0 : Math.round((value / props.max) * 100);
  return (
    <span className="bar-cell">
      {/* Drawn as SVG: the content security policy allows no inline styles. */}
      <svg className="figure-bar" width="160" height="14" viewBox="0 0 100 14" preserveAspectRatio="none" aria-hidden="true" focusable="false">
        <rect x="0" y="0" width={pct} height="14" />
      </svg>
      <span className="bar-value">
        <Figure figure={props.figure} />
      </span>
    </span>
  );
}

function CountTable(props: { id: string; title: string; rowHeader: string; rows: Array<{ key: string; label: string; n: PublishedFigure }> }) {
  const max = Math.max(0, ...props.rows.map((r) => r.n.value ?? 0));
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
                  <Bar figure={r.n} max={max} />
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
          {c.total.value !== null && (
            <>
              <FormattedMessage id="report.figures.total" values={{ count: c.total.value }} />{' '}
            </>
          )}
          {c.womenLedShare.value !== null && (
            <FormattedMessage id="report.figures.share" values={{ share: <strong><Figure figure={c.womenLedShare} percent /></strong> }} />
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
                  <td>
                    <Figure figure={s.contributions} />
                  </td>
                  <td>
                    <Figure figure={s.answered} />
                  </td>
                  <td>
                    <Figure figure={s.accepted} />
                  </td>
                  <td>
                    <Figure figure={s.acceptanceRate} percent />
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
      {p.total.value !== null && p.fromWomenLed.value !== null && (
        <p className="hint">
          <FormattedMessage id="report.figures.participantsNote" values={{ count: p.total.value, women: p.fromWomenLed.value }} />
        </p>
      )}
      <DisclosureNote disclosure={props.figures.disclosure} />
    </>
  );
}
