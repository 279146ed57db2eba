// Requests log in to PostgreSQL as their own role. Every request transaction switches to
// tandem_app (or tandem_auth) with SET LOCAL ROLE; if the connection had logged in as the owner,
// a statement slipped into a request (`RESET ROLE`, `SET ROLE tandem_stats`) would be back on
// the owner's side of row-level security. A login role that is a member of tandem_app and
// tandem_auth only, without inheriting their rights, can become either and nothing else: after
// RESET ROLE it holds no privilege at all.
//
// The operator names that role with DATABASE_REQUEST_URL, or Tandem keeps one per database
// itself (the owner has CREATEROLE): `tandem_web_<database>`, with a random password kept in
// instance_settings, which only the owner reads. Either way it is checked at every start.
//
// The embedded database has one connection and one (superuser) login, so there the SET LOCAL
// ROLE of each transaction is the boundary; it serves one machine (see the README).
import { createHash, randomBytes } from 'node:crypto';
import { sql, type Kysely } from 'kysely';
import { postgresPool } from './connect.ts';
import type { Database } from './database.ts';
import { getOrCreateSetting } from './instance-settings.ts';
import type { PlatformTables } from './tables.ts';

const PASSWORD_SETTING = 'db.request_role_password';
const MAX_NAME = 63;

/** The login role Tandem keeps for the requests of the database `database`. */
export function requestRoleName(database: string): string {
  const plain = `tandem_web_${database}`;
  if (/^[a-z_][a-z0-9_]*$/.test(plain) && plain.length <= MAX_NAME) return plain;
  // Another spelling or a longer name: readable start, unique end.
  const safe = database.toLowerCase().replace(/[^a-z0-9_]/g, '_').slice(0, 40);
  return `tandem_web_${safe}_${createHash('sha256').update(database).digest('hex').slice(0, 8)}`;
}

/**
 * Creates (or brings up to date) the requests' login role and returns a URL that logs in as
 * it: the owner's URL with that user and password. Runs as the owner, after the migrations.
 */
export async function keepRequestRole<DB>(db: Database<DB>, ownerUrl: string): Promise<string> {
  const { role, password } = await db.system(async (tx) => {
    const t = tx as unknown as Kysely<PlatformTables>;
    const database = (await sql<{ name: string }>`SELECT current_database() AS name`.execute(t)).rows[0]!.name;
    const role = requestRoleName(database);
    const password = await getOrCreateSetting(t, PASSWORD_SETTING, () => randomBytes(32).toString('base64url'));
    // Instances starting together take turns (two CREATE ROLEs at once: one would fail).
    await sql`SELECT pg_advisory_xact_lock(hashtext('tandem.request_role'))`.execute(t);
    // DDL takes no bind parameters and DO blocks no arguments: the name and password reach the
    // block as transaction-local settings and are quoted there by format().
    await sql`SELECT set_config('tandem.keep_role', ${role}, true), set_config('tandem.keep_password', ${password}, true)`.execute(t);
    await sql`DO $keep$
      DECLARE
        r text := current_setting('tandem.keep_role');
        p text := current_setting('tandem.keep_password');
      BEGIN
        IF EXISTS (SELECT FROM pg_roles WHERE rolname = r) THEN
          EXECUTE format('ALTER ROLE %I LOGIN NOINHERIT NOSUPERUSER NOBYPASSRLS NOCREATEDB NOCREATEROLE NOREPLICATION PASSWORD %L', r, p);
        ELSE
          EXECUTE format('CREATE ROLE %I LOGIN NOINHERIT NOSUPERUSER NOBYPASSRLS NOCREATEDB NOCREATEROLE NOREPLICATION PASSWORD %L', r, p);
        END IF;
        EXECUTE format('GRANT tandem_app, tandem_auth TO %I', r);
        EXECUTE format('GRANT CONNECT ON DATABASE %I TO %I', current_database(), r);
        PERFORM set_config('tandem.keep_password', '', true);
      END
    $keep$`.execute(t);
    return { role, password };
  });
  const url = new URL(ownerUrl);
  url.username = encodeURIComponent(role);
  url.password = encodeURIComponent(password);
  return url.toString();
}

