// The authorisation table: every endpoint, tried by every demo role and by nobody (signed out),
// on each database. A row says who may (allowed → the status the action answers) and everyone
// else is refused (401 signed out, 403 for a role without the ability, 404 where only a relation
// to the record would allow it — denied and missing look the same). Bodies are checked too: a
// refusal is a problem document with its code and names no case, and a signed-in person refused
// for lack of a right leaves a denied event in the audit trail. A test fails when an endpoint has
// no row.
import { sql } from 'kysely';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import type { Role } from '../../src/platform/auth/roles.ts';
import { DEMO_ACCOUNTS } from '../../src/demo/data.ts';
import { createAccount } from '../../src/modules/identity/setup.ts';
import { createTestApp, type TestApp } from '../support/app.ts';
import { backends } from '../support/databases.ts';
import type { TestClient } from '../support/client.ts';
import { DEMO_PASSWORD } from '../support/test-config.ts';
import { fileUpload } from '../support/multipart.ts';
import { DEMO_PLAN_TITLE } from '../../src/demo/plans.ts';
import { civicRecord } from '../support/civic.ts';
import { fundingAnswers, fundingBudget, fundingCall } from '../support/funding.ts';
import { pngWithMetadata } from '../support/civic-files.ts';
import { DEMO_FRAMEWORK_TITLE } from '../../src/demo/results.ts';
import { reportedIndicator } from '../support/results.ts';

type Who = Role | 'nobody';
/** The first demo account of each role (the demo has a second administrator, at another organisation). */
const ONE_PER_ROLE = DEMO_ACCOUNTS.filter((a, i, all) => all.findIndex((b) => b.roles[0] === a.roles[0]) === i);
const ROLES_OF_DEMO = ONE_PER_ROLE.map((a) => a.roles[0]!) as Role[];
const EVERYONE: Who[] = [...ROLES_OF_DEMO, 'nobody'];

type Ctx = { ids: Record<string, string>; run: number; who: Who; userIds: Record<string, string> };
type Row = {
  method: 'GET' | 'POST' | 'PUT' | 'PATCH' | 'DELETE';
  url: string;
  path?: (c: Ctx) => string;
  body?: (c: Ctx) => unknown;
  /** A file upload instead of a JSON body. */
  upload?: (c: Ctx) => { rawBody: Buffer; contentType: string };
  /** Who passes; 'all' = everyone including nobody, 'signed-in' = every role. */
  allowed: Role[] | 'all' | 'signed-in';
  /** Status for those allowed (default 200). */
  ok?: number;
  /** Status for roles refused; default 403 (404 where the refusal is a missing relation). */
  refused?: number;
  note?: string;
};

const today = () => new Date().toISOString().slice(0, 10);
const nextYear = () => new Date(Date.now() + 365 * 86_400_000).toISOString().slice(0, 10);
const profile = () => ({
  name: 'Renamed Organisation',
  shortName: null,
  regions: [],
  areasOfWork: [],
  needDomains: [],
  languages: ['ru'],
  womenLed: false,
  genderExpertise: false,
  registrationStatus: 'registered',
  visibility: 'public',
  description: null,
});
const agreement = (c: Ctx) => ({
  title: `Table agreement ${c.run}`,
  partnerOrgIds: [c.ids.YH],
  dataCategories: ['identity'],
  legalBasis: 'consent',
  retentionMonths: 12,
  validFrom: today(),
  validUntil: nextYear(),
});

const instrument = (name: string) => ({
  name,
  factors: [{ label: 'Engagement with services', domain: 'psychosocial' }],
  levels: [{ label: 'Low' }, { label: 'High' }],
});
const judgement = (c: Ctx) => ({
  instrumentId: c.ids.agencyInstrument,
  ratings: Object.fromEntries(['f1', 'f2', 'f3', 'f4', 'f5', 'f6'].map((f) => [f, { level: 'l2' }])),
  overallLevel: 'l2',
  overallReasons: 'table check',
  nextReviewOn: nextYear(),
});

const commitment = (c: Ctx) => ({
  reference: `T-${c.run}`,
  title: 'Table commitment',
  objective: 'Checked by the authorisation table',
  problem: 'None',
  leadOrgId: c.ids.NCCP,
  startsOn: today(),
  endsOn: nextYear(),
  bodies: [],
  milestones: [{ title: 'Table milestone', deliverable: 'A row of the table', dueOn: nextYear() }],
  indicators: [],
  genderMarker: 0,
  genderJustification: 'Not targeted on gender.',
  communicationMechanism: 'None',
});

const CASE_ROLES: Role[] = ['case_coordinator', 'caseworker'];
const PLANNING_ROLES: Role[] = ['plan_coordinator', 'contributor'];
const ADMINS_OF_AGREEMENT: Role[] = ['org_admin']; // the BPC administrator is party to the demo agreement with PRS

