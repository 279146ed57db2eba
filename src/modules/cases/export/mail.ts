// E-mails about subject access, in the recipient's language. The reason a person gives often
// names the person on the case: it stays in the audit trail and on the pages, never in an e-mail.
import type { Tx } from '../../../db.ts';
import { sql } from 'kysely';
import { queueMail, type Delivery } from '../../../platform/mail/outbox.ts';
import type { ExportLocale } from './labels.ts';

type Texts = Record<ExportLocale, { subject: string; body: string }>;

/** A coordinator exported a case at once: the officers are told who, which case, and where to look. */
export const EXPORTED: Texts = {
  en: {
    subject: 'Tandem: subject access export of case {case}',
    body: '{name} ({org}) exported everything held on case {case} ({format}).\n\nThe reason given is in the audit trail, with the export: {link}\n',
  },
  ru: {
    subject: 'Tandem: выгрузка всех данных по делу {case}',
    body: '{name} ({org}) выгрузил(а) все данные по делу {case} ({format}).\n\nУказанная причина и выгрузка отмечены в журнале аудита: {link}\n',
  },
  ar: {
    subject: 'Tandem: تصدير جميع بيانات الحالة {case}',
    body: 'صدّر {name} ({org}) جميع البيانات المحفوظة في الحالة {case} ({format}).\n\nالسبب المذكور والتصدير مسجّلان في سجل التدقيق: {link}\n',
  },
};

/** A request awaits an officer's decision: nothing of the case, the person or the reason; the link only. */
export const AWAITING: Texts = {
  en: {
    subject: 'Tandem: a subject access request awaits your decision',
    body: 'A subject access request that includes other organisations’ restricted records awaits the decision of a data protection officer of your organisation.\n\nOpen it in Tandem: {link}\n',
  },
  ru: {
    subject: 'Tandem: запрос на выгрузку данных ждёт вашего решения',
    body: 'Запрос на выгрузку всех данных о человеке, включая закрытые записи других организаций, ждёт решения ответственного за защиту данных вашей организации.\n\nОткройте его в Tandem: {link}\n',
  },
  ar: {
    subject: 'Tandem: طلب تصدير بيانات ينتظر قرارك',
    body: 'طلب تصدير جميع البيانات المحفوظة عن شخص، بما فيها السجلات المقيّدة لمنظمات أخرى، ينتظر قرار مسؤول حماية البيانات في منظمتك.\n\nافتحه في Tandem: {link}\n',
  },
};

/** The requester is told their request was answered; what was decided, and why, is on the page. */
export const DECIDED: Texts = {
  en: {
    subject: 'Tandem: your subject access request has been answered',
    body: 'A data protection officer has answered your subject access request.\n\nSee the answer in Tandem: {link}\n',
  },
  ru: {
    subject: 'Tandem: на ваш запрос на выгрузку данных дан ответ',
    body: 'Ответственный за защиту данных ответил на ваш запрос на выгрузку всех данных о человеке.\n\nОтвет — в Tandem: {link}\n',
  },
  ar: {
    subject: 'Tandem: تمّ الرد على طلبك لتصدير البيانات',
    body: 'ردّ مسؤول حماية البيانات على طلبك لتصدير جميع بيانات صاحب الحالة.\n\nاطّلع على الرد في Tandem: {link}\n',
  },
};

const localeOf = (l: string): ExportLocale => (l === 'ru' || l === 'ar' ? l : 'en');

/** Mails each of the case's lead agency's data protection officers, except the person acting (who acts for that agency). */
export async function mailOfficers(
  tx: Tx,
  delivery: Delivery,
  caseId: string,
  except: string,
  texts: Texts,
  values: Record<string, string>,
): Promise<number> {
  const { rows } = await sql<{ email: string; locale: string; org_id: string }>`SELECT email, locale, org_id FROM tandem_case_dpo_contacts(${caseId}::uuid)`.execute(tx);
  const officers = rows.filter((r) => r.email !== except);
  for (const dpo of officers) {
    const t = texts[localeOf(dpo.locale)];
    const fill = (s: string) => Object.entries(values).reduce((acc, [k, v]) => acc.replaceAll(`{${k}}`, v), s);
    await queueMail(tx, delivery, { kind: 'subject_access', to: dpo.email, orgId: dpo.org_id, subject: fill(t.subject), text: fill(t.body) });
  }
  return officers.length;
}

/** Mails one person (of the acting organisation) in their language. */
export async function mailPerson(tx: Tx, delivery: Delivery, to: { email: string; locale: string; orgId: string }, texts: Texts, values: Record<string, string>) {
  const t = texts[localeOf(to.locale)];
  const fill = (s: string) => Object.entries(values).reduce((acc, [k, v]) => acc.replaceAll(`{${k}}`, v), s);
  await queueMail(tx, delivery, { kind: 'subject_access', to: to.email, orgId: to.orgId, subject: fill(t.subject), text: fill(t.body) });
}
