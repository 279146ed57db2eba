// Organisations: the directory (as each actor may see it, and the public one), profiles, and
// their creation by a platform administrator. Visibility is decided by row-level security:
// public to all, partners-only to organisations with an agreement in force, hidden to nobody else.
import { sql } from 'kysely';
import type { Tx } from '../../db.ts';
import type { Actor } from '../../platform/auth/actor.ts';
import { audit } from '../../platform/audit/audit.ts';
import { DomainError } from '../../platform/http/errors.ts';
import { invite, type PeopleDeps } from '../identity/people.ts';
import { can } from '../identity/policy.ts';
import {
  AREAS_OF_WORK,
  NEED_DOMAINS,
  ORG_TYPES,
  REGISTRATION_STATUSES,
  VISIBILITIES,
  type DirectoryQuery,
  type OrganisationProfile,
  type OrganisationSummary,
  type ProfileInput,
} from './schema.ts';

const pick = <T extends string>(values: readonly T[], v: string, fallback: T): T => values.find((x) => x === v) ?? fallback;
const only = <T extends string>(values: readonly T[], vs: string[]): T[] => vs.filter((v): v is T => (values as readonly string[]).includes(v));

const COLUMNS = [
  'o.id',
  'o.name',
  'o.short_name',
  'o.type',
  'o.country',
  'o.regions',
  'o.areas_of_work',
  'o.need_domains',
  'o.languages',
  'o.women_led',
  'o.gender_expertise',
  'o.registration_status',
  'o.visibility',
  'o.description',
] as const;

type Row = {
  id: string;
  name: string;
  short_name: string | null;
  type: string;
  country: string;
  regions: string[];
  areas_of_work: string[];
  need_domains: string[];
  languages: string[];
  women_led: boolean;
  gender_expertise: boolean;
  registration_status: string;
  visibility: string;
  description: string | null;
};

function summary(r: Row): OrganisationSummary {
  return {
    id: r.id,
    name: r.name,
    shortName: r.short_name,
    type: pick(ORG_TYPES, r.type, 'cso'),
    country: r.country,
    womenLed: r.women_led,
    genderExpertise: r.gender_expertise,
    visibility: pick(VISIBILITIES, r.visibility, 'hidden'),
  };
}

function profile(r: Row, actor: Actor | null, partner: boolean): OrganisationProfile {
  return {
    ...summary(r),
    regions: r.regions,
    areasOfWork: only(AREAS_OF_WORK, r.areas_of_work),
    needDomains: only(NEED_DOMAINS, r.need_domains),
    languages: r.languages,
    registrationStatus: pick(REGISTRATION_STATUSES, r.registration_status, 'registered'),
    description: r.description,
    isOwn: actor?.orgId === r.id,
    isPartner: partner,
  };
}

function directoryQuery(tx: Tx, q: DirectoryQuery) {
  let s = tx.selectFrom('organisations as o').select(COLUMNS);
  if (q.q) {
    const like = `%${q.q.replace(/[\\%_]/g, '\\$&')}%`;
    s = s.where((eb) => eb.or([eb('o.name', 'ilike', like), eb('o.short_name', 'ilike', like), eb('o.description', 'ilike', like)]));
  }
  if (q.type) s = s.where('o.type', '=', q.type);
  if (q.country) s = s.where('o.country', '=', q.country);
  if (q.domain) s = s.where(sql<boolean>`${q.domain} = ANY (o.need_domains)`);
  if (q.area) s = s.where(sql<boolean>`${q.area} = ANY (o.areas_of_work)`);
  if (q.region) s = s.where(sql<boolean>`${q.region} = ANY (o.regions)`);
  if (q.language) s = s.where(sql<boolean>`${q.language} = ANY (o.languages)`);
  if (q.womenLed !== undefined) s = s.where('o.women_led', '=', q.womenLed);
  return s.orderBy('o.name').limit(500);
}

/** The directory as the acting organisation may see it. */
export async function searchDirectory(tx: Tx, actor: Actor, q: DirectoryQuery): Promise<OrganisationProfile[]> {
  if (!can(actor, 'directory.view')) throw new DomainError('forbidden');
  const rows = await directoryQuery(tx, q).execute();
  const partners = await partnerIds(tx, actor);
  return rows.map((r) => profile(r, actor, partners.has(r.id)));
}

