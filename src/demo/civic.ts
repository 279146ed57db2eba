// The demo civic-space monitor: Marisca and two neighbouring countries, Valdoria and Tarsenia,
// with a year of restriction records entered by the Legal Aid Collective's two monitors (most
// verified and published, a few still being checked) and confirmed ratings for the last two
// years; this year's rating of Marisca is proposed and waits for the second monitor. Every
// name, law and event here is invented.
import { randomUUID } from 'node:crypto';
import type { Tx } from '../db.ts';
import type { Vault } from '../platform/crypto/vault.ts';
import { newReceipt } from '../modules/civic/reports.ts';
import type { NewJurisdiction } from '../modules/orgs/setup.ts';
import type { Rating, RestrictionType } from '../modules/civic/schema.ts';

export const DEMO_NEIGHBOURS: NewJurisdiction[] = [
  {
    code: 'XV',
    names: { en: 'Valdoria', ru: 'Вальдория', ar: 'فالدوريا' },
    regions: [
      { code: 'coast', names: { en: 'Coastal Province', ru: 'Прибрежная провинция', ar: 'المقاطعة الساحلية' } },
      { code: 'plains', names: { en: 'Central Plains', ru: 'Центральные равнины', ar: 'السهول الوسطى' } },
    ],
  },
  {
    code: 'XT',
    names: { en: 'Tarsenia', ru: 'Тарсения', ar: 'تارسينيا' },
    regions: [
      { code: 'capital', names: { en: 'Capital Region', ru: 'Столичный регион', ar: 'منطقة العاصمة' } },
      { code: 'mountains', names: { en: 'Mountain Districts', ru: 'Горные районы', ar: 'المقاطعات الجبلية' } },
    ],
  },
];

export const DEMO_MONITORS = { first: 'monitor@tandem.example', second: 'monitor-2@tandem.example' } as const;

type DemoAffected = { name?: string; description: string; womenLed?: boolean };
type DemoRecord = {
  country: string;
  region?: string;
  title: string;
  description: string;
  /** Days before the seeding day. */
  daysAgo: number;
  types: RestrictionType[];
  ct?: string;
  actor: string;
  womenTargeted?: boolean;
  severity: 'low' | 'moderate' | 'high' | 'severe';
  affected: DemoAffected[];
  /** Where the record stands; 'published' is verified and published. */
  stage: 'unverified' | 'corroborated' | 'verified' | 'published';
  /** The monitor who entered it; the other one verified it. */
  by: 'first' | 'second';
};

