// Writes an audit event inside the caller's transaction, so that the event exists exactly when
// the action it records was committed. Who acted and in which request come from the request
// context (the database fills them in); callers say what happened and to what.
import { sql, type QueryExecutorProvider } from 'kysely';

export type AuditOutcome = 'success' | 'denied' | 'failure';

export type AuditEvent = {
  /** dotted, e.g. "auth.sign_in", "org.member.invite", "audit.export" */
  action: string;
  outcome?: AuditOutcome;
  subjectType?: string;
  subjectId?: string;
  /** The organisation whose data or rules the event concerns. */
  subjectOrgId?: string | null;
  ip?: string;
  /** Never personal data beyond identifiers: the trail itself must be safe to show to auditors. */
  details?: Record<string, unknown>;
};

export async function audit(tx: QueryExecutorProvider, e: AuditEvent): Promise<void> {
  await sql`INSERT INTO audit_events (action, outcome, subject_type, subject_id, subject_org_id, ip, details)
    VALUES (${e.action}, ${e.outcome ?? 'success'}, ${e.subjectType ?? null}, ${e.subjectId ?? null},
            ${e.subjectOrgId ?? null}, ${e.ip ?? null}, ${JSON.stringify(e.details ?? {})})`.execute(tx);
}

/** For the sign-in role only: the person is named explicitly, as no one acts yet. */
export async function auditSignIn(
  tx: QueryExecutorProvider,
  e: AuditEvent & { actorUserId: string | null; actorOrgId?: string | null },
): Promise<void> {
  await sql`INSERT INTO audit_events (actor_user_id, actor_org_id, action, outcome, subject_type, subject_id, subject_org_id, ip, details)
    VALUES (${e.actorUserId}, ${e.actorOrgId ?? null}, ${e.action}, ${e.outcome ?? 'success'}, ${e.subjectType ?? null},
            ${e.subjectId ?? null}, ${e.subjectOrgId ?? null}, ${e.ip ?? null}, ${JSON.stringify(e.details ?? {})})`.execute(tx);
}
