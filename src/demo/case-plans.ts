// Demo case plans and conferences: goals and actions on several demo cases (some overdue, some
// due this week for the psychosocial centre), and a recorded conference on Timur's case whose
// action items became plan actions, with the next one scheduled. Every detail is invented.
import type { Tx } from '../db.ts';

type People = { prs: string; bpc: string; coordinator: string; caseworker: string };
type Action = { text: string; org: 'prs' | 'bpc'; worker?: boolean; due: number; status?: string; doneDaysAgo?: number; conference?: string };
type Goal = { domain: string; text: string; status?: string; actions: Action[] };

/** A date `n` days from today (negative: in the past). */
const inDays = (n: number) => new Date(Date.now() + n * 86_400_000).toISOString().slice(0, 10);

const PLANS: Record<string, Goal[]> = {
  rosa: [
    { domain: 'vocational', text: 'Earns a regular income from tailoring', actions: [
      { text: 'Enrol in the municipal tailoring course', org: 'prs', worker: true, due: -60, status: 'done', doneDaysAgo: 70 },
      { text: 'Find a sewing machine through the small-grants scheme', org: 'prs', worker: true, due: -9 },
    ] },
    { domain: 'documentation', text: 'Holds a valid identity card and residence registration', actions: [
      { text: 'Apply for a replacement identity card', org: 'prs', due: -120, status: 'done', doneDaysAgo: 125 },
      { text: 'Register residence at 14 Steppe Lane', org: 'prs', due: 12, status: 'in_progress' },
    ] },
    { domain: 'community_acceptance', text: 'Takes part in neighbourhood life without hostility', actions: [
      { text: 'Mediation meeting with the neighbourhood elder', org: 'prs', worker: true, due: 20 },
    ] },
  ],
  lilia: [
    { domain: 'educational', text: 'Attends primary school regularly', actions: [
      { text: 'Meet the school director about enrolment in year 3', org: 'prs', worker: true, due: -5 },
    ] },
    { domain: 'psychosocial', text: 'Sleeps through the night and plays with other children', actions: [
      { text: 'Weekly play-therapy sessions for twelve weeks', org: 'bpc', worker: true, due: 4, status: 'in_progress' },
      { text: 'Send a progress summary to the coordinator', org: 'bpc', worker: true, due: -3 },
    ] },
  ],
  farrukh: [
    { domain: 'vocational', text: 'Stable employment within a year of release', actions: [
      { text: 'Register with the employment centre', org: 'prs', worker: true, due: -200, status: 'done', doneDaysAgo: 210 },
      { text: 'Apply for the welding apprenticeship', org: 'prs', worker: true, due: -12 },
    ] },
    { domain: 'familial', text: 'Lives at home without conflict', status: 'discontinued', actions: [
      { text: 'Family counselling sessions', org: 'prs', due: -90, status: 'cancelled' },
    ] },
  ],
  ilyas: [
    { domain: 'educational', text: 'Back at school every day', actions: [
      { text: 'Agree an attendance plan with the school and his mother', org: 'prs', worker: true, due: 3 },
    ] },
  ],
};

export async function seedDemoPlans(tx: Tx, ids: Map<string, string>, p: People): Promise<void> {
  const timur = ids.get('timur')!;
  // The conference on Timur's case three weeks ago, recorded; its action items are plan actions.
  const held = new Date(Date.now() - 21 * 86_400_000);
  held.setUTCHours(9, 30, 0, 0);
  const conference = await tx
    .insertInto('case_conferences')
    .values({
      case_id: timur,
      held_at: held,
      place: 'Eastgate district office, room 4, and by video call',
      agenda: ['Progress in counselling', 'School and language support', 'Contact with his mother and siblings'],
      attendees: JSON.stringify([
        { orgId: p.prs, name: 'Daniyar Seitkali', role: 'Case coordinator (chair)' },
        { orgId: p.prs, name: 'Saule Omarova', role: 'Social worker' },
        { orgId: p.bpc, name: 'Amina Rahimova', role: 'Child counsellor' },
      ]),
      minutes:
        'Timur attends play sessions every week; the aggressive play has lessened. He still speaks little Russian and is isolated in class. His mother wishes to be more involved in the sessions.',
      decisions: ['Continue counselling for another three months', 'Ask the school for Russian-language support', 'Hold a joint session with the mother and siblings'],
      status: 'recorded',
      recorded_at: new Date(held.getTime() + 3 * 3_600_000),
      recorded_by: p.coordinator,
      created_by: p.coordinator,
    })
    .returning('id')
    .executeTakeFirstOrThrow();
  const next = new Date(Date.now() + 10 * 86_400_000);
  next.setUTCHours(9, 30, 0, 0);
  await tx
    .insertInto('case_conferences')
    .values({ case_id: timur, held_at: next, place: 'Eastgate district office, room 4', agenda: ['Review of the actions agreed', 'School report'], created_by: p.coordinator })
    .execute();
  PLANS.timur = [
    { domain: 'educational', text: 'Follows lessons in Russian', actions: [
      { text: 'Ask the school for Russian-language support', org: 'prs', worker: true, due: 6, status: 'in_progress', conference: conference.id },
    ] },
    { domain: 'familial', text: 'Plays calmly with his brother and sister', actions: [
      { text: 'Joint session with the mother and siblings', org: 'bpc', worker: true, due: -2, conference: conference.id },
    ] },
  ];

  for (const [key, goals] of Object.entries(PLANS)) {
    const caseId = ids.get(key)!;
    for (const g of goals) {
      const goal = await tx
        .insertInto('case_plan_goals')
        .values({ case_id: caseId, domain: g.domain, description: g.text, status: g.status ?? 'open', created_by: p.coordinator })
        .returning('id')
        .executeTakeFirstOrThrow();
      for (const a of g.actions) {
        const status = a.status ?? 'planned';
        await tx
          .insertInto('case_plan_actions')
          .values({
            case_id: caseId,
            goal_id: goal.id,
            description: a.text,
            responsible_org_id: a.org === 'prs' ? p.prs : p.bpc,
            responsible_user_id: a.worker ? (a.org === 'prs' ? p.coordinator : p.caseworker) : null,
            target_date: inDays(a.due),
            status,
            completed_on: status === 'done' ? inDays(-(a.doneDaysAgo ?? 0)) : null,
            conference_id: a.conference ?? null,
            created_by: p.coordinator,
          })
          .execute();
      }
    }
  }
}
