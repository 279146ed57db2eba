// Need to know, decided by the application: which sections of a case the acting person may see,
// worked out here from the facts (the case's lead agency and status, the organisation's team
// place, the consents and legal bases recorded for it, the agreements in force between it and
// the lead agency, the person's emergency access, a referral waiting for an answer).
//
// This is the first of two walls. The second is PostgreSQL row-level security, written
// separately in SQL (modules/cases/migrations); the application never asks the database's policy
// functions for its decision, so one mistake cannot open both. A property test generates random
// facts and shows that the two agree on every organisation, section and action
// (test/api/case-walls-agree.test.ts). Pure: no I/O, so it is tested as a table.
import type { Role } from '../../platform/auth/roles.ts';
import { SECTIONS, type Section } from './schema.ts';

/** Everything a team organisation or the lead agency may be given; security only to the security role. */
const LEAD_SECTIONS: readonly Section[] = SECTIONS.filter((s) => s !== 'security');
/** Emergency access opens these for a limited time: never security, psychosocial notes or judgements. */
export const BREAK_GLASS_SECTIONS: readonly Section[] = [
  'identity',
  'contact',
  'household',
  'consents',
  'needs_assessment',
  'case_plan',
  'referrals_services',
  'case_conferences',
  'other_notes',
];

export type CaseRelation = 'lead' | 'team' | 'break_glass' | 'offered' | 'oversight';

/** What the database holds about one case and one acting organisation and person. Dates are ISO days. */
export type AccessFacts = {
  caseId: string;
  leadOrgId: string;
  status: 'open' | 'closed' | 'anonymised';
  /** The acting organisation's place on the team, if it ever had one. */
  team: { teamRole: string; sections: readonly string[]; left: boolean } | null;
  /** Consents and recorded legal bases naming the acting organisation as recipient. */
  consents: ReadonlyArray<{ dataCategories: readonly string[]; startsOn: string; endsOn: string | null; withdrawn: boolean }>;
  /** Agreements the acting organisation is party to, with their parties. */
  agreements: ReadonlyArray<{ status: string; validFrom: string; validUntil: string; dataCategories: readonly string[]; parties: readonly string[] }>;
  /** The acting person's emergency access to the case that has not expired (by the clock of the database). */
  breakGlassActive: boolean;
  /** A referral to the acting organisation waits for its answer. */
  offered: boolean;
};

export type Decider = { orgId: string | null; roles: readonly Role[] };
export type AccessDecision = { relation: CaseRelation | null; sections: Section[] };

const caseRole = (who: Decider) => who.roles.includes('case_coordinator') || who.roles.includes('caseworker');
const within = (day: string, from: string, until: string | null) => from <= day && (until === null || day <= until);

/** The sections of the case open to the acting person and organisation on `today`. */
export function decideAccess(who: Decider, facts: AccessFacts, today: string): AccessDecision {
  const none: AccessDecision = { relation: null, sections: [] };
  if (!who.orgId) return none;
  const org = who.orgId;
  if (facts.leadOrgId === org) {
    // The lead agency keeps its records, anonymised ones too (their free text is removed and the
    // identity destroyed; the pseudonymous facts stay for counting). Its data protection officer
    // sees the header, for retention and review.
    if (caseRole(who)) return { relation: 'lead', sections: [...LEAD_SECTIONS] };
    return who.roles.includes('dpo') ? { relation: 'oversight', sections: [] } : none;
  }
  if (!caseRole(who) || facts.status === 'anonymised') return none;
  const open = new Set<Section>();
  const team = facts.team;
  if (team && !team.left) {
    for (const s of SECTIONS) {
      if (!team.sections.includes(s)) continue;
      if (s === 'security' && team.teamRole !== 'security') continue;
      const consented = facts.consents.some((k) => !k.withdrawn && k.dataCategories.includes(s) && within(today, k.startsOn, k.endsOn));
      const agreed = facts.agreements.some(
        (a) =>
          a.status === 'active' &&
          a.dataCategories.includes(s) &&
          within(today, a.validFrom, a.validUntil) &&
          a.parties.includes(org) &&
          a.parties.includes(facts.leadOrgId),
      );
      if (consented && agreed) open.add(s);
    }
  }
  const onTeam = open.size > 0;
  if (facts.breakGlassActive) for (const s of BREAK_GLASS_SECTIONS) open.add(s);
  const sections = SECTIONS.filter((s) => open.has(s));
  if (sections.length > 0) return { relation: onTeam ? 'team' : 'break_glass', sections };
  return facts.offered ? { relation: 'offered', sections: [] } : none;
}
