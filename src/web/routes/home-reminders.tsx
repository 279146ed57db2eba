// Home-page panel of reminders: what on the organisation's cases needs attention, soonest
// first, each dismissable once handled.
import { useState } from 'react';
import { FormattedDate, FormattedMessage, useIntl } from 'react-intl';
import { Link } from 'react-router';
import { useAction } from '../api/use-action.ts';
import { client, data, useLoad } from '../api/typed.ts';
import { Loaded } from '../components/loaded.tsx';

export function RemindersPanel() {
  const state = useLoad(() => data(client.GET('/api/reminders')), []);
  const [dismissed, setDismissed] = useState<string[]>([]);
  const intl = useIntl();
  const dismiss = useAction((id: string) => data(() => client.POST('/api/reminders/{id}/dismiss', { params: { path: { id } } })));
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
