// Pieces shared by the monitors' pages and the public pages of civic space: tags for status,
// severity and the rating scale, the rating history chart, and a record's facts.
import { FormattedDate, FormattedMessage } from 'react-intl';
import type { Rating, RestrictionType } from '../../../modules/civic/schema.ts';
import { RATINGS } from '../../../modules/civic/schema.ts';

export function Day(props: { value: string }) {
  return <FormattedDate value={props.value} timeZone="UTC" year="numeric" month="short" day="numeric" />;
}

export function RatingTag(props: { rating: Rating }) {
  return (
    <span className={`tag rating-${props.rating}`}>
      <FormattedMessage id={`civic.rating.${props.rating}`} />
    </span>
  );
}

export function Types(props: { types: readonly RestrictionType[] }) {
  return (
    <span className="badges">
      {props.types.map((t) => (
        <span key={t} className="tag">
          <FormattedMessage id={`civic.type.${t}`} />
        </span>
      ))}
    </span>
  );
}

/**
 * The history of confirmed ratings, oldest first: one bar per year whose length is the step on
 * the scale (open the shortest, closed the longest), with the step written out, so that the trend
 * reads without colour. Bars grow from the start of the line, so they mirror in Arabic.
 */
export function RatingChart(props: { points: Array<{ year: number; rating: Rating }>; labelledBy: string }) {
  return (
    <ol className="rating-chart" aria-labelledby={props.labelledBy}>
      {props.points.map((p) => {
        const step = RATINGS.indexOf(p.rating) + 1;
        return (
          <li key={p.year}>
            <span className="rating-year">{p.year}</span>
            <span className="rating-track">
              <span className={`rating-bar rating-${p.rating}`} style={{ inlineSize: `${step * 20}%` }} />
            </span>
            <span className="rating-label">
              <FormattedMessage id={`civic.rating.${p.rating}`} /> <FormattedMessage id="civic.chart.step" values={{ step, of: RATINGS.length }} />
            </span>
          </li>
        );
      })}
    </ol>
  );
}

/** What a record says, as monitors and the public read it. */
export function RecordFacts(props: {
  record: {
    startedOn: string;
    endedOn: string | null;
    region: string | null;
    actor: string;
    severity: string;
    ctJustification: boolean;
    legalInstrument: string | null;
    womenTargeted: boolean;
    types: readonly RestrictionType[];
  };
  regionName?: string;
}) {
  const r = props.record;
  return (
    <dl className="facts">
      <dt>
        <FormattedMessage id="civic.field.dates" />
      </dt>
      <dd>
        <Day value={r.startedOn} />
        {r.endedOn && (
          <>
            {' – '}
            <Day value={r.endedOn} />
          </>
        )}
      </dd>
      {props.regionName && (
        <>
          <dt>
            <FormattedMessage id="civic.field.region" />
          </dt>
          <dd>{props.regionName}</dd>
        </>
      )}
      <dt>
        <FormattedMessage id="civic.field.types" />
      </dt>
      <dd>
        <Types types={r.types} />
      </dd>
      <dt>
        <FormattedMessage id="civic.field.actor" />
      </dt>
      <dd dir="auto">{r.actor}</dd>
      <dt>
        <FormattedMessage id="civic.field.severity" />
      </dt>
      <dd>
        <span className={`tag severity-${r.severity}`}>
          <FormattedMessage id={`civic.severity.${r.severity}`} />
        </span>
      </dd>
      <dt>
        <FormattedMessage id="civic.field.ctJustification" />
      </dt>
      <dd>
        <FormattedMessage id={r.ctJustification ? 'civic.yes' : 'civic.no'} />
        {r.legalInstrument && (
          <>
            {' — '}
            <span dir="auto">{r.legalInstrument}</span>
          </>
        )}
      </dd>
      <dt>
        <FormattedMessage id="civic.field.womenTargeted" />
      </dt>
      <dd>
        <FormattedMessage id={r.womenTargeted ? 'civic.yes' : 'civic.no'} />
      </dd>
    </dl>
  );
}
