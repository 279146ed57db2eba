// A document built in the background (a report, a case summary, a subject access export): asked
// for by a button or a form, followed with a progress bar (read aloud as it moves on), and
// downloaded when it is ready. The page stays usable meanwhile; on a slow connection only a small
// status is fetched once a second. A document holding personal data is kept a short while only:
// the page says until when it can be downloaded again.
import { useEffect, useRef, useState } from 'react';
import { FormattedDate, FormattedMessage, useIntl } from 'react-intl';
import { ApiError, download, errorMessageId } from '../api/client.ts';
import { client, data, type Answer } from '../api/typed.ts';
import { Download } from 'lucide-react';
import { Icon } from './icon.tsx';

export type DocumentView = Answer<'/api/documents/{id}'>;

type State = { step: 'idle' } | { step: 'working'; doc: DocumentView } | { step: 'ready'; doc: DocumentView } | { step: 'failed'; message: string };

/** Whether an answer is a document to follow (rather than, say, a request recorded to be approved first). */
export function isDocument(value: unknown): value is DocumentView {
  return typeof value === 'object' && value !== null && typeof (value as { id?: unknown }).id === 'string' && ['queued', 'building', 'ready', 'failed'].includes(String((value as { status?: unknown }).status));
}

/** Follows a document the page has asked for until it is ready, then downloads it. */
export function useDocumentFollower() {
  const [state, setState] = useState<State>({ step: 'idle' });
  const alive = useRef(true);
  useEffect(() => {
    alive.current = true;
    return () => {
      alive.current = false;
    };
  }, []);

  async function fetchFile(doc: DocumentView) {
    await download('GET', `/api/documents/${doc.id}/file`);
  }

  async function follow(first: DocumentView) {
    try {
      let doc = first;
      while (alive.current && (doc.status === 'queued' || doc.status === 'building')) {
        setState({ step: 'working', doc });
        await new Promise((r) => setTimeout(r, 1000));
        doc = await data(client.GET('/api/documents/{id}', { params: { path: { id: doc.id } } }));
      }
      if (!alive.current) return;
      if (doc.status === 'failed') {
        setState({ step: 'failed', message: doc.error === 'not_found' ? 'error.not_found' : 'document.failed' });
        return;
      }
      setState({ step: 'ready', doc });
      await fetchFile(doc);
    } catch (error) {
      if (alive.current) setState({ step: 'failed', message: error instanceof ApiError ? errorMessageId(error) : 'error.internal' });
    }
  }

  return {
    state,
    working: state.step === 'working',
    /** Something to show: working on it, ready, or failed. */
    shown: state.step !== 'idle',
    follow,
    fail: (message: string) => setState({ step: 'failed', message }),
    reset: () => setState({ step: 'idle' }),
    again: () => (state.step === 'ready' ? fetchFile(state.doc) : Promise.resolve()),
  };
}

export type DocumentFollower = ReturnType<typeof useDocumentFollower>;

/** How far the followed document has got: progress, ready (with a link to download it again), or why it failed. */
export function DocumentProgress({ follower }: { follower: DocumentFollower }) {
  const intl = useIntl();
  const { state } = follower;
  if (state.step === 'working') {
    return (
      <span className="document-progress" role="status">
        <progress max={100} value={state.doc.progress} aria-label={intl.formatMessage({ id: 'document.preparing' })} />{' '}
        <FormattedMessage id={state.doc.status === 'queued' ? 'document.queued' : 'document.building'} values={{ percent: state.doc.progress }} />
      </span>
    );
  }
  if (state.step === 'ready') {
    return (
      <span role="status">
        <FormattedMessage id="document.ready" />{' '}
        <FormattedMessage id="document.keptUntil" values={{ time: <FormattedDate value={state.doc.expiresAt} dateStyle="medium" timeStyle="short" /> }} />{' '}
        <button type="button" className="link" onClick={() => void follower.again()}>
          <Icon of={Download} />
          <FormattedMessage id="document.again" />
        </button>
      </span>
    );
  }
  if (state.step === 'failed') {
    return (
      <span className="error" role="alert">
        <FormattedMessage id={state.message} />
      </span>
    );
  }
  return null;
}

/** A button that asks for a document, then follows it and downloads it. */
export function DocumentDownload(props: { label: string; start: () => Promise<DocumentView>; className?: string }) {
  const follower = useDocumentFollower();
  async function run() {
    try {
      await follower.follow(await props.start());
    } catch (error) {
      follower.fail(error instanceof ApiError ? errorMessageId(error) : 'error.internal');
    }
  }
  return (
    <span className="document-download">
      <button type="button" className={props.className ?? 'button'} disabled={follower.working} onClick={() => void run()}>
        <FormattedMessage id={props.label} />
      </button>{' '}
      <DocumentProgress follower={follower} />
    </span>
  );
}
