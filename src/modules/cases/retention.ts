// Closing and reopening a case, aftercare, legal holds, and anonymisation when retention ends.
import { sql } from 'kysely';
import type { AppDatabase, Tx } from '../../db.ts';
import type { Actor } from '../../platform/auth/actor.ts';
import { audit } from '../../platform/audit/audit.ts';
import { DomainError } from '../../platform/http/errors.ts';
import { can } from '../identity/policy.ts';
import { accessTo, recordEvent, requireLeadCoordinator } from './access.ts';

export async function closeCase(tx: Tx, actor: Actor, caseId: string, input: { reason: string; aftercareUntil: string | null }, now: Date) {
  const access = await accessTo(tx, actor, caseId);
  requireLeadCoordinator(actor, access);
  if (access.status !== 'open') throw new DomainError('conflict', 'The case is not open');
  await tx
    .updateTable('cases')
    .set({ status: 'closed', closed_on: now.toISOString().slice(0, 10), closure_reason: input.reason, aftercare_until: input.aftercareUntil, updated_at: now })
    .where('id', '=', caseId)
    .execute();
  // Referrals still waiting for an answer are withdrawn with the case.
  await tx.updateTable('referrals').set({ status: 'withdrawn', decided_at: now, decided_by: actor.userId }).where('case_id', '=', caseId).where('status', '=', 'proposed').execute();
  await recordEvent(tx, caseId, 'case.closed', null, { aftercare_until: input.aftercareUntil });
  await audit(tx, { action: 'case.close', subjectType: 'case', subjectId: caseId, subjectOrgId: access.leadOrgId });
}

export async function reopenCase(tx: Tx, actor: Actor, caseId: string, now: Date) {
  const access = await accessTo(tx, actor, caseId);
  requireLeadCoordinator(actor, access);
  if (access.status !== 'closed') throw new DomainError('conflict', 'Only a closed case can be reopened');
  await tx.updateTable('cases').set({ status: 'open', closed_on: null, closure_reason: null, updated_at: now }).where('id', '=', caseId).execute();
  await recordEvent(tx, caseId, 'case.reopened', null, {});
  await audit(tx, { action: 'case.reopen', subjectType: 'case', subjectId: caseId, subjectOrgId: access.leadOrgId });
}

/** Closed cases of the officer's agency with the date each will be anonymised, and holds. */
export async function retentionOverview(tx: Tx, actor: Actor) {
  if (!can(actor, 'privacy.oversee') || !actor.orgId) throw new DomainError('forbidden');
  const rows = await tx
    .selectFrom('cases as c')
    .innerJoin('retention_rules as r', 'r.category', 'c.category')
    .select(['c.id', 'c.case_number', 'c.category', 'c.status', 'c.closed_on', 'c.legal_hold', 'c.legal_hold_reason', 'c.anonymised_at'])
    .select(sql<string | null>`(c.closed_on + make_interval(months => r.months_after_closure))::date::text`.as('anonymise_on'))
    .where('c.lead_org_id', '=', actor.orgId)
    .where('c.status', 'in', ['closed', 'anonymised'])
    .orderBy('c.closed_on')
    .limit(1000)
    .execute();
  await audit(tx, { action: 'case.retention.read', subjectOrgId: actor.orgId, details: { shown: rows.length } });
  return rows.map((r) => ({
    caseId: r.id,
    caseNumber: r.case_number,
    category: r.category,
    status: r.status as 'closed' | 'anonymised',
    closedOn: r.closed_on,
    anonymiseOn: r.anonymise_on,
    legalHold: r.legal_hold,
    legalHoldReason: r.legal_hold_reason,
    anonymisedAt: r.anonymised_at?.toISOString() ?? null,
  }));
}

