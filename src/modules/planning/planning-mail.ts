// The e-mails of consultations, in the recipient's language: an invitation to contribute, and
// the news that a contribution has been answered. They name the plan and link to the pages; they
// never carry the contribution's text or anyone else's details.
import type { OutgoingMail } from '../../platform/mail/outbox.ts';
import type { ResponseStatus } from './schema.ts';

type Locale = 'en' | 'ru' | 'ar';
type Template = { subject: string; body: string };

export const mailLocale = (v: string | null | undefined): Locale => (v === 'ru' || v === 'ar' ? v : 'en');

const INVITED: Record<Locale, Template> = {
  en: {
    subject: 'Consultation on “{plan}”: your organisation is invited',
    body:
      'Hello {name},\n\n{org} is invited to contribute to the consultation “{consultation}” on the plan “{plan}”.\n\n' +
      'It is open from {opens} until {closes} (UTC). Read the draft and contribute here:\n{link}\n\n' +
      'Every contribution receives a reasoned response.\n',
  },
  ru: {
    subject: 'Консультация по плану «{plan}»: ваша организация приглашена',
    body:
      'Здравствуйте, {name}!\n\nОрганизация «{org}» приглашена внести предложения в рамках консультации «{consultation}» по плану «{plan}».\n\n' +
      'Консультация открыта с {opens} до {closes} (UTC). Прочитайте проект и внесите предложения здесь:\n{link}\n\n' +
      'На каждое предложение будет дан обоснованный ответ.\n',
  },
  ar: {
    subject: 'مشاورة حول «{plan}»: منظمتكم مدعوة',
    body:
      'مرحبًا {name}،\n\nمنظمة «{org}» مدعوة إلى المساهمة في المشاورة «{consultation}» حول الخطة «{plan}».\n\n' +
      'المشاورة مفتوحة من {opens} حتى {closes} (بالتوقيت العالمي). اقرأ المسودة وساهم من هنا:\n{link}\n\n' +
      'ستتلقى كل مساهمة ردًا معللًا.\n',
  },
};

const ANSWERED: Record<Locale, Template> = {
  en: {
    subject: 'Your contribution to “{plan}” has been answered',
    body: 'Hello {name},\n\nThe coordinators of the plan “{plan}” have answered your contribution: {status}.\n\nRead their reasons and what in the plan reflects it here:\n{link}\n',
  },
  ru: {
    subject: 'На ваше предложение по плану «{plan}» дан ответ',
    body: 'Здравствуйте, {name}!\n\nКоординаторы плана «{plan}» ответили на ваше предложение: {status}.\n\nОбоснование и то, что в плане его отражает, можно прочитать здесь:\n{link}\n',
  },
  ar: {
    subject: 'تم الرد على مساهمتك في «{plan}»',
    body: 'مرحبًا {name}،\n\nرد منسقو الخطة «{plan}» على مساهمتك: {status}.\n\nاقرأ أسبابهم وما يعكسها في الخطة من هنا:\n{link}\n',
  },
};

const STATUS_WORDS: Record<Locale, Record<ResponseStatus, string>> = {
  en: { accepted: 'accepted', partly_accepted: 'partly accepted', not_accepted: 'not accepted', out_of_scope: 'out of scope', under_consideration: 'under consideration' },
  ru: { accepted: 'принято', partly_accepted: 'принято частично', not_accepted: 'не принято', out_of_scope: 'вне рамок плана', under_consideration: 'на рассмотрении' },
  ar: { accepted: 'مقبولة', partly_accepted: 'مقبولة جزئيًا', not_accepted: 'غير مقبولة', out_of_scope: 'خارج النطاق', under_consideration: 'قيد النظر' },
};

const fill = (text: string, values: Record<string, string>) => text.replace(/\{(\w+)\}/g, (_, k: string) => values[k] ?? '');
const render = (t: Template, values: Record<string, string>) => ({ subject: fill(t.subject, values), text: fill(t.body, values) });
const minute = (d: Date) => d.toISOString().slice(0, 16).replace('T', ' ');

export function consultationInvitationMail(
  locale: Locale,
  v: { to: string; name: string; org: string; orgId: string; plan: string; planId: string; consultation: string; consultationId: string; opensAt: Date; closesAt: Date; publicUrl: string },
): OutgoingMail {
  const link = `${v.publicUrl}/plans/${v.planId}/consultations/${v.consultationId}`;
  return {
    kind: 'consultation_invitation',
    to: v.to,
    orgId: v.orgId,
    ...render(INVITED[locale], { name: v.name, org: v.org, plan: v.plan, consultation: v.consultation, opens: minute(v.opensAt), closes: minute(v.closesAt), link }),
  };
}

export function contributionAnsweredMail(locale: Locale, v: { to: string; name: string; orgId: string; plan: string; status: ResponseStatus; publicUrl: string }): OutgoingMail {
  return {
    kind: 'contribution_answered',
    to: v.to,
    orgId: v.orgId,
    ...render(ANSWERED[locale], { name: v.name, plan: v.plan, status: STATUS_WORDS[locale][v.status], link: `${v.publicUrl}/plans/mine` }),
  };
}
