// Vocabulary and API shapes of cases, shared by the routes, the services and the web app.
import { z } from 'zod';
import { rule } from '../../platform/http/field-codes.ts';
import { clean, line, paragraphs } from '../../platform/validation/text.ts';
import { DATA_CATEGORIES, NEED_DOMAINS } from '../orgs/schema.ts';

export const SEXES = ['female', 'male', 'unknown'] as const;
export const AGE_BANDS = ['0-4', '5-11', '12-17', '18-24', '25-34', '35-49', '50+'] as const;
export const CATEGORIES = ['adult_returnee', 'child_returnee', 'family_member', 'released_offender', 'referred_for_intervention'] as const;
export const LEGAL_STATUSES = ['none', 'under_investigation', 'charged', 'convicted', 'serving_sentence', 'released', 'probation', 'acquitted'] as const;
export const RELATIONS = ['mother', 'father', 'child', 'sibling', 'guardian', 'ward', 'spouse', 'other_relative'] as const;
export const VAULT_FIELDS = ['legal_name', 'birth_date', 'document_number', 'address', 'phone', 'photo'] as const;
export const CONSENT_BASES = ['consent', 'legal_obligation', 'public_task', 'vital_interests', 'legitimate_interests', 'contract'] as const;
export const TEAM_ROLES = ['service_provider', 'security', 'support'] as const;
export const ATTENDANCE = ['attended', 'missed', 'cancelled'] as const;
export const OUTCOMES = ['completed', 'partly_completed', 'not_completed', 'no_longer_needed'] as const;
export const REFERRAL_STATUSES = ['proposed', 'accepted', 'declined', 'withdrawn', 'closed'] as const;
/** 0 no need · 1 low · 2 moderate · 3 high · 4 urgent */
export const NEED_LEVELS = [0, 1, 2, 3, 4] as const;
/** What a case is made of; sharing and need-to-know are decided section by section. */
export const SECTIONS = DATA_CATEGORIES;
export type Section = (typeof SECTIONS)[number];

const isoDate = z.iso.date();
/** Names, aliases, document numbers, a service: one line each. */
const text = (max: number) => line(1, max);
/** Purposes, reasons and notes: several lines allowed. */
const prose = (max: number) => paragraphs(1, max);

export const identityInput = z.object({
  legalName: text(200).optional(),
  birthDate: isoDate.optional(),
  documentNumbers: z.array(text(60)).max(5).default([]),
  // An address may run over several lines.
  address: paragraphs(1, 500).optional(),
  phones: z.array(z.string().trim().regex(/^[+\d][\d ()-]{4,24}$/, 'must be a phone number')).max(3).default([]),
});
export type IdentityInput = z.infer<typeof identityInput>;

export const newCaseBody = z.object({
  alias: text(80),
  sex: z.enum(SEXES),
  ageBand: z.enum(AGE_BANDS),
  birthYear: z.number().int().min(1900).max(2100).nullable().default(null),
  nationality: z.string().regex(/^[A-Z]{2}$/).nullable().default(null),
  category: z.enum(CATEGORIES),
  legalStatus: z.enum(LEGAL_STATUSES).default('none'),
  region: z.string().regex(/^[a-z0-9_-]{1,40}$/).nullable().default(null),
  languages: z.array(z.string().regex(/^[a-z]{2,3}$/)).max(10).default([]),
  identity: identityInput.default({ documentNumbers: [], phones: [] }),
  /** Create even though a possible duplicate was reported (the coordinator checked it). */
  confirmNotDuplicate: z.boolean().default(false),
});
export type NewCaseInput = z.infer<typeof newCaseBody>;

/** A possible duplicate among the cases the acting organisation may see. */
export const duplicateMatch = z.object({ caseId: z.uuid(), caseNumber: z.string(), alias: z.string(), fields: z.array(z.string()) });

/**
 * What opening a case says about other agencies: only whether there was anything to check (a
 * name or a document number) — never whether anything matched, which goes to the data protection
 * officers. The same answer whatever another agency holds.
 */
export const CROSS_AGENCY_CHECKS = ['checked', 'nothing_to_check'] as const;
export type CrossAgencyCheck = (typeof CROSS_AGENCY_CHECKS)[number];
export const createdCase = z.object({ id: z.uuid(), caseNumber: z.string(), crossAgencyCheck: z.enum(CROSS_AGENCY_CHECKS) });

/** 409 when opening a case: possible duplicates the agency may see, to check before confirming. */
export const possibleDuplicatesProblem = z.object({
  type: z.string(),
  title: z.string(),
  status: z.literal(409),
  code: z.literal('conflict'),
  detail: z.string(),
  instance: z.string(),
  matches: z.array(duplicateMatch),
});