export async function setLegalHold(tx: Tx, actor: Actor, caseId: string, hold: boolean, reason: string | null) {
  if (!can(actor, 'privacy.oversee') || !actor.orgId) throw new DomainError('forbidden');
  const result = await tx
    .updateTable('cases')
    .set({ legal_hold: hold, legal_hold_reason: hold ? reason : null })
    .where('id', '=', caseId)
    .where('lead_org_id', '=', actor.orgId)
    .where('status', '<>', 'anonymised')
    .executeTakeFirst();
  if (result.numUpdatedRows === 0n) throw new DomainError('not_found');
  await audit(tx, { action: hold ? 'case.legal_hold.place' : 'case.legal_hold.lift', subjectType: 'case', subjectId: caseId, subjectOrgId: actor.orgId, details: { reason } });
}

/**
 * The scheduled step (owner role): every closed case past its retention period and not held is
 * anonymised — identity vault destroyed, free text removed, pseudonymous facts kept for counting.
 */
export async function anonymiseDueCases(db: AppDatabase, today: string): Promise<number> {
  return db.system(async (tx) => {
    const due = await tx
      .selectFrom('cases as c')
      .innerJoin('retention_rules as r', 'r.category', 'c.category')
      .select(['c.id', 'c.lead_org_id'])
      .where('c.status', '=', 'closed')
      .where('c.legal_hold', '=', false)
      .where(sql<boolean>`c.closed_on + make_interval(months => r.months_after_closure) <= ${today}::date`)
      .limit(500)
      .execute();
    for (const c of due) {
      await tx.deleteFrom('case_identity').where('case_id', '=', c.id).execute();
      await sql`UPDATE case_notes SET body = '[removed]' WHERE case_id = ${c.id}`.execute(tx);
      await sql`UPDATE needs_assessments SET notes = '{}' WHERE case_id = ${c.id}`.execute(tx);
      await sql`UPDATE case_judgements SET overall_reasons = '[removed]', recorder_name = '[removed]', ratings = (SELECT coalesce(jsonb_object_agg(k, v - 'rationale'), '{}') FROM jsonb_each(ratings) AS e (k, v)) WHERE case_id = ${c.id}`.execute(tx);
      await sql`UPDATE referrals SET reason = '[removed]', decline_reason = NULL, outcome_notes = NULL, service = '[removed]' WHERE case_id = ${c.id}`.execute(tx);
      await sql`UPDATE case_consents SET purpose = '[removed]', guardian_name = NULL, withdrawal_reason = NULL WHERE case_id = ${c.id}`.execute(tx);
      await sql`UPDATE case_events SET data = '{}' WHERE case_id = ${c.id}`.execute(tx);
      await sql`UPDATE case_plan_goals SET description = '[removed]' WHERE case_id = ${c.id}`.execute(tx);
      await sql`UPDATE case_plan_actions SET description = '[removed]', responsible_user_id = NULL WHERE case_id = ${c.id}`.execute(tx);
      await sql`UPDATE case_conferences SET place = '[removed]', agenda = '{}', attendees = '[]', minutes = NULL, decisions = '{}' WHERE case_id = ${c.id}`.execute(tx);
      await sql`UPDATE case_break_glass SET reason = '[removed: retention period ended]', review_note = NULL, user_name = '[removed]' WHERE case_id = ${c.id}`.execute(tx);
      await sql`UPDATE subject_access_requests SET reason = '[removed: retention period ended]', decision_note = CASE WHEN decision_note IS NULL THEN NULL ELSE '[removed]' END WHERE case_id = ${c.id}`.execute(tx);
      await sql`UPDATE cases SET status = 'anonymised', anonymised_at = now(), alias = '[anonymised]', closure_reason = NULL, birth_year = NULL, languages = '{}' WHERE id = ${c.id}`.execute(tx);
      await sql`INSERT INTO audit_events (action, subject_type, subject_id, subject_org_id, details) VALUES ('case.anonymise', 'case', ${c.id}, ${c.lead_org_id}, '{"by": "retention schedule"}')`.execute(tx);
    }
    return due.length;
  });
}
