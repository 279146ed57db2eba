// A known data set for the response report, figures, exports and public pages: a published plan
// whose private parts carry unique marker strings (which must never reach a public response),
// and an unpublished plan of the same body. Written as the system, as the other parts' services
// would have written it.
import type { TestApp } from './app.ts';

/** Strings planted only where the public may not look. */
export const PRIVATE_MARKERS = [
  'UNANSWERED-MARKER',
  'SECRET-ORG-NAME',
  'INDIVIDUAL-ORG-NAME',
  'REGISTER-MARKER-ORG',
  'ANON-FILE-NAME',
  'UNPUBLISHED-PLAN-MARKER',
  'UNPUBLISHED-SECTION-MARKER',
  'UNPUBLISHED-CONTRIBUTION-MARKER',
  'UNPUBLISHED-COMMITMENT-MARKER',
] as const;

export type ReportFixture = {
  plan: string;
  unpublished: string;
  sections: { s1: string; s2: string };
  question: string;
  commitments: { m1: string; m2: string };
  orgs: { a: string; b: string; c: string; d: string };
  contributions: Record<'c1' | 'c2' | 'c3' | 'c4' | 'c5' | 'c6' | 'c7', string>;
  files: { evidence: string; anonymous: string; named: string; unpublished: string };
  users: Array<{ email: string; display_name: string }>;
};

const DAY = 86_400_000;

