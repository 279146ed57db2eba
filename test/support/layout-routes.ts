// Every page of the web app, and who can see it: the layout checks (test/e2e/layout-*.test.ts)
// visit each as each of these people, in every language, at desktop and phone width. A new page
// is covered by adding it here; a test fails when a route of the app is missing from this list.
import { sql } from 'kysely';
import type { Tandem } from '../../src/server.ts';

/** Demo accounts by the first part of their e-mail address; `public` is nobody signed in. */
export const ACCOUNTS = [
  'platform-admin',
  'org-admin',
  'coordinator',
  'caseworker',
  'dpo',
  'plan-coordinator',
  'contributor',
  'monitor',
  'donor',
  'viewer',
] as const;
export type Account = (typeof ACCOUNTS)[number];
export type Visitor = Account | 'public';

export type LayoutRoute = {
  /** A path of the app; `:name` parts are filled from the demo data (see `resolveParams`). */
  path: string;
  who: readonly Visitor[];
};

const EVERYONE = ACCOUNTS;
const MEMBERS_VIEW: Account[] = ['platform-admin', 'org-admin', 'coordinator', 'dpo'];
const AGREEMENTS_VIEW: Account[] = ['org-admin', 'coordinator', 'dpo'];
const CASES: Account[] = ['coordinator', 'caseworker'];
const PLANS_WORK: Account[] = ['plan-coordinator', 'contributor'];
const CASE_TABS = ['identity', 'household', 'consents', 'needs', 'judgement', 'plan', 'referrals', 'conferences', 'notes', 'timeline'];

