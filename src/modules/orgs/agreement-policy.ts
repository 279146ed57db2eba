// What an organisation's people may do with a partnership agreement now, from the facts of the
// agreement alone. A pure function, called at the top of every change; the database holds the
// same rules on its own (migration 0050: row-level security and the partnership_agreements_change
// trigger), written separately.
import type { Actor } from '../../platform/auth/actor.ts';
import { can } from '../identity/policy.ts';
import type { AgreementView } from './schema.ts';

export type AgreementFacts = {
  /** As people read it: an agreement in force past its last day has expired. */
  status: AgreementView['status'];
  createdByOrgId: string;
  /** While suspended: the party that suspended it (null when the platform did, or nobody knows). */
  statusChangedByOrgId: string | null;
  validUntil: string;
  parties: Array<{ orgId: string; signed: boolean }>;
};

export type AgreementAbilities = AgreementView['can'];

export type AgreementChange = 'suspend' | 'resume' | 'signAgain' | 'terminate';

export function agreementAbilities(actor: Actor, a: AgreementFacts, today: string): AgreementAbilities {
  const manager = can(actor, 'org.agreements.manage') && !!actor.orgId;
  const mine = a.parties.find((p) => p.orgId === actor.orgId);
  const party = manager && !!mine;
  return {
    edit: manager && a.status === 'draft' && a.createdByOrgId === actor.orgId,
    sign: party && (a.status === 'draft' || a.status === 'signing') && !mine!.signed,
    suspend: party && a.status === 'active',
    // A suspension is lifted by the party that suspended it…
    resume: party && a.status === 'suspended' && a.statusChangedByOrgId === actor.orgId,
    // …or by every party signing again, that one included: any party may start that round.
    signAgain: party && a.status === 'suspended' && a.validUntil >= today,
    terminate: party && (['draft', 'signing', 'active', 'suspended'] as const).some((s) => s === a.status),
  };
}
