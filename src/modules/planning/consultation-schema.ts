// API shapes of consultations: the window, modes, linked sections, questions, invitations and
// the meeting register. Shared by the routes, the services and the web app.
import { z } from 'zod';
import { rule } from '../../platform/http/field-codes.ts';
import { CONSULTATION_MODES, CONSULTATION_OPEN_TO, inputMoment, line, optionalLine, optionalText, PARTICIPANT_ORG_TYPES, PARTICIPANT_SEXES, STAGES } from './schema.ts';

const unique = <T>(items: T[]) => new Set(items).size === items.length;

export const WINDOW_STATES = ['upcoming', 'open', 'closed'] as const;
export type WindowState = (typeof WINDOW_STATES)[number];

const consultationFields = {
  title: line(3, 300),
  description: optionalText(8000),
  opensAt: inputMoment(),
  closesAt: inputMoment(),
  modes: z.array(z.enum(CONSULTATION_MODES)).min(1).max(2).refine(unique, rule('not_unique', 'each mode once')),
  openTo: z.enum(CONSULTATION_OPEN_TO),
  meetingPlace: optionalLine(300),
  meetingAt: inputMoment().nullish().transform((v) => v ?? null),
  sectionIds: z.array(z.uuid()).max(500).refine(unique, rule('not_unique', 'each section once')),
};

const windowInOrder = (c: { opensAt?: string; closesAt?: string }) => c.opensAt === undefined || c.closesAt === undefined || Date.parse(c.closesAt) > Date.parse(c.opensAt);
const meetingDetailsNeedMeeting = (c: { modes?: string[]; meetingPlace?: string | null; meetingAt?: string | null }) =>
  c.modes === undefined || c.modes.includes('meeting') || (!c.meetingPlace && !c.meetingAt);

export const consultationBody = z
  .object({
    ...consultationFields,
    openTo: consultationFields.openTo.default('invited'),
    sectionIds: consultationFields.sectionIds.default([]),
    questions: z.array(line(3, 2000)).max(100).default([]),
  })
  .refine(windowInOrder, rule('order', 'closes after it opens', ['closesAt']))
  .refine(meetingDetailsNeedMeeting, rule('needs_meeting_mode', 'a meeting place or time needs the meeting mode', ['modes']));
export type ConsultationInput = z.infer<typeof consultationBody>;

/** A change: any of the fields. Questions are given whole: kept ones by id, new ones without. */
export const consultationPatchBody = z
  .object({
    title: consultationFields.title.optional(),
    description: consultationFields.description.optional(),
    opensAt: consultationFields.opensAt.optional(),
    closesAt: consultationFields.closesAt.optional(),
    modes: consultationFields.modes.optional(),
    openTo: consultationFields.openTo.optional(),
    meetingPlace: consultationFields.meetingPlace.optional(),
    meetingAt: consultationFields.meetingAt.optional(),
    sectionIds: consultationFields.sectionIds.optional(),
    questions: z
      .array(z.object({ id: z.uuid().optional(), text: line(3, 2000) }))
      .max(100)
      .refine((qs) => unique(qs.flatMap((q) => (q.id ? [q.id] : []))), rule('not_unique', 'each question once'))
      .optional(),
  })
  .refine((c) => Object.values(c).some((v) => v !== undefined), rule('no_change', 'change something'))
  .refine(windowInOrder, rule('order', 'closes after it opens', ['closesAt']));
export type ConsultationPatch = z.infer<typeof consultationPatchBody>;

export const invitationBody = z.object({ orgIds: z.array(z.uuid()).min(1).max(100).refine(unique, rule('not_unique', 'each organisation once')) });

export const participantBody = z
  .object({
    /** An organisation of the directory; its name and whether it is women-led are taken from it. */
    orgId: z.uuid().nullish().transform((v) => v ?? null),
    orgName: optionalLine(200),
    orgType: z.enum(PARTICIPANT_ORG_TYPES),
    womenLed: z.boolean().default(false),
    sex: z.enum(PARTICIPANT_SEXES),
    /** Several people of the same organisation and sex at once. */
    count: z.number().int().min(1).max(200).default(1),
  })
  .refine((p) => p.orgId !== null || p.orgName !== null, rule('required', 'name the organisation', ['orgName']));
export type ParticipantInput = z.infer<typeof participantBody>;

export const participantParams = z.object({ planId: z.uuid(), id: z.uuid(), participantId: z.uuid() });

const counts = z.record(z.string(), z.number().int());
export const participantsView = z.object({
  participants: z.array(
    z.object({
      id: z.uuid(),
      orgId: z.uuid().nullable(),
      orgName: z.string(),
      orgType: z.enum(PARTICIPANT_ORG_TYPES),
      womenLed: z.boolean(),
      sex: z.enum(PARTICIPANT_SEXES),
      createdAt: z.iso.datetime(),
    }),
  ),
  counts: z.object({ total: z.number().int(), bySex: counts, byOrgType: counts, womenLed: z.number().int() }),
});
export type ParticipantsView = z.infer<typeof participantsView>;

/** Whether the actor's organisation may contribute now, and if not, why. */
export const CONTRIBUTE_STATES = ['yes', 'not_open', 'not_invited', 'not_contributor'] as const;

export const consultationSummary = z.object({
  id: z.uuid(),
  title: z.string(),
  description: z.string().nullable(),
  opensAt: z.iso.datetime(),
  closesAt: z.iso.datetime(),
  window: z.enum(WINDOW_STATES),
  modes: z.array(z.enum(CONSULTATION_MODES)),
  openTo: z.enum(CONSULTATION_OPEN_TO),
  meetingPlace: z.string().nullable(),
  meetingAt: z.iso.datetime().nullable(),
  sectionCount: z.number().int(),
  questionCount: z.number().int(),
  /** For the plan's coordinators only. */
  counts: z.object({ contributions: z.number().int(), unanswered: z.number().int(), invitations: z.number().int(), participants: z.number().int() }).nullable(),
  contribute: z.enum(CONTRIBUTE_STATES),
});
export type ConsultationSummary = z.infer<typeof consultationSummary>;

export const planHeader = z.object({ id: z.uuid(), title: z.string(), stage: z.enum(STAGES), allowsIndividuals: z.boolean(), published: z.boolean(), country: z.string() });

export const consultationsView = z.object({
  plan: planHeader,
  consultations: z.array(consultationSummary),
  can: z.object({ create: z.boolean() }),
});
export type ConsultationsView = z.infer<typeof consultationsView>;

export const consultationView = consultationSummary.extend({
  plan: planHeader,
  sections: z.array(z.object({ id: z.uuid(), position: z.number().int(), title: z.string(), body: z.string(), version: z.number().int() })),
  questions: z.array(z.object({ id: z.uuid(), position: z.number().int(), text: z.string() })),
  /** For the plan's coordinators only. */
  invitations: z.array(z.object({ orgId: z.uuid(), orgName: z.string(), orgType: z.string(), womenLed: z.boolean(), invitedAt: z.iso.datetime() })).nullable(),
  can: z.object({ edit: z.boolean(), invite: z.boolean(), register: z.boolean(), contribute: z.boolean(), contributeAsIndividual: z.boolean() }),
});
export type ConsultationView = z.infer<typeof consultationView>;
