// Reminders: a scheduled job (owner role) raises them from the records themselves — each
// source below is one query saying "this organisation should act on this record of this case
// by this date" — resolves those whose condition is gone, and mails each person who acts on
// cases a digest of what is new. People see and dismiss their organisation's open reminders in
// the app. A reminder carries the case number and what kind of thing is due, never content; its
// e-mail carries the case number only to the lead agency's own people.
import { sql, type RawBuilder } from 'kysely';
import type { AppDatabase, Tx } from '../../db.ts';
import type { Actor } from '../../platform/auth/actor.ts';
import { audit } from '../../platform/audit/audit.ts';
import { DomainError } from '../../platform/http/errors.ts';
import { queueMail, type Delivery } from '../../platform/mail/outbox.ts';
import { requireCaseRole } from './access.ts';
import { caseHeaders } from './case-headers.ts';
import type { ReminderKind, ReminderView } from './schema.ts';

export const CONSENT_WARNING_DAYS = 14;
export const MISSED_SESSION_DAYS = 14;
export const REVIEW_WARNING_DAYS = 7;

type Source = (today: string) => RawBuilder<unknown>;

/** A team organisation is reminded only while the section is open to it (consent and agreement in force). */
const stillSees = (caseId: RawBuilder<unknown>, orgId: RawBuilder<unknown>, section: string, today: string) => sql`EXISTS (
  SELECT 1 FROM case_access x WHERE x.case_id = ${caseId} AND x.org_id = ${orgId} AND x.section = ${section}
    AND ${today}::date BETWEEN x.valid_from AND x.valid_until)`;

/** Each yields (kind, case_id, org_id, subject_id, due_on) for what is due as of `today`. */
const SOURCES: Source[] = [
  // A referral past its answer date: the organisation asked, and the lead agency that asked.
  (today) => sql`
    SELECT 'referral_unanswered' AS kind, r.case_id, o.org_id, r.id AS subject_id, r.answer_due_on AS due_on
    FROM referrals r CROSS JOIN LATERAL (VALUES (r.to_org_id), (r.from_org_id)) AS o (org_id)
    WHERE r.status = 'proposed' AND r.answer_due_on < ${today}::date`,
  // A consent (or legal basis) ending soon, while still in use: the lead agency renews or lets it end.
  (today) => sql`
    SELECT 'consent_expiring', k.case_id, c.lead_org_id, k.id, k.ends_on
    FROM case_consents k JOIN cases c ON c.id = k.case_id AND c.status = 'open'
    WHERE k.withdrawn_at IS NULL AND k.ends_on IS NOT NULL
      AND k.ends_on BETWEEN ${today}::date AND ${today}::date + ${CONSENT_WARNING_DAYS}::int`,
  // A missed session not followed by an attended one: the lead agency follows up.
  (today) => sql`
    SELECT 'session_missed', s.case_id, c.lead_org_id, s.id, s.session_on
    FROM service_sessions s JOIN cases c ON c.id = s.case_id AND c.status = 'open'
    WHERE s.attendance = 'missed' AND s.session_on >= ${today}::date - ${MISSED_SESSION_DAYS}::int
      AND NOT EXISTS (SELECT 1 FROM service_sessions a WHERE a.referral_id = s.referral_id
        AND a.attendance = 'attended' AND a.session_on > s.session_on)`,
  // The latest professional judgement's review falling due: the organisation that recorded it.
  (today) => sql`
    SELECT 'review_due', j.case_id, j.org_id, j.id, j.next_review_on
    FROM (SELECT DISTINCT ON (case_id) id, case_id, org_id, next_review_on FROM case_judgements ORDER BY case_id, recorded_at DESC, id) j
    JOIN cases c ON c.id = j.case_id AND c.status = 'open'
    WHERE j.next_review_on <= ${today}::date + ${REVIEW_WARNING_DAYS}::int
      AND (j.org_id = c.lead_org_id OR ${stillSees(sql`j.case_id`, sql`j.org_id`, 'professional_judgement', today)})`,
  // A plan action past its target date: the organisation responsible for it.
  (today) => sql`
    SELECT 'action_overdue', a.case_id, a.responsible_org_id, a.id, a.target_date
    FROM case_plan_actions a JOIN cases c ON c.id = a.case_id AND c.status = 'open'
    WHERE a.status IN ('planned', 'in_progress') AND a.target_date < ${today}::date
      AND (a.responsible_org_id = c.lead_org_id OR ${stillSees(sql`a.case_id`, sql`a.responsible_org_id`, 'case_plan', today)})`,
];

