// Demo cases of the fictitious Marisca: a dozen people on the caseload of the Probation and
// Reintegration Service — mothers returned with their children, a released offender, a young
// person referred for intervention — with consents, referrals to partner organisations,
// sessions, assessments and notes. Every name and number here is invented.
import type { Tx } from '../db.ts';
import type { Vault } from '../platform/crypto/vault.ts';
import { storeIdentity } from '../modules/cases/service.ts';
import { seedDemoPlans } from './case-plans.ts';
import type { IdentityInput } from '../modules/cases/schema.ts';

type DemoCase = {
  key: string;
  alias: string;
  sex: 'female' | 'male';
  ageBand: string;
  birthYear: number;
  category: string;
  legalStatus: string;
  region: string;
  languages: string[];
  identity: Partial<IdentityInput>;
  openedMonthsAgo: number;
};

export const DEMO_CASES: DemoCase[] = [
  { key: 'rosa', alias: 'Rosa', sex: 'female', ageBand: '25-34', birthYear: 1994, category: 'adult_returnee', legalStatus: 'under_investigation', region: 'east', languages: ['ru', 'ar'], identity: { legalName: 'Zarina Tokhtarova', birthDate: '1994-03-11', documentNumbers: ['XM4410297'], address: '14 Steppe Lane, Eastgate', phones: ['+999 701 555 0141'] }, openedMonthsAgo: 7 },
  { key: 'lilia', alias: 'Lilia', sex: 'female', ageBand: '5-11', birthYear: 2016, category: 'child_returnee', legalStatus: 'none', region: 'east', languages: ['ru', 'ar'], identity: { legalName: 'Lilia Tokhtarova', birthDate: '2016-09-02' }, openedMonthsAgo: 7 },
  { key: 'timur', alias: 'Timur', sex: 'male', ageBand: '5-11', birthYear: 2018, category: 'child_returnee', legalStatus: 'none', region: 'east', languages: ['ar'], identity: { legalName: 'Timur Tokhtarov', birthDate: '2018-05-20' }, openedMonthsAgo: 7 },
  { key: 'sami', alias: 'Sami', sex: 'male', ageBand: '0-4', birthYear: 2022, category: 'child_returnee', legalStatus: 'none', region: 'east', languages: ['ar'], identity: {}, openedMonthsAgo: 7 },
  { key: 'madina', alias: 'Madina', sex: 'female', ageBand: '18-24', birthYear: 2003, category: 'adult_returnee', legalStatus: 'none', region: 'lake', languages: ['ru', 'kk'], identity: { legalName: 'Madina Serikova', birthDate: '2003-01-27', documentNumbers: ['XM5512083'], phones: ['+999 702 555 0177'] }, openedMonthsAgo: 4 },
  { key: 'adam', alias: 'Adam', sex: 'male', ageBand: '0-4', birthYear: 2023, category: 'child_returnee', legalStatus: 'none', region: 'lake', languages: ['kk'], identity: { legalName: 'Adam Serikov' }, openedMonthsAgo: 4 },
  { key: 'farrukh', alias: 'Farrukh', sex: 'male', ageBand: '35-49', birthYear: 1984, category: 'released_offender', legalStatus: 'released', region: 'capital', languages: ['uz', 'ru'], identity: { legalName: 'Farrukh Nazarov', birthDate: '1984-11-30', documentNumbers: ['XM3307741'], address: '3 Tannery Street, Capital District' }, openedMonthsAgo: 10 },
  { key: 'ilyas', alias: 'Ilyas', sex: 'male', ageBand: '12-17', birthYear: 2010, category: 'referred_for_intervention', legalStatus: 'none', region: 'south', languages: ['ru'], identity: { legalName: 'Ilyas Karimov', birthDate: '2010-07-14' }, openedMonthsAgo: 2 },
  { key: 'nadira', alias: 'Nadira', sex: 'female', ageBand: '35-49', birthYear: 1979, category: 'family_member', legalStatus: 'none', region: 'north', languages: ['ru'], identity: { legalName: 'Nadira Yusupova', phones: ['+999 703 555 0112'] }, openedMonthsAgo: 5 },
  { key: 'aziz', alias: 'Aziz', sex: 'male', ageBand: '25-34', birthYear: 1992, category: 'adult_returnee', legalStatus: 'serving_sentence', region: 'north', languages: ['ru', 'ar'], identity: { legalName: 'Aziz Rakhimov', documentNumbers: ['XM2298810'] }, openedMonthsAgo: 12 },
  { key: 'leila', alias: 'Leila', sex: 'female', ageBand: '50+', birthYear: 1961, category: 'family_member', legalStatus: 'none', region: 'east', languages: ['ru'], identity: { legalName: 'Leila Tokhtarova', address: '14 Steppe Lane, Eastgate' }, openedMonthsAgo: 6 },
  { key: 'kamal', alias: 'Kamal', sex: 'male', ageBand: '18-24', birthYear: 2004, category: 'released_offender', legalStatus: 'probation', region: 'capital', languages: ['ru'], identity: { legalName: 'Kamal Iskakov', birthDate: '2004-02-08' }, openedMonthsAgo: 3 },
];

