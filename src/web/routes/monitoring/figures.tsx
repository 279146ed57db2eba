// Figures from case data: the computed indicators, national or for the organisation's own
// caseload, each as disaggregation bars with the same figures in a table. Every figure has
// passed disclosure control on the server; a hidden one says so here, and the note says why.
import { useCallback, useState } from 'react';
import { FormattedMessage, useIntl } from 'react-intl';
import { client, data, useLoad, type Answer } from '../../api/typed.ts';
import { DisclosureNote, Figure } from '../../components/published-figure.tsx';
import { Loaded } from '../../components/loaded.tsx';
import { TableScroll } from '../../components/table-scroll.tsx';
import { DisaggregationChart } from './plot-chart.tsx';

type IndicatorsView = Answer<'/api/monitoring/indicators'>;
type IndicatorView = IndicatorsView['indicators'][number];
type IndicatorTable = IndicatorView['tables'][number];

const DAYS = 10;

function useLabels(view: IndicatorsView) {
  const intl = useIntl();
  const region = useCallback(
    (code: string) => view.regions.find((r) => r.code === code)?.names[intl.locale] ?? view.regions.find((r) => r.code === code)?.names.en ?? intl.formatMessage({ id: 'figures.region.other' }),
    [view.regions, intl],
  );
  return useCallback(
    (dimension: string, key: string): string => {
      switch (dimension) {
        case 'sex':
          return intl.formatMessage({ id: `sex.${key}` });
        case 'category':
          return intl.formatMessage({ id: `caseCategory.${key}` });
        case 'age_band':
          return key;
        case 'region':
          return region(key);
        case 'given_by':
          return intl.formatMessage({ id: `givenBy.${key}` });
        default:
          return intl.formatMessage({ id: `figures.key.${key}` }, { days: view.days });
      }
    },
    [intl, region, view.days],
  );
}

function FigureTable(props: { id: string; table: IndicatorTable; label: (dimension: string, key: string) => string }) {
  const { table, label } = props;
  const rowLabel = useCallback((k: string) => label(table.rowDimension, k), [label, table.rowDimension]);
  const colLabel = useCallback((k: string) => label(table.colDimension, k), [label, table.colDimension]);
  return (
    <figure className="indicator-figure">
      <DisaggregationChart table={table} rowLabel={rowLabel} colLabel={colLabel} />
      <figcaption id={props.id}>
        <FormattedMessage id={`figures.by.${table.rowDimension}`} />
      </figcaption>
      <TableScroll labelledBy={props.id}>
        <table className="figures">
          <thead>
            <tr>
              <td />
              {table.cols.map((c) => (
                <th scope="col" key={c}>
                  {colLabel(c)}
                </th>
              ))}
              <th scope="col">
                <FormattedMessage id="figures.total" />
              </th>
            </tr>
          </thead>
          <tbody>
            {table.rows.map((r, i) => (
              <tr key={r}>
                <th scope="row">{rowLabel(r)}</th>
                {table.cols.map((c, j) => (
                  <td key={c}>{table.cells[i]?.[j] && <Figure figure={table.cells[i][j]} />}</td>
                ))}
                <td>{table.rowTotals[i] && <Figure figure={table.rowTotals[i]} />}</td>
              </tr>
            ))}
          </tbody>
          <tfoot>
            <tr>
              <th scope="row">
                <FormattedMessage id="figures.total" />
              </th>
              {table.colTotals.map((f, j) => (
                <td key={table.cols[j]}>
                  <Figure figure={f} />
                </td>
              ))}
              <td>
                <Figure figure={table.total} />
              </td>
            </tr>
          </tfoot>
        </table>
      </TableScroll>
    </figure>
  );
}

function Indicator(props: { indicator: IndicatorView; days: number; label: (dimension: string, key: string) => string }) {
  const { indicator: ind } = props;
  const headingId = `indicator-${ind.id}`;
  return (
    <section className="panel" aria-labelledby={headingId}>
      <h2 id={headingId}>
        <FormattedMessage id={`figures.indicator.${ind.id}`} values={{ days: props.days }} />
      </h2>
      <p className="hint">
        <FormattedMessage id={`figures.indicator.${ind.id}.about`} values={{ days: props.days }} />
      </p>
      {ind.share && (
        <p>
          {ind.share.value === null ? (
            <FormattedMessage id="figures.shareHidden" />
          ) : (
            <FormattedMessage id={`figures.indicator.${ind.id}.share`} values={{ share: <strong><Figure figure={ind.share} percent /></strong>, days: props.days }} />
          )}
        </p>
      )}
      {ind.tables.map((t, k) => (
        <FigureTable key={`${t.rowDimension}-${t.colDimension}`} id={`${headingId}-${k}`} table={t} label={props.label} />
      ))}
    </section>
  );
}

function Body(props: { view: IndicatorsView; onScope: (s: IndicatorsView['scope']) => void }) {
  const { view } = props;
  const intl = useIntl();
  const label = useLabels(view);
  return (
    <>
      {view.scopes.length > 1 && (
        <div className="scope-switch" role="group" aria-label={intl.formatMessage({ id: 'figures.scope' })}>
          {view.scopes.map((s) => (
            <button key={s} type="button" className="button secondary" aria-pressed={s === view.scope} onClick={() => props.onScope(s)}>
              <FormattedMessage id={`figures.scope.${s}`} />
            </button>
          ))}
        </div>
      )}
      <p className="lead">
        <FormattedMessage id={`figures.scope.${view.scope}.about`} />
      </p>
      <DisclosureNote disclosure={view.disclosure} />
      {view.indicators.map((i) => (
        <Indicator key={i.id} indicator={i} days={view.days} label={label} />
      ))}
    </>
  );
}

export default function FiguresPage() {
  const [scope, setScope] = useState<IndicatorsView['scope'] | null>(null);
  const state = useLoad(() => data(client.GET('/api/monitoring/indicators', { params: { query: { days: DAYS, ...(scope ? { scope } : {}) } } })), [scope]);
  return (
    <>
      <h1 tabIndex={-1}>
        <FormattedMessage id="figures.title" />
      </h1>
      <Loaded state={state}>{(view) => <Body view={view} onScope={setScope} />}</Loaded>
    </>
  );
}
