// API shapes of commitments, their milestones and indicators, progress updates and independent
// assessments, shared by the routes, the services and the web app.
import { z } from 'zod';
import { rule } from '../../platform/http/field-codes.ts';
import { COMPLETION_LEVELS, inputDay, line, optionalText, RACI_ROLES, RESPONSE_STATUSES, text } from './schema.ts';

/** Days as the API sends them; days in requests are `inputDay()`, bounded in years. */
const isoDate = z.iso.date();

/** ISO 4217 codes this runtime knows (the list of the Unicode CLDR). */
const CURRENCIES: ReadonlySet<string> = new Set(Intl.supportedValuesOf('currency'));

export const completionLevel = z.enum(COMPLETION_LEVELS);

export const bodyInput = z.object({ orgId: z.uuid(), role: z.enum(RACI_ROLES) });
export const milestoneInput = z.object({
  /** An existing milestone of the commitment (when editing); left out for a new one. */
  id: z.uuid().optional(),
  title: line(3, 300),
  deliverable: text(3, 2000),
  dueOn: inputDay(),
});
const indicatorNumber = z.number().finite().min(-1e12).max(1e12).nullish().transform((v) => v ?? null);
export const indicatorInput = z.object({ name: line(3, 300), unit: line(1, 60), baseline: indicatorNumber, target: indicatorNumber });
export const budgetInput = z.object({
  amount: z
    .number()
    .min(0)
    .max(99_999_999_999_999)
    .refine((v) => Math.abs(Math.round(v * 100) - v * 100) < 1e-6, rule('decimals', 'at most two decimals', undefined, { max: 2 })),
  currency: z.string().refine((c) => /^[A-Z]{3}$/.test(c) && CURRENCIES.has(c), rule('invalid_choice', 'an ISO 4217 currency code')),
});

const commitmentFields = {
  title: line(3, 300),
  objective: text(3, 4000),
  problem: text(3, 4000),
  leadOrgId: z.uuid(),
  startsOn: inputDay(),
  endsOn: inputDay(),
  bodies: z
    .array(bodyInput)
    .max(30)
    .refine((list) => new Set(list.map((b) => `${b.orgId}:${b.role}`)).size === list.length, rule('not_unique', 'a body is named once per role')),
  milestones: z
    .array(milestoneInput)
    .max(100)
    .refine((list) => {
      const ids = list.flatMap((m) => (m.id ? [m.id] : []));
      return new Set(ids).size === ids.length;
    }, rule('not_unique', 'a milestone is listed once')),
  indicators: z.array(indicatorInput).max(50),
  budget: budgetInput.nullish().transform((v) => v ?? null),
  budgetNotes: optionalText(2000),
  genderMarker: z.union([z.literal(0), z.literal(1), z.literal(2)]),
  /** Why the marker: required whatever it is (a 0 needs its reasons too). */
  genderJustification: text(10, 4000),
  communicationMechanism: text(3, 4000),
};

const datesInOrder = (c: { startsOn?: string; endsOn?: string }) => !c.startsOn || !c.endsOn || c.endsOn >= c.startsOn;

export const commitmentBody = z
  .object({ reference: z.string().regex(/^[A-Za-z0-9._-]{1,20}$/), ...commitmentFields })
  .refine(datesInOrder, rule('order', 'ends on or after it starts', ['endsOn']));
export type CommitmentInput = z.infer<typeof commitmentBody>;

/** Any of the fields (the reference stays as created); lists given replace the current ones. */
export const commitmentUpdateBody = z
  .object(commitmentFields)
  .partial()
  .refine((c) => Object.values(c).some((v) => v !== undefined), rule('no_change', 'change something'))
  .refine(datesInOrder, rule('order', 'ends on or after it starts', ['endsOn']));
export type CommitmentUpdate = z.infer<typeof commitmentUpdateBody>;

export const progressBody = z
  .object({
    reportedOn: inputDay(),
    completion: completionLevel,
    body: text(3, 8000),
    milestoneId: z.uuid().nullish().transform((v) => v ?? null),
    milestoneDone: z.boolean().default(false),
  })
  .refine((p) => !p.milestoneDone || p.milestoneId !== null, rule('required', 'name the milestone that is done', ['milestoneId']));
export type ProgressInput = z.infer<typeof progressBody>;

export const assessmentBody = z.object({ assessedOn: inputDay(), completion: completionLevel, reasons: text(10, 8000) });
export type AssessmentInput = z.infer<typeof assessmentBody>;

export const created = z.object({ id: z.uuid() });

