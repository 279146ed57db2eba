// The application's database type: every module's tables, and the handles code receives.
import type { Kysely } from 'kysely';
import type { Database } from './platform/db/database.ts';
import type { PlatformTables } from './platform/db/tables.ts';
import type { IdentityTables } from './modules/identity/tables.ts';
import type { OrgTables } from './modules/orgs/tables.ts';
import type { CaseTables } from './modules/cases/tables.ts';
import type { PlanningTables } from './modules/planning/tables.ts';
import type { CivicTables } from './modules/civic/tables.ts';
import type { FundingTables } from './modules/funding/tables.ts';
import type { MonitoringTables } from './modules/monitoring/tables.ts';

export type DB = PlatformTables & OrgTables & IdentityTables & CaseTables & PlanningTables & CivicTables & FundingTables & MonitoringTables;
/** A transaction handle: every query a service makes goes through one. */
export type Tx = Kysely<DB>;
export type AppDatabase = Database<DB>;
