// Cases: opening one (with the duplicate check of duplicate-check.ts and the identity vault), the
// lists people work from, one case as the acting organisation may see it, revealing identity
// (always audited), and household links.
import { sql } from 'kysely';
import type { Tx } from '../../db.ts';
import type { Actor } from '../../platform/auth/actor.ts';
import { audit } from '../../platform/audit/audit.ts';
import type { Vault, VaultField } from '../../platform/crypto/vault.ts';
import { DomainError } from '../../platform/http/errors.ts';
import { can } from '../identity/policy.ts';
import { accessTo, accessToMany, recordEvent, requireCaseRole, requireLeadCoordinator, requireSection, type CaseAccess } from './access.ts';
import { checksAcrossAgencies, countChecks, probeRecord, probesOf, raiseDuplicateNotices, visibleMatches, type VisibleMatch } from './duplicate-check.ts';
import { overdueCount } from './plan.ts';
import {
  AGE_BANDS,
  CATEGORIES,
  LEGAL_STATUSES,
  RELATIONS,
  SEXES,
  TEAM_ROLES,
  LIST_COUNT_BOUND,
  type CaseDetail,
  type CaseListPage,
  type CaseListQuery,
  type CaseSummary,
  type CrossAgencyCheck,
  type IdentityInput,
  type NewCaseInput,
} from './schema.ts';

const pick = <T extends string>(values: readonly T[], v: string, fallback: T): T => values.find((x) => x === v) ?? fallback;

/** `count` consecutive case numbers of the jurisdiction and year, taken in one statement. */
async function allocateCaseNumbers(tx: Tx, jurisdiction: string, now: Date, count: number): Promise<string[]> {
  const year = now.getUTCFullYear();
  const { rows } = await sql<{ last: number }>`
    INSERT INTO case_number_counters (jurisdiction, year, last) VALUES (${jurisdiction}, ${year}, ${count})
    ON CONFLICT (jurisdiction, year) DO UPDATE SET last = case_number_counters.last + ${count}
    RETURNING last`.execute(tx);
  const last = rows[0]!.last;
  return Array.from({ length: count }, (_, i) => `${jurisdiction}-${year}-${String(last - count + 1 + i).padStart(5, '0')}`);
}

/** The identity fields given, as (field, value) pairs in vault order. */
export function identityValues(identity: IdentityInput): Array<[VaultField, string]> {
  const out: Array<[VaultField, string]> = [];
  if (identity.legalName) out.push(['legal_name', identity.legalName]);
  if (identity.birthDate) out.push(['birth_date', identity.birthDate]);
  for (const d of identity.documentNumbers) out.push(['document_number', d]);
  if (identity.address) out.push(['address', identity.address]);
  for (const p of identity.phones) out.push(['phone', p]);
  return out;
}

export async function storeIdentity(tx: Tx, vault: Vault, caseId: string, identity: IdentityInput): Promise<void> {
  const values = identityValues(identity);
  if (values.length === 0) return;
  await tx
    .insertInto('case_identity')
    .values(values.map(([field, value]) => ({ case_id: caseId, field, sealed: vault.seal(caseId, field, value), blind_index: vault.blindIndex(field, value) })))
    .execute();
}

export type CreateCaseOutcome =
  | { kind: 'created'; id: string; caseNumber: string; crossAgencyCheck: CrossAgencyCheck }
  | { kind: 'possible_duplicates'; matches: VisibleMatch[] };

/**
 * Opens a case. First the possible duplicates the agency may see (unless the coordinator has
 * checked them and confirms): any, and nothing is opened, the coordinator is shown them. Then,
 * when the identity holds a name or a document number, the check across agencies: counted
 * against the person's daily limit, and made by the database once the case exists, answering
 * nothing (see duplicate-check.ts). `crossAgencyCheck` says only whether there was anything to
 * check — a fact of the input, the same whatever other agencies hold.
 */
