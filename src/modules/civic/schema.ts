// API shapes of the civic-space monitor, shared by the routes, the services and the web app.
import { z } from 'zod';
import { rule } from '../../platform/http/field-codes.ts';
import { line, optionalLine, paragraphs } from '../../platform/validation/text.ts';
import { inputDay } from '../planning/schema.ts';

/** Kinds of restriction, as the monitor classifies them (a record has one or more). */
export const RESTRICTION_TYPES = [
  'registration',
  'funding_rules',
  'bank_derisking',
  'operations',
  'assembly',
  'expression',
  'harassment_detention',
  'surveillance',
  'travel_ban',
  'designation_listing',
  'smear_campaign',
] as const;
export type RestrictionType = (typeof RESTRICTION_TYPES)[number];

export const SEVERITIES = ['low', 'moderate', 'high', 'severe'] as const;
export const RECORD_STATUSES = ['unverified', 'corroborated', 'verified'] as const;
export type RecordStatus = (typeof RECORD_STATUSES)[number];

/** The five-step scale of civic space, from the most open to the most closed. */
export const RATINGS = ['open', 'narrowed', 'obstructed', 'repressed', 'closed'] as const;
export type Rating = (typeof RATINGS)[number];

/** A record needs this many sources before it can be marked corroborated. */
export const SOURCES_TO_CORROBORATE = 2;

export const countryCode = z.string().regex(/^[A-Z]{2}$/, 'must be a two-letter country code');
const regionCode = z.string().regex(/^[a-z0-9_-]{1,40}$/, 'must be a region code');

export const newRecordBody = z
  .object({
    country: countryCode,
    region: regionCode.nullable().default(null),
    title: line(3, 300),
    description: paragraphs(3, 8000),
    startedOn: inputDay(),
    endedOn: inputDay().nullable().default(null),
    types: z.array(z.enum(RESTRICTION_TYPES)).min(1).max(RESTRICTION_TYPES.length).refine((t) => new Set(t).size === t.length, rule('not_unique', 'each type once')),
    ctJustification: z.boolean(),
    legalInstrument: optionalLine(500),
    actor: line(2, 300),
    womenTargeted: z.boolean(),
    severity: z.enum(SEVERITIES),
  })
  .refine((r) => r.endedOn === null || r.endedOn >= r.startedOn, rule('order', 'must not be before the start', ['endedOn']));
export type NewRecord = z.infer<typeof newRecordBody>;

export const sourceBody = z.object({
  url: z
    .string()
    .max(2000)
    .regex(/^https?:\/\/[^\s]{3,}$/, 'must be a web address starting with http:// or https://')
    .refine((u) => URL.canParse(u), rule('invalid_format', 'must be a web address', undefined, { format: 'url' })),
  title: line(2, 300),
  publishedOn: inputDay().nullable().default(null),
});
export type NewSource = z.infer<typeof sourceBody>;

export const affectedBody = z.object({
  /** Left out for an organisation that is not to be named. */
  name: optionalLine(200),
  description: line(2, 500),
  womenLed: z.boolean().default(false),
});
export type NewAffected = z.infer<typeof affectedBody>;

export const consentBody = z.object({ note: line(3, 1000) });
export const statusBody = z.object({ status: z.enum(['corroborated', 'verified']) });
export const publicationBody = z.object({ published: z.boolean() });

export const newRatingBody = z.object({
  country: countryCode,
  year: z.number().int().min(1990).max(2100),
  rating: z.enum(RATINGS),
  reasons: paragraphs(20, 8000),
  recordIds: z.array(z.uuid()).max(100).default([]).refine((ids) => new Set(ids).size === ids.length, rule('not_unique', 'each record once')),
});
export type NewRating = z.infer<typeof newRatingBody>;

export const recordParams = z.object({ id: z.uuid() });
export const affectedParams = z.object({ id: z.uuid(), affectedId: z.uuid() });
export const countryParams = z.object({ code: countryCode });
export const recordListQuery = z.object({ country: countryCode.optional() });

