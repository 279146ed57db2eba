// Alerts of the civic-space monitor. A signed-in person subscribes to countries (every type of
// restriction, or some); when a verified record about one is published, or its rating for a year
// is confirmed, a job writes them an e-mail in their language through the mail queue. The job
// reads the subscriptions as the system: the monitor who published never sees who subscribed.
// A mail says only what is public (the record's title, the rating) and links to the public page.
// The same job asks for the deliveries of the organisations' webhooks (webhooks.ts).
import { sql } from 'kysely';
import type { Tx } from '../../db.ts';
import type { Actor } from '../../platform/auth/actor.ts';
import { audit } from '../../platform/audit/audit.ts';
import { DomainError } from '../../platform/http/errors.ts';
import type { JobDefinition } from '../../platform/jobs/queue.ts';
import { requestJob } from '../../platform/jobs/request.ts';
import { queueMail, type Delivery } from '../../platform/mail/outbox.ts';
import { EXPORT_LOCALES, labelsFor, type ExportLocale } from '../cases/export/labels.ts';
import { asTypes } from './records.ts';
import type { RestrictionType } from './schema.ts';
import { queueWebhookDeliveries } from './webhooks.ts';

export type AlertEvent = { event: 'record'; id: string } | { event: 'rating'; id: string };

/** Asks for the alerts of a publication or a confirmation, sent once the transaction commits. */
export function requestAlerts(event: AlertEvent, at: Date): void {
  requestJob('civic.alerts', event, `civic-alert-${event.event}-${event.id}-${at.getTime()}`);
}

export async function mySubscriptions(tx: Tx, actor: Actor) {
  const rows = await tx.selectFrom('civic_subscriptions').select(['country', 'types']).where('user_id', '=', actor.userId).orderBy('country').execute();
  return { subscriptions: rows.map((r) => ({ country: r.country, types: asTypes(r.types) })) };
}

export async function subscribe(tx: Tx, actor: Actor, country: string, types: RestrictionType[]): Promise<void> {
  const place = await tx.selectFrom('jurisdictions').select('code').where('code', '=', country).executeTakeFirst();
  if (!place) throw new DomainError('not_found');
  await tx
    .insertInto('civic_subscriptions')
    .values({ user_id: actor.userId, country, types })
    .onConflict((oc) => oc.columns(['user_id', 'country']).doUpdateSet({ types }))
    .execute();
  await audit(tx, { action: 'civic.subscription.set', subjectType: 'civic_subscription', subjectId: actor.userId, details: { country, types } });
}

export async function unsubscribe(tx: Tx, actor: Actor, country: string): Promise<void> {
  const gone = await tx.deleteFrom('civic_subscriptions').where('user_id', '=', actor.userId).where('country', '=', country).executeTakeFirst();
  if (Number(gone.numDeletedRows) === 0) throw new DomainError('not_found');
  await audit(tx, { action: 'civic.subscription.remove', subjectType: 'civic_subscription', subjectId: actor.userId, details: { country } });
}

type Subscriber = { email: string; locale: string; name: string };

async function subscribers(tx: Tx, country: string, types: string[] | null): Promise<Subscriber[]> {
  const { rows } = await sql<Subscriber>`
    SELECT u.email, u.locale, u.display_name AS name FROM civic_subscriptions s JOIN users u ON u.id = s.user_id
    WHERE s.country = ${country} AND u.status = 'active'
      AND (${types === null} OR cardinality(s.types) = 0 OR s.types && ${types ?? []}::text[])
    ORDER BY u.email`.execute(tx);
  return rows;
}

const localeOf = (l: string): ExportLocale => EXPORT_LOCALES.find((x) => x === l) ?? 'en';
const countryName = (names: unknown, l: ExportLocale, code: string) => {
  const n = (typeof names === 'string' ? JSON.parse(names) : names) as Record<string, string>;
  return n[l] ?? n.en ?? code;
};

export function civicJobs(mail: { delivery: Delivery; publicUrl: string }): JobDefinition[] {
  return [
    {
      name: 'civic.alerts',
      description: 'Writes the e-mails of civic-space alerts: a verified record published, or a country rating confirmed, to those subscribed to the country',
      retryLimit: 3,
      async run(data, { db }) {
        const e = data as AlertEvent;
        await db.system(async (tx) => {
          if (e.event === 'record') {
            // Still published when the job runs: a record withdrawn meanwhile alerts nobody.
            const r = await tx
              .selectFrom('civic_records as r')
              .innerJoin('jurisdictions as j', 'j.code', 'r.country')
              .select(['r.id', 'r.title', 'r.country', 'r.types', 'j.names'])
              .where('r.id', '=', e.id)
              .where('r.published_at', 'is not', null)
              .executeTakeFirst();
            if (!r) return;
            await queueWebhookDeliveries(tx, 'civic.record.published', r.id, r.country, asTypes(r.types));
            for (const s of await subscribers(tx, r.country, r.types)) {
              const l = localeOf(s.locale);
              const t = labelsFor(l).t;
              const country = countryName(r.names, l, r.country);
              await queueMail(tx, mail.delivery, {
                kind: 'civic_alert',
                to: s.email,
                subject: t('civic.alert.recordSubject', { country }),
                text: t('civic.alert.recordText', { name: s.name, country, title: r.title, types: asTypes(r.types).map((x) => t(`civic.type.${x}`)).join(', '), link: `${mail.publicUrl}/public/civic/${r.country}` }),
              });
            }
            return;
          }
          const g = await tx
            .selectFrom('civic_ratings as g')
            .innerJoin('jurisdictions as j', 'j.code', 'g.country')
            .select(['g.country', 'g.year', 'g.rating', 'j.names'])
            .where('g.id', '=', e.id)
            .where('g.status', '=', 'confirmed')
            .executeTakeFirst();
          if (!g) return;
          await queueWebhookDeliveries(tx, 'civic.rating.confirmed', e.id, g.country, null);
          for (const s of await subscribers(tx, g.country, null)) {
            const l = localeOf(s.locale);
            const t = labelsFor(l).t;
            const country = countryName(g.names, l, g.country);
            await queueMail(tx, mail.delivery, {
              kind: 'civic_alert',
              to: s.email,
              subject: t('civic.alert.ratingSubject', { country }),
              text: t('civic.alert.ratingText', { name: s.name, country, year: g.year, rating: t(`civic.rating.${g.rating}`), link: `${mail.publicUrl}/public/civic/${g.country}` }),
            });
          }
        });
      },
    },
  ];
}
