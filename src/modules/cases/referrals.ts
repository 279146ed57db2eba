// Referrals to partner organisations' services, and the sessions of those services. A referral
// names the categories of data it shares; it is refused, naming what is missing, without a valid
// consent (or legal basis) and an agreement in force that cover them. The receiving organisation
// accepts (joining the case team, seeing just those sections) or declines with a reason.
import { sql } from 'kysely';
import type { Tx } from '../../db.ts';
import type { Actor } from '../../platform/auth/actor.ts';
import { audit } from '../../platform/audit/audit.ts';
import { DomainError, type FieldError } from '../../platform/http/errors.ts';
import { sharingAllowed } from '../orgs/agreements.ts';
import { NEED_DOMAINS } from '../orgs/schema.ts';
import { accessTo, accessToMany, recordEvent, requireCaseRole, requireLeadCoordinator, requireSection, type CaseAccess } from './access.ts';
import { caseHeaders } from './case-headers.ts';
import { consentedCategories } from './consents.ts';
import {
  AGE_BANDS,
  ATTENDANCE,
  CATEGORIES,
  INBOX_GROUPS,
  INBOX_PAGE,
  LIST_COUNT_BOUND,
  OUTCOMES,
  REFERRAL_STATUSES,
  SECTIONS,
  SEXES,
  type InboxGroupPage,
  type InboxPage,
  type InboxQuery,
  type ReferralInput,
  type ReferralView,
  type Section,
} from './schema.ts';

const pick = <T extends string>(values: readonly T[], v: string | null, fallback: T): T => values.find((x) => x === v) ?? fallback;
const today = (now: Date) => now.toISOString().slice(0, 10);

export async function proposeReferral(tx: Tx, actor: Actor, caseId: string, input: ReferralInput, answerDays: number, now: Date) {
  const access = await accessTo(tx, actor, caseId);
  requireLeadCoordinator(actor, access);
  if (input.toOrgId === access.leadOrgId) {
    throw new DomainError('validation_failed', undefined, [{ path: 'body.toOrgId', message: 'is the lead agency itself', code: 'own_organisation' }]);
  }
  const target = await tx.selectFrom('organisations').select('id').where('id', '=', input.toOrgId).executeTakeFirst();
  if (!target) throw new DomainError('not_found', 'The organisation was not found');

  const consented = await consentedCategories(tx, caseId, input.toOrgId, now);
  const noConsent = input.dataCategories.filter((c) => !consented.has(c));
  const sharing = await sharingAllowed(tx, access.leadOrgId, input.toOrgId, input.dataCategories, now);
  if (noConsent.length > 0 || !sharing.allowed) {
    const missing = [
      ...(noConsent.length ? [`a valid consent or legal basis for: ${noConsent.join(', ')}`] : []),
      ...(!sharing.allowed ? [`a partnership agreement in force covering: ${sharing.missingCategories.join(', ')}`] : []),
    ];
    throw new DomainError('unprocessable', `This referral needs ${missing.join('; and ')}`, [
      ...noConsent.map((category): FieldError => ({ path: 'body.dataCategories', message: `no valid consent or legal basis covers ${category}`, code: 'consent_missing', params: { category } })),
      ...(!sharing.allowed
        ? sharing.missingCategories.map((category): FieldError => ({ path: 'body.dataCategories', message: `no partnership agreement in force covers ${category}`, code: 'agreement_missing', params: { category } }))
        : []),
    ]);
  }
  const due = new Date(now.getTime() + answerDays * 86_400_000);
  const referral = await tx
    .insertInto('referrals')
    .values({
      case_id: caseId,
      from_org_id: access.leadOrgId,
      to_org_id: input.toOrgId,
      need_domain: input.needDomain,
      service: input.service,
      reason: input.reason,
      data_categories: input.dataCategories,
      agreement_id: sharing.agreementId,
      answer_due_on: today(due),
      created_by: actor.userId,
    })
    .returning('id')
    .executeTakeFirstOrThrow();
  await recordEvent(tx, caseId, 'referral.proposed', 'referrals_services', { referral: referral.id, to: input.toOrgId, service: input.service });
  await audit(tx, {
    action: 'case.referral.propose',
    subjectType: 'referral',
    subjectId: referral.id,
    subjectOrgId: access.leadOrgId,
    details: { case: caseId, to: input.toOrgId, categories: input.dataCategories, agreement: sharing.agreementId },
  });
  return { id: referral.id };
}

