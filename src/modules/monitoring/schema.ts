// Shapes of the computed indicators: the query and the response, shared by route and page.
import { z } from 'zod';
import { disclosureNote, publishedFigure } from './published-schema.ts';
import { SCOPES } from './indicator-policy.ts';

export const INDICATOR_IDS = ['open_cases', 'case_plans', 'referrals_answered', 'consents_expiring', 'cases_closed'] as const;

export const indicatorsQuery = z.object({
  /** The scope asked for; without one, the widest the caller may see. */
  scope: z.enum(SCOPES).optional(),
  /** Referrals answered within this many days. */
  days: z.coerce.number().int().min(1).max(90).default(10),
});

/** One table of an indicator after disclosure control: rows × columns with their totals. */
export const indicatorTable = z.object({
  /** What the rows are: a dimension (category, age_band, region, sex…) or the indicator's own states. */
  rowDimension: z.string(),
  colDimension: z.string(),
  rows: z.array(z.string()),
  cols: z.array(z.string()),
  cells: z.array(z.array(publishedFigure)),
  rowTotals: z.array(publishedFigure),
  colTotals: z.array(publishedFigure),
  total: publishedFigure,
});
export type IndicatorTable = z.infer<typeof indicatorTable>;

export const indicatorView = z.object({
  id: z.enum(INDICATOR_IDS),
  tables: z.array(indicatorTable),
  /** A share the indicator is about (e.g. people with a plan), published only with its counts. */
  share: publishedFigure.nullable(),
});
export type IndicatorView = z.infer<typeof indicatorView>;

export const indicatorsView = z.object({
  scope: z.enum(SCOPES),
  /** Every scope the caller may ask for. */
  scopes: z.array(z.enum(SCOPES)),
  days: z.number().int(),
  disclosure: disclosureNote,
  /** Names of the jurisdiction's regions by language, for the region rows. */
  regions: z.array(z.object({ code: z.string(), names: z.record(z.string(), z.string()) })),
  generatedAt: z.string(),
  indicators: z.array(indicatorView),
});
export type IndicatorsView = z.infer<typeof indicatorsView>;
