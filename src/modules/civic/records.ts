// Restriction records of the civic-space monitor: entering one, adding its sources and the
// organisations it affected, recording their consent to publication, moving it through
// unverified → corroborated → verified, and publishing it. Every change is audited in its
// transaction. A record another monitor may not read does not exist for them (not_found).
import { randomUUID } from 'node:crypto';
import type { Tx } from '../../db.ts';
import type { Actor } from '../../platform/auth/actor.ts';
import { audit } from '../../platform/audit/audit.ts';
import { DomainError } from '../../platform/http/errors.ts';
import { requestAlerts } from './alerts.ts';
import { canOnRecord, canReadRecord, isMonitor, type RecordFacts } from './policy.ts';
import type { NewAffected, NewRecord, NewSource, RecordList, RecordStatus, RecordView, RestrictionType } from './schema.ts';
import { RECORD_STATUSES, RESTRICTION_TYPES, SEVERITIES } from './schema.ts';

const iso = (d: Date | string | null): string | null => (d === null ? null : new Date(d).toISOString());
export const asStatus = (s: string): RecordStatus => RECORD_STATUSES.find((x) => x === s) ?? 'unverified';
export const asTypes = (t: string[]): RestrictionType[] => RESTRICTION_TYPES.filter((x) => t.includes(x));
export const asSeverity = (s: string) => SEVERITIES.find((x) => x === s) ?? 'low';

function requireMonitor(actor: Actor): asserts actor is Actor & { orgId: string } {
  if (!isMonitor(actor)) throw new DomainError('forbidden');
}

/** The record as the actor may see it, with the facts its policy needs; not_found otherwise. */
async function recordFacts(tx: Tx, actor: Actor, id: string) {
  const row = await tx.selectFrom('civic_records').selectAll().where('id', '=', id).executeTakeFirst();
  if (!row) throw new DomainError('not_found');
  const counts = await tx
    .selectFrom('civic_records as r')
    .select((eb) => [
      eb.selectFrom('civic_record_sources as s').select(eb.fn.countAll<string>().as('n')).whereRef('s.record_id', '=', 'r.id').as('sources'),
      eb
        .selectFrom('civic_affected_orgs as a')
        .select(eb.fn.countAll<string>().as('n'))
        .whereRef('a.record_id', '=', 'r.id')
        .where('a.name', 'is not', null)
        .where('a.consent_at', 'is', null)
        .as('unconsented'),
    ])
    .where('r.id', '=', id)
    .executeTakeFirstOrThrow();
  const facts: RecordFacts = {
    monitorOrgId: row.monitor_org_id,
    enteredBy: row.entered_by,
    status: asStatus(row.status),
    published: row.published_at !== null,
    sources: Number(counts.sources ?? 0),
    unconsented: Number(counts.unconsented ?? 0),
  };
  if (!canReadRecord(actor, facts)) throw new DomainError('not_found');
  return { row, facts };
}

/** Refuses an action the policy does not allow: forbidden for another organisation's monitor, conflict for the wrong moment. */
function allow(actor: Actor, action: Parameters<typeof canOnRecord>[1], facts: RecordFacts, why?: string): void {
  if (canOnRecord(actor, action, facts)) return;
  if (facts.monitorOrgId !== actor.orgId) throw new DomainError('forbidden');
  throw new DomainError('conflict', why);
}

async function checkPlace(tx: Tx, country: string, region: string | null): Promise<void> {
  const j = await tx.selectFrom('jurisdictions').select(['code', 'regions']).where('code', '=', country).executeTakeFirst();
  if (!j) throw new DomainError('validation_failed', undefined, [{ path: 'body.country', message: 'is not a known country', code: 'invalid_choice' }]);
  const regions = (typeof j.regions === 'string' ? JSON.parse(j.regions) : j.regions) as Array<{ code: string }>;
  if (region !== null && !regions.some((r) => r.code === region)) {
    throw new DomainError('validation_failed', undefined, [{ path: 'body.region', message: 'is not a region of this country', code: 'not_in_country' }]);
  }
}

