// Signing in: the password, then (where enrolled) a code from the authenticator app or a
// recovery code. The second step survives a reload: the server remembers it is owed.
import { useEffect, useId, useRef, useState, type FormEvent, type ReactNode } from 'react';
import { FormattedMessage, useIntl } from 'react-intl';
import { Link } from 'react-router';
import { errorMessageId } from '../api/client.ts';
import { useSession } from '../api/session.tsx';
import { LanguageSwitcher } from '../components/language-switcher.tsx';
import { PASSWORD_MAX_LENGTH } from '../../platform/auth/password-rules.ts';
import { CircleExclamationPoint } from 'lucide-react';
import { Icon } from '../components/icon.tsx';
import { useRenderedPath } from '../components/rendered-path.ts';

export function SignInPage() {
  useRenderedPath();
  const { state } = useSession();
  const owesCode = state.status === 'signed-in' && state.me.stage === 'mfa_pending';
  return (
    <div className="public-layout">
      <header className="public-header">
        <span className="brand">
          <FormattedMessage id="app.name" />
        </span>
        <LanguageSwitcher />
      </header>
      <main id="main" className="sign-in">
        {owesCode ? <SecondFactorForm /> : <PasswordForm />}
      </main>
    </div>
  );
}

/** Runs `action` on submit, showing a translated error (or the form's own words for an error id) and keeping focus where it helps. */
function useSubmit(action: (form: FormData) => Promise<void>, ownWords: Record<string, string> = {}) {
  const [error, setError] = useState<string | null>(null);
  const [busy, setBusy] = useState(false);
  const firstField = useRef<HTMLInputElement>(null);
  async function onSubmit(event: FormEvent<HTMLFormElement>) {
    event.preventDefault();
    const form = new FormData(event.currentTarget);
    setBusy(true);
    setError(null);
    try {
      await action(form);
    } catch (e) {
      const id = errorMessageId(e);
      setError(ownWords[id] ?? id);
      firstField.current?.focus();
    } finally {
      setBusy(false);
    }
  }
  return { error, busy, onSubmit, firstField };
}

function FormShell(props: { error: string | null; busy: boolean; onSubmit: (e: FormEvent<HTMLFormElement>) => void; submitId: string; busyId: string; children: ReactNode }) {
  const intl = useIntl();
  const errorId = useId();
  return (
    <form onSubmit={props.onSubmit} aria-describedby={props.error ? errorId : undefined}>
      {props.error && (
        <p id={errorId} className="form-error" role="alert">
          <Icon of={CircleExclamationPoint} />
          <FormattedMessage id={props.error} />
        </p>
      )}
      {props.children}
      <button type="submit" className="primary" disabled={props.busy}>
        {intl.formatMessage({ id: props.busy ? props.busyId : props.submitId })}
      </button>
    </form>
  );
}

function PasswordForm() {
  const { signIn } = useSession();
  const { error, busy, onSubmit, firstField } = useSubmit((form) =>
    signIn(String(form.get('email') ?? ''), String(form.get('password') ?? '')),
  );
  return (
    <>
      <h1>
        <FormattedMessage id="signIn.title" />
      </h1>
      <p className="lead">
        <FormattedMessage id="app.tagline" />
      </p>
      <FormShell error={error} busy={busy} onSubmit={onSubmit} submitId="signIn.submit" busyId="signIn.submitting">
        <label htmlFor="sign-in-email">
          <FormattedMessage id="signIn.email" />
        </label>
        <input
          ref={firstField}
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
      </FormShell>
      <p className="sign-in-links">
        <Link to="/forgot-password">
          <FormattedMessage id="signIn.forgot" />
        </Link>
        <Link to="/public/directory">
          <FormattedMessage id="signIn.directory" />
        </Link>
        <Link to="/public/plans">
          <FormattedMessage id="publicPlans.signInLink" />
        </Link>
        <Link to="/public/civic">
          <FormattedMessage id="publicCivic.signInLink" />
        </Link>
        <Link to="/public/funding">
          <FormattedMessage id="publicFunding.signInLink" />
        </Link>
      </p>
    </>
  );
}

function SecondFactorForm() {
  const { verifySecondFactor, signOut } = useSession();
  const hintId = useId();
  // A refused code is about the code, not the e-mail address or password given before it.
  const { error, busy, onSubmit, firstField } = useSubmit((form) => verifySecondFactor(String(form.get('code') ?? '').trim()), {
    'error.invalid_credentials': 'signIn.codeWrong',
  });
  // The password step gave way to this one: announce it.
  const heading = useRef<HTMLHeadingElement>(null);
  useEffect(() => heading.current?.focus(), []);
  return (
    <>
      <h1 tabIndex={-1} ref={heading}>
        <FormattedMessage id="signIn.codeTitle" />
      </h1>
      <p className="lead" id={hintId}>
        <FormattedMessage id="signIn.codeHint" />
      </p>
      <FormShell error={error} busy={busy} onSubmit={onSubmit} submitId="signIn.codeSubmit" busyId="signIn.submitting">
        <label htmlFor="sign-in-code">
          <FormattedMessage id="signIn.code" />
        </label>
        <input
          ref={firstField}
          id="sign-in-code"
          name="code"
          autoComplete="one-time-code"
          required
          minLength={6}
          maxLength={11}
          dir="ltr"
          spellCheck={false}
          aria-describedby={hintId}
          aria-invalid={error ? true : undefined}
        />
      </FormShell>
      <p>
        <button type="button" className="link-button" onClick={() => void signOut()}>
          <FormattedMessage id="signIn.restart" />
        </button>
      </p>
    </>
  );
}
