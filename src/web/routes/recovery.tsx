// Pages reached without signing in, from links in e-mails: asking for and completing a password
// reset, and accepting an invitation. Tokens come in the address's fragment (#token=…), which
// never reaches a server log.
import { useEffect, useState, type FormEvent } from 'react';
import { FormattedMessage } from 'react-intl';
import { Link, useNavigate } from 'react-router';
import { client, data, type Answer } from '../api/typed.ts';
import { useSession } from '../api/session.tsx';
import { useAction } from '../api/use-action.ts';
import { type FieldProblem } from '../components/field-problem.tsx';
import { fieldError, TextField } from '../components/fields.tsx';
import { PublicFrame } from '../components/public-frame.tsx';
import { Loading } from '../components/loading.tsx';
import { ArrowLeft, CircleExclamationPoint, Send } from 'lucide-react';
import { Icon } from '../components/icon.tsx';

function tokenFromFragment(): string {
  return new URLSearchParams(window.location.hash.slice(1)).get('token') ?? '';
}

function ErrorBox(props: { error: string | null }) {
  return props.error ? (
    <p className="form-error" role="alert">
      <Icon of={CircleExclamationPoint} />
      <FormattedMessage id={props.error} />
    </p>
  ) : null;
}

export function ForgotPasswordPage() {
  const [sent, setSent] = useState(false);
  const action = useAction((email: string) => data(() => client.POST('/api/auth/password-reset', { body: { email } })));
  async function submit(e: FormEvent<HTMLFormElement>) {
    e.preventDefault();
    if ((await action.run(String(new FormData(e.currentTarget).get('email') ?? ''))).ok) setSent(true);
  }
  return (
    <PublicFrame>
      <h1>
        <FormattedMessage id="reset.askTitle" />
      </h1>
      {sent ? (
        <p role="status">
          <FormattedMessage id="reset.sent" />
        </p>
      ) : (
        <form onSubmit={submit}>
          <p>
            <FormattedMessage id="reset.askIntro" />
          </p>
          <ErrorBox error={action.error} />
          <TextField name="email" type="email" label="signIn.email" required autoComplete="email" dir="ltr" maxLength={254} />
          <button type="submit" className="primary" disabled={action.busy}>
            <Icon of={Send} directional />
            <FormattedMessage id="reset.send" />
          </button>
        </form>
      )}
      <p>
        <Link to="/sign-in">
          <Icon of={ArrowLeft} directional />
          <FormattedMessage id="reset.back" />
        </Link>
      </p>
    </PublicFrame>
  );
}

export function ResetPasswordPage() {
  const [done, setDone] = useState(false);
  const token = tokenFromFragment();
  const action = useAction((password: string) => data(() => client.POST('/api/auth/password-reset/complete', { body: { token, password } })));
  async function submit(e: FormEvent<HTMLFormElement>) {
    e.preventDefault();
    if ((await action.run(String(new FormData(e.currentTarget).get('password') ?? ''))).ok) setDone(true);
  }
  return (
    <PublicFrame>
      <h1>
        <FormattedMessage id="reset.newTitle" />
      </h1>
      {done ? (
        <p role="status">
          <FormattedMessage id="reset.done" />{' '}
          <Link to="/sign-in">
            <FormattedMessage id="signIn.title" />
          </Link>
        </p>
      ) : (
        <form onSubmit={submit}>
          <ErrorBox error={action.fields.length ? null : action.error} />
          <NewPasswordField error={fieldError(action.fields, 'password')} />
          <button type="submit" className="primary" disabled={action.busy}>
            <FormattedMessage id="reset.save" />
          </button>
        </form>
      )}
    </PublicFrame>
  );
}

function NewPasswordField(props: { error: FieldProblem | null }) {
  return (
    <TextField
      name="password"
      type="password"
      label="password.new"
      hint="password.rules"
      required
      autoComplete="new-password"
      error={props.error}
    />
  );
}

type Preview = Answer<'/api/invitations/preview', 'post'>;

export function InvitationPage() {
  const token = tokenFromFragment();
  const { state } = useSession();
  const navigate = useNavigate();
  const [preview, setPreview] = useState<Preview | null | 'invalid'>(null);
  const [accepted, setAccepted] = useState(false);
  const action = useAction((body: { displayName?: string; password?: string }) => data(() => client.POST('/api/invitations/accept', { body: { token, ...body } })));

  useEffect(() => {
    let live = true;
    // A link without its token cannot be valid: said at once, without a refused request.
    const asked = token ? data(() => client.POST('/api/invitations/preview', { body: { token } })) : Promise.reject(new Error('no token'));
    asked.then(
      (p) => live && setPreview(p),
      () => live && setPreview('invalid'),
    );
    return () => {
      live = false;
    };
  }, [token]);

  async function submit(e: FormEvent<HTMLFormElement>) {
    e.preventDefault();
    const form = new FormData(e.currentTarget);
    const body: Record<string, string> = {};
    for (const key of ['displayName', 'password']) {
      const v = form.get(key);
      if (typeof v === 'string' && v !== '') body[key] = v;
    }
    if ((await action.run(body)).ok) setAccepted(true);
  }

  if (preview === null) {
    return (
      <PublicFrame>
        <Loading />
      </PublicFrame>
    );
  }
  if (preview === 'invalid') {
    return (
      <PublicFrame>
        <h1>
          <FormattedMessage id="invitation.title" />
        </h1>
        <p role="alert">
          <FormattedMessage id="invitation.invalid" />
        </p>
      </PublicFrame>
    );
  }
  const signedInAsInvitee = state.status === 'signed-in' && state.me.stage === 'complete' && state.me.user.email === preview.email;
  return (
    <PublicFrame>
      <h1>
        <FormattedMessage id="invitation.title" />
      </h1>
      <p className="lead">
        <FormattedMessage id="invitation.intro" values={{ org: preview.organisation, email: preview.email }} />
      </p>
      {accepted ? (
        <>
          <p role="status">
            <FormattedMessage id="invitation.accepted" values={{ org: preview.organisation }} />
          </p>
          <button type="button" className="primary" onClick={() => void navigate(signedInAsInvitee ? '/' : '/sign-in')}>
            <FormattedMessage id={signedInAsInvitee ? 'mfa.continue' : 'signIn.title'} />
          </button>
        </>
      ) : preview.accountExists ? (
        signedInAsInvitee ? (
          <form onSubmit={submit}>
            <ErrorBox error={action.error} />
            <button type="submit" className="primary" disabled={action.busy}>
              <FormattedMessage id="invitation.accept" />
            </button>
          </form>
        ) : (
          <p>
            <FormattedMessage id="invitation.signInFirst" />{' '}
            <Link to={`/sign-in?next=${encodeURIComponent(`/invitation${window.location.hash}`)}`}>
              <FormattedMessage id="signIn.title" />
            </Link>
          </p>
        )
      ) : (
        <form onSubmit={submit}>
          <ErrorBox error={action.fields.length ? null : action.error} />
          <TextField name="displayName" label="invitation.name" defaultValue={preview.displayName} required maxLength={200} autoComplete="name" />
          <NewPasswordField error={fieldError(action.fields, 'password')} />
          <button type="submit" className="primary" disabled={action.busy}>
            <FormattedMessage id="invitation.accept" />
          </button>
        </form>
      )}
    </PublicFrame>
  );
}