export async function listRecords(tx: Tx, actor: Actor, country?: string): Promise<RecordList> {
  requireMonitor(actor);
  let q = tx
    .selectFrom('civic_records as r')
    .leftJoin('organisations as o', 'o.id', 'r.monitor_org_id')
    .select(['r.id', 'r.country', 'r.title', 'r.started_on', 'r.types', 'r.severity', 'r.status', 'r.published_at', 'r.monitor_org_id', 'o.name'])
    .where((eb) => eb.or([eb('r.monitor_org_id', '=', actor.orgId), eb('r.status', '=', 'verified')]));
  if (country) q = q.where('r.country', '=', country);
  const rows = await q.orderBy('r.started_on', 'desc').orderBy('r.id').limit(500).execute();
  return {
    records: rows.map((r) => ({
      id: r.id,
      country: r.country,
      title: r.title,
      startedOn: r.started_on,
      types: asTypes(r.types),
      severity: asSeverity(r.severity),
      status: asStatus(r.status),
      published: r.published_at !== null,
      own: r.monitor_org_id === actor.orgId,
      monitorOrg: r.name ?? null,
    })),
    can: { create: true },
  };
}

export async function createRecord(tx: Tx, actor: Actor, input: NewRecord): Promise<{ id: string }> {
  requireMonitor(actor);
  await checkPlace(tx, input.country, input.region);
  // The id is made here: the row is not readable back by RETURNING before its policy sees it.
  const id = randomUUID();
  await tx
    .insertInto('civic_records')
    .values({
      id,
      monitor_org_id: actor.orgId,
      country: input.country,
      region: input.region,
      title: input.title,
      description: input.description,
      started_on: input.startedOn,
      ended_on: input.endedOn,
      types: input.types,
      ct_justification: input.ctJustification,
      legal_instrument: input.legalInstrument,
      actor: input.actor,
      women_targeted: input.womenTargeted,
      severity: input.severity,
      entered_by: actor.userId,
    })
    .execute();
  await audit(tx, { action: 'civic.record.create', subjectType: 'civic_record', subjectId: id, subjectOrgId: actor.orgId, details: { country: input.country } });
  return { id };
}

export async function getRecord(tx: Tx, actor: Actor, id: string): Promise<RecordView> {
  requireMonitor(actor);
  const { row: r, facts } = await recordFacts(tx, actor, id);
  const people = await tx
    .selectFrom('users')
    .select(['id', 'display_name'])
    .where('id', 'in', [r.entered_by, r.corroborated_by, r.verified_by].filter((x): x is string => x !== null))
    .execute();
  const nameOf = (u: string | null) => (u === null ? null : (people.find((p) => p.id === u)?.display_name ?? null));
  const org = await tx.selectFrom('organisations').select('name').where('id', '=', r.monitor_org_id).executeTakeFirst();
  const sources = await tx.selectFrom('civic_record_sources').select(['id', 'url', 'title', 'published_on']).where('record_id', '=', id).orderBy('added_at').orderBy('id').execute();
  const affected = await tx.selectFrom('civic_affected_orgs').selectAll().where('record_id', '=', id).orderBy('added_at').orderBy('id').execute();
  const waitingFor: RecordView['waitingFor'] = [];
  if (facts.status === 'unverified' && !canOnRecord(actor, 'corroborate', facts)) waitingFor.push('sources');
  if (facts.status === 'corroborated' && actor.userId === facts.enteredBy) waitingFor.push('second_monitor');
  if (facts.unconsented > 0 && !facts.published) waitingFor.push('consent');
  const own = facts.monitorOrgId === actor.orgId;
  const editable = canOnRecord(actor, 'edit', facts);
  return {
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
    status: facts.status,
    own,
    monitorOrg: org?.name ?? null,
    enteredBy: nameOf(r.entered_by),
    enteredAt: iso(r.created_at)!,
    corroboratedBy: nameOf(r.corroborated_by),
    verifiedBy: nameOf(r.verified_by),
    verifiedAt: iso(r.verified_at),
    publishedAt: iso(r.published_at),
    sources: sources.map((s) => ({ id: s.id, url: s.url, title: s.title, publishedOn: s.published_on })),
    affected: affected.map((a) => ({
      id: a.id,
      name: a.name,
      description: a.description,
      womenLed: a.women_led,
      consentAt: iso(a.consent_at),
      consentNote: own ? a.consent_note : null,
    })),
    can: {
      addSource: editable,
      addAffected: editable,
      recordConsent: editable && facts.unconsented > 0,
      corroborate: canOnRecord(actor, 'corroborate', facts),
      verify: canOnRecord(actor, 'verify', facts),
      publish: canOnRecord(actor, 'publish', facts),
      unpublish: canOnRecord(actor, 'unpublish', facts),
    },
    waitingFor,
  };
}

