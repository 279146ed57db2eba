// Funding calls: a donor officer drafts one (purpose, eligibility, weighted criteria, budget
// ceiling, dates, questions), publishes it, and may then only extend its closing date. Every
// member of an organisation reads published calls; the owner reads its drafts and the
// applications submitted. Every change is audited in its transaction.
import { randomUUID } from 'node:crypto';
import type { Tx } from '../../db.ts';
import type { Actor } from '../../platform/auth/actor.ts';
import { audit } from '../../platform/audit/audit.ts';
import { DomainError } from '../../platform/http/errors.ts';
import { applicationStage, reviewSums } from './applications.ts';
import { canApply, canCreateCall, canEditCall, canExtendCall, canReadCall, eligibility, isCallOwner, meanScore, type CallFacts } from './policy.ts';
import { CALL_STATUSES, ORG_TYPES, type CallInput, type CallList, type CallView } from './schema.ts';

export const iso = (d: Date | string | null): string | null => (d === null ? null : new Date(d).toISOString());
const asStatus = (s: string) => CALL_STATUSES.find((x) => x === s) ?? 'draft';
/** As people read it: a published call whose closing date has passed is closed. */
const shownStatus = (s: string, deadline: Date, now: Date) => (asStatus(s) === 'published' && deadline.getTime() <= now.getTime() ? 'closed' : asStatus(s));
const parse = <T>(v: T | string): T => (typeof v === 'string' ? (JSON.parse(v) as T) : v);
const day = (d: string | Date) => (typeof d === 'string' ? d.slice(0, 10) : d.toISOString().slice(0, 10));

type CallRow = Awaited<ReturnType<typeof callRow>>;
const callRow = (tx: Tx, id: string) =>
  tx
    .selectFrom('funding_calls as c')
    .leftJoin('organisations as o', 'o.id', 'c.owner_org_id')
    .selectAll('c')
    .select('o.name as owner_name')
    .where('c.id', '=', id)
    .executeTakeFirst();

export function callFacts(row: NonNullable<CallRow>): CallFacts {
  return {
    ownerOrgId: row.owner_org_id,
    status: asStatus(row.status),
    opensOn: day(row.opens_on),
    deadline: new Date(row.deadline),
    orgTypes: row.org_types,
    countries: row.countries,
    womenLedPriority: row.women_led_priority,
  };
}

/** The call as the actor may see it, with its facts; not_found otherwise. */
export async function loadCall(tx: Tx, actor: Actor, id: string) {
  const row = await callRow(tx, id);
  if (!row) throw new DomainError('not_found');
  const facts = callFacts(row);
  if (!canReadCall(actor, facts)) throw new DomainError('not_found');
  return { row, facts };
}

/** The acting organisation's facts, for eligibility. */
export async function orgFacts(tx: Tx, orgId: string) {
  const o = await tx.selectFrom('organisations').select(['type', 'country', 'women_led']).where('id', '=', orgId).executeTakeFirstOrThrow();
  return { type: o.type, country: o.country, womenLed: o.women_led };
}

function values(input: CallInput) {
  return {
    title: input.title,
    purpose: input.purpose,
    org_types: input.orgTypes,
    countries: input.countries,
    women_led_priority: input.womenLedPriority,
    criteria: JSON.stringify(input.criteria),
    questions: JSON.stringify(input.questions),
    budget_ceiling: input.budgetCeiling,
    currency: input.currency,
    opens_on: input.opensOn,
    deadline: new Date(input.deadline),
    blind_review: input.blindReview,
    public_listing: input.publicListing,
  };
}

async function checkCountries(tx: Tx, countries: string[]): Promise<void> {
  if (countries.length === 0) return;
  const known = new Set((await tx.selectFrom('jurisdictions').select('code').where('code', 'in', countries).execute()).map((j) => j.code));
  const unknown = countries.findIndex((c) => !known.has(c));
  if (unknown >= 0) throw new DomainError('validation_failed', undefined, [{ path: `body.countries.${unknown}`, message: 'is not a known country', code: 'invalid_choice' }]);
}

