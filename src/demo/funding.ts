// The demo's funding: the Regional Fund for Civil Society's small-grants call, published (and
// listed publicly), with an application at every stage — a draft (Sisters in Learning), one
// submitted and waiting for reviewers (Mothers' Circle), one under review (Youth Horizons: one
// reviewer has scored, one has still to declare), one awarded (Bridge Psychosocial Centre) and one
// declined (Legal Aid Collective), each decided with reasons its applicant reads — and a draft of
// the next call. Every organisation, figure and text here is invented.
import type { Tx } from '../db.ts';

export const DEMO_FUNDING_CALL = 'Community resilience small grants 2027';
export const DEMO_FUNDING_DRAFT = 'Youth media literacy fund (draft)';

const CRITERIA = [
  { key: 'relevance', label: 'Relevance to prevention in the community', weight: 40 },
  { key: 'feasibility', label: 'Feasibility of the plan and budget', weight: 35 },
  { key: 'inclusion', label: 'Reach of women, girls and young people', weight: 25 },
];
const QUESTIONS = [
  { key: 'need', text: 'What need in your community does the project answer?' },
  { key: 'plan', text: 'What will you do, with whom, and when?' },
];

type DemoApplication = {
  org: string;
  by: string;
  status: 'draft' | 'submitted' | 'awarded' | 'rejected';
  answers: Record<string, string>;
  lines: Array<{ label: string; amount: number }>;
  /** Reviewers by e-mail: scores by criterion, or undefined while they have not declared. */
  reviews?: Array<{ email: string; scores?: Record<string, [number, string]> }>;
  reasons?: string;
};

const APPLICATIONS: DemoApplication[] = [
  {
    org: 'sil',
    by: 'sisters-learning@tandem.example',
    status: 'draft',
    answers: { need: 'Girls who left school in the displacement years cannot read well enough to follow vocational courses.' },
    lines: [{ label: 'Literacy tutors (two evenings a week)', amount: 6400 }],
  },
  {
    org: 'mca',
    by: 'mothers-circle@tandem.example',
    status: 'submitted',
    answers: {
      need: 'Mothers of returnees are isolated, and their children are turned away by neighbours and schools.',
      plan: 'Monthly support circles in three districts, with a school liaison who accompanies families to enrolment.',
    },
    lines: [
      { label: 'Facilitators for 18 circles', amount: 9000 },
      { label: 'School liaison (part time, 9 months)', amount: 6300 },
      { label: 'Venues and transport', amount: 2200 },
    ],
  },
  {
    org: 'yh',
    by: 'youth-horizons@tandem.example',
    status: 'submitted',
    answers: {
      need: 'Young men in the outskirts have nowhere to meet but online forums where recruiters are active.',
      plan: 'Weekend sports and debate clubs run by trained peer mentors, with a referral path to counselling.',
    },
    lines: [
      { label: 'Peer mentor training', amount: 4800 },
      { label: 'Club running costs (40 weekends)', amount: 8000 },
    ],
    reviews: [
      {
        email: 'monitor@tandem.example',
        scores: { relevance: [8, 'A real gap, well described.'], feasibility: [6, 'The mentor pool is small for 40 weekends.'], inclusion: [4, 'Little for young women.'] },
      },
      { email: 'monitor-2@tandem.example' },
    ],
  },
  {
    org: 'bpc',
    by: 'org-admin@tandem.example',
    status: 'awarded',
    answers: {
      need: 'Families of returnees wait months for counselling; children show signs of trauma at school.',
      plan: 'Group counselling for mothers and children in two schools, and training for twelve teachers.',
    },
    lines: [
      { label: 'Counsellors (two, six months)', amount: 12000 },
      { label: 'Teacher training', amount: 3500 },
      { label: 'Materials', amount: 900 },
    ],
    reviews: [
      { email: 'monitor@tandem.example', scores: { relevance: [9, 'Directly answers a need we hear about often.'], feasibility: [8, 'Experienced team, realistic budget.'], inclusion: [7, 'Reaches mothers and children.'] } },
      { email: 'viewer@tandem.example', scores: { relevance: [8, 'Clear need.'], feasibility: [8, 'Sound plan.'], inclusion: [8, 'Good reach of women and girls.'] } },
    ],
    reasons: 'Both reviewers found a clear, well-evidenced need and an experienced team with a realistic budget. Awarded in full; please include the school results in your report.',
  },
  {
    org: 'lac',
    by: 'monitor-2@tandem.example',
    status: 'rejected',
    answers: {
      need: 'Families of people convicted of terrorism offences are refused documents and benefits.',
      plan: 'A one-day legal conference for lawyers in the capital.',
    },
    lines: [{ label: 'Conference venue and travel', amount: 19500 }],
    reviews: [
      { email: 'viewer@tandem.example', scores: { relevance: [6, 'Relevant, but the link to families is thin.'], feasibility: [4, 'One event, no follow-up.'], inclusion: [3, 'Does not say who takes part.'] } },
    ],
    reasons: 'The need is real, but a single conference without casework for the families is unlikely to change much, and the plan does not say whom it reaches. We would welcome a new application with legal clinics in the districts.',
  },
];