export const DEMO_CIVIC_RECORDS: DemoRecord[] = [
  {
    country: 'XM', region: 'east', daysAgo: 340, stage: 'published', by: 'first', severity: 'high', types: ['funding_rules', 'registration'],
    title: 'Foreign-funded associations required to re-register as "organisations of foreign influence"',
    description: 'Amendments to the Law on Public Associations oblige every association receiving more than 10% of its income from abroad to re-register within 60 days under a new label, with quarterly reports to the Ministry of Justice.',
    ct: 'Law on Countering the Financing of Terrorism, art. 14 (amended)', actor: 'Ministry of Justice',
    affected: [{ description: 'Around forty associations working on rights and legal aid' }],
  },
  {
    country: 'XM', region: 'capital', daysAgo: 300, stage: 'published', by: 'second', severity: 'moderate', types: ['bank_derisking'],
    title: 'Two banks close the accounts of a women’s network without explanation',
    description: 'Two commercial banks closed the accounts of a women-led network within a week, citing "enhanced due diligence" rules; salaries and grants to partners were blocked for three months.',
    actor: 'Commercial banks (under central bank guidance)', womenTargeted: true,
    affected: [{ name: "Women's Voices Network", description: 'Women-led network working with returning women', womenLed: true }],
  },
  {
    country: 'XM', region: 'north', daysAgo: 240, stage: 'published', by: 'first', severity: 'moderate', types: ['assembly'],
    title: 'Permission refused for a vigil for families of detainees',
    description: 'The district administration refused permission for a silent vigil by families of people held in pre-trial detention, citing public order; organisers were summoned for "preventive conversations".',
    actor: 'Northern Valleys district administration',
    affected: [{ description: 'An informal group of families of detainees' }],
  },
  {
    country: 'XM', region: 'capital', daysAgo: 180, stage: 'published', by: 'second', severity: 'high', types: ['harassment_detention', 'travel_ban'],
    title: 'Lawyer defending returnees barred from leaving the country',
    description: 'A lawyer who represents women returned from conflict zones was stopped at the airport and told she is barred from travel pending an extremism investigation; no charge has been brought.',
    ct: 'Law on Countering Extremism, art. 9', actor: 'State Security Service', womenTargeted: true,
    affected: [{ description: 'A woman human-rights defender of a legal aid organisation', womenLed: false }],
  },
  {
    country: 'XM', region: 'lake', daysAgo: 120, stage: 'published', by: 'first', severity: 'low', types: ['smear_campaign', 'expression'],
    title: 'State television campaign against "grant-eaters"',
    description: 'A series on state television portrayed civil society organisations receiving foreign grants as "grant-eaters serving foreign interests", showing logos of several organisations.',
    actor: 'State television', affected: [{ description: 'Several organisations of the Lake Region' }],
  },
  {
    country: 'XM', region: 'south', daysAgo: 60, stage: 'corroborated', by: 'second', severity: 'moderate', types: ['operations', 'surveillance'],
    title: 'Unannounced inspections of youth centres',
    description: 'Tax and fire inspectors, accompanied by plain-clothes officers, inspected three youth centres in one week and copied visitor registers.',
    actor: 'Tax Committee and police', affected: [{ description: 'Youth organisations of the Southern Highlands' }],
  },
  {
    country: 'XM', region: 'capital', daysAgo: 20, stage: 'unverified', by: 'second', severity: 'high', types: ['designation_listing'],
    title: 'Charity added to the national list of extremist organisations',
    description: 'A religious charity was added to the national list by a court decision taken without the charity being heard; its accounts were frozen the same day.',
    ct: 'Law on Countering Extremism, art. 12', actor: 'City court, at the prosecutor’s request',
    affected: [{ name: 'Open Hands Charity', description: 'A religious charity running food banks' }],
  },
  {
    country: 'XV', region: 'coast', daysAgo: 320, stage: 'published', by: 'first', severity: 'low', types: ['registration'],
    title: 'Registration fees for associations tripled',
    description: 'A government decree tripled the fee for registering an association and added a notarised founders’ list, delaying new registrations.',
    actor: 'Government of Valdoria', affected: [{ description: 'New associations awaiting registration' }],
  },
  {
    country: 'XV', region: 'plains', daysAgo: 200, stage: 'published', by: 'second', severity: 'moderate', types: ['expression'],
    title: 'Journalist and activist fined for a post on police conduct',
    description: 'An activist of a community group was fined under the law on false information for a post about police conduct at a protest.',
    actor: 'Administrative court', affected: [{ description: 'A member of a community group' }],
  },
  {
    country: 'XV', region: 'coast', daysAgo: 90, stage: 'published', by: 'first', severity: 'moderate', types: ['funding_rules', 'bank_derisking'],
    title: 'Transfers from abroad held for "counter-terrorism screening"',
    description: 'Banks hold every transfer from abroad to associations for up to 45 days for screening under new financing rules, leaving organisations unable to pay staff.',
    ct: 'Regulation on Financial Monitoring No. 7', actor: 'Financial Monitoring Agency and banks',
    affected: [{ description: 'Associations receiving grants from abroad' }],
  },
  {
    country: 'XT', region: 'capital', daysAgo: 330, stage: 'published', by: 'second', severity: 'severe', types: ['harassment_detention'],
    title: 'Staff of a human-rights centre detained after a report on prisons',
    description: 'Three staff members of a human-rights centre were detained for 15 days after the centre published a report on conditions in prisons.',
    ct: 'Criminal Code, art. 182 (propaganda of terrorism)', actor: 'Police and prosecutor’s office', womenTargeted: true,
    affected: [{ description: 'A human-rights centre; two of the three staff are women' }],
  },
  {
    country: 'XT', region: 'mountains', daysAgo: 210, stage: 'published', by: 'first', severity: 'high', types: ['registration', 'operations'],
    title: 'Court orders the liquidation of a mountain communities association',
    description: 'A court ordered the liquidation of an association for "activities outside its charter" after it organised legal clinics.',
    actor: 'Regional court', affected: [{ description: 'A community association of the mountain districts' }],
  },
  {
    country: 'XT', region: 'capital', daysAgo: 100, stage: 'published', by: 'second', severity: 'high', types: ['surveillance', 'travel_ban'],
    title: 'Activists’ phones searched at the border and travel banned',
    description: 'Activists returning from a regional conference had their phones searched at the border; two were banned from leaving the country for a year.',
    actor: 'Border Service', affected: [{ description: 'Members of several organisations attending a regional conference' }],
  },
  {
    country: 'XT', region: 'capital', daysAgo: 40, stage: 'verified', by: 'first', severity: 'severe', types: ['designation_listing', 'funding_rules'],
    title: 'Umbrella network designated as "undesirable"',
    description: 'The prosecutor general designated an international umbrella network as "undesirable"; taking part in its activities is now a criminal offence.',
    ct: 'Law on Undesirable Organisations', actor: 'Prosecutor General',
    affected: [{ name: 'Regional Civic Solidarity Network', description: 'An umbrella network of civil society organisations' }],
  },
];

