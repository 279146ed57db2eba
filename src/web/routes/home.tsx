// The home page: one section for each kind of work the person's roles allow. Sections whose
// module has not been built show what will appear there; none shows invented figures.
import type { ComponentType } from 'react';
import { FormattedMessage } from 'react-intl';
import type { Ability } from '../../modules/identity/policy.ts';
import { useMe } from '../api/session.tsx';
import { RoleTags } from '../components/role-tags.tsx';
import { MembersPanel } from './home-members.tsx';
import { OrganisationsPanel } from './home-organisations.tsx';
import { CaseloadPanel, DueActionsPanel, InboxPanel } from './home-cases.tsx';
import { CoordinatedPlansPanel } from './home-plans.tsx';
import { RemindersPanel } from './home-reminders.tsx';
import { ContributionsPanel } from './home-contributions.tsx';
import { CivicSpacePanel } from './home-civic.tsx';
import { FundingPanel } from './home-funding.tsx';
import { PublishedPlansPanel } from './published-plans.tsx';
import { AlarmClock, ArrowRightLeft, Bell, ClipboardList, FileText, FolderOpen, HandCoins, Landmark, type LucideIcon, Megaphone, MessagesSquare, ShieldCheck, Users } from 'lucide-react';
import { Icon } from '../components/icon.tsx';

/** A section shows when the person has any of its abilities. */
type Section = { ability: Ability | Ability[]; key: string; icon: LucideIcon; Panel?: ComponentType };

const SECTIONS: Section[] = [
  { ability: 'cases.coordinate', key: 'casesCoordinate', icon: FolderOpen, Panel: CaseloadPanel },
  { ability: 'cases.work', key: 'casesWork', icon: ArrowRightLeft, Panel: InboxPanel },
  { ability: ['cases.coordinate', 'cases.work'], key: 'reminders', icon: Bell, Panel: RemindersPanel },
  { ability: ['cases.coordinate', 'cases.work'], key: 'dueActions', icon: AlarmClock, Panel: DueActionsPanel },
  { ability: 'privacy.oversee', key: 'privacy', icon: ShieldCheck },
  { ability: 'plans.coordinate', key: 'plansCoordinate', icon: ClipboardList, Panel: CoordinatedPlansPanel },
  { ability: 'plans.contribute', key: 'plansContribute', icon: MessagesSquare, Panel: ContributionsPanel },
  { ability: 'civicspace.monitor', key: 'civicSpace', icon: Megaphone, Panel: CivicSpacePanel },
  { ability: ['funding.manage', 'funding.apply'], key: 'funding', icon: HandCoins, Panel: FundingPanel },
  { ability: 'reports.view', key: 'reports', icon: FileText, Panel: PublishedPlansPanel },
  { ability: 'platform.organisations.manage', key: 'organisations', icon: Landmark, Panel: OrganisationsPanel },
  { ability: 'org.members.view', key: 'members', icon: Users, Panel: MembersPanel },
];

export function HomePage() {
  const me = useMe();
  const org = me.memberships.find((m) => m.orgId === me.activeOrgId);
  const sections = SECTIONS.filter((s) => [s.ability].flat().some((a) => me.abilities.includes(a)));
  return (
    <>
      <h1 tabIndex={-1}>
        <FormattedMessage id="home.title" values={{ name: me.user.displayName }} />
      </h1>
      {org ? (
        <p className="lead">
          <FormattedMessage id="home.intro" values={{ org: org.orgName }} />{' '}
          <span className="roles">
            <RoleTags roles={me.roles} />
          </span>
        </p>
      ) : (
        <p className="lead">
          <FormattedMessage id="home.noOrganisation" />
        </p>
      )}
      <div className="home-sections">
        {sections.map(({ key, icon, Panel }) => (
          <section key={key} className="panel" aria-labelledby={`home-${key}`}>
            <h2 id={`home-${key}`}>
              <Icon of={icon} />
              <FormattedMessage id={`home.${key}.title`} />
            </h2>
            {Panel ? (
              <Panel />
            ) : (
              <p className="empty-state">
                <FormattedMessage id={`home.${key}.empty`} />
              </p>
            )}
          </section>
        ))}
      </div>
    </>
  );
}
