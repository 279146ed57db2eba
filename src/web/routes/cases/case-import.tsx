// Importing cases from a CSV file: the format and a template, the upload, the check of every
// row, and the choice — import everything (only when no row has an error) or the valid rows
// only. The import then runs on the server; its page shows the progress.
import { useState, type FormEvent } from 'react';
import { FormattedMessage, useIntl } from 'react-intl';
import { Link, useNavigate } from 'react-router';
import { IMPORT_COLUMNS, importTemplate, MAX_IMPORT_ROWS, REQUIRED_COLUMNS } from '../../../modules/cases/import-format.ts';
import { ApiError } from '../../api/client.ts';
import { client, data, multipart, type Answer } from '../../api/typed.ts';
import { useAction } from '../../api/use-action.ts';
import { FileDrop } from '../../components/lazy-widgets.tsx';
import { ImportErrors } from './import-errors.tsx';
import { ArrowLeft, CircleExclamationPoint, Download, Info } from 'lucide-react';
import { Icon } from '../../components/icon.tsx';

function downloadTemplate(): void {
  const url = URL.createObjectURL(new Blob(['\uFEFF', importTemplate()], { type: 'text/csv;charset=utf-8' }));
  const a = document.createElement('a');
  a.href = url;
  a.download = 'cases-template.csv';
  a.click();
  setTimeout(() => URL.revokeObjectURL(url), 1000);
}

type ImportReport = Answer<'/api/cases/imports', 'post'>;

/** The file checked (200, the report) or its import started (202, the run and the report). */
const upload = (file: File, mode: 'check' | 'all' | 'valid_only') =>
  data(() => client.POST('/api/cases/imports', { params: { query: { mode } }, body: { file }, bodySerializer: multipart }));

const reportOf = (answer: Awaited<ReturnType<typeof upload>>): ImportReport => ('report' in answer ? answer.report : answer);

export function CaseImportPage() {
  const intl = useIntl();
  const navigate = useNavigate();
  const [file, setFile] = useState<File | null>(null);
  const [report, setReport] = useState<ImportReport | null>(null);
  const [fileProblem, setFileProblem] = useState<{ reason: string; detail?: string } | null>(null);
  const check = useAction((f: File) => upload(f, 'check'));
  const start = useAction((f: File, mode: 'all' | 'valid_only') => upload(f, mode));

  async function submit(e: FormEvent<HTMLFormElement>) {
    e.preventDefault();
    if (!file) return;
    setReport(null);
    setFileProblem(null);
    try {
      setReport(reportOf(await upload(file, 'check')));
    } catch (error) {
      // A file that cannot be read at all: say why, in the person's language where we know the reason.
      if (error instanceof ApiError && error.code === 'unprocessable') {
        const unreadable = error.fields.find((f) => f.path === 'file' && f.code === 'file_unreadable');
        setFileProblem({ reason: String(unreadable?.params?.reason ?? 'unreadable'), detail: error.detail });
      } else await check.run(file);
    }
  }

  async function importRows(mode: 'all' | 'valid_only') {
    if (!file) return;
    const result = await start.run(file, mode);
    if (result.ok && 'id' in result.value) void navigate(`/cases/imports/${result.value.id}`);
  }

  const rowsWithErrors = report ? new Set(report.errors.map((e) => e.row)).size : 0;
  const FILE_CODES = ['not_utf8', 'utf16', 'spreadsheet', 'empty', 'unterminated_quote', 'missing_columns', 'unknown_columns', 'repeated_columns', 'too_many_rows'];
  return (
    <div className="import-page">
      <p>
        <Link to="/cases">
          <Icon of={ArrowLeft} directional />
          <FormattedMessage id="caseImport.back" />
        </Link>
      </p>
      <h1 tabIndex={-1}>
        <FormattedMessage id="caseImport.title" />
      </h1>
      <p className="lead">
        <FormattedMessage id="caseImport.intro" values={{ max: MAX_IMPORT_ROWS }} />
      </p>
      <details className="panel">
        <summary>
          <FormattedMessage id="caseImport.formatTitle" />
        </summary>
        <p>
          <FormattedMessage id="caseImport.format" />
        </p>
        <ul className="compact">
          {IMPORT_COLUMNS.map((c) => (
            <li key={c}>
              <code dir="ltr">{c}</code>
              {REQUIRED_COLUMNS.includes(c) && (
                <>
                  {' '}
                  <span className="tag">
                    <FormattedMessage id="caseImport.required" />
                  </span>
                </>
              )}{' '}
              — <FormattedMessage id={`caseImport.col.${c}`} />
            </li>
          ))}
        </ul>
        <button type="button" onClick={downloadTemplate}>
          <Icon of={Download} />
          <FormattedMessage id="caseImport.template" />
        </button>
      </details>

      <form onSubmit={(e) => void submit(e)} className="stacked">
        <FileDrop
          inputId="import-file"
          name="file"
          label="caseImport.file"
          hint="caseImport.fileHint"
          accept={['.csv', 'text/csv']}
          file={file}
          onChange={(chosen) => {
            setFile(chosen);
            setReport(null);
            setFileProblem(null);
          }}
        />
        <button type="submit" className="primary" disabled={!file || check.busy}>
          <FormattedMessage id={check.busy ? 'caseImport.checking' : 'caseImport.check'} />
        </button>
      </form>

      {check.error && (
        <p className="form-error" role="alert">
          <Icon of={CircleExclamationPoint} />
          <FormattedMessage id={check.error} />
        </p>
      )}
      {fileProblem && (
        <div className="form-error" role="alert">
          <p>
            <Icon of={CircleExclamationPoint} />
            <FormattedMessage id={FILE_CODES.includes(fileProblem.reason) ? `caseImport.file.${fileProblem.reason}` : 'error.unprocessable'} />
          </p>
          {fileProblem.detail && (
            <p dir="ltr" lang="en" className="hint">
              {fileProblem.detail}
            </p>
          )}
        </div>
      )}

      {report && (
        <section aria-labelledby="import-summary" className="panel">
          <h2 id="import-summary">
            <FormattedMessage id="caseImport.summary" values={{ total: report.totalRows, valid: report.validRows, failed: rowsWithErrors }} />
          </h2>
          {rowsWithErrors === 0 ? (
            <p className="row-actions">
              <button type="button" className="primary" disabled={start.busy} onClick={() => void importRows('all')}>
                <FormattedMessage id="caseImport.importAll" values={{ count: report.validRows }} />
              </button>
            </p>
          ) : (
            <>
              <p className="notice">
                <Icon of={Info} />
                <FormattedMessage id={report.validRows > 0 ? 'caseImport.nothingYet' : 'caseImport.noneValid'} />
              </p>
              {report.validRows > 0 && (
                <p className="row-actions">
                  <button type="button" disabled={start.busy} onClick={() => void importRows('valid_only')}>
                    <FormattedMessage id="caseImport.importValid" values={{ count: report.validRows }} />
                  </button>
                </p>
              )}
            </>
          )}
          <p className="hint">
            <FormattedMessage id="caseImport.acrossAgencies" />
          </p>
          {start.error && (
            <p className="form-error" role="alert">
              <Icon of={CircleExclamationPoint} />
              <FormattedMessage id={start.error === 'error.rate_limited' ? 'caseImport.dailyLimit' : start.error} />
            </p>
          )}
        </section>
      )}
      {report && <ImportErrors errors={report.errors} headingId="import-errors" />}
      <p className="hint">{intl.formatMessage({ id: 'caseImport.privacy' })}</p>
    </div>
  );
}