export const LAYOUT_ROUTES: LayoutRoute[] = [
  // Signed out
  { path: '/sign-in', who: ['public'] },
  { path: '/forgot-password', who: ['public'] },
  { path: '/reset-password', who: ['public'] },
  { path: '/invitation', who: ['public'] },
  { path: '/public/directory', who: ['public'] },
  { path: '/public/plans', who: ['public'] },
  { path: '/public/plans/:publicPlanId', who: ['public'] },
  { path: '/public/plans/:publicPlanId/report', who: ['public'] },
  { path: '/public/plans/:publicPlanId/figures', who: ['public'] },
  { path: '/public/plans/:publicPlanId/results', who: ['public'] },
  { path: '/public/plans/:publicPlanId/commitments/:publicCommitmentId', who: ['public'] },
  // Everyone signed in
  { path: '/', who: EVERYONE },
  { path: '/account', who: EVERYONE },
  { path: '/account/second-factor', who: ['viewer'] },
  { path: '/directory', who: EVERYONE },
  { path: '/organisation', who: EVERYONE },
  { path: '/organisations/:orgId', who: ['viewer', 'coordinator'] },
  { path: '/a-page-that-does-not-exist', who: ['viewer'] },
  // Organisation administration
  { path: '/people', who: MEMBERS_VIEW },
  { path: '/outbox', who: ['org-admin', 'platform-admin'] },
  { path: '/agreements', who: AGREEMENTS_VIEW },
  { path: '/agreements/:agreementId', who: AGREEMENTS_VIEW },
  { path: '/agreements/new', who: ['org-admin'] },
  { path: '/agreements/:agreementId/edit', who: ['org-admin'] },
  { path: '/instruments', who: ['platform-admin', 'org-admin'] },
  { path: '/platform/organisations', who: ['platform-admin'] },
  { path: '/jobs', who: ['platform-admin'] },
  // Data protection
  { path: '/audit', who: ['dpo'] },
  { path: '/retention', who: ['dpo'] },
  { path: '/duplicate-notices', who: ['dpo'] },
  { path: '/break-glass', who: ['coordinator', 'caseworker', 'dpo'] },
  // Cases
  { path: '/cases', who: CASES },
  { path: '/cases/new', who: ['coordinator'] },
  { path: '/cases/import', who: ['coordinator'] },
  // The demo has no import run; the page of one is walked through in test/e2e/case-import.test.ts.
  { path: '/cases/imports/:importId', who: [] },
  { path: '/cases/:caseId', who: ['coordinator'] },
  { path: '/cases/:teamCaseId', who: ['caseworker'] },
  ...CASE_TABS.map((tab) => ({ path: `/cases/:caseId/${tab}`, who: ['coordinator'] as Visitor[] })),
  { path: '/cases/:teamCaseId/plan', who: ['caseworker'] },
  { path: '/cases/:teamCaseId/referrals', who: ['caseworker'] },
  { path: '/referrals', who: CASES },
  // Action plans
  { path: '/plans', who: [...PLANS_WORK, 'donor', 'viewer'] },
  { path: '/plans/new', who: ['plan-coordinator'] },
  { path: '/plans/mine', who: ['contributor'] },
  { path: '/plans/:planId', who: PLANS_WORK },
  { path: '/plans/:planId/sections', who: PLANS_WORK },
  { path: '/plans/:planId/sections/:sectionId', who: PLANS_WORK },
  { path: '/plans/:planId/consultations', who: PLANS_WORK },
  { path: '/plans/:planId/consultations/:consultationId', who: PLANS_WORK },
  { path: '/plans/:planId/contributions', who: PLANS_WORK },
  { path: '/plans/:planId/commitments', who: PLANS_WORK },
  { path: '/plans/:planId/commitments/new', who: ['plan-coordinator'] },
  { path: '/plans/:planId/commitments/:commitmentId', who: PLANS_WORK },
  { path: '/plans/:planId/commitments/:commitmentId/edit', who: ['plan-coordinator'] },
  { path: '/plans/:planId/report', who: PLANS_WORK },
  { path: '/plans/:planId/figures', who: PLANS_WORK },
  // Monitoring
  { path: '/figures', who: ['org-admin', 'coordinator', 'caseworker', 'dpo', 'plan-coordinator', 'donor'] },
  { path: '/results', who: EVERYONE },
  { path: '/results/review', who: ['plan-coordinator', 'org-admin'] },
  { path: '/results/frameworks/:frameworkId', who: ['plan-coordinator', 'contributor', 'caseworker', 'viewer'] },
  { path: '/results/indicators/:indicatorId', who: ['plan-coordinator', 'contributor', 'donor'] },
  { path: '/results/indicators/:reportedIndicatorId', who: ['plan-coordinator', 'contributor'] },
  // Civic space
  { path: '/civic', who: ['monitor'] },
  { path: '/civic/records/new', who: ['monitor'] },
  { path: '/civic/records/:civicRecordId', who: ['monitor'] },
  { path: '/civic/ratings', who: ['monitor'] },
  { path: '/civic/reports', who: ['monitor'] },
  { path: '/civic/reports/:civicReportId', who: ['monitor'] },
  { path: '/public/civic', who: ['public'] },
  // Funding
  { path: '/funding', who: EVERYONE },
  { path: '/funding/calls/new', who: ['donor'] },
  { path: '/funding/calls/:fundingCallId', who: ['donor', 'contributor', 'org-admin'] },
  { path: '/funding/calls/:fundingDraftCallId/edit', who: ['donor'] },
  { path: '/funding/applications/:fundingAwardedId', who: ['donor', 'org-admin'] },
  { path: '/funding/applications/:fundingReviewedId', who: ['donor', 'monitor'] },
  { path: '/funding/reviews', who: ['monitor', 'viewer'] },
  { path: '/public/funding', who: ['public'] },
  { path: '/public/civic/:countryCode', who: ['public'] },
  // The confidential reporting channel: plain pages the server renders (no script).
  { path: '/report', who: ['public'] },
  { path: '/report/follow-up', who: ['public'] },
];

/** The routes one visitor sees, with their parameters filled in. */
export function routesOf(visitor: Visitor, params: Record<string, string>): Array<{ pattern: string; path: string }> {
  return LAYOUT_ROUTES.filter((r) => r.who.includes(visitor)).map((r) => ({
    pattern: r.path,
    path: r.path.replace(/:([A-Za-z]+)/g, (_, name: string) => {
      const value = params[name];
      if (!value) throw new Error(`no demo record for :${name} in ${r.path}`);
      return value;
    }),
  }));
}

