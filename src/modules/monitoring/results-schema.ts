// API shapes of results frameworks and reported values, shared by routes, services and pages.
import { z } from 'zod';
import { rule } from '../../platform/http/field-codes.ts';
import { line, optionalLine, paragraphs } from '../../platform/validation/text.ts';
import { publishedFigure } from './published-schema.ts';
import { INDICATOR_IDS } from './schema.ts';

export const UNITS = ['count', 'percentage', 'days', 'currency'] as const;
export type Unit = (typeof UNITS)[number];
export const DIRECTIONS = ['increase', 'decrease'] as const;
export const FREQUENCIES = ['monthly', 'quarterly', 'semiannual', 'annual'] as const;
export type Frequency = (typeof FREQUENCIES)[number];
export const DIMENSIONS = ['sex', 'age_band', 'category', 'region', 'org_type', 'women_led'] as const;
export type Dimension = (typeof DIMENSIONS)[number];
export const REPORT_STATUSES = ['submitted', 'returned', 'approved'] as const;
export type ReportStatus = (typeof REPORT_STATUSES)[number];

/** The groups of each dimension (regions are the jurisdiction's, checked by the service). */
export const GROUPS: Record<Exclude<Dimension, 'region'>, readonly string[]> = {
  sex: ['female', 'male', 'unknown'],
  age_band: ['0-4', '5-11', '12-17', '18-24', '25-34', '35-49', '50+'],
  category: ['adult_returnee', 'child_returnee', 'family_member', 'released_offender', 'referred_for_intervention'],
  org_type: ['government', 'cso', 'community', 'international', 'donor', 'academic'],
  women_led: ['yes', 'no'],
};

/** A reporting period as its frequency writes it: 2027, 2027-H1, 2027-Q3, 2027-05. */
export const PERIOD_PATTERNS: Record<Frequency, RegExp> = {
  annual: /^(20[0-9]{2}|2100)$/,
  semiannual: /^(20[0-9]{2}|2100)-H[12]$/,
  quarterly: /^(20[0-9]{2}|2100)-Q[1-4]$/,
  monthly: /^(20[0-9]{2}|2100)-(0[1-9]|1[0-2])$/,
};
export const period = z.string().regex(/^(20[0-9]{2}|2100)(-(Q[1-4]|H[12]|0[1-9]|1[0-2]))?$/, 'must be a period such as 2027, 2027-H1, 2027-Q3 or 2027-05');
export const frequencyOf = (p: string): Frequency | null => FREQUENCIES.find((f) => PERIOD_PATTERNS[f].test(p)) ?? null;

const amount = z.number().finite().min(0).max(1e12);

export const newFrameworkBody = z.discriminatedUnion('kind', [
  z.object({ kind: z.literal('plan'), planId: z.uuid(), title: line(3, 300), goal: paragraphs(3, 2000) }),
  z.object({ kind: z.literal('programme'), programme: line(3, 200), title: line(3, 300), goal: paragraphs(3, 2000) }),
]);
export type NewFramework = z.infer<typeof newFrameworkBody>;

export const newNodeBody = z
  .object({
    level: z.enum(['outcome', 'output']),
    /** The outcome an output belongs to. */
    parentId: z.uuid().nullable().default(null),
    title: line(3, 300),
    /** For a plan's framework: the commitment this result serves. */
    commitmentId: z.uuid().nullable().default(null),
  })
  .refine((n) => (n.level === 'outcome') === (n.parentId === null), rule('inconsistent', 'an output belongs to an outcome; an outcome to no parent', ['parentId']));
export type NewNode = z.infer<typeof newNodeBody>;

export const targetInput = z.object({ period, value: amount });

