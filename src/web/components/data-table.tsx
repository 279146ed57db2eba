import type { ReactNode } from 'react';
import { FormattedMessage } from 'react-intl';
import { TableScroll } from './table-scroll.tsx';

export type Column<Row> = { header: string; cell: (row: Row) => ReactNode };

/**
 * A table of records under a section heading: headers from message ids, scrollable sideways on
 * small screens, captioned for screen readers by the section's own title.
 */
export function DataTable<Row>(props: {
  labelledBy: string;
  caption: string;
  columns: Column<Row>[];
  rows: Row[];
  rowKey: (row: Row) => string;
}) {
  return (
    <TableScroll labelledBy={props.labelledBy}>
      <table>
        <caption className="visually-hidden">
          <FormattedMessage id={props.caption} />
        </caption>
        <thead>
          <tr>
            {props.columns.map((c) => (
              <th key={c.header} scope="col">
                <FormattedMessage id={c.header} />
              </th>
            ))}
          </tr>
        </thead>
        <tbody>
          {props.rows.map((row) => (
            <tr key={props.rowKey(row)}>
              {props.columns.map((c) => (
                <td key={c.header}>{c.cell(row)}</td>
              ))}
            </tr>
          ))}
        </tbody>
      </table>
    </TableScroll>
  );
}