const TABLE: Row[] = [
  { method: 'GET', url: '/api/openapi.json', allowed: 'all' },
  { method: 'GET', url: '/api/health', allowed: 'all' },
  { method: 'GET', url: '/api/health/live', allowed: 'all' },
  { method: 'GET', url: '/api/health/ready', allowed: 'all' },
  { method: 'GET', url: '/api/auth/csrf', allowed: 'all' },
  { method: 'POST', url: '/api/auth/login', body: (c) => ({ email: `nobody-${c.run}@example.org`, password: 'not a password' }), allowed: [], refused: 401, note: 'open to all; a wrong password is 401 for everyone' },
  { method: 'POST', url: '/api/auth/mfa', body: () => ({ code: '123456' }), allowed: [], refused: 409, note: 'only a session owing a code may; complete sessions get 409' },
  { method: 'POST', url: '/api/auth/mfa/enrolment', allowed: ['plan_coordinator', 'contributor', 'civic_monitor', 'donor_officer', 'viewer'], refused: 409, note: 'people already enrolled get 409' },
  { method: 'POST', url: '/api/auth/mfa/enrolment/confirm', body: () => ({ code: '123456' }), allowed: [], refused: 409, note: 'no enrolment in progress for the enrolled; 401 wrong code for those who started' },
  { method: 'POST', url: '/api/auth/mfa/recovery-codes', body: () => ({ code: '000000' }), allowed: [], refused: 401, note: 'needs a valid code from the app' },
  { method: 'GET', url: '/api/auth/me', allowed: 'signed-in' },
  { method: 'PUT', url: '/api/auth/organisation', body: (c) => ({ orgId: c.ids.own! }), allowed: 'signed-in' },
  { method: 'GET', url: '/api/auth/sessions', allowed: 'signed-in' },
  { method: 'DELETE', url: '/api/auth/sessions/:id', path: (c) => `/api/auth/sessions/${c.ids.someoneElsesSession}`, allowed: [], refused: 404, note: "another person's session: not found for everyone" },
  { method: 'POST', url: '/api/auth/password', body: () => ({ currentPassword: 'wrong current one', newPassword: 'whatever it may be 1' }), allowed: [], refused: 401, note: 'needs the current password' },
  { method: 'POST', url: '/api/auth/password-reset', body: () => ({ email: 'nobody@example.org' }), allowed: 'all', ok: 202 },
  { method: 'POST', url: '/api/auth/password-reset/complete', body: () => ({ token: 'A'.repeat(43), password: 'a fine new password 9' }), allowed: [], refused: 404, note: 'needs a valid link' },
  { method: 'POST', url: '/api/invitations/preview', body: () => ({ token: 'A'.repeat(43) }), allowed: [], refused: 404, note: 'needs a valid link' },
  { method: 'POST', url: '/api/invitations/accept', body: () => ({ token: 'A'.repeat(43) }), allowed: [], refused: 404, note: 'needs a valid link (signed out: 401, no session)' },
  { method: 'GET', url: '/api/organisations/current/members', allowed: ['platform_admin', 'org_admin', 'case_coordinator', 'dpo'] },
  { method: 'PUT', url: '/api/organisations/current/members/:userId/roles', path: (c) => `/api/organisations/current/members/${c.userIds.target}/roles`, body: () => ({ roles: ['caseworker'] }), allowed: ['org_admin'], ok: 204 },
  { method: 'PUT', url: '/api/organisations/current/members/:userId/status', path: (c) => `/api/organisations/current/members/${c.userIds.target}/status`, body: () => ({ status: 'active' }), allowed: ['org_admin'], ok: 204 },
  { method: 'GET', url: '/api/organisations/current/invitations', allowed: ['org_admin'] },
  { method: 'POST', url: '/api/organisations/current/invitations', body: (c) => ({ email: `invitee-${c.run}@example.org`, displayName: 'Invitee', roles: ['viewer'] }), allowed: ['org_admin'], ok: 201 },
  { method: 'DELETE', url: '/api/organisations/current/invitations/:id', path: (c) => `/api/organisations/current/invitations/${c.ids.invitation}`, allowed: ['org_admin'], ok: 204 },
  { method: 'GET', url: '/api/mail/outbox', allowed: ['platform_admin', 'org_admin'] },
  { method: 'GET', url: '/api/public/directory', allowed: 'all' },
  { method: 'GET', url: '/api/jurisdictions', allowed: 'all' },
  { method: 'GET', url: '/api/directory', allowed: 'signed-in' },
  { method: 'GET', url: '/api/organisations', allowed: ['platform_admin'] },
  { method: 'POST', url: '/api/organisations', body: (c) => ({ ...profile(), name: `New Organisation ${c.run}`, type: 'cso', country: 'XM', visibility: 'hidden' }), allowed: ['platform_admin'], ok: 201 },
  { method: 'GET', url: '/api/organisations/current', allowed: 'signed-in' },
  { method: 'PUT', url: '/api/organisations/current', body: () => ({ ...profile(), name: 'Bridge Psychosocial Centre' }), allowed: ['org_admin'] },
  { method: 'GET', url: '/api/organisations/:id', path: (c) => `/api/organisations/${c.ids.BPC}`, allowed: 'signed-in' },
  { method: 'GET', url: '/api/agreements', allowed: ['org_admin', 'case_coordinator', 'dpo'] },
  { method: 'POST', url: '/api/agreements', body: agreement, allowed: ['org_admin'], ok: 201 },
  { method: 'GET', url: '/api/agreements/check', path: (c) => `/api/agreements/check?partner=${c.ids.LAC}&categories=identity`, allowed: ['org_admin', 'case_coordinator', 'dpo'] },
  { method: 'GET', url: '/api/agreements/:id', path: (c) => `/api/agreements/${c.ids.agreement}`, allowed: ['org_admin', 'case_coordinator', 'dpo'], note: 'parties only: BPC and PRS' },
  { method: 'PUT', url: '/api/agreements/:id', path: (c) => `/api/agreements/${c.ids.draft}`, body: (c) => ({ ...agreement(c), title: 'Changed draft' }), allowed: ADMINS_OF_AGREEMENT, note: 'the drafting organisation only' },
  { method: 'POST', url: '/api/agreements/:id/signatures', path: (c) => `/api/agreements/${c.ids.agreement}`+'/signatures', body: () => ({ signatoryName: 'Someone', signatoryTitle: 'Director' }), allowed: [], refused: 403, note: 'already signed by both: 409 for its parties’ administrators (see below), 403 for other roles' },
  { method: 'POST', url: '/api/agreements/:id/suspend', path: (c) => `/api/agreements/${c.ids.agreement}/suspend`, body: () => ({ reason: 'table check' }), allowed: ADMINS_OF_AGREEMENT },
  { method: 'POST', url: '/api/agreements/:id/resume', path: (c) => `/api/agreements/${c.ids.agreement}/resume`, body: () => ({ reason: 'table check' }), allowed: ADMINS_OF_AGREEMENT, note: 'the centre suspended it in the row above' },
  { method: 'POST', url: '/api/agreements/:id/sign-again', path: (c) => `/api/agreements/${c.ids.suspended}/sign-again`, body: () => ({ reason: 'table check' }), allowed: ADMINS_OF_AGREEMENT, note: 'the centre is party to this suspended agreement' },
  { method: 'POST', url: '/api/agreements/:id/terminate', path: (c) => `/api/agreements/${c.ids.spare}/terminate`, body: () => ({ reason: 'table check' }), allowed: ADMINS_OF_AGREEMENT },
  { method: 'GET', url: '/api/audit', allowed: ['dpo'] },
  { method: 'GET', url: '/api/audit/export', allowed: ['dpo'] },
  // Cases: the agency's coordinator leads Rosa's case; the centre's caseworker is on its team.
  { method: 'GET', url: '/api/cases', allowed: CASE_ROLES },
  { method: 'POST', url: '/api/cases', body: (c) => ({ alias: `Table ${c.run}`, sex: 'unknown', ageBand: '18-24', category: 'adult_returnee', confirmNotDuplicate: true }), allowed: ['case_coordinator'], ok: 201 },
  { method: 'POST', url: '/api/cases/imports', path: () => '/api/cases/imports?mode=check', upload: (c) => fileUpload(`alias,sex,age_band,category\nTable ${c.run},female,25-34,adult_returnee\n`), allowed: ['case_coordinator'] },
  { method: 'GET', url: '/api/cases/imports/:id', path: (c) => `/api/cases/imports/${c.ids.caseImport}`, allowed: ['case_coordinator'] },
  { method: 'GET', url: '/api/cases/:id', path: (c) => `/api/cases/${c.ids.rosa}`, allowed: CASE_ROLES },
  { method: 'GET', url: '/api/cases/:id/identity', path: (c) => `/api/cases/${c.ids.rosa}/identity`, allowed: CASE_ROLES },
  { method: 'GET', url: '/api/cases/:id/household', path: (c) => `/api/cases/${c.ids.rosa}/household`, allowed: CASE_ROLES },
  { method: 'POST', url: '/api/cases/:id/household', path: (c) => `/api/cases/${c.ids.rosa}/household`, body: (c) => ({ relatedCaseNumber: c.ids.nadiraNumber, relation: 'other_relative' }), allowed: ['case_coordinator'], ok: 204 },
  { method: 'GET', url: '/api/cases/:id/consents', path: (c) => `/api/cases/${c.ids.rosa}/consents`, allowed: CASE_ROLES },
  { method: 'POST', url: '/api/cases/:id/consents', path: (c) => `/api/cases/${c.ids.rosa}/consents`, body: (c) => ({ recipientOrgId: c.ids.LAC, purpose: 'Legal aid', dataCategories: ['identity'], legalBasis: 'consent', givenBy: 'person', startsOn: today() }), allowed: ['case_coordinator'], ok: 201 },
  { method: 'POST', url: '/api/cases/:id/consents/:childId/withdraw', path: (c) => `/api/cases/${c.ids.aziz}/consents/${c.ids.spareConsent}/withdraw`, body: () => ({ reason: 'table check' }), allowed: ['case_coordinator'], ok: 204 },
  { method: 'GET', url: '/api/cases/:id/referrals', path: (c) => `/api/cases/${c.ids.rosa}/referrals`, allowed: CASE_ROLES },
  { method: 'POST', url: '/api/cases/:id/referrals', path: (c) => `/api/cases/${c.ids.sami}/referrals`, body: (c) => ({ toOrgId: c.ids.LAC, needDomain: 'documentation', service: 'Documents', reason: 'table check', dataCategories: ['identity'] }), allowed: ['case_coordinator'], ok: 201 },
  { method: 'POST', url: '/api/cases/:id/referrals/:childId/withdraw', path: (c) => `/api/cases/${c.ids.sami}/referrals/${c.ids.spareReferral}/withdraw`, allowed: ['case_coordinator'], ok: 204 },
  { method: 'GET', url: '/api/cases/:id/sessions', path: (c) => `/api/cases/${c.ids.rosa}/sessions`, allowed: CASE_ROLES },
  { method: 'GET', url: '/api/referrals/inbox', allowed: CASE_ROLES },
  { method: 'POST', url: '/api/referrals/:id/answer', path: (c) => `/api/referrals/${c.ids.ilyasReferral}/answer`, body: () => ({ decision: 'accept' }), allowed: ['caseworker'], ok: 204, note: 'the receiving organisation only' },
  { method: 'POST', url: '/api/referrals/:id/sessions', path: (c) => `/api/referrals/${c.ids.rosaReferral}/sessions`, body: () => ({ sessionOn: today(), attendance: 'attended' }), allowed: ['caseworker'], ok: 201 },
  { method: 'POST', url: '/api/referrals/:id/close', path: (c) => `/api/referrals/${c.ids.timurReferral}/close`, body: () => ({ outcome: 'completed' }), allowed: ['case_coordinator'], ok: 204, note: 'either end; the coordinator closes it first, then it is closed' },
  { method: 'GET', url: '/api/cases/:id/assessments', path: (c) => `/api/cases/${c.ids.rosa}/assessments`, allowed: CASE_ROLES },
  { method: 'POST', url: '/api/cases/:id/assessments', path: (c) => `/api/cases/${c.ids.rosa}/assessments`, body: () => ({ assessedOn: today(), levels: { psychosocial: 2 } }), allowed: CASE_ROLES, ok: 201 },
  { method: 'GET', url: '/api/cases/:id/notes', path: (c) => `/api/cases/${c.ids.rosa}/notes`, allowed: CASE_ROLES },
  { method: 'POST', url: '/api/cases/:id/notes', path: (c) => `/api/cases/${c.ids.rosa}/notes`, body: () => ({ section: 'psychosocial_notes', body: 'table check' }), allowed: CASE_ROLES, ok: 201 },
  { method: 'GET', url: '/api/cases/:id/plan', path: (c) => `/api/cases/${c.ids.lilia}/plan`, allowed: CASE_ROLES, note: 'the centre has the plan section on Lilia' },
  { method: 'POST', url: '/api/cases/:id/plan/goals', path: (c) => `/api/cases/${c.ids.lilia}/plan/goals`, body: () => ({ domain: 'health', description: 'table check' }), allowed: ['case_coordinator'], ok: 201, note: 'the lead agency writes the plan' },
  { method: 'PATCH', url: '/api/cases/:id/plan/goals/:childId', path: (c) => `/api/cases/${c.ids.lilia}/plan/goals/${c.ids.liliaGoal}`, body: () => ({ description: 'Attends primary school regularly' }), allowed: ['case_coordinator'], ok: 204 },
  { method: 'POST', url: '/api/cases/:id/plan/goals/:childId/actions', path: (c) => `/api/cases/${c.ids.lilia}/plan/goals/${c.ids.liliaGoal}/actions`, body: (c) => ({ description: 'table check', responsibleOrgId: c.ids.PRS, targetDate: today() }), allowed: ['case_coordinator'], ok: 201 },
  { method: 'PATCH', url: '/api/cases/:id/plan/actions/:childId', path: (c) => `/api/cases/${c.ids.lilia}/plan/actions/${c.ids.liliaCentreAction}`, body: () => ({ status: 'in_progress' }), allowed: CASE_ROLES, ok: 204, note: 'the lead, and the centre for its own action' },
  { method: 'GET', url: '/api/plan-actions/due', allowed: CASE_ROLES },
  { method: 'GET', url: '/api/cases/:id/conferences', path: (c) => `/api/cases/${c.ids.lilia}/conferences`, allowed: CASE_ROLES },
  { method: 'POST', url: '/api/cases/:id/conferences', path: (c) => `/api/cases/${c.ids.lilia}/conferences`, body: () => ({ heldAt: new Date().toISOString(), place: 'table check', agenda: ['table check'] }), allowed: ['case_coordinator'], ok: 201, note: 'held by the lead agency’s coordinator' },
  { method: 'POST', url: '/api/cases/:id/conferences/:childId/record', path: (c) => `/api/cases/${c.ids.lilia}/conferences/${c.ids.spareConference}/record`, body: (c) => ({ attendees: [{ orgId: c.ids.PRS, name: 'Chair', role: 'Chair' }], minutes: 'table check' }), allowed: ['case_coordinator'] },
  { method: 'GET', url: '/api/cases/:id/timeline', path: (c) => `/api/cases/${c.ids.rosa}/timeline`, allowed: CASE_ROLES },
  { method: 'POST', url: '/api/break-glass', body: (c) => ({ caseNumber: c.ids.azizNumber, reason: 'An emergency described in enough words.' }), allowed: ['caseworker'], ok: 201, note: 'the coordinator leads this case: 409' },
  { method: 'GET', url: '/api/break-glass', allowed: ['case_coordinator', 'caseworker', 'dpo'] },
  { method: 'POST', url: '/api/break-glass/:id/review', path: (c) => `/api/break-glass/${c.ids.spareBreakGlass}/review`, body: () => ({ note: 'Reviewed.' }), allowed: ['dpo'], ok: 204 },
  { method: 'POST', url: '/api/cases/:id/close', path: (c) => `/api/cases/${c.ids.kamal}/close`, body: () => ({ reason: 'table check' }), allowed: ['case_coordinator'], ok: 204 },
  { method: 'POST', url: '/api/cases/:id/reopen', path: (c) => `/api/cases/${c.ids.kamal}/reopen`, allowed: ['case_coordinator'], ok: 204 },
  { method: 'PUT', url: '/api/cases/:id/legal-hold', path: (c) => `/api/cases/${c.ids.kamal}/legal-hold`, body: () => ({ hold: true, reason: 'table check' }), allowed: ['dpo'], ok: 204 },
  { method: 'GET', url: '/api/retention', allowed: ['dpo'] },
  { method: 'GET', url: '/api/duplicate-notices', allowed: ['dpo'] },
  { method: 'POST', url: '/api/duplicate-notices/:id/reconcile', path: (c) => `/api/duplicate-notices/${c.ids.duplicateNotice}/reconcile`, body: () => ({ note: 'table check' }), allowed: ['dpo'], ok: 204, note: 'the agency’s side of a notice' },
  { method: 'GET', url: '/api/reminders', allowed: CASE_ROLES },
  { method: 'POST', url: '/api/reminders/:id/dismiss', path: (c) => `/api/reminders/${c.ids.agencyReminder}/dismiss`, allowed: ['case_coordinator'], ok: 204 },
  { method: 'POST', url: '/api/subject-access', body: (c) => ({ caseNumber: c.ids.azizNumber, reason: 'Subject access request received, ref SAR-1.', format: 'json' }), allowed: ['case_coordinator', 'dpo'], ok: 202, note: 'the lead agency’s officer and coordinator only; 202 with the document built in the background' },
  { method: 'GET', url: '/api/subject-access/pending', allowed: ['dpo'], note: 'requests awaiting the decision of the agency’s officers' },
  { method: 'GET', url: '/api/subject-access/mine', allowed: ['case_coordinator'] },
  { method: 'POST', url: '/api/subject-access/requests/:id/decision', path: (c) => `/api/subject-access/requests/${c.ids.sarPending}/decision`, body: () => ({ decision: 'approve', note: 'Checked for the table.' }), allowed: ['dpo'], ok: 204, note: 'the lead agency’s officer, never the requester' },
  { method: 'POST', url: '/api/subject-access/requests/:id/download', path: (c) => `/api/subject-access/requests/${c.ids.sarApproved}/download`, body: () => ({ format: 'json' }), allowed: ['case_coordinator'], ok: 202, note: 'the requester only, once approved; 202 with the document' },
  { method: 'POST', url: '/api/cases/:id/summary/pdf', path: (c) => `/api/cases/${c.ids.rosa}/summary/pdf`, allowed: CASE_ROLES, ok: 202, note: 'the BPC caseworker is on Rosa’s team; 202 with the document built in the background' },
  // Professional judgement: the centre's administrator manages the centre's instruments; the agency leads Rosa's case.
  { method: 'GET', url: '/api/judgement-instruments', allowed: ['platform_admin', 'org_admin', ...CASE_ROLES] },
  { method: 'POST', url: '/api/judgement-instruments', body: (c) => instrument(`Table instrument ${c.run}`), allowed: ['org_admin'], ok: 201, note: 'a platform administrator only with scope "platform"' },
  { method: 'POST', url: '/api/judgement-instruments/:id/versions', path: (c) => `/api/judgement-instruments/${c.ids.instrument}/versions`, body: () => instrument('Table instrument, second version'), allowed: ['org_admin'], ok: 201 },
  { method: 'POST', url: '/api/judgement-instruments/:id/retire', path: (c) => `/api/judgement-instruments/${c.ids.spareInstrument}/retire`, allowed: ['org_admin'], ok: 204 },
  { method: 'GET', url: '/api/cases/:id/judgements', path: (c) => `/api/cases/${c.ids.rosa}/judgements`, allowed: ['case_coordinator'], note: "the centre's role on Rosa's case does not include the section" },
  { method: 'POST', url: '/api/cases/:id/judgements', path: (c) => `/api/cases/${c.ids.rosa}/judgements`, body: (c) => judgement(c), allowed: ['case_coordinator'], ok: 201 },
  // Action plans — response report, figures, exports and public pages (the demo plan is published).
  { method: 'GET', url: '/api/plans/:planId/report', path: (c) => `/api/plans/${c.ids.demoPlan}/report`, allowed: ['plan_coordinator', 'contributor'] },
  { method: 'POST', url: '/api/plans/:planId/report/pdf', path: (c) => `/api/plans/${c.ids.demoPlan}/report/pdf?lang=ar`, allowed: ['plan_coordinator', 'contributor'], ok: 202 },
  { method: 'GET', url: '/api/plans/:planId/figures', path: (c) => `/api/plans/${c.ids.demoPlan}/figures`, allowed: ['plan_coordinator', 'contributor'] },
  { method: 'GET', url: '/api/plans/:planId/exports/contributions.:format', path: (c) => `/api/plans/${c.ids.demoPlan}/exports/contributions.csv`, allowed: ['plan_coordinator'], note: 'everything, unanswered included: the coordinators only' },
  { method: 'GET', url: '/api/plans/:planId/exports/commitments.:format', path: (c) => `/api/plans/${c.ids.demoPlan}/exports/commitments.json`, allowed: ['plan_coordinator'] },
  { method: 'GET', url: '/api/public/plans', allowed: 'all' },
  { method: 'GET', url: '/api/public/plans/:planId', path: (c) => `/api/public/plans/${c.ids.demoPlan}`, allowed: 'all' },
  { method: 'GET', url: '/api/public/plans/:planId/commitments/:id', path: (c) => `/api/public/plans/${c.ids.demoPlan}/commitments/${c.ids.xm1}`, allowed: 'all' },
  { method: 'GET', url: '/api/public/plans/:planId/report', path: (c) => `/api/public/plans/${c.ids.demoPlan}/report`, allowed: 'all' },
  { method: 'GET', url: '/api/public/plans/:planId/report.pdf', path: (c) => `/api/public/plans/${c.ids.demoPlan}/report.pdf?lang=ru`, allowed: 'all', ok: 202, note: 'made in the background: 202 until the document is built' },
  { method: 'POST', url: '/api/public/plans/:planId/report/pdf', path: (c) => `/api/public/plans/${c.ids.demoPlan}/report/pdf?lang=ru`, allowed: 'all', ok: 202 },
  // Documents: the plan coordinator asked for the report PDF while the table was prepared; only they read it.
  { method: 'GET', url: '/api/documents/:id', path: (c) => `/api/documents/${c.ids.document}`, allowed: ['plan_coordinator'], refused: 404 },
  { method: 'GET', url: '/api/documents/:id/file', path: (c) => `/api/documents/${c.ids.document}/file`, allowed: ['plan_coordinator'], refused: 404 },
  { method: 'GET', url: '/api/public/plans/:planId/figures', path: (c) => `/api/public/plans/${c.ids.demoPlan}/figures`, allowed: 'all' },
  // Monitoring — computed indicators (national for coordinators, planners and donors; the organisation's caseload for its case staff).
  { method: 'GET', url: '/api/monitoring/indicators', allowed: ['org_admin', 'case_coordinator', 'caseworker', 'dpo', 'plan_coordinator', 'donor_officer'] },
  { method: 'GET', url: '/api/public/plans/:planId/exports/contributions.:format', path: (c) => `/api/public/plans/${c.ids.demoPlan}/exports/contributions.json`, allowed: 'all' },
  { method: 'GET', url: '/api/public/plans/:planId/exports/commitments.:format', path: (c) => `/api/public/plans/${c.ids.demoPlan}/exports/commitments.csv`, allowed: 'all' },
  { method: 'GET', url: '/api/public/plans/:planId/files/:fileId', path: (c) => `/api/public/plans/${c.ids.demoPlan}/files/${c.ids.planFile}`, allowed: 'all', note: 'evidence of a commitment in a published plan' },
  // Consultations, contributions and reasoned responses, on the demo plan (published: anyone signed in reads it).
  { method: 'GET', url: '/api/plans/:planId/consultations', path: (c) => `/api/plans/${c.ids.demoPlan}/consultations`, allowed: 'signed-in' },
  { method: 'POST', url: '/api/plans/:planId/consultations', path: (c) => `/api/plans/${c.ids.demoPlan}/consultations`, body: (c) => ({ title: `Table round ${c.run}`, opensAt: new Date().toISOString(), closesAt: new Date(Date.now() + 86_400_000).toISOString(), modes: ['online'] }), allowed: ['plan_coordinator'], ok: 201, note: 'the owning body’s coordinators' },
  { method: 'GET', url: '/api/plans/:planId/consultations/:id', path: (c) => `/api/plans/${c.ids.demoPlan}/consultations/${c.ids.onlineConsultation}`, allowed: 'signed-in' },
  { method: 'PATCH', url: '/api/plans/:planId/consultations/:id', path: (c) => `/api/plans/${c.ids.demoPlan}/consultations/${c.ids.meetingConsultation}`, body: () => ({ description: 'Changed by the table' }), allowed: ['plan_coordinator'], ok: 204 },
  { method: 'POST', url: '/api/plans/:planId/consultations/:id/invitations', path: (c) => `/api/plans/${c.ids.demoPlan}/consultations/${c.ids.onlineConsultation}/invitations`, body: (c) => ({ orgIds: [c.ids.YH] }), allowed: ['plan_coordinator'] },
  { method: 'GET', url: '/api/plans/:planId/consultations/:id/participants', path: (c) => `/api/plans/${c.ids.demoPlan}/consultations/${c.ids.meetingConsultation}/participants`, allowed: ['plan_coordinator'], note: 'the register is the coordinators’ only' },
  { method: 'POST', url: '/api/plans/:planId/consultations/:id/participants', path: (c) => `/api/plans/${c.ids.demoPlan}/consultations/${c.ids.meetingConsultation}/participants`, body: () => ({ orgName: 'Table elders', orgType: 'community', sex: 'male' }), allowed: ['plan_coordinator'], ok: 201 },
  { method: 'DELETE', url: '/api/plans/:planId/consultations/:id/participants/:participantId', path: (c) => `/api/plans/${c.ids.demoPlan}/consultations/${c.ids.meetingConsultation}/participants/${c.ids.participant}`, allowed: ['plan_coordinator'], ok: 204 },
  { method: 'POST', url: '/api/plans/:planId/contributions', path: (c) => `/api/plans/${c.ids.demoPlan}/contributions`, body: (c) => ({ consultationId: c.ids.onlineConsultation, body: `Table contribution ${c.run}` }), allowed: ['contributor'], ok: 201, note: 'the network is invited to the open online consultation' },
  { method: 'GET', url: '/api/plans/:planId/contributions', path: (c) => `/api/plans/${c.ids.demoPlan}/contributions`, allowed: ['plan_coordinator', 'contributor'], note: 'all for the coordinators, their own for contributors' },
  { method: 'GET', url: '/api/contributions/mine', allowed: ['contributor'] },
  { method: 'PUT', url: '/api/plans/:planId/contributions/:id/response', path: (c) => `/api/plans/${c.ids.demoPlan}/contributions/${c.ids.wvnContribution}/response`, body: () => ({ status: 'accepted', reasons: 'Answered again by the table.' }), allowed: ['plan_coordinator'], ok: 204 },
  { method: 'GET', url: '/api/plans/:planId/linkable', path: (c) => `/api/plans/${c.ids.demoPlan}/linkable`, allowed: ['plan_coordinator'] },
  // Action plans: the demo plan of the coordination centre, in consultation and published.
  { method: 'POST', url: '/api/plans/:planId/files', path: (c) => `/api/plans/${c.ids.demoPlan}/files?ownerKind=contribution&ownerId=${c.ids.wvnOpenContribution}`, upload: () => fileUpload('Evidence\n', { filename: 'evidence.txt', type: 'text/plain' }), allowed: ['contributor'], ok: 201, note: 'the author of the contribution only' },
  { method: 'GET', url: '/api/plans/:planId/files/:fileId', path: (c) => `/api/plans/${c.ids.demoPlan}/files/${c.ids.planFile}`, allowed: 'signed-in', note: 'evidence of a commitment in a published plan' },
  // Plans: the demo plan coordinator's body (NCCP) owns the table's plans; the contributor (WVN, same country) reads them out of drafting.
  { method: 'GET', url: '/api/plans', allowed: PLANNING_ROLES },
  { method: 'POST', url: '/api/plans', body: (c) => ({ title: `Table plan ${c.run}`, periodStart: '2026-01-01', periodEnd: '2028-12-31' }), allowed: ['plan_coordinator'], ok: 201 },
  { method: 'GET', url: '/api/plans/:planId', path: (c) => `/api/plans/${c.ids.plan}`, allowed: PLANNING_ROLES, note: 'in consultation: readable in the country' },
  { method: 'PATCH', url: '/api/plans/:planId', path: (c) => `/api/plans/${c.ids.plan}`, body: () => ({ summary: 'Table check' }), allowed: ['plan_coordinator'], ok: 204 },
  { method: 'POST', url: '/api/plans/:planId/stage', path: (c) => `/api/plans/${c.ids.stagePlan}/stage`, body: () => ({ stage: 'adopted' }), allowed: ['plan_coordinator'], ok: 204, note: 'no contributions: adopted without a reason' },
  { method: 'POST', url: '/api/plans/:planId/publication', path: (c) => `/api/plans/${c.ids.plan}/publication`, body: () => ({ published: true }), allowed: ['plan_coordinator'] },
  { method: 'GET', url: '/api/plans/:planId/sections', path: (c) => `/api/plans/${c.ids.plan}/sections`, allowed: PLANNING_ROLES },
  { method: 'POST', url: '/api/plans/:planId/sections', path: (c) => `/api/plans/${c.ids.plan}/sections`, body: (c) => ({ title: `Table section ${c.run}`, body: 'Table check' }), allowed: ['plan_coordinator'], ok: 201 },
  { method: 'GET', url: '/api/plans/:planId/sections/:id', path: (c) => `/api/plans/${c.ids.plan}/sections/${c.ids.planSection}`, allowed: PLANNING_ROLES },
  { method: 'POST', url: '/api/plans/:planId/sections/:id/versions', path: (c) => `/api/plans/${c.ids.plan}/sections/${c.ids.planSection}/versions`, body: () => ({ title: 'Table section', body: 'Changed', note: 'Table check' }), allowed: ['plan_coordinator'], ok: 201 },
  { method: 'GET', url: '/api/plans/:planId/sections/:id/diff', path: (c) => `/api/plans/${c.ids.plan}/sections/${c.ids.planSection}/diff?from=1&to=1`, allowed: PLANNING_ROLES },
  // Commitments: XM-1 is led by the coordination centre (its plan coordinator reports progress); the
  // network is consulted on it and, as civil society answering for nothing, assesses it.
  { method: 'GET', url: '/api/plans/:planId/commitments', path: (c) => `/api/plans/${c.ids.demoPlan}/commitments`, allowed: 'all', note: 'a published plan' },
  { method: 'POST', url: '/api/plans/:planId/commitments', path: (c) => `/api/plans/${c.ids.demoPlan}/commitments`, body: (c) => commitment(c), allowed: ['plan_coordinator'], ok: 201 },
  { method: 'GET', url: '/api/plans/:planId/commitments/:id', path: (c) => `/api/plans/${c.ids.demoPlan}/commitments/${c.ids.xm1}`, allowed: 'all', note: 'a published plan' },
  { method: 'PATCH', url: '/api/plans/:planId/commitments/:id', path: (c) => `/api/plans/${c.ids.demoPlan}/commitments/${c.ids.xm1}`, body: () => ({ communicationMechanism: 'Minutes of every council meeting published within 30 days.' }), allowed: ['plan_coordinator'], ok: 204 },
  { method: 'POST', url: '/api/plans/:planId/commitments/:id/progress', path: (c) => `/api/plans/${c.ids.demoPlan}/commitments/${c.ids.xm1}/progress`, body: () => ({ reportedOn: today(), completion: 'limited', body: 'Table check of progress.' }), allowed: ['plan_coordinator'], ok: 201, note: 'the lead body; the network is only consulted' },
  { method: 'POST', url: '/api/plans/:planId/commitments/:id/assessments', path: (c) => `/api/plans/${c.ids.demoPlan}/commitments/${c.ids.xm1}/assessments`, body: () => ({ assessedOn: today(), completion: 'limited', reasons: 'Table check of an assessment.' }), allowed: ['contributor'], ok: 201, note: 'independent civil society only' },
  // Civic space: the collective's first monitor; the demo's corroborated record and this year's proposed rating of Marisca were entered by its second monitor.
  { method: 'GET', url: '/api/civic/records', allowed: ['civic_monitor'] },
  { method: 'POST', url: '/api/civic/records', body: (c) => civicRecord(`Table record ${c.run}`), allowed: ['civic_monitor'], ok: 201 },
  { method: 'GET', url: '/api/civic/records/:id', path: (c) => `/api/civic/records/${c.ids.civicDraft}`, allowed: ['civic_monitor'] },
  { method: 'POST', url: '/api/civic/records/:id/sources', path: (c) => `/api/civic/records/${c.ids.civicDraft}/sources`, body: () => ({ url: 'https://news.example.org/table', title: 'Table source' }), allowed: ['civic_monitor'], ok: 201 },
  { method: 'POST', url: '/api/civic/records/:id/affected', path: (c) => `/api/civic/records/${c.ids.civicDraft}/affected`, body: () => ({ description: 'An organisation not named' }), allowed: ['civic_monitor'], ok: 201 },
  { method: 'POST', url: '/api/civic/records/:id/affected/:affectedId/consent', path: (c) => `/api/civic/records/${c.ids.civicDraft}/affected/${c.ids.civicNamed}/consent`, body: () => ({ note: 'Consent by letter' }), allowed: ['civic_monitor'], ok: 204 },
  { method: 'POST', url: '/api/civic/records/:id/status', path: (c) => `/api/civic/records/${c.ids.civicToVerify}/status`, body: () => ({ status: 'verified' }), allowed: ['civic_monitor'], ok: 204, note: 'a second monitor verifies what the first entered' },
  { method: 'POST', url: '/api/civic/records/:id/publication', path: (c) => `/api/civic/records/${c.ids.civicToWithdraw}/publication`, body: () => ({ published: false }), allowed: ['civic_monitor'], ok: 204 },
  { method: 'GET', url: '/api/civic/ratings', allowed: ['civic_monitor'] },
  { method: 'POST', url: '/api/civic/ratings', body: (c) => ({ country: 'XV', year: 2000, rating: 'open', reasons: `Table proposal ${c.run}, reasons long enough.` }), allowed: ['civic_monitor'], ok: 201 },
  { method: 'POST', url: '/api/civic/ratings/:id/confirm', path: (c) => `/api/civic/ratings/${c.ids.civicRating}/confirm`, allowed: ['civic_monitor'], ok: 204, note: 'proposed by the second monitor' },
  { method: 'GET', url: '/api/civic/subscriptions', allowed: 'signed-in' },
  { method: 'PUT', url: '/api/civic/subscriptions/:country', path: () => '/api/civic/subscriptions/XV', body: () => ({ types: ['assembly'] }), allowed: 'signed-in', ok: 204 },
  { method: 'DELETE', url: '/api/civic/subscriptions/:country', path: () => '/api/civic/subscriptions/XV', allowed: 'signed-in', ok: 204, note: 'each person’s own, made by the row above' },
  { method: 'GET', url: '/api/civic/reports', allowed: ['civic_monitor'] },
  { method: 'GET', url: '/api/civic/desks', allowed: ['civic_monitor'] },
  { method: 'POST', url: '/api/civic/desks', body: () => ({ country: null }), allowed: ['civic_monitor'], ok: 201, note: 'every country; the collective reads three' },
  { method: 'DELETE', url: '/api/civic/desks/:id', path: (c) => `/api/civic/desks/${c.ids.deskXT}`, allowed: ['civic_monitor'], ok: 204, note: 'its own organisation’s desk' },
  { method: 'GET', url: '/api/civic/webhooks', allowed: ['org_admin'] },
  { method: 'POST', url: '/api/civic/webhooks', body: (c) => ({ url: `https://hooks.example.org/${c.run}`, countries: [], types: ['assembly'] }), allowed: ['org_admin'], ok: 201 },
  { method: 'DELETE', url: '/api/civic/webhooks/:id', path: (c) => `/api/civic/webhooks/${c.ids.webhook}`, allowed: ['org_admin'], ok: 204, note: 'its own organisation’s webhook' },
  { method: 'GET', url: '/api/civic/reports/:id', path: (c) => `/api/civic/reports/${c.ids.reportNew}`, allowed: ['civic_monitor'] },
  { method: 'GET', url: '/api/civic/reports/:id/files/:fileId', path: (c) => `/api/civic/reports/${c.ids.reportTaken}/files/${c.ids.reportFile}`, allowed: ['civic_monitor'], note: 'the monitor who took the report' },
  { method: 'POST', url: '/api/civic/reports/:id/assign', path: (c) => `/api/civic/reports/${c.ids.reportNew}/assign`, allowed: ['civic_monitor'], ok: 204 },
  { method: 'POST', url: '/api/civic/reports/:id/questions', path: (c) => `/api/civic/reports/${c.ids.reportTaken}/questions`, body: () => ({ body: 'A question from the table' }), allowed: ['civic_monitor'], ok: 204, note: 'the monitor who took the report' },
  { method: 'POST', url: '/api/civic/reports/:id/record', path: (c) => `/api/civic/reports/${c.ids.reportTaken}/record`, body: (c) => civicRecord(`Table record from a report ${c.run}`), allowed: ['civic_monitor'], ok: 201, note: 'the monitor who took the report' },
  { method: 'GET', url: '/api/public/civic/countries', allowed: 'all' },
  { method: 'GET', url: '/api/public/civic/countries/:code', path: () => '/api/public/civic/countries/XM', allowed: 'all' },
  { method: 'GET', url: '/api/public/civic/records', allowed: 'all' },
  { method: 'GET', url: '/api/public/civic/records/:id', path: (c) => `/api/public/civic/records/${c.ids.civicPublished}`, allowed: 'all' },
  { method: 'GET', url: '/api/public/civic/export.:format', path: () => '/api/public/civic/export.csv?country=XT', allowed: 'all', ok: 202, note: 'the document to follow until a job has built the file' },
  { method: 'POST', url: '/api/public/civic/exports', body: () => ({ format: 'json', country: 'XM' }), allowed: 'all', ok: 202 },
  // Funding: calls by donor officers, applications by CSOs' administrators and contributors, review by those assigned.
  { method: 'GET', url: '/api/funding/calls', allowed: 'signed-in' },
  { method: 'POST', url: '/api/funding/calls', body: (c) => fundingCall(`Table call ${c.run}`), allowed: ['donor_officer'], ok: 201 },
  { method: 'GET', url: '/api/funding/calls/:id', path: (c) => `/api/funding/calls/${c.ids.fundingCallA}`, allowed: 'signed-in' },
  { method: 'PUT', url: '/api/funding/calls/:id', path: (c) => `/api/funding/calls/${c.ids.fundingDraftCall}`, body: (c) => fundingCall(`Table draft ${c.run}`), allowed: ['donor_officer'], ok: 204 },
  { method: 'POST', url: '/api/funding/calls/:id/publish', path: (c) => `/api/funding/calls/${c.ids.fundingDraftCall}/publish`, allowed: ['donor_officer'], ok: 204 },
  { method: 'POST', url: '/api/funding/calls/:id/deadline', path: (c) => `/api/funding/calls/${c.ids.fundingCallA}/deadline`, body: (c) => ({ deadline: new Date(Date.now() + (400 + c.run) * 86_400_000).toISOString() }), allowed: ['donor_officer'], ok: 204 },
  { method: 'POST', url: '/api/funding/calls/:id/applications', path: (c) => `/api/funding/calls/${c.ids.fundingCallC}/applications`, allowed: ['org_admin', 'contributor'], ok: 201 },
  { method: 'GET', url: '/api/funding/applications/:id', path: (c) => `/api/funding/applications/${c.ids.fundingAppA}`, allowed: ['donor_officer', 'contributor', 'civic_monitor'], refused: 404, note: 'the owner, the applicant and a reviewer without conflict' },
  { method: 'PUT', url: '/api/funding/applications/:id', path: (c) => `/api/funding/applications/${c.ids.fundingAppB}`, body: () => ({ answers: fundingAnswers, budgetLines: fundingBudget }), allowed: ['contributor'], ok: 204, refused: 404 },
  { method: 'POST', url: '/api/funding/applications/:id/submit', path: (c) => `/api/funding/applications/${c.ids.fundingAppB}/submit`, allowed: ['contributor'], ok: 204, refused: 404 },
  { method: 'POST', url: '/api/funding/applications/:id/reviewers', path: (c) => `/api/funding/applications/${c.ids.fundingAppA}/reviewers`, body: () => ({ email: 'plan-coordinator@tandem.example' }), allowed: ['donor_officer'], ok: 201, refused: 404 },
  { method: 'DELETE', url: '/api/funding/applications/:id/reviewers/:reviewerId', path: (c) => `/api/funding/applications/${c.ids.fundingAppA}/reviewers/${c.ids.fundingUndeclared}`, allowed: ['donor_officer'], ok: 204, refused: 404 },
  { method: 'GET', url: '/api/funding/reviews', allowed: 'signed-in' },
  { method: 'POST', url: '/api/funding/reviews/:id/declaration', path: (c) => `/api/funding/reviews/${c.ids.fundingToDeclare}/declaration`, body: () => ({ conflict: false }), allowed: ['civic_monitor'], ok: 204, refused: 404 },
  { method: 'PUT', url: '/api/funding/reviews/:id/scores', path: (c) => `/api/funding/reviews/${c.ids.fundingToScore}/scores`, body: () => ({ scores: [{ criterion: 'relevance', score: 7, comment: 'Table' }] }), allowed: ['civic_monitor'], ok: 204, refused: 404 },
  { method: 'GET', url: '/api/public/funding/calls', allowed: 'all' },
  { method: 'POST', url: '/api/funding/applications/:id/decision', path: (c) => `/api/funding/applications/${c.ids.fundingAppA}/decision`, body: () => ({ decision: 'award', reasons: 'Awarded for the table, with reasons.' }), allowed: ['donor_officer'], ok: 204, refused: 404 },
  // Results frameworks: the demo national plan's (published), owned by the coordination centre; the network reports the school enrolment share.
  { method: 'GET', url: '/api/results/frameworks', allowed: 'signed-in' },
  { method: 'POST', url: '/api/results/frameworks', body: (c) => ({ kind: 'programme', programme: `Table programme ${c.run}`, title: `Table framework ${c.run}`, goal: 'A goal for the table.' }), allowed: ['plan_coordinator', 'org_admin'], ok: 201 },
  { method: 'GET', url: '/api/results/frameworks/:id', path: (c) => `/api/results/frameworks/${c.ids.demoFramework}`, allowed: 'signed-in', note: 'the framework of a published plan' },
  { method: 'POST', url: '/api/results/frameworks/:id/nodes', path: (c) => `/api/results/frameworks/${c.ids.demoFramework}/nodes`, body: (c) => ({ level: 'outcome', title: `Table outcome ${c.run}` }), allowed: ['plan_coordinator'], ok: 201 },
  { method: 'POST', url: '/api/results/frameworks/:id/indicators', path: (c) => `/api/results/frameworks/${c.ids.demoFramework}/indicators`, body: (c) => reportedIndicator(c.ids.demoOutcome!, c.ids.WVN!, `Table indicator ${c.run}`), allowed: ['plan_coordinator'], ok: 201 },
  { method: 'PUT', url: '/api/results/indicators/:id/targets', path: (c) => `/api/results/indicators/${c.ids.demoIndicator}/targets`, body: () => ({ targets: [{ period: '2027', value: 4 }] }), allowed: ['plan_coordinator'], ok: 204 },
  { method: 'GET', url: '/api/results/indicators/:id', path: (c) => `/api/results/indicators/${c.ids.demoIndicator}`, allowed: 'signed-in' },
  { method: 'POST', url: '/api/results/indicators/:id/reports', path: (c) => `/api/results/indicators/${c.ids.demoSchool}/reports`, body: () => ({ period: '2027', numerator: 15, denominator: 20, evidence: 'Enrolment letters for the table.' }), allowed: ['contributor'], ok: 201, note: 'the responsible organisation only' },
  { method: 'POST', url: '/api/results/reports/:id/review', path: (c) => `/api/results/reports/${c.ids.demoAwaiting}/review`, body: () => ({ decision: 'approve', version: 1 }), allowed: ['plan_coordinator'], ok: 204, note: 'a value under review is the owner’s and the reporter’s only' },
  { method: 'GET', url: '/api/results/review', allowed: ['plan_coordinator', 'org_admin'] },
  { method: 'POST', url: '/api/results/indicators/:id/publication', path: (c) => `/api/results/indicators/${c.ids.demoIndicator}/publication`, body: () => ({ published: true }), allowed: ['plan_coordinator'], ok: 204 },
  { method: 'GET', url: '/api/public/plans/:planId/results', path: (c) => `/api/public/plans/${c.ids.demoPlan}/results`, allowed: 'all' },
  // Background jobs: the platform administrators'.
  { method: 'GET', url: '/api/jobs', allowed: ['platform_admin'] },
  { method: 'POST', url: '/api/jobs/:name/failures/:id/retry', path: () => '/api/jobs/mail.send/failures/00000000-0000-4000-8000-000000000000/retry', allowed: [], note: 'no such failed job: 404 for the platform administrator' },
  // Last: it ends the sessions the rows above use.
  { method: 'POST', url: '/api/auth/logout', allowed: 'all', ok: 204 },
];