export type RaiseResult = { raised: number; resolved: number; mailed: number };
export type ReminderMailDeps = { delivery: Delivery; publicUrl: string };

/** The scheduled step: raise what is due, resolve what is not any more, mail what is new. */
export async function raiseReminders(db: AppDatabase, today: string, deps: ReminderMailDeps): Promise<RaiseResult> {
  return db.system(async (tx) => {
    // Several servers may run the job: they take turns, and the second finds nothing new to mail.
    await sql`SELECT pg_advisory_xact_lock(hashtext('tandem.reminders'))`.execute(tx);
    const due = sql.join(SOURCES.map((s) => s(today)), sql` UNION ALL `);
    const raised = await sql`
      INSERT INTO case_reminders (kind, case_id, org_id, subject_id, due_on)
      SELECT d.kind, d.case_id, d.org_id, d.subject_id, d.due_on FROM (${due}) AS d (kind, case_id, org_id, subject_id, due_on)
      ON CONFLICT (kind, subject_id, org_id) DO NOTHING`.execute(tx);
    const resolved = await sql`
      UPDATE case_reminders m SET resolved_at = now()
      WHERE m.resolved_at IS NULL
        AND NOT EXISTS (SELECT 1 FROM (${due}) AS d (kind, case_id, org_id, subject_id, due_on)
          WHERE d.kind = m.kind AND d.subject_id = m.subject_id AND d.org_id = m.org_id)`.execute(tx);
    const mailed = await mailDigests(tx as unknown as Tx, deps);
    return { raised: Number(raised.numAffectedRows ?? 0n), resolved: Number(resolved.numAffectedRows ?? 0n), mailed };
  });
}

const DIGEST: Record<'en' | 'ru' | 'ar', { subject: string; intro: string; team: string; offered: string; kinds: Record<ReminderKind, string> }> = {
  en: {
    subject: 'Tandem: {count} new reminder(s) on your cases',
    intro: 'These need attention:',
    team: 'a case your organisation works on',
    offered: 'a case offered to your organisation',
    kinds: {
      referral_unanswered: 'referral waiting for an answer since',
      consent_expiring: 'consent ends on',
      session_missed: 'session missed on',
      review_due: 'review due on',
      action_overdue: 'plan action due on',
    },
  },
  ru: {
    subject: 'Tandem: новых напоминаний по вашим делам: {count}',
    intro: 'Требуют внимания:',
    team: 'дело, над которым работает ваша организация',
    offered: 'дело, предложенное вашей организации',
    kinds: {
      referral_unanswered: 'направление ждёт ответа с',
      consent_expiring: 'согласие истекает',
      session_missed: 'пропущена встреча',
      review_due: 'пересмотр назначен на',
      action_overdue: 'срок действия по плану',
    },
  },
  ar: {
    subject: 'Tandem: تذكيرات جديدة بشأن حالاتك: {count}',
    intro: 'تحتاج إلى متابعة:',
    team: 'حالة تعمل عليها منظمتك',
    offered: 'حالة معروضة على منظمتك',
    kinds: {
      referral_unanswered: 'إحالة تنتظر الرد منذ',
      consent_expiring: 'تنتهي الموافقة في',
      session_missed: 'جلسة فائتة في',
      review_due: 'موعد المراجعة',
      action_overdue: 'موعد إجراء الخطة',
    },
  },
};

