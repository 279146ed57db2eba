// Demo structured professional judgement: the instrument the Probation and Reintegration Service
// uses for its reviews, and judgements recorded by its coordinator on a few cases — one whose
// review date has passed, so that "review overdue" shows. Every word here is invented.
import type { Tx } from '../db.ts';

export const DEMO_INSTRUMENT = {
  name: 'Reintegration review (PRS)',
  description:
    'A structured review of the circumstances that bear on a person’s reintegration. Consider each factor with the information you have, note what it rests on, then state your own overall level of concern and why. Review at least every six months, sooner when circumstances change.',
  factors: [
    { key: 'f1', label: 'Engagement with services', domain: 'psychosocial', guidance: 'Attendance at agreed sessions and appointments; whether the person takes part willingly; recent changes.' },
    { key: 'f2', label: 'Family support', domain: 'familial', guidance: 'Relationships with close family; whether the family supports the plan; tensions or isolation at home.' },
    { key: 'f3', label: 'Ideological commitment as expressed', domain: 'religious_ideological', guidance: 'Only what the person has said or done, as observed by professionals or reported by the person. Do not infer from religious practice.' },
    { key: 'f4', label: 'Peer network', domain: 'communication_social', guidance: 'Friends and contacts, online and offline; whether they support reintegration; contacts the person is trying to leave behind.' },
    { key: 'f5', label: 'Stability of housing', domain: 'housing', guidance: 'Secure place to live for the next six months; risk of eviction; overcrowding.' },
    { key: 'f6', label: 'Stability of income', domain: 'financial', guidance: 'Regular income from work, training allowance or benefits; debts; dependence on others.' },
  ],
  levels: [
    { key: 'l1', label: 'Low', description: 'Nothing in this area currently calls for more than the agreed plan.' },
    { key: 'l2', label: 'Moderate', description: 'This area needs attention in the plan and should be watched at the next review.' },
    { key: 'l3', label: 'High', description: 'This area needs prompt action and discussion at the next case conference.' },
  ],
};

const day = 86_400_000;
const dateIn = (days: number) => new Date(Date.now() + days * day).toISOString().slice(0, 10);

type Rating = [level: string, rationale?: string];

export async function seedDemoJudgements(tx: Tx, orgs: Map<string, string>, users: Map<string, string>): Promise<void> {
  const prs = orgs.get('prs')!;
  const admin = users.get('agency-admin@tandem.example')!;
  const coordinator = users.get('coordinator@tandem.example')!;
  const instrument = await tx
    .insertInto('judgement_instruments')
    .values({
      version: 1,
      owner_org_id: prs,
      name: DEMO_INSTRUMENT.name,
      description: DEMO_INSTRUMENT.description,
      factors: JSON.stringify(DEMO_INSTRUMENT.factors),
      levels: JSON.stringify(DEMO_INSTRUMENT.levels),
      created_by: admin,
      created_at: new Date(Date.now() - 300 * day),
    })
    .returning('id')
    .executeTakeFirstOrThrow();
  const cases = new Map((await tx.selectFrom('cases').select(['id', 'alias']).where('lead_org_id', '=', prs).execute()).map((c) => [c.alias, c.id]));

  const judge = async (alias: string, daysAgo: number, ratings: Rating[], overall: string, reasons: string, reviewInDays: number) => {
    const caseId = cases.get(alias);
    if (!caseId) return;
    await tx
      .insertInto('case_judgements')
      .values({
        case_id: caseId,
        org_id: prs,
        instrument_id: instrument.id,
        ratings: JSON.stringify(Object.fromEntries(ratings.map(([level, rationale], i) => [`f${i + 1}`, rationale ? { level, rationale } : { level }]))),
        overall_level: overall,
        overall_reasons: reasons,
        next_review_on: dateIn(reviewInDays),
        recorded_by: coordinator,
        recorded_at: new Date(Date.now() - daysAgo * day),
      })
      .execute();
    await tx
      .insertInto('case_events')
      .values({ case_id: caseId, kind: 'judgement.recorded', section: 'professional_judgement', at: new Date(Date.now() - daysAgo * day), data: JSON.stringify({ next_review_on: dateIn(reviewInDays) }) })
      .execute();
  };

  await judge(
    'Rosa',
    190,
    [
      ['l2', 'Attends when reminded; missed the first appointment.'],
      ['l2', 'Her mother has taken her in; her brothers do not speak to her.'],
      ['l2', 'Has said she wants nothing to do with the group; still defends her late husband.'],
      ['l3', 'Neighbours avoid her; in contact with two women from the camp by phone.'],
      ['l2', 'Living with her mother in a two-room flat with the three children.'],
      ['l3', 'No income; relies on her mother’s pension.'],
    ],
    'l2',
    'Early days after return. Engagement is real but fragile and she is isolated; income and the peer network need action in the plan. Nothing she has said or done suggests a wish to return to the group.',
    -10,
  );
  await judge(
    'Rosa',
    25,
    [
      ['l1', 'Weekly counselling attended for four months, one session missed.'],
      ['l2', 'Brothers visited at the new year; relations still tense.'],
      ['l1', 'Speaks openly about what happened and about wanting a different life for the children.'],
      ['l2', 'Friendship with a neighbour from the sewing course; the phone contacts have stopped, by her account.'],
      ['l2'],
      ['l2', 'Sewing course pays a small allowance; no regular work yet.'],
    ],
    'l1',
    'Steady progress since the last review: regular engagement, a new local contact and the start of vocational training. Family tension and income remain in the plan. Concern now low; next review after the investigation decision.',
    75,
  );
  await judge(
    'Farrukh',
    200,
    [
      ['l3', 'Declined counselling; attends probation appointments only.'],
      ['l3', 'Frequent conflict at home; his wife has asked him to leave twice.'],
      ['l2', 'Says he has left his past views behind; limited contact so far to judge.'],
      ['l2', 'Sees former co-defendants at the mosque he attends; no sign this goes beyond prayers.'],
      ['l2', 'Lives with his wife’s family; may have to leave.'],
      ['l3', 'No work since release; vocational placement refused for lack of places.'],
    ],
    'l2',
    'Released four months ago with little in place. Lack of work, conflict at home and refusal of counselling call for attention; his own account of distancing is credible but untested. To be reviewed once an Uzbek-speaking counsellor is found.',
    -12,
  );
  await judge(
    'Ilyas',
    45,
    [
      ['l2', 'Attends school counsellor meetings; mentoring not yet started.'],
      ['l1', 'Mother and uncle closely involved and supportive.'],
      ['l2', 'Has repeated slogans seen online; says he was curious.'],
      ['l3', 'Online contacts with recruiters reported by the school; new phone without those accounts.'],
      ['l1'],
      ['l1', 'Family income stable.'],
    ],
    'l2',
    'A boy of fifteen with a supportive family whose online contacts are the main concern. Mentoring should start as soon as the referral is answered. Review in two months or earlier if the school reports new contacts.',
    15,
  );
}