/** Some endpoints refuse by relation (404) for roles that have the ability but not the relation. */
const RELATION_REFUSALS: Record<string, Partial<Record<Who, number>>> = {
  // Those who started an enrolment in the row before get "wrong code"; the enrolled, 409.
  'POST /api/auth/mfa/enrolment/confirm': { plan_coordinator: 401, contributor: 401, civic_monitor: 401, donor_officer: 401, viewer: 401 },
  'POST /api/agreements/:id/signatures': { org_admin: 409 },
  'POST /api/jobs/:name/failures/:id/retry': { platform_admin: 404 },
  // Only the receiving organisation answers and records sessions: the referring one finds no such referral.
  'POST /api/referrals/:id/answer': { case_coordinator: 404 },
  'POST /api/referrals/:id/sessions': { case_coordinator: 404 },
  'POST /api/referrals/:id/close': { caseworker: 409 },
  // Cases the centre is not on the team of do not exist for its caseworker.
  // (The caseworker broke the glass on Aziz's case while the table was prepared: refused, not hidden.)
  'POST /api/cases/:id/referrals': { caseworker: 404 },
  'POST /api/cases/:id/referrals/:childId/withdraw': { caseworker: 404 },
  'POST /api/break-glass': { case_coordinator: 409 },
  // Kamal's case is the agency's: the centre's caseworker does not see it at all.
  'POST /api/cases/:id/close': { caseworker: 404 },
  'POST /api/cases/:id/reopen': { caseworker: 404 },
  // A reminder of the agency's does not exist for the centre.
  'POST /api/reminders/:id/dismiss': { caseworker: 404 },
  // Only the author attaches to a contribution: the plan's coordinator finds no such record to attach to.
  'POST /api/plans/:planId/files': { plan_coordinator: 404 },
  // Another organisation's instrument does not exist for the platform administrator; nor Rosa's judgements for the centre.
  'POST /api/judgement-instruments/:id/versions': { platform_admin: 404 },
  'POST /api/judgement-instruments/:id/retire': { platform_admin: 404 },
  'GET /api/cases/:id/judgements': { caseworker: 404 },
  // The centre's administrator manages results, but a value under review elsewhere does not exist for them.
  'POST /api/results/reports/:id/review': { org_admin: 404 },
  'POST /api/cases/:id/judgements': { caseworker: 404 },
  // The applicant and a reviewer of the application are refused the owner's actions; others find no such application.
  'POST /api/funding/applications/:id/reviewers': { contributor: 403, civic_monitor: 403 },
  // Submitted by the contributor just before: the call owner now reads it, and may not submit it.
  'POST /api/funding/applications/:id/submit': { donor_officer: 403 },
  'DELETE /api/funding/applications/:id/reviewers/:reviewerId': { contributor: 403, civic_monitor: 403 },
  'POST /api/funding/applications/:id/decision': { contributor: 403, civic_monitor: 403 },
};

