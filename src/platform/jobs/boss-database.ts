// pg-boss on the embedded database: its statements go through the one serialised path to PGlite
// (a session on the single connection, under the same lock as every transaction), so none ever
// runs inside a request's transaction. Statements without parameters may be several at once
// (pg-boss's locked blocks: BEGIN … COMMIT); the dialect runs those with the simple protocol and
// returns every statement's rows.
import { CompiledQuery } from 'kysely';
import type { Db } from 'pg-boss';
import type { AppDatabase } from '../../db.ts';

export function bossDatabase(db: AppDatabase): Db {
  return {
    executeSql: (text, values) =>
      db.session(async (conn) => {
        const result = await conn.executeQuery(CompiledQuery.raw(text, values ?? []));
        return { rows: result.rows as unknown[] };
      }),
  };
}
