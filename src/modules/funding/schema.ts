// API shapes of funding calls, applications and review, shared by the routes, the services and
// the web app's forms.
import { z } from 'zod';
import { rule } from '../../platform/http/field-codes.ts';
import { line, optionalParagraphs, paragraphs } from '../../platform/validation/text.ts';
import { ORG_TYPES } from '../orgs/schema.ts';
import { inputDay, inputMoment } from '../planning/schema.ts';

export { ORG_TYPES };
export const CALL_STATUSES = ['draft', 'published', 'closed'] as const;
export type CallStatus = (typeof CALL_STATUSES)[number];
/** Where an application stands; `under_review` is a submitted one with reviewers (the call owner's view). */
export const STAGES = ['draft', 'submitted', 'under_review', 'awarded', 'declined'] as const;
export type Stage = (typeof STAGES)[number];
/** Why an organisation may not apply, as the applicant reads it. */
export const INELIGIBLE = ['not_published', 'not_open_yet', 'closed', 'org_type', 'country'] as const;
export type Ineligible = (typeof INELIGIBLE)[number];

/** Scores per criterion run 0–10; a reviewer's weighted sum then runs 0–100 as weights sum to 100. */
export const SCORE_MAX = 10;
export const MAX_AMOUNT = 999_999_999_999.99;

const key = z.string().regex(/^[a-z][a-z0-9_]{0,39}$/, 'must be a short key of lower-case letters, digits and underscores');
const countryCode = z.string().regex(/^[A-Z]{2}$/, 'must be a two-letter country code');
/** An amount of money with at most two decimals. */
export const amount = z
  .number()
  .positive()
  .max(MAX_AMOUNT)
  .refine((v) => Math.abs(v * 100 - Math.round(v * 100)) < 1e-6, rule('decimals', 'must have at most two decimals', undefined, { max: 2 }));
const unique = <T>(items: T[], by: (t: T) => string) => new Set(items.map(by)).size === items.length;

export const criterion = z.object({ key, label: line(2, 200), weight: z.number().int().min(1).max(100) });
export const question = z.object({ key, text: line(3, 500) });

export const callBody = z
  .object({
    title: line(3, 200),
    purpose: paragraphs(10, 10000),
    orgTypes: z.array(z.enum(ORG_TYPES)).max(ORG_TYPES.length).refine((t) => unique(t, String), rule('not_unique', 'each type once')),
    countries: z.array(countryCode).max(60).refine((c) => unique(c, String), rule('not_unique', 'each country once')),
    womenLedPriority: z.boolean(),
    criteria: z
      .array(criterion)
      .min(1)
      .max(12)
      .refine((c) => unique(c, (x) => x.key), rule('not_unique', 'each criterion once'))
      .refine((c) => c.reduce((s, x) => s + x.weight, 0) === 100, rule('weights_total', 'the weights must add up to 100', undefined, { total: 100 })),
    questions: z.array(question).max(20).refine((q) => unique(q, (x) => x.key), rule('not_unique', 'each question once')),
    budgetCeiling: amount,
    currency: z.string().regex(/^[A-Z]{3}$/, 'must be a three-letter currency code'),
    opensOn: inputDay(),
    deadline: inputMoment(),
    blindReview: z.boolean(),
    publicListing: z.boolean(),
  })
  .refine((c) => new Date(c.deadline).getTime() > new Date(`${c.opensOn}T00:00:00Z`).getTime(), rule('order', 'must be after the opening day', ['deadline']));
export type CallInput = z.infer<typeof callBody>;

export const deadlineBody = z.object({ deadline: inputMoment() });

export const budgetLine = z.object({ label: line(2, 200), amount });
export const applicationBody = z.object({
  answers: z.record(key, paragraphs(0, 8000)).refine((a) => Object.keys(a).length <= 20, rule('too_many', 'at most 20 answers', undefined, { max: 20 })),
  budgetLines: z.array(budgetLine).max(50),
});
export type ApplicationInput = z.infer<typeof applicationBody>;

export const assignBody = z.object({ email: z.email().max(254) });
export const declarationBody = z
  .object({ conflict: z.boolean(), note: optionalParagraphs(2000) })
  .refine((d) => !d.conflict || d.note !== null, rule('required', 'say briefly what the conflict is', ['note']));
export const scoresBody = z.object({
  scores: z
    .array(z.object({ criterion: key, score: z.number().int().min(0).max(SCORE_MAX), comment: paragraphs(0, 5000) }))
    .min(1)
    .max(12)
    .refine((s) => unique(s, (x) => x.criterion), rule('not_unique', 'each criterion once')),
});
export type ScoresInput = z.infer<typeof scoresBody>;
export const decisionBody = z.object({ decision: z.enum(['award', 'decline']), reasons: paragraphs(10, 8000) });

export const idParams = z.object({ id: z.uuid() });
export const reviewerParams = z.object({ id: z.uuid(), reviewerId: z.uuid() });

const eligibility = z.object({ eligible: z.boolean(), reasons: z.array(z.enum(INELIGIBLE)), womenLedPriority: z.boolean() });
export type Eligibility = z.infer<typeof eligibility>;
const myApplication = z.object({ id: z.uuid(), stage: z.enum(STAGES) }).nullable();

