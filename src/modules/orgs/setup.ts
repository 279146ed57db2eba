// Creating jurisdictions and organisations outside any request: installation (CLI) and demo
// data. Runs in a system transaction; requests create organisations through the service.
import type { Tx } from '../../db.ts';
import type { LocalisedNames } from './schema.ts';

export type NewJurisdiction = { code: string; names: LocalisedNames; regions?: Array<{ code: string; names: LocalisedNames }> };

export async function ensureJurisdiction(tx: Tx, j: NewJurisdiction): Promise<void> {
  await tx
    .insertInto('jurisdictions')
    .values({ code: j.code, names: JSON.stringify(j.names), regions: JSON.stringify(j.regions ?? []) })
    .onConflict((oc) => oc.column('code').doNothing())
    .execute();
}

/** Names of a real country in the three interface languages, from the runtime's own data. */
export function countryNames(code: string): LocalisedNames {
  const name = (locale: string) => new Intl.DisplayNames([locale], { type: 'region' }).of(code) ?? code;
  return { en: name('en'), ru: name('ru'), ar: name('ar') };
}

export type NewOrganisation = {
  name: string;
  shortName?: string;
  type: string;
  country: string;
  regions?: string[];
  areasOfWork?: string[];
  needDomains?: string[];
  languages?: string[];
  womenLed?: boolean;
  genderExpertise?: boolean;
  registrationStatus?: string;
  visibility?: string;
  description?: string;
};

export async function insertOrganisation(tx: Tx, o: NewOrganisation): Promise<string> {
  const row = await tx
    .insertInto('organisations')
    .values({
      name: o.name,
      short_name: o.shortName ?? null,
      type: o.type,
      country: o.country,
      regions: o.regions ?? [],
      areas_of_work: o.areasOfWork ?? [],
      need_domains: o.needDomains ?? [],
      languages: o.languages ?? [],
      women_led: o.womenLed ?? false,
      gender_expertise: o.genderExpertise ?? false,
      registration_status: o.registrationStatus ?? 'registered',
      visibility: o.visibility ?? 'partners',
      description: o.description ?? null,
    })
    .returning('id')
    .executeTakeFirstOrThrow();
  return row.id;
}

export async function findOrganisationByName(tx: Tx, name: string): Promise<string | undefined> {
  const row = await tx.selectFrom('organisations').select('id').where('name', '=', name).executeTakeFirst();
  return row?.id;
}

export type NewAgreement = {
  title: string;
  services: string;
  parties: string[];
  dataCategories: string[];
  legalBasis: string;
  retentionMonths: number;
  validFrom: string;
  validUntil: string;
  reviewDate?: string;
  /** Parties that have signed; all of them makes the agreement active. */
  signedBy: Array<{ orgId: string; name: string; title: string }>;
};

export async function insertAgreement(tx: Tx, a: NewAgreement, at: Date): Promise<string> {
  const allSigned = a.parties.every((p) => a.signedBy.some((s) => s.orgId === p));
  const row = await tx
    .insertInto('partnership_agreements')
    .values({
      title: a.title,
      services: a.services,
      data_categories: a.dataCategories,
      legal_basis: a.legalBasis,
      retention_months: a.retentionMonths,
      valid_from: a.validFrom,
      valid_until: a.validUntil,
      review_date: a.reviewDate ?? null,
      status: allSigned ? 'active' : a.signedBy.length > 0 ? 'signing' : 'draft',
      created_by_org: a.parties[0]!,
    })
    .returning('id')
    .executeTakeFirstOrThrow();
  await tx
    .insertInto('agreement_parties')
    .values(
      a.parties.map((org) => {
        const s = a.signedBy.find((x) => x.orgId === org);
        return { agreement_id: row.id, org_id: org, signed_at: s ? at : null, signatory_name: s?.name ?? null, signatory_title: s?.title ?? null };
      }),
    )
    .execute();
  return row.id;
}
