// Home panel of funding: for a donor officer, the organisation's calls; for an applicant, its
// applications with their stage; for both, reviews waiting for a declaration or scores.
import { FormattedMessage } from 'react-intl';
import { Link } from 'react-router';
import { client, data, useLoad } from '../api/typed.ts';
import { Loaded } from '../components/loaded.tsx';
import { StageTag } from './funding/funding-parts.tsx';

export function FundingPanel() {
  const calls = useLoad(() => data(client.GET('/api/funding/calls')), []);
  const reviews = useLoad(() => data(client.GET('/api/funding/reviews')), []);
  return (
    <Loaded state={calls}>
      {(list) => {
        const own = list.calls.filter((c) => c.own);
        const applied = list.calls.filter((c) => c.myApplication !== null);
        const open = list.calls.filter((c) => c.status === 'published' && !c.own && c.myApplication === null);
        const pending = reviews.status === 'ready' ? reviews.data.reviews.filter((r) => !r.declared || (r.open && !r.scored)) : [];
        const nothing = own.length === 0 && applied.length === 0 && open.length === 0 && pending.length === 0;
        return (
          <>
            {nothing && (
              <p className="empty-state">
                <FormattedMessage id="home.funding.empty" />
              </p>
            )}
            {(own.length > 0 || applied.length > 0) && (
              <ul className="compact">
                {own.slice(0, 6).map((c) => (
                  <li key={c.id}>
                    <Link to={`/funding/calls/${c.id}`} dir="auto">
                      {c.title}
                    </Link>{' '}
                    <span className="meta">
                      (<FormattedMessage id={`funding.callStatus.${c.status}`} />)
                    </span>
                  </li>
                ))}
                {applied.slice(0, 6).map((c) => (
                  <li key={c.id}>
                    <Link to={`/funding/applications/${c.myApplication!.id}`} dir="auto">
                      {c.title}
                    </Link>{' '}
                    <StageTag stage={c.myApplication!.stage} />
                  </li>
                ))}
              </ul>
            )}
            {list.can.apply && open.length > 0 && (
              <p>
                <FormattedMessage id="home.funding.openCalls" values={{ count: open.length }} />
              </p>
            )}
            {pending.length > 0 && (
              <p>
                <Link to="/funding/reviews">
                  <FormattedMessage id="home.funding.reviewsWaiting" values={{ count: pending.length }} />
                </Link>
              </p>
            )}
            <p>
              <Link to="/funding">
                <FormattedMessage id="home.funding.all" />
              </Link>
            </p>
          </>
        );
      }}
    </Loaded>
  );
}
