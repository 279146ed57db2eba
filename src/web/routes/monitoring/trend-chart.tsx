// An indicator's values per period against its targets, drawn by Observable Plot (CSP-safe as in
// plot-chart.tsx: Plot's inline <style> is removed, styles.css holds its rules), right to left
// where the language is. The chart pictures the table printed beside it, which screen readers read.
import * as Plot from '@observablehq/plot';
import { useEffect, useRef } from 'react';
import { useIntl } from 'react-intl';
import { direction, type Locale } from '../../i18n/locales.ts';

/** Distinguishable for common colour-vision differences; values and targets differ in shape too (line with dots, dashed line with crosses). */
const VALUE = '#0b5c63';
const TARGET = '#c2571a';

export type TrendPoint = { period: string; value: number | null; target: number | null; approved: boolean };

export function TrendChart(props: { points: TrendPoint[]; baseline: number | null }) {
  const ref = useRef<HTMLDivElement>(null);
  const intl = useIntl();
  const rtl = direction(intl.locale as Locale) === 'rtl';
  const valueWord = intl.formatMessage({ id: 'results.chart.value' });
  const targetWord = intl.formatMessage({ id: 'results.chart.target' });
  const { points, baseline } = props;
  useEffect(() => {
    const periods = points.map((p) => p.period);
    const values = points.filter((p) => p.value !== null);
    const targets = points.filter((p) => p.target !== null);
    const chart = Plot.plot({
      width: 640,
      height: 280,
      marginLeft: rtl ? 20 : 56,
      marginRight: rtl ? 56 : 20,
      x: { type: 'point', domain: rtl ? [...periods].reverse() : periods, label: null, padding: 0.4 },
      y: { grid: true, zero: true, label: null, axis: rtl ? 'right' : 'left', tickFormat: (n: number) => intl.formatNumber(n) },
      marks: [
        ...(baseline === null ? [] : [Plot.ruleY([baseline], { stroke: '#5b6470', strokeDasharray: '2,3' })]),
        Plot.line(targets, { x: 'period', y: 'target', stroke: TARGET, strokeDasharray: '6,4', strokeWidth: 2 }),
        Plot.dot(targets, { x: 'period', y: 'target', stroke: TARGET, symbol: 'times', r: 5 }),
        Plot.line(values, { x: 'period', y: 'value', stroke: VALUE, strokeWidth: 2.5 }),
        Plot.dot(values, { x: 'period', y: 'value', fill: (d: TrendPoint) => (d.approved ? VALUE : 'white'), stroke: VALUE, r: 4.5 }),
        Plot.text(values.slice(-1), { x: 'period', y: 'value', text: () => valueWord, dy: -12, fill: VALUE }),
        Plot.text(targets.slice(-1), { x: 'period', y: 'target', text: () => targetWord, dy: 14, fill: TARGET }),
      ],
    });
    for (const style of chart.querySelectorAll('style')) style.remove();
    ref.current?.replaceChildren(chart);
    return () => chart.remove();
  }, [points, baseline, rtl, intl, valueWord, targetWord]);
  return <div className="plot-chart" ref={ref} aria-hidden="true" />;
}
