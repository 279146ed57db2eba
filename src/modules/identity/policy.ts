// What each role may do, as pure functions. The web app receives the computed abilities and
// never re-derives them from roles. Row-level security mirrors these rules in the database.
import type { Actor } from '../../platform/auth/actor.ts';
import type { Role } from '../../platform/auth/roles.ts';

export const ABILITIES = [
  'platform.organisations.manage',
  'platform.jobs.manage',
  'org.profile.edit',
  'org.members.view',
  'org.members.manage',
  'org.agreements.view',
  'org.agreements.manage',
  'directory.view',
  'cases.coordinate',
  'cases.work',
  'cases.instruments.manage',
  'privacy.oversee',
  'plans.coordinate',
  'plans.contribute',
  'civicspace.monitor',
  'funding.manage',
  /** Apply for funding on behalf of the organisation (calls are read by every member). */
  'funding.apply',
  'reports.view',
  /** Computed indicators from case data (monitoring/indicator-policy.ts decides the scope). */
  'indicators.view',
] as const;

export type Ability = (typeof ABILITIES)[number];

const BY_ROLE: Record<Role, readonly Ability[]> = {
  platform_admin: ['platform.organisations.manage', 'platform.jobs.manage', 'org.members.view', 'directory.view', 'cases.instruments.manage'],
  org_admin: ['org.profile.edit', 'org.members.view', 'org.members.manage', 'org.agreements.view', 'org.agreements.manage', 'directory.view', 'cases.instruments.manage', 'indicators.view', 'funding.apply'],
  case_coordinator: ['cases.coordinate', 'org.members.view', 'org.agreements.view', 'directory.view', 'indicators.view'],
  caseworker: ['cases.work', 'directory.view', 'indicators.view'],
  dpo: ['privacy.oversee', 'org.members.view', 'org.agreements.view', 'directory.view', 'indicators.view'],
  plan_coordinator: ['plans.coordinate', 'directory.view', 'indicators.view'],
  contributor: ['plans.contribute', 'directory.view', 'funding.apply'],
  civic_monitor: ['civicspace.monitor', 'directory.view'],
  donor_officer: ['funding.manage', 'reports.view', 'directory.view', 'indicators.view'],
  viewer: ['reports.view', 'directory.view'],
};

export function abilitiesOf(roles: readonly Role[]): Ability[] {
  const granted = new Set(roles.flatMap((r) => BY_ROLE[r]));
  return ABILITIES.filter((a) => granted.has(a));
}

export function can(actor: Actor | null, ability: Ability): boolean {
  return actor !== null && abilitiesOf(actor.roles).includes(ability);
}
