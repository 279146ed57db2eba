// The agreement rules as a table: who (the suspending party, another party, an outsider, a
// party's non-administrator) may do what with an agreement in each state.
import { describe, expect, it } from 'vitest';
import type { Actor } from '../../platform/auth/actor.ts';
import type { Role } from '../../platform/auth/roles.ts';
import { agreementAbilities, type AgreementFacts } from './agreement-policy.ts';

const A = '00000000-0000-4000-8000-00000000000a'; // drafted it, and suspended it
const B = '00000000-0000-4000-8000-00000000000b'; // the other party
const C = '00000000-0000-4000-8000-00000000000c'; // not a party
const today = '2030-06-01';

const actor = (orgId: string, roles: Role[] = ['org_admin']): Actor => ({ userId: 'u', sessionId: 's', stage: 'complete', orgId, roles });
const agreement = (over: Partial<AgreementFacts>): AgreementFacts => ({
  status: 'active',
  createdByOrgId: A,
  statusChangedByOrgId: null,
  validUntil: '2031-01-01',
  parties: [
    { orgId: A, signed: true },
    { orgId: B, signed: true },
  ],
  ...over,
});
const allowed = (who: Actor, a: AgreementFacts) =>
  Object.entries(agreementAbilities(who, a, today))
    .filter(([, yes]) => yes)
    .map(([what]) => what)
    .sort();

describe('agreement abilities', () => {
  const suspendedByA = agreement({ status: 'suspended', statusChangedByOrgId: A });
  it.each([
    ['the suspending party', actor(A), suspendedByA, ['resume', 'signAgain', 'terminate']],
    ['another party', actor(B), suspendedByA, ['signAgain', 'terminate']],
    ['an outsider', actor(C), suspendedByA, []],
    ["a party's coordinator", actor(A, ['case_coordinator']), suspendedByA, []],
    ['a party, suspended by the platform', actor(A), agreement({ status: 'suspended', statusChangedByOrgId: null }), ['signAgain', 'terminate']],
    ['the suspending party, past the last day', actor(A), agreement({ status: 'suspended', statusChangedByOrgId: A, validUntil: '2030-05-31' }), ['resume', 'terminate']],
    ['a party, in force', actor(B), agreement({}), ['suspend', 'terminate']],
    ['a party, expired', actor(B), agreement({ status: 'expired' }), []],
    ['a party, terminated', actor(A), agreement({ status: 'terminated', statusChangedByOrgId: A }), []],
    ['the drafting party, unsigned draft', actor(A), agreement({ status: 'draft', parties: [{ orgId: A, signed: false }, { orgId: B, signed: false }] }), ['edit', 'sign', 'terminate']],
    ['the other party, unsigned draft', actor(B), agreement({ status: 'draft', parties: [{ orgId: A, signed: false }, { orgId: B, signed: false }] }), ['sign', 'terminate']],
    ['a party that signed again', actor(B), agreement({ status: 'signing', parties: [{ orgId: A, signed: false }, { orgId: B, signed: true }] }), ['terminate']],
    ['the suspending party, asked to sign again', actor(A), agreement({ status: 'signing', parties: [{ orgId: A, signed: false }, { orgId: B, signed: true }] }), ['sign', 'terminate']],
  ] as const)('%s', (_who, who, a, expected) => {
    expect(allowed(who, a)).toEqual([...expected].sort());
  });
});
