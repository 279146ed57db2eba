// Vocabulary and API shapes of organisations, shared by routes, services and the web app.
import { z } from 'zod';
import { rule } from '../../platform/http/field-codes.ts';
import { line, paragraphs } from '../../platform/validation/text.ts';

export const ORG_TYPES = ['government', 'cso', 'community', 'international', 'donor', 'academic'] as const;
export const AREAS_OF_WORK = ['prevention', 'intervention', 'rehabilitation_reintegration'] as const;
export const NEED_DOMAINS = [
  'psychosocial',
  'vocational',
  'financial',
  'educational',
  'legal',
  'religious_ideological',
  'familial',
  'communication_social',
  'health',
  'housing',
  'documentation',
  'community_acceptance',
] as const;
export const VISIBILITIES = ['public', 'partners', 'hidden'] as const;
export const REGISTRATION_STATUSES = ['registered', 'pending', 'unregistered', 'not_applicable'] as const;

export const localisedNames = z.object({ en: z.string().min(1), ru: z.string().optional(), ar: z.string().optional() });
export type LocalisedNames = z.infer<typeof localisedNames>;

export const organisationSummary = z.object({
  id: z.uuid(),
  name: z.string(),
  shortName: z.string().nullable(),
  type: z.enum(ORG_TYPES),
  country: z.string(),
  womenLed: z.boolean(),
  genderExpertise: z.boolean(),
  visibility: z.enum(VISIBILITIES),
});
export type OrganisationSummary = z.infer<typeof organisationSummary>;

export const DATA_CATEGORIES = [
  'identity',
  'contact',
  'household',
  'consents',
  'needs_assessment',
  'professional_judgement',
  'case_plan',
  'referrals_services',
  'case_conferences',
  'psychosocial_notes',
  'other_notes',
  'security',
] as const;
export type DataCategory = (typeof DATA_CATEGORIES)[number];
export const LEGAL_BASES = ['consent', 'legal_obligation', 'public_task', 'vital_interests', 'legitimate_interests', 'contract'] as const;
export const AGREEMENT_STATUSES = ['draft', 'signing', 'active', 'suspended', 'terminated', 'expired'] as const;

/** ISO 639-1 language codes, as organisations list the languages they work in. */
const languageCode = z.string().regex(/^[a-z]{2,3}$/, 'must be a language code such as ru or ar');
const regionCode = z.string().regex(/^[a-z0-9_-]{1,40}$/);
const uniqueList = <T extends z.ZodType>(item: T, max: number) =>
  z.array(item).max(max).refine((xs) => new Set(xs).size === xs.length, rule('not_unique', 'lists an item twice'));

export const organisationProfile = organisationSummary.extend({
  regions: z.array(z.string()),
  areasOfWork: z.array(z.enum(AREAS_OF_WORK)),
  needDomains: z.array(z.enum(NEED_DOMAINS)),
  languages: z.array(z.string()),
  registrationStatus: z.enum(REGISTRATION_STATUSES),
  description: z.string().nullable(),
  isOwn: z.boolean(),
  isPartner: z.boolean(),
});
export type OrganisationProfile = z.infer<typeof organisationProfile>;

export const profileBody = z.object({
  name: line(2, 200),
  shortName: line(1, 40).nullable(),
  regions: uniqueList(regionCode, 50),
  areasOfWork: uniqueList(z.enum(AREAS_OF_WORK), 3),
  needDomains: uniqueList(z.enum(NEED_DOMAINS), NEED_DOMAINS.length),
  languages: uniqueList(languageCode, 30),
  womenLed: z.boolean(),
  genderExpertise: z.boolean(),
  registrationStatus: z.enum(REGISTRATION_STATUSES),
  visibility: z.enum(VISIBILITIES),
  description: paragraphs(0, 4000).nullable(),
});
export type ProfileInput = z.infer<typeof profileBody>;

export const newOrganisationBody = profileBody.extend({
  type: z.enum(ORG_TYPES),
  country: z.string().regex(/^[A-Z]{2}$/),
  firstAdmin: z
    .object({ email: z.string().trim().toLowerCase().max(254).pipe(z.email()), displayName: line(1, 200), locale: z.enum(['en', 'ru', 'ar']).default('en') })
    .optional(),
});