/**
 * Refuses a request role that could reach past row-level security: a superuser, one with
 * BYPASSRLS, the owner itself or a member of it, one that inherits rights (after RESET ROLE
 * it must hold none), one that may create temporary tables, or one that cannot become tandem_app.
 */
export async function checkRequestRole<DB>(db: Database<DB>): Promise<void> {
  const problems = await db.transaction({ role: 'tandem_app', requestId: 'request-role-check' }, async (tx) => {
    const { rows } = await sql<{ name: string; superuser: boolean; bypassrls: boolean; inherits: boolean; owner_member: boolean; stats_member: boolean; temp: boolean }>`
      SELECT r.rolname AS name, r.rolsuper AS superuser, r.rolbypassrls AS bypassrls, r.rolinherit AS inherits,
             has_database_privilege(session_user, current_database(), 'TEMPORARY') AS temp,
             pg_has_role(session_user, (SELECT tableowner FROM pg_tables WHERE schemaname = 'public' AND tablename = 'users'), 'MEMBER') AS owner_member,
             pg_has_role(session_user, 'tandem_stats', 'MEMBER') AS stats_member
        FROM pg_roles r WHERE r.rolname = session_user`.execute(tx);
    const r = rows[0];
    if (!r) return ['is not a role of this database'];
    const found: string[] = [];
    if (r.superuser) found.push('is a superuser');
    if (r.bypassrls) found.push('has BYPASSRLS');
    if (r.owner_member) found.push("is (or is a member of) the owner of Tandem's tables");
    if (r.stats_member) found.push('is a member of tandem_stats');
    if (r.inherits) found.push('inherits the rights of its roles (make it NOINHERIT)');
    if (r.temp) found.push('may create temporary tables (REVOKE TEMPORARY ON DATABASE … FROM PUBLIC and from it)');
    return found.map((p) => `"${r.name}" ${p}`);
  });
  if (problems.length > 0) {
    throw new Error(
      `The role requests log in as ${problems.join(', ')}. It must be a plain login role that may only become tandem_app and tandem_auth ` +
        '(see "Running on PostgreSQL in production" in the README).',
    );
  }
}

/**
 * No role but the owner may create temporary tables: a temporary table named like a real one
 * stands in for it in any function that does not pin its search path, and on a pooled
 * connection it would outlive the request that made it. Tandem uses none. (A database's
 * privileges are not copied from its template, so this runs at every start.)
 */
export async function revokeTemporaryTables<DB>(db: Database<DB>): Promise<void> {
  await db.system((tx) => sql`DO $temp$ BEGIN EXECUTE format('REVOKE TEMPORARY ON DATABASE %I FROM PUBLIC', current_database()); END $temp$`.execute(tx));
}

/**
 * Gives request transactions their own connections, logged in as the request role: the one
 * `requestUrl` names, or the one Tandem keeps. Checked before any request runs on them.
 */
export async function separateRequests<DB>(db: Database<DB>, target: { url: string; poolSize: number; requestUrl?: string | undefined }): Promise<void> {
  await revokeTemporaryTables(db);
  const url = target.requestUrl ?? (await keepRequestRole(db, target.url));
  const { kysely, connections } = postgresPool<DB>(url, target.poolSize);
  db.attachRequestConnections(kysely, connections);
  await checkRequestRole(db);
}

/** Removes the role Tandem kept for a database that is being dropped (tests and benchmarks). */
export async function dropRequestRole(run: (statement: string) => Promise<unknown>, database: string): Promise<void> {
  const role = requestRoleName(database).replaceAll('"', '""');
  await run(`DROP ROLE IF EXISTS "${role}"`);
}
