// Table types of the planning module (migration 0025).
import type { ColumnType, Generated } from 'kysely';

/** numeric: PostgreSQL sends text (exact), PGlite may send a number; read through Number(). */
type NullableNumeric = ColumnType<string | number | null, string | number | null, string | number | null>;

export type PlanningTables = {
  plans: {
    id: Generated<string>;
    country: string;
    title: string;
    summary: string | null;
    period_start: string;
    period_end: string;
    owner_org_id: string;
    stage: Generated<string>;
    allows_individuals: Generated<boolean>;
    published_at: Date | null;
    created_by: string | null;
    created_at: Generated<Date>;
    updated_at: Generated<Date>;
  };
  plan_stage_changes: {
    id: Generated<string>;
    plan_id: string;
    from_stage: string | null;
    to_stage: string;
    changed_at: Generated<Date>;
    changed_by: string | null;
    reason: string | null;
    unanswered: Generated<number>;
  };
  plan_sections: {
    id: Generated<string>;
    plan_id: string;
    position: number;
    created_at: Generated<Date>;
  };
  plan_section_versions: {
    section_id: string;
    plan_id: string;
    version: number;
    title: string;
    body: string;
    note: string | null;
    created_by: string | null;
    created_at: Generated<Date>;
  };
  consultations: {
    id: Generated<string>;
    plan_id: string;
    title: string;
    description: string | null;
    opens_at: Date;
    closes_at: Date;
    modes: string[];
    open_to: Generated<string>;
    meeting_place: string | null;
    meeting_at: Date | null;
    created_by: string | null;
    created_at: Generated<Date>;
  };
  consultation_sections: { consultation_id: string; section_id: string; plan_id: string };
  consultation_questions: { id: Generated<string>; consultation_id: string; plan_id: string; position: number; text: string };
  consultation_invitations: { consultation_id: string; org_id: string; plan_id: string; invited_at: Generated<Date>; invited_by: string | null };
  consultation_participants: {
    id: Generated<string>;
    consultation_id: string;
    plan_id: string;
    org_id: string | null;
    org_name: string;
    org_type: string;
    women_led: Generated<boolean>;
    sex: string;
    created_by: string | null;
    created_at: Generated<Date>;
  };
  commitments: {
    id: Generated<string>;
    plan_id: string;
    reference: string;
    title: string;
    objective: string;
    problem: string;
    lead_org_id: string;
    starts_on: string;
    ends_on: string;
    budget_amount: NullableNumeric;
    budget_currency: string | null;
    budget_notes: string | null;
    gender_marker: number;
    gender_justification: string;
    communication_mechanism: string;
    created_by: string | null;
    created_at: Generated<Date>;
    updated_at: Generated<Date>;
  };
  commitment_bodies: { commitment_id: string; plan_id: string; org_id: string; role: string };
  commitment_milestones: {
    id: Generated<string>;
    commitment_id: string;
    plan_id: string;
    position: number;
    title: string;
    deliverable: string;
    due_on: string;
    completed_on: string | null;
  };
  commitment_indicators: {
    id: Generated<string>;
    commitment_id: string;
    plan_id: string;
    position: number;
    name: string;
    unit: string;
    baseline: NullableNumeric;
    target: NullableNumeric;
  };
  commitment_progress: {
    id: Generated<string>;
    commitment_id: string;
    plan_id: string;
    milestone_id: string | null;
    org_id: string;
    user_id: string | null;
    reported_on: string;
    completion: string;
    body: string;
    milestone_done: Generated<boolean>;
    created_at: Generated<Date>;
  };
  commitment_assessments: {
    id: Generated<string>;
    commitment_id: string;
    plan_id: string;
    org_id: string;
    user_id: string | null;
    assessed_on: string;
    completion: string;
    reasons: string;
    created_at: Generated<Date>;
  };
  contributions: {
    id: Generated<string>;
    plan_id: string;
    consultation_id: string;
    section_id: string | null;
    question_id: string | null;
    org_id: string;
    user_id: string;
    on_behalf: string;
    attribution: string;
    /** Set by the database from the organisation's profile when the contribution is made. */
    org_type: Generated<string>;
    women_led: Generated<boolean>;
    body: string;
    submitted_at: Generated<Date>;
    response_status: string | null;
    response_reasons: string | null;
    responded_at: Date | null;
    responded_by: string | null;
  };
  contribution_links: { id: Generated<string>; contribution_id: string; plan_id: string; section_id: string | null; commitment_id: string | null };
  plan_files: {
    id: Generated<string>;
    plan_id: string;
    owner_kind: string;
    owner_id: string;
    org_id: string;
    filename: string;
    content_type: string;
    size_bytes: number;
    sha256: string;
    content: Buffer;
    created_by: string | null;
    created_at: Generated<Date>;
  };
};
