// The menu of one plan's pages. Every page of a plan shows it under its heading, so that each
// page loads only its own data (a slow connection fetches only what is opened).
import { FormattedMessage, useIntl } from 'react-intl';
import { NavLink } from 'react-router';

const PAGES: Array<{ path: string; label: string }> = [
  { path: '', label: 'plans.tab.overview' },
  { path: 'sections', label: 'plans.tab.sections' },
  { path: 'consultations', label: 'plans.tab.consultations' },
  { path: 'contributions', label: 'plans.tab.contributions' },
  { path: 'commitments', label: 'plans.tab.commitments' },
  { path: 'report', label: 'plans.tab.report' },
  { path: 'figures', label: 'plans.tab.figures' },
];

export function PlanNav(props: { planId: string }) {
  const intl = useIntl();
  return (
    <nav className="section-nav" aria-label={intl.formatMessage({ id: 'plans.tab.label' })}>
      <ul>
        {PAGES.map((p) => (
          <li key={p.path}>
            <NavLink to={`/plans/${props.planId}${p.path ? `/${p.path}` : ''}`} end={p.path === ''}>
              <FormattedMessage id={p.label} />
            </NavLink>
          </li>
        ))}
      </ul>
    </nav>
  );
}