export async function createCase(tx: Tx, actor: Actor, vault: Vault, input: NewCaseInput, now: Date, checksPerDay: number): Promise<CreateCaseOutcome> {
  if (!can(actor, 'cases.coordinate') || !actor.orgId) throw new DomainError('forbidden');
  const probes = probesOf(vault, input.identity);
  if (!input.confirmNotDuplicate && probes.length > 0) {
    const matches = await visibleMatches(tx, probes);
    if (matches.length > 0) {
      // Nothing is opened; the look-up itself is kept in the trail (it showed cases by identity).
      await audit(tx, { action: 'case.duplicate_check', subjectOrgId: actor.orgId, details: { opened: false, own_matches: matches.length, probes: probeRecord(probes) } });
      return { kind: 'possible_duplicates', matches };
    }
  }
  const acrossAgencies = checksAcrossAgencies(input.identity);
  if (acrossAgencies) await countChecks(tx, actor, 1, checksPerDay, now, 'open');
  const [opened] = await insertCases(tx, actor, vault, [input], now, 'case.opened');
  const { id, caseNumber } = opened!;
  if (acrossAgencies) {
    await raiseDuplicateNotices(tx, [id]);
    await audit(tx, {
      action: 'case.duplicate_check',
      subjectType: 'case',
      subjectId: id,
      subjectOrgId: actor.orgId,
      details: { opened: true, across_agencies: true, duplicate_confirmed: input.confirmNotDuplicate, probes: probeRecord(probes) },
    });
  }
  await audit(tx, {
    action: 'case.create',
    subjectType: 'case',
    subjectId: id,
    subjectOrgId: actor.orgId,
    details: { identity_fields: identityValues(input.identity).map(([f]) => f), duplicate_confirmed: input.confirmNotDuplicate },
  });
  return { kind: 'created', id, caseNumber, crossAgencyCheck: acrossAgencies ? 'checked' : 'nothing_to_check' };
}

/**
 * Opens cases led by the acting organisation, in as few statements as possible (an import opens
 * hundreds at a time): numbers, cases, their sealed identity and the first line of each timeline.
 * The caller has checked the policy and duplicates, and writes the audit event.
 */
export async function insertCases(
  tx: Tx,
  actor: Actor,
  vault: Vault,
  inputs: NewCaseInput[],
  now: Date,
  event: 'case.opened' | 'case.imported',
  eventData: Record<string, unknown> = {},
): Promise<Array<{ id: string; caseNumber: string }>> {
  if (inputs.length === 0) return [];
  const org = await tx.selectFrom('organisations').select('country').where('id', '=', actor.orgId!).executeTakeFirstOrThrow();
  const numbers = await allocateCaseNumbers(tx, org.country, now, inputs.length);
  const created = await tx
    .insertInto('cases')
    .values(
      inputs.map((input, i) => ({
        jurisdiction: org.country,
        case_number: numbers[i]!,
        alias: input.alias,
        sex: input.sex,
        age_band: input.ageBand,
        birth_year: input.birthYear,
        nationality: input.nationality,
        category: input.category,
        legal_status: input.legalStatus,
        region: input.region,
        languages: input.languages,
        lead_org_id: actor.orgId!,
        created_by: actor.userId,
      })),
    )
    .returning(['id', 'case_number'])
    .execute();
  const idOf = new Map(created.map((c) => [c.case_number, c.id]));
  const ids = numbers.map((n) => idOf.get(n)!);
  const sealed = inputs.flatMap((input, i) =>
    identityValues(input.identity).map(([field, value]) => ({ case_id: ids[i]!, field, sealed: vault.seal(ids[i]!, field, value), blind_index: vault.blindIndex(field, value) })),
  );
  if (sealed.length > 0) await tx.insertInto('case_identity').values(sealed).execute();
  await tx
    .insertInto('case_events')
    .values(ids.map((id, i) => ({ case_id: id, kind: event, section: null, data: JSON.stringify({ case_number: numbers[i], ...eventData }) })))
    .execute();
  return ids.map((id, i) => ({ id, caseNumber: numbers[i]! }));
}

type SummaryRow = {
  id: string;
  case_number: string;
  alias: string;
  sex: string;
  age_band: string;
  category: string;
  region: string | null;
  status: string;
  lead_org_id: string;
  lead_org_name: string;
  opened_on: string;
  updated_at: Date;
  relation: string;
};

function summary(r: SummaryRow): CaseSummary {
  return {
    id: r.id,
    caseNumber: r.case_number,
    alias: r.alias,
    sex: pick(SEXES, r.sex, 'unknown'),
    ageBand: pick(AGE_BANDS, r.age_band, '18-24'),
    category: pick(CATEGORIES, r.category, 'adult_returnee'),
    region: r.region,
    status: pick(['open', 'closed', 'anonymised'] as const, r.status, 'open'),
    leadOrgId: r.lead_org_id,
    leadOrgName: r.lead_org_name,
    openedOn: r.opened_on,
    updatedAt: r.updated_at.toISOString(),
    relation: pick(['lead', 'team', 'offered', 'oversight', 'break_glass'] as const, r.relation, 'team'),
  };
}