export const newIndicatorBody = z
  .object({
    nodeId: z.uuid(),
    title: line(3, 300),
    definition: paragraphs(3, 4000),
    unit: z.enum(UNITS),
    currency: z.string().regex(/^[A-Z]{3}$/, 'must be a three-letter currency code').nullable().default(null),
    direction: z.enum(DIRECTIONS),
    baseline: amount.nullable().default(null),
    baselinePeriod: period.nullable().default(null),
    frequency: z.enum(FREQUENCIES),
    responsibleOrgId: z.uuid(),
    dimensions: z.array(z.enum(DIMENSIONS)).max(DIMENSIONS.length).default([]).refine((d) => new Set(d).size === d.length, rule('not_unique', 'each dimension once')),
    source: z.enum(['reported', 'computed']),
    /** For a computed indicator: the catalogue function and its parameters. */
    computed: z
      .object({ kind: z.enum(INDICATOR_IDS), days: z.number().int().min(1).max(90).optional() })
      .nullable()
      .default(null),
    targets: z.array(targetInput).max(60).default([]),
  })
  .superRefine((v, ctx) => {
    // Missing where the other fields call for it is required; present where they rule it out is inconsistent.
    if ((v.unit === 'currency') !== (v.currency !== null)) {
      ctx.addIssue({ code: 'custom', ...rule(v.currency === null ? 'required' : 'inconsistent', 'a currency goes with the currency unit, and only with it', ['currency']) });
    }
    if ((v.source === 'computed') !== (v.computed !== null)) {
      ctx.addIssue({ code: 'custom', ...rule(v.computed === null ? 'required' : 'inconsistent', 'a computed indicator names its catalogue function; a reported one none', ['computed']) });
    }
    if (v.unit === 'percentage' && v.baseline !== null && v.baseline > 100) ctx.addIssue({ code: 'custom', ...rule('too_big', 'a percentage is at most 100', ['baseline'], { max: 100 }) });
    if (v.baselinePeriod !== null && v.baseline === null) ctx.addIssue({ code: 'custom', ...rule('required', 'a baseline period goes with a baseline value', ['baseline']) });
    if (v.baselinePeriod !== null && !PERIOD_PATTERNS[v.frequency].test(v.baselinePeriod)) {
      ctx.addIssue({ code: 'custom', ...rule('period_format', 'must be a period of the reporting frequency', ['baselinePeriod'], { frequency: v.frequency }) });
    }
    checkTargets(v.targets, v.frequency, v.unit, ctx, ['targets']);
  });
export type NewIndicator = z.infer<typeof newIndicatorBody>;

function checkTargets(targets: Array<{ period: string; value: number }>, frequency: Frequency, unit: Unit, ctx: z.RefinementCtx, path: string[]) {
  const seen = new Set<string>();
  targets.forEach((t, i) => {
    if (!PERIOD_PATTERNS[frequency].test(t.period)) ctx.addIssue({ code: 'custom', ...rule('period_format', 'must be a period of the reporting frequency', [...path, i, 'period'], { frequency }) });
    if (seen.has(t.period)) ctx.addIssue({ code: 'custom', ...rule('not_unique', 'each period once', [...path, i, 'period']) });
    if (unit === 'percentage' && t.value > 100) ctx.addIssue({ code: 'custom', ...rule('too_big', 'a percentage is at most 100', [...path, i, 'value'], { max: 100 }) });
    seen.add(t.period);
  });
}

/** The targets of an indicator, all at once (replacing those before); checked against its frequency by the service. */
export const targetsBody = z.object({ targets: z.array(targetInput).max(60) }).refine((b) => new Set(b.targets.map((t) => t.period)).size === b.targets.length, rule('not_unique', 'each period once', ['targets']));

export const disaggregate = z.object({
  dimension: z.enum(DIMENSIONS),
  group: z.string().regex(/^[a-z0-9_+-]{1,40}$/, 'must be a group code'),
  value: amount.nullable().default(null),
  numerator: amount.nullable().default(null),
  denominator: amount.nullable().default(null),
});
export type Disaggregate = z.infer<typeof disaggregate>;

export const reportBody = z.object({
  period,
  /** The value; for a percentage, left out: it is the numerator over the denominator. */
  value: amount.nullable().default(null),
  numerator: amount.nullable().default(null),
  denominator: amount.nullable().default(null),
  disaggregates: z.array(disaggregate).max(200).default([]),
  evidence: paragraphs(3, 4000),
  evidenceUrl: z
    .string()
    .max(2000)
    .regex(/^https?:\/\/[^\s]{3,}$/, 'must be a web address starting with http:// or https://')
    .refine((u) => URL.canParse(u), rule('invalid_format', 'must be a web address', undefined, { format: 'url' }))
    .nullish()
    .transform((v) => v ?? null),
});
export type ReportInput = z.infer<typeof reportBody>;

