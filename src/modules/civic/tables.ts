// Table types of the civic-space module (migrations 0100, 0102, 0103, 0105, 0106).
import type { Generated } from 'kysely';

export type CivicTables = {
  civic_records: {
    id: Generated<string>;
    monitor_org_id: string;
    country: string;
    region: string | null;
    title: string;
    description: string;
    started_on: string;
    ended_on: string | null;
    types: string[];
    ct_justification: Generated<boolean>;
    legal_instrument: string | null;
    actor: string;
    women_targeted: Generated<boolean>;
    severity: string;
    status: Generated<string>;
    entered_by: string;
    created_at: Generated<Date>;
    corroborated_by: string | null;
    corroborated_at: Date | null;
    verified_by: string | null;
    verified_at: Date | null;
    published_at: Date | null;
    published_by: string | null;
  };
  civic_record_sources: {
    id: Generated<string>;
    record_id: string;
    url: string;
    title: string;
    published_on: string | null;
    added_by: string;
    added_at: Generated<Date>;
  };
  civic_affected_orgs: {
    id: Generated<string>;
    record_id: string;
    name: string | null;
    description: string;
    women_led: Generated<boolean>;
    consent_at: Date | null;
    consent_note: string | null;
    consent_recorded_by: string | null;
    added_by: string;
    added_at: Generated<Date>;
  };
  civic_ratings: {
    id: Generated<string>;
    monitor_org_id: string;
    country: string;
    year: number;
    rating: string;
    reasons: string;
    status: Generated<string>;
    proposed_by: string;
    proposed_at: Generated<Date>;
    confirmed_by: string | null;
    confirmed_at: Date | null;
  };
  civic_rating_records: {
    rating_id: string;
    record_id: string;
  };
  civic_reports: {
    id: Generated<string>;
    receipt_hash: string;
    country: string;
    sealed_content: string | null;
    status: Generated<string>;
    received_on: Generated<string>;
    assigned_user_id: string | null;
    assigned_org_id: string | null;
    assigned_at: Date | null;
    record_id: string | null;
    closed_at: Date | null;
    /** The organisation the reporter addressed; null: any desk open for the country. */
    desk_org_id: string | null;
  };
  civic_report_desks: {
    id: Generated<string>;
    org_id: string;
    /** Null: reports about any country. */
    country: string | null;
    opened_by: string;
    opened_at: Generated<Date>;
  };
  civic_webhooks: {
    id: Generated<string>;
    org_id: string;
    url: string;
    countries: Generated<string[]>;
    types: Generated<string[]>;
    sealed_secret: string;
    created_by: string;
    created_at: Generated<Date>;
  };
  civic_webhook_deliveries: {
    id: Generated<string>;
    webhook_id: string;
    event: string;
    subject_id: string;
    status: Generated<string>;
    attempts: Generated<number>;
    last_status: number | null;
    last_error: string | null;
    created_at: Generated<Date>;
    last_attempt_at: Date | null;
  };
  civic_report_contacts: {
    report_id: string;
    sealed_contact: string;
  };
  civic_report_messages: {
    id: Generated<string>;
    report_id: string;
    from_reporter: boolean;
    author_user_id: string | null;
    sealed_body: string;
    sent_at: Generated<Date>;
  };
  civic_report_files: {
    id: Generated<string>;
    report_id: string;
    sealed_name: string;
    content_type: string;
    size_bytes: number;
    added_on: Generated<string>;
  };
  civic_subscriptions: {
    user_id: string;
    country: string;
    types: Generated<string[]>;
    created_at: Generated<Date>;
  };
};
