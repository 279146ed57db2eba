// Home-page panel of reminders: what on the organisation's cases needs attention, soonest
// first, each dismissable once handled.
import { useState } from 'react';
import { FormattedDate, FormattedMessage, useIntl } from 'react-intl';
import { Link } from 'react-router';
import type { ReminderView } from '../../modules/cases/schema.ts';
import { api } from '../api/client.ts';
import { useAction } from '../api/use-action.ts';
import { useApi } from '../api/use-api.ts';
import { Loaded } from '../components/loaded.tsx';

export function RemindersPanel() {
  const state = useApi<{ reminders: ReminderView[] }>('/api/reminders');
  const [dismissed, setDismissed] = useState<string[]>([]);
  const intl = useIntl();
  const dismiss = useAction((id: string) => api<null>('POST', `/api/reminders/${id}/dismiss`));
  const today = new Date().toISOString().slice(0, 10);
  return (
    <Loaded state={state}>
      {({ reminders }) => {
        const open = reminders.filter((r) => !dismissed.includes(r.id));
        if (open.length === 0) {
          return (
            <p className="empty-state">
              <FormattedMessage id="reminders.none" />
            </p>
          );
        }
        return (
          <>
            {dismiss.error && (
              <p role="alert" className="error">
                <FormattedMessage id={dismiss.error} />
              </p>
            )}
            <ul className="compact reminders">
              {open.map((r) => (
                <li key={r.id} className={r.dueOn < today ? 'overdue' : undefined}>
                  <Link to={`/cases/${r.caseId}`}>{r.alias}</Link> {r.caseNumber && <span className="meta" dir="ltr">{r.caseNumber}</span>}
                  <br />
                  <FormattedMessage id={`reminders.kind.${r.kind}`} values={{ date: <FormattedDate value={r.dueOn} timeZone="UTC" dateStyle="medium" /> }} />
                  {r.dueOn < today && (
                    <>
                      {' '}
                      <strong>
                        <FormattedMessage id="reminders.overdue" />
                      </strong>
                    </>
                  )}{' '}
                  <button
                    type="button"
                    className="link-button"
                    disabled={dismiss.busy}
                    aria-label={intl.formatMessage({ id: 'reminders.dismissLabel' }, { case: r.caseNumber ?? r.alias })}
                    onClick={async () => {
                      if ((await dismiss.run(r.id)).ok) setDismissed((d) => [...d, r.id]);
                    }}
                  >
                    <FormattedMessage id="reminders.dismiss" />
                  </button>
                </li>
              ))}
            </ul>
          </>
        );
      }}
    </Loaded>
  );
}