/** Records of the demo data the routes need, read directly (the checks are about pages, not access). */
export async function resolveParams(tandem: Tandem): Promise<Record<string, string>> {
  return tandem.db.system(async (tx) => {
    const one = async (query: ReturnType<typeof sql<{ id: string }>>) => (await query.execute(tx)).rows[0]?.id ?? '';
    const org = (short: string) => sql<{ id: string }>`SELECT id FROM organisations WHERE short_name = ${short}`;
    const plan = await one(sql`SELECT id FROM plans WHERE published_at IS NOT NULL ORDER BY created_at LIMIT 1`);
    const prs = await one(org('PRS'));
    const bpc = await one(org('BPC'));
    return {
      orgId: await one(org('NCCP')),
      agreementId: await one(sql`SELECT a.id FROM partnership_agreements a JOIN agreement_parties p ON p.agreement_id = a.id
        WHERE p.org_id = ${bpc} ORDER BY a.created_at LIMIT 1`),
      importId: await one(sql`SELECT id FROM case_imports ORDER BY created_at LIMIT 1`),
      caseId: await one(sql`SELECT id FROM cases WHERE lead_org_id = ${prs} ORDER BY case_number LIMIT 1`),
      // A case the centre works on with its plan shared (the demo's team rows share one joined_at:
      // without the condition and a full order, a case without the plan could come first).
      teamCaseId: await one(sql`SELECT case_id AS id FROM case_team WHERE org_id = ${bpc} AND left_at IS NULL AND 'case_plan' = ANY (sections) ORDER BY joined_at, case_id LIMIT 1`),
      fundingCallId: await one(sql`SELECT id FROM funding_calls WHERE status = 'published' ORDER BY created_at LIMIT 1`),
      fundingDraftCallId: await one(sql`SELECT id FROM funding_calls WHERE status = 'draft' ORDER BY created_at LIMIT 1`),
      fundingAwardedId: await one(sql`SELECT id FROM funding_applications WHERE status = 'awarded' ORDER BY created_at LIMIT 1`),
      fundingReviewedId: await one(sql`SELECT a.id FROM funding_applications a JOIN funding_reviewers r ON r.application_id = a.id
        WHERE a.status = 'submitted' AND r.declared_at IS NOT NULL ORDER BY a.created_at LIMIT 1`),
      planId: plan,
      publicPlanId: plan,
      sectionId: await one(sql`SELECT id FROM plan_sections WHERE plan_id = ${plan} ORDER BY position LIMIT 1`),
      consultationId: await one(sql`SELECT id FROM consultations WHERE plan_id = ${plan} ORDER BY created_at LIMIT 1`),
      commitmentId: await one(sql`SELECT id FROM commitments WHERE plan_id = ${plan} ORDER BY reference LIMIT 1`),
      civicRecordId: await one(sql`SELECT id FROM civic_records ORDER BY created_at LIMIT 1`),
      // The demo report the monitor took: its contact details, a question and the record form.
      civicReportId: await one(sql`SELECT id FROM civic_reports WHERE status = 'assigned' ORDER BY received_on LIMIT 1`),
      countryCode: await one(sql`SELECT country AS id FROM civic_records WHERE published_at IS NOT NULL ORDER BY country LIMIT 1`),
      publicCommitmentId: await one(sql`SELECT id FROM commitments WHERE plan_id = ${plan} ORDER BY reference LIMIT 1`),
      frameworkId: await one(sql`SELECT id FROM results_frameworks WHERE plan_id = ${plan}`),
      // The first indicator (computed ones are last) and the one the network reports, with a value sent back.
      indicatorId: await one(sql`SELECT i.id FROM results_indicators i JOIN results_frameworks f ON f.id = i.framework_id WHERE f.plan_id = ${plan} ORDER BY i.position LIMIT 1`),
      reportedIndicatorId: await one(sql`SELECT i.id FROM results_indicators i JOIN results_frameworks f ON f.id = i.framework_id
        WHERE f.plan_id = ${plan} AND i.responsible_org_id = (SELECT id FROM organisations WHERE short_name = 'WVN') ORDER BY i.position LIMIT 1`),
    };
  });
}
