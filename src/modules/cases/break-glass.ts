// Break-glass: in an emergency, a coordinator or caseworker may open a case their organisation
// is not on the team of, by its number, giving a written reason; access is theirs alone, for a
// limited time, never to security or psychosocial notes. The data protection officers of the
// lead agency and of the person's organisation are told at once, and review each use.
import type { Tx } from '../../db.ts';
import type { Actor } from '../../platform/auth/actor.ts';
import { audit } from '../../platform/audit/audit.ts';
import { DomainError } from '../../platform/http/errors.ts';
import { queueMail, type Delivery } from '../../platform/mail/outbox.ts';
import { sql } from 'kysely';
import { can } from '../identity/policy.ts';
import { recordEvent, requireCaseRole } from './access.ts';

export type BreakGlassDeps = { delivery: Delivery; publicUrl: string };

const MAIL: Record<'en' | 'ru' | 'ar', { subject: string; body: string }> = {
  en: {
    subject: 'Tandem: emergency access to case {case}',
    body: '{name} ({org}) opened case {case} with emergency access until {until}.\n\nReason given:\n{reason}\n\nReview it in Tandem: {link}\n',
  },
  ru: {
    subject: 'Tandem: экстренный доступ к делу {case}',
    body: '{name} ({org}) открыл(а) дело {case} в режиме экстренного доступа до {until}.\n\nУказанная причина:\n{reason}\n\nПроверьте в Tandem: {link}\n',
  },
  ar: {
    subject: 'Tandem: وصول طارئ إلى الحالة {case}',
    body: 'فتح {name} ({org}) الحالة {case} بوصول طارئ حتى {until}.\n\nالسبب المذكور:\n{reason}\n\nراجِع ذلك في Tandem: {link}\n',
  },
};

export async function breakGlass(
  tx: Tx,
  actor: Actor,
  input: { caseNumber: string; reason: string; minutes: number },
  deps: BreakGlassDeps,
): Promise<{ caseId: string; expiresAt: string }> {
  requireCaseRole(actor);
  const own = await tx.selectFrom('cases').select('id').where('case_number', '=', input.caseNumber).where('lead_org_id', '=', actor.orgId).executeTakeFirst();
  if (own) throw new DomainError('conflict', 'Your organisation leads this case: no emergency access is needed');
  // Resolving the number and recording the use are one step in the database: a case number is
  // never looked up without the glass being broken (see migration 0035).
  const { rows } = await sql<{ id: string; case_id: string; lead_org_id: string; expires_at: Date }>`
    SELECT id, case_id, lead_org_id, expires_at FROM tandem_open_break_glass(${input.caseNumber}, ${input.reason}, ${input.minutes})`.execute(tx);
  const row = rows[0];
  if (!row) throw new DomainError('not_found', 'No case of another agency in your jurisdiction has this number');
  const target = { case_id: row.case_id, lead_org_id: row.lead_org_id };
  const expires = row.expires_at;
  const me = await tx
    .selectFrom('users as u')
    .innerJoin('organisations as o', (j) => j.on('o.id', '=', actor.orgId!))
    .select(['u.display_name', 'o.name'])
    .where('u.id', '=', actor.userId)
    .executeTakeFirstOrThrow();
  await recordEvent(tx, target.case_id, 'break_glass.opened', null, { minutes: input.minutes });
  await audit(tx, {
    action: 'case.break_glass',
    subjectType: 'case',
    subjectId: target.case_id,
    subjectOrgId: target.lead_org_id,
    details: { break_glass: row.id, minutes: input.minutes, case_number: input.caseNumber },
  });
  const { rows: dpos } = await sql<{ email: string; locale: string; org_id: string }>`
    SELECT email, locale, org_id FROM tandem_case_dpo_contacts(${target.case_id}::uuid)`.execute(tx);
  for (const dpo of dpos) {
    const t = MAIL[dpo.locale === 'ru' || dpo.locale === 'ar' ? dpo.locale : 'en'];
    const fill = (s: string) =>
      s
        .replaceAll('{name}', me.display_name)
        .replaceAll('{org}', me.name)
        .replaceAll('{case}', input.caseNumber)
        .replaceAll('{until}', expires.toISOString().slice(0, 16).replace('T', ' ') + ' UTC')
        .replaceAll('{reason}', input.reason)
        .replaceAll('{link}', `${deps.publicUrl}/break-glass`);
    await queueMail(tx, deps.delivery, { kind: 'break_glass', to: dpo.email, orgId: dpo.org_id, subject: fill(t.subject), text: fill(t.body) });
  }
  return { caseId: target.case_id, expiresAt: expires.toISOString() };
}

/** Uses of break-glass a data protection officer oversees (and a person's own uses). */
export async function listBreakGlass(tx: Tx, actor: Actor, now: Date) {
  if (!can(actor, 'privacy.oversee') && !can(actor, 'cases.work') && !can(actor, 'cases.coordinate')) throw new DomainError('forbidden');
  const rows = await tx
    .selectFrom('case_break_glass as b')
    .leftJoin('organisations as o', 'o.id', 'b.org_id')
    .leftJoin('cases as c', 'c.id', 'b.case_id')
    .leftJoin('users as r', 'r.id', 'b.reviewed_by')
    .select(['b.id', 'b.case_id', 'c.case_number', 'b.user_name', 'o.name', 'b.reason', 'b.started_at', 'b.expires_at', 'b.reviewed_at', 'r.display_name as reviewer', 'b.review_note'])
    .orderBy('b.started_at', 'desc')
    .limit(200)
    .execute();
  if (can(actor, 'privacy.oversee')) await audit(tx, { action: 'case.break_glass.read', subjectOrgId: actor.orgId, details: { shown: rows.length } });
  return rows.map((b) => ({
    id: b.id,
    caseId: b.case_id,
    caseNumber: b.case_number,
    userName: b.user_name,
    orgName: b.name ?? '—',
    reason: b.reason,
    startedAt: b.started_at.toISOString(),
    expiresAt: b.expires_at.toISOString(),
    active: b.expires_at > now,
    reviewedAt: b.reviewed_at?.toISOString() ?? null,
    reviewerName: b.reviewer,
    reviewNote: b.review_note,
  }));
}

export async function reviewBreakGlass(tx: Tx, actor: Actor, id: string, note: string, endNow: boolean, now: Date) {
  if (!can(actor, 'privacy.oversee')) throw new DomainError('forbidden');
  const result = await tx
    .updateTable('case_break_glass')
    .set({ reviewed_at: now, reviewed_by: actor.userId, review_note: note })
    .where('id', '=', id)
    .executeTakeFirst();
  if (result.numUpdatedRows === 0n) throw new DomainError('not_found');
  if (endNow) await sql`SELECT tandem_end_break_glass(${id}::uuid)`.execute(tx);
  await audit(tx, { action: 'case.break_glass.review', subjectType: 'break_glass', subjectId: id, subjectOrgId: actor.orgId, details: { ended: endNow } });
}
