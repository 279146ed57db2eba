// The demo national action plan of Marisca: drafted by the National Coordination Centre, now in
// consultation and published, with sections in versions, an open online consultation and a closed
// regional meeting (with its participants register), contributions from several civil society
// organisations (some answered with reasons, some not yet), and commitments — two carried over
// from the previous plan and already under way, with progress reported by the responsible bodies
// and independent assessments by a women-led network (one disagreeing). Every word is invented.
import type { Tx } from '../db.ts';

const DAY = 86_400_000;
const at = (days: number) => new Date(Date.now() + days * DAY);
const dateIn = (days: number) => at(days).toISOString().slice(0, 10);

/** Contributors of civil society organisations and a ministry's focal point, besides the first demo contributor. */
export const DEMO_PLAN_PEOPLE = {
  coordinator: 'plan-coordinator@tandem.example',
  wvn: 'contributor@tandem.example',
  mca: 'mothers-circle@tandem.example',
  sil: 'sisters-learning@tandem.example',
  yh: 'youth-horizons@tandem.example',
  mlsp: 'labour-focal-point@tandem.example',
} as const;

export const DEMO_PLAN_TITLE = 'National Action Plan on Prevention, Rehabilitation and Reintegration 2027–2030';

const SECTIONS: Array<{ title: string; versions: Array<{ body: string; note?: string }> }> = [
  {
    title: 'Purpose and principles',
    versions: [
      {
        body: 'This plan sets out how government bodies and civil society will prevent violent extremism and support the rehabilitation and reintegration of people returning from conflict zones, their families and people released from prison.\n\nIt rests on human rights, the best interests of the child, gender equality and the rule of law.',
      },
      {
        body: 'This plan sets out how government bodies and civil society organisations will work together to prevent violent extremism and to support the rehabilitation and reintegration of people returning from conflict zones, their families and people released from prison.\n\nIt rests on human rights, the best interests of the child, gender equality, the rule of law and meaningful participation of civil society from the outset.',
        note: 'Civil society named as a partner from the outset, after the first round of comments.',
      },
    ],
  },
  {
    title: 'Prevention in schools, online and in communities',
    versions: [
      {
        body: 'Regional prevention councils bring together local authorities, schools, religious leaders, youth and women’s organisations. Schools receive support for teaching critical thinking and digital literacy.',
      },
    ],
  },
  {
    title: 'Rehabilitation and reintegration of returnees, their families and released offenders',
    versions: [
      {
        body: 'Each person returning receives a case plan agreed by the agencies concerned. Children are enrolled in school within one month of their return.',
      },
      {
        body: 'Each person returning receives a case plan agreed by the agencies and civil society organisations concerned, with the person’s consent. Children are enrolled in school within one month of their return, and mothers are offered family support and psychosocial care.',
        note: 'Consent and family support added.',
      },
    ],
  },
  {
    title: 'Civil society participation and accountability',
    versions: [
      {
        body: 'Civil society organisations take part in drafting, monitoring and evaluating this plan. Every contribution receives a reasoned response, published in a response report. Progress on each commitment is published, with an independent assessment by civil society beside the government’s own.',
      },
    ],
  },
];

const QUESTIONS = [
  'What should family support for women and children returning home include, and who should provide it?',
  'How should civil society take part in monitoring this plan?',
  'What would make prevention work in schools and online trusted by young people?',
];