export async function seedDemoFunding(tx: Tx, orgs: Map<string, string>, users: Map<string, string>): Promise<void> {
  const fund = orgs.get('rfcs')!;
  const officer = users.get('donor@tandem.example')!;
  const day = (days: number) => new Date(Date.now() + days * 86_400_000);
  const call = await tx
    .insertInto('funding_calls')
    .values({
      owner_org_id: fund,
      title: DEMO_FUNDING_CALL,
      purpose:
        'Small grants of up to 20,000 euros for community organisations that protect young people and families from recruitment into violent groups, and help returnees and their families to be accepted back. Women-led organisations have priority.',
      org_types: ['cso', 'community'],
      countries: ['XM'],
      women_led_priority: true,
      criteria: JSON.stringify(CRITERIA),
      questions: JSON.stringify(QUESTIONS),
      budget_ceiling: 20000,
      currency: 'EUR',
      opens_on: day(-30).toISOString().slice(0, 10),
      deadline: day(45),
      blind_review: false,
      public_listing: true,
      created_by: officer,
    })
    .returning('id')
    .executeTakeFirstOrThrow();
  await tx.updateTable('funding_calls').set({ status: 'published', published_at: day(-30) }).where('id', '=', call.id).execute();

  for (const a of APPLICATIONS) {
    const total = a.lines.reduce((s, l) => s + Math.round(l.amount * 100), 0) / 100;
    const app = await tx
      .insertInto('funding_applications')
      .values({
        call_id: call.id,
        applicant_org_id: orgs.get(a.org)!,
        answers: JSON.stringify(a.answers),
        budget_lines: JSON.stringify(a.lines),
        budget_total: total,
        created_by: users.get(a.by)!,
      })
      .returning('id')
      .executeTakeFirstOrThrow();
    if (a.status === 'draft') continue;
    await tx.updateTable('funding_applications').set({ status: 'submitted', submitted_at: day(-10) }).where('id', '=', app.id).execute();
    const sums: number[] = [];
    for (const r of a.reviews ?? []) {
      const reviewer = users.get(r.email)!;
      const name = await tx.selectFrom('users').select('display_name').where('id', '=', reviewer).executeTakeFirstOrThrow();
      const row = await tx
        .insertInto('funding_reviewers')
        .values({ call_id: call.id, application_id: app.id, reviewer_user_id: reviewer, reviewer_name: name.display_name, assigned_by: officer })
        .returning('id')
        .executeTakeFirstOrThrow();
      if (!r.scores) continue;
      await tx.updateTable('funding_reviewers').set({ conflict_declared: false, declared_at: day(-8) }).where('id', '=', row.id).execute();
      let sum = 0;
      for (const c of CRITERIA) {
        const [score, comment] = r.scores[c.key]!;
        sum += (score * c.weight) / 10;
        await tx.insertInto('funding_scores').values({ reviewer_id: row.id, criterion: c.key, score, comment, scored_at: day(-7) }).execute();
      }
      sums.push(Math.round(sum * 100) / 100);
    }
    if (a.status === 'awarded' || a.status === 'rejected') {
      const mean = Math.round((sums.reduce((x, y) => x + y, 0) / sums.length) * 100) / 100;
      await tx
        .updateTable('funding_applications')
        .set({ status: a.status, decision_reasons: a.reasons!, decided_at: day(-3), decided_by: officer, panel_score: mean })
        .where('id', '=', app.id)
        .execute();
    }
  }

  await tx
    .insertInto('funding_calls')
    .values({
      owner_org_id: fund,
      title: DEMO_FUNDING_DRAFT,
      purpose: 'Grants for youth organisations teaching young people to recognise manipulation and recruitment online.',
      org_types: ['cso'],
      countries: ['XM', 'XV'],
      criteria: JSON.stringify([
        { key: 'relevance', label: 'Relevance', weight: 50 },
        { key: 'reach', label: 'Reach of young people', weight: 50 },
      ]),
      questions: JSON.stringify([{ key: 'plan', text: 'What will young people learn, and how?' }]),
      budget_ceiling: 15000,
      currency: 'EUR',
      opens_on: day(20).toISOString().slice(0, 10),
      deadline: day(80),
      created_by: officer,
    })
    .execute();
}
