import { sql } from 'kysely';
import type { Database } from './database.ts';

/**
 * The connecting role owns the schema and runs maintenance outside row-level security, so it
 * must be a superuser or have BYPASSRLS; requests switch to tandem_app, which has neither.
 */
export async function checkOwnerRole<DB>(db: Database<DB>): Promise<void> {
  const { rows } = await db.system((tx) =>
    sql<{ ok: boolean; name: string }>`SELECT (rolsuper OR rolbypassrls) AS ok, rolname AS name FROM pg_roles WHERE rolname = current_user`.execute(tx),
  );
  const row = rows[0];
  if (!row?.ok) {
    throw new Error(
      `The database role "${row?.name ?? '?'}" must be a superuser or have BYPASSRLS to own Tandem's schema ` +
        '(requests run as tandem_app, which has neither). See "Running on PostgreSQL" in the README.',
    );
  }
}