/**
 * Referrals with their case and the organisations' names, in three statements: the referrals,
 * then their cases and organisations by key. Joined in one statement, PostgreSQL scans every
 * case through row-level security to build a hash table (about 100 ms at 100,000 cases); by key
 * it reads only the cases on the page. A case offered to the acting organisation gives its
 * header only (no case number). A referral whose case one may no longer see is left out.
 */
async function referralRows(tx: Tx, where: (q: ReturnType<typeof referralBase>) => ReturnType<typeof referralBase>) {
  return withCases(tx, await where(referralBase(tx)).execute());
}

type BaseRow = Awaited<ReturnType<ReturnType<typeof referralBase>['execute']>>[number];

/** Referrals' cases and organisations, read by key in one statement each for all of them. */
async function withCases(tx: Tx, refs: BaseRow[]) {
  if (refs.length === 0) return [];
  const caseIds = [...new Set(refs.map((r) => r.case_id))];
  const orgIds = [...new Set(refs.flatMap((r) => [r.from_org_id, r.to_org_id]))];
  const [caseById, orgs, sessions] = await Promise.all([
    caseHeaders(tx, caseIds),
    tx.selectFrom('organisations').select(['id', 'name']).where('id', 'in', orgIds).execute(),
    sessionsOf(tx, refs),
  ]);
  const name = new Map(orgs.map((o) => [o.id, o.name]));
  return refs.flatMap((r) => {
    const c = caseById.get(r.case_id);
    if (!c) return [];
    const { id: _caseId, ...facts } = c;
    const s = sessions.get(r.id);
    return [{ ...r, ...facts, from_name: name.get(r.from_org_id) ?? '—', to_name: name.get(r.to_org_id) ?? '—', sessions: s?.sessions ?? 0, last_session_on: s?.last_on ?? null }];
  });
}

/**
 * How many of each referral's service sessions the organisation may read, and the last one's
 * date: one statement for all of them (migration 0074: need to know asked once for the cases of
 * the page under the sessions' own rule, instead of the policy on every session row). Sessions are recorded on
 * accepted referrals only (service_sessions_insert), so those still waiting are not asked about.
 */
async function sessionsOf(tx: Tx, refs: BaseRow[]): Promise<Map<string, { sessions: number; last_on: string | null }>> {
  const ids = refs.filter((r) => r.status !== 'proposed').map((r) => r.id);
  if (ids.length === 0) return new Map();
  const { rows } = await sql<{ referral: string; sessions: number; last_on: string | null }>`
    SELECT referral, sessions, last_on::text AS last_on FROM tandem_referral_sessions_of(${ids}::uuid[])`.execute(tx);
  return new Map(rows.map((r) => [r.referral, { sessions: Number(r.sessions), last_on: r.last_on }]));
}

type ReferralRow = Awaited<ReturnType<typeof referralRows>>[number];

function referralBase(tx: Tx) {
  return tx
    .selectFrom('referrals as r')
    .select([
      'r.id',
      'r.case_id',
      'r.from_org_id',
      'r.to_org_id',
      'r.need_domain',
      'r.service',
      'r.reason',
      'r.data_categories',
      'r.status',
      'r.answer_due_on',
      'r.decline_reason',
      'r.outcome',
      'r.outcome_notes',
      'r.created_at',
    ])
    // The referral's place in the inbox's order, for keyset pagination (see listCursor).
    .select(sql<string>`to_char(r.created_at AT TIME ZONE 'UTC', 'YYYY-MM-DD"T"HH24:MI:SS.US') || '~' || r.id`.as('position'));
}