export async function seedDemoPlans(tx: Tx, orgs: Map<string, string>, users: Map<string, string>): Promise<void> {
  const org = (key: string) => orgs.get(key)!;
  const user = (email: string) => users.get(email)!;
  const coordinator = user(DEMO_PLAN_PEOPLE.coordinator);

  const plan = await tx
    .insertInto('plans')
    .values({
      country: 'XM',
      title: DEMO_PLAN_TITLE,
      summary:
        'The second national action plan of Marisca, drafted with civil society. It continues two commitments of the first plan and adds new ones on family-centred reintegration and on civil society’s role in monitoring.',
      period_start: '2027-01-01',
      period_end: '2030-12-31',
      owner_org_id: org('nccp'),
      stage: 'consultation',
      allows_individuals: true,
      published_at: at(-11),
      created_by: coordinator,
      created_at: at(-60),
    })
    .returning('id')
    .executeTakeFirstOrThrow();
  const planId = plan.id;
  await tx
    .insertInto('plan_stage_changes')
    .values([
      { plan_id: planId, from_stage: null, to_stage: 'drafting', changed_at: at(-60), changed_by: coordinator },
      { plan_id: planId, from_stage: 'drafting', to_stage: 'consultation', changed_at: at(-12), changed_by: coordinator },
    ])
    .execute();

  const sectionIds: string[] = [];
  for (const [i, s] of SECTIONS.entries()) {
    const section = await tx.insertInto('plan_sections').values({ plan_id: planId, position: i + 1, created_at: at(-58) }).returning('id').executeTakeFirstOrThrow();
    sectionIds.push(section.id);
    for (const [v, version] of s.versions.entries()) {
      await tx
        .insertInto('plan_section_versions')
        .values({ section_id: section.id, plan_id: planId, version: v + 1, title: s.title, body: version.body, note: version.note ?? null, created_by: coordinator, created_at: at(v === 0 ? -58 : -13) })
        .execute();
    }
  }

  // The online consultation, open now, to invited organisations.
  const online = await tx
    .insertInto('consultations')
    .values({
      plan_id: planId,
      title: 'Online consultation on the draft plan',
      description: 'Comment on any linked section or answer the questions. Every contribution will receive a reasoned response, published in the response report.',
      opens_at: at(-10),
      closes_at: at(20),
      modes: ['online'],
      open_to: 'invited',
      created_by: coordinator,
      created_at: at(-12),
    })
    .returning('id')
    .executeTakeFirstOrThrow();
  await tx.insertInto('consultation_sections').values(sectionIds.map((id) => ({ consultation_id: online.id, section_id: id, plan_id: planId }))).execute();
  const questionIds: string[] = [];
  for (const [i, text] of QUESTIONS.entries()) {
    questionIds.push((await tx.insertInto('consultation_questions').values({ consultation_id: online.id, plan_id: planId, position: i + 1, text }).returning('id').executeTakeFirstOrThrow()).id);
  }
  await tx
    .insertInto('consultation_invitations')
    .values(['wvn', 'mca', 'sil', 'yh', 'lac', 'bpc', 'odv', 'mlsp'].map((k) => ({ consultation_id: online.id, org_id: org(k), plan_id: planId, invited_at: at(-12), invited_by: coordinator })))
    .execute();

  // A regional meeting in the Eastern Steppe, open to all; held last week. Its contributions were
  // taken while it was open, then it closed.
  const meeting = await tx
    .insertInto('consultations')
    .values({
      plan_id: planId,
      title: 'Regional meeting, Eastern Steppe',
      description: 'A meeting with local organisations on reintegration in the region.',
      opens_at: at(-9),
      closes_at: at(1),
      modes: ['meeting'],
      open_to: 'all',
      meeting_place: 'Regional library, Eastern Steppe',
      meeting_at: at(-6),
      created_by: coordinator,
      created_at: at(-12),
    })
    .returning('id')
    .executeTakeFirstOrThrow();
  await tx.insertInto('consultation_sections').values({ consultation_id: meeting.id, section_id: sectionIds[2]!, plan_id: planId }).execute();
  const register: Array<[key: string | null, name: string, type: string, womenLed: boolean, sexes: string[]]> = [
    ['wvn', "Women's Voices Network", 'cso', true, ['female', 'female', 'female']],
    ['yh', 'Youth Horizons', 'cso', false, ['male', 'female']],
    ['mca', "Mothers' Circle Association", 'cso', true, ['female']],
    ['mlsp', 'Ministry of Labour and Social Protection', 'government', false, ['male', 'female']],
    ['nccp', 'National Coordination Centre for Prevention', 'government', false, ['male']],
    [null, 'Steppe Elders Council', 'community', false, ['male', 'male', 'not_stated']],
    [null, 'Eastern Teachers Association', 'cso', false, ['female', 'male']],
  ];
  await tx
    .insertInto('consultation_participants')
    .values(
      register.flatMap(([key, name, type, womenLed, sexes]) =>
        sexes.map((sex) => ({ consultation_id: meeting.id, plan_id: planId, org_id: key ? org(key) : null, org_name: name, org_type: type, women_led: womenLed, sex, created_by: coordinator })),
      ),
    )
    .execute();

  // Commitments: two carried over from the first plan and under way, one new.
  const commitment = async (c: {
    reference: string;
    title: string;
    objective: string;
    problem: string;
    lead: string;
    startsOn: string;
    endsOn: string;
    budget: [number, string] | null;
    budgetNotes?: string;
    marker: 0 | 1 | 2;
    justification: string;
    communication: string;
    bodies: Array<[string, string]>;
    milestones: Array<[title: string, deliverable: string, dueIn: number, doneIn?: number]>;
    indicators: Array<[name: string, unit: string, baseline: number | null, target: number | null]>;
  }) => {
    const row = await tx
      .insertInto('commitments')
      .values({
        plan_id: planId,
        reference: c.reference,
        title: c.title,
        objective: c.objective,
        problem: c.problem,
        lead_org_id: org(c.lead),
        starts_on: c.startsOn,
        ends_on: c.endsOn,
        budget_amount: c.budget?.[0] ?? null,
        budget_currency: c.budget?.[1] ?? null,
        budget_notes: c.budgetNotes ?? null,
        gender_marker: c.marker,
        gender_justification: c.justification,
        communication_mechanism: c.communication,
        created_by: coordinator,
        created_at: at(-40),
      })
      .returning('id')
      .executeTakeFirstOrThrow();
    await tx.insertInto('commitment_bodies').values(c.bodies.map(([key, role]) => ({ commitment_id: row.id, plan_id: planId, org_id: org(key), role }))).execute();
    const milestoneIds: string[] = [];
    for (const [i, [title, deliverable, dueIn, doneIn]] of c.milestones.entries()) {
      milestoneIds.push(
        (
          await tx
            .insertInto('commitment_milestones')
            .values({ commitment_id: row.id, plan_id: planId, position: i + 1, title, deliverable, due_on: dateIn(dueIn), completed_on: doneIn === undefined ? null : dateIn(doneIn) })
            .returning('id')
            .executeTakeFirstOrThrow()
        ).id,
      );
    }
    await tx
      .insertInto('commitment_indicators')
      .values(c.indicators.map(([name, unit, baseline, target], i) => ({ commitment_id: row.id, plan_id: planId, position: i + 1, name, unit, baseline, target })))
      .execute();
    return { id: row.id, milestoneIds };
  };

  const councils = await commitment({
    reference: 'XM-1',
    title: 'Prevention councils in every region',
    objective: 'A prevention council in each of the five regions, in which local authorities, schools, religious leaders, youth and women’s organisations agree and follow local prevention plans.',
    problem: 'Prevention work is scattered between agencies, and local organisations, especially youth and women’s groups, are rarely asked.',
    lead: 'nccp',
    startsOn: dateIn(-300),
    endsOn: '2028-12-31',
    budget: [250000, 'USD'],
    budgetNotes: 'From the national budget line for prevention; meeting costs of civil society members covered.',
    marker: 1,
    justification: 'Each council has at least 40% women members and a women’s organisation among its civil society members.',
    communication: 'Minutes of every council meeting published within 30 days; an annual public hearing in each region.',
    bodies: [
      ['yh', 'responsible'],
      ['mlsp', 'consulted'],
      ['wvn', 'consulted'],
      ['mca', 'informed'],
    ],
    milestones: [
      ['Terms of reference adopted', 'Terms of reference agreed with civil society and adopted by order', -200, -210],
      ['Councils set up in three regions', 'Councils meeting in the Capital District, the Northern Valleys and the Eastern Steppe', -30],
      ['Councils set up in all five regions', 'Councils meeting in every region, with published local plans', 240],
    ],
    indicators: [
      ['Regions with a functioning council', 'regions', 0, 5],
      ['Share of women among council members', '%', 18, 40],
    ],
  });

  const family = await commitment({
    reference: 'XM-2',
    title: 'Family-centred reintegration support for women and children returning',
    objective: 'Every woman and child returning receives family support, psychosocial care and school enrolment through a case plan agreed with them.',
    problem: 'Women and children returning face stigma, lack documents and wait months for school places and support.',
    lead: 'mlsp',
    startsOn: dateIn(-250),
    endsOn: '2029-06-30',
    budget: [480000, 'USD'],
    marker: 2,
    justification: 'Designed for women and girls returning and their children; its indicators are disaggregated by sex and age.',
    communication: 'Quarterly meetings of the ministry with the responsible organisations; a public progress note twice a year.',
    bodies: [
      ['mca', 'responsible'],
      ['bpc', 'responsible'],
      ['prs', 'accountable'],
      ['nccp', 'informed'],
    ],
    milestones: [
      ['Referral pathway agreed', 'A referral pathway between the probation service, the ministry and civil society organisations', -150, -140],
      ['Family support groups in two regions', 'Parenting support groups running in the Capital District and the Lake Region', -20],
      ['School enrolment within one month', 'All children returning enrolled within one month of their return', 300],
    ],
    indicators: [
      ['Children returning enrolled in school within one month', '%', 35, 100],
      ['Women returning offered family support', '%', 20, 100],
    ],
  });

  await commitment({
    reference: 'XM-3',
    title: 'Vocational pathways for people released from prison',
    objective: 'People released from prison can join vocational training and a job placement within three months of release.',
    problem: 'Few people released find work in the first year, which isolates them and their families.',
    lead: 'mlsp',
    startsOn: '2027-03-01',
    endsOn: '2030-06-30',
    budget: null,
    budgetNotes: 'To be costed with the ministry of finance before adoption.',
    marker: 0,
    justification: 'Not targeted on gender; participation will be counted by sex to see whether women released are reached.',
    communication: 'An annual report to the prevention councils and a public list of training partners.',
    bodies: [
      ['odv', 'responsible'],
      ['prs', 'consulted'],
    ],
    milestones: [
      ['Training partners selected', 'A public call and a list of training partners', 120],
      ['First placements', 'At least 50 people placed', 400],
    ],
    indicators: [['People released placed in training or work within three months', 'people', 0, 300]],
  });

  // Progress by the responsible bodies and independent assessments (the network disagrees on XM-2).
  await tx
    .insertInto('commitment_progress')
    .values([
      {
        commitment_id: councils.id,
        plan_id: planId,
        milestone_id: councils.milestoneIds[0]!,
        org_id: org('nccp'),
        user_id: coordinator,
        reported_on: dateIn(-205),
        completion: 'limited',
        body: 'Terms of reference adopted after two rounds of comments from civil society.',
        milestone_done: true,
        created_at: at(-205),
      },
      {
        commitment_id: councils.id,
        plan_id: planId,
        milestone_id: councils.milestoneIds[1]!,
        org_id: org('nccp'),
        user_id: coordinator,
        reported_on: dateIn(-15),
        completion: 'limited',
        body: 'Councils meet in the Capital District and the Northern Valleys; the Eastern Steppe council is delayed until its members are appointed.',
        created_at: at(-15),
      },
      {
        commitment_id: family.id,
        plan_id: planId,
        milestone_id: family.milestoneIds[1]!,
        org_id: org('mlsp'),
        user_id: user(DEMO_PLAN_PEOPLE.mlsp),
        reported_on: dateIn(-8),
        completion: 'substantial',
        body: 'The referral pathway is in use; support groups run in the Capital District, and the Lake Region group starts next month.',
        created_at: at(-8),
      },
    ])
    .execute();
  await tx
    .insertInto('commitment_assessments')
    .values([
      {
        commitment_id: councils.id,
        plan_id: planId,
        org_id: org('wvn'),
        user_id: user(DEMO_PLAN_PEOPLE.wvn),
        assessed_on: dateIn(-10),
        completion: 'limited',
        reasons: 'Two councils meet, as reported. Women are 22% of their members, far from the 40% promised.',
        created_at: at(-10),
      },
      {
        commitment_id: family.id,
        plan_id: planId,
        org_id: org('wvn'),
        user_id: user(DEMO_PLAN_PEOPLE.wvn),
        assessed_on: dateIn(-4),
        completion: 'limited',
        reasons: 'Only one support group runs, and most children we work with waited more than three months for a school place. We do not see substantial completion yet.',
        created_at: at(-4),
      },
    ])
    .execute();

  // Contributions: answered ones with reasons and links, one only "under consideration" (it still
  // awaits its final answer before adoption, as the adoption rule counts it), and some not answered yet.
  type Contribution = {
    consultation: string;
    by: string;
    orgKey: string;
    section?: number;
    question?: number;
    onBehalf?: 'organisation' | 'individual';
    attribution?: 'named' | 'anonymous';
    body: string;
    daysAgo: number;
    answer?: { status: string; reasons: string; sections?: number[]; commitments?: string[]; daysAgo: number };
  };
  const contributions: Contribution[] = [
    {
      consultation: online.id,
      by: DEMO_PLAN_PEOPLE.wvn,
      orgKey: 'wvn',
      section: 2,
      body: 'Family support must start before the return, with the mother’s consent, and include the grandparents who often take the children in. Women’s organisations should be among the responsible bodies.',
      daysAgo: 9,
      answer: {
        status: 'accepted',
        reasons: 'Section 3 now provides family support and consent; women’s and mothers’ organisations are responsible bodies of commitment XM-2.',
        sections: [2],
        commitments: [family.id],
        daysAgo: 5,
      },
    },
    {
      consultation: online.id,
      by: DEMO_PLAN_PEOPLE.mca,
      orgKey: 'mca',
      question: 0,
      body: 'Parenting groups led by mothers who returned earlier work best. Fund them for at least three years, not one.',
      daysAgo: 8,
      answer: {
        status: 'partly_accepted',
        reasons: 'Peer-led parenting groups are part of commitment XM-2. Funding beyond the first two years depends on the budget review in 2028.',
        commitments: [family.id],
        daysAgo: 4,
      },
    },
    {
      consultation: online.id,
      by: DEMO_PLAN_PEOPLE.sil,
      orgKey: 'sil',
      section: 1,
      attribution: 'anonymous',
      body: 'Schools should not be asked to report pupils’ beliefs to the police. Prevention in schools must be about education, not surveillance.',
      daysAgo: 7,
      answer: {
        status: 'not_accepted',
        reasons: 'The plan does not ask schools to report beliefs; the safeguarding duty already in law stays as it is. We have added nothing on reporting, so no change is needed.',
        daysAgo: 3,
      },
    },
    {
      consultation: online.id,
      by: DEMO_PLAN_PEOPLE.yh,
      orgKey: 'yh',
      question: 2,
      body: 'Let young people design the online campaigns themselves and pay them for it; campaigns made by ministries are ignored.',
      daysAgo: 6,
      answer: {
        status: 'under_consideration',
        reasons: 'We are discussing with the ministry of education how a youth-led campaign fund could work; an answer will follow before adoption.',
        daysAgo: 2,
      },
    },
    {
      consultation: online.id,
      by: DEMO_PLAN_PEOPLE.wvn,
      orgKey: 'wvn',
      question: 1,
      body: 'Civil society should publish its own assessment of every commitment each year, and the coordination centre should answer it in writing.',
      daysAgo: 3,
    },
    {
      consultation: online.id,
      by: DEMO_PLAN_PEOPLE.yh,
      orgKey: 'yh',
      section: 1,
      onBehalf: 'individual',
      attribution: 'anonymous',
      body: 'As a teacher I would add media literacy to the curriculum from the age of twelve.',
      daysAgo: 2,
    },
    {
      consultation: online.id,
      by: DEMO_PLAN_PEOPLE.sil,
      orgKey: 'sil',
      section: 2,
      body: 'Literacy courses for women returning should count as part of the vocational pathway, with childcare during the course.',
      daysAgo: 1,
    },
    {
      consultation: meeting.id,
      by: DEMO_PLAN_PEOPLE.mca,
      orgKey: 'mca',
      section: 2,
      body: 'Bus fares to the regional centre cost more than families can pay; support is out of reach for villages.',
      daysAgo: 6,
      answer: {
        status: 'out_of_scope',
        reasons: 'Transport costs are covered by the social assistance scheme, not by this plan; we have passed the point to the ministry of labour.',
        daysAgo: 5,
      },
    },
  ];
  for (const c of contributions) {
    const row = await tx
      .insertInto('contributions')
      .values({
        plan_id: planId,
        consultation_id: c.consultation,
        section_id: c.section === undefined ? null : sectionIds[c.section]!,
        question_id: c.question === undefined ? null : questionIds[c.question]!,
        org_id: org(c.orgKey),
        user_id: user(c.by),
        on_behalf: c.onBehalf ?? 'organisation',
        attribution: c.attribution ?? 'named',
        body: c.body,
        submitted_at: at(-c.daysAgo),
      })
      .returning('id')
      .executeTakeFirstOrThrow();
    if (!c.answer) continue;
    await tx
      .updateTable('contributions')
      .set({ response_status: c.answer.status, response_reasons: c.answer.reasons, responded_at: at(-c.answer.daysAgo), responded_by: coordinator })
      .where('id', '=', row.id)
      .execute();
    const links = [
      ...(c.answer.sections ?? []).map((s) => ({ contribution_id: row.id, plan_id: planId, section_id: sectionIds[s]!, commitment_id: null })),
      ...(c.answer.commitments ?? []).map((id) => ({ contribution_id: row.id, plan_id: planId, section_id: null, commitment_id: id })),
    ];
    if (links.length > 0) await tx.insertInto('contribution_links').values(links).execute();
  }
  // The meeting is over: its window closes now that its contributions were taken.
  await tx.updateTable('consultations').set({ closes_at: at(-5) }).where('id', '=', meeting.id).execute();
}