/** A possible duplicate across agencies, as a data protection officer of one side sees it. */
export const duplicateNoticeView = z.object({
  id: z.uuid(),
  /** The same for both organisations' officers: what they quote to each other. */
  reference: z.string(),
  raisedAt: z.iso.datetime(),
  /** checked: your organisation opened the case that was checked; held: your existing case was found. */
  side: z.enum(['checked', 'held']),
  caseId: z.uuid(),
  caseNumber: z.string(),
  otherOrgName: z.string(),
  fields: z.array(z.string()),
  checkedByName: z.string().nullable(),
  status: z.enum(['open', 'reconciled']),
  reconciledAt: z.iso.datetime().nullable(),
  reconciledByName: z.string().nullable(),
  note: z.string().nullable(),
});
export type DuplicateNoticeView = z.infer<typeof duplicateNoticeView>;
export const duplicateNoticeQuery = z.object({ status: z.enum(['open', 'reconciled', 'all']).default('all') });
export const reconcileBody = z.object({ note: text(2000) });

export const caseSummary = z.object({
  id: z.uuid(),
  caseNumber: z.string(),
  alias: z.string(),
  sex: z.enum(SEXES),
  ageBand: z.enum(AGE_BANDS),
  category: z.enum(CATEGORIES),
  region: z.string().nullable(),
  status: z.enum(['open', 'closed', 'anonymised']),
  leadOrgId: z.uuid(),
  leadOrgName: z.string(),
  openedOn: isoDate,
  updatedAt: z.iso.datetime(),
  /** How the acting organisation relates to the case. */
  relation: z.enum(['lead', 'team', 'offered', 'oversight', 'break_glass']),
});
export type CaseSummary = z.infer<typeof caseSummary>;

/**
 * A list position: the entry's last change (UTC, to the microsecond) and its id, e.g.
 * `2026-12-04T10:11:12.123456~3f1c…`. Opaque to the pages; checked here so that nothing else
 * reaches the query.
 */
export const listCursor = z.string().regex(/^\d{4}-\d{2}-\d{2}T\d{2}:\d{2}:\d{2}\.\d{6}~[0-9a-f]{8}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{12}$/);
/** Lists count their matches up to this many; beyond, they say "more than". */
export const LIST_COUNT_BOUND = 1000;

export const caseListQuery = z.object({
  q: line(0, 80).optional(),
  status: z.enum(['open', 'closed', 'anonymised']).optional(),
  category: z.enum(CATEGORIES).optional(),
  sex: z.enum(SEXES).optional(),
  ageBand: z.enum(AGE_BANDS).optional(),
  region: z.string().regex(/^[a-z0-9_-]{1,40}$/).optional(),
  relation: z.enum(['lead', 'team']).optional(),
  limit: z.coerce.number().int().min(1).max(200).default(50),
  /** Keyset pagination: the page after, or before, the entry a cursor names (from `next` / `previous`). */
  after: listCursor.optional(),
  before: listCursor.optional(),
}).refine((q) => !(q.after && q.before), rule('invalid', 'after or before, not both'));
export type CaseListQuery = z.infer<typeof caseListQuery>;

export const caseListPage = z.object({
  cases: z.array(caseSummary),
  /** Matching cases, counted up to LIST_COUNT_BOUND; `totalCapped` when there are more. */
  total: z.number().int(),
  totalCapped: z.boolean(),
  next: listCursor.nullable(),
  previous: listCursor.nullable(),
});
export type CaseListPage = z.infer<typeof caseListPage>;

export const caseDetail = caseSummary.extend({
  /** An organisation only offered a referral sees the header (alias, sex, age band, category, region): these are null. */
  caseNumber: z.string().nullable(),
  openedOn: isoDate.nullable(),
  updatedAt: z.iso.datetime().nullable(),
  birthYear: z.number().int().nullable(),
  nationality: z.string().nullable(),
  legalStatus: z.enum(LEGAL_STATUSES).nullable(),
  languages: z.array(z.string()),
  closedOn: isoDate.nullable(),
  closureReason: z.string().nullable(),
  sections: z.array(z.enum(SECTIONS)),
  team: z.array(z.object({ orgId: z.uuid(), orgName: z.string(), role: z.enum(['lead', ...TEAM_ROLES]), sections: z.array(z.string()) })),
  can: z.object({
    edit: z.boolean(),
    refer: z.boolean(),
    recordConsent: z.boolean(),
    assess: z.boolean(),
    note: z.boolean(),
    /** A case summary for a case conference (lead agency and team organisations). */
    summarise: z.boolean(),
    /** A subject access export (the lead agency's coordinator; its data protection officer from the retention page). */
    exportSubjectAccess: z.boolean(),
  }),
  /** Plan actions past their target date and not done; null when the plan is not shown. */
  overdueActions: z.number().int().nullable(),
});
export type CaseDetail = z.infer<typeof caseDetail>;

