// Shapes of structured professional judgement: instruments (factors and a scale of concern,
// defined by administrators) and the judgements professionals record against them.
import { z } from 'zod';
import { rule } from '../../platform/http/field-codes.ts';
import { line, paragraphs } from '../../platform/validation/text.ts';
import { NEED_DOMAINS } from '../orgs/schema.ts';

const isoDate = z.iso.date();
/** Names and labels: one line each. */
const text = (max: number) => line(1, max);
const distinct = (labels: string[]) => new Set(labels.map((l) => l.toLocaleLowerCase())).size === labels.length;

export const INSTRUMENT_STATUSES = ['active', 'superseded', 'retired'] as const;
export const FACTOR_KEY = /^f\d{1,2}$/;
export const LEVEL_KEY = /^l\d$/;

const factorInput = z.object({ label: text(200), guidance: paragraphs(0, 2000).default(''), domain: z.enum(NEED_DOMAINS) });
const levelInput = z.object({ label: text(60), description: paragraphs(0, 1000).default('') });

const instrumentContent = z.object({
  name: text(200),
  description: paragraphs(0, 4000).default(''),
  factors: z.array(factorInput).min(1).max(30),
  /** From least to most concern. */
  levels: z.array(levelInput).min(2).max(7),
});
const distinctLabels = <T extends z.infer<typeof instrumentContent>>(schema: z.ZodType<T>) =>
  schema
    .refine((i) => distinct(i.factors.map((f) => f.label)), rule('not_unique', 'each factor needs its own label', ['factors']))
    .refine((i) => distinct(i.levels.map((l) => l.label)), rule('not_unique', 'each level needs its own label', ['levels']));

export const instrumentBody = distinctLabels(
  instrumentContent.extend({
    /** `platform`: offered to every organisation (platform administrators only). */
    scope: z.enum(['organisation', 'platform']).default('organisation'),
  }),
);
export type InstrumentInput = z.infer<typeof instrumentBody>;
/** A new version keeps the scope of the instrument it replaces. */
export const instrumentVersionBody = distinctLabels(instrumentContent);
export type InstrumentContent = z.infer<typeof instrumentVersionBody>;

export const factorView = z.object({ key: z.string(), label: z.string(), guidance: z.string(), domain: z.enum(NEED_DOMAINS) });
export const levelView = z.object({ key: z.string(), label: z.string(), description: z.string() });
export const instrumentView = z.object({
  id: z.uuid(),
  familyId: z.uuid(),
  version: z.number().int(),
  name: z.string(),
  description: z.string(),
  factors: z.array(factorView),
  levels: z.array(levelView),
  status: z.enum(INSTRUMENT_STATUSES),
  platformWide: z.boolean(),
  createdAt: z.iso.datetime(),
  retiredAt: z.iso.datetime().nullable(),
  /** The acting person may write a new version of it or retire it. */
  canManage: z.boolean(),
});
export type InstrumentView = z.infer<typeof instrumentView>;

export const judgementBody = z.object({
  instrumentId: z.uuid(),
  /** One rating per factor of the instrument, by factor key; the rationale may stay empty. */
  ratings: z.record(z.string().regex(FACTOR_KEY), z.object({ level: z.string().regex(LEVEL_KEY), rationale: paragraphs(0, 4000).default('') })),
  /** Chosen by the professional: never derived from the ratings. */
  overallLevel: z.string().regex(LEVEL_KEY),
  overallReasons: paragraphs(1, 8000),
  nextReviewOn: isoDate,
});
export type JudgementInput = z.infer<typeof judgementBody>;

export const judgementView = z.object({
  id: z.uuid(),
  recordedAt: z.iso.datetime(),
  recorderName: z.string(),
  orgName: z.string(),
  instrument: instrumentView.pick({ id: true, name: true, version: true, description: true, factors: true, levels: true, status: true }),
  ratings: z.array(z.object({ factorKey: z.string(), level: z.string(), rationale: z.string() })),
  overallLevel: z.string(),
  overallReasons: z.string(),
  nextReviewOn: isoDate,
  /** The latest judgement of the case; earlier ones are history. */
  current: z.boolean(),
  /** The latest judgement's review date has passed (open cases only). */
  reviewOverdue: z.boolean(),
});
export type JudgementView = z.infer<typeof judgementView>;
