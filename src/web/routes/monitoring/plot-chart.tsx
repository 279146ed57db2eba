// Disaggregation bars drawn by Observable Plot, under the content security policy and right to
// left. Plot puts a <style> element in each chart; the policy allows no inline styles, so it is
// taken out before the chart reaches the page (styles.css has the same rules, under .plot-chart).
// The chart is a picture of the table printed below it, which screen readers read instead.
import * as Plot from '@observablehq/plot';
import { useEffect, useRef } from 'react';
import { useIntl } from 'react-intl';
import { direction, type Locale } from '../../i18n/locales.ts';
import type { IndicatorTable } from '../../../modules/monitoring/schema.ts';

/** Distinguishable for common colour-vision differences, and each bar is labelled besides. */
const PALETTE = ['#0b5c63', '#c2571a', '#5b6470', '#7a4fa3'];

export function DisaggregationChart(props: { table: IndicatorTable; rowLabel: (k: string) => string; colLabel: (k: string) => string }) {
  const ref = useRef<HTMLDivElement>(null);
  const intl = useIntl();
  const rtl = direction(intl.locale as Locale) === 'rtl';
  const hiddenWord = intl.formatMessage({ id: 'figures.hidden' });
  const { table, rowLabel, colLabel } = props;
  useEffect(() => {
    const data = table.rows.flatMap((row, i) => table.cols.map((col, j) => ({ row, col, value: table.cells[i]?.[j]?.value ?? null })));
    const shown = data.filter((d) => d.value !== null);
    const hidden = data.filter((d) => d.value === null);
    const labelWidth = Math.min(220, 40 + 7 * Math.max(...table.rows.map((r) => rowLabel(r).length)));
    const chart = Plot.plot({
      width: 640,
      marginLeft: rtl ? 90 : labelWidth,
      marginRight: rtl ? labelWidth : 90,
      height: 30 + table.rows.length * table.cols.length * 16 + table.rows.length * 8,
      x: { reverse: rtl, grid: true, label: null, tickFormat: (n: number) => intl.formatNumber(n) },
      fy: { axis: rtl ? 'right' : 'left', label: null, tickFormat: rowLabel, domain: table.rows, padding: 0.15 },
      y: { axis: rtl ? 'left' : 'right', label: null, tickFormat: colLabel, domain: table.cols },
      color: { domain: table.cols, range: PALETTE },
      marks: [
        Plot.barX(shown, { x: 'value', y: 'col', fy: 'row', fill: 'col' }),
        Plot.text(hidden, { x: 0, y: 'col', fy: 'row', text: () => hiddenWord, textAnchor: rtl ? 'end' : 'start', dx: rtl ? -4 : 4, fontStyle: 'italic' }),
        Plot.ruleX([0]),
      ],
    });
    for (const style of chart.querySelectorAll('style')) style.remove();
    const host = ref.current;
    host?.replaceChildren(chart);
    return () => chart.remove();
  }, [table, rowLabel, colLabel, rtl, hiddenWord, intl]);
  return <div className="plot-chart" ref={ref} aria-hidden="true" />;
}