const flag = z.enum(['true', 'false']).transform((v) => v === 'true');
export const directoryQuery = z.object({
  q: line(0, 100).optional(),
  type: z.enum(ORG_TYPES).optional(),
  domain: z.enum(NEED_DOMAINS).optional(),
  area: z.enum(AREAS_OF_WORK).optional(),
  region: regionCode.optional(),
  language: languageCode.optional(),
  womenLed: flag.optional(),
  country: z.string().regex(/^[A-Z]{2}$/).optional(),
});
export type DirectoryQuery = z.infer<typeof directoryQuery>;

export const orgParams = z.object({ id: z.uuid() });

export const jurisdictionView = z.object({
  code: z.string(),
  names: localisedNames,
  regions: z.array(z.object({ code: z.string(), names: localisedNames })),
});

const isoDate = z.iso.date();
export const agreementBody = z
  .object({
    title: line(3, 200),
    partnerOrgIds: uniqueList(z.uuid(), 20).min(1),
    services: paragraphs(0, 4000).default(''),
    regions: uniqueList(regionCode, 50).default([]),
    dataCategories: uniqueList(z.enum(DATA_CATEGORIES), DATA_CATEGORIES.length),
    legalBasis: z.enum(LEGAL_BASES),
    retentionMonths: z.number().int().min(1).max(600),
    validFrom: isoDate,
    validUntil: isoDate,
    reviewDate: isoDate.nullable().default(null),
  })
  .refine((a) => a.validUntil >= a.validFrom, rule('order', 'must not be before validFrom', ['validUntil']));
export type AgreementInput = z.infer<typeof agreementBody>;

export const agreementView = z.object({
  id: z.uuid(),
  title: z.string(),
  services: z.string(),
  regions: z.array(z.string()),
  dataCategories: z.array(z.enum(DATA_CATEGORIES)),
  legalBasis: z.enum(LEGAL_BASES),
  retentionMonths: z.number().int(),
  validFrom: isoDate,
  validUntil: isoDate,
  reviewDate: isoDate.nullable(),
  status: z.enum(AGREEMENT_STATUSES),
  /** The reason given with the last change of status (a suspension, a new round of signatures, a resumption, a termination). */
  statusReason: z.string().nullable(),
  /** The party that last changed the status (while suspended: the one that suspended it, and alone may resume it); null when the platform did. */
  statusChangedBy: z.object({ orgId: z.uuid(), orgName: z.string() }).nullable(),
  statusChangedAt: z.iso.datetime().nullable(),
  createdByOrgId: z.uuid(),
  parties: z.array(
    z.object({
      orgId: z.uuid(),
      orgName: z.string(),
      signedAt: z.iso.datetime().nullable(),
      signatoryName: z.string().nullable(),
      signatoryTitle: z.string().nullable(),
    }),
  ),
  /** What the acting organisation may do with it now. */
  can: z.object({
    edit: z.boolean(),
    sign: z.boolean(),
    suspend: z.boolean(),
    /** Only the party that suspended it. */
    resume: z.boolean(),
    /** Any party of a suspended agreement: every signature is cleared, and it is in force again once all parties have signed. */
    signAgain: z.boolean(),
    terminate: z.boolean(),
  }),
});
export type AgreementView = z.infer<typeof agreementView>;

export const signBody = z.object({ signatoryName: line(2, 200), signatoryTitle: line(2, 200) });
export const reasonBody = z.object({ reason: paragraphs(3, 1000) });
export const sharingCheckQuery = z.object({
  partner: z.uuid(),
  categories: z
    .string()
    .transform((s) => s.split(',').filter(Boolean))
    .pipe(z.array(z.enum(DATA_CATEGORIES)).min(1)),
});
export const sharingCheckResponse = z.object({
  allowed: z.boolean(),
  agreementId: z.uuid().nullable(),
  missingCategories: z.array(z.enum(DATA_CATEGORIES)),
});
