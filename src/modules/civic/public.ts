// The public face of the monitor: published records, country pages with the history of
// confirmed ratings, and the open-data export. Read as the public, whoever asks: the queries
// ask for published records themselves (the database's policy is the second wall), and nothing
// of who entered, verified or consented, nor which organisation monitors, is ever shown.
import { sql } from 'kysely';
import type { Tx } from '../../db.ts';
import { DomainError } from '../../platform/http/errors.ts';
import { asRating } from './ratings.ts';
import { asSeverity, asTypes } from './records.ts';
import type { PublicCountryView, PublicFilter, PublicRecordView } from './schema.ts';

type Names = Record<string, string>;
const namesOf = (v: unknown): Names => (typeof v === 'string' ? (JSON.parse(v) as Names) : (v as Names));

/** Pages show this many records, newest first, and say how many match; the export has them all. */
export const PAGE_RECORDS = 100;
/** The open-data export's ceiling (export-documents.ts), far above what a monitor records in a decade. */
export const EXPORT_RECORDS = 100_000;

export function publishedQuery(tx: Tx, filter: PublicFilter) {
  let q = tx.selectFrom('civic_records').where('published_at', 'is not', null);
  if (filter.country) q = q.where('country', '=', filter.country);
  if (filter.type) q = q.where(sql<boolean>`${filter.type} = ANY(types)`);
  if (filter.year) q = q.where('started_on', '>=', `${filter.year}-01-01`).where('started_on', '<=', `${filter.year}-12-31`);
  return q;
}

/** How many published records match the filter. */
export async function countPublished(tx: Tx, filter: PublicFilter): Promise<number> {
  const row = await publishedQuery(tx, filter).select((eb) => eb.fn.countAll<string>().as('n')).executeTakeFirstOrThrow();
  return Number(row.n);
}

/** Published records matching the filter (or the one asked for), newest first, with their sources and affected organisations. */
export async function publishedRecords(tx: Tx, filter: PublicFilter, limit: number, id?: string): Promise<PublicRecordView[]> {
  let q = publishedQuery(tx, filter).selectAll();
  if (id !== undefined) q = q.where('id', '=', id);
  const rows = await q.orderBy('started_on', 'desc').orderBy('id').limit(limit).execute();
  if (rows.length === 0) return [];
  // Sources and affected organisations in batches of ids (a statement takes at most 65,535
  // parameters), grouped by record once rather than searched for each record.
  type Source = { id: string; record_id: string; url: string; title: string; published_on: string | null };
  type Affected = { record_id: string; name: string | null; description: string; women_led: boolean; consent_at: Date | null };
  const sources = new Map<string, Source[]>();
  const affected = new Map<string, Affected[]>();
  const ids = rows.map((r) => r.id);
  for (let i = 0; i < ids.length; i += 5_000) {
    const batch = ids.slice(i, i + 5_000);
    for (const x of await tx.selectFrom('civic_record_sources').select(['id', 'record_id', 'url', 'title', 'published_on']).where('record_id', 'in', batch).orderBy('added_at').orderBy('id').execute()) {
      sources.set(x.record_id, [...(sources.get(x.record_id) ?? []), x]);
    }
    // Named organisations are shown only with their consent; the rule holds at publication, and this keeps it when reading.
    const found = await tx
      .selectFrom('civic_affected_orgs')
      .select(['record_id', 'name', 'description', 'women_led', 'consent_at'])
      .where('record_id', 'in', batch)
      .orderBy('added_at')
      .orderBy('id')
      .execute();
    for (const x of found) affected.set(x.record_id, [...(affected.get(x.record_id) ?? []), x]);
  }
  return rows.map((r) => ({
    id: r.id,
    country: r.country,
    region: r.region,
    title: r.title,
    description: r.description,
    startedOn: r.started_on,
    endedOn: r.ended_on,
    types: asTypes(r.types),
    ctJustification: r.ct_justification,
    legalInstrument: r.legal_instrument,
    actor: r.actor,
    womenTargeted: r.women_targeted,
    severity: asSeverity(r.severity),
    verifiedAt: new Date(r.verified_at!).toISOString(),
    publishedAt: new Date(r.published_at!).toISOString(),
    sources: (sources.get(r.id) ?? []).map((s) => ({ id: s.id, url: s.url, title: s.title, publishedOn: s.published_on })),
    affected: (affected.get(r.id) ?? []).map((a) => ({ name: a.consent_at === null ? null : a.name, description: a.description, womenLed: a.women_led })),
  }));
}

export async function publicRecord(tx: Tx, id: string): Promise<PublicRecordView> {
  const [found] = await publishedRecords(tx, {}, 1, id);
  if (!found) throw new DomainError('not_found');
  return found;
}

export async function publicRecordList(tx: Tx, filter: PublicFilter) {
  return { records: await publishedRecords(tx, filter, PAGE_RECORDS), total: await countPublished(tx, filter) };
}

export async function publicCountries(tx: Tx) {
  const places = await tx.selectFrom('jurisdictions').select(['code', 'names']).orderBy('code').execute();
  const counts = await tx
    .selectFrom('civic_records')
    .select(['country', (eb) => eb.fn.countAll<string>().as('n')])
    .where('published_at', 'is not', null)
    .groupBy('country')
    .execute();
  const latest = await tx.selectFrom('civic_ratings').select(['country', 'year', 'rating']).where('status', '=', 'confirmed').orderBy('year', 'desc').execute();
  return {
    countries: places.map((p) => {
      const l = latest.find((g) => g.country === p.code);
      return {
        code: p.code,
        names: namesOf(p.names),
        latest: l ? { year: l.year, rating: asRating(l.rating) } : null,
        published: Number(counts.find((c) => c.country === p.code)?.n ?? 0),
      };
    }),
  };
}

export async function publicCountry(tx: Tx, code: string, filter: Omit<PublicFilter, 'country'>): Promise<PublicCountryView> {
  const place = await tx.selectFrom('jurisdictions').select(['code', 'names']).where('code', '=', code).executeTakeFirst();
  if (!place) throw new DomainError('not_found');
  const ratings = await tx.selectFrom('civic_ratings').select(['id', 'year', 'rating', 'reasons', 'confirmed_at']).where('country', '=', code).where('status', '=', 'confirmed').orderBy('year').execute();
  const links = ratings.length
    ? await tx
        .selectFrom('civic_rating_records as l')
        .innerJoin('civic_records as r', 'r.id', 'l.record_id')
        .select(['l.rating_id', 'r.id', 'r.title'])
        .where('l.rating_id', 'in', ratings.map((g) => g.id))
        .where('r.published_at', 'is not', null)
        .orderBy('r.started_on')
        .execute()
    : [];
  const years = await tx
    .selectFrom('civic_records')
    .select((eb) => eb.fn<number>('date_part', [eb.val('year'), eb.ref('started_on')]).as('y'))
    .where('country', '=', code)
    .where('published_at', 'is not', null)
    .distinct()
    .execute();
  return {
    code: place.code,
    names: namesOf(place.names),
    ratings: ratings.map((g) => ({
      id: g.id,
      year: g.year,
      rating: asRating(g.rating),
      reasons: g.reasons,
      confirmedAt: new Date(g.confirmed_at!).toISOString(),
      records: links.filter((l) => l.rating_id === g.id).map((l) => ({ id: l.id, title: l.title })),
    })),
    records: await publishedRecords(tx, { ...filter, country: code }, PAGE_RECORDS),
    total: await countPublished(tx, { ...filter, country: code }),
    years: years.map((y) => Number(y.y)).sort((a, b) => b - a),
  };
}