export const reviewBody = z
  .object({
    decision: z.enum(['approve', 'return']),
    /** The version decided on: a newer one sent meanwhile makes the decision stale (409). */
    version: z.number().int().min(1).max(10_000),
    reason: optionalLine(2000),
  })
  .superRefine((r, ctx) => {
    if (r.decision === 'return' && r.reason === null) ctx.addIssue({ code: 'custom', ...rule('required', 'say what to correct', ['reason']) });
    else if (r.decision === 'return' && r.reason !== null && r.reason.length < 3) ctx.addIssue({ code: 'custom', ...rule('too_short', 'say what to correct', ['reason'], { min: 3 }) });
  });
export type ReviewInput = z.infer<typeof reviewBody>;

export const idParams = z.object({ id: z.uuid() });
export const frameworkListQuery = z.object({ planId: z.uuid().optional() });

// ------------------------------------------------------------------------------------------
// Views

const org = z.object({ id: z.uuid(), name: z.string() });

export const versionView = z.object({
  version: z.number().int(),
  value: z.number(),
  numerator: z.number().nullable(),
  denominator: z.number().nullable(),
  /** Breakdowns; shown to readers other than the owner and the responsible organisation after disclosure control (`suppressed` says why a group is hidden). */
  disaggregates: z.array(
    z.object({
      dimension: z.enum(DIMENSIONS),
      group: z.string(),
      value: z.number().nullable(),
      numerator: z.number().nullable(),
      denominator: z.number().nullable(),
      suppressed: z.enum(['primary', 'secondary']).nullable(),
    }),
  ),
  evidence: z.string(),
  evidenceUrl: z.string().nullable(),
  jumpFrom: z.number().nullable(),
  submittedBy: z.string().nullable(),
  submittedAt: z.string(),
});
export type VersionView = z.infer<typeof versionView>;

export const reviewView = z.object({
  version: z.number().int(),
  decision: z.enum(['approved', 'returned']),
  reason: z.string().nullable(),
  reviewedBy: z.string().nullable(),
  reviewedAt: z.string(),
});

export const reportView = z.object({
  id: z.uuid(),
  period: z.string(),
  status: z.enum(REPORT_STATUSES),
  currentVersion: z.number().int(),
  /** Newest first; others than the owner and the responsible organisation see the approved one only. */
  versions: z.array(versionView),
  reviews: z.array(reviewView),
  can: z.object({ review: z.boolean(), correct: z.boolean() }),
});
export type ReportView = z.infer<typeof reportView>;

/** The latest value of an indicator: approved (or, to the owner and the reporter, the newest under review). */
export const latestValue = z.object({
  period: z.string().nullable(),
  figure: publishedFigure,
  status: z.enum([...REPORT_STATUSES, 'computed']),
});

export const indicatorSummary = z.object({
  id: z.uuid(),
  nodeId: z.uuid(),
  title: z.string(),
  unit: z.enum(UNITS),
  currency: z.string().nullable(),
  direction: z.enum(DIRECTIONS),
  baseline: z.number().nullable(),
  baselinePeriod: z.string().nullable(),
  frequency: z.enum(FREQUENCIES),
  responsibleOrg: org,
  dimensions: z.array(z.enum(DIMENSIONS)),
  source: z.enum(['reported', 'computed']),
  computed: z.object({ kind: z.enum(INDICATOR_IDS), days: z.number().int().optional() }).nullable(),
  targets: z.array(z.object({ period: z.string(), value: z.number() })),
  latest: latestValue.nullable(),
  /** Reports of this indicator waiting for the owner's review. */
  awaitingReview: z.number().int(),
  /** Shown on the plan's public pages. */
  published: z.boolean(),
});
export type IndicatorSummary = z.infer<typeof indicatorSummary>;

export const nodeView = z.object({
  id: z.uuid(),
  level: z.enum(['outcome', 'output']),
  parentId: z.uuid().nullable(),
  title: z.string(),
  commitment: z.object({ id: z.uuid(), reference: z.string(), title: z.string() }).nullable(),
});

