// Possible duplicates across agencies, for the data protection officers to reconcile. Each
// organisation's officers see their own side of a pair (see 0040_cases_duplicate_notices.sql):
// their own case's number, the other organisation's name, which fields matched, and a reference
// shared by both sides to quote to each other; they mark their side reconciled with a note.
// Officers are mailed of new notices by the scheduled job, in their language, with no name or
// identifying data of the person — the reference and their own case number only.
import { sql } from 'kysely';
import type { AppDatabase, Tx } from '../../db.ts';
import type { Actor } from '../../platform/auth/actor.ts';
import { audit } from '../../platform/audit/audit.ts';
import { DomainError } from '../../platform/http/errors.ts';
import { queueMail, type Delivery } from '../../platform/mail/outbox.ts';
import { can } from '../identity/policy.ts';
import type { DuplicateNoticeView } from './schema.ts';

/** The reference both officers see for one pair, e.g. "PD-3F9A21C4". */
export const noticeReference = (pairId: string): string => `PD-${pairId.replaceAll('-', '').slice(0, 8).toUpperCase()}`;

function requireOfficer(actor: Actor): void {
  if (!can(actor, 'privacy.oversee') || !actor.orgId) throw new DomainError('forbidden');
}

/** The officer's organisation's side of each notice, newest first (row-level security keeps it to theirs). */
export async function listDuplicateNotices(tx: Tx, actor: Actor, status: 'open' | 'reconciled' | 'all'): Promise<DuplicateNoticeView[]> {
  requireOfficer(actor);
  let q = tx
    .selectFrom('case_duplicate_notices as n')
    .innerJoin('cases as c', 'c.id', 'n.case_id')
    .leftJoin('users as k', 'k.id', 'n.checked_by')
    .leftJoin('users as r', 'r.id', 'n.reconciled_by')
    .select([
      'n.id',
      'n.pair_id',
      'n.raised_at',
      'n.side',
      'n.case_id',
      'c.case_number',
      'n.other_org_name',
      'n.fields',
      'k.display_name as checked_by_name',
      'n.reconciled_at',
      'r.display_name as reconciled_by_name',
      'n.reconciliation_note',
    ])
    .where('n.org_id', '=', actor.orgId!);
  if (status === 'open') q = q.where('n.reconciled_at', 'is', null);
  if (status === 'reconciled') q = q.where('n.reconciled_at', 'is not', null);
  const rows = await q.orderBy('n.raised_at', 'desc').orderBy('n.id').limit(500).execute();
  await audit(tx, { action: 'case.duplicate_notice.read', subjectOrgId: actor.orgId, details: { status, shown: rows.length } });
  return rows.map((r) => ({
    id: r.id,
    reference: noticeReference(r.pair_id),
    raisedAt: r.raised_at.toISOString(),
    side: r.side === 'held' ? 'held' : 'checked',
    caseId: r.case_id,
    caseNumber: r.case_number,
    otherOrgName: r.other_org_name,
    fields: r.fields,
    checkedByName: r.checked_by_name,
    status: r.reconciled_at ? 'reconciled' : 'open',
    reconciledAt: r.reconciled_at?.toISOString() ?? null,
    reconciledByName: r.reconciled_by_name,
    note: r.reconciliation_note,
  }));
}

/** Marks the officer's side of a notice reconciled, once, with what was found or done. */
export async function reconcileDuplicateNotice(tx: Tx, actor: Actor, id: string, note: string, now: Date): Promise<void> {
  requireOfficer(actor);
  const row = await tx
    .updateTable('case_duplicate_notices')
    .set({ reconciled_at: now, reconciled_by: actor.userId, reconciliation_note: note })
    .where('id', '=', id)
    .where('org_id', '=', actor.orgId!)
    .where('reconciled_at', 'is', null)
    .returning(['case_id', 'pair_id'])
    .executeTakeFirst();
  if (!row) {
    const exists = await tx.selectFrom('case_duplicate_notices').select('id').where('id', '=', id).where('org_id', '=', actor.orgId!).executeTakeFirst();
    throw exists ? new DomainError('conflict', 'This notice is already reconciled') : new DomainError('not_found');
  }
  await audit(tx, {
    action: 'case.duplicate_notice.reconcile',
    subjectType: 'case',
    subjectId: row.case_id,
    subjectOrgId: actor.orgId,
    details: { notice: id, reference: noticeReference(row.pair_id) },
  });
}