/** Filters of the public pages and the open-data export. */
export const publicQuery = z.object({
  country: countryCode.optional(),
  type: z.enum(RESTRICTION_TYPES).optional(),
  year: z.coerce.number().int().min(1990).max(2100).optional(),
});
export type PublicFilter = z.infer<typeof publicQuery>;
export const exportParams = z.object({ format: z.enum(['csv', 'json']) });
/** The plain export page's query: the filters, and the language of the page shown while the file is built. */
export const publicExportPageQuery = publicQuery.extend({ lang: z.enum(['en', 'ru', 'ar']).optional() });

const sourceView = z.object({ id: z.uuid(), url: z.string(), title: z.string(), publishedOn: z.string().nullable() });
const publicAffected = z.object({ name: z.string().nullable(), description: z.string(), womenLed: z.boolean() });

const recordFacts = {
  id: z.uuid(),
  country: z.string(),
  region: z.string().nullable(),
  title: z.string(),
  description: z.string(),
  startedOn: z.string(),
  endedOn: z.string().nullable(),
  types: z.array(z.enum(RESTRICTION_TYPES)),
  ctJustification: z.boolean(),
  legalInstrument: z.string().nullable(),
  actor: z.string(),
  womenTargeted: z.boolean(),
  severity: z.enum(SEVERITIES),
};
/** The monitoring organisation, where the reader may see it (never on public pages: naming a monitor can endanger it). */
const monitorOrg = z.string().nullable();

export const publicRecordView = z.object({
  ...recordFacts,
  verifiedAt: z.string(),
  publishedAt: z.string(),
  sources: z.array(sourceView),
  affected: z.array(publicAffected),
});
export type PublicRecordView = z.infer<typeof publicRecordView>;
/** The newest matching records (a page's worth) and how many match in all. */
export const publicRecordList = z.object({ records: z.array(publicRecordView), total: z.number() });

const ratingPoint = z.object({
  id: z.uuid(),
  year: z.number(),
  rating: z.enum(RATINGS),
  reasons: z.string(),
  confirmedAt: z.string(),
  records: z.array(z.object({ id: z.uuid(), title: z.string() })),
});
export const publicCountryList = z.object({
  countries: z.array(z.object({ code: z.string(), names: z.record(z.string(), z.string()), latest: z.object({ year: z.number(), rating: z.enum(RATINGS) }).nullable(), published: z.number() })),
});
export const publicCountryView = z.object({
  code: z.string(),
  names: z.record(z.string(), z.string()),
  /** Oldest first: the trend reads left to right. */
  ratings: z.array(ratingPoint),
  records: z.array(publicRecordView),
  /** How many published records match; `records` holds the newest of them. */
  total: z.number(),
  years: z.array(z.number()),
});
export type PublicCountryView = z.infer<typeof publicCountryView>;

const person = z.string().nullable();
export const recordSummary = z.object({
  id: z.uuid(),
  country: z.string(),
  title: z.string(),
  startedOn: z.string(),
  types: z.array(z.enum(RESTRICTION_TYPES)),
  severity: z.enum(SEVERITIES),
  status: z.enum(RECORD_STATUSES),
  published: z.boolean(),
  own: z.boolean(),
  monitorOrg,
});
export const recordList = z.object({ records: z.array(recordSummary), can: z.object({ create: z.boolean() }) });
export type RecordList = z.infer<typeof recordList>;