export const callSummary = z.object({
  id: z.uuid(),
  title: z.string(),
  ownerOrg: z.string(),
  own: z.boolean(),
  status: z.enum(CALL_STATUSES),
  opensOn: z.string(),
  deadline: z.string(),
  budgetCeiling: z.number(),
  currency: z.string(),
  womenLedPriority: z.boolean(),
  myApplication,
});
export const callList = z.object({ calls: z.array(callSummary), can: z.object({ create: z.boolean(), apply: z.boolean() }) });
export type CallList = z.infer<typeof callList>;

const applicationRow = z.object({
  id: z.uuid(),
  applicantName: z.string(),
  womenLed: z.boolean(),
  stage: z.enum(STAGES),
  submittedAt: z.string().nullable(),
  budgetTotal: z.number(),
  reviewers: z.number(),
  completeReviews: z.number(),
  /** The mean of complete reviews' weighted sums, as the call defines them; never a rank. */
  meanScore: z.number().nullable(),
});
export const callView = z.object({
  id: z.uuid(),
  title: z.string(),
  purpose: z.string(),
  ownerOrg: z.string(),
  own: z.boolean(),
  status: z.enum(CALL_STATUSES),
  orgTypes: z.array(z.enum(ORG_TYPES)),
  countries: z.array(z.string()),
  womenLedPriority: z.boolean(),
  criteria: z.array(criterion),
  questions: z.array(question),
  budgetCeiling: z.number(),
  currency: z.string(),
  opensOn: z.string(),
  deadline: z.string(),
  blindReview: z.boolean(),
  publicListing: z.boolean(),
  publishedAt: z.string().nullable(),
  /** For a person who may apply: whether their organisation may, and why not. */
  eligibility: eligibility.nullable(),
  myApplication,
  /** The call owner's: applications submitted to the call. */
  applications: z.array(applicationRow),
  can: z.object({ edit: z.boolean(), publish: z.boolean(), extend: z.boolean(), apply: z.boolean() }),
});
export type CallView = z.infer<typeof callView>;

const scoreView = z.object({ criterion: z.string(), score: z.number(), comment: z.string() });
export const reviewView = z.object({
  id: z.uuid(),
  reviewerName: z.string(),
  conflictFlagged: z.boolean(),
  declared: z.boolean(),
  conflictDeclared: z.boolean(),
  conflictNote: z.string().nullable(),
  scores: z.array(scoreView),
  weightedSum: z.number().nullable(),
  canRemove: z.boolean(),
});
export const applicationView = z.object({
  id: z.uuid(),
  call: z.object({
    id: z.uuid(),
    title: z.string(),
    currency: z.string(),
    budgetCeiling: z.number(),
    deadline: z.string(),
    blindReview: z.boolean(),
    criteria: z.array(criterion),
    questions: z.array(question),
  }),
  /** Who applied: null for a reviewer of a blind call. */
  applicant: z.object({ name: z.string(), type: z.string(), country: z.string(), womenLed: z.boolean() }).nullable(),
  role: z.enum(['applicant', 'owner', 'reviewer']),
  stage: z.enum(STAGES),
  answers: z.record(z.string(), z.string()),
  budgetLines: z.array(z.object({ label: z.string(), amount: z.number() })),
  budgetTotal: z.number(),
  submittedAt: z.string().nullable(),
  eligibility: eligibility.nullable(),
  /** The panel's decision: the applicant's feedback once made. */
  decision: z.object({ outcome: z.enum(['awarded', 'declined']), reasons: z.string(), score: z.number().nullable(), decidedAt: z.string().nullable() }).nullable(),
  /** The call owner's: every assignment with its declaration and scores. */
  reviews: z.array(reviewView),
  /** The reviewer's own assignment and scores. */
  myReview: z.object({ id: z.uuid(), scores: z.array(scoreView), weightedSum: z.number().nullable() }).nullable(),
  can: z.object({ edit: z.boolean(), submit: z.boolean(), assign: z.boolean(), decide: z.boolean(), score: z.boolean() }),
});
export type ApplicationView = z.infer<typeof applicationView>;

export const reviewQueue = z.object({
  reviews: z.array(
    z.object({
      id: z.uuid(),
      applicationId: z.uuid(),
      callTitle: z.string(),
      /** Null when the call reviews blind. */
      applicantName: z.string().nullable(),
      declared: z.boolean(),
      conflictDeclared: z.boolean(),
      conflictFlagged: z.boolean(),
      scored: z.boolean(),
      /** Whether the application may be opened now. */
      open: z.boolean(),
    }),
  ),
});
export type ReviewQueue = z.infer<typeof reviewQueue>;

/** A call as anyone reads it when its owner listed it publicly. */
export const publicCallList = z.object({
  calls: z.array(
    z.object({
      id: z.uuid(),
      title: z.string(),
      funder: z.string().nullable(),
      purpose: z.string(),
      opensOn: z.string(),
      deadline: z.string(),
      budgetCeiling: z.number(),
      currency: z.string(),
      orgTypes: z.array(z.enum(ORG_TYPES)),
      countries: z.array(z.string()),
      womenLedPriority: z.boolean(),
    }),
  ),
});
export type PublicCallList = z.infer<typeof publicCallList>;
