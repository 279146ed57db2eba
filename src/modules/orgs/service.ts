// Organisations: the list a platform administrator manages, and the people of one's own.
import type { Tx } from '../../db.ts';
import type { Actor } from '../../platform/auth/actor.ts';
import { isRole } from '../../platform/auth/roles.ts';
import { DomainError } from '../../platform/http/errors.ts';
import { audit } from '../../platform/audit/audit.ts';
import { can } from '../identity/policy.ts';
import { ORG_TYPES, VISIBILITIES, type OrganisationSummary } from './schema.ts';

const asOrgType = (v: string) => ORG_TYPES.find((t) => t === v) ?? 'cso';
const asVisibility = (v: string) => VISIBILITIES.find((t) => t === v) ?? 'hidden';

export async function listOrganisations(tx: Tx, actor: Actor): Promise<OrganisationSummary[]> {
  if (!can(actor, 'platform.organisations.manage')) throw new DomainError('forbidden');
  const rows = await tx
    .selectFrom('organisations')
    .select(['id', 'name', 'short_name', 'type', 'country', 'women_led', 'gender_expertise', 'visibility'])
    .orderBy('name')
    .execute();
  return rows.map((r) => ({
    id: r.id,
    name: r.name,
    shortName: r.short_name,
    type: asOrgType(r.type),
    country: r.country,
    womenLed: r.women_led,
    genderExpertise: r.gender_expertise,
    visibility: asVisibility(r.visibility),
  }));
}

export async function listMembers(tx: Tx, actor: Actor) {
  if (!can(actor, 'org.members.view') || actor.orgId === null) throw new DomainError('forbidden');
  await audit(tx, { action: 'org.members.read', subjectType: 'organisation', subjectId: actor.orgId, subjectOrgId: actor.orgId });
  const rows = await tx
    .selectFrom('memberships as m')
    .innerJoin('users as u', 'u.id', 'm.user_id')
    .select(['u.id', 'u.display_name', 'u.email', 'm.roles', 'm.status'])
    .where('m.org_id', '=', actor.orgId)
    .orderBy('u.display_name')
    .execute();
  return rows.map((r) => ({
    userId: r.id,
    displayName: r.display_name,
    email: r.email,
    roles: r.roles.filter(isRole),
    status: r.status === 'active' ? ('active' as const) : ('deactivated' as const),
  }));
}
