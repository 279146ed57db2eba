// The e-mails of sign-up and recovery, in the recipient's language. Links carry their token in
// the fragment (after #), which browsers never send to a server or put in a Referer.
import type { OutgoingMail } from '../../platform/mail/outbox.ts';

type Locale = 'en' | 'ru' | 'ar';
type Template = { subject: string; body: string };

const INVITATION: Record<Locale, Template> = {
  en: {
    subject: 'Invitation to join {org} on Tandem',
    body:
      'Hello {name},\n\n{inviter} invites you to work with {org} on Tandem.\n\n' +
      'Accept the invitation and choose your password here (the link works once, for 7 days):\n{link}\n\n' +
      'If you did not expect this message, you can ignore it.\n',
  },
  ru: {
    subject: 'Приглашение в организацию «{org}» в Tandem',
    body:
      'Здравствуйте, {name}!\n\n{inviter} приглашает вас работать в организации «{org}» в Tandem.\n\n' +
      'Примите приглашение и задайте пароль по ссылке (она действует один раз в течение 7 дней):\n{link}\n\n' +
      'Если вы не ждали этого письма, просто не отвечайте на него.\n',
  },
  ar: {
    subject: 'دعوة للانضمام إلى {org} على Tandem',
    body:
      'مرحبًا {name}،\n\nيدعوك {inviter} إلى العمل مع {org} على Tandem.\n\n' +
      'اقبل الدعوة واختر كلمة مرورك من هنا (يعمل الرابط مرة واحدة خلال 7 أيام):\n{link}\n\n' +
      'إن لم تكن تتوقع هذه الرسالة فيمكنك تجاهلها.\n',
  },
};

const PASSWORD_RESET: Record<Locale, Template> = {
  en: {
    subject: 'Choose a new Tandem password',
    body:
      'Hello {name},\n\nSomeone (probably you) asked to reset the password of your Tandem account.\n\n' +
      'Choose a new password here (the link works once, for one hour):\n{link}\n\n' +
      'If you use a second factor, it does not change: you will still need your authenticator app or a recovery code to sign in.\n\n' +
      'If it was not you, ignore this message: your password stays as it is.\n',
  },
  ru: {
    subject: 'Новый пароль для Tandem',
    body:
      'Здравствуйте, {name}!\n\nКто-то (вероятно, вы) запросил сброс пароля вашей учётной записи Tandem.\n\n' +
      'Задайте новый пароль по ссылке (она действует один раз в течение часа):\n{link}\n\n' +
      'Если вы входите со вторым фактором, он не меняется: для входа по-прежнему понадобится приложение-аутентификатор или код восстановления.\n\n' +
      'Если это были не вы, не обращайте внимания на письмо: пароль останется прежним.\n',
  },
  ar: {
    subject: 'اختر كلمة مرور جديدة لـ Tandem',
    body:
      'مرحبًا {name}،\n\nطلب أحدهم (على الأرجح أنت) إعادة تعيين كلمة مرور حسابك على Tandem.\n\n' +
      'اختر كلمة مرور جديدة من هنا (يعمل الرابط مرة واحدة خلال ساعة):\n{link}\n\n' +
      'إن كنت تستخدم عاملًا ثانيًا فإنه لا يتغير: ستظل بحاجة إلى تطبيق المصادقة أو رمز استرداد لتسجيل الدخول.\n\n' +
      'إن لم تكن أنت، فتجاهل هذه الرسالة: ستبقى كلمة مرورك كما هي.\n',
  },
};

function fill(text: string, values: Record<string, string>): string {
  return text.replace(/\{(\w+)\}/g, (_, k: string) => values[k] ?? '');
}

function render(template: Template, values: Record<string, string>) {
  return { subject: fill(template.subject, values), text: fill(template.body, values) };
}

export function invitationMail(
  locale: Locale,
  v: { to: string; name: string; inviter: string; org: string; orgId: string; publicUrl: string; token: string },
): OutgoingMail {
  const link = `${v.publicUrl}/invitation#token=${v.token}`;
  // Filed under the organisation the person is invited into: only its administrators read it held.
  return { kind: 'invitation', to: v.to, orgId: v.orgId, ...render(INVITATION[locale], { name: v.name, inviter: v.inviter, org: v.org, link }) };
}

export function passwordResetMail(
  locale: Locale,
  v: { to: string; name: string; orgId: string | null; publicUrl: string; token: string },
): OutgoingMail {
  const link = `${v.publicUrl}/reset-password#token=${v.token}`;
  return { kind: 'password_reset', to: v.to, orgId: v.orgId, ...render(PASSWORD_RESET[locale], { name: v.name, link }) };
}
