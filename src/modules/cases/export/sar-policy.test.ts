// The subject access rules as a table: role × relation × state → what happens.
import { describe, expect, it } from 'vitest';
import type { Actor } from '../../../platform/auth/actor.ts';
import type { Role } from '../../../platform/auth/roles.ts';
import { capacityOf, exportPath, mayDecide, mayDownload, mayHaveExport, type RequestFacts } from './sar-policy.ts';

const LEAD = '00000000-0000-4000-8000-00000000000a';
const OTHER = '00000000-0000-4000-8000-00000000000b';
const ME = '00000000-0000-4000-8000-000000000001';
const SOMEONE = '00000000-0000-4000-8000-000000000002';
const NOW = new Date('2026-11-20T12:00:00Z');

const actor = (roles: Role[], orgId: string | null = LEAD, userId = ME): Actor => ({ userId, sessionId: 's', stage: 'complete', orgId, roles });
const request = (over: Partial<RequestFacts> = {}): RequestFacts => ({
  leadOrgId: LEAD,
  requestedBy: ME,
  requestedAs: 'case_coordinator',
  approval: 'approved',
  requestedAt: new Date(NOW.getTime() - 3_600_000),
  expiresAt: new Date(NOW.getTime() + 86_400_000),
  downloads: 0,
  maxDownloads: 3,
  ...over,
});

describe('exporting everything held on a person', () => {
  it.each([
    // roles, capacity asked, case led by, withheld → path
    [['dpo'], undefined, LEAD, true, 'export'],
    [['dpo'], undefined, LEAD, false, 'export'],
    [['case_coordinator'], undefined, LEAD, false, 'export'],
    [['case_coordinator'], undefined, LEAD, true, 'approval'],
    [['case_coordinator', 'dpo'], 'case_coordinator', LEAD, true, 'approval'],
    [['case_coordinator', 'dpo'], 'dpo', LEAD, true, 'export'],
    [['case_coordinator'], 'dpo', LEAD, false, 'forbidden'],
    [['dpo'], 'case_coordinator', LEAD, false, 'forbidden'],
    [['caseworker'], undefined, LEAD, false, 'forbidden'],
    [['org_admin'], undefined, LEAD, false, 'forbidden'],
    [['case_coordinator'], undefined, OTHER, false, 'not_found'],
    [['dpo'], undefined, OTHER, true, 'not_found'],
  ] as const)('%j asking as %s for a case of %s (withheld %s): %s', (roles, asked, lead, withheld, path) => {
    const a = actor([...roles]);
    expect(exportPath(a, capacityOf(a, asked), { leadOrgId: lead, withheld })).toBe(path);
  });

  it('refuses anyone acting for no organisation', () => {
    const a = actor(['dpo'], null);
    expect(exportPath(a, capacityOf(a, undefined), { leadOrgId: LEAD, withheld: false })).toBe('forbidden');
  });
});

describe('deciding a request', () => {
  it.each([
    [['dpo'], LEAD, SOMEONE, request({ approval: 'pending', requestedBy: ME }), 'ok'],
    [['dpo'], LEAD, ME, request({ approval: 'pending' }), 'own_request'],
    [['dpo', 'case_coordinator'], LEAD, ME, request({ approval: 'pending' }), 'own_request'],
    [['dpo'], LEAD, SOMEONE, request({ approval: 'approved' }), 'decided'],
    [['dpo'], LEAD, SOMEONE, request({ approval: 'refused' }), 'decided'],
    [['dpo'], OTHER, SOMEONE, request({ approval: 'pending' }), 'not_found'],
    [['dpo'], LEAD, SOMEONE, null, 'not_found'],
    [['case_coordinator'], LEAD, SOMEONE, request({ approval: 'pending' }), 'forbidden'],
    [['caseworker'], LEAD, SOMEONE, request({ approval: 'pending' }), 'forbidden'],
  ] as const)('%j of %s (user %s) on %j: %s', (roles, org, user, r, check) => {
    expect(mayDecide(actor([...roles], org, user), r)).toBe(check);
  });
});

describe('downloading an approved request', () => {
  it.each([
    [['case_coordinator'], ME, request(), 'ok'],
    [['case_coordinator'], ME, request({ downloads: 2 }), 'ok'],
    [['case_coordinator'], ME, request({ downloads: 3 }), 'used_up'],
    [['case_coordinator'], ME, request({ expiresAt: NOW }), 'expired'],
    [['case_coordinator'], ME, request({ approval: 'pending', expiresAt: null }), 'not_approved'],
    [['case_coordinator'], ME, request({ approval: 'refused', expiresAt: null }), 'not_approved'],
    [['case_coordinator'], SOMEONE, request(), 'not_found'],
    [['case_coordinator'], ME, request({ leadOrgId: OTHER }), 'not_found'],
    [['case_coordinator'], ME, request({ requestedAs: 'dpo' }), 'not_found'],
    [['case_coordinator'], ME, null, 'not_found'],
    [['dpo'], ME, request(), 'forbidden'],
    [['caseworker'], ME, request(), 'forbidden'],
  ] as const)('%j (user %s) on %j: %s', (roles, user, r, check) => {
    expect(mayDownload(actor([...roles], LEAD, user), r, NOW)).toBe(check);
  });
});

describe('building an export, and fetching the built file', () => {
  const HOURS_AGO = (h: number) => new Date(NOW.getTime() - h * 3_600_000);
  it.each([
    // roles, user, org, request, building → allowed
    [['case_coordinator'], ME, LEAD, request(), true, true],
    [['case_coordinator'], ME, LEAD, request({ downloads: 3 }), true, true], // the download that used it up was counted already
    [['case_coordinator'], ME, LEAD, request({ expiresAt: NOW }), true, false],
    [['case_coordinator'], ME, LEAD, request({ approval: 'pending', expiresAt: null }), true, false],
    [['case_coordinator'], ME, LEAD, request({ approval: 'refused', expiresAt: null }), false, false],
    [['case_coordinator'], ME, LEAD, request({ approval: 'not_needed', expiresAt: null }), true, true],
    [['case_coordinator'], ME, LEAD, request({ approval: 'not_needed', expiresAt: null, requestedAt: HOURS_AGO(25) }), true, false],
    [['case_coordinator'], ME, LEAD, request({ approval: 'not_needed', expiresAt: null, requestedAt: HOURS_AGO(25) }), false, true],
    [['dpo'], ME, LEAD, request({ approval: 'not_needed', requestedAs: 'dpo', expiresAt: null }), true, true],
    // The role it was asked in, no longer held: nothing, even holding another.
    [['case_coordinator'], ME, LEAD, request({ approval: 'not_needed', requestedAs: 'dpo', expiresAt: null }), true, false],
    [['dpo'], ME, LEAD, request(), true, false],
    [['caseworker'], ME, LEAD, request({ approval: 'not_needed', expiresAt: null }), true, false],
    // Someone else's, or acting for another organisation.
    [['case_coordinator'], SOMEONE, LEAD, request(), true, false],
    [['case_coordinator'], ME, OTHER, request(), true, false],
    [['case_coordinator'], ME, LEAD, null, true, false],
  ] as const)('%j (user %s of %s) on %j, building %s: %s', (roles, user, org, r, building, allowed) => {
    expect(mayHaveExport(actor([...roles], org, user), r, NOW, building)).toBe(allowed);
  });
});