/**
 * Cases the acting organisation leads or serves, with filters, a page at a time (keyset: newest
 * change first, then by id). Read from case_list, the list's own index (migration 0071): a page
 * is a range scan of its entries along the index matching the filters, whose row-level security
 * lets the organisation read its own entries only, and a team entry only while need to know
 * allows. The total is counted up to LIST_COUNT_BOUND entries, never further.
 */
export async function listCases(tx: Tx, actor: Actor, q: CaseListQuery): Promise<CaseListPage> {
  requireCaseRole(actor);
  const orgId = actor.orgId!;
  const filtered = () => {
    let s = tx.selectFrom('case_list as i').where('i.org_id', '=', orgId);
    if (q.q) {
      const like = `%${q.q.replace(/[\\%_]/g, '\\$&')}%`;
      // The matching entries found through the trigram or prefix indexes (migrations 0072, 0074),
      // then read by key under row-level security like any other. As an array, found once per
      // statement before the entries are read: as `IN (SELECT …)` the planner, not knowing how
      // many a search finds, could join it the other way round and call it once per entry of the
      // organisation (a page of 3,000 matches took 9 s on the embedded database), or join it
      // with a scan of every entry and probe need to know on each.
      s = s.where(sql<boolean>`i.case_id = ANY (ARRAY(SELECT tandem_case_search(${like})))`);
    }
    if (q.status) s = s.where('i.status', '=', q.status);
    if (q.category) s = s.where('i.category', '=', q.category);
    if (q.sex) s = s.where('i.sex', '=', q.sex);
    if (q.ageBand) s = s.where('i.age_band', '=', q.ageBand);
    if (q.region) s = s.where('i.region', '=', q.region);
    if (q.relation) s = s.where('i.relation', '=', q.relation);
    return s;
  };
  const cursor = q.after ?? q.before;
  const backwards = q.before !== undefined;
  let pageQuery = filtered().select([
    'i.case_id as id',
    'i.case_number',
    'i.alias',
    'i.sex',
    'i.age_band',
    'i.category',
    'i.region',
    'i.status',
    'i.lead_org_id',
    'i.opened_on',
    'i.updated_at',
    'i.relation',
    sql<string>`to_char(i.updated_at AT TIME ZONE 'UTC', 'YYYY-MM-DD"T"HH24:MI:SS.US') || '~' || i.case_id`.as('position'),
  ]);
  if (cursor) {
    const [at, id] = cursor.split('~') as [string, string];
    const key = sql`(${at}::timestamp AT TIME ZONE 'UTC', ${id}::uuid)`;
    pageQuery = pageQuery.where(backwards ? sql<boolean>`(i.updated_at, i.case_id) > ${key}` : sql<boolean>`(i.updated_at, i.case_id) < ${key}`);
  }
  const direction = backwards ? 'asc' : 'desc';
  const [fetched, counted] = await Promise.all([
    pageQuery.orderBy('i.updated_at', direction).orderBy('i.case_id', direction).limit(q.limit + 1).execute(),
    tx
      .selectFrom(filtered().select(sql`1`.as('one')).limit(LIST_COUNT_BOUND + 1).as('m'))
      .select(sql<string>`count(*)`.as('n'))
      .executeTakeFirstOrThrow(),
  ]);
  const more = fetched.length > q.limit;
  const rows = fetched.slice(0, q.limit);
  if (backwards) rows.reverse();
  // Row-level security chose the team's cases; the application decides again, from the facts, for
  // the page it shows (a case both walls do not agree on is not shown).
  const teamIds = rows.filter((r) => r.relation === 'team').map((r) => r.id);
  const decided = teamIds.length > 0 ? await accessToMany(tx, actor, teamIds) : new Map<string, CaseAccess>();
  const page = rows.flatMap((r) => {
    if (r.relation !== 'team') return [r];
    const d = decided.get(r.id);
    return d && d.sections.length > 0 ? [{ ...r, relation: d.relation }] : [];
  });
  // The lead agencies' names for the page only (joining them for every case costs more than the list).
  const leadIds = [...new Set(page.map((r) => r.lead_org_id))];
  const names = new Map(
    leadIds.length ? (await tx.selectFrom('organisations').select(['id', 'name']).where('id', 'in', leadIds).execute()).map((o) => [o.id, o.name]) : [],
  );
  const n = Number(counted.n);
  const first = rows[0]?.position ?? null;
  const last = rows.at(-1)?.position ?? null;
  await audit(tx, {
    action: 'case.list',
    subjectOrgId: orgId,
    details: { shown: page.length, filters: { ...q, q: q.q ? '[search]' : undefined, after: undefined, before: undefined } },
  });
  return {
    cases: page.map((r) => summary({ ...r, lead_org_name: names.get(r.lead_org_id) ?? '—' })),
    total: Math.min(n, LIST_COUNT_BOUND),
    totalCapped: n > LIST_COUNT_BOUND,
    // Forwards, a next page exists if one more entry was found; a previous one if we came from
    // a cursor. Backwards, the other way round.
    next: backwards ? last : more ? last : null,
    previous: backwards ? (more ? first : null) : cursor ? first : null,
  };
}

