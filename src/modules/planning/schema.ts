// Vocabulary of national action planning, shared by routes, services and the web app. Each
// part of the module keeps its request and response shapes in its own *-schema.ts file.
import { z } from 'zod';
import { rule } from '../../platform/http/field-codes.ts';
import { optionalParagraphs, paragraphs, verbatim } from '../../platform/validation/text.ts';

export const STAGES = ['drafting', 'consultation', 'adopted', 'implementation', 'evaluation'] as const;
export type Stage = (typeof STAGES)[number];

export const CONSULTATION_MODES = ['online', 'meeting'] as const;
export const CONSULTATION_OPEN_TO = ['invited', 'all'] as const;
export const PARTICIPANT_SEXES = ['female', 'male', 'other', 'not_stated'] as const;
/** Organisation types as the meeting register counts them: the directory's, and people in their own name. */
export const PARTICIPANT_ORG_TYPES = ['government', 'cso', 'community', 'international', 'donor', 'academic', 'individual'] as const;

export const ON_BEHALF = ['organisation', 'individual'] as const;
export const ATTRIBUTIONS = ['named', 'anonymous'] as const;
export const RESPONSE_STATUSES = ['accepted', 'partly_accepted', 'not_accepted', 'out_of_scope', 'under_consideration'] as const;
export type ResponseStatus = (typeof RESPONSE_STATUSES)[number];

export const RACI_ROLES = ['responsible', 'accountable', 'consulted', 'informed'] as const;
export const COMPLETION_LEVELS = ['not_started', 'limited', 'substantial', 'complete'] as const;
export type CompletionLevel = (typeof COMPLETION_LEVELS)[number];

/** Files attached to contributions, commitments, progress and assessments. */
export const FILE_OWNER_KINDS = ['contribution', 'commitment', 'progress', 'assessment'] as const;
export const FILE_TYPES = ['application/pdf', 'image/png', 'image/jpeg', 'text/plain', 'text/csv'] as const;
export const MAX_FILE_BYTES = 5 * 1024 * 1024;

/** A commitment's page shows at most this many of its latest progress updates and assessments (and says how many there are). */
export const DETAIL_RECORDS = 50;

export const planParams = z.object({ planId: z.uuid() });
export const planChildParams = z.object({ planId: z.uuid(), id: z.uuid() });

// Input vocabulary: every planning *-schema.ts builds its texts and dates from these, so that
// what the database would refuse (a NUL, a year 0) is refused here first, as a 400. Texts follow
// the platform's one rule (platform/validation/text.ts): names and titles are single lines.

export { line, optionalLine } from '../../platform/validation/text.ts';
/** Any multi-line text up to `max` characters, kept as written (not trimmed). */
export const plainText = verbatim;
/** A trimmed multi-line text of `min` to `max` characters. */
export const text = paragraphs;
/** A trimmed multi-line text of at most `max` characters; empty or left out is null. */
export const optionalText = optionalParagraphs;

/** Years a planning date may fall in: wide enough for any plan, narrow enough for every database. */
export const MIN_YEAR = 1900;
export const MAX_YEAR = 2200;
const yearInRange = (s: string) => {
  const year = Number(s.slice(0, 4));
  return year >= MIN_YEAR && year <= MAX_YEAR;
};
const yearRule = rule('year_range', `must be between the years ${MIN_YEAR} and ${MAX_YEAR}`, undefined, { min: MIN_YEAR, max: MAX_YEAR });
/** A calendar day (YYYY-MM-DD) as sent in a request. */
export const inputDay = () => z.iso.date().refine(yearInRange, yearRule);
/** A moment with its offset (ISO 8601) as sent in a request. */
export const inputMoment = () => z.iso.datetime({ offset: true }).refine(yearInRange, yearRule);
