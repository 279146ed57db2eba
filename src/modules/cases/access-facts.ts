// Reads the facts that decide need to know (see case-policy.ts) for some cases, one acting
// organisation and person: the cases' lead agencies and status, the organisation's team places,
// the consents naming it, its agreements, the person's emergency access, the referrals waiting
// for its answer. In a request these are read under row-level security like everything else, so
// a fact the database hides counts as absent (the application can only be narrower); in a system
// transaction (scheduled work) they are read as they are. Each kind of fact is one statement for
// all the cases, so a page of a list costs the same handful of statements as one case.
import { sql } from 'kysely';
import type { Tx } from '../../db.ts';
import { decideAccess, type AccessDecision, type AccessFacts, type Decider } from './case-policy.ts';

export type Who = Decider & { userId: string | null };

type CaseStatus = AccessFacts['status'];
type Gathered = Omit<AccessFacts, 'consents'> & { consents: Array<AccessFacts['consents'][number]> };
const asStatus = (s: string): CaseStatus => (s === 'open' || s === 'closed' || s === 'anonymised' ? s : 'anonymised');

/** The database's day and the facts for each of `caseIds` that exists for the reader (others are left out). */
export async function loadAccessFacts(tx: Tx, who: Who, caseIds: readonly string[]): Promise<{ today: string; facts: Map<string, AccessFacts> }> {
  const ids = [...new Set(caseIds)];
  const { rows: clock } = await sql<{ today: string }>`SELECT current_date::text AS today`.execute(tx);
  const today = clock[0]!.today;
  const facts = new Map<string, Gathered>();
  if (ids.length === 0 || !who.orgId) return { today, facts };
  const org = who.orgId;

  const cases = await tx.selectFrom('cases').select(['id', 'lead_org_id', 'status']).where('id', 'in', ids).execute();
  for (const c of cases) facts.set(c.id, blank(c.id, c.lead_org_id, asStatus(c.status)));
  // Cases led by someone else: what the organisation and the person hold on them.
  const others = ids.filter((id) => facts.get(id)?.leadOrgId !== org);
  if (others.length === 0) return { today, facts };

  const offered = await tx
    .selectFrom('referrals')
    .select('case_id')
    .where('to_org_id', '=', org)
    .where('status', '=', 'proposed')
    .where('case_id', 'in', others)
    .execute();
  const notSeen = [...new Set(offered.map((r) => r.case_id))].filter((id) => !facts.has(id));
  if (notSeen.length > 0) {
    // An organisation offered a referral does not read the case row; the header says who leads it.
    const { rows } = await sql<{ id: string; lead_org_id: string; status: string }>`
      SELECT id, lead_org_id, status FROM tandem_offered_case_headers(${notSeen}::uuid[])`.execute(tx);
    for (const h of rows) facts.set(h.id, blank(h.id, h.lead_org_id, asStatus(h.status)));
  }
  for (const r of offered) {
    const f = facts.get(r.case_id);
    if (f) f.offered = true;
  }

  const [team, consents, agreements, glass] = await Promise.all([
    tx.selectFrom('case_team').select(['case_id', 'team_role', 'sections', 'left_at']).where('org_id', '=', org).where('case_id', 'in', others).execute(),
    tx
      .selectFrom('case_consents')
      .select(['case_id', 'data_categories', 'starts_on', 'ends_on', 'withdrawn_at'])
      .where('recipient_org_id', '=', org)
      .where('case_id', 'in', others)
      .execute(),
    tx
      .selectFrom('partnership_agreements as a')
      .select(['a.status', 'a.valid_from', 'a.valid_until', 'a.data_categories'])
      .select(sql<string[]>`ARRAY (SELECT p.org_id FROM agreement_parties p WHERE p.agreement_id = a.id)`.as('parties'))
      .where('a.id', 'in', (eb) => eb.selectFrom('agreement_parties').select('agreement_id').where('org_id', '=', org))
      .where('a.status', '=', 'active')
      .execute(),
    who.userId
      ? tx
          .selectFrom('case_break_glass')
          .select('case_id')
          .where('user_id', '=', who.userId)
          .where('case_id', 'in', others)
          .where(sql<boolean>`expires_at > now()`)
          .execute()
      : Promise.resolve([]),
  ]);
  for (const t of team) {
    const f = facts.get(t.case_id);
    if (f) f.team = { teamRole: t.team_role, sections: t.sections, left: t.left_at !== null };
  }
  for (const k of consents) {
    facts.get(k.case_id)?.consents.push({ dataCategories: k.data_categories, startsOn: k.starts_on, endsOn: k.ends_on, withdrawn: k.withdrawn_at !== null });
  }
  const mine = agreements.map((a) => ({ status: a.status, validFrom: a.valid_from, validUntil: a.valid_until, dataCategories: a.data_categories, parties: a.parties }));
  for (const id of others) {
    const f = facts.get(id);
    if (f) f.agreements = mine;
  }
  for (const g of glass) {
    const f = facts.get(g.case_id);
    if (f) f.breakGlassActive = true;
  }
  return { today, facts };
}

function blank(caseId: string, leadOrgId: string, status: CaseStatus): Gathered {
  return { caseId, leadOrgId, status, team: null, consents: [], agreements: [], breakGlassActive: false, offered: false };
}

/** The decision for each case that exists for the reader. */
export async function decideMany(tx: Tx, who: Who, caseIds: readonly string[]): Promise<Map<string, AccessDecision & { facts: AccessFacts }>> {
  const { today, facts } = await loadAccessFacts(tx, who, caseIds);
  return new Map([...facts].map(([id, f]) => [id, { ...decideAccess(who, f, today), facts: f }]));
}
