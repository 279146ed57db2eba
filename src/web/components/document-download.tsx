// A document built in the background (a report PDF): the button asks for it, a progress bar
// follows it (read aloud as it moves on), and the file downloads when it is ready. The page stays
// usable meanwhile; on a slow connection only a small status is fetched once a second.
import { useEffect, useRef, useState } from 'react';
import { FormattedMessage, useIntl } from 'react-intl';
import { api, ApiError, download, errorMessageId } from '../api/client.ts';

type DocumentView = { id: string; status: 'queued' | 'building' | 'ready' | 'failed'; progress: number; error: string | null };

type State = { step: 'idle' } | { step: 'working'; doc: DocumentView } | { step: 'ready'; doc: DocumentView } | { step: 'failed'; message: string };

export function DocumentDownload(props: { label: string; start: () => Promise<DocumentView> }) {
  const intl = useIntl();
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

  async function run() {
    try {
      let doc = await props.start();
      while (alive.current && (doc.status === 'queued' || doc.status === 'building')) {
        setState({ step: 'working', doc });
        await new Promise((r) => setTimeout(r, 1000));
        doc = await api<DocumentView>('GET', `/api/documents/${doc.id}`);
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

  const working = state.step === 'working';
  return (
    <span className="document-download">
      <button type="button" className="button" disabled={working} onClick={() => void run()}>
        <FormattedMessage id={props.label} />
      </button>
      {working && (
        <span className="document-progress" role="status">
          <progress max={100} value={state.doc.progress} aria-label={intl.formatMessage({ id: 'document.preparing' })} />{' '}
          <FormattedMessage id={state.doc.status === 'queued' ? 'document.queued' : 'document.building'} values={{ percent: state.doc.progress }} />
        </span>
      )}
      {state.step === 'ready' && (
        <span role="status">
          <FormattedMessage id="document.ready" />{' '}
          <button type="button" className="link" onClick={() => void fetchFile(state.doc)}>
            <FormattedMessage id="document.again" />
          </button>
        </span>
      )}
      {state.step === 'failed' && (
        <span className="error" role="alert">
          <FormattedMessage id={state.message} />
        </span>
      )}
    </span>
  );
}
