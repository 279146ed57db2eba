// Emergency access. A coordinator or caseworker opens a case outside their team by its number,
// with a reason, for a limited time; a data protection officer reviews every use and may end it.
import { useState, type FormEvent } from 'react';
import { FormattedDate, FormattedMessage, useIntl } from 'react-intl';
import { Link, useNavigate } from 'react-router';
import { useMe } from '../../api/session.tsx';
import { useAction } from '../../api/use-action.ts';
import { client, data, useLoad, type Body } from '../../api/typed.ts';
import { Checkbox, fieldError, SelectField, TextField } from '../../components/fields.tsx';
import { Loaded } from '../../components/loaded.tsx';
import { CircleExclamationPoint } from 'lucide-react';
import { Icon } from '../../components/icon.tsx';

export function BreakGlassPage() {
  const me = useMe();
  const overseer = me.abilities.includes('privacy.oversee');
  const caseRole = me.abilities.includes('cases.work') || me.abilities.includes('cases.coordinate');
  const [version, setVersion] = useState(0);
  const state = useLoad(() => data(client.GET('/api/break-glass')), [version]);
  return (
    <>
      <h1 tabIndex={-1}>
        <FormattedMessage id="breakGlass.title" />
      </h1>
      <p className="lead">
        <FormattedMessage id="breakGlass.intro" />
      </p>
      {caseRole && <OpenForm />}
      <section className="panel" aria-labelledby="break-glass-uses">
        <h2 id="break-glass-uses">
          <FormattedMessage id={overseer ? 'breakGlass.toReview' : 'breakGlass.mine'} />
        </h2>
        <Loaded state={state}>
          {({ uses }) =>
            uses.length === 0 ? (
              <p className="empty-state">
                <FormattedMessage id="breakGlass.none" />
              </p>
            ) : (
              <ul className="cards">
                {uses.map((u) => (
                  <li key={u.id} className="card">
                    <h3>
                      <span dir="ltr">{u.caseNumber ?? '—'}</span> · {u.userName}, {u.orgName}
                    </h3>
                    <p className="badges">
                      <span className={`tag ${u.active ? 'status-suspended' : ''}`}>
                        <FormattedMessage id={u.active ? 'breakGlass.active' : 'breakGlass.ended'} />
                      </span>
                      {u.reviewedAt && (
                        <span className="tag partner">
                          <FormattedMessage id="breakGlass.reviewed" />
                        </span>
                      )}
                    </p>
                    <p>{u.reason}</p>
                    <p className="meta">
                      <FormattedDate value={u.startedAt} dateStyle="medium" timeStyle="short" /> – <FormattedDate value={u.expiresAt} timeStyle="short" />
                    </p>
                    {u.reviewNote && (
                      <p>
                        <FormattedMessage id="breakGlass.reviewBy" values={{ name: u.reviewerName ?? '—' }} /> {u.reviewNote}
                      </p>
                    )}
                    {!overseer && u.active && (
                      <p>
                        <Link to={`/cases/${u.caseId}`}>
                          <FormattedMessage id="breakGlass.openCase" />
                        </Link>
                      </p>
                    )}
                    {overseer && !u.reviewedAt && <ReviewForm id={u.id} active={u.active} onDone={() => setVersion((v) => v + 1)} />}
                  </li>
                ))}
              </ul>
            )
          }
        </Loaded>
      </section>
    </>
  );
}

function OpenForm() {
  const intl = useIntl();
  const navigate = useNavigate();
  const open = useAction((body: Body<'/api/break-glass', 'post'>) => data(() => client.POST('/api/break-glass', { body })));
  async function submit(e: FormEvent<HTMLFormElement>) {
    e.preventDefault();
    const f = new FormData(e.currentTarget);
    const result = await open.run({ caseNumber: String(f.get('caseNumber') ?? '').trim().toUpperCase(), reason: String(f.get('reason') ?? ''), minutes: Number(f.get('minutes')) });
    if (result.ok) void navigate(`/cases/${result.value.caseId}`);
  }
  return (
    <section className="panel" aria-labelledby="break-glass-open">
      <h2 id="break-glass-open">
        <FormattedMessage id="breakGlass.open" />
      </h2>
      <form className="stacked" onSubmit={submit}>
        {open.error && open.fields.length === 0 && (
          <p className="form-error" role="alert">
            <Icon of={CircleExclamationPoint} />
            <FormattedMessage id={open.error} />
          </p>
        )}
        <TextField name="caseNumber" label="cases.number" required maxLength={20} dir="ltr" error={fieldError(open.fields, 'caseNumber')} />
        <TextField name="reason" label="breakGlass.reason" hint="breakGlass.reasonHint" multiline required maxLength={2000} error={fieldError(open.fields, 'reason')} />
        <SelectField name="minutes" label="breakGlass.duration" defaultValue="60" options={[15, 30, 60, 120, 240].map((m) => ({ value: String(m), label: intl.formatMessage({ id: 'breakGlass.minutes' }, { count: m }) }))} />
        <button type="submit" className="primary danger" disabled={open.busy}>
          <FormattedMessage id="breakGlass.confirm" />
        </button>
      </form>
    </section>
  );
}

function ReviewForm(props: { id: string; active: boolean; onDone: () => void }) {
  const review = useAction((body: Body<'/api/break-glass/{id}/review', 'post'>) => data(() => client.POST('/api/break-glass/{id}/review', { params: { path: { id: props.id } }, body })));
  async function submit(e: FormEvent<HTMLFormElement>) {
    e.preventDefault();
    const f = new FormData(e.currentTarget);
    if ((await review.run({ note: String(f.get('note') ?? ''), endNow: f.get('endNow') === 'true' })).ok) props.onDone();
  }
  return (
    <form className="inline-form" onSubmit={submit}>
      {review.error && (
        <p className="form-error" role="alert">
          <Icon of={CircleExclamationPoint} />
          <FormattedMessage id={review.error} />
        </p>
      )}
      <TextField name="note" label="breakGlass.note" multiline required maxLength={2000} />
      {props.active && <Checkbox name="endNow" label="breakGlass.endNow" />}
      <button type="submit">
        <FormattedMessage id="breakGlass.review" />
      </button>
    </form>
  );
}