export const identityView = z.object({
  legalName: z.string().nullable(),
  birthDate: z.string().nullable(),
  documentNumbers: z.array(z.string()),
  address: z.string().nullable(),
  phones: z.array(z.string()),
});

export const householdLinkBody = z.object({ relatedCaseNumber: z.string().regex(/^[A-Z]{2}-\d{4}-\d{5,}$/), relation: z.enum(RELATIONS) });
export const householdView = z.object({
  links: z.array(
    z.object({ caseId: z.uuid(), caseNumber: z.string(), alias: z.string(), ageBand: z.enum(AGE_BANDS), sex: z.enum(SEXES), relation: z.enum(RELATIONS), visible: z.boolean() }),
  ),
});

export const consentBody = z
  .object({
    recipientOrgId: z.uuid(),
    purpose: prose(1000),
    dataCategories: z.array(z.enum(SECTIONS)).min(1).max(SECTIONS.length),
    legalBasis: z.enum(CONSENT_BASES),
    givenBy: z.enum(['person', 'guardian', 'not_applicable']),
    guardianName: text(200).nullable().default(null),
    childAssent: z.boolean().nullable().default(null),
    startsOn: isoDate,
    endsOn: isoDate.nullable().default(null),
  })
  .refine((c) => c.legalBasis !== 'consent' || c.givenBy !== 'not_applicable', rule('consent_giver', 'consent is given by the person or a guardian', ['givenBy']))
  .refine((c) => c.givenBy !== 'guardian' || !!c.guardianName, rule('required', 'name the guardian', ['guardianName']))
  .refine((c) => !c.endsOn || c.endsOn >= c.startsOn, rule('order', 'must not be before startsOn', ['endsOn']));
export type ConsentInput = z.infer<typeof consentBody>;

export const consentView = z.object({
  id: z.uuid(),
  recipientOrgId: z.uuid(),
  recipientOrgName: z.string(),
  purpose: z.string(),
  dataCategories: z.array(z.enum(SECTIONS)),
  legalBasis: z.enum(CONSENT_BASES),
  givenBy: z.enum(['person', 'guardian', 'not_applicable']),
  guardianName: z.string().nullable(),
  childAssent: z.boolean().nullable(),
  startsOn: isoDate,
  endsOn: isoDate.nullable(),
  withdrawnAt: z.iso.datetime().nullable(),
  withdrawalReason: z.string().nullable(),
  state: z.enum(['valid', 'not_started', 'expired', 'withdrawn']),
});
export type ConsentView = z.infer<typeof consentView>;

export const withdrawBody = z.object({ reason: prose(1000) });

export const referralBody = z.object({
  toOrgId: z.uuid(),
  needDomain: z.enum(NEED_DOMAINS),
  service: text(300),
  reason: prose(2000),
  dataCategories: z.array(z.enum(SECTIONS)).min(1).max(SECTIONS.length),
});
export type ReferralInput = z.infer<typeof referralBody>;

export const referralView = z.object({
  id: z.uuid(),
  caseId: z.uuid(),
  /** Null while the referral waits for the receiver's answer: until it accepts, it sees the header only. */
  caseNumber: z.string().nullable(),
  alias: z.string(),
  sex: z.enum(SEXES),
  ageBand: z.enum(AGE_BANDS),
  category: z.enum(CATEGORIES),
  region: z.string().nullable(),
  fromOrgId: z.uuid(),
  fromOrgName: z.string(),
  toOrgId: z.uuid(),
  toOrgName: z.string(),
  needDomain: z.enum(NEED_DOMAINS),
  service: z.string(),
  reason: z.string(),
  dataCategories: z.array(z.enum(SECTIONS)),
  status: z.enum(REFERRAL_STATUSES),
  answerDueOn: isoDate,
  overdue: z.boolean(),
  declineReason: z.string().nullable(),
  outcome: z.enum(OUTCOMES).nullable(),
  outcomeNotes: z.string().nullable(),
  createdAt: z.iso.datetime(),
  sessions: z.number().int(),
  lastSessionOn: isoDate.nullable(),
});
export type ReferralView = z.infer<typeof referralView>;

/** The inbox's three groups, each paged on its own (newest first). */
export const INBOX_GROUPS = ['waiting', 'active', 'past'] as const;
/** Referrals per group and page: three groups of twenty are one screen's worth on a phone, and a
 * caseworker's inbox of three groups of fifty cost twice the time for cards no one scrolled to. */
