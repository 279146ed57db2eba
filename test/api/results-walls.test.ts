// The two walls of results frameworks agree: for every demo account, the rows the database lets
// the application role read (migration 0086) are exactly those the service's policy
// (monitoring/results-policy.ts) says the person may read — frameworks, indicators and reported
// values, at every status — before and after the plan is published. Neither asks the other.
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import type { Actor } from '../../src/platform/auth/actor.ts';
import type { Role } from '../../src/platform/auth/roles.ts';
import { DEMO_ACCOUNTS } from '../../src/demo/data.ts';
import { canReadFramework, canReadIndicator, canReadReport } from '../../src/modules/monitoring/results-policy.ts';
import { createTestApp, type TestApp } from '../support/app.ts';
import { backends } from '../support/databases.ts';

describe.each(backends)('results walls agree on %s', (backend) => {
  let t: TestApp;
  beforeAll(async () => {
    t = await createTestApp(backend);
  });
  afterAll(() => t?.close());

  async function compare(): Promise<number> {
    const people = await t.db.system((tx) =>
      tx.selectFrom('users').innerJoin('memberships', 'memberships.user_id', 'users.id').select(['users.id', 'users.email', 'memberships.org_id', 'memberships.roles']).where('memberships.status', '=', 'active').execute(),
    );
    const all = await t.db.system(async (tx) => ({
      frameworks: await tx.selectFrom('results_frameworks as f').leftJoin('plans as p', 'p.id', 'f.plan_id').select(['f.id', 'f.owner_org_id', 'p.published_at']).execute(),
      indicators: await tx.selectFrom('results_indicators').select(['id', 'framework_id', 'owner_org_id', 'responsible_org_id']).execute(),
      reports: await tx.selectFrom('results_reports').select(['id', 'framework_id', 'owner_org_id', 'responsible_org_id', 'status']).execute(),
    }));
    const published = (frameworkId: string) => all.frameworks.some((f) => f.id === frameworkId && f.published_at !== null);
    let checked = 0;
    for (const p of people.filter((x) => DEMO_ACCOUNTS.some((a) => a.email === x.email))) {
      const actor: Actor = { userId: p.id, sessionId: 'walls', stage: 'complete', orgId: p.org_id, roles: p.roles as Role[] };
      const seen = await t.db.transaction({ role: 'tandem_app', requestId: 'results-walls', userId: p.id, orgId: p.org_id }, async (tx) => ({
        frameworks: (await tx.selectFrom('results_frameworks').select('id').execute()).map((r) => r.id).sort(),
        indicators: (await tx.selectFrom('results_indicators').select('id').execute()).map((r) => r.id).sort(),
        reports: (await tx.selectFrom('results_reports').select('id').execute()).map((r) => r.id).sort(),
      }));
      const expected = {
        frameworks: all.frameworks
          .filter((f) => canReadFramework(actor, { ownerOrgId: f.owner_org_id, planPublished: f.published_at !== null, responsibleOrgIds: all.indicators.filter((i) => i.framework_id === f.id).map((i) => i.responsible_org_id) }))
          .map((f) => f.id)
          .sort(),
        indicators: all.indicators.filter((i) => canReadIndicator(actor, { ownerOrgId: i.owner_org_id, responsibleOrgId: i.responsible_org_id, planPublished: published(i.framework_id) })).map((i) => i.id).sort(),
        reports: all.reports
          .filter((r) => canReadReport(actor, { ownerOrgId: r.owner_org_id, responsibleOrgId: r.responsible_org_id, planPublished: published(r.framework_id), status: r.status as 'submitted' | 'returned' | 'approved' }))
          .map((r) => r.id)
          .sort(),
      };
      expect(seen, p.email).toEqual(expected);
      checked++;
    }
    return checked;
  }

  it('on the demo framework of a published plan', async () => {
    expect(await compare()).toBeGreaterThan(10);
  });

  it('once the plan is withdrawn from publication', async () => {
    await t.db.system((tx) => tx.updateTable('plans').set({ published_at: null }).where('id', 'in', (eb) => eb.selectFrom('results_frameworks').select('plan_id').where('plan_id', 'is not', null).$narrowType<{ plan_id: string }>()).execute());
    expect(await compare()).toBeGreaterThan(10);
  });
});