export async function listCalls(tx: Tx, actor: Actor, now: Date): Promise<CallList> {
  if (actor.orgId === null) throw new DomainError('forbidden');
  const orgId = actor.orgId;
  const owner = canCreateCall(actor);
  const rows = await tx
    .selectFrom('funding_calls as c')
    .leftJoin('organisations as o', 'o.id', 'c.owner_org_id')
    .select(['c.id', 'c.title', 'c.owner_org_id', 'c.status', 'c.opens_on', 'c.deadline', 'c.budget_ceiling', 'c.currency', 'c.women_led_priority', 'o.name as owner_name'])
    .where((eb) => (owner ? eb.or([eb('c.status', '<>', 'draft'), eb('c.owner_org_id', '=', orgId)]) : eb('c.status', '<>', 'draft')))
    .orderBy('c.deadline', 'desc')
    .orderBy('c.id')
    .limit(200)
    .execute();
  const mine = canApply(actor)
    ? await tx.selectFrom('funding_applications').select(['id', 'call_id', 'status', 'review_started_at']).where('applicant_org_id', '=', orgId).execute()
    : [];
  return {
    calls: rows.map((r) => {
      const app = mine.find((a) => a.call_id === r.id);
      return {
        id: r.id,
        title: r.title,
        ownerOrg: r.owner_name ?? '',
        own: r.owner_org_id === orgId && owner,
        status: shownStatus(r.status, new Date(r.deadline), now),
        opensOn: day(r.opens_on),
        deadline: iso(r.deadline)!,
        budgetCeiling: Number(r.budget_ceiling),
        currency: r.currency,
        womenLedPriority: r.women_led_priority,
        myApplication: app ? { id: app.id, stage: applicationStage(app.status, app.review_started_at) } : null,
      };
    }),
    can: { create: owner, apply: canApply(actor) },
  };
}

export async function getCall(tx: Tx, actor: Actor, id: string, now: Date): Promise<CallView> {
  const { row: c, facts } = await loadCall(tx, actor, id);
  const owner = isCallOwner(actor, facts);
  const orgId = actor.orgId;
  const mayApply = canApply(actor) && !owner && orgId !== null;
  const elig = mayApply ? eligibility(facts, await orgFacts(tx, orgId), now) : null;
  const mine = mayApply
    ? await tx.selectFrom('funding_applications').select(['id', 'status', 'review_started_at']).where('call_id', '=', id).where('applicant_org_id', '=', orgId).executeTakeFirst()
    : undefined;
  const criteria = parse(c.criteria);
  let applications: CallView['applications'] = [];
  if (owner) {
    const apps = await tx
      .selectFrom('funding_applications')
      .select(['id', 'applicant_name', 'applicant_women_led', 'status', 'submitted_at', 'budget_total', 'review_started_at'])
      .where('call_id', '=', id)
      .where('status', '<>', 'draft')
      .orderBy('submitted_at')
      .orderBy('id')
      .execute();
    const sums = await reviewSums(tx, id, criteria);
    applications = apps.map((a) => {
      const s = sums.get(a.id) ?? { reviewers: 0, sums: [] };
      const done = s.sums.filter((x) => x !== null).length;
      return {
        id: a.id,
        applicantName: a.applicant_name,
        womenLed: a.applicant_women_led,
        stage: applicationStage(a.status, a.review_started_at),
        submittedAt: iso(a.submitted_at),
        budgetTotal: Number(a.budget_total),
        reviewers: s.reviewers,
        completeReviews: done,
        meanScore: meanScore(s.sums),
      };
    });
  }
  return {
    id: c.id,
    title: c.title,
    purpose: c.purpose,
    ownerOrg: c.owner_name ?? '',
    own: owner,
    status: shownStatus(c.status, facts.deadline, now),
    orgTypes: ORG_TYPES.filter((t) => c.org_types.includes(t)),
    countries: c.countries,
    womenLedPriority: c.women_led_priority,
    criteria,
    questions: parse(c.questions),
    budgetCeiling: Number(c.budget_ceiling),
    currency: c.currency,
    opensOn: facts.opensOn,
    deadline: iso(c.deadline)!,
    blindReview: c.blind_review,
    publicListing: c.public_listing,
    publishedAt: iso(c.published_at),
    eligibility: elig,
    myApplication: mine ? { id: mine.id, stage: applicationStage(mine.status, mine.review_started_at) } : null,
    applications,
    can: {
      edit: canEditCall(actor, facts),
      publish: canEditCall(actor, facts),
      extend: canExtendCall(actor, facts),
      apply: mayApply && mine === undefined && elig !== null && elig.eligible,
    },
  };
}

