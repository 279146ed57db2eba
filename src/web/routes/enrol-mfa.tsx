// Setting up a second factor: a new secret (as a QR code, a link for phones and text), a first
// code to confirm it, then the recovery codes, shown once. Required before a role that reaches
// personal data can be used; also reachable from the account page.
import { useEffect, useId, useState, type FormEvent } from 'react';
import { FormattedMessage, useIntl } from 'react-intl';
import { errorMessageId } from '../api/client.ts';
import { client, data, type Answer } from '../api/typed.ts';
import { useSession } from '../api/session.tsx';
import { RecoveryCodes } from '../components/recovery-codes.tsx';
import { CircleExclamationPoint } from 'lucide-react';
import { Icon } from '../components/icon.tsx';

type Enrolment = Answer<'/api/auth/mfa/enrolment', 'post'>;

export function EnrolMfaPage() {
  const intl = useIntl();
  const { reload } = useSession();
  const [enrolment, setEnrolment] = useState<Enrolment | null>(null);
  const [qr, setQr] = useState<string | null>(null);
  const [codes, setCodes] = useState<string[] | null>(null);
  const [error, setError] = useState<string | null>(null);
  const [busy, setBusy] = useState(false);
  const errorId = useId();

  useEffect(() => {
    if (!enrolment) return;
    let live = true;
    void import('qrcode-generator').then(({ default: qrcode }) => {
      const code = qrcode(0, 'M');
      code.addData(enrolment.otpauthUri);
      code.make();
      if (live) setQr(code.createDataURL(5, 2));
    });
    return () => {
      live = false;
    };
  }, [enrolment]);

  async function start() {
    setBusy(true);
    setError(null);
    try {
      setEnrolment(await data(() => client.POST('/api/auth/mfa/enrolment')));
    } catch (e) {
      setError(errorMessageId(e));
    } finally {
      setBusy(false);
    }
  }

  async function confirm(event: FormEvent<HTMLFormElement>) {
    event.preventDefault();
    const code = String(new FormData(event.currentTarget).get('code') ?? '').trim();
    setBusy(true);
    setError(null);
    try {
      setCodes((await data(() => client.POST('/api/auth/mfa/enrolment/confirm', { body: { code } }))).recoveryCodes);
    } catch (e) {
      setError(errorMessageId(e));
    } finally {
      setBusy(false);
    }
  }

  const errorBox = error && (
    <p id={errorId} className="form-error" role="alert">
      <Icon of={CircleExclamationPoint} />
      <FormattedMessage id={error} />
    </p>
  );

  return (
    <section className="narrow">
      <h1 tabIndex={-1}>
        <FormattedMessage id="mfa.title" />
      </h1>
      {codes ? (
        <>
          <p>
            <FormattedMessage id="mfa.done" />
          </p>
          <RecoveryCodes codes={codes} />
          <button type="button" className="primary" onClick={() => void reload()}>
            <FormattedMessage id="mfa.continue" />
          </button>
        </>
      ) : !enrolment ? (
        <>
          <p>
            <FormattedMessage id="mfa.why" />
          </p>
          <p>
            <FormattedMessage id="mfa.apps" />
          </p>
          {errorBox}
          <button type="button" className="primary" onClick={() => void start()} disabled={busy}>
            <FormattedMessage id="mfa.start" />
          </button>
        </>
      ) : (
        <>
          <ol className="steps">
            <li>
              <p>
                <FormattedMessage id="mfa.scan" />
              </p>
              {qr && <img className="qr" src={qr} alt={intl.formatMessage({ id: 'mfa.qrAlt' })} width={180} height={180} />}
              <p>
                <a href={enrolment.otpauthUri}>
                  <FormattedMessage id="mfa.openApp" />
                </a>
              </p>
              <p>
                <FormattedMessage id="mfa.orType" />{' '}
                <code className="secret" dir="ltr" data-testid="mfa-secret">
                  {enrolment.secret.match(/.{1,4}/g)?.join(' ')}
                </code>
              </p>
            </li>
            <li>
              <form onSubmit={confirm} aria-describedby={error ? errorId : undefined}>
                {errorBox}
                <label htmlFor="mfa-code">
                  <FormattedMessage id="mfa.enterCode" />
                </label>
                <input id="mfa-code" name="code" inputMode="numeric" autoComplete="one-time-code" pattern="\d{6}" required maxLength={6} dir="ltr" />
                <button type="submit" className="primary" disabled={busy}>
                  <FormattedMessage id="mfa.confirm" />
                </button>
              </form>
            </li>
          </ol>
        </>
      )}
    </section>
  );
}
