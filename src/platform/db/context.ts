// The request context every transaction carries: which database role it runs as, and who acts.
// Row-level security policies read these through tandem_user_id(), tandem_org_id() and
// tandem_has_role(), resolved once per transaction by tandem_resolve_caller().
// Values are written into SET LOCAL statements (SET takes no bind parameters), so each one
// is checked against a strict pattern first; anything else is a programming error.

/** tandem_auth may only sign in and look up sessions; tandem_app serves every request. */
export type DbRole = 'tandem_app' | 'tandem_auth';

export type TxContext = {
  role: DbRole;
  requestId: string;
  userId?: string | null;
  orgId?: string | null;
};

const UUID = /^[0-9a-f]{8}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{12}$/i;
const REQUEST_ID = /^[A-Za-z0-9._:-]{1,64}$/;
const ROLES: ReadonlySet<string> = new Set<DbRole>(['tandem_app', 'tandem_auth']);

export function isUuid(value: unknown): value is string {
  return typeof value === 'string' && UUID.test(value);
}

/** SQL that puts the context in force for the rest of the current transaction. */
export function contextSql(ctx: TxContext): string {
  if (!ROLES.has(ctx.role)) throw new Error(`unknown database role ${String(ctx.role)}`);
  if (!REQUEST_ID.test(ctx.requestId)) throw new Error('request id has an unexpected form');
  const id = (v: string | null | undefined, what: string): string => {
    if (v === null || v === undefined) return '';
    if (!UUID.test(v)) throw new Error(`${what} is not a uuid`);
    return v.toLowerCase();
  };
  return [
    `SET LOCAL ROLE ${ctx.role}`,
    `SET LOCAL tandem.request_id = '${ctx.requestId}'`,
    `SET LOCAL tandem.user_id = '${id(ctx.userId, 'user id')}'`,
    `SET LOCAL tandem.org_id = '${id(ctx.orgId, 'organisation id')}'`,
    // The database resolves who that is (active member? which roles?) once for the transaction;
    // policies read the answer as constants (migration 0070).
    'SELECT tandem_resolve_caller()',
  ].join('; ');
}
