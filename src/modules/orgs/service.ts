// Organisations: the list a platform administrator manages, and the people of one's own.
import type { Tx } from '../../db.ts';
import type { Actor } from '../../platform/auth/actor.ts';
import { DomainError } from '../../platform/http/errors.ts';
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
