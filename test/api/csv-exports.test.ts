// Every CSV export, opened in a spreadsheet in any locale: split on commas, on semicolons (the
// list separator in Russian, German, French…) or on tabs, no piece starts a formula — though the
// records hold text written to become one.
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { audit } from '../../src/platform/audit/audit.ts';
import { formulaPieces } from '../../src/platform/export/csv.ts';
import { createTestApp, type TestApp } from '../support/app.ts';
import { backends } from '../support/databases.ts';
import { seedReportFixture, type ReportFixture } from '../support/plan-report-fixture.ts';

/** Formulas behind each separator a spreadsheet may split on, and at the start. */
const HOSTILE = ["note;=cmd|' /C calc'!A0", 'a,=HYPERLINK("http://example.org")', 'b\t@SUM(A1)', 'c; +1+1', 'd;"-2+3"', '=1+1'];
const hostile = (n: number) => HOSTILE.join(` ${n} `);

describe.each(backends)('CSV exports on %s', (backend) => {
  let t: TestApp;
  let f: ReportFixture;
  beforeAll(async () => {
    t = await createTestApp(backend);
    f = await seedReportFixture(t);
    await t.db.system(async (tx) => {
      await tx.updateTable('contributions').set({ body: hostile(1), response_reasons: hostile(2) }).where('plan_id', '=', f.plan).execute();
      await tx.updateTable('commitments').set({ title: hostile(3), objective: hostile(4), problem: hostile(5), communication_mechanism: hostile(6), gender_justification: hostile(7) }).where('plan_id', '=', f.plan).execute();
      await tx.updateTable('commitment_progress').set({ body: hostile(8) }).where('plan_id', '=', f.plan).execute();
      await tx.updateTable('commitment_assessments').set({ reasons: hostile(9) }).where('plan_id', '=', f.plan).execute();
      await tx.updateTable('commitment_milestones').set({ title: hostile(10) }).where('plan_id', '=', f.plan).execute();
      const dpoOrg = await tx
        .selectFrom('memberships')
        .innerJoin('users', 'users.id', 'memberships.user_id')
        .select('memberships.org_id')
        .where('users.email', '=', 'dpo@tandem.example')
        .executeTakeFirstOrThrow();
      await audit(tx, { action: 'test.hostile', subjectType: 'note', subjectId: HOSTILE[0], subjectOrgId: dpoOrg.org_id, details: { text: hostile(12) } });
    });
  });
  afterAll(() => t?.close());

  it('leaves no formula for a spreadsheet splitting on comma, semicolon or tab, in any export', async () => {
    const coordinator = await t.signIn('plan-coordinator@tandem.example');
    const dpo = await t.signIn('dpo@tandem.example');
    const nobody = t.client();
    const exports = {
      'coordinator contributions': await coordinator.get(`/api/plans/${f.plan}/exports/contributions.csv`),
      'coordinator commitments': await coordinator.get(`/api/plans/${f.plan}/exports/commitments.csv`),
      'public contributions': await nobody.get(`/api/public/plans/${f.plan}/exports/contributions.csv`),
      'public commitments': await nobody.get(`/api/public/plans/${f.plan}/exports/commitments.csv`),
      'audit trail': await dpo.get('/api/audit/export?action=test.hostile'),
    };
    for (const [name, res] of Object.entries(exports)) {
      expect(res.statusCode, name).toBe(200);
      expect(res.headers['content-type'], name).toMatch(/^text\/csv/);
      // The hostile text is there, neutralised…
      expect(res.body, name).toContain(`note;'=cmd`);
      // …and nowhere can a spreadsheet start a formula.
      for (const separator of [',', ';', '\t'] as const) expect(formulaPieces(res.body, separator), `${name} split on ${JSON.stringify(separator)}`).toEqual([]);
    }
  });
});
