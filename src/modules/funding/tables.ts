// Table types of the funding module (migrations 0120, 0121).
import type { ColumnType, Generated } from 'kysely';

type Json<T> = ColumnType<T, string, string>;
/** numeric columns come back as text; they are written as numbers. */
type Numeric = ColumnType<string, number | string, number | string>;

export type FundingTables = {
  funding_calls: {
    id: Generated<string>;
    owner_org_id: string;
    title: string;
    purpose: string;
    org_types: Generated<string[]>;
    countries: Generated<string[]>;
    women_led_priority: Generated<boolean>;
    criteria: Json<Array<{ key: string; label: string; weight: number }>>;
    questions: Json<Array<{ key: string; text: string }>>;
    budget_ceiling: Numeric;
    currency: string;
    opens_on: ColumnType<string, string, string>;
    deadline: ColumnType<Date, Date | string, Date | string>;
    blind_review: Generated<boolean>;
    public_listing: Generated<boolean>;
    status: Generated<string>;
    created_by: string;
    created_at: Generated<Date>;
    published_at: Date | null;
  };
  funding_applications: {
    id: Generated<string>;
    call_id: string;
    applicant_org_id: string;
    applicant_name: Generated<string>;
    applicant_type: Generated<string>;
    applicant_country: Generated<string>;
    applicant_women_led: Generated<boolean>;
    answers: Json<Record<string, string>>;
    budget_lines: Json<Array<{ label: string; amount: number }>>;
    budget_total: Numeric;
    status: Generated<string>;
    submitted_at: Date | null;
    decision_reasons: string | null;
    decided_at: Date | null;
    decided_by: string | null;
    panel_score: ColumnType<string | null, number | null | undefined, number | null>;
    /** Set by the database when the first reviewer is assigned (migration 0122); never by the application. */
    review_started_at: ColumnType<Date | null, never, never>;
    created_by: string;
    created_at: Generated<Date>;
  };
  funding_reviewers: {
    id: Generated<string>;
    call_id: string;
    application_id: string;
    reviewer_user_id: string;
    reviewer_name: Generated<string>;
    applicant_name: Generated<string | null>;
    conflict_flagged: Generated<boolean>;
    conflict_declared: boolean | null;
    conflict_note: string | null;
    declared_at: Date | null;
    assigned_by: string;
    assigned_at: Generated<Date>;
  };
  funding_scores: {
    reviewer_id: string;
    criterion: string;
    score: number;
    comment: Generated<string>;
    scored_at: Generated<Date>;
  };
};
