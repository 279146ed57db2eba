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
};
