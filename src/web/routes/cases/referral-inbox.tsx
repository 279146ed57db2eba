// The referral inbox of an organisation: referrals waiting for an answer first (overdue ones
// marked), then the people it serves now, then the rest. Each group pages on its own, by cursor
// (the server's `next` and `previous`), newest first.
import { useState } from 'react';
import { FormattedMessage } from 'react-intl';
import { client, data, useLoad, type Answer } from '../../api/typed.ts';
import { Loaded } from '../../components/loaded.tsx';
import { ReferralCard } from './referral-parts.tsx';
import { ArrowRight } from 'lucide-react';
import { Icon } from '../../components/icon.tsx';

type InboxPage = Answer<'/api/referrals/inbox'>;
type InboxGroupPage = InboxPage['groups'][number];
type ReferralView = InboxPage['referrals'][number];
type Group = InboxGroupPage['group'];
const HEADINGS: Record<Group, { exact: string; capped: string }> = {
  waiting: { exact: 'inbox.waiting', capped: 'inbox.waitingCapped' },
  active: { exact: 'inbox.active', capped: 'inbox.activeCapped' },
  past: { exact: 'inbox.past', capped: 'inbox.pastCapped' },
};
type Cursor = { direction: 'after' | 'before'; cursor: string };

export function ReferralInboxPage() {
  const [version, setVersion] = useState(0);
  const state = useLoad(() => data(client.GET('/api/referrals/inbox')), [version]);
  const changed = () => setVersion((v) => v + 1);
  return (
    <>
      <h1 tabIndex={-1}>
        <FormattedMessage id="inbox.title" />
      </h1>
      <Loaded state={state}>
        {({ referrals, groups }) => (
          <>
            {groups.map((g) => (
              <InboxGroup key={`${g.group}:${version}`} first={g} referrals={referrals} onChanged={changed} />
            ))}
          </>
        )}
      </Loaded>
    </>
  );
}

const STATUSES: Record<Group, string[]> = { waiting: ['proposed'], active: ['accepted'], past: ['closed', 'declined', 'withdrawn'] };

/** One group: its first page from the inbox's answer, later pages asked for on their own. */
function InboxGroup({ first, referrals, onChanged }: { first: InboxGroupPage; referrals: ReferralView[]; onChanged: () => void }) {
  const [at, setAt] = useState<Cursor | null>(null);
  const heading = HEADINGS[first.group];
  return (
    <section className="panel" aria-labelledby={heading.exact}>
      <h2 id={heading.exact}>
        <FormattedMessage id={first.totalCapped ? heading.capped : heading.exact} values={{ count: first.total }} />
      </h2>
      {at === null ? (
        <GroupItems items={referrals.filter((r) => STATUSES[first.group].includes(r.status))} page={first} onPage={setAt} onChanged={onChanged} />
      ) : (
        <LaterPage group={first.group} at={at} onPage={setAt} onChanged={onChanged} />
      )}
    </section>
  );
}

function LaterPage({ group, at, onPage, onChanged }: { group: Group; at: Cursor; onPage: (c: Cursor) => void; onChanged: () => void }) {
  const state = useLoad(
    () => data(client.GET('/api/referrals/inbox', { params: { query: { group, [at.direction]: at.cursor } } })),
    [group, at.direction, at.cursor],
  );
  return <Loaded state={state}>{({ referrals, groups }) => <GroupItems items={referrals} page={groups[0]!} onPage={onPage} onChanged={onChanged} />}</Loaded>;
}

function GroupItems({ items, page, onPage, onChanged }: { items: ReferralView[]; page: InboxGroupPage; onPage: (c: Cursor) => void; onChanged: () => void }) {
  const { next, previous } = page;
  return (
    <>
      {items.length === 0 ? (
        <p className="empty-state">
          <FormattedMessage id="inbox.empty" />
        </p>
      ) : (
        <ul className="cards">
          {items.map((r) => (
            <ReferralCard key={r.id} r={r} showCase onChanged={onChanged} />
          ))}
        </ul>
      )}
      {(previous || next) && (
        <p className="pager">
          {previous && (
            <button type="button" onClick={() => onPage({ direction: 'before', cursor: previous })}>
              <FormattedMessage id="cases.previous" />
            </button>
          )}
          {next && (
            <button type="button" onClick={() => onPage({ direction: 'after', cursor: next })}>
              <Icon of={ArrowRight} directional />
              <FormattedMessage id="cases.next" />
            </button>
          )}
        </p>
      )}
    </>
  );
}