describe.each(backends)('authorisation table on %s', (backend) => {
  let t: TestApp;
  const clients = new Map<Who, TestClient>();
  const ctxBase: Omit<Ctx, 'who' | 'run'> = { ids: {}, userIds: {} };

  /** Case aliases and numbers of the demo: a refusal must name none of them. */
  let secrets: string[] = [];
  /** Request ids of refusals for lack of a right (403) to signed-in people. */
  const forbidden: string[] = [];
  beforeAll(async () => {
    t = await createTestApp(backend);
    const orgs = await t.db.system((tx) => tx.selectFrom('organisations').select(['id', 'short_name']).execute());
    for (const o of orgs) ctxBase.ids[o.short_name!] = o.id;
    // A member of BPC whose roles and status the administrator changes.
    ctxBase.userIds.target = await t.db.system((tx) =>
      createAccount(tx, { email: 'target@tandem.example', displayName: 'Target Person', password: DEMO_PASSWORD, orgId: ctxBase.ids.BPC!, roles: ['viewer'] }),
    );
    // Each actor from its own address, so that per-address limits do not mix them up.
    let host = 10;
    for (const a of ONE_PER_ROLE) clients.set(a.roles[0]!, await t.signIn(a.email, undefined, { remoteAddress: `10.9.0.${host++}` }));
    clients.set('nobody', t.client({ remoteAddress: '10.9.0.99' }));
    const outsider = await t.signIn('target@tandem.example');
    ctxBase.ids.someoneElsesSession = (await outsider.get('/api/auth/sessions')).json().sessions[0].id;
    const bpc = clients.get('org_admin')!;
    ctxBase.ids.invitation = (await bpc.post('/api/organisations/current/invitations', { email: 'withdraw-me@example.org', displayName: 'W', roles: ['viewer'] })).json().id;
    ctxBase.ids.agreement = ((await bpc.get('/api/agreements')).json().agreements as Array<{ id: string; title: string }>).find((a) => a.title.startsWith('Psychosocial'))!.id;
    ctxBase.ids.draft = (await bpc.post('/api/agreements', agreement({ ...ctxBase, who: 'org_admin', run: 0 }))).json().id;
    ctxBase.ids.spare = (await bpc.post('/api/agreements', { ...agreement({ ...ctxBase, who: 'org_admin', run: 1 }), title: 'Spare' })).json().id;
    // An agreement of the centre's in force, then suspended by it, to be signed again.
    const { insertAgreement } = await import('../../src/modules/orgs/setup.ts');
    ctxBase.ids.suspended = await t.db.system((tx) =>
      insertAgreement(
        tx,
        {
          title: 'Suspended for the table',
          services: '',
          parties: [ctxBase.ids.BPC!, ctxBase.ids.YH!],
          dataCategories: ['identity'],
          legalBasis: 'consent',
          retentionMonths: 12,
          validFrom: today(),
          validUntil: nextYear(),
          signedBy: [ctxBase.ids.BPC!, ctxBase.ids.YH!].map((orgId) => ({ orgId, name: 'Signatory', title: 'Director' })),
        },
        new Date(),
      ),
    );
    expect((await bpc.post(`/api/agreements/${ctxBase.ids.suspended}/suspend`, { reason: 'Suspended for the table' })).statusCode).toBe(200);
    const caseRows = await t.db.system((tx) => tx.selectFrom('cases').select(['id', 'alias', 'case_number']).execute());
    const caseId = (alias: string) => caseRows.find((r) => r.alias === alias)!.id;
    Object.assign(ctxBase.ids, {
      rosa: caseId('Rosa'),
      aziz: caseId('Aziz'),
      sami: caseId('Sami'),
      nadiraNumber: caseRows.find((r) => r.alias === 'Nadira')!.case_number,
      azizNumber: caseRows.find((r) => r.alias === 'Aziz')!.case_number,
      kamal: caseId('Kamal'),
      lilia: caseId('Lilia'),
    });
    const liliaPlan = await t.db.system((tx) =>
      tx.selectFrom('case_plan_actions').select(['goal_id', 'id']).where('case_id', '=', caseId('Lilia')).where('responsible_org_id', '=', ctxBase.ids.BPC!).executeTakeFirstOrThrow(),
    );
    Object.assign(ctxBase.ids, { liliaGoal: liliaPlan.goal_id, liliaCentreAction: liliaPlan.id });
    const referralOf = async (alias: string) =>
      (await t.db.system((tx) => tx.selectFrom('referrals').select('id').where('case_id', '=', caseId(alias)).executeTakeFirstOrThrow())).id;
    Object.assign(ctxBase.ids, { ilyasReferral: await referralOf('Ilyas'), rosaReferral: await referralOf('Rosa'), timurReferral: await referralOf('Timur') });
    const coordinator = clients.get('case_coordinator')!;
    ctxBase.ids.spareConsent = (await coordinator.post(`/api/cases/${ctxBase.ids.aziz}/consents`, { recipientOrgId: ctxBase.ids.LAC, purpose: 'Spare', dataCategories: ['identity'], legalBasis: 'consent', givenBy: 'person', startsOn: today() })).json().id;
    ctxBase.ids.spareBreakGlass = (
      await clients.get('caseworker')!.post('/api/break-glass', { caseNumber: ctxBase.ids.azizNumber, reason: 'A spare use of emergency access for the table.' })
    ).json().caseId;
    ctxBase.ids.spareBreakGlass = (
      await t.db.system((tx) => tx.selectFrom('case_break_glass').select('id').executeTakeFirstOrThrow())
    ).id;
    ctxBase.ids.agencyReminder = (
      await t.db.system((tx) =>
        tx.insertInto('case_reminders').values({ case_id: ctxBase.ids.rosa!, org_id: ctxBase.ids.PRS!, kind: 'consent_expiring', subject_id: ctxBase.ids.rosa!, due_on: today() }).returning('id').executeTakeFirstOrThrow(),
      )
    ).id;
    // The agency's side of a possible duplicate across agencies (as the database would record it).
    ctxBase.ids.duplicateNotice = (
      await t.db.system((tx) =>
        tx
          .insertInto('case_duplicate_notices')
          .values({ pair_id: crypto.randomUUID(), org_id: ctxBase.ids.PRS!, side: 'held', case_id: ctxBase.ids.aziz!, other_org_id: ctxBase.ids.BPC!, other_org_name: 'Bridge Psychosocial Centre', fields: ['legal_name'] })
          .returning('id')
          .executeTakeFirstOrThrow(),
      )
    ).id;
    ctxBase.ids.instrument = (await bpc.post('/api/judgement-instruments', instrument('Centre review'))).json().id;
    ctxBase.ids.spareInstrument = (await bpc.post('/api/judgement-instruments', instrument('Spare review'))).json().id;
    ctxBase.ids.agencyInstrument = (await t.db.system((tx) => tx.selectFrom('judgement_instruments').select('id').where('owner_org_id', '=', ctxBase.ids.PRS!).executeTakeFirstOrThrow())).id;
    ctxBase.ids.spareConference = (await coordinator.post(`/api/cases/${ctxBase.ids.lilia}/conferences`, { heldAt: new Date(Date.now() - 3_600_000).toISOString(), place: 'Spare', agenda: ['Spare'] })).json().id;
    ctxBase.ids.spareReferral = (await coordinator.post(`/api/cases/${ctxBase.ids.sami}/referrals`, { toOrgId: ctxBase.ids.LAC, needDomain: 'documentation', service: 'Spare', reason: 'Spare referral', dataCategories: ['identity'] })).json().id;
    // Rosa's case holds the centre's unshared psychosocial notes: a coordinator's export waits for approval.
    const sarRequest = async () =>
      (await coordinator.post('/api/subject-access', { caseNumber: caseRows.find((r) => r.alias === 'Rosa')!.case_number, reason: 'Subject access request received, ref SAR-2.', format: 'json' })).json().request as string;
    ctxBase.ids.sarPending = await sarRequest();
    ctxBase.ids.sarApproved = await sarRequest();
    await clients.get('dpo')!.post(`/api/subject-access/requests/${ctxBase.ids.sarApproved}/decision`, { decision: 'approve', note: 'Approved for the table.' });
    ctxBase.ids.caseImport = (
      await coordinator.request('POST', '/api/cases/imports?mode=all', undefined, fileUpload('alias,sex,age_band,category\nImported for the table,male,18-24,family_member\n'))
    ).json().id;
    await t.runJobs();
    ctxBase.ids.demoPlan = (await t.db.system((tx) => tx.selectFrom('plans').select('id').where('title', '=', DEMO_PLAN_TITLE).executeTakeFirstOrThrow())).id;
    ctxBase.ids.wvnContribution = (
      await t.db.system((tx) => tx.selectFrom('contributions').select('id').where('org_id', '=', ctxBase.ids.WVN!).where('response_status', 'is not', null).executeTakeFirstOrThrow())
    ).id;
    const xm1 = (await t.db.system((tx) => tx.selectFrom('commitments').select('id').where('reference', '=', 'XM-1').executeTakeFirstOrThrow())).id;
    const planConsultations = await t.db.system((tx) => tx.selectFrom('consultations').select(['id', 'modes']).where('plan_id', '=', ctxBase.ids.demoPlan!).execute());
    ctxBase.ids.onlineConsultation = planConsultations.find((k) => k.modes.includes('online'))!.id;
    ctxBase.ids.meetingConsultation = planConsultations.find((k) => k.modes.includes('meeting'))!.id;
    // Files go with a contribution while it is unanswered and its consultation open.
    ctxBase.ids.wvnOpenContribution = (
      await clients.get('contributor')!.post(`/api/plans/${ctxBase.ids.demoPlan}/contributions`, { consultationId: ctxBase.ids.onlineConsultation, body: 'Unanswered, with evidence to come' })
    ).json().id;
    ctxBase.ids.participant = (
      await clients.get('plan_coordinator')!.post(`/api/plans/${ctxBase.ids.demoPlan}/consultations/${ctxBase.ids.meetingConsultation}/participants`, { orgName: 'Spare', orgType: 'cso', sex: 'female' })
    ).json().ids[0];
    ctxBase.ids.xm1 = xm1;
    ctxBase.ids.planFile = (
      await clients.get('plan_coordinator')!.request('POST', `/api/plans/${ctxBase.ids.demoPlan}/files?ownerKind=commitment&ownerId=${xm1}`, undefined, fileUpload('Minutes\n', { filename: 'minutes.txt', type: 'text/plain' }))
    ).json().id;
    // Plans: one in consultation with a section, and one to adopt.
    const nccp = clients.get('plan_coordinator')!;
    const tablePlan = async (title: string) => {
      const id = (await nccp.post('/api/plans', { title, periodStart: '2026-01-01', periodEnd: '2028-12-31' })).json().id as string;
      await nccp.post(`/api/plans/${id}/stage`, { stage: 'consultation' });
      return id;
    };
    ctxBase.ids.plan = await tablePlan('Table plan');
    ctxBase.ids.stagePlan = await tablePlan('Table plan to adopt');
    ctxBase.ids.planSection = (await nccp.post(`/api/plans/${ctxBase.ids.plan}/sections`, { title: 'Table section', body: 'Text' })).json().id;
    secrets = (await t.db.system((tx) => tx.selectFrom('cases').select(['alias', 'case_number']).execute())).flatMap((c) => [c.alias, c.case_number]);
    ctxBase.ids.document = (await nccp.post(`/api/plans/${ctxBase.ids.demoPlan}/report/pdf?lang=en`)).json().id;
    await t.runJobs();
    // Civic space: a draft of the first monitor with a named organisation, and demo records and a proposal of the second.
    const monitor = clients.get('civic_monitor')!;
    ctxBase.ids.civicDraft = (await monitor.post('/api/civic/records', civicRecord('Table draft'))).json().id;
    ctxBase.ids.civicNamed = (await monitor.post(`/api/civic/records/${ctxBase.ids.civicDraft}/affected`, { name: 'Named Association', description: 'Named' })).json().id;
    const civicId = async (title: string) => (await t.db.system((tx) => tx.selectFrom('civic_records').select('id').where('title', '=', title).executeTakeFirstOrThrow())).id;
    ctxBase.ids.civicToVerify = await civicId('Unannounced inspections of youth centres');
    ctxBase.ids.civicToWithdraw = await civicId('State television campaign against "grant-eaters"');
    ctxBase.ids.civicPublished = await civicId('Registration fees for associations tripled');
    ctxBase.ids.civicRating = (await t.db.system((tx) => tx.selectFrom('civic_ratings').select('id').where('status', '=', 'proposed').where('country', '=', 'XM').executeTakeFirstOrThrow())).id;
    // Funding: call A with a submitted application of the network, a reviewer who has scored and one not yet declared;
    // call B with a complete draft; call C open to apply; call D with a reviewer to declare; and a draft call.
    {
      const fDonor = clients.get('donor_officer')!;
      const fWvn = clients.get('contributor')!;
      const published = async (title: string) => {
        const id = (await fDonor.post('/api/funding/calls', fundingCall(title))).json().id as string;
        expect((await fDonor.post(`/api/funding/calls/${id}/publish`)).statusCode).toBe(204);
        return id;
      };
      const applied = async (call: string, submit: boolean) => {
        const id = (await fWvn.post(`/api/funding/calls/${call}/applications`)).json().id as string;
        await fWvn.put(`/api/funding/applications/${id}`, { answers: fundingAnswers, budgetLines: fundingBudget });
        if (submit) expect((await fWvn.post(`/api/funding/applications/${id}/submit`)).statusCode).toBe(204);
        return id;
      };
      const fMonitor = clients.get('civic_monitor')!;
      ctxBase.ids.fundingCallA = await published('Table call A');
      ctxBase.ids.fundingAppA = await applied(ctxBase.ids.fundingCallA, true);
      ctxBase.ids.fundingToScore = (await fDonor.post(`/api/funding/applications/${ctxBase.ids.fundingAppA}/reviewers`, { email: 'monitor@tandem.example' })).json().id;
      await fMonitor.post(`/api/funding/reviews/${ctxBase.ids.fundingToScore}/declaration`, { conflict: false });
      await fMonitor.put(`/api/funding/reviews/${ctxBase.ids.fundingToScore}/scores`, { scores: [{ criterion: 'relevance', score: 8, comment: 'Table' }, { criterion: 'capacity', score: 6, comment: 'Table' }] });
      ctxBase.ids.fundingUndeclared = (await fDonor.post(`/api/funding/applications/${ctxBase.ids.fundingAppA}/reviewers`, { email: 'viewer@tandem.example' })).json().id;
      ctxBase.ids.fundingAppB = await applied(await published('Table call B'), false);
      ctxBase.ids.fundingCallC = await published('Table call C');
      const appD = await applied(await published('Table call D'), true);
      ctxBase.ids.fundingToDeclare = (await fDonor.post(`/api/funding/applications/${appD}/reviewers`, { email: 'monitor@tandem.example' })).json().id;
      ctxBase.ids.fundingDraftCall = (await fDonor.post('/api/funding/calls', fundingCall('Table draft call'))).json().id;
    }
    // Two confidential reports through the plain form: one waiting, one taken by the monitor.
    const reporter = t.client();
    const formToken = async () => /name="token" value="([^"]+)"/.exec((await reporter.get('/report')).body)![1]!;
    let receipt = '';
    for (const title of ['Table report waiting', 'Table report taken']) {
      const form = new URLSearchParams({ token: await formToken(), country: 'XM', title, description: 'Something happened to an association.' }).toString();
      const sent = await reporter.request('POST', '/report', undefined, { rawBody: form, contentType: 'application/x-www-form-urlencoded', csrf: false });
      receipt = /<p class="receipt" id="receipt">([^<]+)<\/p>/.exec(sent.body)![1]!;
    }
    // The taken report's reporter attaches a picture.
    const boundary = '----table-boundary';
    const field = (name: string, value: string) => `--${boundary}\r\nContent-Disposition: form-data; name="${name}"\r\n\r\n${value}\r\n`;
    const rawBody = Buffer.concat([
      Buffer.from(`${field('token', await formToken())}${field('receipt', receipt)}--${boundary}\r\nContent-Disposition: form-data; name="file"; filename="photo.png"\r\nContent-Type: image/png\r\n\r\n`),
      pngWithMetadata(),
      Buffer.from(`\r\n--${boundary}--\r\n`),
    ]);
    expect((await reporter.request('POST', '/report/files', undefined, { rawBody, contentType: `multipart/form-data; boundary=${boundary}`, csrf: false })).statusCode).toBe(200);
    const waiting = (await monitor.get('/api/civic/reports')).json().reports as Array<{ id: string; title: string }>;
    ctxBase.ids.reportNew = waiting.find((r) => r.title === 'Table report waiting')!.id;
    ctxBase.ids.reportTaken = waiting.find((r) => r.title === 'Table report taken')!.id;
    await monitor.post(`/api/civic/reports/${ctxBase.ids.reportTaken}/assign`);
    ctxBase.ids.reportFile = (await monitor.get(`/api/civic/reports/${ctxBase.ids.reportTaken}`)).json().files[0].id;
    // The collective's desk for Tarsenia (no report there is addressed to it), and a webhook of the centre's (its administrator is the table's org_admin).
    ctxBase.ids.deskXT = (await t.db.system((tx) => tx.selectFrom('civic_report_desks').select('id').where('country', '=', 'XT').executeTakeFirstOrThrow())).id;
    const centreAdmin = await t.signIn('org-admin@tandem.example');
    ctxBase.ids.webhook = (await centreAdmin.post('/api/civic/webhooks', { url: 'https://alerts.example.org/tandem', countries: ['XM'], types: [] })).json().id;
    // Results: the demo framework, an outcome, a reported indicator, the network's share, and the value awaiting review.
    ctxBase.ids.demoFramework = (await t.db.system((tx) => tx.selectFrom('results_frameworks').select('id').where('title', '=', DEMO_FRAMEWORK_TITLE).executeTakeFirstOrThrow())).id;
    const resultsIndicators = await t.db.system((tx) => tx.selectFrom('results_indicators').select(['id', 'node_id', 'unit', 'source', 'responsible_org_id']).where('framework_id', '=', ctxBase.ids.demoFramework!).orderBy('position').execute());
    ctxBase.ids.demoIndicator = resultsIndicators[0]!.id;
    ctxBase.ids.demoOutcome = (await t.db.system((tx) => tx.selectFrom('results_nodes').select('id').where('framework_id', '=', ctxBase.ids.demoFramework!).where('level', '=', 'outcome').executeTakeFirstOrThrow())).id;
    ctxBase.ids.demoSchool = resultsIndicators.find((i) => i.unit === 'percentage' && i.source === 'reported')!.id;
    ctxBase.ids.demoAwaiting = (await t.db.system((tx) => tx.selectFrom('results_reports').select('id').where('framework_id', '=', ctxBase.ids.demoFramework!).where('status', '=', 'submitted').executeTakeFirstOrThrow())).id;
  });
  afterAll(() => t?.close());

  it('has a row for every endpoint', () => {
    const rows = new Set(TABLE.map((r) => `${r.method} ${r.url}`));
    const missing = t.app.apiRoutes.map((r) => `${r.method} ${r.url}`).filter((k) => !rows.has(k));
    expect(missing).toEqual([]);
  });

  let run = 100;
  for (const row of TABLE) {
    it(`${row.method} ${row.url}`, async () => {
      for (const who of EVERYONE) {
        const c: Ctx = { ...ctxBase, who, run: run++ };
        c.ids = { ...ctxBase.ids, own: ONE_PER_ROLE.find((a) => a.roles[0] === who) ? await ownOrg(who) : ctxBase.ids.BPC! };
        const client = clients.get(who)!;
        const url = row.path ? row.path(c) : row.url;
        const body = row.body?.(c);
        const res = await client.request(row.method, url, body, row.upload?.(c));
        const allowed = row.allowed === 'all' || (row.allowed === 'signed-in' && who !== 'nobody') || (Array.isArray(row.allowed) && who !== 'nobody' && row.allowed.includes(who));
        const relation = RELATION_REFUSALS[`${row.method} ${row.url}`]?.[who];
        const expected = allowed
          ? (row.ok ?? 200)
          : who === 'nobody'
            ? row.allowed === 'all' ? (row.ok ?? 200) : publicRefusal(row)
            : (relation ?? refusalFor(row));
        expect(res.statusCode, `${who}: ${row.method} ${url} → ${res.body.slice(0, 160)}`).toBe(expected);
        if (expected >= 400) {
          const problem = res.json() as { type: string; status: number; code: string };
          expect(problem.status, `${who}: ${url}`).toBe(expected);
          expect(problem.type).toBe(`urn:tandem:problem:${problem.code}`);
          expect(secrets.filter((s) => res.body.includes(s)), `${who}: ${url} names a case in its refusal`).toEqual([]);
          if (expected === 403 && problem.code === 'forbidden' && who !== 'nobody') forbidden.push(String(res.headers['x-request-id']));
        } else if (res.statusCode !== 204 && String(res.headers['content-type']).startsWith('application/json')) {
          expect((res.json() as { type?: string }).type ?? '', `${who}: ${url}`).not.toMatch(/^urn:tandem:problem:/);
        }
      }
    });
  }

  async function ownOrg(who: Who): Promise<string> {
    const email = ONE_PER_ROLE.find((a) => a.roles[0] === who)!.email;
    const row = await t.db.system((tx) =>
      tx.selectFrom('memberships as m').innerJoin('users as u', 'u.id', 'm.user_id').select('m.org_id').where('u.email', '=', email).executeTakeFirstOrThrow(),
    );
    return row.org_id;
  }

  /** Signed out: 401 where a session is needed; token- or password-based endpoints answer as for others. */
  function publicRefusal(row: Row): number {
    const sessionless = ['/api/auth/login', '/api/auth/password-reset/complete', '/api/invitations/preview', '/api/documents/:id', '/api/documents/:id/file'];
    return sessionless.includes(row.url) ? (row.refused ?? 401) : 401;
  }

  function refusalFor(row: Row): number {
    return row.refused ?? 403;
  }

  it('leaves the audit trail whole after all of it', async () => {
    await t.sealAudit();
    const { verifyAuditChain } = await import('../../src/platform/audit/chain.ts');
    expect((await verifyAuditChain(t.db)).ok).toBe(true);
    // Every refusal for lack of a right left a denied event, in its own request.
    const denied = await t.db.system(async (tx) =>
      (await sql<{ request_id: string }>`SELECT request_id FROM audit_events WHERE outcome = 'denied' AND action = 'access.refused'`.execute(tx)).rows.map((r) => r.request_id),
    );
    expect(forbidden.length).toBeGreaterThan(100);
    expect(forbidden.filter((id) => !denied.includes(id))).toEqual([]);
  });
});

