// Downloads of a case: the summary for a case conference (what the organisation may see), and
// the subject access export (everything held on the person), which asks for the reason first.
// Each is asked for, prepared in the background (a progress bar follows it) and downloaded when
// ready, within the hour it is kept. A coordinator's export that holds another organisation's
// restricted records waits for a data protection officer's approval; the coordinator then
// downloads it here (MyRequests).
import { useState, type FormEvent } from 'react';
import { FormattedDate, FormattedMessage, useIntl } from 'react-intl';
import { useAction } from '../../api/use-action.ts';
import { client, data, useLoad, type Answer, type Body, type Query } from '../../api/typed.ts';
import { DocumentDownload, DocumentProgress, isDocument, useDocumentFollower, type DocumentView } from '../../components/document-download.tsx';
import { TextField } from '../../components/fields.tsx';
import { Loaded } from '../../components/loaded.tsx';
import { CircleExclamationPoint, Clock, Download } from 'lucide-react';
import { Icon } from '../../components/icon.tsx';

type SubjectAccessRequestView = Answer<'/api/subject-access/mine'>['requests'][number];
type Lang = NonNullable<Query<'/api/subject-access', 'post'>['lang']>;

/** The language the page is shown in, for the headings of the PDF. */
export function useLang(): Lang {
  const locale = useIntl().locale.slice(0, 2);
  return locale === 'ru' || locale === 'ar' ? locale : 'en';
}

export function SummaryDownload({ caseId }: { caseId: string }) {
  const lang = useLang();
  return (
    <section className="panel" aria-labelledby="case-summary">
      <h2 id="case-summary">
        <FormattedMessage id="export.summaryTitle" />
      </h2>
      <p className="hint">
        <FormattedMessage id="export.summaryHint" />
      </p>
      <p>
        <DocumentDownload label="export.summary" start={() => data(() => client.POST('/api/cases/{id}/summary/pdf', { params: { path: { id: caseId }, query: { lang } } }))} />
      </p>
    </section>
  );
}

/**
 * The reason, then JSON or PDF. Without `caseId` the data protection officer types the case
 * number and exports at once (their page); with it, a case coordinator asks from the case page,
 * and follows their requests that need approval. The answer is the export being prepared (its
 * progress follows), or the request recorded to wait for approval.
 */
export function SubjectAccessExport({ caseNumber, caseId }: { caseNumber: string | null; caseId?: string }) {
  const lang = useLang();
  const officer = caseNumber === null;
  const [open, setOpen] = useState(officer);
  const [pending, setPending] = useState(false);
  const [version, setVersion] = useState(0);
  const follower = useDocumentFollower();
  const act = useAction((body: Body<'/api/subject-access', 'post'>) => data(() => client.POST('/api/subject-access', { params: { query: { lang } }, body })));
  const submit = async (e: FormEvent<HTMLFormElement>) => {
    e.preventDefault();
    const submitter = (e.nativeEvent as SubmitEvent).submitter as HTMLButtonElement | null;
    const form = e.currentTarget;
    const f = new FormData(form);
    setPending(false);
    follower.reset();
    const body: Body<'/api/subject-access', 'post'> = {
      caseNumber: caseNumber ?? String(f.get('caseNumber') ?? '').trim().toUpperCase(),
      reason: String(f.get('reason') ?? ''),
      format: submitter?.value === 'json' ? 'json' : 'pdf',
      as: officer ? 'dpo' : 'case_coordinator',
    };
    const result = await act.run(body);
    if (!result.ok) return;
    if (isDocument(result.value)) return follower.follow(result.value);
    setPending(true);
    form.reset();
    setVersion((v) => v + 1);
  };
  return (
    <section className="panel" aria-labelledby="subject-access">
      <h2 id="subject-access">
        <FormattedMessage id={officer ? 'export.dpoTitle' : 'export.subjectAccess'} />
      </h2>
      <p>
        <FormattedMessage id={officer ? 'export.dpoIntro' : 'export.subjectAccessIntro'} />
        {!officer && (
          <>
            {' '}
            <FormattedMessage id="export.approvalRule" />
          </>
        )}
      </p>
      {pending && (
        <p className="notice" role="status">
          <Icon of={Clock} />
          <FormattedMessage id="export.pending" />
        </p>
      )}
      {open ? (
        <form className="stacked" onSubmit={submit}>
          {act.error && (
            <p className="form-error" role="alert">
              <Icon of={CircleExclamationPoint} />
              <FormattedMessage id={act.error} />
            </p>
          )}
          {officer && <TextField name="caseNumber" label="cases.number" required maxLength={40} dir="ltr" autoComplete="off" />}
          <TextField name="reason" label="export.reasonLabel" hint="export.reasonHint" multiline required maxLength={1000} dir="auto" />
          <p className="hint">
            <FormattedMessage id="export.preparedHint" />
          </p>
          <p className="actions">
            <button type="submit" name="format" value="pdf" className="primary" disabled={act.busy || follower.working}>
              <Icon of={Download} />
              <FormattedMessage id="export.downloadPdf" />
            </button>{' '}
            <button type="submit" name="format" value="json" disabled={act.busy || follower.working}>
              <Icon of={Download} />
              <FormattedMessage id="export.downloadJson" />
            </button>{' '}
            {!officer && (
              <button type="button" onClick={() => setOpen(false)}>
                <FormattedMessage id="export.cancel" />
              </button>
            )}
          </p>
          {follower.shown && (
            <p>
              <DocumentProgress follower={follower} />
            </p>
          )}
        </form>
      ) : (
        <p>
          <button type="button" onClick={() => setOpen(true)}>
            <FormattedMessage id="export.subjectAccess" />
          </button>
        </p>
      )}
      {caseId && <MyRequests caseId={caseId} version={version} />}
    </section>
  );
}

