// Shapes of the public pages of published plans: the list, one plan, one commitment.
import { z } from 'zod';
import { COMPLETION_LEVELS, RACI_ROLES, STAGES } from './schema.ts';
import { planHeading, reportFile, statusCounts } from './report-schema.ts';
import { linkedContribution } from './commitment-schema.ts';

const completion = z.enum(COMPLETION_LEVELS);

export const publicPlanListView = z.object({ plans: z.array(planHeading) });

export const commitmentSummary = z.object({
  id: z.uuid(),
  reference: z.string(),
  title: z.string(),
  leadName: z.string().nullable(),
  startsOn: z.string(),
  endsOn: z.string(),
  /** The government's own assessment: the completion of the latest progress update. */
  selfAssessed: completion.nullable(),
  selfAssessedOn: z.string().nullable(),
  /** The latest independent assessment by civil society. */
  independent: completion.nullable(),
  independentOn: z.string().nullable(),
  independentBy: z.string().nullable(),
  /** Both exist and differ. */
  disagreement: z.boolean(),
});
export type CommitmentSummary = z.infer<typeof commitmentSummary>;

export const publicPlanView = z.object({
  plan: planHeading,
  summary: z.string().nullable(),
  stages: z.array(z.object({ from: z.enum(STAGES).nullable(), to: z.enum(STAGES), changedAt: z.string(), reason: z.string().nullable(), unanswered: z.number().int() })),
  sections: z.array(z.object({ id: z.uuid(), position: z.number().int(), title: z.string(), body: z.string(), version: z.number().int(), updatedAt: z.string() })),
  consultations: z.array(z.object({ id: z.uuid(), title: z.string(), opensAt: z.string(), closesAt: z.string(), modes: z.array(z.string()) })),
  commitments: z.array(commitmentSummary),
  responses: statusCounts,
});
export type PublicPlanView = z.infer<typeof publicPlanView>;

export const timelineEntry = z.object({
  date: z.string(),
  kind: z.enum(['start', 'milestone_due', 'milestone_done', 'progress', 'assessment', 'end']),
  text: z.string(),
  completion: completion.nullable(),
  by: z.string().nullable(),
});
export type TimelineEntry = z.infer<typeof timelineEntry>;

export const publicCommitmentView = z.object({
  plan: planHeading,
  commitment: commitmentSummary.extend({
    objective: z.string(),
    problem: z.string(),
    bodies: z.array(z.object({ name: z.string().nullable(), role: z.enum(RACI_ROLES) })),
    milestones: z.array(z.object({ id: z.uuid(), position: z.number().int(), title: z.string(), deliverable: z.string(), dueOn: z.string(), completedOn: z.string().nullable() })),
    indicators: z.array(z.object({ name: z.string(), unit: z.string(), baseline: z.number().nullable(), target: z.number().nullable() })),
    budget: z.object({ amount: z.number(), currency: z.string() }).nullable(),
    budgetNotes: z.string().nullable(),
    genderMarker: z.number().int(),
    genderJustification: z.string(),
    communicationMechanism: z.string(),
    /** The latest progress updates and assessments, at most 50 of each; the totals say how many there are. */
    progressTotal: z.number().int(),
    assessmentsTotal: z.number().int(),
    progress: z.array(z.object({ id: z.uuid(), reportedOn: z.string(), completion, body: z.string(), by: z.string().nullable(), milestone: z.string().nullable(), milestoneDone: z.boolean(), files: z.array(reportFile) })),
    assessments: z.array(z.object({ id: z.uuid(), assessedOn: z.string(), completion, reasons: z.string(), by: z.string().nullable(), files: z.array(reportFile) })),
    timeline: z.array(timelineEntry),
    files: z.array(reportFile),
    /** Answered contributions whose answers point to this commitment (named only when made under an organisation's name). */
    contributions: z.array(linkedContribution),
  }),
});
export type PublicCommitmentView = z.infer<typeof publicCommitmentView>;
