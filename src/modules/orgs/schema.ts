// Vocabulary and API shapes of organisations, shared by routes, services and the web app.
import { z } from 'zod';

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
