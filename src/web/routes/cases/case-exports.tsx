// Downloads of a case: the summary for a case conference (what the organisation may see), and
// the subject access export (everything held on the person), which asks for the reason first.
import { useState, type FormEvent } from 'react';
import { FormattedMessage, useIntl } from 'react-intl';
import { download } from '../../api/client.ts';
import { useAction } from '../../api/use-action.ts';
import { TextField } from '../../components/fields.tsx';

/** The language the page is shown in, for the headings of the PDF. */
function useLang(): string {
  const locale = useIntl().locale.slice(0, 2);
  return ['en', 'ru', 'ar'].includes(locale) ? locale : 'en';
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
        <a className="button" href={`/api/cases/${caseId}/summary.pdf?lang=${lang}`} download>
          <FormattedMessage id="export.summary" />
        </a>
      </p>
    </section>
  );
}

/**
 * The reason, then JSON or PDF. `caseNumber` null lets the person type it (the data protection
 * officer's page); `tellsDpo` says that the officer will be told (a coordinator exporting).
 */
export function SubjectAccessExport({ caseNumber, tellsDpo }: { caseNumber: string | null; tellsDpo: boolean }) {
  const lang = useLang();
  const [open, setOpen] = useState(caseNumber === null);
  const [done, setDone] = useState(false);
  const act = useAction((body: unknown) => download('POST', `/api/subject-access?lang=${lang}`, body));
  const submit = async (e: FormEvent<HTMLFormElement>) => {
    e.preventDefault();
    const submitter = (e.nativeEvent as SubmitEvent).submitter as HTMLButtonElement | null;
    const f = new FormData(e.currentTarget);
    setDone(false);
    const body = { caseNumber: caseNumber ?? String(f.get('caseNumber') ?? '').trim(), reason: String(f.get('reason') ?? ''), format: submitter?.value === 'json' ? 'json' : 'pdf' };
    if ((await act.run(body)).ok) setDone(true);
  };
  return (
    <section className="panel" aria-labelledby="subject-access">
      <h2 id="subject-access">
        <FormattedMessage id={caseNumber === null ? 'export.dpoTitle' : 'export.subjectAccess'} />
      </h2>
      <p>
        <FormattedMessage id={caseNumber === null ? 'export.dpoIntro' : 'export.subjectAccessIntro'} />
        {tellsDpo && (
          <>
            {' '}
            <FormattedMessage id="export.dpoTold" />
          </>
        )}
      </p>
      {open ? (
        <form className="stacked" onSubmit={submit}>
          {act.error && (
            <p className="form-error" role="alert">
              <FormattedMessage id={act.error} />
            </p>
          )}
          {done && (
            <p className="notice" role="status">
              <FormattedMessage id="export.done" />
            </p>
          )}
          {caseNumber === null && <TextField name="caseNumber" label="cases.number" required maxLength={40} dir="ltr" autoComplete="off" />}
          <TextField name="reason" label="export.reasonLabel" hint="export.reasonHint" multiline required maxLength={1000} dir="auto" />
          <p className="actions">
            <button type="submit" name="format" value="pdf" className="primary" disabled={act.busy}>
              <FormattedMessage id="export.downloadPdf" />
            </button>{' '}
            <button type="submit" name="format" value="json" disabled={act.busy}>
              <FormattedMessage id="export.downloadJson" />
            </button>{' '}
            {caseNumber !== null && (
              <button type="button" onClick={() => setOpen(false)}>
                <FormattedMessage id="export.cancel" />
              </button>
            )}
          </p>
        </form>
      ) : (
        <p>
          <button type="button" onClick={() => setOpen(true)}>
            <FormattedMessage id="export.subjectAccess" />
          </button>
        </p>
      )}
    </section>
  );
}