const HOUSEHOLDS: Array<[string, string, string]> = [
  ['lilia', 'rosa', 'mother'],
  ['timur', 'rosa', 'mother'],
  ['sami', 'rosa', 'mother'],
  ['rosa', 'leila', 'other_relative'],
  ['lilia', 'timur', 'sibling'],
  ['lilia', 'sami', 'sibling'],
  ['timur', 'sami', 'sibling'],
  ['adam', 'madina', 'mother'],
];

const INVERSE: Record<string, string> = { mother: 'child', sibling: 'sibling', other_relative: 'other_relative' };

const daysAgo = (n: number) => new Date(Date.now() - n * 86_400_000).toISOString().slice(0, 10);

export async function seedDemoCases(tx: Tx, vault: Vault, orgs: Map<string, string>, users: Map<string, string>): Promise<void> {
  const prs = orgs.get('prs')!;
  const bpc = orgs.get('bpc')!;
  const lac = orgs.get('lac')!;
  const coordinator = users.get('coordinator@tandem.example')!;
  const caseworker = users.get('caseworker@tandem.example')!;
  const ids = new Map<string, string>();
  let n = 0;
  for (const c of DEMO_CASES) {
    n++;
    const row = await tx
      .insertInto('cases')
      .values({
        jurisdiction: 'XM',
        case_number: `XM-${new Date().getUTCFullYear()}-${String(n).padStart(5, '0')}`,
        alias: c.alias,
        sex: c.sex,
        age_band: c.ageBand,
        birth_year: c.birthYear,
        nationality: 'XM',
        category: c.category,
        legal_status: c.legalStatus,
        region: c.region,
        languages: c.languages,
        lead_org_id: prs,
        opened_on: daysAgo(c.openedMonthsAgo * 30),
        created_by: coordinator,
      })
      .returning('id')
      .executeTakeFirstOrThrow();
    ids.set(c.key, row.id);
    await storeIdentity(tx, vault, row.id, { documentNumbers: [], phones: [], ...c.identity });
    await tx.insertInto('case_events').values({ case_id: row.id, kind: 'case.opened', section: null, data: '{}' }).execute();
  }
  await tx.insertInto('case_number_counters').values({ jurisdiction: 'XM', year: new Date().getUTCFullYear(), last: n }).execute();
  for (const [a, b, rel] of HOUSEHOLDS) {
    await tx.insertInto('household_links').values({ case_id: ids.get(a)!, related_case_id: ids.get(b)!, relation: rel }).execute();
    await tx.insertInto('household_links').values({ case_id: ids.get(b)!, related_case_id: ids.get(a)!, relation: INVERSE[rel]! }).onConflict((oc) => oc.columns(['case_id', 'related_case_id']).doNothing()).execute();
  }

  const psychosocial = ['identity', 'household', 'consents', 'needs_assessment', 'referrals_services', 'psychosocial_notes'];
  // For the two children, the centre also takes part in the plan and the case conferences.
  const withPlan = [...psychosocial, 'case_plan', 'case_conferences'];
  const consent = async (key: string, org: string, categories: string[], basis: string, givenBy: string, guardian: string | null, assent: boolean | null, startedDaysAgo: number) =>
    (
      await tx
        .insertInto('case_consents')
        .values({
          case_id: ids.get(key)!,
          recipient_org_id: org,
          purpose: org === bpc ? 'Psychosocial support and counselling' : 'Legal aid and civil documentation',
          data_categories: categories,
          legal_basis: basis,
          given_by: givenBy,
          guardian_name: guardian,
          child_assent: assent,
          starts_on: daysAgo(startedDaysAgo),
          ends_on: daysAgo(-365),
          recorded_by: coordinator,
        })
        .returning('id')
        .executeTakeFirstOrThrow()
    ).id;
  await consent('rosa', bpc, psychosocial, 'consent', 'person', null, null, 200);
  await consent('lilia', bpc, withPlan, 'consent', 'guardian', 'Zarina Tokhtarova (mother)', true, 200);
  await consent('timur', bpc, withPlan, 'consent', 'guardian', 'Zarina Tokhtarova (mother)', true, 200);
  await consent('farrukh', bpc, psychosocial, 'consent', 'person', null, null, 280);
  await consent('madina', bpc, psychosocial, 'consent', 'person', null, null, 100);
  await consent('ilyas', bpc, psychosocial, 'consent', 'guardian', 'Nodira Karimova (mother)', true, 40);
  await consent('sami', lac, ['identity', 'household', 'referrals_services'], 'public_task', 'not_applicable', null, null, 190);

  const referral = async (key: string, to: string, domain: string, service: string, reason: string, categories: string[], status: string, createdDaysAgo: number) => {
    const r = await tx
      .insertInto('referrals')
      .values({
        case_id: ids.get(key)!,
        from_org_id: prs,
        to_org_id: to,
        need_domain: domain,
        service,
        reason,
        data_categories: categories,
        status,
        answer_due_on: daysAgo(createdDaysAgo - 5),
        decided_at: status === 'proposed' ? null : new Date(Date.now() - (createdDaysAgo - 2) * 86_400_000),
        decided_by: status === 'proposed' ? null : caseworker,
        decline_reason: status === 'declined' ? 'No counsellor speaking Uzbek is available before next quarter.' : null,
        created_by: coordinator,
        created_at: new Date(Date.now() - createdDaysAgo * 86_400_000),
      })
      .returning('id')
      .executeTakeFirstOrThrow();
    if (status === 'accepted') {
      await tx.insertInto('case_team').values({ case_id: ids.get(key)!, org_id: to, team_role: 'service_provider', sections: categories, via_referral_id: r.id }).execute();
      if (to === bpc) await tx.insertInto('case_workers').values({ case_id: ids.get(key)!, user_id: caseworker, org_id: bpc }).execute();
    }
    return r.id;
  };
  const rosaRef = await referral('rosa', bpc, 'psychosocial', 'Individual trauma-informed counselling', 'Returned from a camp with three children; sleeps badly; asks for support.', psychosocial, 'accepted', 180);
  const liliaRef = await referral('lilia', bpc, 'psychosocial', 'Child counselling through play', 'Withdrawn at school; nightmares reported by the mother.', withPlan, 'accepted', 170);
  await referral('timur', bpc, 'psychosocial', 'Child counselling through play', 'Aggressive play; speaks little Russian yet.', withPlan, 'accepted', 170);
  await referral('madina', bpc, 'psychosocial', 'Counselling for young mothers', 'Isolated; her family has not accepted her back.', psychosocial, 'proposed', 2);
  await referral('ilyas', bpc, 'psychosocial', 'Mentoring and counselling for adolescents', 'Referred by his school after online contacts with recruiters.', psychosocial, 'proposed', 9);
  await referral('farrukh', bpc, 'psychosocial', 'Counselling after release', 'Released four months ago; conflict at home.', psychosocial, 'declined', 120);
  await referral('sami', lac, 'documentation', 'Birth registration for a child born abroad', 'Born in a camp; no birth certificate.', ['identity', 'household', 'referrals_services'], 'accepted', 150);

  const session = async (referralId: string, key: string, dayAgo: number, attendance: string, notes: Array<[string, string, boolean]>) => {
    const s = await tx
      .insertInto('service_sessions')
      .values({ referral_id: referralId, case_id: ids.get(key)!, org_id: bpc, session_on: daysAgo(dayAgo), attendance, recorded_by: caseworker })
      .returning('id')
      .executeTakeFirstOrThrow();
    for (const [section, body, shared] of notes) {
      await tx.insertInto('case_notes').values({ case_id: ids.get(key)!, section, author_org_id: bpc, author_id: caseworker, shared, session_id: s.id, body }).execute();
    }
  };
  await session(rosaRef, 'rosa', 160, 'attended', [['psychosocial_notes', 'First session. Talked about sleep and the journey home. Agreed on weekly meetings.', false]]);
  await session(rosaRef, 'rosa', 146, 'attended', [['psychosocial_notes', 'Fewer nightmares. Worried about the investigation.', false], ['other_notes', 'Needs help with school enrolment for Lilia.', true]]);
  await session(rosaRef, 'rosa', 132, 'missed', []);
  await session(rosaRef, 'rosa', 118, 'attended', [['psychosocial_notes', 'Calmer. Has started a sewing course with a neighbour.', true]]);
  await session(liliaRef, 'lilia', 150, 'attended', [['psychosocial_notes', 'Drew her grandmother\'s house. Smiled twice.', false]]);

  // The coordinator's notes, written in the family's languages (and so in summaries and exports).
  const note = (key: string, body: string) =>
    tx.insertInto('case_notes').values({ case_id: ids.get(key)!, section: 'other_notes', author_org_id: prs, author_id: coordinator, shared: true, body }).execute();
  await note('rosa', 'Мать просит переводчика на встречу в школе Лилии (класс 3Б), лучше во вторник после 15:00.');
  await note('timur', 'طلبت الأم شرح خطة الرعاية بالعربية؛ الموعد القادم في 12 ديسمبر (الغرفة 4) مع معلّم المدرسة.');

  const assess = async (key: string, org: string, dayAgo: number, levels: Record<string, number>, notes: Record<string, string>) =>
    tx
      .insertInto('needs_assessments')
      .values({ case_id: ids.get(key)!, org_id: org, assessed_on: daysAgo(dayAgo), assessed_by: org === prs ? coordinator : caseworker, levels: JSON.stringify(levels), notes: JSON.stringify(notes) })
      .execute();
  await assess('rosa', prs, 200, { psychosocial: 4, vocational: 3, financial: 4, legal: 3, familial: 2, housing: 3, documentation: 3, community_acceptance: 4 }, { psychosocial: 'Severe sleep problems.', community_acceptance: 'Neighbours hostile.' });
  await assess('rosa', bpc, 120, { psychosocial: 3, vocational: 3, financial: 3, legal: 3, familial: 2, housing: 2, documentation: 2, community_acceptance: 3 }, { psychosocial: 'Improving with weekly sessions.' });
  await assess('rosa', prs, 30, { psychosocial: 2, vocational: 2, financial: 3, legal: 2, familial: 1, housing: 2, documentation: 1, community_acceptance: 2 }, { vocational: 'Sewing course under way.' });
  await assess('farrukh', prs, 290, { psychosocial: 3, vocational: 4, financial: 3, familial: 3, housing: 2, religious_ideological: 2 }, {});
  await assess('ilyas', prs, 50, { psychosocial: 2, educational: 3, communication_social: 3, religious_ideological: 2 }, { educational: 'Missing school often.' });

  await seedDemoPlans(tx, ids, { prs, bpc, coordinator, caseworker });

  for (const key of ids.keys()) {
    await tx.insertInto('case_events').values({ case_id: ids.get(key)!, kind: 'demo.seeded', section: null, data: '{}' }).execute();
  }
}