export const frameworkView = z.object({
  id: z.uuid(),
  kind: z.enum(['plan', 'programme']),
  plan: z.object({ id: z.uuid(), title: z.string(), published: z.boolean() }).nullable(),
  programme: z.string().nullable(),
  owner: org,
  title: z.string(),
  goal: z.string(),
  nodes: z.array(nodeView),
  indicators: z.array(indicatorSummary),
  disclosure: z.object({ threshold: z.number().int(), roundTo: z.number().int() }),
  /** For a plan's framework: its commitments, to link outcomes and outputs to. */
  commitments: z.array(z.object({ id: z.uuid(), reference: z.string(), title: z.string() })),
  /** Organisations an indicator may be given to (for the owner's form). */
  organisations: z.array(org),
  can: z.object({ manage: z.boolean() }),
});
export type FrameworkView = z.infer<typeof frameworkView>;

export const frameworkList = z.object({
  frameworks: z.array(
    z.object({
      id: z.uuid(),
      kind: z.enum(['plan', 'programme']),
      title: z.string(),
      planTitle: z.string().nullable(),
      programme: z.string().nullable(),
      owner: org,
      indicators: z.number().int(),
      awaitingReview: z.number().int(),
      manage: z.boolean(),
    }),
  ),
  /** Indicators the caller's organisation reports on. */
  reporting: z.array(z.object({ id: z.uuid(), title: z.string(), frameworkId: z.uuid(), frameworkTitle: z.string(), frequency: z.enum(FREQUENCIES), returned: z.number().int() })),
  /** Plans the caller may give a framework (their organisation's, without one yet). */
  plans: z.array(z.object({ id: z.uuid(), title: z.string() })),
  can: z.object({ create: z.boolean() }),
});
export type FrameworkList = z.infer<typeof frameworkList>;

export const indicatorView = indicatorSummary.extend({
  definition: z.string(),
  framework: z.object({ id: z.uuid(), title: z.string(), owner: org }),
  nodeTitle: z.string(),
  reports: z.array(reportView),
  /** Region codes and names of the owner's country, for the region dimension. */
  regions: z.array(z.object({ code: z.string(), names: z.record(z.string(), z.string()) })),
  disclosure: z.object({ threshold: z.number().int(), roundTo: z.number().int() }),
  can: z.object({ report: z.boolean(), manage: z.boolean(), publish: z.boolean() }),
});
export type IndicatorPageView = z.infer<typeof indicatorView>;

export const reviewQueue = z.object({
  items: z.array(
    z.object({
      reportId: z.uuid(),
      indicatorId: z.uuid(),
      indicatorTitle: z.string(),
      frameworkTitle: z.string(),
      responsibleOrg: org,
      period: z.string(),
      unit: z.enum(UNITS),
      currency: z.string().nullable(),
      version: z.number().int(),
      value: z.number(),
      jumpFrom: z.number().nullable(),
      submittedAt: z.string(),
    }),
  ),
});
export type ReviewQueue = z.infer<typeof reviewQueue>;

export const reportSaved = z.object({ id: z.uuid(), version: z.number().int(), value: z.number(), jumpFrom: z.number().nullable() });

export const publicationBody = z.object({ published: z.boolean() });
export const planParams = z.object({ planId: z.uuid() });

/** The published indicators of a published plan's framework, with approved values only. */
export const publicResultsView = z.object({
  plan: z.object({ id: z.uuid(), title: z.string() }),
  framework: z.object({ title: z.string(), goal: z.string() }).nullable(),
  nodes: z.array(z.object({ id: z.uuid(), level: z.enum(['outcome', 'output']), parentId: z.uuid().nullable(), title: z.string() })),
  indicators: z.array(
    z.object({
      id: z.uuid(),
      nodeId: z.uuid(),
      title: z.string(),
      definition: z.string(),
      unit: z.enum(UNITS),
      currency: z.string().nullable(),
      direction: z.enum(DIRECTIONS),
      baseline: z.number().nullable(),
      baselinePeriod: z.string().nullable(),
      frequency: z.enum(FREQUENCIES),
      responsibleOrg: z.string().nullable(),
      targets: z.array(z.object({ period: z.string(), value: z.number() })),
      values: z.array(z.object({ period: z.string(), value: z.number() })),
    }),
  ),
});
export type PublicResultsView = z.infer<typeof publicResultsView>;
