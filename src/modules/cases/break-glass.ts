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

// The mail says that emergency access was used, when, by whom (staff) and for how long, with a
// link to the review page. Never the written reason: it often names the person, and mail is
// stored and forwarded beyond the platform (and, held, read by administrators). The case number
// only to the lead agency's own officers; the other organisation's officers learn that one of
// their people opened a case of another agency, and read the rest in Tandem.
type BreakGlassMail = { subject: string; lead: string; other: string };
const MAIL: Record<'en' | 'ru' | 'ar', BreakGlassMail> = {
  en: {
    subject: 'Tandem: emergency access was used',
    lead: '{name} ({org}) opened case {case} of your agency with emergency access at {when}, until {until}.\n\nThe reason they gave is not sent by e-mail. Read it and review this use in Tandem:\n{link}\n',
    other: '{name} ({org}, your organisation) opened a case of another agency with emergency access at {when}, until {until}.\n\nThe reason they gave is not sent by e-mail. Read it and review this use in Tandem:\n{link}\n',
  },
  ru: {
    subject: 'Tandem: использован экстренный доступ',
    lead: '{name} ({org}) открыл(а) дело {case} вашей организации в режиме экстренного доступа {when}, до {until}.\n\nУказанная причина по почте не отправляется. Прочитайте её и проверьте это обращение в Tandem:\n{link}\n',
    other: '{name} ({org}, ваша организация) открыл(а) дело другой организации в режиме экстренного доступа {when}, до {until}.\n\nУказанная причина по почте не отправляется. Прочитайте её и проверьте это обращение в Tandem:\n{link}\n',
  },
  ar: {
    subject: 'Tandem: استُخدم الوصول الطارئ',
    lead: 'فتح {name} ({org}) الحالة {case} التابعة لجهتكم بوصول طارئ في {when}، حتى {until}.\n\nلا يُرسَل السبب المذكور بالبريد الإلكتروني. اقرأه وراجِع هذا الاستخدام في Tandem:\n{link}\n',
    other: 'فتح {name} ({org}، منظمتكم) حالة تابعة لجهة أخرى بوصول طارئ في {when}، حتى {until}.\n\nلا يُرسَل السبب المذكور بالبريد الإلكتروني. اقرأه وراجِع هذا الاستخدام في Tandem:\n{link}\n',
  },
};

const minuteUtc = (d: Date) => d.toISOString().slice(0, 16).replace('T', ' ') + ' UTC';
const fillIn = (text: string, values: Record<string, string>) => text.replace(/\{(\w+)\}/g, (_, k: string) => values[k] ?? '');

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
    const values = {
      name: me.display_name,
      org: me.name,
      case: input.caseNumber,
      when: minuteUtc(new Date(expires.getTime() - input.minutes * 60_000)),
      until: minuteUtc(expires),
      link: `${deps.publicUrl}/break-glass`,
    };
    const body = dpo.org_id === target.lead_org_id ? t.lead : t.other;
    await queueMail(tx, deps.delivery, { kind: 'break_glass', to: dpo.email, orgId: dpo.org_id, subject: t.subject, text: fillIn(body, values) });
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