export const INBOX_PAGE = 20;
export const inboxQuery = z
  .object({
    /** One group's page; without it, the first page of each group. */
    group: z.enum(INBOX_GROUPS).optional(),
    limit: z.coerce.number().int().min(1).max(200).default(INBOX_PAGE),
    after: listCursor.optional(),
    before: listCursor.optional(),
  })
  .refine((q) => !(q.after && q.before), rule('invalid', 'after or before, not both'))
  .refine((q) => q.group || !(q.after || q.before), rule('invalid', 'a cursor belongs to a group'));
export type InboxQuery = z.infer<typeof inboxQuery>;
export const inboxGroupPage = z.object({
  group: z.enum(INBOX_GROUPS),
  /** Referrals in the group, counted up to LIST_COUNT_BOUND; `totalCapped` when there are more. */
  total: z.number().int(),
  totalCapped: z.boolean(),
  next: listCursor.nullable(),
  previous: listCursor.nullable(),
});
export const inboxPage = z.object({ referrals: z.array(referralView), groups: z.array(inboxGroupPage) });
export type InboxPage = z.infer<typeof inboxPage>;
export type InboxGroupPage = z.infer<typeof inboxGroupPage>;

export const answerBody = z.discriminatedUnion('decision', [
  z.object({ decision: z.literal('accept') }),
  z.object({ decision: z.literal('decline'), reason: prose(2000) }),
]);
export const closeReferralBody = z.object({ outcome: z.enum(OUTCOMES), notes: paragraphs(0, 4000).default('') });

export const sessionBody = z.object({
  sessionOn: isoDate,
  attendance: z.enum(ATTENDANCE),
  notes: z
    .array(z.object({ section: z.enum(['psychosocial_notes', 'other_notes']), body: prose(20000), shared: z.boolean().default(false) }))
    .max(2)
    .default([]),
});
export const sessionView = z.object({
  id: z.uuid(),
  referralId: z.uuid(),
  orgId: z.uuid(),
  orgName: z.string(),
  sessionOn: isoDate,
  attendance: z.enum(ATTENDANCE),
});

export const assessmentBody = z.object({
  assessedOn: isoDate,
  levels: z.partialRecord(z.enum(NEED_DOMAINS), z.number().int().min(0).max(4)).refine((l) => Object.keys(l).length > 0, rule('required', 'rate at least one domain')),
  notes: z.partialRecord(z.enum(NEED_DOMAINS), paragraphs(0, 2000)).default({}),
});
export const assessmentView = z.object({
  id: z.uuid(),
  assessedOn: isoDate,
  orgName: z.string(),
  assessorName: z.string().nullable(),
  levels: z.record(z.string(), z.number()),
  notes: z.record(z.string(), z.string()),
});

export const noteBody = z.object({ section: z.enum(['psychosocial_notes', 'other_notes', 'security']), body: prose(20000), shared: z.boolean().default(false) });
export const noteView = z.object({
  id: z.uuid(),
  section: z.enum(['psychosocial_notes', 'other_notes', 'security']),
  authorOrgName: z.string(),
  authorName: z.string().nullable(),
  shared: z.boolean(),
  body: z.string(),
  createdAt: z.iso.datetime(),
});

export const eventView = z.object({ id: z.number().int(), at: z.iso.datetime(), kind: z.string(), section: z.string().nullable(), actorOrgName: z.string().nullable(), data: z.record(z.string(), z.unknown()) });

export const caseParams = z.object({ id: z.uuid() });
export const caseChildParams = z.object({ id: z.uuid(), childId: z.uuid() });