export async function createCall(tx: Tx, actor: Actor, input: CallInput): Promise<{ id: string }> {
  if (!canCreateCall(actor)) throw new DomainError('forbidden');
  await checkCountries(tx, input.countries);
  const id = randomUUID();
  await tx.insertInto('funding_calls').values({ id, owner_org_id: actor.orgId, created_by: actor.userId, ...values(input) }).execute();
  await audit(tx, { action: 'funding.call.create', subjectType: 'funding_call', subjectId: id, subjectOrgId: actor.orgId });
  return { id };
}

/** Refuses an action on a call: forbidden for someone not of the owner, conflict for the wrong moment. */
function allow(actor: Actor, ok: boolean, facts: CallFacts, why: string): void {
  if (ok) return;
  if (!isCallOwner(actor, facts)) throw new DomainError('forbidden');
  throw new DomainError('conflict', why);
}

export async function updateCall(tx: Tx, actor: Actor, id: string, input: CallInput): Promise<void> {
  if (!canCreateCall(actor)) throw new DomainError('forbidden');
  const { facts } = await loadCall(tx, actor, id);
  allow(actor, canEditCall(actor, facts), facts, 'A published call is not changed; only its closing date is extended');
  await checkCountries(tx, input.countries);
  await tx.updateTable('funding_calls').set(values(input)).where('id', '=', id).execute();
  await audit(tx, { action: 'funding.call.update', subjectType: 'funding_call', subjectId: id, subjectOrgId: actor.orgId });
}

export async function publishCall(tx: Tx, actor: Actor, id: string, now: Date): Promise<void> {
  if (!canCreateCall(actor)) throw new DomainError('forbidden');
  const { facts } = await loadCall(tx, actor, id);
  allow(actor, canEditCall(actor, facts), facts, 'The call is already published');
  if (facts.deadline.getTime() <= now.getTime()) throw new DomainError('conflict', 'The closing date has passed: set a later one before publishing');
  await tx.updateTable('funding_calls').set({ status: 'published', published_at: now }).where('id', '=', id).execute();
  await audit(tx, { action: 'funding.call.publish', subjectType: 'funding_call', subjectId: id, subjectOrgId: actor.orgId });
}

export async function extendDeadline(tx: Tx, actor: Actor, id: string, deadline: string, now: Date): Promise<void> {
  if (!canCreateCall(actor)) throw new DomainError('forbidden');
  const { facts } = await loadCall(tx, actor, id);
  allow(actor, canExtendCall(actor, facts), facts, 'Only a published call has its closing date extended');
  const next = new Date(deadline);
  if (next.getTime() <= facts.deadline.getTime() || next.getTime() <= now.getTime()) {
    throw new DomainError('validation_failed', undefined, [{ path: 'body.deadline', message: 'must be later than the current closing date and in the future', code: 'later_deadline' }]);
  }
  await tx.updateTable('funding_calls').set({ deadline: next }).where('id', '=', id).execute();
  await audit(tx, { action: 'funding.call.extend', subjectType: 'funding_call', subjectId: id, subjectOrgId: actor.orgId, details: { from: facts.deadline.toISOString(), to: next.toISOString() } });
}
