// Confidential reports for civic-space monitors: the queue (reports waiting to be taken, and
// those you took), and a report — its content, and once you took it, the reporter's contact
// details if they left any, the questions and answers, and the record to make from it.
import { useState } from 'react';
import { FormattedDate, FormattedMessage } from 'react-intl';
import { Link, useParams } from 'react-router';
import { client, data, useLoad, type Answer, type Body } from '../../api/typed.ts';
import { useAction } from '../../api/use-action.ts';
import { DataTable, type Column } from '../../components/data-table.tsx';
import { TextField } from '../../components/fields.tsx';
import { Loaded } from '../../components/loaded.tsx';
import { Day, Types } from './civic-parts.tsx';
import { RecordForm } from './civic-routes.tsx';
import { ReportDesks } from './desks.tsx';
import { useCountries } from './use-countries.ts';
import { CircleExclamationPoint, Send } from 'lucide-react';
import { Icon } from '../../components/icon.tsx';

type Queue = Answer<'/api/civic/reports'>;
type ReportView = Answer<'/api/civic/reports/{id}'>;
/** What a monitor does on a report's page: take it, or ask the reporter a question. */
type ReportStep = { assign: true } | { question: Body<'/api/civic/reports/{id}/questions', 'post'> };

function ReportStatus(props: { status: ReportView['status'] }) {
  return (
    <span className={`tag civic-report-${props.status}`}>
      <FormattedMessage id={`civic.reports.status.${props.status}`} />
    </span>
  );
}

export function ReportQueuePage() {
  const state = useLoad(() => data(client.GET('/api/civic/reports')), []);
  const { name } = useCountries();
  return (
    <>
      <h1 tabIndex={-1}>
        <FormattedMessage id="civic.reports.title" />
      </h1>
      <p className="lead">
        <FormattedMessage id="civic.reports.intro" />
      </p>
      <p className="actions">
        <a className="button" href="/report">
          <FormattedMessage id="civic.reports.channel" />
        </a>
      </p>
      <Loaded state={state}>
        {({ reports }) => {
          const columns: Column<Queue['reports'][number]>[] = [
            { header: 'civic.field.title', cell: (r) => <Link to={`/civic/reports/${r.id}`} dir="auto">{r.title ?? '—'}</Link> },
            { header: 'civic.field.country', cell: (r) => name(r.country) },
            { header: 'civic.reports.received', cell: (r) => <Day value={r.receivedOn} /> },
            {
              header: 'civic.field.status',
              cell: (r) => (
                <>
                  <ReportStatus status={r.status} />
                  {r.addressedToUs && (
                    <>
                      {' '}
                      <span className="tag">
                        <FormattedMessage id="civic.reports.addressedToUs" />
                      </span>
                    </>
                  )}
                </>
              ),
            },
          ];
          return (
            <section aria-labelledby="civic-reports">
              <h2 id="civic-reports">
                <FormattedMessage id="civic.reports.queue" />
              </h2>
              {reports.length === 0 ? (
                <p className="empty-state">
                  <FormattedMessage id="civic.reports.none" />
                </p>
              ) : (
                <DataTable labelledBy="civic-reports" caption="civic.reports.queue" columns={columns} rows={reports} rowKey={(r) => r.id} />
              )}
            </section>
          );
        }}
      </Loaded>
      <ReportDesks />
    </>
  );
}

