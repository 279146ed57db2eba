// The frame around every signed-in page: who is signed in and for which organisation, the
// language, navigation, and a skip link. Landmarks (banner, navigation, main) let screen-reader
// users jump between them.
import { useEffect, useId, useRef, useState, type ReactNode } from 'react';
import { FormattedMessage, useIntl } from 'react-intl';
import { NavLink, useLocation, useNavigate } from 'react-router';
import {
  ArrowRightLeft,
  BookUser,
  Building,
  ChartColumn,
  CircleUser,
  ClipboardList,
  Cog,
  Copy,
  FolderOpen,
  HandCoins,
  Handshake,
  Hourglass,
  House,
  Landmark,
  ListChecks,
  LogOut,
  Mail,
  Megaphone,
  Menu,
  ScrollText,
  ShieldExclamationPoint,
  Target,
  Users,
  type LucideIcon,
} from 'lucide-react';
import { useMe, useSession } from '../api/session.tsx';
import { Icon } from './icon.tsx';
import { LanguageSwitcher } from './language-switcher.tsx';
import { useRenderedPath } from './rendered-path.ts';
import type { Ability } from '../../modules/identity/policy.ts';

/** Navigation, shown to those whose abilities include one of `ability` (or to everyone). */
const NAV: Array<{ to: string; label: string; icon: LucideIcon; ability?: Ability[] }> = [
  { to: '/', label: 'shell.nav.home', icon: House },
  { to: '/cases', label: 'shell.nav.cases', icon: FolderOpen, ability: ['cases.coordinate', 'cases.work'] },
  { to: '/referrals', label: 'shell.nav.referrals', icon: ArrowRightLeft, ability: ['cases.coordinate', 'cases.work'] },
  { to: '/plans', label: 'shell.nav.plans', icon: ClipboardList, ability: ['plans.coordinate', 'plans.contribute', 'reports.view'] },
  { to: '/civic', label: 'shell.nav.civic', icon: Megaphone, ability: ['civicspace.monitor'] },
  // Calls are published to every organisation of the directory, and anyone may be asked to review.
  { to: '/funding', label: 'shell.nav.funding', icon: HandCoins, ability: ['directory.view'] },
  { to: '/figures', label: 'shell.nav.figures', icon: ChartColumn, ability: ['indicators.view'] },
  { to: '/results', label: 'shell.nav.results', icon: Target },
  { to: '/directory', label: 'shell.nav.directory', icon: BookUser, ability: ['directory.view'] },
  { to: '/organisation', label: 'shell.nav.organisation', icon: Building, ability: ['directory.view'] },
  { to: '/people', label: 'shell.nav.people', icon: Users, ability: ['org.members.view'] },
  { to: '/agreements', label: 'shell.nav.agreements', icon: Handshake, ability: ['org.agreements.view'] },
  { to: '/instruments', label: 'shell.nav.instruments', icon: ListChecks, ability: ['cases.instruments.manage'] },
  { to: '/audit', label: 'shell.nav.audit', icon: ScrollText, ability: ['privacy.oversee'] },
  { to: '/retention', label: 'shell.nav.retention', icon: Hourglass, ability: ['privacy.oversee'] },
  { to: '/duplicate-notices', label: 'shell.nav.duplicateNotices', icon: Copy, ability: ['privacy.oversee'] },
  { to: '/break-glass', label: 'shell.nav.breakGlass', icon: ShieldExclamationPoint, ability: ['cases.coordinate', 'cases.work', 'privacy.oversee'] },
  { to: '/platform/organisations', label: 'shell.nav.platform', icon: Landmark, ability: ['platform.organisations.manage'] },
  { to: '/outbox', label: 'shell.nav.outbox', icon: Mail, ability: ['org.members.manage', 'platform.organisations.manage'] },
  { to: '/jobs', label: 'shell.nav.jobs', icon: Cog, ability: ['platform.jobs.manage'] },
  { to: '/account', label: 'shell.nav.account', icon: CircleUser },
];

