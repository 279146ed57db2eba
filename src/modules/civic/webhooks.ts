// Signed webhooks for civic-space alerts. An organisation's administrators register an address
// (https, on a public network) with the countries and types it follows; when a verified record
// about one is published, or a country's rating confirmed, a job POSTs it what is public about
// that — the same as the e-mail alerts and the public page say — as JSON, signed:
//
//   Tandem-Signature: t=<unix seconds>,v1=<hex HMAC-SHA256 of "<t>.<body>" under the secret>
//
// The secret is shown once, when the webhook is registered, and kept sealed with the vault's
// keys. Each sending is a delivery row, tried by the job queue (five retries, from 30 seconds,
// doubling); the organisation reads its deliveries with the answer of the last attempt.
import { createHmac, randomBytes, randomUUID } from 'node:crypto';
import { sql } from 'kysely';
import type { Tx } from '../../db.ts';
import type { Actor } from '../../platform/auth/actor.ts';
import { audit } from '../../platform/audit/audit.ts';
import type { Vault } from '../../platform/crypto/vault.ts';
import { DomainError } from '../../platform/http/errors.ts';
import { OutboundRefused, outboundUrlProblem, postOutbound } from '../../platform/http/outbound.ts';
import type { JobDefinition } from '../../platform/jobs/queue.ts';
import { requestJob } from '../../platform/jobs/request.ts';
import { can } from '../identity/policy.ts';
import { asTypes } from './records.ts';
import type { RestrictionType } from './schema.ts';

export type WebhookEvent = 'civic.record.published' | 'civic.rating.confirmed';
export type WebhookInput = { url: string; countries: string[]; types: RestrictionType[] };

const secretContext = (id: string) => `civic-webhook:${id}`;

function requireAdmin(actor: Actor): asserts actor is Actor & { orgId: string } {
  if (!can(actor, 'org.profile.edit') || actor.orgId === null) throw new DomainError('forbidden');
}

/** The signature header's value for a body sent at `seconds` (Unix time). */
export function webhookSignature(secret: string, seconds: number, body: string): string {
  return `t=${seconds},v1=${createHmac('sha256', secret).update(`${seconds}.${body}`).digest('hex')}`;
}

export async function listWebhooks(tx: Tx, actor: Actor) {
  requireAdmin(actor);
  const hooks = await tx.selectFrom('civic_webhooks').select(['id', 'url', 'countries', 'types', 'created_at']).where('org_id', '=', actor.orgId).orderBy('created_at').execute();
  const deliveries =
    hooks.length === 0
      ? []
      : await tx
          .selectFrom('civic_webhook_deliveries')
          .select(['id', 'webhook_id', 'event', 'subject_id', 'status', 'attempts', 'last_status', 'last_error', 'created_at', 'last_attempt_at'])
          .where(
            'webhook_id',
            'in',
            hooks.map((h) => h.id),
          )
          .orderBy('created_at', 'desc')
          .limit(100)
          .execute();
  const iso = (d: Date | string | null) => (d === null ? null : new Date(d).toISOString());
  return {
    webhooks: hooks.map((h) => ({
      id: h.id,
      url: h.url,
      countries: h.countries,
      types: asTypes(h.types),
      createdAt: iso(h.created_at)!,
      deliveries: deliveries
        .filter((d) => d.webhook_id === h.id)
        .slice(0, 10)
        .map((d) => ({
          id: d.id,
          event: d.event as WebhookEvent,
          subjectId: d.subject_id,
          status: d.status as 'pending' | 'delivered' | 'failed',
          attempts: d.attempts,
          lastStatus: d.last_status,
          lastError: d.last_error,
          createdAt: iso(d.created_at)!,
          lastAttemptAt: iso(d.last_attempt_at),
        })),
    })),
  };
}

/** Registers a webhook of the administrator's organisation; its signing secret is returned once, here. */
export async function createWebhook(tx: Tx, actor: Actor, vault: Vault, input: WebhookInput, allowedHosts: readonly string[]): Promise<{ id: string; secret: string }> {
  requireAdmin(actor);
  const problem = outboundUrlProblem(input.url, allowedHosts);
  if (problem) throw new DomainError('validation_failed', undefined, [{ path: 'body.url', ...problem }]);
  if (input.countries.length > 0) {
    const known = await tx.selectFrom('jurisdictions').select('code').where('code', 'in', input.countries).execute();
    const unknown = input.countries.findIndex((c) => !known.some((k) => k.code === c));
    if (unknown >= 0) throw new DomainError('validation_failed', undefined, [{ path: `body.countries.${unknown}`, message: 'is not a known country', code: 'invalid_choice' }]);
  }
  const count = await tx.selectFrom('civic_webhooks').select((eb) => eb.fn.countAll<string>().as('n')).where('org_id', '=', actor.orgId).executeTakeFirstOrThrow();
  if (Number(count.n) >= 10) throw new DomainError('conflict', 'An organisation has at most ten webhooks');
  const id = randomUUID();
  const secret = `whsec_${randomBytes(32).toString('base64url')}`;
  await tx
    .insertInto('civic_webhooks')
    .values({ id, org_id: actor.orgId, url: input.url, countries: input.countries, types: input.types, sealed_secret: vault.sealRecord(secretContext(id), secret), created_by: actor.userId })
    .execute();
  await audit(tx, { action: 'civic.webhook.create', subjectType: 'civic_webhook', subjectId: id, subjectOrgId: actor.orgId, details: { host: new URL(input.url).host, countries: input.countries, types: input.types } });
  return { id, secret };
}

