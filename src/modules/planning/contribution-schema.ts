// API shapes of contributions and their reasoned responses. Shared by the routes, the services
// and the web app.
import { z } from 'zod';
import { rule } from '../../platform/http/field-codes.ts';
import { ATTRIBUTIONS, FILE_TYPES, ON_BEHALF, RESPONSE_STATUSES, text } from './schema.ts';

const unique = <T>(items: T[]) => new Set(items).size === items.length;
const nullableUuid = z.uuid().nullish().transform((v) => v ?? null);

export const contributionBody = z
  .object({
    consultationId: z.uuid(),
    /** On a linked section, or on one of the consultation's questions, or (neither) on the consultation as a whole. */
    sectionId: nullableUuid,
    questionId: nullableUuid,
    body: text(3, 20000),
    onBehalf: z.enum(ON_BEHALF).default('organisation'),
    attribution: z.enum(ATTRIBUTIONS).default('named'),
  })
  .refine((c) => c.sectionId === null || c.questionId === null, rule('inconsistent', 'on a section or on a question, not both', ['questionId']))
  .refine((c) => c.onBehalf === 'organisation' || c.attribution === 'anonymous', rule('inconsistent', 'people contributing in their own name are never named', ['attribution']));
export type ContributionInput = z.infer<typeof contributionBody>;

/** 'unanswered': no answer at all; 'awaiting': no final answer yet (none, or only under consideration). */
export const CONTRIBUTION_FILTERS = [...RESPONSE_STATUSES, 'unanswered', 'awaiting'] as const;
export const contributionQuery = z.object({
  status: z.enum(CONTRIBUTION_FILTERS).optional(),
  consultationId: z.uuid().optional(),
  sectionId: z.uuid().optional(),
  /** Where the previous page ended (its `next`). */
  after: z.string().max(200).optional(),
});
export type ContributionQuery = z.infer<typeof contributionQuery>;

export const responseBody = z.object({
  status: z.enum(RESPONSE_STATUSES),
  reasons: text(10, 8000),
  sectionIds: z.array(z.uuid()).max(100).refine(unique, rule('not_unique', 'each section once')).default([]),
  commitmentIds: z.array(z.uuid()).max(100).refine(unique, rule('not_unique', 'each commitment once')).default([]),
});
export type ResponseInput = z.infer<typeof responseBody>;

const fileView = z.object({ id: z.uuid(), filename: z.string(), contentType: z.enum(FILE_TYPES), sizeBytes: z.number().int(), createdAt: z.iso.datetime() });
const sectionRef = z.object({ id: z.uuid(), title: z.string() });
const commitmentRef = z.object({ id: z.uuid(), reference: z.string(), title: z.string() });

export const responseView = z.object({
  status: z.enum(RESPONSE_STATUSES),
  reasons: z.string(),
  respondedAt: z.iso.datetime(),
  sections: z.array(sectionRef),
  commitments: z.array(commitmentRef),
});

export const contributionView = z.object({
  id: z.uuid(),
  planId: z.uuid(),
  consultation: z.object({ id: z.uuid(), title: z.string() }),
  section: sectionRef.nullable(),
  question: z.object({ id: z.uuid(), text: z.string() }).nullable(),
  body: z.string(),
  onBehalf: z.enum(ON_BEHALF),
  attribution: z.enum(ATTRIBUTIONS),
  /** The organisation, for its own people and the coordinators; null for one in its own name. */
  orgName: z.string().nullable(),
  orgType: z.string(),
  womenLed: z.boolean(),
  submittedAt: z.iso.datetime(),
  response: responseView.nullable(),
  files: z.array(fileView),
  /** Made by the person asking. */
  mine: z.boolean(),
  /** The person asking may attach files to it: theirs, unanswered, and its consultation open. */
  canAttach: z.boolean(),
});
export type ContributionView = z.infer<typeof contributionView>;

export const contributionsView = z.object({
  /** One page, those awaiting an answer first, then by when they were sent. */
  contributions: z.array(contributionView),
  /** Of every contribution the filter matches, not of this page. */
  counts: z.object({ total: z.number().int(), unanswered: z.number().int() }),
  /** The cursor of the next page (`after`), or null on the last. */
  next: z.string().nullable(),
  can: z.object({ answer: z.boolean() }),
});
export type ContributionsView = z.infer<typeof contributionsView>;

export const myContributionsView = z.object({
  contributions: z.array(contributionView.extend({ planTitle: z.string() })),
});
export type MyContributionsView = z.infer<typeof myContributionsView>;

export const linkableView = z.object({
  sections: z.array(z.object({ id: z.uuid(), position: z.number().int(), title: z.string() })),
  commitments: z.array(commitmentRef),
});
export type LinkableView = z.infer<typeof linkableView>;