export const recordView = z.object({
  ...recordFacts,
  status: z.enum(RECORD_STATUSES),
  own: z.boolean(),
  monitorOrg,
  enteredBy: person,
  enteredAt: z.string(),
  corroboratedBy: person,
  verifiedBy: person,
  verifiedAt: z.string().nullable(),
  publishedAt: z.string().nullable(),
  sources: z.array(sourceView),
  affected: z.array(
    z.object({
      id: z.uuid(),
      name: z.string().nullable(),
      description: z.string(),
      womenLed: z.boolean(),
      consentAt: z.string().nullable(),
      consentNote: z.string().nullable(),
    }),
  ),
  /** What the acting monitor may do now, and why not where it matters. */
  can: z.object({
    addSource: z.boolean(),
    addAffected: z.boolean(),
    recordConsent: z.boolean(),
    corroborate: z.boolean(),
    verify: z.boolean(),
    publish: z.boolean(),
    unpublish: z.boolean(),
  }),
  waitingFor: z.array(z.enum(['sources', 'second_monitor', 'consent'])),
});
export type RecordView = z.infer<typeof recordView>;

export const ratingView = z.object({
  id: z.uuid(),
  country: z.string(),
  year: z.number(),
  rating: z.enum(RATINGS),
  reasons: z.string(),
  status: z.enum(['proposed', 'confirmed']),
  own: z.boolean(),
  proposedBy: person,
  proposedAt: z.string(),
  confirmedBy: person,
  confirmedAt: z.string().nullable(),
  monitorOrg,
  records: z.array(z.object({ id: z.uuid(), title: z.string() })),
  can: z.object({ confirm: z.boolean() }),
});
export type RatingView = z.infer<typeof ratingView>;
export const ratingList = z.object({ ratings: z.array(ratingView), can: z.object({ propose: z.boolean() }) });
export type RatingList = z.infer<typeof ratingList>;

// ---- The confidential reporting channel ----------------------------------------------------

/** A report as the reporter writes it (the form's fields). */
export const newReportBody = z.object({
  country: countryCode,
  title: line(3, 300),
  description: paragraphs(10, 8000),
  startedOn: z.union([inputDay(), z.literal('')]).optional().transform((d) => (d ? d : null)),
  types: z.array(z.enum(RESTRICTION_TYPES)).max(RESTRICTION_TYPES.length).default([]).refine((t) => new Set(t).size === t.length, rule('not_unique', 'each type once')),
  actor: optionalLine(300),
  ctJustification: z.boolean().default(false),
  womenTargeted: z.boolean().default(false),
  /** How a monitor may reach the reporter, if they wish: seen only by the monitor the report is assigned to. */
  contact: paragraphs(0, 1000).optional().transform((c) => (c ? c : null)),
  /** The organisation to read it, among those with a desk open for the country; 'any' or none: any of them. */
  desk: z.union([z.uuid(), z.literal('any'), z.literal('')]).optional().transform((d) => (d && d !== 'any' ? d : null)),
});
export type NewReport = z.infer<typeof newReportBody>;
export type ReportContent = Omit<NewReport, 'contact' | 'desk'>;

/** A receipt code as typed back (spaces, dashes and case do not matter). */
export const receiptCode = z.string().max(80).transform((s) => s.toUpperCase().replace(/[^0-9A-Z]/g, '').replace(/O/g, '0').replace(/[IL]/g, '1'))
  .refine((s) => /^[0-9A-HJKMNP-TV-Z]{20}$/.test(s), rule('invalid_format', 'is not a receipt code', undefined, { format: 'pattern' }));
export const messageBody = z.object({ body: paragraphs(2, 4000) });