export async function deleteWebhook(tx: Tx, actor: Actor, id: string): Promise<void> {
  requireAdmin(actor);
  const gone = await tx.deleteFrom('civic_webhooks').where('id', '=', id).where('org_id', '=', actor.orgId).executeTakeFirst();
  if (Number(gone.numDeletedRows) === 0) throw new DomainError('not_found');
  await audit(tx, { action: 'civic.webhook.delete', subjectType: 'civic_webhook', subjectId: id, subjectOrgId: actor.orgId });
}

/**
 * A delivery for each webhook following the country (and, for a record, one of its types), each
 * sent by a job once the transaction commits. Run as the system, by the alerts job.
 */
export async function queueWebhookDeliveries(tx: Tx, event: WebhookEvent, subjectId: string, country: string, types: readonly string[] | null): Promise<number> {
  const { rows } = await sql<{ id: string }>`
    SELECT id FROM civic_webhooks
    WHERE (cardinality(countries) = 0 OR ${country} = ANY (countries))
      AND (${types === null} OR cardinality(types) = 0 OR types && ${types ?? []}::text[])`.execute(tx);
  for (const hook of rows) {
    const delivery = await tx.insertInto('civic_webhook_deliveries').values({ webhook_id: hook.id, event, subject_id: subjectId }).returning('id').executeTakeFirstOrThrow();
    requestJob('civic.webhook', { delivery: delivery.id }, `civic-webhook-${delivery.id}`);
  }
  return rows.length;
}

/** What a delivery says: what is public about the record or rating, or null if it no longer is. */
async function payloadOf(tx: Tx, event: WebhookEvent, subjectId: string, publicUrl: string): Promise<object | null> {
  if (event === 'civic.record.published') {
    const r = await tx
      .selectFrom('civic_records')
      .select(['id', 'country', 'region', 'title', 'types', 'severity', 'started_on', 'status', 'published_at'])
      .where('id', '=', subjectId)
      .where('published_at', 'is not', null)
      .executeTakeFirst();
    if (!r) return null;
    return {
      record: { id: r.id, country: r.country, region: r.region, title: r.title, types: asTypes(r.types), severity: r.severity, startedOn: r.started_on === null ? null : String(r.started_on).slice(0, 10), status: r.status, publishedAt: new Date(r.published_at!).toISOString() },
      url: `${publicUrl}/public/civic/${r.country}`,
    };
  }
  const g = await tx.selectFrom('civic_ratings').select(['id', 'country', 'year', 'rating', 'confirmed_at']).where('id', '=', subjectId).where('status', '=', 'confirmed').executeTakeFirst();
  if (!g) return null;
  return { rating: { id: g.id, country: g.country, year: g.year, rating: g.rating, confirmedAt: g.confirmed_at === null ? null : new Date(g.confirmed_at).toISOString() }, url: `${publicUrl}/public/civic/${g.country}` };
}

export function webhookJobs(deps: { vault: Vault; publicUrl: string; allowedHosts: readonly string[] }): JobDefinition[] {
  return [
    {
      name: 'civic.webhook',
      description: 'Sends one civic-space alert to one webhook, signed with its secret; retried when the receiver does not answer 2xx',
      retryLimit: 5,
      retryDelay: 30,
      async run(data, { db }) {
        const { delivery } = data as { delivery: string };
        const found = await db.system(async (tx) => {
          const d = await tx
            .selectFrom('civic_webhook_deliveries as d')
            .innerJoin('civic_webhooks as w', 'w.id', 'd.webhook_id')
            .select(['d.id', 'd.event', 'd.subject_id', 'd.status', 'w.id as webhook_id', 'w.url', 'w.sealed_secret'])
            .where('d.id', '=', delivery)
            .executeTakeFirst();
          if (!d || d.status !== 'pending') return null;
          const event = d.event as WebhookEvent;
          return { d, event, payload: await payloadOf(tx, event, d.subject_id, deps.publicUrl) };
        });
        // Deleted meanwhile, already sent, or no longer public (withdrawn): nothing to send.
        if (!found) return;
        const { d, event, payload } = found;
        const record = (status: 'pending' | 'delivered' | 'failed', lastStatus: number | null, lastError: string | null) =>
          db.system((tx) =>
            tx
              .updateTable('civic_webhook_deliveries')
              .set({ status, last_status: lastStatus, last_error: lastError?.slice(0, 500) ?? null, attempts: sql<number>`attempts + 1`, last_attempt_at: new Date() })
              .where('id', '=', d.id)
              .execute(),
          );
        if (payload === null) {
          await record('failed', null, 'No longer public when it was to be sent');
          return;
        }
        const body = JSON.stringify({ id: d.id, event, sentAt: new Date().toISOString(), ...payload });
        const seconds = Math.floor(Date.now() / 1000);
        const secret = deps.vault.openRecord(secretContext(d.webhook_id), d.sealed_secret);
        let answer: { status: number } | null = null;
        let error: string | null = null;
        try {
          answer = await postOutbound(d.url, body, { 'tandem-signature': webhookSignature(secret, seconds, body), 'tandem-event': event, 'tandem-delivery': d.id }, { allowedHosts: deps.allowedHosts });
        } catch (e) {
          error = e instanceof Error ? e.message : String(e);
          // An address that may never be reached is not tried again.
          if (e instanceof OutboundRefused) {
            await record('failed', null, error);
            return;
          }
        }
        if (answer && answer.status >= 200 && answer.status < 300) {
          await record('delivered', answer.status, null);
          return;
        }
        await record('pending', answer?.status ?? null, error ?? `answered ${answer?.status}`);
        throw new Error(`webhook delivery ${d.id}: ${error ?? `answered ${answer?.status}`}`);
      },
      async failed(data, { db }) {
        const { delivery } = data as { delivery: string };
        await db.system((tx) => tx.updateTable('civic_webhook_deliveries').set({ status: 'failed' }).where('id', '=', delivery).where('status', '=', 'pending').execute());
      },
    },
  ];
}
