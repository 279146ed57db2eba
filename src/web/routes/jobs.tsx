// Background jobs, for platform administrators: each queue with what waits, runs and failed, its
// schedule; the jobs that failed their last attempt, each of which can be tried again.
import { useState } from 'react';
import { FormattedDate, FormattedMessage, FormattedNumber, useIntl } from 'react-intl';
import { useAction } from '../api/use-action.ts';
import { client, data, useLoad, type Answer } from '../api/typed.ts';

type JobsView = Answer<'/api/jobs'>;
type QueueView = JobsView['queues'][number];
type FailedJobView = JobsView['failures'][number];
import { DataTable, type Column } from '../components/data-table.tsx';
import { Loaded } from '../components/loaded.tsx';

const count = (n: number) => <FormattedNumber value={n} />;
/** Message ids name a job with underscores: `mail.send` → `jobs.name.mail_send`. */
const jobKey = (name: string) => name.replaceAll('.', '_');

const QUEUE_COLUMNS: Column<QueueView>[] = [
  {
    header: 'jobs.queue',
    cell: (q) => (
      <>
        <FormattedMessage id={`jobs.name.${jobKey(q.name)}`} defaultMessage={q.description} />
        <br />
        <code className="meta" dir="ltr">
          {q.name}
        </code>
      </>
    ),
  },
  { header: 'jobs.schedule', cell: (q) => <Schedule cron={q.schedule} /> },
  { header: 'jobs.queued', cell: (q) => count(q.queued) },
  { header: 'jobs.active', cell: (q) => count(q.active) },
  { header: 'jobs.failed', cell: (q) => count(q.failed) },
];

/** The schedules Tandem sets, in words; any other cron as it is. */
function Schedule(props: { cron: string | null }) {
  if (props.cron === null) return <FormattedMessage id="jobs.onRequest" />;
  const minutes = /^(?:\*|\*\/(\d+)) \* \* \* \*$/.exec(props.cron);
  if (minutes) return <FormattedMessage id="jobs.everyMinutes" values={{ n: Number(minutes[1] ?? 1) }} />;
  const hours = /^(\d+) (?:\*|\*\/(\d+)) \* \* \*$/.exec(props.cron);
  if (hours) return <FormattedMessage id="jobs.everyHours" values={{ n: Number(hours[2] ?? 1), minute: Number(hours[1]) }} />;
  return <code dir="ltr">{props.cron}</code>;
}

export function JobsPage() {
  const [version, setVersion] = useState(0);
  const state = useLoad(() => data(client.GET('/api/jobs')), [version]);
  return (
    <>
      <h1 tabIndex={-1}>
        <FormattedMessage id="jobs.title" />
      </h1>
      <p className="lead">
        <FormattedMessage id="jobs.intro" />
      </p>
      <Loaded state={state}>
        {({ queues, failures }) => (
          <>
            <section className="panel" aria-labelledby="jobs-queues">
              <h2 id="jobs-queues">
                <FormattedMessage id="jobs.queues" />
              </h2>
              <DataTable labelledBy="jobs-queues" caption="jobs.queues" columns={QUEUE_COLUMNS} rows={queues} rowKey={(q) => q.name} />
            </section>
            <section className="panel" aria-labelledby="jobs-failures">
              <h2 id="jobs-failures">
                <FormattedMessage id="jobs.failures" />
              </h2>
              {failures.length === 0 ? (
                <p className="empty-state">
                  <FormattedMessage id="jobs.noFailures" />
                </p>
              ) : (
                <ul className="cards">
                  {failures.map((f) => (
                    <Failure key={f.id} failure={f} onRetried={() => setVersion((v) => v + 1)} />
                  ))}
                </ul>
              )}
            </section>
          </>
        )}
      </Loaded>
    </>
  );
}

function Failure(props: { failure: FailedJobView; onRetried: () => void }) {
  const intl = useIntl();
  const f = props.failure;
  const retry = useAction(() => data(() => client.POST('/api/jobs/{name}/failures/{id}/retry', { params: { path: { name: f.name, id: f.id } } })));
  return (
    <li className="card">
      <h3>
        <FormattedMessage id={`jobs.name.${jobKey(f.name)}`} defaultMessage={f.name} />
      </h3>
      <p className="meta">
        <FormattedDate value={f.failedAt} dateStyle="medium" timeStyle="short" /> · <FormattedMessage id="jobs.attempts" values={{ n: f.attempts }} />
      </p>
      {f.error && (
        <p>
          <FormattedMessage id="jobs.error" />{' '}
          <code dir="ltr" lang="en">
            {f.error}
          </code>
        </p>
      )}
      <button
        type="button"
        disabled={retry.busy}
        aria-label={intl.formatMessage({ id: 'jobs.retryLabel' }, { name: intl.formatMessage({ id: `jobs.name.${jobKey(f.name)}`, defaultMessage: f.name }) })}
        onClick={async () => {
          if ((await retry.run()).ok) props.onRetried();
        }}
      >
        <FormattedMessage id="jobs.retry" />
      </button>
      {retry.error && (
        <p className="error" role="alert">
          <FormattedMessage id={retry.error} />
        </p>
      )}
    </li>
  );
}