/** An organisation the commitment names; both null when its directory entry is hidden from the reader (its id says who it is too). */
const orgRef = z.object({ id: z.uuid().nullable(), name: z.string().nullable() });
export const commitmentSummary = z.object({
  id: z.uuid(),
  reference: z.string(),
  title: z.string(),
  lead: orgRef,
  startsOn: isoDate,
  endsOn: isoDate,
  genderMarker: z.number().int(),
  /** The government's own: the completion of the latest progress update. */
  selfAssessed: completionLevel,
  /** Civil society's: the completion of the latest independent assessment. */
  independent: completionLevel.nullable(),
  /** Both have been given and they differ. */
  disagreement: z.boolean(),
  nextMilestone: z.object({ id: z.uuid(), title: z.string(), dueOn: isoDate }).nullable(),
  overdueMilestones: z.number().int(),
});
export type CommitmentSummary = z.infer<typeof commitmentSummary>;

export const commitmentList = z.object({
  commitments: z.array(commitmentSummary),
  /** The plan's country: lead and supporting bodies are organisations of it. */
  country: z.string(),
  can: z.object({ create: z.boolean() }),
});
export type CommitmentList = z.infer<typeof commitmentList>;

const fileRef = z.object({ id: z.uuid(), filename: z.string(), contentType: z.string(), sizeBytes: z.number().int(), createdAt: z.string() });

export const milestoneView = z.object({
  id: z.uuid(),
  title: z.string(),
  deliverable: z.string(),
  dueOn: isoDate,
  completedOn: isoDate.nullable(),
  overdue: z.boolean(),
  /** Progress updates refer to it: it cannot be removed. */
  referenced: z.boolean(),
});
export const progressView = z.object({
  id: z.uuid(),
  org: orgRef,
  reportedOn: isoDate,
  completion: completionLevel,
  body: z.string(),
  milestone: z.object({ id: z.uuid(), title: z.string() }).nullable(),
  milestoneDone: z.boolean(),
  files: z.array(fileRef),
  canAttach: z.boolean(),
});
export const assessmentView = z.object({
  id: z.uuid(),
  org: orgRef,
  assessedOn: isoDate,
  completion: completionLevel,
  reasons: z.string(),
  files: z.array(fileRef),
  canAttach: z.boolean(),
});
export const linkedContribution = z.object({
  id: z.uuid(),
  /** Named only when the contribution was made under its organisation's name. */
  orgName: z.string().nullable(),
  body: z.string(),
  status: z.enum(RESPONSE_STATUSES),
  reasons: z.string(),
  respondedAt: z.iso.datetime(),
});
export type LinkedContribution = z.infer<typeof linkedContribution>;
export const TIMELINE_KINDS = ['milestone_due', 'milestone_done', 'progress', 'assessment', 'answer'] as const;
export const timelineEntry = z.object({
  kind: z.enum(TIMELINE_KINDS),
  /** The day it happened or falls due (YYYY-MM-DD). */
  on: isoDate,
  /** The record it is about: milestone, progress update, assessment or contribution. */
  refId: z.uuid(),
  title: z.string(),
  completion: completionLevel.nullable(),
  orgName: z.string().nullable(),
});
export type TimelineEntry = z.infer<typeof timelineEntry>;

export const commitmentDetail = z.object({
  id: z.uuid(),
  planId: z.uuid(),
  reference: z.string(),
  title: z.string(),
  objective: z.string(),
  problem: z.string(),
  lead: orgRef,
  startsOn: isoDate,
  endsOn: isoDate,
  bodies: z.array(z.object({ org: orgRef, role: z.enum(RACI_ROLES) })),
  milestones: z.array(milestoneView),
  indicators: z.array(z.object({ id: z.uuid(), name: z.string(), unit: z.string(), baseline: z.number().nullable(), target: z.number().nullable() })),
  budget: budgetInput.nullable(),
  budgetNotes: z.string().nullable(),
  genderMarker: z.number().int(),
  genderJustification: z.string(),
  communicationMechanism: z.string(),
  files: z.array(fileRef),
  selfAssessed: completionLevel,
  independent: completionLevel.nullable(),
  disagreement: z.boolean(),
  /** The latest progress updates and assessments, at most DETAIL_RECORDS of each; the totals say how many there are. */
  progress: z.array(progressView),
  progressTotal: z.number().int(),
  assessments: z.array(assessmentView),
  assessmentsTotal: z.number().int(),
  contributions: z.array(linkedContribution),
  timeline: z.array(timelineEntry),
  can: z.object({ edit: z.boolean(), reportProgress: z.boolean(), assess: z.boolean() }),
});
export type CommitmentDetail = z.infer<typeof commitmentDetail>;