export function AppShell(props: { children: ReactNode }) {
  const intl = useIntl();
  const me = useMe();
  const { signOut, state } = useSession();
  const freshSignIn = state.status === 'signed-in' && state.fresh === true;
  const navigate = useNavigate();
  const mainRef = useRef<HTMLElement>(null);
  const { pathname } = useLocation();
  useRenderedPath();
  // On a phone the navigation is folded behind a Menu button (up to twenty entries filled five
  // rows above every page); from tablet width up it is always open and the button is hidden.
  // It was opened on one page; going to another closes it.
  const [menuOpenOn, setMenuOpenOn] = useState<string | null>(null);
  const menuOpen = menuOpenOn === pathname;
  const navListId = useId();

  // After navigating within the app, and right after signing in, move focus to the new page's
  // heading so that screen readers announce it. A page loaded afresh keeps the browser's own
  // focus order, which starts at the skip link.
  const mounted = useRef(false);
  useEffect(() => {
    if (mounted.current || freshSignIn) mainRef.current?.querySelector<HTMLElement>('h1')?.focus();
    mounted.current = true;
    // eslint-disable-next-line react-hooks/exhaustive-deps -- only a change of page moves focus
  }, [pathname]);

  return (
    <div className="app-layout">
      <a className="skip-link" href="#main">
        <FormattedMessage id="common.skipToContent" />
      </a>
      <header className="app-header">
        <span className="brand">
          <FormattedMessage id="app.name" />
        </span>
        <OrganisationPicker />
        <div className="header-end">
          <span className="user-name">
            <FormattedMessage id="shell.signedInAs" values={{ name: me.user.displayName }} />
          </span>
          <LanguageSwitcher />
          <button
            type="button"
            onClick={async () => {
              await signOut();
              void navigate('/sign-in', { replace: true });
            }}
          >
            <Icon of={LogOut} directional />
            <FormattedMessage id="shell.signOut" />
          </button>
        </div>
      </header>
      <nav className="app-nav" aria-label={intl.formatMessage({ id: 'shell.nav.label' })}>
        <button type="button" className="nav-toggle" aria-expanded={menuOpen} aria-controls={navListId} onClick={() => setMenuOpenOn(menuOpen ? null : pathname)}>
          <Icon of={Menu} />
          <FormattedMessage id="shell.nav.menu" />
        </button>
        <ul id={navListId} className={menuOpen ? 'open' : undefined}>
          {NAV.filter((item) => !item.ability || item.ability.some((a) => me.abilities.includes(a))).map((item) => (
            <li key={item.to}>
              <NavLink to={item.to} end={item.to === '/'}>
                <Icon of={item.icon} />
                <FormattedMessage id={item.label} />
              </NavLink>
            </li>
          ))}
        </ul>
      </nav>
      <main id="main" ref={mainRef} className="app-main" tabIndex={-1}>
        {props.children}
      </main>
    </div>
  );
}

/** The organisation the person acts for; a choice only when they belong to several. */
function OrganisationPicker() {
  const me = useMe();
  const { switchOrganisation } = useSession();
  const id = useId();
  const active = me.memberships.find((m) => m.orgId === me.activeOrgId);
  if (me.memberships.length <= 1) {
    return (
      <span className="acting-org">
        {active ? <FormattedMessage id="shell.actingFor" values={{ org: active.orgName }} /> : null}
      </span>
    );
  }
  return (
    <div className="acting-org">
      <label htmlFor={id}>
        <FormattedMessage id="shell.organisation" />
      </label>
      <select id={id} value={me.activeOrgId ?? ''} onChange={(e) => void switchOrganisation(e.target.value)}>
        {me.memberships.map((m) => (
          <option key={m.orgId} value={m.orgId}>
            {m.orgName}
          </option>
        ))}
      </select>
    </div>
  );
}