function view(r: ReferralRow, now: Date): ReferralView {
  const status = pick(REFERRAL_STATUSES, r.status, 'proposed');
  return {
    id: r.id,
    caseId: r.case_id,
    caseNumber: r.case_number,
    alias: r.alias,
    sex: pick(SEXES, r.sex, 'unknown'),
    ageBand: pick(AGE_BANDS, r.age_band, '18-24'),
    category: pick(CATEGORIES, r.category, 'adult_returnee'),
    region: r.region,
    fromOrgId: r.from_org_id,
    fromOrgName: r.from_name,
    toOrgId: r.to_org_id,
    toOrgName: r.to_name,
    needDomain: pick(NEED_DOMAINS, r.need_domain, 'psychosocial'),
    service: r.service,
    reason: r.reason,
    dataCategories: r.data_categories.filter((c): c is Section => (SECTIONS as readonly string[]).includes(c)),
    status,
    answerDueOn: r.answer_due_on,
    overdue: status === 'proposed' && r.answer_due_on < today(now),
    declineReason: r.decline_reason,
    outcome: r.outcome ? pick(OUTCOMES, r.outcome, 'completed') : null,
    outcomeNotes: r.outcome_notes,
    createdAt: r.created_at.toISOString(),
    sessions: r.sessions,
    lastSessionOn: r.last_session_on,
  };
}

const GROUP_STATUSES = { waiting: ['proposed'], active: ['accepted'], past: ['closed', 'declined', 'withdrawn'] } as const;

/**
 * Referrals sent to the acting organisation, in three groups paged on their own, newest first:
 * waiting for an answer, in progress, earlier. Without a group, the first page of each. A page
 * is read along the (to_org_id, status, created_at) index from its cursor; each group's total is
 * counted up to LIST_COUNT_BOUND. One answered is shown while some section of its case is open to
 * the organisation (after a consent is withdrawn, its reason — which describes the person — is
 * no longer the receiver's to read): row-level security leaves it out, and so does the
 * application, from the facts.
 */
export async function referralInbox(tx: Tx, actor: Actor, now: Date, q: InboxQuery = { limit: INBOX_PAGE }): Promise<InboxPage> {
  requireCaseRole(actor);
  const org = actor.orgId!;
  const groups = q.group ? [q.group] : INBOX_GROUPS;
  const cursor = q.after ?? q.before;
  const backwards = q.before !== undefined;
  const direction = backwards ? 'asc' : 'desc';
  let at: string | null = null;
  let id: string | null = null;
  if (cursor) [at, id] = cursor.split('~') as [string, string];
  // Each group's page found along the inbox's index by tandem_referral_inbox (migration 0073:
  // the caller's organisation, under the referrals' policy for a receiver, stopping at the
  // page's end), then read by key under row-level security like any other; every group's total
  // counted the same way up to its bound, in one statement.
  const fetched: BaseRow[][] = [];
  for (const group of groups) {
    const statuses = [...GROUP_STATUSES[group]];
    const ids = sql`ARRAY(SELECT tandem_referral_inbox(${statuses}::text[], ${at}::timestamp AT TIME ZONE 'UTC', ${id}::uuid, ${backwards}, ${q.limit + 1}))`;
    fetched.push(
      await referralBase(tx)
        .where('r.to_org_id', '=', org)
        .where(sql<boolean>`r.id = ANY (${ids})`)
        .orderBy('r.created_at', direction)
        .orderBy('r.id', direction)
        .execute(),
    );
  }
  const counts = sql.join(groups.map((g) => sql`tandem_referral_inbox_count(${[...GROUP_STATUSES[g]]}::text[], ${LIST_COUNT_BOUND})`));
  const counted = (await sql<{ n: number[] }>`SELECT ARRAY[${counts}] AS n`.execute(tx)).rows[0]!.n;
  const pageRows = fetched.map((rows) => {
    const page = rows.slice(0, q.limit);
    if (backwards) page.reverse();
    return page;
  });
  // Cases, organisations and what the organisation may still see of the answered ones: once for
  // all groups. One answered is shown while some section of its case is open to the organisation.
  const decorated = new Map((await withCases(tx, pageRows.flat())).map((r) => [r.id, r]));
  const answered = [...new Set(pageRows.flat().filter((r) => r.status !== 'proposed').map((r) => r.case_id))];
  const access = answered.length > 0 ? await accessToMany(tx, actor, answered) : new Map<string, CaseAccess>();
  const referrals: ReferralView[] = [];
  const pages: InboxGroupPage[] = [];
  groups.forEach((group, g) => {
    const rows = pageRows[g]!;
    const more = fetched[g]!.length > q.limit;
    referrals.push(
      ...rows
        .filter((r) => r.status === 'proposed' || (access.get(r.case_id)?.sections.length ?? 0) > 0)
        .flatMap((r) => {
          const d = decorated.get(r.id);
          return d ? [view(d, now)] : [];
        }),
    );
    const n = Number(counted[g]);
    const first = rows[0]?.position ?? null;
    const last = rows.at(-1)?.position ?? null;
    pages.push({
      group,
      total: Math.min(n, LIST_COUNT_BOUND),
      totalCapped: n > LIST_COUNT_BOUND,
      next: backwards ? last : more ? last : null,
      previous: backwards ? (more ? first : null) : cursor ? first : null,
    });
  });
  await audit(tx, { action: 'case.referral.inbox', subjectOrgId: org, details: { shown: referrals.length, group: q.group ?? null } });
  return { referrals, groups: pages };
}

