// Instruments of structured professional judgement, as administrators define them. A version is
// never edited: a change writes the next version and supersedes the old one, so every judgement
// keeps the exact factors and scale it was recorded against. Retiring stops new use only.
import type { Tx } from '../../db.ts';
import type { Actor } from '../../platform/auth/actor.ts';
import { audit } from '../../platform/audit/audit.ts';
import { DomainError } from '../../platform/http/errors.ts';
import { can } from '../identity/policy.ts';
import type { InstrumentContent, InstrumentInput, InstrumentView } from './judgement-schema.ts';
import type { InstrumentFactor, InstrumentLevel } from './tables.ts';

type InstrumentRow = {
  id: string;
  family_id: string;
  version: number;
  owner_org_id: string | null;
  name: string;
  description: string;
  factors: InstrumentFactor[];
  levels: InstrumentLevel[];
  status: string;
  created_at: Date;
  retired_at: Date | null;
};

function mayManage(actor: Actor, ownerOrgId: string | null): boolean {
  if (ownerOrgId === null) return actor.roles.includes('platform_admin');
  return ownerOrgId === actor.orgId && actor.roles.includes('org_admin');
}

export function toInstrumentView(actor: Actor, r: InstrumentRow): InstrumentView {
  return {
    id: r.id,
    familyId: r.family_id,
    version: r.version,
    name: r.name,
    description: r.description,
    factors: r.factors as unknown as InstrumentView['factors'],
    levels: r.levels as unknown as InstrumentView['levels'],
    status: r.status as InstrumentView['status'],
    platformWide: r.owner_org_id === null,
    createdAt: r.created_at.toISOString(),
    retiredAt: r.retired_at?.toISOString() ?? null,
    canManage: mayManage(actor, r.owner_org_id),
  };
}

function requireReader(actor: Actor): void {
  if (!can(actor, 'cases.coordinate') && !can(actor, 'cases.work') && !can(actor, 'cases.instruments.manage')) throw new DomainError('forbidden');
}

/** Instruments of the acting organisation and those published platform-wide, every version. */
export async function listInstruments(tx: Tx, actor: Actor): Promise<InstrumentView[]> {
  requireReader(actor);
  const rows = await tx
    .selectFrom('judgement_instruments')
    .selectAll()
    .where((eb) => (actor.orgId ? eb.or([eb('owner_org_id', 'is', null), eb('owner_org_id', '=', actor.orgId)]) : eb('owner_org_id', 'is', null)))
    .orderBy('name')
    .orderBy('family_id')
    .orderBy('version', 'desc')
    .limit(500)
    .execute();
  return rows.map((r) => toInstrumentView(actor, r));
}

/** Stable keys within a version: ratings refer to them. */
function keyed(content: InstrumentContent) {
  return {
    factors: content.factors.map((f, i) => ({ key: `f${i + 1}`, label: f.label, guidance: f.guidance, domain: f.domain })),
    levels: content.levels.map((l, i) => ({ key: `l${i + 1}`, label: l.label, description: l.description })),
  };
}

export async function createInstrument(tx: Tx, actor: Actor, input: InstrumentInput): Promise<{ id: string }> {
  if (!can(actor, 'cases.instruments.manage') || !actor.orgId) throw new DomainError('forbidden');
  const owner = input.scope === 'platform' ? null : actor.orgId;
  if (!mayManage(actor, owner)) throw new DomainError('forbidden', input.scope === 'platform' ? 'Only platform administrators publish platform-wide instruments' : undefined);
  const { factors, levels } = keyed(input);
  const row = await tx
    .insertInto('judgement_instruments')
    .values({ version: 1, owner_org_id: owner, name: input.name, description: input.description, factors: JSON.stringify(factors), levels: JSON.stringify(levels), created_by: actor.userId })
    .returning('id')
    .executeTakeFirstOrThrow();
  await audit(tx, { action: 'judgement.instrument.create', subjectType: 'judgement_instrument', subjectId: row.id, subjectOrgId: owner, details: { version: 1, platformWide: owner === null } });
  return row;
}

/** The instrument version the acting person may manage; not found otherwise. */
async function managed(tx: Tx, actor: Actor, id: string) {
  if (!can(actor, 'cases.instruments.manage')) throw new DomainError('forbidden');
  const row = await tx.selectFrom('judgement_instruments').selectAll().where('id', '=', id).forUpdate().executeTakeFirst();
  if (!row || !mayManage(actor, row.owner_org_id)) throw new DomainError('not_found');
  if (row.status !== 'active') throw new DomainError('conflict', row.status === 'retired' ? 'This instrument is retired' : 'A newer version of this instrument exists');
  return row;
}

export async function newInstrumentVersion(tx: Tx, actor: Actor, id: string, input: InstrumentContent): Promise<{ id: string }> {
  const current = await managed(tx, actor, id);
  await tx.updateTable('judgement_instruments').set({ status: 'superseded' }).where('id', '=', id).execute();
  const { factors, levels } = keyed(input);
  const row = await tx
    .insertInto('judgement_instruments')
    .values({
      family_id: current.family_id,
      version: current.version + 1,
      owner_org_id: current.owner_org_id,
      name: input.name,
      description: input.description,
      factors: JSON.stringify(factors),
      levels: JSON.stringify(levels),
      created_by: actor.userId,
    })
    .returning('id')
    .executeTakeFirstOrThrow();
  await audit(tx, {
    action: 'judgement.instrument.version',
    subjectType: 'judgement_instrument',
    subjectId: row.id,
    subjectOrgId: current.owner_org_id,
    details: { version: current.version + 1, supersedes: id },
  });
  return row;
}

export async function retireInstrument(tx: Tx, actor: Actor, id: string, now: Date): Promise<void> {
  const current = await managed(tx, actor, id);
  await tx.updateTable('judgement_instruments').set({ status: 'retired', retired_at: now }).where('id', '=', id).execute();
  await audit(tx, { action: 'judgement.instrument.retire', subjectType: 'judgement_instrument', subjectId: id, subjectOrgId: current.owner_org_id, details: { version: current.version } });
}