describe('relations the table cannot show with one account per role', () => {
  let t: TestApp;
  beforeAll(async () => {
    t = await createTestApp('pglite');
  });
  afterAll(() => t?.close());

  it("refuses an agreement's pages to an organisation that is not party to it, even its administrator", async () => {
    const bpc = await t.signIn('org-admin@tandem.example');
    const housing = (await bpc.get('/api/agreements')).json().agreements[0].id as string;
    // The data protection officer of PRS, made administrator of PRS for this test.
    await t.db.system((tx) => sql`UPDATE memberships SET roles = ARRAY['dpo', 'org_admin'] WHERE user_id = (SELECT id FROM users WHERE email = 'dpo@tandem.example')`.execute(tx));
    const prs = await t.signIn('dpo@tandem.example');
    const mine = (await prs.get('/api/agreements')).json().agreements.map((a: { id: string }) => a.id);
    expect(mine).toContain(housing); // PRS and BPC share the psychosocial agreement
    const yh = await t.db.system((tx) => tx.selectFrom('organisations').select('id').where('short_name', '=', 'YH').executeTakeFirstOrThrow());
    const created = (await bpc.post('/api/agreements', {
      title: 'BPC and Youth Horizons only',
      partnerOrgIds: [yh.id],
      dataCategories: ['identity'],
      legalBasis: 'consent',
      retentionMonths: 12,
      validFrom: today(),
      validUntil: nextYear(),
    })).json().id as string;
    expect((await prs.get(`/api/agreements/${created}`)).statusCode).toBe(404);
    expect((await prs.post(`/api/agreements/${created}/terminate`, { reason: 'not ours' })).statusCode).toBe(404);
    expect((await prs.put(`/api/agreements/${created}`, { title: 'x' })).statusCode).toBe(400);
  });
});