type DemoRating = { country: string; yearsAgo: number; rating: Rating; reasons: string; confirmed: boolean; by: 'first' | 'second' };

export const DEMO_CIVIC_RATINGS: DemoRating[] = [
  { country: 'XM', yearsAgo: 2, rating: 'narrowed', confirmed: true, by: 'first', reasons: 'Associations register and work freely for the most part, but inspections and pressure on organisations working with returnees have grown.' },
  { country: 'XM', yearsAgo: 1, rating: 'obstructed', confirmed: true, by: 'second', reasons: 'New re-registration duties for foreign-funded associations, account closures and refused assemblies show a pattern of obstruction, often justified by counter-terrorism financing rules.' },
  { country: 'XM', yearsAgo: 0, rating: 'obstructed', confirmed: false, by: 'second', reasons: 'The travel ban on a lawyer defending returnees, refused assemblies and the smear campaign against foreign-funded organisations keep civic space obstructed.' },
  { country: 'XV', yearsAgo: 2, rating: 'open', confirmed: true, by: 'second', reasons: 'Associations register, raise funds and assemble with few obstacles; isolated incidents were remedied by the courts.' },
  { country: 'XV', yearsAgo: 1, rating: 'narrowed', confirmed: true, by: 'first', reasons: 'Higher registration fees, fines for online expression and delays to transfers from abroad have narrowed civic space.' },
  { country: 'XT', yearsAgo: 2, rating: 'repressed', confirmed: true, by: 'first', reasons: 'Detentions of human-rights defenders and court-ordered liquidations of associations show systematic repression.' },
  { country: 'XT', yearsAgo: 1, rating: 'repressed', confirmed: true, by: 'second', reasons: 'Repression continues: staff detained after reports, activists banned from travel and an umbrella network designated undesirable.' },
];

const DAY = 86_400_000;
const dayAgo = (days: number) => new Date(Date.now() - days * DAY);

