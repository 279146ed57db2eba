// Country ratings on the five-step scale. A monitor proposes a rating of a country for a year,
// with written reasons and the records behind it; a second monitor of the same organisation
// confirms it, and from then on it is part of the country's history (public). Tandem never
// computes a rating: it keeps the monitors' judgement and who made it.
import { randomUUID } from 'node:crypto';
import type { Tx } from '../../db.ts';
import type { Actor } from '../../platform/auth/actor.ts';
import { audit } from '../../platform/audit/audit.ts';
import { DomainError } from '../../platform/http/errors.ts';
import { requestAlerts } from './alerts.ts';
import { canConfirmRating, canReadRating, isMonitor, type RatingFacts } from './policy.ts';
import { RATINGS, type NewRating, type Rating, type RatingList } from './schema.ts';

const iso = (d: Date | null): string | null => (d === null ? null : new Date(d).toISOString());
export const asRating = (r: string): Rating => RATINGS.find((x) => x === r) ?? 'open';
const asStatus = (s: string): RatingFacts['status'] => (s === 'confirmed' ? 'confirmed' : 'proposed');

export async function listRatings(tx: Tx, actor: Actor, country?: string): Promise<RatingList> {
  if (!isMonitor(actor)) throw new DomainError('forbidden');
  let q = tx
    .selectFrom('civic_ratings as g')
    .leftJoin('organisations as o', 'o.id', 'g.monitor_org_id')
    .selectAll('g')
    .select('o.name as org_name')
    .where((eb) => eb.or([eb('g.monitor_org_id', '=', actor.orgId), eb('g.status', '=', 'confirmed')]));
  if (country) q = q.where('g.country', '=', country);
  const rows = await q.orderBy('g.country').orderBy('g.year', 'desc').orderBy('g.proposed_at', 'desc').limit(500).execute();
  const ids = rows.map((r) => r.id);
  const links = ids.length
    ? await tx
        .selectFrom('civic_rating_records as l')
        .innerJoin('civic_records as r', 'r.id', 'l.record_id')
        .select(['l.rating_id', 'r.id', 'r.title'])
        .where('l.rating_id', 'in', ids)
        .orderBy('r.started_on')
        .execute()
    : [];
  const userIds = [...new Set(rows.flatMap((r) => [r.proposed_by, r.confirmed_by]).filter((x): x is string => x !== null))];
  const people = userIds.length ? await tx.selectFrom('users').select(['id', 'display_name']).where('id', 'in', userIds).execute() : [];
  const nameOf = (u: string | null) => (u === null ? null : (people.find((p) => p.id === u)?.display_name ?? null));
  return {
    ratings: rows.map((g) => {
      const facts: RatingFacts = { monitorOrgId: g.monitor_org_id, proposedBy: g.proposed_by, status: asStatus(g.status) };
      return {
        id: g.id,
        country: g.country,
        year: g.year,
        rating: asRating(g.rating),
        reasons: g.reasons,
        status: facts.status,
        own: g.monitor_org_id === actor.orgId,
        proposedBy: nameOf(g.proposed_by),
        proposedAt: iso(g.proposed_at)!,
        confirmedBy: nameOf(g.confirmed_by),
        confirmedAt: iso(g.confirmed_at),
        monitorOrg: g.org_name ?? null,
        records: links.filter((l) => l.rating_id === g.id).map((l) => ({ id: l.id, title: l.title })),
        can: { confirm: canConfirmRating(actor, facts) },
      };
    }),
    can: { propose: true },
  };
}

export async function proposeRating(tx: Tx, actor: Actor, input: NewRating): Promise<{ id: string }> {
  if (!isMonitor(actor)) throw new DomainError('forbidden');
  const known = await tx.selectFrom('jurisdictions').select('code').where('code', '=', input.country).executeTakeFirst();
  if (!known) throw new DomainError('validation_failed', undefined, [{ path: 'body.country', message: 'is not a known country', code: 'invalid_choice' }]);
  if (input.recordIds.length > 0) {
    // Reasons rest on records the monitor can see, of the same country.
    const found = await tx
      .selectFrom('civic_records')
      .select('id')
      .where('id', 'in', input.recordIds)
      .where('country', '=', input.country)
      .where((eb) => eb.or([eb('monitor_org_id', '=', actor.orgId), eb('status', '=', 'verified')]))
      .execute();
    if (found.length !== input.recordIds.length) {
      throw new DomainError('validation_failed', undefined, [{ path: 'body.recordIds', message: 'must be records of this country that you can see', code: 'not_in_country' }]);
    }
  }
  const id = randomUUID();
  await tx
    .insertInto('civic_ratings')
    .values({ id, monitor_org_id: actor.orgId, country: input.country, year: input.year, rating: input.rating, reasons: input.reasons, proposed_by: actor.userId })
    .execute();
  if (input.recordIds.length > 0) await tx.insertInto('civic_rating_records').values(input.recordIds.map((record_id) => ({ rating_id: id, record_id }))).execute();
  await audit(tx, { action: 'civic.rating.propose', subjectType: 'civic_rating', subjectId: id, subjectOrgId: actor.orgId, details: { country: input.country, year: input.year, rating: input.rating } });
  return { id };
}

export async function confirmRating(tx: Tx, actor: Actor, id: string): Promise<void> {
  if (!isMonitor(actor)) throw new DomainError('forbidden');
  const g = await tx.selectFrom('civic_ratings').select(['monitor_org_id', 'proposed_by', 'status', 'country', 'year']).where('id', '=', id).executeTakeFirst();
  const facts: RatingFacts | null = g ? { monitorOrgId: g.monitor_org_id, proposedBy: g.proposed_by, status: asStatus(g.status) } : null;
  if (!g || !facts || !canReadRating(actor, facts)) throw new DomainError('not_found');
  if (!canConfirmRating(actor, facts)) {
    if (facts.monitorOrgId !== actor.orgId) throw new DomainError('forbidden');
    throw new DomainError('conflict', 'A proposal is confirmed once, by a monitor other than the one who proposed it');
  }
  const taken = await tx.selectFrom('civic_ratings').select('id').where('country', '=', g.country).where('year', '=', g.year).where('status', '=', 'confirmed').executeTakeFirst();
  if (taken) throw new DomainError('conflict', 'This country already has a confirmed rating for this year');
  await tx.updateTable('civic_ratings').set({ status: 'confirmed' }).where('id', '=', id).execute();
  await audit(tx, { action: 'civic.rating.confirm', subjectType: 'civic_rating', subjectId: id, subjectOrgId: actor.orgId });
  requestAlerts({ event: 'rating', id }, new Date());
}
