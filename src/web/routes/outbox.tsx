// Mail waiting in the outbox. Without an SMTP server, invitations and password-reset links are
// held here for an administrator to pass on — only those to the people of the organisation the
// administrator acts for (a platform administrator included); reading them is recorded in the
// audit trail.
import { FormattedDate, FormattedMessage } from 'react-intl';
import { client, data, useLoad } from '../api/typed.ts';
import { Loaded } from '../components/loaded.tsx';

export function OutboxPage() {
  const state = useLoad(() => data(client.GET('/api/mail/outbox')), []);
  return (
    <>
      <h1 tabIndex={-1}>
        <FormattedMessage id="outbox.title" />
      </h1>
      <p className="lead">
        <FormattedMessage id="outbox.intro" />
      </p>
      <Loaded state={state}>
        {({ messages }) =>
          messages.length === 0 ? (
            <p className="empty-state">
              <FormattedMessage id="outbox.empty" />
            </p>
          ) : (
            <ul className="cards">
              {messages.map((m) => (
                <li key={m.id} className="card mail">
                  <h2>{m.subject}</h2>
                  <p className="meta">
                    <span dir="ltr">{m.to}</span> · <FormattedDate value={m.createdAt} dateStyle="medium" timeStyle="short" /> ·{' '}
                    <FormattedMessage id={`mailStatus.${m.status}`} />
                  </p>
                  {m.text && <pre className="mail-body">{m.text}</pre>}
                </li>
              ))}
            </ul>
          )
        }
      </Loaded>
    </>
  );
}