export async function seedReportFixture(t: TestApp): Promise<ReportFixture> {
  return t.db.system(async (tx) => {
    const orgId = async (short: string) => (await tx.selectFrom('organisations').select('id').where('short_name', '=', short).executeTakeFirstOrThrow()).id;
    const userId = async (email: string) => (await tx.selectFrom('users').select('id').where('email', '=', email).executeTakeFirstOrThrow()).id;
    const nccp = await orgId('NCCP');
    const mlsp = await orgId('MLSP');
    const wvn = await orgId('WVN');
    const coordinator = await userId('plan-coordinator@tandem.example');
    const wvnUser = await userId('contributor@tandem.example');
    const other = await userId('mothers-circle@tandem.example');
    const org = async (name: string, type: string, womenLed: boolean) =>
      (await tx.insertInto('organisations').values({ name, type, country: 'XM', women_led: womenLed, visibility: 'public' }).returning('id').executeTakeFirstOrThrow()).id;
    const orgs = {
      a: await org('Named Women Org A', 'cso', true),
      b: await org('SECRET-ORG-NAME Women Org B', 'cso', true),
      c: await org('INDIVIDUAL-ORG-NAME employer', 'academic', false),
      d: await org('Named Community Org D', 'community', false),
    };

    const newPlan = async (title: string, published: boolean) =>
      (
        await tx
          .insertInto('plans')
          .values({ country: 'XM', title, period_start: '2027-01-01', period_end: '2030-12-31', owner_org_id: nccp, stage: 'consultation', allows_individuals: true, published_at: published ? new Date() : null, created_by: coordinator })
          .returning('id')
          .executeTakeFirstOrThrow()
      ).id;
    const plan = await newPlan('Report test plan', true);
    const unpublished = await newPlan('UNPUBLISHED-PLAN-MARKER plan', false);
    await tx.insertInto('plan_stage_changes').values([{ plan_id: plan, to_stage: 'drafting' }, { plan_id: plan, from_stage: 'drafting', to_stage: 'consultation' }]).execute();

    const section = async (planId: string, position: number, title: string) => {
      const id = (await tx.insertInto('plan_sections').values({ plan_id: planId, position }).returning('id').executeTakeFirstOrThrow()).id;
      await tx.insertInto('plan_section_versions').values({ section_id: id, plan_id: planId, version: 1, title: `${title} (first)`, body: 'First text' }).execute();
      await tx.insertInto('plan_section_versions').values({ section_id: id, plan_id: planId, version: 2, title, body: `${title} body` }).execute();
      return id;
    };
    // Made in reverse order: the report follows position, not creation.
    const s2 = await section(plan, 2, 'Second section');
    const s1 = await section(plan, 1, 'First section');
    const u1 = await section(unpublished, 1, 'UNPUBLISHED-SECTION-MARKER');

    const consultation = async (planId: string, sections: string[]) => {
      const id = (
        await tx
          .insertInto('consultations')
          .values({ plan_id: planId, title: 'Online round', opens_at: new Date(Date.now() - DAY), closes_at: new Date(Date.now() + 30 * DAY), modes: ['online', 'meeting'], open_to: 'all' })
          .returning('id')
          .executeTakeFirstOrThrow()
      ).id;
      for (const s of sections) await tx.insertInto('consultation_sections').values({ consultation_id: id, section_id: s, plan_id: planId }).execute();
      return id;
    };
    const k = await consultation(plan, [s1, s2]);
    const ku = await consultation(unpublished, [u1]);
    const question = (await tx.insertInto('consultation_questions').values({ consultation_id: k, plan_id: plan, position: 1, text: 'What is missing?' }).returning('id').executeTakeFirstOrThrow()).id;
    for (const [sex, womenLed] of [['female', true], ['female', false], ['male', false]] as const) {
      await tx.insertInto('consultation_participants').values({ consultation_id: k, plan_id: plan, org_name: 'REGISTER-MARKER-ORG', org_type: 'community', women_led: womenLed, sex }).execute();
    }

    const commitment = async (planId: string, reference: string, title: string) =>
      (
        await tx
          .insertInto('commitments')
          .values({
            plan_id: planId,
            reference,
            title,
            objective: 'An objective',
            problem: 'A problem',
            lead_org_id: mlsp,
            starts_on: '2027-01-01',
            ends_on: '2028-12-31',
            budget_amount: '1000.50',
            budget_currency: 'EUR',
            gender_marker: 2,
            gender_justification: 'Designed with women-led organisations',
            communication_mechanism: 'Quarterly public meeting',
          })
          .returning('id')
          .executeTakeFirstOrThrow()
      ).id;
    const m1 = await commitment(plan, 'T-1', 'Commitment one');
    const m2 = await commitment(plan, 'T-2', 'Commitment two');
    await commitment(unpublished, 'U-1', 'UNPUBLISHED-COMMITMENT-MARKER');
    await tx.insertInto('commitment_bodies').values({ commitment_id: m1, plan_id: plan, org_id: orgs.d, role: 'responsible' }).execute();
    const milestone = (
      await tx.insertInto('commitment_milestones').values({ commitment_id: m1, plan_id: plan, position: 1, title: 'Councils set up', deliverable: 'Five councils', due_on: '2027-06-30' }).returning('id').executeTakeFirstOrThrow()
    ).id;
    await tx.insertInto('commitment_indicators').values({ commitment_id: m1, plan_id: plan, position: 1, name: 'Councils meeting', unit: 'councils', baseline: 0, target: 5 }).execute();
    const progress = async (commitmentId: string, completion: string, on: string) =>
      tx.insertInto('commitment_progress').values({ commitment_id: commitmentId, plan_id: plan, org_id: mlsp, reported_on: on, completion, body: `Progress ${completion}`, milestone_id: commitmentId === m1 ? milestone : null }).execute();
    await progress(m1, 'not_started', '2027-02-01');
    await progress(m1, 'limited', '2027-03-01');
    await progress(m2, 'substantial', '2027-03-01');
    const assess = async (commitmentId: string, completion: string) =>
      tx.insertInto('commitment_assessments').values({ commitment_id: commitmentId, plan_id: plan, org_id: wvn, assessed_on: '2027-03-15', completion, reasons: `Independent view: ${completion}` }).execute();
    await assess(m1, 'substantial');
    await assess(m2, 'substantial');

    const contribute = async (values: { org: string; user: string; onBehalf?: string; attribution?: string; section?: string; question?: string; body: string; planId?: string; consultationId?: string }) =>
      (
        await tx
          .insertInto('contributions')
          .values({
            plan_id: values.planId ?? plan,
            consultation_id: values.consultationId ?? k,
            section_id: values.section ?? null,
            question_id: values.question ?? null,
            org_id: values.org,
            user_id: values.user,
            on_behalf: values.onBehalf ?? 'organisation',
            attribution: values.attribution ?? 'named',
            body: values.body,
          })
          .returning('id')
          .executeTakeFirstOrThrow()
      ).id;
    const contributions = {
      c1: await contribute({ org: orgs.a, user: other, section: s1, body: 'Named contribution one' }),
      c2: await contribute({ org: orgs.b, user: other, section: s1, attribution: 'anonymous', body: 'Anonymous contribution' }),
      c3: await contribute({ org: orgs.c, user: other, section: s2, onBehalf: 'individual', attribution: 'anonymous', body: 'Individual contribution' }),
      c4: await contribute({ org: orgs.a, user: other, question: question, body: 'UNANSWERED-MARKER contribution' }),
      c5: await contribute({ org: orgs.d, user: other, body: '=HYPERLINK("http://example.org","x")' }),
      c6: await contribute({ org: orgs.d, user: other, question: question, body: 'Question contribution' }),
      c7: await contribute({ org: orgs.a, user: other, section: s1, body: 'Named contribution two' }),
    };
    const answer = (id: string, status: string) =>
      tx.updateTable('contributions').set({ response_status: status, response_reasons: `Reasons for ${status}`, responded_at: new Date(), responded_by: coordinator }).where('id', '=', id).execute();
    await answer(contributions.c1, 'accepted');
    await answer(contributions.c2, 'not_accepted');
    await answer(contributions.c3, 'partly_accepted');
    await answer(contributions.c5, 'out_of_scope');
    await answer(contributions.c6, 'under_consideration');
    await answer(contributions.c7, 'partly_accepted');
    await tx.insertInto('contribution_links').values([{ contribution_id: contributions.c1, plan_id: plan, section_id: s1 }, { contribution_id: contributions.c1, plan_id: plan, commitment_id: m1 }]).execute();

    // The unpublished plan: the demo contributor's own contribution and another organisation's.
    const own = await contribute({ planId: unpublished, consultationId: ku, org: wvn, user: wvnUser, section: u1, body: 'UNPUBLISHED-CONTRIBUTION-MARKER own' });
    await contribute({ planId: unpublished, consultationId: ku, org: orgs.a, user: other, section: u1, body: 'UNPUBLISHED-CONTRIBUTION-MARKER other' });
    await answer(own, 'accepted');

    const file = async (planId: string, kind: string, owner: string, filename: string) =>
      (
        await tx
          .insertInto('plan_files')
          .values({ plan_id: planId, owner_kind: kind, owner_id: owner, org_id: nccp, filename, content_type: 'text/plain', size_bytes: 5, sha256: 'a'.repeat(64), content: Buffer.from('hello'), created_by: coordinator })
          .returning('id')
          .executeTakeFirstOrThrow()
      ).id;
    const files = {
      evidence: await file(plan, 'commitment', m1, 'evidence.txt'),
      anonymous: await file(plan, 'contribution', contributions.c2, 'ANON-FILE-NAME.txt'),
      named: await file(plan, 'contribution', contributions.c1, 'named-attachment.txt'),
      unpublished: await file(unpublished, 'contribution', own, 'unpublished.txt'),
    };
    const users = await tx.selectFrom('users').select(['email', 'display_name']).execute();
    return { plan, unpublished, sections: { s1, s2 }, question, commitments: { m1, m2 }, orgs, contributions, files, users };
  });
}
