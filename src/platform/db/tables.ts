import type { Generated } from 'kysely';

export type PlatformTables = {
  instance_settings: { key: string; value: string; updated_at: Generated<Date> };
  schema_migrations: { version: number; name: string; checksum: string; applied_at: Generated<Date> };
};
