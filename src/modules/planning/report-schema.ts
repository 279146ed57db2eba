// Shapes of the response report, the representation figures and the exports of a plan, shared
// by the signed-in and the public routes (the public ones hold less, never other fields).
import { z } from 'zod';
import { disclosureNote, publishedFigure } from '../monitoring/published-schema.ts';
import { RESPONSE_STATUSES, STAGES } from './schema.ts';

export const REPORT_LOCALES = ['en', 'ru', 'ar'] as const;
export const reportLanguageQuery = z.object({ lang: z.enum(REPORT_LOCALES).optional() }).strict();
export const exportParams = z.object({ planId: z.uuid(), format: z.enum(['csv', 'json']) });

/** A status of the answer, or `unanswered` while none is recorded. */
export const ANSWER_STATES = [...RESPONSE_STATUSES, 'unanswered'] as const;
export type AnswerState = (typeof ANSWER_STATES)[number];

export const statusCounts = z.object({
  total: z.number().int(),
  accepted: z.number().int(),
  partly_accepted: z.number().int(),
  not_accepted: z.number().int(),
  out_of_scope: z.number().int(),
  under_consideration: z.number().int(),
  unanswered: z.number().int(),
});
export type StatusCounts = z.infer<typeof statusCounts>;

/**
 * Who made a contribution, as the reader may know it: an organisation by name only when it chose
 * to be named (or the reader coordinates the plan, or is that organisation); otherwise its type.
 */
export const contributorLabel = z.object({
  kind: z.enum(['organisation', 'anonymous_organisation', 'individual']),
  orgName: z.string().nullable(),
  orgType: z.string(),
});
export type ContributorLabel = z.infer<typeof contributorLabel>;

export const linkedSection = z.object({ id: z.uuid(), title: z.string() });
export const linkedCommitment = z.object({ id: z.uuid(), reference: z.string(), title: z.string() });
export const reportFile = z.object({ id: z.uuid(), filename: z.string(), sizeBytes: z.number().int() });

export const reportContribution = z.object({
  id: z.uuid(),
  body: z.string(),
  contributor: contributorLabel,
  consultation: z.string(),
  submittedAt: z.string(),
  status: z.enum(ANSWER_STATES),
  reasons: z.string().nullable(),
  respondedAt: z.string().nullable(),
  sections: z.array(linkedSection),
  commitments: z.array(linkedCommitment),
  files: z.array(reportFile),
});
export type ReportContribution = z.infer<typeof reportContribution>;

export const reportGroup = z.object({
  kind: z.enum(['section', 'question', 'general']),
  /** The section or question; null for general contributions. */
  id: z.uuid().nullable(),
  title: z.string().nullable(),
  /** For a question: its consultation. */
  consultation: z.string().nullable(),
  counts: statusCounts,
  contributions: z.array(reportContribution),
});
export type ReportGroup = z.infer<typeof reportGroup>;

export const planHeading = z.object({
  id: z.uuid(),
  title: z.string(),
  country: z.string(),
  stage: z.enum(STAGES),
  periodStart: z.string(),
  periodEnd: z.string(),
  ownerName: z.string().nullable(),
  publishedAt: z.string().nullable(),
});
export type PlanHeading = z.infer<typeof planHeading>;

export const reportView = z.object({
  plan: planHeading,
  generatedAt: z.string(),
  /** Every contribution is shown (the reader coordinates the plan); otherwise what they may read. */
  complete: z.boolean(),
  counts: statusCounts,
  /** Contributions of the plan still awaiting an answer, including those not shown. */
  awaitingAnswer: z.number().int(),
  groups: z.array(reportGroup),
  can: z.object({ export: z.boolean() }),
});
export type ReportView = z.infer<typeof reportView>;

const share = z.object({ contributions: publishedFigure, answered: publishedFigure, accepted: publishedFigure, acceptanceRate: publishedFigure });

/**
 * Representation figures after disclosure control (monitoring/disclosure.ts): every count at or
 * below the installation's threshold is hidden, and so are the counts that would give it away.
 * Every organisation type and sex is always listed, so that a row's presence reveals nothing.
 */
export const figuresView = z.object({
  plan: planHeading,
  disclosure: disclosureNote,
  contributions: z.object({
    total: publishedFigure,
    /** Accepted (fully or partly), answered otherwise, not yet answered. */
    byAnswer: z.object({ accepted: publishedFigure, notAccepted: publishedFigure, unanswered: publishedFigure }),
    byOrgType: z.array(z.object({ orgType: z.string(), contributions: publishedFigure, answered: publishedFigure, accepted: publishedFigure })),
    /** Share of contributions from women-led organisations (0–1). */
    womenLedShare: publishedFigure,
    womenLed: share,
    others: share,
  }),
  participants: z.object({
    total: publishedFigure,
    bySex: z.array(z.object({ sex: z.string(), n: publishedFigure })),
    byOrgType: z.array(z.object({ orgType: z.string(), n: publishedFigure })),
    fromWomenLed: publishedFigure,
  }),
});
export type FiguresView = z.infer<typeof figuresView>;
