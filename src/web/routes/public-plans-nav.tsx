// The menu of a published plan's public pages.
import { FormattedMessage, useIntl } from 'react-intl';
import { NavLink } from 'react-router';

export function PublicPlanNav(props: { planId: string }) {
  const intl = useIntl();
  const pages = [
    ['', 'publicPlans.tab.overview'],
    ['report', 'publicPlans.tab.report'],
    ['figures', 'publicPlans.tab.figures'],
    ['results', 'publicPlans.tab.results'],
  ] as const;
  return (
    <nav className="section-nav" aria-label={intl.formatMessage({ id: 'publicPlans.tab.label' })}>
      <ul>
        {pages.map(([path, label]) => (
          <li key={path}>
            <NavLink to={`/public/plans/${props.planId}${path ? `/${path}` : ''}`} end={path === ''}>
              <FormattedMessage id={label} />
            </NavLink>
          </li>
        ))}
      </ul>
    </nav>
  );
}
