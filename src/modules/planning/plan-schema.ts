// API shapes of plans, their stages, sections and section versions, shared by the routes, the
// services and the web app.
import { z } from 'zod';
import { rule } from '../../platform/http/field-codes.ts';
import { inputDay, line, plainText as plain, STAGES, text } from './schema.ts';

const isoDate = z.iso.date();

/** A written reason: long enough to say something (the database asks the same). */
export const REASON_MIN = 10;

const period = <T extends { periodStart?: string | undefined; periodEnd?: string | undefined }>(p: T) =>
  p.periodStart === undefined || p.periodEnd === undefined || p.periodEnd > p.periodStart;
const periodIssue = rule('order', 'must be after the start of the period', ['periodEnd']);

export const newPlanBody = z
  .object({
    title: line(3, 300),
    summary: text(0, 8000).nullable().default(null),
    periodStart: inputDay(),
    periodEnd: inputDay(),
    allowsIndividuals: z.boolean().default(false),
    /** A known jurisdiction; the owning body's country when left out. */
    country: z.string().regex(/^[A-Z]{2}$/).optional(),
  })
  .refine(period, periodIssue);
export type NewPlan = z.infer<typeof newPlanBody>;

export const planUpdateBody = z
  .object({
    title: line(3, 300).optional(),
    summary: text(0, 8000).nullable().optional(),
    periodStart: inputDay().optional(),
    periodEnd: inputDay().optional(),
    allowsIndividuals: z.boolean().optional(),
  })
  .refine((p) => Object.values(p).some((v) => v !== undefined), rule('no_change', 'change something'))
  .refine(period, periodIssue);
export type PlanUpdate = z.infer<typeof planUpdateBody>;

export const stageBody = z.object({
  stage: z.enum(STAGES),
  /** Needed to go back a stage, and to adopt a plan with contributions still unanswered. */
  reason: text(REASON_MIN, 4000).optional(),
});
export type StageChange = z.infer<typeof stageBody>;

export const publicationBody = z.object({ published: z.boolean() });

export const orgRef = z.object({ id: z.uuid(), name: z.string() });

export const planListItem = z.object({
  id: z.uuid(),
  title: z.string(),
  country: z.string(),
  periodStart: isoDate,
  periodEnd: isoDate,
  stage: z.enum(STAGES),
  ownerOrg: orgRef,
  published: z.boolean(),
  /** Contributions without a response yet: for the plan's coordinators only, null for others. */
  unanswered: z.number().int().nullable(),
});
export type PlanListItem = z.infer<typeof planListItem>;

export const planList = z.object({ plans: z.array(planListItem), can: z.object({ create: z.boolean() }) });
export type PlanList = z.infer<typeof planList>;

export const stageChangeView = z.object({
  fromStage: z.enum(STAGES).nullable(),
  toStage: z.enum(STAGES),
  changedAt: z.iso.datetime(),
  /** Who moved it, when the reader may see that person's name (their own organisation). */
  changedBy: z.string().nullable(),
  reason: z.string().nullable(),
  /** Contributions still unanswered when the plan was adopted. */
  unanswered: z.number().int(),
});
export type StageChangeView = z.infer<typeof stageChangeView>;

export const sectionSummary = z.object({
  id: z.uuid(),
  position: z.number().int(),
  title: z.string(),
  version: z.number().int(),
  updatedAt: z.iso.datetime(),
});
export type SectionSummary = z.infer<typeof sectionSummary>;

export const sectionWithText = sectionSummary.extend({ body: z.string() });
export type SectionWithText = z.infer<typeof sectionWithText>;

export const planView = z.object({
  id: z.uuid(),
  title: z.string(),
  summary: z.string().nullable(),
  country: z.string(),
  periodStart: isoDate,
  periodEnd: isoDate,
  stage: z.enum(STAGES),
  allowsIndividuals: z.boolean(),
  publishedAt: z.iso.datetime().nullable(),
  ownerOrg: orgRef,
  stages: z.array(stageChangeView),
  sections: z.array(sectionSummary),
  counts: z.object({ consultations: z.number().int(), contributions: z.number().int(), unanswered: z.number().int(), commitments: z.number().int() }),
  /** The stages this reader may move the plan to now (forward one, or back one with a reason). */
  nextStages: z.array(z.enum(STAGES)),
  can: z.object({ edit: z.boolean(), changeStage: z.boolean(), publish: z.boolean() }),
});
export type PlanView = z.infer<typeof planView>;

export const sectionBody = z.object({
  title: line(1, 300),
  body: plain(50_000),
  position: z.number().int().min(1).max(500).optional(),
});
export type NewSection = z.infer<typeof sectionBody>;

export const sectionVersionBody = z.object({
  title: line(1, 300),
  body: plain(50_000),
  note: text(0, 1000).nullable().optional(),
});
export type NewSectionVersion = z.infer<typeof sectionVersionBody>;

export const sectionVersionView = z.object({
  version: z.number().int(),
  title: z.string(),
  body: z.string(),
  note: z.string().nullable(),
  createdAt: z.iso.datetime(),
  createdBy: z.string().nullable(),
});

export const sectionView = z.object({
  id: z.uuid(),
  planId: z.uuid(),
  planTitle: z.string(),
  position: z.number().int(),
  /** Newest first. */
  versions: z.array(sectionVersionView),
  can: z.object({ edit: z.boolean() }),
});
export type SectionView = z.infer<typeof sectionView>;

export const sectionsView = z.object({ sections: z.array(sectionWithText), can: z.object({ edit: z.boolean() }) });
export type SectionsView = z.infer<typeof sectionsView>;

export const diffQuery = z.object({ from: z.coerce.number().int().min(1).max(100_000), to: z.coerce.number().int().min(1).max(100_000) });

const diffPart = z.object({ op: z.enum(['same', 'added', 'removed']), text: z.string() });
export const sectionDiff = z.object({
  from: z.number().int(),
  to: z.number().int(),
  title: z.array(diffPart),
  body: z.array(diffPart),
  /** The texts were too long to compare word by word: compared by paragraph or as a whole. */
  coarse: z.boolean(),
});
export type SectionDiff = z.infer<typeof sectionDiff>;