export async function seedDemoCivic(tx: Tx, monitorOrgId: string, users: Map<string, string>): Promise<void> {
  for (const j of DEMO_NEIGHBOURS) {
    await tx
      .insertInto('jurisdictions')
      .values({ code: j.code, names: JSON.stringify(j.names), regions: JSON.stringify(j.regions ?? []) })
      .onConflict((oc) => oc.column('code').doNothing())
      .execute();
  }
  const who = { first: users.get(DEMO_MONITORS.first)!, second: users.get(DEMO_MONITORS.second)! };
  const other = (by: 'first' | 'second') => who[by === 'first' ? 'second' : 'first'];
  const ids = new Map<string, string>();
  for (const r of DEMO_CIVIC_RECORDS) {
    const started = dayAgo(r.daysAgo);
    const checked = dayAgo(Math.max(r.daysAgo - 7, 1));
    const step = ['unverified', 'corroborated', 'verified', 'published'].indexOf(r.stage);
    const { id } = await tx
      .insertInto('civic_records')
      .values({
        monitor_org_id: monitorOrgId,
        country: r.country,
        region: r.region ?? null,
        title: r.title,
        description: r.description,
        started_on: started.toISOString().slice(0, 10),
        types: r.types,
        ct_justification: r.ct !== undefined,
        legal_instrument: r.ct ?? null,
        actor: r.actor,
        women_targeted: r.womenTargeted ?? false,
        severity: r.severity,
        status: step >= 2 ? 'verified' : r.stage,
        entered_by: who[r.by],
        created_at: dayAgo(Math.max(r.daysAgo - 2, 1)),
        corroborated_by: step >= 1 ? who[r.by] : null,
        corroborated_at: step >= 1 ? checked : null,
        verified_by: step >= 2 ? other(r.by) : null,
        verified_at: step >= 2 ? checked : null,
        published_at: step >= 3 ? checked : null,
        published_by: step >= 3 ? other(r.by) : null,
      })
      .returning('id')
      .execute()
      .then((rows) => rows[0]!);
    ids.set(r.title, id);
    await tx
      .insertInto('civic_record_sources')
      .values([
        { record_id: id, url: `https://news.example.org/${r.country.toLowerCase()}/${id.slice(0, 8)}`, title: 'Independent news report', added_by: who[r.by] },
        { record_id: id, url: `https://monitor.example.org/statements/${id.slice(0, 8)}`, title: 'Statement of the affected organisation', added_by: who[r.by] },
      ])
      .execute();
    for (const a of r.affected) {
      // Named organisations of published records consented; the unpublished ones still wait.
      const consented = a.name !== undefined && step >= 3;
      await tx
        .insertInto('civic_affected_orgs')
        .values({
          record_id: id,
          name: a.name ?? null,
          description: a.description,
          women_led: a.womenLed ?? false,
          added_by: who[r.by],
          consent_at: consented ? checked : null,
          consent_note: consented ? 'Written consent from the director, by e-mail' : null,
          consent_recorded_by: consented ? who[r.by] : null,
        })
        .execute();
    }
  }
  const year = new Date().getUTCFullYear();
  for (const g of DEMO_CIVIC_RATINGS) {
    const { id } = await tx
      .insertInto('civic_ratings')
      .values({
        monitor_org_id: monitorOrgId,
        country: g.country,
        year: year - g.yearsAgo,
        rating: g.rating,
        reasons: g.reasons,
        status: g.confirmed ? 'confirmed' : 'proposed',
        proposed_by: who[g.by],
        confirmed_by: g.confirmed ? other(g.by) : null,
        confirmed_at: g.confirmed ? dayAgo(g.yearsAgo * 365 - 10 + 1) : null,
        proposed_at: dayAgo(g.yearsAgo * 365 - 5 + 1),
      })
      .returning('id')
      .execute()
      .then((rows) => rows[0]!);
    // The reasons rest on the records of that country started in the rated year.
    const behind = DEMO_CIVIC_RECORDS.filter((r) => r.country === g.country && dayAgo(r.daysAgo).getUTCFullYear() === year - g.yearsAgo).map((r) => ids.get(r.title)!);
    if (behind.length > 0) await tx.insertInto('civic_rating_records').values(behind.map((record_id) => ({ rating_id: id, record_id }))).execute();
  }
}