export type NoticeMailDeps = { delivery: Delivery; publicUrl: string };

const MAIL: Record<'en' | 'ru' | 'ar', { subject: string; intro: string; line: string; outro: string }> = {
  en: {
    subject: 'Tandem: {count} possible duplicate(s) to reconcile',
    intro:
      'A duplicate check found that a person on a case of your organisation may also be on a case of another organisation. ' +
      'Please reconcile each with the other organisation’s data protection officer, quoting its reference.',
    line: '- {reference}: your case {case}',
    outro: 'See them in Tandem:',
  },
  ru: {
    subject: 'Tandem: возможных дубликатов для сверки: {count}',
    intro:
      'Проверка на дубликаты показала, что человек по делу вашей организации, возможно, проходит и по делу другой организации. ' +
      'Сверьте каждый случай с ответственным за защиту данных другой организации, указав номер обращения.',
    line: '- {reference}: ваше дело {case}',
    outro: 'Подробнее в Tandem:',
  },
  ar: {
    subject: 'Tandem: حالات تكرار محتملة تحتاج إلى مطابقة: {count}',
    intro:
      'أظهر التحقق من التكرار أن شخصًا في حالة لدى منظمتك قد يكون أيضًا في حالة لدى منظمة أخرى. ' +
      'يُرجى مطابقة كل حالة مع مسؤول حماية البيانات في المنظمة الأخرى، مع ذكر المرجع.',
    line: '- {reference}: حالتكم {case}',
    outro: 'اطّلع عليها في Tandem:',
  },
};

/**
 * The scheduled step: one mail to each data protection officer of each organisation with new
 * notices, listing the references and the organisation's own case numbers — never a name, nor
 * the other organisation. A notice of an organisation without an officer stays in the app.
 */
export async function mailDuplicateNotices(db: AppDatabase, deps: NoticeMailDeps): Promise<number> {
  return db.system(async (tx) => {
    // Several servers may run the job: they take turns, and the second finds nothing new.
    await sql`SELECT pg_advisory_xact_lock(hashtext('tandem.duplicate_notices'))`.execute(tx);
    const { rows } = await sql<{ org_id: string; email: string; locale: string; items: Array<{ pair_id: string; case_number: string }> }>`
      WITH fresh AS (
        SELECT n.id, n.org_id, n.pair_id, c.case_number, n.raised_at FROM case_duplicate_notices n JOIN cases c ON c.id = n.case_id
        WHERE n.mailed_at IS NULL
      ), marked AS (
        UPDATE case_duplicate_notices SET mailed_at = now() WHERE id IN (SELECT id FROM fresh)
      )
      SELECT f.org_id, u.email, u.locale,
        json_agg(json_build_object('pair_id', f.pair_id, 'case_number', f.case_number) ORDER BY f.raised_at, f.case_number) AS items
      FROM fresh f
      JOIN memberships ms ON ms.org_id = f.org_id AND ms.status = 'active' AND 'dpo' = ANY (ms.roles)
      JOIN users u ON u.id = ms.user_id AND u.status = 'active'
      GROUP BY f.org_id, u.email, u.locale`.execute(tx);
    for (const r of rows) {
      const t = MAIL[r.locale === 'ru' || r.locale === 'ar' ? r.locale : 'en'];
      const lines = r.items.map((i) => t.line.replace('{reference}', noticeReference(i.pair_id)).replace('{case}', i.case_number));
      await queueMail(tx as unknown as Tx, deps.delivery, {
        kind: 'duplicate_notices',
        to: r.email,
        orgId: r.org_id,
        subject: t.subject.replace('{count}', String(r.items.length)),
        text: `${t.intro}\n\n${lines.join('\n')}\n\n${t.outro} ${deps.publicUrl}/duplicate-notices\n`,
      });
    }
    return rows.length;
  });
}