export function ReportPage() {
  const { id = '' } = useParams();
  const [version, setVersion] = useState(0);
  const state = useLoad(() => data(client.GET('/api/civic/reports/{id}', { params: { path: { id } } })), [id, version]);
  const { name } = useCountries();
  const act = useAction(async (step: ReportStep) => {
    const path = { id };
    if ('assign' in step) await data(() => client.POST('/api/civic/reports/{id}/assign', { params: { path } }));
    else await data(() => client.POST('/api/civic/reports/{id}/questions', { params: { path }, body: step.question }));
  });
  const post = async (step: ReportStep, form?: HTMLFormElement) => {
    const result = await act.run(step);
    if (result.ok) {
      form?.reset();
      setVersion((v) => v + 1);
    }
  };
  return (
    <Loaded state={state}>
      {(r) => (
        <>
          <h1 tabIndex={-1} dir="auto">
            {r.content?.title ?? <FormattedMessage id="civic.reports.erased" />}
          </h1>
          <p className="meta">
            {name(r.country)} · <FormattedMessage id="civic.reports.receivedOn" values={{ date: <Day value={r.receivedOn} /> }} /> · <ReportStatus status={r.status} />
            {r.addressedToUs && (
              <>
                {' '}
                <span className="tag">
                  <FormattedMessage id="civic.reports.addressedToUs" />
                </span>
              </>
            )}
          </p>
          {act.error && (
            <p className="form-error" role="alert">
              <Icon of={CircleExclamationPoint} />
              <FormattedMessage id={act.error} />
            </p>
          )}
          {r.content && (
            <>
              <p className="free-text" dir="auto">
                {r.content.description}
              </p>
              <dl className="facts">
                {r.content.startedOn && (
                  <>
                    <dt>
                      <FormattedMessage id="civic.field.startedOn" />
                    </dt>
                    <dd>
                      <Day value={r.content.startedOn} />
                    </dd>
                  </>
                )}
                {r.content.types.length > 0 && (
                  <>
                    <dt>
                      <FormattedMessage id="civic.field.types" />
                    </dt>
                    <dd>
                      <Types types={r.content.types} />
                    </dd>
                  </>
                )}
                {r.content.actor && (
                  <>
                    <dt>
                      <FormattedMessage id="civic.field.actor" />
                    </dt>
                    <dd>
                      <bdi>{r.content.actor}</bdi>
                    </dd>
                  </>
                )}
              </dl>
            </>
          )}
          {r.may.assign && (
            <p className="actions">
              <button type="button" className="primary" disabled={act.busy} onClick={() => void post({ assign: true })}>
                <FormattedMessage id="civic.reports.assign" />
              </button>
            </p>
          )}
          {r.recordId && (
            <p>
              <Link to={`/civic/records/${r.recordId}`}>
                <FormattedMessage id="civic.reports.openRecord" />
              </Link>
            </p>
          )}
          {r.assignedToMe && (
            <section className="panel" aria-labelledby="report-contact">
              <h2 id="report-contact">
                <FormattedMessage id="civic.reports.contact" />
              </h2>
              {r.contact ? (
                <p className="free-text" dir="auto">
                  {r.contact}
                </p>
              ) : (
                <p>
                  <FormattedMessage id="civic.reports.noContact" />
                </p>
              )}
            </section>
          )}
          {r.assignedToMe && r.files.length > 0 && (
            <section className="panel" aria-labelledby="report-files">
              <h2 id="report-files">
                <FormattedMessage id="civic.reports.files" />
              </h2>
              <ul className="civic-list">
                {r.files.map((f) => (
                  <li key={f.id}>
                    <a href={`/api/civic/reports/${r.id}/files/${f.id}`} download>
                      <bdi>{f.filename}</bdi>
                    </a>
                  </li>
                ))}
              </ul>
            </section>
          )}
          {r.assignedToMe && (
            <section className="panel" aria-labelledby="report-messages">
              <h2 id="report-messages">
                <FormattedMessage id="civic.report.messages" />
              </h2>
              {r.messages.length === 0 ? (
                <p>
                  <FormattedMessage id="civic.report.noMessages" />
                </p>
              ) : (
                <ol className="civic-list">
                  {r.messages.map((m, i) => (
                    <li key={i}>
                      <strong>
                        <FormattedMessage id={m.fromReporter ? 'civic.reports.fromReporter' : 'civic.reports.fromYou'} />
                      </strong>{' '}
                      · <FormattedDate value={m.sentAt} dateStyle="medium" timeStyle="short" />
                      <p className="free-text" dir="auto">
                        {m.body}
                      </p>
                    </li>
                  ))}
                </ol>
              )}
              {r.may.ask && (
                <form
                  className="stacked compact"
                  onSubmit={(e) => {
                    e.preventDefault();
                    const f = new FormData(e.currentTarget);
                    void post({ question: { body: String(f.get('body') ?? '').trim() } }, e.currentTarget);
                  }}
                >
                  <TextField name="body" label="civic.reports.question" hint="civic.reports.questionHint" multiline required maxLength={4000} />
                  <button type="submit" disabled={act.busy}>
                    <Icon of={Send} directional />
                    <FormattedMessage id="civic.reports.ask" />
                  </button>
                </form>
              )}
            </section>
          )}
          {r.may.convert && r.content && (
            <section className="panel" aria-labelledby="report-convert">
              <h2 id="report-convert">
                <FormattedMessage id="civic.reports.convert" />
              </h2>
              <p>
                <FormattedMessage id="civic.reports.convertIntro" />
              </p>
              <RecordForm fromReport={id} submit="civic.reports.convertSubmit" initial={{ ...r.content, country: r.country }} />
            </section>
          )}
        </>
      )}
    </Loaded>
  );
}
