// API shapes of the case plan and case conferences, shared by the routes, the services and the
// web app.
import { z } from 'zod';
import { rule } from '../../platform/http/field-codes.ts';
import { line, paragraphs } from '../../platform/validation/text.ts';
import { NEED_DOMAINS } from '../orgs/schema.ts';

export const GOAL_STATUSES = ['open', 'achieved', 'discontinued'] as const;
export const ACTION_STATUSES = ['planned', 'in_progress', 'done', 'cancelled'] as const;
/** Statuses of an action still to be done: only these can be overdue. */
export const OPEN_ACTION_STATUSES = ['planned', 'in_progress'] as const;

const isoDate = z.iso.date();
/** Descriptions, minutes and decisions: several lines allowed. */
const text = (max: number) => paragraphs(1, max);

export const goalBody = z.object({ domain: z.enum(NEED_DOMAINS), description: text(2000) });
export const goalUpdateBody = z
  .object({ description: text(2000).optional(), status: z.enum(GOAL_STATUSES).optional() })
  .refine((g) => g.description !== undefined || g.status !== undefined, rule('no_change', 'change the description or the status'));
export type GoalUpdate = z.infer<typeof goalUpdateBody>;

export const actionBody = z.object({
  description: text(2000),
  responsibleOrgId: z.uuid(),
  responsibleUserId: z.uuid().nullable().default(null),
  targetDate: isoDate,
});
export type ActionInput = z.infer<typeof actionBody>;

/** The lead agency may change anything; the responsible organisation only the status. */
export const actionUpdateBody = z
  .object({
    description: text(2000).optional(),
    responsibleOrgId: z.uuid().optional(),
    responsibleUserId: z.uuid().nullable().optional(),
    targetDate: isoDate.optional(),
    status: z.enum(ACTION_STATUSES).optional(),
    /** When done; today when left out. */
    completedOn: isoDate.optional(),
  })
  .refine((a) => Object.values(a).some((v) => v !== undefined), rule('no_change', 'change something'))
  .refine((a) => a.completedOn === undefined || a.status === 'done', rule('only_when_done', 'only a done action has a completion date', ['completedOn']));
export type ActionUpdate = z.infer<typeof actionUpdateBody>;

export const actionView = z.object({
  id: z.uuid(),
  goalId: z.uuid(),
  description: z.string(),
  responsibleOrgId: z.uuid(),
  responsibleOrgName: z.string(),
  responsibleUserId: z.uuid().nullable(),
  responsibleName: z.string().nullable(),
  targetDate: isoDate,
  status: z.enum(ACTION_STATUSES),
  completedOn: isoDate.nullable(),
  overdue: z.boolean(),
  /** The conference whose action item this was. */
  conference: z.object({ id: z.uuid(), heldAt: z.iso.datetime() }).nullable(),
  canEdit: z.boolean(),
  canUpdateStatus: z.boolean(),
});
export type ActionView = z.infer<typeof actionView>;

export const goalView = z.object({
  id: z.uuid(),
  domain: z.enum(NEED_DOMAINS),
  description: z.string(),
  status: z.enum(GOAL_STATUSES),
  actions: z.array(actionView),
});
export type GoalView = z.infer<typeof goalView>;

export const casePerson = z.object({ orgId: z.uuid(), orgName: z.string(), userId: z.uuid(), name: z.string() });
export type CasePerson = z.infer<typeof casePerson>;

export const planView = z.object({
  goals: z.array(goalView),
  overdue: z.number().int(),
  /** Organisations an action may be given to (the lead and the team), with their named people. */
  organisations: z.array(z.object({ orgId: z.uuid(), orgName: z.string() })),
  people: z.array(casePerson),
  can: z.object({ write: z.boolean() }),
});
export type PlanView = z.infer<typeof planView>;

export const conferenceBody = z.object({
  heldAt: z.iso.datetime({ offset: true }),
  place: line(1, 300),
  agenda: z.array(line(1, 500)).min(1).max(30),
});
export type ConferenceInput = z.infer<typeof conferenceBody>;

export const actionItemBody = z.object({
  domain: z.enum(NEED_DOMAINS),
  description: text(2000),
  responsibleOrgId: z.uuid(),
  responsibleUserId: z.uuid().nullable().default(null),
  targetDate: isoDate,
  /** The goal it serves; when left out, the open goal of the domain (a new one when none). */
  goalId: z.uuid().nullable().default(null),
});
export type ActionItem = z.infer<typeof actionItemBody>;

export const recordConferenceBody = z.object({
  attendees: z.array(z.object({ orgId: z.uuid(), name: line(1, 200), role: line(1, 200) })).min(1).max(60),
  minutes: text(20000),
  decisions: z.array(text(2000)).max(30).default([]),
  actionItems: z.array(actionItemBody).max(30).default([]),
});
export type RecordConferenceInput = z.infer<typeof recordConferenceBody>;

export const conferenceView = z.object({
  id: z.uuid(),
  heldAt: z.iso.datetime(),
  place: z.string(),
  agenda: z.array(z.string()),
  attendees: z.array(z.object({ orgId: z.uuid(), orgName: z.string(), name: z.string(), role: z.string() })),
  minutes: z.string().nullable(),
  decisions: z.array(z.string()),
  status: z.enum(['scheduled', 'recorded']),
  recordedAt: z.iso.datetime().nullable(),
  actions: z.array(z.object({ id: z.uuid(), description: z.string(), responsibleOrgName: z.string(), targetDate: isoDate, status: z.enum(ACTION_STATUSES) })),
});
export type ConferenceView = z.infer<typeof conferenceView>;

export const conferencesView = z.object({
  conferences: z.array(conferenceView),
  organisations: z.array(z.object({ orgId: z.uuid(), orgName: z.string() })),
  people: z.array(casePerson),
  goals: z.array(z.object({ id: z.uuid(), domain: z.enum(NEED_DOMAINS), description: z.string() })),
  can: z.object({ hold: z.boolean() }),
});
export type ConferencesView = z.infer<typeof conferencesView>;

export const dueQuery = z.object({ days: z.coerce.number().int().min(0).max(90).default(7) });
export const dueActionView = z.object({
  id: z.uuid(),
  caseId: z.uuid(),
  caseNumber: z.string(),
  alias: z.string(),
  description: z.string(),
  targetDate: isoDate,
  status: z.enum(OPEN_ACTION_STATUSES),
  overdue: z.boolean(),
});
export type DueActionView = z.infer<typeof dueActionView>;