export const breakGlassBody = z.object({
  caseNumber: z.string().trim().regex(/^[A-Z]{2}-\d{4}-\d{5,}$/, 'must be a case number such as XM-2026-00001'),
  reason: clean(z.string().trim().min(20, 'explain the emergency in a sentence or two').max(2000), 'multi'),
  minutes: z.number().int().min(15).max(240).default(60),
});
// Subject access exports and case summaries.
export const subjectAccessBody = z.object({
  caseNumber: z.string().trim().regex(/^[A-Z]{2}-\d{4}-\d{5,}$/, 'must be a case number such as XM-2026-00001'),
  reason: clean(z.string().trim().min(15, 'say why, e.g. the request received, its date and reference').max(1000), 'multi'),
  format: z.enum(['json', 'pdf']),
  /** For someone holding both roles: export as the data protection officer, or ask as a coordinator. */
  as: z.enum(['dpo', 'case_coordinator']).optional(),
});
export type SubjectAccessInput = z.infer<typeof subjectAccessBody>;
export const subjectAccessPending = z.object({ status: z.literal('pending'), request: z.uuid() });
export const subjectAccessDecisionBody = z.object({
  decision: z.enum(['approve', 'refuse']),
  note: clean(z.string().trim().min(3, 'a note on the approval, or the reason for refusing').max(1000), 'multi'),
});
export const subjectAccessDownloadBody = z.object({ format: z.enum(['json', 'pdf']) });
export const subjectAccessRequestView = z.object({
  id: z.uuid(),
  caseId: z.uuid(),
  caseNumber: z.string().nullable(),
  requestedByName: z.string().nullable(),
  requestedAt: z.string(),
  reason: z.string(),
  approval: z.enum(['not_needed', 'pending', 'approved', 'refused']),
  decidedByName: z.string().nullable(),
  decidedAt: z.string().nullable(),
  decisionNote: z.string().nullable(),
  expiresAt: z.string().nullable(),
  downloadsLeft: z.number().int(),
  mine: z.boolean(),
});
export type SubjectAccessRequestView = z.infer<typeof subjectAccessRequestView>;
export const subjectAccessMineQuery = z.object({ caseId: z.uuid().optional() });
export const exportLanguageQuery = z.object({ lang: z.enum(['en', 'ru', 'ar']).optional() });

export const breakGlassView = z.object({
  id: z.uuid(),
  caseId: z.uuid(),
  caseNumber: z.string().nullable(),
  userName: z.string(),
  orgName: z.string(),
  reason: z.string(),
  startedAt: z.iso.datetime(),
  expiresAt: z.iso.datetime(),
  active: z.boolean(),
  reviewedAt: z.iso.datetime().nullable(),
  reviewerName: z.string().nullable(),
  reviewNote: z.string().nullable(),
});
export type BreakGlassView = z.infer<typeof breakGlassView>;
export const reviewBody = z.object({ note: paragraphs(3, 2000), endNow: z.boolean().default(false) });

export const closeCaseBody = z.object({ reason: paragraphs(3, 2000), aftercareUntil: isoDate.nullable().default(null) });
export const legalHoldBody = z.discriminatedUnion('hold', [
  z.object({ hold: z.literal(true), reason: paragraphs(3, 2000) }),
  z.object({ hold: z.literal(false) }),
]);
export const retentionView = z.object({
  caseId: z.uuid(),
  caseNumber: z.string(),
  category: z.string(),
  status: z.enum(['closed', 'anonymised']),
  closedOn: isoDate.nullable(),
  anonymiseOn: isoDate.nullable(),
  legalHold: z.boolean(),
  legalHoldReason: z.string().nullable(),
  anonymisedAt: z.iso.datetime().nullable(),
});
export type RetentionView = z.infer<typeof retentionView>;

export const REMINDER_KINDS = ['referral_unanswered', 'consent_expiring', 'session_missed', 'review_due', 'action_overdue'] as const;
export type ReminderKind = (typeof REMINDER_KINDS)[number];
export const reminderView = z.object({
  id: z.uuid(),
  kind: z.enum(REMINDER_KINDS),
  caseId: z.uuid(),
  caseNumber: z.string().nullable(),
  alias: z.string(),
  dueOn: isoDate,
  raisedAt: z.string(),
});
export type ReminderView = z.infer<typeof reminderView>;
export const importRowError = z.object({
  row: z.number().int(),
  column: z.string().nullable(),
  code: z.enum(['invalid', 'cell_count', 'duplicate_in_file', 'duplicate_existing']),
  message: z.string(),
  related: z.string().nullable().optional(),
});
export const importReport = z.object({ totalRows: z.number().int(), validRows: z.number().int(), errors: z.array(importRowError) });
export type ImportReport = z.infer<typeof importReport>;
export const importQuery = z.object({ mode: z.enum(['check', 'all', 'valid_only']).default('check') });
export const importRun = z.object({
  id: z.uuid(),
  mode: z.enum(['all', 'valid_only']),
  status: z.enum(['running', 'done', 'failed', 'interrupted']),
  totalRows: z.number().int(),
  validRows: z.number().int(),
  importedRows: z.number().int(),
  errors: z.array(importRowError),
  failure: z.string().nullable(),
  createdAt: z.iso.datetime(),
  finishedAt: z.iso.datetime().nullable(),
  /** The cases opened, by row (the first 500). */
  cases: z.array(z.object({ row: z.number().int(), id: z.uuid(), caseNumber: z.string(), alias: z.string() })),
});
export type ImportRun = z.infer<typeof importRun>;
