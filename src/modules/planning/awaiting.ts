// A contribution awaits its answer while it has none, or only "under consideration": that is
// not a final answer. The adoption rule and every count of what awaits an answer use this one
// definition, in SQL and in the application.
import { sql, type ExpressionBuilder } from 'kysely';
import type { DB } from '../../db.ts';

/** The condition on a row of contributions (unqualified column name). */
export const AWAITING_ANSWER_SQL = sql<boolean>`(response_status IS NULL OR response_status = 'under_consideration')`;

/** The same, for a query on contributions. */
export const awaitingAnswer = (eb: ExpressionBuilder<DB, 'contributions'>) =>
  eb.or([eb('response_status', 'is', null), eb('response_status', '=', 'under_consideration')]);

/** The same, for a status already read. */
export const isAwaitingAnswer = (status: string | null | undefined): boolean => status === null || status === undefined || status === 'under_consideration';