export async function addSource(tx: Tx, actor: Actor, recordId: string, input: NewSource): Promise<{ id: string }> {
  requireMonitor(actor);
  const { facts } = await recordFacts(tx, actor, recordId);
  allow(actor, 'edit', facts, 'A published record is not changed; withdraw it from publication first');
  const id = randomUUID();
  await tx.insertInto('civic_record_sources').values({ id, record_id: recordId, url: input.url, title: input.title, published_on: input.publishedOn, added_by: actor.userId }).execute();
  await audit(tx, { action: 'civic.record.source', subjectType: 'civic_record', subjectId: recordId, subjectOrgId: actor.orgId, details: { source: id } });
  return { id };
}

export async function addAffected(tx: Tx, actor: Actor, recordId: string, input: NewAffected): Promise<{ id: string }> {
  requireMonitor(actor);
  const { facts } = await recordFacts(tx, actor, recordId);
  allow(actor, 'edit', facts, 'A published record is not changed; withdraw it from publication first');
  const id = randomUUID();
  await tx
    .insertInto('civic_affected_orgs')
    .values({ id, record_id: recordId, name: input.name, description: input.description, women_led: input.womenLed, added_by: actor.userId })
    .execute();
  // The trail names no organisation: only whether it is named.
  await audit(tx, { action: 'civic.record.affected', subjectType: 'civic_record', subjectId: recordId, subjectOrgId: actor.orgId, details: { affected: id, named: input.name !== null } });
  return { id };
}

/** Records that a named organisation consented to publication, and how (e.g. "letter of 3 May from its director"). */
export async function recordConsent(tx: Tx, actor: Actor, recordId: string, affectedId: string, note: string): Promise<void> {
  requireMonitor(actor);
  const { facts } = await recordFacts(tx, actor, recordId);
  allow(actor, 'edit', facts, 'A published record is not changed');
  const a = await tx.selectFrom('civic_affected_orgs').select(['name', 'consent_at']).where('id', '=', affectedId).where('record_id', '=', recordId).executeTakeFirst();
  if (!a) throw new DomainError('not_found');
  if (a.name === null) throw new DomainError('conflict', 'An anonymous organisation is not named, so no consent is asked');
  if (a.consent_at !== null) throw new DomainError('conflict', 'Consent is already recorded');
  await tx.updateTable('civic_affected_orgs').set({ consent_at: new Date(), consent_note: note, consent_recorded_by: actor.userId }).where('id', '=', affectedId).execute();
  await audit(tx, { action: 'civic.record.consent', subjectType: 'civic_record', subjectId: recordId, subjectOrgId: actor.orgId, details: { affected: affectedId } });
}

export async function changeStatus(tx: Tx, actor: Actor, recordId: string, status: 'corroborated' | 'verified'): Promise<void> {
  requireMonitor(actor);
  const { facts } = await recordFacts(tx, actor, recordId);
  if (status === 'corroborated') allow(actor, 'corroborate', facts, `A record is corroborated from unverified, with at least two sources`);
  else allow(actor, 'verify', facts, 'A corroborated record is verified by a second monitor, not the one who entered it');
  // The database records who confirmed, from the transaction.
  await tx.updateTable('civic_records').set({ status }).where('id', '=', recordId).execute();
  await audit(tx, { action: `civic.record.${status === 'corroborated' ? 'corroborate' : 'verify'}`, subjectType: 'civic_record', subjectId: recordId, subjectOrgId: actor.orgId });
}

export async function setPublication(tx: Tx, actor: Actor, recordId: string, published: boolean, now: Date): Promise<void> {
  requireMonitor(actor);
  const { facts } = await recordFacts(tx, actor, recordId);
  if (published) allow(actor, 'publish', facts, 'Only a verified record is published, once every named organisation has consented');
  else allow(actor, 'unpublish', facts, 'The record is not published');
  await tx.updateTable('civic_records').set({ published_at: published ? now : null, published_by: null }).where('id', '=', recordId).execute();
  await audit(tx, { action: published ? 'civic.record.publish' : 'civic.record.withdraw', subjectType: 'civic_record', subjectId: recordId, subjectOrgId: actor.orgId });
  // Those subscribed to the country hear of it once this commits (a job writes the mail).
  if (published) requestAlerts({ event: 'record', id: recordId }, now);
}