/** One mail per person who works on cases at the organisation, listing its unmailed reminders. */
async function mailDigests(tx: Tx, deps: ReminderMailDeps): Promise<number> {
  // The case number only to the lead agency's own people. An organisation on the team is told
  // it is one of its cases, one only offered a referral that a case is offered to it; the
  // reminder itself, with its case, is on the organisation's home page.
  const { rows } = await sql<{ org_id: string; email: string; locale: string; items: Array<{ kind: ReminderKind; case_number: string | null; on_team: boolean; due_on: string }> }>`
    WITH fresh AS (
      SELECT m.id, m.org_id, m.kind, m.due_on,
        CASE WHEN c.lead_org_id = m.org_id THEN c.case_number END AS case_number,
        EXISTS (SELECT 1 FROM case_access a WHERE a.case_id = m.case_id AND a.org_id = m.org_id) AS on_team
      FROM case_reminders m JOIN cases c ON c.id = m.case_id
      WHERE m.mailed_at IS NULL AND m.resolved_at IS NULL AND m.dismissed_at IS NULL
    ), marked AS (
      UPDATE case_reminders SET mailed_at = now() WHERE id IN (SELECT id FROM fresh)
    )
    SELECT f.org_id, u.email, u.locale,
      json_agg(json_build_object('kind', f.kind, 'case_number', f.case_number, 'on_team', f.on_team, 'due_on', f.due_on) ORDER BY f.due_on, f.case_number) AS items
    FROM fresh f
    JOIN memberships ms ON ms.org_id = f.org_id AND ms.status = 'active' AND ms.roles && ARRAY['case_coordinator', 'caseworker']
    JOIN users u ON u.id = ms.user_id AND u.status = 'active'
    GROUP BY f.org_id, u.email, u.locale`.execute(tx);
  for (const r of rows) {
    const t = DIGEST[r.locale === 'ru' || r.locale === 'ar' ? r.locale : 'en'];
    const lines = r.items.map((i) => `- ${i.case_number ?? (i.on_team ? t.team : t.offered)}: ${t.kinds[i.kind]} ${i.due_on}`);
    await queueMail(tx, deps.delivery, {
      kind: 'case_reminders',
      to: r.email,
      orgId: r.org_id,
      subject: t.subject.replace('{count}', String(r.items.length)),
      text: `${t.intro}\n\n${lines.join('\n')}\n\n${deps.publicUrl}/\n`,
    });
  }
  return rows.length;
}

/** The acting organisation's open reminders, soonest first. */
export async function listReminders(tx: Tx, actor: Actor): Promise<ReminderView[]> {
  requireCaseRole(actor);
  const rows = await tx
    .selectFrom('case_reminders as m')
    .select(['m.id', 'm.kind', 'm.case_id', 'm.due_on', 'm.raised_at'])
    .where('m.org_id', '=', actor.orgId!)
    .where('m.resolved_at', 'is', null)
    .where('m.dismissed_at', 'is', null)
    .orderBy('m.due_on')
    .orderBy('m.raised_at')
    .limit(200)
    .execute();
  // A reminder of a referral waiting for the organisation's answer names the case by its header only.
  const headers = await caseHeaders(tx, rows.map((r) => r.case_id));
  return rows.flatMap((r) => {
    const h = headers.get(r.case_id);
    if (!h) return [];
    return [{ id: r.id, kind: r.kind as ReminderKind, caseId: r.case_id, caseNumber: h.case_number, alias: h.alias, dueOn: r.due_on, raisedAt: r.raised_at.toISOString() }];
  });
}

export async function dismissReminder(tx: Tx, actor: Actor, id: string, now: Date): Promise<void> {
  requireCaseRole(actor);
  const row = await tx
    .updateTable('case_reminders')
    .set({ dismissed_at: now, dismissed_by: actor.userId })
    .where('id', '=', id)
    .where('org_id', '=', actor.orgId!)
    .where('dismissed_at', 'is', null)
    .returning(['case_id', 'kind'])
    .executeTakeFirst();
  if (!row) throw new DomainError('not_found');
  await audit(tx, { action: 'case.reminder.dismiss', subjectType: 'case', subjectId: row.case_id, subjectOrgId: actor.orgId, details: { kind: row.kind } });
}
