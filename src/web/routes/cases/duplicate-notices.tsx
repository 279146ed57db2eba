// For a data protection officer: possible duplicates across agencies that concern a case of
// their organisation. Each officer sees their own side only — their own case's number, the other
// organisation's name, the fields that matched and a reference shared with the other officer —
// and marks it reconciled with a note once the two have spoken.
import { useState, type FormEvent } from 'react';
import { FormattedDate, FormattedMessage, useIntl } from 'react-intl';
import { useAction } from '../../api/use-action.ts';
import { client, data, useLoad } from '../../api/typed.ts';
import { fieldError, TextField } from '../../components/fields.tsx';
import { Loaded } from '../../components/loaded.tsx';
import { CircleExclamationPoint } from 'lucide-react';
import { Icon } from '../../components/icon.tsx';

const FILTERS = ['open', 'reconciled', 'all'] as const;

export function DuplicateNoticesPage() {
  const intl = useIntl();
  const [status, setStatus] = useState<(typeof FILTERS)[number]>('open');
  const [version, setVersion] = useState(0);
  const state = useLoad(() => data(client.GET('/api/duplicate-notices', { params: { query: { status } } })), [status, version]);
  return (
    <>
      <h1 tabIndex={-1}>
        <FormattedMessage id="duplicateNotices.title" />
      </h1>
      <p className="lead">
        <FormattedMessage id="duplicateNotices.intro" />
      </p>
      <form className="filters" role="search" onSubmit={(e) => e.preventDefault()}>
        <div className="field">
          <label htmlFor="notice-status">
            <FormattedMessage id="duplicateNotices.filter" />
          </label>
          <select id="notice-status" value={status} onChange={(e) => setStatus(FILTERS.find((f) => f === e.target.value) ?? 'open')}>
            {FILTERS.map((f) => (
              <option key={f} value={f}>
                {intl.formatMessage({ id: `duplicateNotices.filter.${f}` })}
              </option>
            ))}
          </select>
        </div>
      </form>
      <Loaded state={state}>
        {({ notices }) =>
          notices.length === 0 ? (
            <p className="empty-state">
              <FormattedMessage id="duplicateNotices.none" />
            </p>
          ) : (
            <ul className="cards">
              {notices.map((n) => (
                <li key={n.id} className="card">
                  <h2>
                    <FormattedMessage id="duplicateNotices.reference" values={{ reference: <bdi dir="ltr">{n.reference}</bdi> }} />
                  </h2>
                  <p className="badges">
                    <span className={`tag ${n.status === 'open' ? 'status-suspended' : ''}`}>
                      <FormattedMessage id={`duplicateNotices.status.${n.status}`} />
                    </span>
                  </p>
                  <p>
                    <FormattedMessage id={`duplicateNotices.side.${n.side}`} values={{ org: <bdi>{n.otherOrgName}</bdi> }} />
                  </p>
                  <p>
                    <FormattedMessage id="duplicateNotices.yourCase" values={{ caseNumber: <bdi dir="ltr">{n.caseNumber}</bdi> }} />
                    {n.checkedByName && (
                      <>
                        {' · '}
                        <FormattedMessage id="duplicateNotices.checkedBy" values={{ name: n.checkedByName }} />
                      </>
                    )}
                  </p>
                  <p>
                    <FormattedMessage
                      id="duplicateNotices.fields"
                      values={{ fields: intl.formatList(n.fields.map((f) => intl.formatMessage({ id: `identity.field.${f}` })), { type: 'conjunction' }) }}
                    />
                  </p>
                  <p className="meta">
                    <FormattedDate value={n.raisedAt} dateStyle="medium" timeStyle="short" />
                  </p>
                  {n.note && (
                    <p>
                      <FormattedMessage id="duplicateNotices.reconciledBy" values={{ name: n.reconciledByName ?? '—' }} /> {n.note}
                    </p>
                  )}
                  {n.status === 'open' && <ReconcileForm id={n.id} onDone={() => setVersion((v) => v + 1)} />}
                </li>
              ))}
            </ul>
          )
        }
      </Loaded>
    </>
  );
}

function ReconcileForm(props: { id: string; onDone: () => void }) {
  const reconcile = useAction((body: { note: string }) => data(() => client.POST('/api/duplicate-notices/{id}/reconcile', { params: { path: { id: props.id } }, body })));
  async function submit(e: FormEvent<HTMLFormElement>) {
    e.preventDefault();
    const f = new FormData(e.currentTarget);
    if ((await reconcile.run({ note: String(f.get('note') ?? '') })).ok) props.onDone();
  }
  return (
    <form className="inline-form" onSubmit={submit}>
      {reconcile.error && reconcile.fields.length === 0 && (
        <p className="form-error" role="alert">
          <Icon of={CircleExclamationPoint} />
          <FormattedMessage id={reconcile.error} />
        </p>
      )}
      <TextField name="note" label="duplicateNotices.note" hint="duplicateNotices.noteHint" multiline required maxLength={2000} error={fieldError(reconcile.fields, 'note')} />
      <button type="submit" disabled={reconcile.busy}>
        <FormattedMessage id="duplicateNotices.reconcile" />
      </button>
    </form>
  );
}
