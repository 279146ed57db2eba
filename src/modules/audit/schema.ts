import { z } from 'zod';
import { line } from '../../platform/validation/text.ts';

export const auditQuery = z.object({
  user: z.uuid().optional(),
  org: z.uuid().optional(),
  subjectType: z.string().regex(/^[a-z][a-z_]*$/).max(40).optional(),
  subjectId: line(0, 100).optional(),
  /** Events about the case with this number (as the officer knows it), instead of its identifier. */
  caseNumber: z
    .string()
    .trim()
    .toUpperCase()
    .regex(/^[A-Z]{2}-\d{4}-\d{5,}$/)
    .optional(),
  action: z.string().regex(/^[a-z][a-z_.]*$/).max(80).optional(),
  outcome: z.enum(['success', 'denied', 'failure']).optional(),
  from: z.iso.date().optional(),
  to: z.iso.date().optional(),
  /** Events older than this id (the last one of the previous page). */
  before: z.coerce.number().int().positive().optional(),
  limit: z.coerce.number().int().min(1).max(200).default(50),
});
export type AuditQuery = z.infer<typeof auditQuery>;

export const auditEventView = z.object({
  id: z.number().int(),
  occurredAt: z.iso.datetime(),
  actorUserId: z.uuid().nullable(),
  actorName: z.string().nullable(),
  actorOrgId: z.uuid().nullable(),
  action: z.string(),
  outcome: z.enum(['success', 'denied', 'failure']),
  subjectType: z.string().nullable(),
  subjectId: z.string().nullable(),
  subjectOrgId: z.uuid().nullable(),
  /** The record in words where the officer may read it: a case's number, a person's or organisation's name. */
  subjectLabel: z.string().nullable(),
  requestId: z.string().nullable(),
  sealed: z.boolean(),
  details: z.record(z.string(), z.unknown()),
});
export type AuditEventView = z.infer<typeof auditEventView>;

/** How many events match, counted up to AUDIT_COUNT_BOUND (then `totalCapped`: "more than"), never further. */
export const AUDIT_COUNT_BOUND = 1000;

export const auditPage = z.object({
  events: z.array(auditEventView),
  nextBefore: z.number().int().nullable(),
  total: z.number().int(),
  totalCapped: z.boolean(),
});
