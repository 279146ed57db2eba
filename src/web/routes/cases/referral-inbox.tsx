// The referral inbox of an organisation: referrals waiting for an answer first (overdue ones
// marked), then the people it serves now, then the rest.
import { useState } from 'react';
import { FormattedMessage } from 'react-intl';
import type { ReferralView } from '../../../modules/cases/schema.ts';
import { useApi } from '../../api/use-api.ts';
import { Loaded } from '../../components/loaded.tsx';
import { ReferralCard } from './referral-parts.tsx';

export function ReferralInboxPage() {
  const [version, setVersion] = useState(0);
  const state = useApi<{ referrals: ReferralView[] }>(`/api/referrals/inbox?v=${version}`);
  const groups: Array<{ key: string; statuses: string[] }> = [
    { key: 'inbox.waiting', statuses: ['proposed'] },
    { key: 'inbox.active', statuses: ['accepted'] },
    { key: 'inbox.past', statuses: ['closed', 'declined', 'withdrawn'] },
  ];
  return (
    <>
      <h1 tabIndex={-1}>
        <FormattedMessage id="inbox.title" />
      </h1>
      <Loaded state={state}>
        {({ referrals }) => (
          <>
            {groups.map((g) => {
              const items = referrals.filter((r) => g.statuses.includes(r.status));
              return (
                <section key={g.key} className="panel" aria-labelledby={g.key}>
                  <h2 id={g.key}>
                    <FormattedMessage id={g.key} values={{ count: items.length }} />
                  </h2>
                  {items.length === 0 ? (
                    <p className="empty-state">
                      <FormattedMessage id="inbox.empty" />
                    </p>
                  ) : (
                    <ul className="cards">
                      {items.map((r) => (
                        <ReferralCard key={r.id} r={r} showCase onChanged={() => setVersion((v) => v + 1)} />
                      ))}
                    </ul>
                  )}
                </section>
              );
            })}
          </>
        )}
      </Loaded>
    </>
  );
}
