// The rows of an import report that have errors: a table that scrolls sideways on a phone, the
// first rows only on screen, and every row in a downloadable CSV (cells that a spreadsheet would
// run as formulas are neutralised; the report never holds a value from the file anyway).
import type { ReactNode } from 'react';
import { FormattedMessage, useIntl, type IntlShape } from 'react-intl';
import type { ImportReport } from '../../../modules/cases/schema.ts';
import { csvLine } from '../../../platform/export/csv.ts';
import { TableScroll } from '../../components/table-scroll.tsx';
import { Download } from 'lucide-react';
import { Icon } from '../../components/icon.tsx';

type RowError = ImportReport['errors'][number];
const SHOWN = 300;

export function problemText(intl: IntlShape, e: RowError): string {
  switch (e.code) {
    case 'cell_count':
      return intl.formatMessage({ id: 'caseImport.problem.cellCount' });
    case 'duplicate_in_file':
      return intl.formatMessage({ id: 'caseImport.problem.duplicateInFile' }, { row: e.related ?? '?' });
    case 'duplicate_existing':
      // Only cases the agency may see are ever reported, always by number.
      return intl.formatMessage({ id: 'caseImport.problem.duplicateOf' }, { caseNumber: e.related ?? '?' });
    default:
      return `${intl.formatMessage({ id: 'caseImport.problem.invalid' })} ${e.message}`;
  }
}

/** As problemText, with a case number kept whole and left-to-right inside right-to-left text. */
function problemNode(intl: IntlShape, e: RowError): ReactNode {
  if (e.code === 'duplicate_existing' && e.related) {
    return (
      <FormattedMessage
        id="caseImport.problem.duplicateOf"
        values={{
          caseNumber: (
            <bdi dir="ltr" className="nowrap">
              {e.related}
            </bdi>
          ),
        }}
      />
    );
  }
  if (e.code === 'invalid') {
    // The detail is the server's, in English: kept apart so that it reads the right way round.
    return (
      <>
        <FormattedMessage id="caseImport.problem.invalid" />{' '}
        <bdi dir="ltr" lang="en">
          {e.message}
        </bdi>
      </>
    );
  }
  return problemText(intl, e);
}

function download(intl: IntlShape, errors: RowError[]): void {
  const lines = [csvLine(['row', 'column', 'problem']), ...errors.map((e) => csvLine([e.row, e.column ?? '', problemText(intl, e)]))];
  const url = URL.createObjectURL(new Blob(['\uFEFF', ...lines], { type: 'text/csv;charset=utf-8' }));
  const a = document.createElement('a');
  a.href = url;
  a.download = 'import-errors.csv';
  a.click();
  setTimeout(() => URL.revokeObjectURL(url), 1000);
}

export function ImportErrors({ errors, headingId }: { errors: RowError[]; headingId: string }) {
  const intl = useIntl();
  if (errors.length === 0) return null;
  const rows = new Set(errors.map((e) => e.row)).size;
  return (
    <section aria-labelledby={headingId}>
      <h2 id={headingId}>
        <FormattedMessage id="caseImport.errorsTitle" values={{ rows, count: errors.length }} />
      </h2>
      <p className="row-actions">
        <button type="button" onClick={() => download(intl, errors)}>
          <Icon of={Download} />
          <FormattedMessage id="caseImport.downloadErrors" />
        </button>
      </p>
      <TableScroll labelledBy={headingId}>
        <table>
          <thead>
            <tr>
              <th scope="col">
                <FormattedMessage id="caseImport.row" />
              </th>
              <th scope="col">
                <FormattedMessage id="caseImport.column" />
              </th>
              <th scope="col">
                <FormattedMessage id="caseImport.problem" />
              </th>
            </tr>
          </thead>
          <tbody>
            {errors.slice(0, SHOWN).map((e, i) => (
              <tr key={`${e.row}-${e.column}-${i}`}>
                <td>{e.row}</td>
                <td className="import-column">
                  <code dir="ltr">{e.column ?? '—'}</code>
                </td>
                <td className="import-problem">{problemNode(intl, e)}</td>
              </tr>
            ))}
          </tbody>
        </table>
      </TableScroll>
      {errors.length > SHOWN && (
        <p className="hint">
          <FormattedMessage id="caseImport.moreErrors" values={{ shown: SHOWN, count: errors.length }} />
        </p>
      )}
    </section>
  );
}