export async function getCase(tx: Tx, actor: Actor, caseId: string, now: Date = new Date()): Promise<CaseDetail> {
  const access = await accessTo(tx, actor, caseId);
  if (access.relation === 'offered') return offeredCase(tx, actor, access);
  const c = await tx
    .selectFrom('cases as c')
    .innerJoin('organisations as o', 'o.id', 'c.lead_org_id')
    .selectAll('c')
    .select('o.name as lead_org_name')
    .where('c.id', '=', caseId)
    .executeTakeFirstOrThrow();
  const team =
    access.sections.length > 0
      ? await tx
          .selectFrom('case_team as t')
          .innerJoin('organisations as o', 'o.id', 't.org_id')
          .select(['t.org_id', 'o.name', 't.team_role', 't.sections'])
          .where('t.case_id', '=', caseId)
          .where('t.left_at', 'is', null)
          .orderBy('o.name')
          .execute()
      : [];
  const lead = access.leadOrgId === actor.orgId && can(actor, 'cases.coordinate') && c.status !== 'anonymised';
  await audit(tx, { action: 'case.read', subjectType: 'case', subjectId: caseId, subjectOrgId: c.lead_org_id, details: { sections: access.sections, relation: access.relation } });
  return {
    ...summary({ ...c, lead_org_name: c.lead_org_name, relation: access.relation }),
    birthYear: c.birth_year,
    nationality: c.nationality,
    legalStatus: pick(LEGAL_STATUSES, c.legal_status, 'none'),
    languages: c.languages,
    closedOn: c.closed_on,
    closureReason: c.closure_reason,
    sections: access.sections,
    team: [
      { orgId: c.lead_org_id, orgName: c.lead_org_name, role: 'lead' as const, sections: [] },
      ...team.map((t) => ({ orgId: t.org_id, orgName: t.name, role: pick(TEAM_ROLES, t.team_role, 'support'), sections: t.sections })),
    ],
    can: {
      edit: lead,
      refer: lead,
      recordConsent: lead,
      assess: access.sections.includes('needs_assessment') && c.status === 'open',
      note: (access.sections.includes('other_notes') || access.sections.includes('psychosocial_notes')) && c.status === 'open',
      summarise: access.relation === 'lead' || access.relation === 'team',
      exportSubjectAccess: lead,
    },
    overdueActions: await overdueCount(tx, access, now),
  };
}

/** A case offered to the acting organisation: its header and who leads it, nothing more. */
async function offeredCase(tx: Tx, actor: Actor, access: CaseAccess): Promise<CaseDetail> {
  const { rows } = await sql<{ alias: string; sex: string; age_band: string; category: string; region: string | null; status: string }>`
    SELECT alias, sex, age_band, category, region, status FROM tandem_offered_case_headers(${[access.caseId]}::uuid[])`.execute(tx);
  const h = rows[0];
  if (!h) throw new DomainError('not_found');
  const leadName = (await tx.selectFrom('organisations').select('name').where('id', '=', access.leadOrgId).executeTakeFirst())?.name ?? '—';
  await audit(tx, { action: 'case.read', subjectType: 'case', subjectId: access.caseId, subjectOrgId: access.leadOrgId, details: { sections: [], relation: 'offered' } });
  return {
    id: access.caseId,
    caseNumber: null,
    alias: h.alias,
    sex: pick(SEXES, h.sex, 'unknown'),
    ageBand: pick(AGE_BANDS, h.age_band, '18-24'),
    category: pick(CATEGORIES, h.category, 'adult_returnee'),
    region: h.region,
    status: pick(['open', 'closed', 'anonymised'] as const, h.status, 'open'),
    leadOrgId: access.leadOrgId,
    leadOrgName: leadName,
    openedOn: null,
    updatedAt: null,
    relation: 'offered',
    birthYear: null,
    nationality: null,
    legalStatus: null,
    languages: [],
    closedOn: null,
    closureReason: null,
    sections: [],
    team: [],
    can: { edit: false, refer: false, recordConsent: false, assess: false, note: false, summarise: false, exportSubjectAccess: false },
    overdueActions: null,
  };
}