/** The public directory: public organisations only, to anyone, signed in or not. */
export async function publicDirectory(tx: Tx, q: DirectoryQuery): Promise<OrganisationProfile[]> {
  const rows = await directoryQuery(tx, q).where('o.visibility', '=', 'public').execute();
  return rows.map((r) => ({ ...profile(r, null, false), isOwn: false }));
}

async function partnerIds(tx: Tx, actor: Actor): Promise<Set<string>> {
  if (!actor.orgId) return new Set();
  const rows = await tx
    .selectFrom('agreement_parties as p')
    .innerJoin('partnership_agreements as a', 'a.id', 'p.agreement_id')
    .select('p.org_id')
    .where('a.status', '=', 'active')
    .where(sql<boolean>`current_date BETWEEN a.valid_from AND a.valid_until`)
    .where('p.org_id', '<>', actor.orgId)
    .execute();
  return new Set(rows.map((r) => r.org_id));
}

export async function getOrganisation(tx: Tx, actor: Actor, id: string): Promise<OrganisationProfile> {
  if (!can(actor, 'directory.view')) throw new DomainError('forbidden');
  const row = await tx.selectFrom('organisations as o').select(COLUMNS).where('o.id', '=', id).executeTakeFirst();
  if (!row) throw new DomainError('not_found');
  return profile(row, actor, (await partnerIds(tx, actor)).has(id));
}

export async function updateOwnProfile(tx: Tx, actor: Actor, input: ProfileInput): Promise<OrganisationProfile> {
  if (!can(actor, 'org.profile.edit') || !actor.orgId) throw new DomainError('forbidden');
  await tx
    .updateTable('organisations')
    .set({
      name: input.name,
      short_name: input.shortName,
      regions: input.regions,
      areas_of_work: input.areasOfWork,
      need_domains: input.needDomains,
      languages: input.languages,
      women_led: input.womenLed,
      gender_expertise: input.genderExpertise,
      registration_status: input.registrationStatus,
      visibility: input.visibility,
      description: input.description,
      updated_at: new Date(),
    })
    .where('id', '=', actor.orgId)
    .execute();
  await audit(tx, { action: 'org.profile.update', subjectType: 'organisation', subjectId: actor.orgId, subjectOrgId: actor.orgId, details: { visibility: input.visibility } });
  return getOrganisation(tx, actor, actor.orgId);
}

export type NewOrganisationInput = ProfileInput & {
  type: (typeof ORG_TYPES)[number];
  country: string;
  firstAdmin?: { email: string; displayName: string; locale: 'en' | 'ru' | 'ar' };
};

export async function createOrganisation(tx: Tx, actor: Actor, input: NewOrganisationInput, deps: PeopleDeps, now: Date) {
  if (!can(actor, 'platform.organisations.manage')) throw new DomainError('forbidden');
  const country = await tx.selectFrom('jurisdictions').select('code').where('code', '=', input.country).executeTakeFirst();
  if (!country) throw new DomainError('validation_failed', undefined, [{ path: 'body.country', message: 'is not a jurisdiction of this installation', code: 'invalid_choice' }]);
  const org = await tx
    .insertInto('organisations')
    .values({
      name: input.name,
      short_name: input.shortName,
      type: input.type,
      country: input.country,
      regions: input.regions,
      areas_of_work: input.areasOfWork,
      need_domains: input.needDomains,
      languages: input.languages,
      women_led: input.womenLed,
      gender_expertise: input.genderExpertise,
      registration_status: input.registrationStatus,
      visibility: input.visibility,
      description: input.description,
    })
    .returning('id')
    .executeTakeFirstOrThrow();
  await audit(tx, { action: 'org.create', subjectType: 'organisation', subjectId: org.id, subjectOrgId: org.id });
  if (input.firstAdmin) {
    await invite(tx, actor, { ...input.firstAdmin, roles: ['org_admin'] }, deps, now, org.id);
  }
  return { id: org.id };
}

export async function listJurisdictions(tx: Tx) {
  const rows = await tx.selectFrom('jurisdictions').select(['code', 'names', 'regions']).orderBy('code').execute();
  return rows.map((r) => ({ code: r.code, names: r.names, regions: r.regions }));
}

/** Every organisation on the platform (platform administrators). */
export async function listOrganisations(tx: Tx, actor: Actor): Promise<OrganisationSummary[]> {
  if (!can(actor, 'platform.organisations.manage')) throw new DomainError('forbidden');
  const rows = await tx.selectFrom('organisations as o').select(COLUMNS).orderBy('o.name').execute();
  return rows.map(summary);
}