export async function caseReferrals(tx: Tx, actor: Actor, caseId: string, now: Date): Promise<ReferralView[]> {
  const access = await accessTo(tx, actor, caseId);
  if (access.relation !== 'offered') requireSection(access, 'referrals_services');
  const rows = await referralRows(tx, (q) => q.where('r.case_id', '=', caseId).orderBy('r.created_at', 'desc'));
  return rows.map((r) => view(r, now));
}

export async function answerReferral(tx: Tx, actor: Actor, referralId: string, answer: { decision: 'accept' } | { decision: 'decline'; reason: string }) {
  requireCaseRole(actor);
  const r = await tx.selectFrom('referrals').selectAll().where('id', '=', referralId).executeTakeFirst();
  if (!r || r.to_org_id !== actor.orgId) throw new DomainError('not_found');
  if (r.status !== 'proposed') throw new DomainError('conflict', 'This referral was answered already');
  // The line on the case's timeline first: once declined, the case is no longer the organisation's to write to.
  if (answer.decision === 'decline') await recordEvent(tx, r.case_id, 'referral.declined', 'referrals_services', { referral: referralId, reason: answer.reason });
  // The answer is one step in the database: declining records the reason; accepting also adds the
  // organisation's team place from the referral (the sections it named, narrowed at every query
  // to what consents and agreements in force cover). See migration 0035.
  const accept = answer.decision === 'accept';
  const { rows: answered } = await sql<{ case_id: string | null }>`
    SELECT tandem_answer_referral(${referralId}::uuid, ${accept}, ${accept ? null : answer.reason}) AS case_id`.execute(tx);
  if (!answered[0]?.case_id) throw new DomainError('not_found');
  if (!accept) {
    await audit(tx, { action: 'case.referral.decline', subjectType: 'referral', subjectId: referralId, subjectOrgId: r.from_org_id, details: { case: r.case_id } });
    return;
  }
  await tx.insertInto('case_workers').values({ case_id: r.case_id, user_id: actor.userId, org_id: actor.orgId! }).onConflict((oc) => oc.columns(['case_id', 'user_id']).doNothing()).execute();
  await recordEvent(tx, r.case_id, 'referral.accepted', 'referrals_services', { referral: referralId });
  await audit(tx, { action: 'case.referral.accept', subjectType: 'referral', subjectId: referralId, subjectOrgId: r.from_org_id, details: { case: r.case_id } });
}

export async function withdrawReferral(tx: Tx, actor: Actor, caseId: string, referralId: string, now: Date) {
  const access = await accessTo(tx, actor, caseId);
  requireLeadCoordinator(actor, access);
  const result = await tx
    .updateTable('referrals')
    .set({ status: 'withdrawn', decided_at: now, decided_by: actor.userId })
    .where('id', '=', referralId)
    .where('case_id', '=', caseId)
    .where('status', '=', 'proposed')
    .executeTakeFirst();
  if (result.numUpdatedRows === 0n) throw new DomainError('not_found');
  await recordEvent(tx, caseId, 'referral.withdrawn', 'referrals_services', { referral: referralId });
  await audit(tx, { action: 'case.referral.withdraw', subjectType: 'referral', subjectId: referralId, subjectOrgId: access.leadOrgId });
}

