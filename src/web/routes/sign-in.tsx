import { useId, useRef, useState, type FormEvent } from 'react';
import { FormattedMessage, useIntl } from 'react-intl';
import { errorMessageId } from '../api/client.ts';
import { useSession } from '../api/session.tsx';
import { LanguageSwitcher } from '../components/language-switcher.tsx';
import { PASSWORD_MAX_LENGTH } from '../../platform/auth/password-rules.ts';

export function SignInPage() {
  const intl = useIntl();
  const { signIn } = useSession();
  const [error, setError] = useState<string | null>(null);
  const [busy, setBusy] = useState(false);
  const errorId = useId();
  const emailRef = useRef<HTMLInputElement>(null);

  async function submit(event: FormEvent<HTMLFormElement>) {
    event.preventDefault();
    const form = new FormData(event.currentTarget);
    setBusy(true);
    setError(null);
    try {
      await signIn(String(form.get('email') ?? ''), String(form.get('password') ?? ''));
    } catch (e) {
      setError(errorMessageId(e));
      emailRef.current?.focus();
    } finally {
      setBusy(false);
    }
  }

  return (
    <div className="public-layout">
      <header className="public-header">
        <span className="brand">
          <FormattedMessage id="app.name" />
        </span>
        <LanguageSwitcher />
      </header>
      <main id="main" className="sign-in">
        <h1>
          <FormattedMessage id="signIn.title" />
        </h1>
        <p className="lead">
          <FormattedMessage id="app.tagline" />
        </p>
        <form onSubmit={submit} noValidate={false} aria-describedby={error ? errorId : undefined}>
          {error && (
            <p id={errorId} className="form-error" role="alert">
              <FormattedMessage id={error} />
            </p>
          )}
          <label htmlFor="sign-in-email">
            <FormattedMessage id="signIn.email" />
          </label>
          <input
            ref={emailRef}
            id="sign-in-email"
            name="email"
            type="email"
            autoComplete="username"
            inputMode="email"
            required
            maxLength={254}
            dir="ltr"
            aria-invalid={error ? true : undefined}
          />
          <label htmlFor="sign-in-password">
            <FormattedMessage id="signIn.password" />
          </label>
          <input
            id="sign-in-password"
            name="password"
            type="password"
            autoComplete="current-password"
            required
            maxLength={PASSWORD_MAX_LENGTH}
            aria-invalid={error ? true : undefined}
          />
          <button type="submit" className="primary" disabled={busy}>
            {busy ? intl.formatMessage({ id: 'signIn.submitting' }) : intl.formatMessage({ id: 'signIn.submit' })}
          </button>
        </form>
      </main>
    </div>
  );
}
