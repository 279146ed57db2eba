// One import while it runs and after: a progress bar (the page asks the server every second
// while the run is going), then the outcome with links to the cases opened.
import { useEffect, useState } from 'react';
import { FormattedMessage } from 'react-intl';
import { Link, useParams } from 'react-router';
import { client, data as answer, type Answer, type Loadable } from '../../api/typed.ts';
import { DataTable } from '../../components/data-table.tsx';
import { Loaded } from '../../components/loaded.tsx';
import { ImportErrors } from './import-errors.tsx';
import { CircleExclamationPoint } from 'lucide-react';
import { Icon } from '../../components/icon.tsx';

export function CaseImportRunPage() {
  const { id = '' } = useParams();
  const [attempt, setAttempt] = useState(0);
  const [shown, setShown] = useState<Loadable<Answer<'/api/cases/imports/{id}'>>>({ status: 'loading' });
  useEffect(() => {
    let live = true;
    let timer: ReturnType<typeof setTimeout> | undefined;
    // Asked again every second while the run is going; the last answer stays on screen meanwhile.
    const load = () =>
      answer(client.GET('/api/cases/imports/{id}', { params: { path: { id } } })).then(
        (data) => {
          if (!live) return;
          setShown({ status: 'ready', data });
          if (data.status === 'running') timer = setTimeout(load, 1000);
        },
        (error: unknown) => live && setShown({ status: 'failed', error, retry: () => setAttempt((n) => n + 1) }),
      );
    void load();
    return () => {
      live = false;
      clearTimeout(timer);
    };
  }, [id, attempt]);

  return (
    <div className="import-page">
      <p>
        <Link to="/cases/import">
          <FormattedMessage id="caseImport.another" />
        </Link>
      </p>
      <h1 tabIndex={-1}>
        <FormattedMessage id="caseImport.runTitle" />
      </h1>
      <Loaded state={shown}>
        {(run) => (
          <>
            <section aria-labelledby="import-progress" className="panel">
              <h2 id="import-progress">
                <FormattedMessage id={`caseImport.status.${run.status}`} />
              </h2>
              <progress max={run.validRows} value={run.importedRows} aria-labelledby="import-progress" className="import-progress" />
              <p aria-live="polite">
                <FormattedMessage id="caseImport.progress" values={{ done: run.importedRows, total: run.validRows }} />
              </p>
              {run.status !== 'running' && run.totalRows > run.validRows && (
                <p>
                  <FormattedMessage id="caseImport.leftOut" values={{ count: run.totalRows - run.validRows }} />
                </p>
              )}
              {run.failure && (
                <p className="form-error" role="alert">
                  <Icon of={CircleExclamationPoint} />
                  <FormattedMessage id="caseImport.failed" />
                </p>
              )}
            </section>
            {run.cases.length > 0 && (
              <section aria-labelledby="import-cases">
                <h2 id="import-cases">
                  <FormattedMessage id="caseImport.opened" values={{ count: run.importedRows }} />
                </h2>
                <DataTable
                  labelledBy="import-cases"
                  caption="caseImport.opened"
                  rowKey={(c) => c.id}
                  rows={run.cases}
                  columns={[
                    { header: 'caseImport.row', cell: (c) => c.row },
                    {
                      header: 'cases.number',
                      cell: (c) => (
                        <Link to={`/cases/${c.id}`} className="nowrap" dir="ltr">
                          {c.caseNumber}
                        </Link>
                      ),
                    },
                    { header: 'cases.alias', cell: (c) => c.alias },
                  ]}
                />
                {run.importedRows > run.cases.length && (
                  <p className="hint">
                    <FormattedMessage id="caseImport.moreCases" values={{ shown: run.cases.length }} />{' '}
                    <Link to="/cases">
                      <FormattedMessage id="caseImport.toList" />
                    </Link>
                  </p>
                )}
              </section>
            )}
            <ImportErrors errors={run.errors} headingId="import-run-errors" />
          </>
        )}
      </Loaded>
    </div>
  );
}