export async function recordSession(
  tx: Tx,
  actor: Actor,
  referralId: string,
  input: { sessionOn: string; attendance: (typeof ATTENDANCE)[number]; notes: Array<{ section: 'psychosocial_notes' | 'other_notes'; body: string; shared: boolean }> },
) {
  requireCaseRole(actor);
  const r = await tx.selectFrom('referrals').select(['case_id', 'to_org_id', 'from_org_id', 'status']).where('id', '=', referralId).executeTakeFirst();
  if (!r || r.to_org_id !== actor.orgId) throw new DomainError('not_found');
  if (r.status !== 'accepted') throw new DomainError('conflict', 'Sessions are recorded on an accepted referral');
  const access = await accessTo(tx, actor, r.case_id);
  requireSection(access, 'referrals_services');
  for (const n of input.notes) requireSection(access, n.section);
  if (access.status !== 'open') throw new DomainError('conflict', 'The case is not open');
  const session = await tx
    .insertInto('service_sessions')
    .values({ referral_id: referralId, case_id: r.case_id, org_id: actor.orgId!, session_on: input.sessionOn, attendance: input.attendance, recorded_by: actor.userId })
    .returning('id')
    .executeTakeFirstOrThrow();
  for (const n of input.notes) {
    await tx
      .insertInto('case_notes')
      .values({ case_id: r.case_id, section: n.section, author_org_id: actor.orgId!, author_id: actor.userId, shared: n.section === 'psychosocial_notes' ? n.shared : true, session_id: session.id, body: n.body })
      .execute();
  }
  await recordEvent(tx, r.case_id, 'session.recorded', 'referrals_services', { referral: referralId, on: input.sessionOn, attendance: input.attendance });
  await audit(tx, {
    action: 'case.session.record',
    subjectType: 'service_session',
    subjectId: session.id,
    subjectOrgId: r.from_org_id,
    details: { case: r.case_id, attendance: input.attendance, notes: input.notes.map((n) => n.section) },
  });
  return { id: session.id };
}

export async function closeReferral(tx: Tx, actor: Actor, referralId: string, outcome: (typeof OUTCOMES)[number], notes: string, now: Date) {
  requireCaseRole(actor);
  const r = await tx.selectFrom('referrals').select(['case_id', 'to_org_id', 'from_org_id', 'status']).where('id', '=', referralId).executeTakeFirst();
  if (!r || (r.to_org_id !== actor.orgId && r.from_org_id !== actor.orgId)) throw new DomainError('not_found');
  if (r.status !== 'accepted') throw new DomainError('conflict', 'Only a referral in progress can be closed');
  await tx.updateTable('referrals').set({ status: 'closed', outcome, outcome_notes: notes || null, closed_at: now }).where('id', '=', referralId).execute();
  await recordEvent(tx, r.case_id, 'referral.closed', 'referrals_services', { referral: referralId, outcome });
  await audit(tx, { action: 'case.referral.close', subjectType: 'referral', subjectId: referralId, subjectOrgId: r.from_org_id, details: { outcome } });
}

export async function caseSessions(tx: Tx, actor: Actor, caseId: string) {
  const access = await accessTo(tx, actor, caseId);
  requireSection(access, 'referrals_services');
  const rows = await tx
    .selectFrom('service_sessions as s')
    .innerJoin('organisations as o', 'o.id', 's.org_id')
    .select(['s.id', 's.referral_id', 's.org_id', 'o.name', 's.session_on', 's.attendance'])
    .where('s.case_id', '=', caseId)
    .orderBy('s.session_on', 'desc')
    .execute();
  return rows.map((s) => ({ id: s.id, referralId: s.referral_id, orgId: s.org_id, orgName: s.name, sessionOn: s.session_on, attendance: pick(ATTENDANCE, s.attendance, 'attended') }));
}