/**
 * The coordinator's requests on this case that needed approval: waiting, refused, or ready to
 * download. A download asked for is followed here, below the list, while the list is read again
 * (with one download fewer left).
 */
function MyRequests({ caseId, version }: { caseId: string; version: number }) {
  const [reload, setReload] = useState(0);
  const follower = useDocumentFollower();
  const state = useLoad(() => data(client.GET('/api/subject-access/mine', { params: { query: { caseId } } })), [caseId, version, reload]);
  const started = (doc: DocumentView) => {
    setReload((n) => n + 1);
    void follower.follow(doc);
  };
  return (
    <>
      <Loaded state={state}>
        {({ requests }) =>
          requests.length === 0 ? null : (
            <div>
              <h3 id="subject-access-mine">
                <FormattedMessage id="export.myRequests" />
              </h3>
              <ul className="cards">
                {requests.map((r) => (
                  <RequestCard key={r.id} request={r} busy={follower.working} onStarted={started} />
                ))}
              </ul>
            </div>
          )
        }
      </Loaded>
      {follower.shown && (
        <p>
          <DocumentProgress follower={follower} />
        </p>
      )}
    </>
  );
}

function RequestCard({ request: r, busy, onStarted }: { request: SubjectAccessRequestView; busy: boolean; onStarted: (doc: DocumentView) => void }) {
  const lang = useLang();
  const get = useAction((format: 'json' | 'pdf') =>
    data(() => client.POST('/api/subject-access/requests/{id}/download', { params: { path: { id: r.id }, query: { lang } }, body: { format } })),
  );
  const ask = async (format: 'json' | 'pdf') => {
    const result = await get.run(format);
    if (result.ok) onStarted(result.value);
  };
  const ready = r.approval === 'approved' && r.downloadsLeft > 0;
  const expired = r.approval === 'approved' && !ready;
  const status = r.approval === 'pending' ? 'pending' : r.approval === 'refused' ? 'refused' : ready ? 'approved' : 'expired';
  return (
    <li className="card">
      <p className="badges">
        <span className={`tag ${status === 'approved' ? 'status-active' : status === 'pending' ? '' : 'status-expired'}`}>
          <FormattedMessage id={`export.request.${status}`} />
        </span>
      </p>
      <p className="meta">
        <FormattedMessage id="export.requestedOn" values={{ date: <FormattedDate value={r.requestedAt} dateStyle="medium" timeStyle="short" /> }} />
      </p>
      <p dir="auto">{r.reason}</p>
      {r.decidedAt && (
        <p>
          <FormattedMessage
            id={r.approval === 'refused' ? 'export.refusedBy' : 'export.approvedByOn'}
            values={{ name: r.decidedByName ?? '—', date: <FormattedDate value={r.decidedAt} dateStyle="medium" /> }}
          />{' '}
          <span dir="auto">{r.decisionNote}</span>
        </p>
      )}
      {ready && r.expiresAt && (
        <>
          <p className="meta">
            <FormattedMessage id="export.downloadsLeft" values={{ count: r.downloadsLeft, date: <FormattedDate value={r.expiresAt} dateStyle="medium" timeStyle="short" /> }} />
          </p>
          {get.error && (
            <p className="form-error" role="alert">
              <Icon of={CircleExclamationPoint} />
              <FormattedMessage id={get.error} />
            </p>
          )}
          <p className="actions">
            <button type="button" className="primary" disabled={get.busy || busy} onClick={() => void ask('pdf')}>
              <Icon of={Download} />
              <FormattedMessage id="export.downloadPdf" />
            </button>{' '}
            <button type="button" disabled={get.busy || busy} onClick={() => void ask('json')}>
              <Icon of={Download} />
              <FormattedMessage id="export.downloadJson" />
            </button>
          </p>
        </>
      )}
      {expired && (
        <p className="meta">
          <FormattedMessage id="export.askAgain" />
        </p>
      )}
    </li>
  );
}