/**
 * Confidential reports as the channel receives them: one waiting for a monitor, and one the first
 * monitor took and asked about. Sealed like real ones, under receipt codes nobody is shown (a
 * demo reporter sends their own report at /report to follow it up).
 */
export const DEMO_CIVIC_REPORTS = [
  {
    country: 'XV',
    daysAgo: 3,
    content: {
      title: 'Our bank will not open an account for the youth association',
      description: 'Three banks in the capital refused to open an account for our youth association this month. One said that associations working with young people in the border districts are "high risk" under the new financing rules.',
      startedOn: null,
      types: ['bank_derisking', 'funding_rules'],
      actor: 'Commercial banks in the capital',
      ctJustification: true,
      womenTargeted: false,
    },
    contact: null,
    question: null,
    /** Left to any organisation that receives reports about the country. */
    addressed: false,
  },
  {
    country: 'XM',
    daysAgo: 9,
    content: {
      title: 'Inspectors took the files of a women’s shelter network',
      description: 'Inspectors of the Ministry of Justice came to two shelters of our network without notice, copied the files of the women we support and said the network would be checked for "extremist literature".',
      startedOn: null,
      types: ['operations', 'surveillance'],
      actor: 'Ministry of Justice inspectors',
      ctJustification: true,
      womenTargeted: true,
    },
    contact: 'A colleague of the network can pass on a message: ask for Lena at the legal aid desk.',
    question: 'Thank you. Were the files taken away or only copied, and did the inspectors show a written order?',
    /** Addressed to the Legal Aid Collective by name. */
    addressed: true,
  },
] as const;

/** The Legal Aid Collective receives confidential reports about the three demo countries. */
export async function seedDemoReportDesks(tx: Tx, users: Map<string, string>, monitorOrgId: string): Promise<void> {
  const monitor = users.get(DEMO_MONITORS.first)!;
  await tx
    .insertInto('civic_report_desks')
    .values(['XM', 'XV', 'XT'].map((country) => ({ org_id: monitorOrgId, country, opened_by: monitor })))
    .onConflict((oc) => oc.doNothing())
    .execute();
}

export async function seedDemoCivicReports(tx: Tx, vault: Vault, users: Map<string, string>, monitorOrgId: string): Promise<void> {
  const monitor = users.get(DEMO_MONITORS.first)!;
  for (const r of DEMO_CIVIC_REPORTS) {
    const id = randomUUID();
    const taken = r.question !== null;
    await tx
      .insertInto('civic_reports')
      .values({
        id,
        receipt_hash: vault.receiptIndex(newReceipt().replace(/-/g, '')),
        country: r.country,
        sealed_content: vault.sealRecord(`civic-report:${id}`, JSON.stringify(r.content)),
        status: taken ? 'assigned' : 'new',
        received_on: dayAgo(r.daysAgo).toISOString().slice(0, 10),
        assigned_user_id: taken ? monitor : null,
        assigned_org_id: taken ? monitorOrgId : null,
        assigned_at: taken ? dayAgo(r.daysAgo - 1) : null,
        desk_org_id: r.addressed ? monitorOrgId : null,
      })
      .execute();
    if (r.contact) await tx.insertInto('civic_report_contacts').values({ report_id: id, sealed_contact: vault.sealRecord(`civic-report-contact:${id}`, r.contact) }).execute();
    if (r.question) {
      const messageId = randomUUID();
      await tx
        .insertInto('civic_report_messages')
        .values({ id: messageId, report_id: id, from_reporter: false, author_user_id: monitor, sealed_body: vault.sealRecord(`civic-report-message:${messageId}`, r.question), sent_at: dayAgo(r.daysAgo - 1) })
        .execute();
    }
  }
}
