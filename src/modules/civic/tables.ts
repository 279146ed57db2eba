// Table types of the civic-space module (migration 0100).
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
};