/** The identifying data, decrypted for a role that may see it; every reveal is audited. */
export async function revealIdentity(tx: Tx, actor: Actor, vault: Vault, caseId: string) {
  const access = await accessTo(tx, actor, caseId);
  requireSection(access, 'identity');
  const rows = await tx.selectFrom('case_identity').select(['field', 'sealed', 'section']).where('case_id', '=', caseId).orderBy('created_at').execute();
  const open = (field: VaultField) => rows.filter((r) => r.field === field).map((r) => vault.open(caseId, field, r.sealed));
  const view = {
    legalName: open('legal_name')[0] ?? null,
    birthDate: open('birth_date')[0] ?? null,
    documentNumbers: open('document_number'),
    address: access.sections.includes('contact') ? (open('address')[0] ?? null) : null,
    phones: access.sections.includes('contact') ? open('phone') : [],
  };
  await audit(tx, {
    action: 'case.identity.reveal',
    subjectType: 'case',
    subjectId: caseId,
    subjectOrgId: access.leadOrgId,
    details: { fields: rows.map((r) => r.field), relation: access.relation },
  });
  return view;
}

export async function household(tx: Tx, actor: Actor, caseId: string) {
  const access = await accessTo(tx, actor, caseId);
  requireSection(access, 'household');
  // Related people are named by case number and alias; their own case shows only to those who may see it.
  const { rows } = await sql<{ case_id: string; case_number: string; alias: string; age_band: string; sex: string; relation: string; visible: boolean }>`
    SELECT l.related_case_id AS case_id, r.case_number, r.alias, r.age_band, r.sex, l.relation, r.visible
    FROM household_links l
    CROSS JOIN LATERAL tandem_household_member(l.related_case_id) r
    WHERE l.case_id = ${caseId}
    ORDER BY l.relation, r.alias`.execute(tx);
  return {
    links: rows.map((r) => ({
      caseId: r.case_id,
      caseNumber: r.case_number,
      alias: r.alias,
      ageBand: pick(AGE_BANDS, r.age_band, '18-24'),
      sex: pick(SEXES, r.sex, 'unknown'),
      relation: pick(RELATIONS, r.relation, 'other_relative'),
      visible: r.visible,
    })),
  };
}

const INVERSE: Record<(typeof RELATIONS)[number], (typeof RELATIONS)[number]> = {
  mother: 'child',
  father: 'child',
  child: 'other_relative',
  sibling: 'sibling',
  guardian: 'ward',
  ward: 'guardian',
  spouse: 'spouse',
  other_relative: 'other_relative',
};

/** Links two cases of the same lead agency as family; the reverse link is recorded too. */
export async function linkHousehold(tx: Tx, actor: Actor, caseId: string, relatedCaseNumber: string, relation: (typeof RELATIONS)[number]) {
  const access = await accessTo(tx, actor, caseId);
  requireLeadCoordinator(actor, access);
  const related = await tx.selectFrom('cases').select(['id', 'lead_org_id']).where('case_number', '=', relatedCaseNumber).executeTakeFirst();
  if (!related || related.lead_org_id !== actor.orgId || related.id === caseId) throw new DomainError('not_found', 'No case of your agency has this number');
  // "child" is ambiguous in reverse (mother or father): the reverse of child is recorded as the
  // parent only when the coordinator links from the child's side.
  await tx.insertInto('household_links').values({ case_id: caseId, related_case_id: related.id, relation }).onConflict((oc) => oc.columns(['case_id', 'related_case_id']).doUpdateSet({ relation })).execute();
  await tx
    .insertInto('household_links')
    .values({ case_id: related.id, related_case_id: caseId, relation: INVERSE[relation] })
    .onConflict((oc) => oc.columns(['case_id', 'related_case_id']).doNothing())
    .execute();
  await recordEvent(tx, caseId, 'household.linked', 'household', { related: relatedCaseNumber, relation });
  await audit(tx, { action: 'case.household.link', subjectType: 'case', subjectId: caseId, subjectOrgId: actor.orgId, details: { related: related.id, relation } });
}

export type { CaseAccess };
