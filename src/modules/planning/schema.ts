// Vocabulary of national action planning, shared by routes, services and the web app. Each
// part of the module keeps its request and response shapes in its own *-schema.ts file.
import { z } from 'zod';

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
export const GENDER_MARKERS = [0, 1, 2] as const;

/** Files attached to contributions, commitments, progress and assessments. */
export const FILE_OWNER_KINDS = ['contribution', 'commitment', 'progress', 'assessment'] as const;
export const FILE_TYPES = ['application/pdf', 'image/png', 'image/jpeg', 'text/plain', 'text/csv'] as const;
export const MAX_FILE_BYTES = 5 * 1024 * 1024;

export const planParams = z.object({ planId: z.uuid() });
export const planChildParams = z.object({ planId: z.uuid(), id: z.uuid() });
