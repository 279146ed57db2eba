// A panel whose body folds away behind its heading: a native <details>, so it opens with the
// keyboard and without script, and the browser draws (and mirrors) the disclosure marker. The
// panel stays a labelled region, so its heading is still found in the page outline when closed.
import type { ReactNode } from 'react';
import { FormattedMessage } from 'react-intl';

export function CollapsiblePanel(props: { id: string; title: string; values?: Record<string, ReactNode>; open?: boolean; children: ReactNode }) {
  return (
    <section className="panel collapsible" aria-labelledby={props.id}>
      <details open={props.open}>
        <summary>
          <h2 id={props.id}>
            <FormattedMessage id={props.title} values={props.values} />
          </h2>
        </summary>
        {props.children}
      </details>
    </section>
  );
}

/** A list of cards, newest first: the first `shown` at once, the older ones behind a disclosure. */
export function NewestFirst<T extends { id: string }>(props: { items: readonly T[]; shown?: number; render: (item: T) => ReactNode }) {
  const shown = props.shown ?? 2;
  const first = props.items.slice(0, shown);
  const older = props.items.slice(shown);
  const cards = (items: readonly T[]) => (
    <ul className="notes">
      {items.map((item) => (
        <li key={item.id} className="card">
          {props.render(item)}
        </li>
      ))}
    </ul>
  );
  return (
    <>
      {cards(first)}
      {older.length > 0 && (
        <details className="older">
          <summary>
            <FormattedMessage id="common.olderItems" values={{ count: older.length }} />
          </summary>
          {cards(older)}
        </details>
      )}
    </>
  );
}