export const REPORT_STATUSES = ['new', 'assigned', 'converted', 'withdrawn'] as const;
const reportMessage = z.object({ fromReporter: z.boolean(), body: z.string(), sentAt: z.iso.datetime() });
const reportContent = z.object({
  title: z.string(),
  description: z.string(),
  startedOn: z.string().nullable(),
  types: z.array(z.enum(RESTRICTION_TYPES)),
  actor: z.string().nullable(),
  ctJustification: z.boolean(),
  womenTargeted: z.boolean(),
});
export const reportQueue = z.object({
  reports: z.array(
    z.object({
      id: z.uuid(),
      country: z.string(),
      receivedOn: z.string(),
      status: z.enum(REPORT_STATUSES),
      title: z.string().nullable(),
      assignedToMe: z.boolean(),
      /** The reporter chose the monitor's organisation, not any desk of the country. */
      addressedToUs: z.boolean(),
    }),
  ),
});
export const reportView = z.object({
  id: z.uuid(),
  country: z.string(),
  receivedOn: z.string(),
  status: z.enum(REPORT_STATUSES),
  /** Null once the reporter withdrew it. */
  content: reportContent.nullable(),
  assignedToMe: z.boolean(),
  /** The reporter chose the monitor's organisation, not any desk of the country. */
  addressedToUs: z.boolean(),
  /** Only for the monitor it is assigned to; null if the reporter left none. */
  contact: z.string().nullable(),
  messages: z.array(reportMessage),
  /** Files the reporter attached, stripped of their metadata: for the monitor who took the report. */
  files: z.array(z.object({ id: z.uuid(), filename: z.string(), contentType: z.string(), sizeBytes: z.number().int() })),
  recordId: z.uuid().nullable(),
  may: z.object({ assign: z.boolean(), ask: z.boolean(), convert: z.boolean() }),
});
export type ReportView = z.infer<typeof reportView>;
export const reportParams = z.object({ id: z.uuid() });
export const reportFileParams = z.object({ id: z.uuid(), fileId: z.uuid() });

/** Desks: the countries whose reports an organisation's monitors read (null: every country). */
export const deskList = z.object({
  desks: z.array(z.object({ id: z.uuid(), country: z.string().nullable(), openedBy: z.object({ id: z.uuid(), name: z.string() }).nullable(), openedAt: z.iso.datetime() })),
});
export const deskBody = z.object({ country: z.union([countryCode, z.null()]) });
export const deskParams = z.object({ id: z.uuid() });

/** A webhook for civic-space alerts, as its organisation's administrator registers it. */
export const webhookBody = z.object({
  url: z.string().trim().max(2000),
  /** Empty: every country. */
  countries: z.array(countryCode).max(300).default([]).refine((c) => new Set(c).size === c.length, rule('not_unique', 'each country once')),
  /** Empty: every type of restriction. */
  types: z.array(z.enum(RESTRICTION_TYPES)).max(RESTRICTION_TYPES.length).default([]).refine((t) => new Set(t).size === t.length, rule('not_unique', 'each type once')),
});
export const webhookParams = z.object({ id: z.uuid() });
export const webhookCreated = z.object({ id: z.uuid(), secret: z.string() });
export const webhookList = z.object({
  webhooks: z.array(
    z.object({
      id: z.uuid(),
      url: z.string(),
      countries: z.array(z.string()),
      types: z.array(z.enum(RESTRICTION_TYPES)),
      createdAt: z.iso.datetime(),
      deliveries: z.array(
        z.object({
          id: z.uuid(),
          event: z.enum(['civic.record.published', 'civic.rating.confirmed']),
          subjectId: z.uuid(),
          status: z.enum(['pending', 'delivered', 'failed']),
          attempts: z.number().int(),
          lastStatus: z.number().int().nullable(),
          lastError: z.string().nullable(),
          createdAt: z.iso.datetime(),
          lastAttemptAt: z.iso.datetime().nullable(),
        }),
      ),
    }),
  ),
});

// ---- Alerts ------------------------------------------------------------------------------------
export const subscriptionParams = z.object({ country: countryCode });
export const subscriptionBody = z.object({
  /** Empty: every type of restriction. */
  types: z.array(z.enum(RESTRICTION_TYPES)).max(RESTRICTION_TYPES.length).default([]).refine((t) => new Set(t).size === t.length, rule('not_unique', 'each type once')),
});
export const subscriptionList = z.object({ subscriptions: z.array(z.object({ country: z.string(), types: z.array(z.enum(RESTRICTION_TYPES)) })) });
