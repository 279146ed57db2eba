// Funding calls seen without signing in: only those their funders chose to list publicly, and only
// while open. Applying needs an account of an organisation in the directory.
import { FormattedMessage, useIntl } from 'react-intl';
import { Link } from 'react-router';
import { client, data, useLoad } from '../api/typed.ts';
import { Loaded } from '../components/loaded.tsx';
import { PublicFrame } from '../components/public-frame.tsx';
import { Day, Moment, Money } from './funding/funding-parts.tsx';
import { useCountries } from './civic/use-countries.ts';

export default function PublicFundingPage() {
  const state = useLoad(() => data(client.GET('/api/public/funding/calls')), []);
  const { name } = useCountries();
  const intl = useIntl();
  return (
    <PublicFrame wide>
      <h1>
        <FormattedMessage id="publicFunding.title" />
      </h1>
      <p className="lead">
        <FormattedMessage id="publicFunding.intro" />
      </p>
      <Loaded state={state}>
        {({ calls }) =>
          calls.length === 0 ? (
            <p className="empty-state">
              <FormattedMessage id="publicFunding.none" />
            </p>
          ) : (
            <ul className="cards">
              {calls.map((c) => (
                <li key={c.id} className="card">
                  <h2 dir="auto">{c.title}</h2>
                  {c.funder && (
                    <p className="meta">
                      <bdi>{c.funder}</bdi>
                    </p>
                  )}
                  <p className="free-text" dir="auto">
                    {c.purpose}
                  </p>
                  <dl className="facts">
                    <dt>
                      <FormattedMessage id="funding.field.dates" />
                    </dt>
                    <dd>
                      <FormattedMessage id="funding.opensCloses" values={{ opens: <Day value={c.opensOn} />, closes: <Moment value={c.deadline} /> }} />
                    </dd>
                    <dt>
                      <FormattedMessage id="funding.field.budgetCeiling" />
                    </dt>
                    <dd>
                      <Money value={c.budgetCeiling} currency={c.currency} />
                    </dd>
                    <dt>
                      <FormattedMessage id="funding.field.orgTypes" />
                    </dt>
                    <dd>{c.orgTypes.length === 0 ? <FormattedMessage id="funding.any" /> : c.orgTypes.map((t) => <span key={t} className="tag"><FormattedMessage id={`orgType.${t}`} /></span>)}</dd>
                    <dt>
                      <FormattedMessage id="funding.field.countries" />
                    </dt>
                    <dd>{c.countries.length === 0 ? <FormattedMessage id="funding.any" /> : intl.formatList(c.countries.map(name), { type: 'unit', style: 'short' })}</dd>
                  </dl>
                  {c.womenLedPriority && (
                    <p>
                      <span className="tag accent">
                        <FormattedMessage id="funding.womenLedPriority" />
                      </span>
                    </p>
                  )}
                </li>
              ))}
            </ul>
          )
        }
      </Loaded>
      <p>
        <Link className="button primary" to="/sign-in">
          <FormattedMessage id="publicFunding.signInToApply" />
        </Link>
      </p>
    </PublicFrame>
  );
}
