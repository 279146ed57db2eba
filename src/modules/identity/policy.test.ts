import { describe, expect, it } from 'vitest';
import { ROLES, type Role } from '../../platform/auth/roles.ts';
import { abilitiesOf, can, type Ability } from './policy.ts';

// role × ability → allowed. Every role appears; an ability not listed for a role is denied.
const TABLE: Record<Role, Ability[]> = {
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

const actor = (roles: Role[]) => ({ userId: 'u', sessionId: 's', stage: 'complete' as const, orgId: 'o', roles });

describe('abilities by role', () => {
  it.each(ROLES)('%s has exactly its abilities', (role) => {
    expect(abilitiesOf([role]).sort()).toEqual([...TABLE[role]].sort());
  });

  it('combines the abilities of several roles', () => {
    expect(abilitiesOf(['caseworker', 'org_admin'])).toEqual(
      expect.arrayContaining(['cases.work', 'org.members.manage']),
    );
  });

  it('gives nothing to nobody and to a person without roles', () => {
    expect(can(null, 'reports.view')).toBe(false);
    expect(can(actor([]), 'reports.view')).toBe(false);
    expect(can(actor(['viewer']), 'reports.view')).toBe(true);
    expect(can(actor(['viewer']), 'cases.work')).toBe(false);
  });
});
