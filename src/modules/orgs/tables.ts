import type { ColumnType, Generated } from 'kysely';
import type { LocalisedNames } from './schema.ts';

export type OrgTables = {
  jurisdictions: {
    code: string;
    /** jsonb: written as JSON text, read back parsed. */
    names: ColumnType<LocalisedNames, string, string>;
    regions: ColumnType<Array<{ code: string; names: LocalisedNames }>, string | undefined, string>;
    created_at: Generated<Date>;
  };
  organisations: {
    id: Generated<string>;
    name: string;
    short_name: string | null;
    type: string;
    country: string;
    regions: Generated<string[]>;
    areas_of_work: Generated<string[]>;
    need_domains: Generated<string[]>;
    languages: Generated<string[]>;
    women_led: Generated<boolean>;
    gender_expertise: Generated<boolean>;
    registration_status: Generated<string>;
    visibility: Generated<string>;
    description: string | null;
    created_at: Generated<Date>;
    updated_at: Generated<Date>;
  };
  partnership_agreements: {
    id: Generated<string>;
    title: string;
    services: Generated<string>;
    regions: Generated<string[]>;
    data_categories: Generated<string[]>;
    legal_basis: string;
    retention_months: number;
    valid_from: string;
    valid_until: string;
    review_date: string | null;
    status: Generated<string>;
    status_reason: string | null;
    /** Who last changed the status, and when: written by the database from the request's context. */
    status_changed_by_org: string | null;
    status_changed_by_user: string | null;
    status_changed_at: Date | null;
    created_by_org: string;
    created_by_user: string | null;
    created_at: Generated<Date>;
    updated_at: Generated<Date>;
  };
  agreement_parties: {
    agreement_id: string;
    org_id: string;
    signed_at: Date | null;
    signed_by: string | null;
    signatory_name: string | null;
    signatory_title: string | null;
  };
};
