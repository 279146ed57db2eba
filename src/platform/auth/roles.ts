// The roles a person can hold in an organisation. One account may hold several roles in one
// organisation and memberships in several organisations; it always acts for one at a time.
export const ROLES = [
  'platform_admin',
  'org_admin',
  'case_coordinator',
  'caseworker',
  'dpo',
  'plan_coordinator',
  'contributor',
  'civic_monitor',
  'donor_officer',
  'viewer',
] as const;

export type Role = (typeof ROLES)[number];

export function isRole(value: unknown): value is Role {
  return typeof value === 'string' && (ROLES as readonly string[]).includes(value);
}
