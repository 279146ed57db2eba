// The results framework of the demo national action plan: its goal, two outcomes linked to the
// plan's commitments XM-1 and XM-2, their outputs, and indicators — three reported by civil
// society organisations with two years of values (most approved, one awaiting the centre's review
// with a large jump flagged, one sent back for correction with the reason), and two computed from
// case data (shown after disclosure control). The first two are published on the plan's public
// pages. Every figure is invented.
import { randomUUID } from 'node:crypto';
import type { Tx } from '../db.ts';
import { DEMO_PLAN_TITLE } from './plans.ts';

export const DEMO_FRAMEWORK_TITLE = 'Results framework of the national action plan 2027–2030';

type Value = { period: string; value: number; numerator?: number; denominator?: number; disaggregates?: unknown[]; evidence: string; jumpFrom?: number };
type Review = { decision: 'approved' | 'returned'; reason?: string };

export async function seedDemoResults(tx: Tx, orgs: Map<string, string>, users: Map<string, string>): Promise<void> {
  const org = (key: string) => orgs.get(key)!;
  const user = (email: string) => users.get(email)!;
  const plan = await tx.selectFrom('plans').select(['id', 'owner_org_id']).where('title', '=', DEMO_PLAN_TITLE).executeTakeFirst();
  if (!plan) return;
  const commitments = await tx.selectFrom('commitments').select(['id', 'reference']).where('plan_id', '=', plan.id).execute();
  const commitment = (ref: string) => commitments.find((c) => c.reference === ref)?.id ?? null;
  const coordinator = user('plan-coordinator@tandem.example');
  const owner = plan.owner_org_id;
  const frameworkId = randomUUID();
  await tx
    .insertInto('results_frameworks')
    .values({
      id: frameworkId,
      owner_kind: 'plan',
      plan_id: plan.id,
      owner_org_id: owner,
      title: DEMO_FRAMEWORK_TITLE,
      goal: 'People returning from conflict zones, their families and people released from prison live safely in their communities, and communities are more resilient to violent extremism.',
      created_by: coordinator,
    })
    .execute();
  const base = { framework_id: frameworkId, owner_org_id: owner, plan_id: plan.id };
  let position = 0;
  const node = async (level: 'outcome' | 'output', title: string, parent: string | null, ref: string | null) => {
    const id = randomUUID();
    await tx
      .insertInto('results_nodes')
      .values({ ...base, id, level, parent_id: parent, parent_level: parent ? 'outcome' : null, position: ++position, title, commitment_id: ref ? commitment(ref) : null })
      .execute();
    return id;
  };
  const prevention = await node('outcome', 'Communities prevent violent extremism together, with youth and women’s organisations', null, 'XM-1');
  const councils = await node('output', 'Prevention councils meeting in every region', prevention, 'XM-1');
  const families = await node('outcome', 'Women and children returning are supported by their families and accepted by their communities', null, 'XM-2');
  const groups = await node('output', 'Family support groups and school enrolment support running', families, 'XM-2');
  const casework = await node('output', 'Each person returning has a case plan agreed with them', families, 'XM-2');

  let indicatorPosition = 0;
  const indicator = async (i: {
    node: string;
    title: string;
    definition: string;
    unit: 'count' | 'percentage';
    baseline: number | null;
    baselinePeriod: string | null;
    frequency: 'annual' | 'semiannual' | 'quarterly';
    responsible: string;
    dimensions: string[];
    computed?: string;
    /** Shown on the plan's public pages. */
    published?: boolean;
    targets: Array<[string, number]>;
  }) => {
    const id = randomUUID();
    await tx
      .insertInto('results_indicators')
      .values({
        ...base,
        id,
        node_id: i.node,
        position: ++indicatorPosition,
        title: i.title,
        definition: i.definition,
        unit: i.unit,
        currency: null,
        direction: 'increase',
        baseline: i.baseline,
        baseline_period: i.baselinePeriod,
        frequency: i.frequency,
        responsible_org_id: org(i.responsible),
        dimensions: i.dimensions,
        source: i.computed ? 'computed' : 'reported',
        computed_kind: i.computed ?? null,
        computed_params: '{}',
        created_by: coordinator,
        published_at: i.published ? new Date() : null,
      })
      .execute();
    if (i.targets.length > 0) {
      await tx
        .insertInto('results_targets')
        .values(i.targets.map(([p, value]) => ({ ...base, indicator_id: id, responsible_org_id: org(i.responsible), period: p, value })))
        .execute();
    }
    return { id, responsible: org(i.responsible) };
  };

  /** A report with its versions; each version but the last was returned, the last gets `last` (or waits). */
  const report = async (ind: { id: string; responsible: string }, reporter: string, versions: Value[], reviews: Review[]) => {
    const id = randomUUID();
    const status = reviews.length === versions.length ? reviews.at(-1)!.decision : 'submitted';
    await tx.insertInto('results_reports').values({ ...base, id, indicator_id: ind.id, responsible_org_id: ind.responsible, period: versions[0]!.period, status, current_version: versions.length }).execute();
    for (const [n, v] of versions.entries()) {
      await tx
        .insertInto('results_report_versions')
        .values({
          report_id: id,
          version: n + 1,
          value: v.value,
          numerator: v.numerator ?? null,
          denominator: v.denominator ?? null,
          disaggregates: JSON.stringify(v.disaggregates ?? []),
          evidence: v.evidence,
          evidence_url: null,
          jump_from: v.jumpFrom ?? null,
          submitted_by: user(reporter),
        })
        .execute();
      const r = reviews[n];
      if (r) await tx.insertInto('results_reviews').values({ report_id: id, version: n + 1, decision: r.decision, reason: r.reason ?? null, reviewed_by: coordinator }).execute();
    }
  };
  const approved: Review[] = [{ decision: 'approved' }];

  const regions = await indicator({
    node: councils,
    title: 'Regions with a functioning prevention council',
    definition: 'Regions whose prevention council met at least twice in the year, with youth and women’s organisations among its members, and published its minutes.',
    unit: 'count',
    baseline: 0,
    baselinePeriod: '2024',
    frequency: 'annual',
    responsible: 'yh',
    dimensions: ['region'],
    published: true,
    targets: [
      ['2025', 2],
      ['2026', 3],
      ['2027', 4],
      ['2028', 5],
    ],
  });
  const yh = 'youth-horizons@tandem.example';
  await report(regions, yh, [{ period: '2025', value: 2, evidence: 'Published minutes of the councils of the Capital District and the Eastern Steppe.', disaggregates: [{ dimension: 'region', group: 'capital', value: 1 }, { dimension: 'region', group: 'east', value: 1 }] }], approved);
  await report(regions, yh, [{ period: '2026', value: 3, evidence: 'Minutes of the councils of the Capital District, the Northern Valleys and the Eastern Steppe.', disaggregates: [{ dimension: 'region', group: 'capital', value: 1 }, { dimension: 'region', group: 'north', value: 1 }, { dimension: 'region', group: 'east', value: 1 }] }], approved);

  const support = await indicator({
    node: groups,
    title: 'Mothers and children returning who took part in family support groups',
    definition: 'Mothers and children returning from conflict zones who attended at least three sessions of a family support group in the half-year.',
    unit: 'count',
    baseline: 12,
    baselinePeriod: '2024-H2',
    frequency: 'semiannual',
    responsible: 'mca',
    dimensions: ['sex'],
    published: true,
    targets: [
      ['2025-H1', 14],
      ['2025-H2', 18],
      ['2026-H1', 24],
      ['2026-H2', 30],
    ],
  });
  const mca = 'mothers-circle@tandem.example';
  const bySex = (female: number, male: number) => [{ dimension: 'sex', group: 'female', value: female }, { dimension: 'sex', group: 'male', value: male }];
  await report(support, mca, [{ period: '2025-H1', value: 14, evidence: 'Attendance sheets of the groups in the Capital District.', disaggregates: bySex(11, 3) }], approved);
  await report(support, mca, [{ period: '2025-H2', value: 19, evidence: 'Attendance sheets of the groups in the Capital District and the Northern Valleys.', disaggregates: bySex(14, 5) }], approved);
  await report(support, mca, [{ period: '2026-H1', value: 22, evidence: 'Attendance sheets of the groups in the Capital District and the Northern Valleys.', disaggregates: bySex(16, 6) }], approved);
  // Awaiting the centre's review: a group opened in the Lake Region, and the value jumped.
  await report(support, mca, [{ period: '2026-H2', value: 41, evidence: 'Attendance sheets, including the new group in the Lake Region opened in September.', disaggregates: bySex(29, 12), jumpFrom: 22 }], []);

  const school = await indicator({
    node: groups,
    title: 'Share of children returning enrolled in school within one month',
    definition: 'Children of school age returning in the year who were enrolled in a school within one month of their return, of all children of school age returning in the year.',
    unit: 'percentage',
    baseline: 35,
    baselinePeriod: '2024',
    frequency: 'annual',
    responsible: 'wvn',
    dimensions: ['sex'],
    targets: [
      ['2025', 50],
      ['2026', 70],
      ['2027', 90],
      ['2028', 100],
    ],
  });
  const wvn = 'contributor@tandem.example';
  const pct = (female: [number, number], male: [number, number]) => [
    { dimension: 'sex', group: 'female', value: null, numerator: female[0], denominator: female[1] },
    { dimension: 'sex', group: 'male', value: null, numerator: male[0], denominator: male[1] },
  ];
  await report(school, wvn, [{ period: '2025', value: 45, numerator: 9, denominator: 20, evidence: 'Enrolment letters of the schools, checked with the families.', disaggregates: pct([4, 9], [5, 11]) }], approved);
  // Sent back: the denominator counts children who came after the school year began.
  await report(school, wvn, [{ period: '2026', value: 65, numerator: 13, denominator: 20, evidence: 'Enrolment letters of the schools.', disaggregates: pct([7, 10], [6, 10]) }], [
    { decision: 'returned', reason: 'The denominator counts children who arrived after the school year began; the definition counts them separately. Please check and send again.' },
  ]);

  await indicator({
    node: casework,
    title: 'Open cases of people returning and their families',
    definition: 'Cases open today in the national caseload, from case records, after disclosure control.',
    unit: 'count',
    baseline: null,
    baselinePeriod: null,
    frequency: 'quarterly',
    responsible: 'prs',
    dimensions: ['sex', 'age_band', 'category', 'region'],
    computed: 'open_cases',
    targets: [],
  });
  await indicator({
    node: casework,
    title: 'Share of people with an open case who have a case plan',
    definition: 'Open cases with at least one goal in their case plan, of all open cases, from case records, after disclosure control.',
    unit: 'percentage',
    baseline: null,
    baselinePeriod: null,
    frequency: 'quarterly',
    responsible: 'prs',
    dimensions: ['sex'],
    computed: 'case_plans',
    targets: [
      ['2026-Q4', 80],
      ['2027-Q4', 95],
    ],
  });
}