/** For the lead agency's data protection officers: requests awaiting a decision, approved with a note or refused with the reason. */
export function PendingRequests() {
  const [version, setVersion] = useState(0);
  const state = useLoad(() => data(client.GET('/api/subject-access/pending')), [version]);
  return (
    <section className="panel" aria-labelledby="subject-access-pending">
      <h2 id="subject-access-pending">
        <FormattedMessage id="export.pendingTitle" />
      </h2>
      <p className="hint">
        <FormattedMessage id="export.pendingIntro" />
      </p>
      <Loaded state={state}>
        {({ requests }) =>
          requests.length === 0 ? (
            <p className="empty-state">
              <FormattedMessage id="export.pendingNone" />
            </p>
          ) : (
            <ul className="cards">
              {requests.map((r) => (
                <li key={r.id} className="card">
                  <h3>
                    <span dir="ltr">{r.caseNumber ?? '—'}</span> · {r.requestedByName ?? '—'}
                  </h3>
                  <p className="meta">
                    <FormattedMessage id="export.requestedOn" values={{ date: <FormattedDate value={r.requestedAt} dateStyle="medium" timeStyle="short" /> }} />
                  </p>
                  <p dir="auto">{r.reason}</p>
                  {r.mine ? (
                    <p className="meta">
                      <FormattedMessage id="export.ownRequest" />
                    </p>
                  ) : (
                    <DecisionForm id={r.id} onDone={() => setVersion((v) => v + 1)} />
                  )}
                </li>
              ))}
            </ul>
          )
        }
      </Loaded>
    </section>
  );
}

function DecisionForm({ id, onDone }: { id: string; onDone: () => void }) {
  const decide = useAction((body: Body<'/api/subject-access/requests/{id}/decision', 'post'>) =>
    data(() => client.POST('/api/subject-access/requests/{id}/decision', { params: { path: { id } }, body })),
  );
  async function submit(e: FormEvent<HTMLFormElement>) {
    e.preventDefault();
    const submitter = (e.nativeEvent as SubmitEvent).submitter as HTMLButtonElement | null;
    const note = String(new FormData(e.currentTarget).get('note') ?? '');
    if ((await decide.run({ decision: submitter?.value === 'refuse' ? 'refuse' : 'approve', note })).ok) onDone();
  }
  return (
    <form className="stacked" onSubmit={submit}>
      {decide.error && (
        <p className="form-error" role="alert">
          <Icon of={CircleExclamationPoint} />
          <FormattedMessage id={decide.error} />
        </p>
      )}
      <TextField name="note" label="export.decisionNote" hint="export.decisionNoteHint" multiline required maxLength={1000} dir="auto" />
      <p className="actions">
        <button type="submit" name="decision" value="approve" className="primary" disabled={decide.busy}>
          <FormattedMessage id="export.approve" />
        </button>{' '}
        <button type="submit" name="decision" value="refuse" className="danger" disabled={decide.busy}>
          <FormattedMessage id="export.refuse" />
        </button>
      </p>
    </form>
  );
}
