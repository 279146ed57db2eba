// The person's own account: second factor and recovery codes, and the sessions open in their
// name (on other devices too), each of which they can end.
import { useState, type FormEvent } from 'react';
import { FormattedDate, FormattedMessage } from 'react-intl';
import { Link } from 'react-router';
import { errorMessageId } from '../api/client.ts';
import { client, data, useLoad, type Answer, type Body } from '../api/typed.ts';
import { useMe } from '../api/session.tsx';
import { DataTable, type Column } from '../components/data-table.tsx';
import { Loaded } from '../components/loaded.tsx';
import { RecoveryCodes } from '../components/recovery-codes.tsx';
import { fieldError, TextField } from '../components/fields.tsx';
import { useAction } from '../api/use-action.ts';
import { CircleCheck, CircleExclamationPoint } from 'lucide-react';
import { Icon } from '../components/icon.tsx';

type SessionRow = Answer<'/api/auth/sessions'>['sessions'][number];

export function AccountPage() {
  const me = useMe();
  return (
    <>
      <h1 tabIndex={-1}>
        <FormattedMessage id="account.title" />
      </h1>
      <p className="lead">
        {me.user.displayName} · <span dir="ltr">{me.user.email}</span>
      </p>
      <div className="home-sections">
        <section className="panel" aria-labelledby="account-mfa">
          <h2 id="account-mfa">
            <FormattedMessage id="account.mfa" />
          </h2>
          <SecondFactorPanel />
        </section>
        <section className="panel" aria-labelledby="account-password">
          <h2 id="account-password">
            <FormattedMessage id="account.password" />
          </h2>
          <ChangePassword />
        </section>
        <section className="panel" aria-labelledby="account-sessions">
          <h2 id="account-sessions">
            <FormattedMessage id="account.sessions" />
          </h2>
          <SessionsPanel />
        </section>
      </div>
    </>
  );
}

function SecondFactorPanel() {
  const me = useMe();
  const [codes, setCodes] = useState<string[] | null>(null);
  const [error, setError] = useState<string | null>(null);
  if (!me.mfa.enrolled) {
    return (
      <p>
        <FormattedMessage id="account.mfaOff" />{' '}
        <Link to="/account/second-factor">
          <FormattedMessage id="mfa.start" />
        </Link>
      </p>
    );
  }
  async function replace(event: FormEvent<HTMLFormElement>) {
    event.preventDefault();
    const code = String(new FormData(event.currentTarget).get('code') ?? '').trim();
    setError(null);
    try {
      setCodes((await data(() => client.POST('/api/auth/mfa/recovery-codes', { body: { code } }))).recoveryCodes);
    } catch (e) {
      setError(errorMessageId(e));
    }
  }
  return (
    <>
      <p>
        <FormattedMessage id="account.mfaOn" values={{ count: me.mfa.recoveryCodesLeft ?? 0 }} />
      </p>
      {codes ? (
        <RecoveryCodes codes={codes} />
      ) : (
        <form onSubmit={replace} className="inline-form">
          {error && (
            <p className="form-error" role="alert">
              <Icon of={CircleExclamationPoint} />
              <FormattedMessage id={error} />
            </p>
          )}
          <label htmlFor="account-code">
            <FormattedMessage id="account.newCodesLabel" />
          </label>
          <input id="account-code" name="code" inputMode="numeric" autoComplete="one-time-code" pattern="\d{6}" required maxLength={6} dir="ltr" />
          <button type="submit">
            <FormattedMessage id="account.newCodes" />
          </button>
        </form>
      )}
    </>
  );
}

function ChangePassword() {
  const [done, setDone] = useState(false);
  const change = useAction((body: Body<'/api/auth/password', 'post'>) => data(() => client.POST('/api/auth/password', { body })));
  async function submit(event: FormEvent<HTMLFormElement>) {
    event.preventDefault();
    const form = event.currentTarget;
    const f = new FormData(form);
    const result = await change.run({ currentPassword: String(f.get('currentPassword') ?? ''), newPassword: String(f.get('newPassword') ?? '') });
    if (result.ok) {
      setDone(true);
      form.reset();
    }
  }
  return (
    <form onSubmit={submit} className="inline-form">
      {done && (
        <p role="status" className="notice">
          <Icon of={CircleCheck} />
          <FormattedMessage id="account.passwordChanged" />
        </p>
      )}
      {change.error && change.fields.length === 0 && (
        <p className="form-error" role="alert">
          <Icon of={CircleExclamationPoint} />
          <FormattedMessage id={change.error} />
        </p>
      )}
      <TextField name="currentPassword" type="password" label="account.currentPassword" required autoComplete="current-password" />
      <TextField name="newPassword" type="password" label="password.new" hint="password.rules" required autoComplete="new-password" error={fieldError(change.fields, 'password') ?? fieldError(change.fields, 'newPassword')} />
      <button type="submit" disabled={change.busy}>
        <FormattedMessage id="account.changePassword" />
      </button>
    </form>
  );
}

function SessionsPanel() {
  const [version, setVersion] = useState(0);
  const state = useLoad(() => data(client.GET('/api/auth/sessions')), [version]);
  const columns: Column<SessionRow>[] = [
    { header: 'account.device', cell: (s) => <span dir="ltr">{s.userAgent ? describeAgent(s.userAgent) : '—'}</span> },
    { header: 'account.since', cell: (s) => <FormattedDate value={s.createdAt} dateStyle="medium" timeStyle="short" /> },
    { header: 'account.lastSeen', cell: (s) => <FormattedDate value={s.lastSeenAt} dateStyle="medium" timeStyle="short" /> },
    {
      header: 'account.action',
      cell: (s) =>
        s.current ? (
          <FormattedMessage id="account.thisSession" />
        ) : (
          <button
            type="button"
            onClick={() => void data(() => client.DELETE('/api/auth/sessions/{id}', { params: { path: { id: s.id } } })).then(() => setVersion((v) => v + 1))}
          >
            <FormattedMessage id="account.end" />
          </button>
        ),
    },
  ];
  return (
    <Loaded state={state}>
      {({ sessions }) => <DataTable labelledBy="account-sessions" caption="account.sessions" columns={columns} rows={sessions} rowKey={(s) => s.id} />}
    </Loaded>
  );
}

/** A short name for a browser and system, from its user-agent string. */
function describeAgent(ua: string): string {
  const browser = /Firefox\/\d+/.exec(ua)?.[0] ?? /Edg\/\d+/.exec(ua)?.[0] ?? /Chrom(e|ium)\/\d+/.exec(ua)?.[0] ?? /Version\/\d+.*Safari/.exec(ua)?.[0] ?? '';
  const system = /Android|iPhone|iPad|Windows|Mac OS X|Linux/.exec(ua)?.[0] ?? '';
  return [browser.replace('/', ' '), system].filter(Boolean).join(' · ') || ua.slice(0, 40);
}
