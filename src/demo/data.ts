// The demo installation: a fictitious country, Marisca, with three government agencies, eight
// civil society organisations (three of them women-led), a regional donor, and one account per
// role. Every name here is invented.
import type { Role } from '../platform/auth/roles.ts';
import type { NewJurisdiction, NewOrganisation } from '../modules/orgs/setup.ts';

export const DEMO_COUNTRY: NewJurisdiction = {
  code: 'XM',
  names: { en: 'Marisca', ru: 'Мариска', ar: 'ماريسكا' },
  regions: [
    { code: 'capital', names: { en: 'Capital District', ru: 'Столичный округ', ar: 'منطقة العاصمة' } },
    { code: 'north', names: { en: 'Northern Valleys', ru: 'Северные долины', ar: 'الوديان الشمالية' } },
    { code: 'east', names: { en: 'Eastern Steppe', ru: 'Восточная степь', ar: 'السهوب الشرقية' } },
    { code: 'south', names: { en: 'Southern Highlands', ru: 'Южное нагорье', ar: 'المرتفعات الجنوبية' } },
    { code: 'lake', names: { en: 'Lake Region', ru: 'Озёрный край', ar: 'منطقة البحيرة' } },
  ],
};

type DemoOrg = NewOrganisation & { key: string };

const XM = 'XM';
export const DEMO_ORGANISATIONS: DemoOrg[] = [
  {
    key: 'nccp',
    name: 'National Coordination Centre for Prevention',
    shortName: 'NCCP',
    type: 'government',
    country: XM,
    regions: ['capital', 'north', 'east', 'south', 'lake'],
    areasOfWork: ['prevention', 'intervention', 'rehabilitation_reintegration'],
    languages: ['en', 'ru'],
    visibility: 'public',
    registrationStatus: 'not_applicable',
    description: 'Coordinates the national action plan and the multi-agency panel.',
  },
  {
    key: 'prs',
    name: 'Probation and Reintegration Service',
    shortName: 'PRS',
    type: 'government',
    country: XM,
    regions: ['capital', 'north', 'east', 'south', 'lake'],
    areasOfWork: ['intervention', 'rehabilitation_reintegration'],
    needDomains: ['legal', 'documentation', 'housing'],
    languages: ['ru', 'en'],
    visibility: 'public',
    registrationStatus: 'not_applicable',
    description: 'Opens and coordinates cases of returnees and released offenders.',
  },
  {
    key: 'mlsp',
    name: 'Ministry of Labour and Social Protection',
    shortName: 'MLSP',
    type: 'government',
    country: XM,
    regions: ['capital', 'north', 'east', 'south', 'lake'],
    areasOfWork: ['rehabilitation_reintegration'],
    needDomains: ['financial', 'vocational', 'housing'],
    languages: ['ru'],
    visibility: 'public',
    registrationStatus: 'not_applicable',
  },
  {
    key: 'wvn',
    name: "Women's Voices Network",
    shortName: 'WVN',
    type: 'cso',
    country: XM,
    regions: ['east', 'lake'],
    areasOfWork: ['prevention', 'rehabilitation_reintegration'],
    needDomains: ['community_acceptance', 'communication_social', 'familial'],
    languages: ['ru', 'kk'],
    womenLed: true,
    genderExpertise: true,
    visibility: 'public',
    description: 'Works with communities and local media for the acceptance of women returning home.',
  },
  {
    key: 'mca',
    name: "Mothers' Circle Association",
    shortName: 'MCA',
    type: 'cso',
    country: XM,
    regions: ['capital', 'north'],
    areasOfWork: ['rehabilitation_reintegration'],
    needDomains: ['familial', 'psychosocial', 'educational'],
    languages: ['ru', 'ar'],
    womenLed: true,
    genderExpertise: true,
    visibility: 'partners',
    description: 'Family support for mothers and children returning from conflict zones.',
  },
  {
    key: 'sil',
    name: 'Sisters in Learning',
    shortName: 'SIL',
    type: 'cso',
    country: XM,
    regions: ['south'],
    areasOfWork: ['prevention', 'rehabilitation_reintegration'],
    needDomains: ['educational', 'vocational'],
    languages: ['ru', 'uz'],
    womenLed: true,
    genderExpertise: true,
    visibility: 'public',
    description: 'Literacy, schooling catch-up and vocational courses for girls and women.',
  },
  {
    key: 'bpc',
    name: 'Bridge Psychosocial Centre',
    shortName: 'BPC',
    type: 'cso',
    country: XM,
    regions: ['capital', 'lake'],
    areasOfWork: ['intervention', 'rehabilitation_reintegration'],
    needDomains: ['psychosocial', 'health', 'familial'],
    languages: ['ru', 'en', 'ar'],
    visibility: 'public',
    description: 'Trauma-informed counselling for adults and children.',
  },
  {
    key: 'odv',
    name: 'Open Doors Vocational Trust',
    shortName: 'ODVT',
    type: 'cso',
    country: XM,
    regions: ['north', 'east'],
    areasOfWork: ['rehabilitation_reintegration'],
    needDomains: ['vocational', 'financial'],
    languages: ['ru'],
    visibility: 'public',
  },
  {
    key: 'lac',
    name: 'Legal Aid Collective',
    shortName: 'LAC',
    type: 'cso',
    country: XM,
    regions: ['capital', 'north', 'east', 'south', 'lake'],
    areasOfWork: ['rehabilitation_reintegration'],
    needDomains: ['legal', 'documentation'],
    languages: ['ru', 'en'],
    visibility: 'partners',
    description: 'Legal counsel, civil documentation for children born abroad, and monitoring of civic space.',
  },
  {
    key: 'idc',
    name: 'Interfaith Dialogue Council',
    shortName: 'IDC',
    type: 'cso',
    country: XM,
    regions: ['capital', 'south'],
    areasOfWork: ['prevention', 'intervention'],
    needDomains: ['religious_ideological', 'community_acceptance'],
    languages: ['ru', 'ar'],
    visibility: 'hidden',
  },
  {
    key: 'yh',
    name: 'Youth Horizons',
    shortName: 'YH',
    type: 'cso',
    country: XM,
    regions: ['east', 'south'],
    areasOfWork: ['prevention'],
    needDomains: ['educational', 'communication_social'],
    languages: ['ru', 'kk', 'uz'],
    visibility: 'public',
  },
  {
    key: 'rfcs',
    name: 'Regional Fund for Civil Society',
    shortName: 'RFCS',
    type: 'donor',
    country: XM,
    areasOfWork: ['prevention', 'rehabilitation_reintegration'],
    languages: ['en', 'ru'],
    visibility: 'public',
    registrationStatus: 'not_applicable',
  },
];

export type DemoAccount = { email: string; displayName: string; org: string; roles: Role[]; locale: 'en' | 'ru' | 'ar' };

export const DEMO_ACCOUNTS: DemoAccount[] = [
  { email: 'platform-admin@tandem.example', displayName: 'Timur Bekov', org: 'nccp', roles: ['platform_admin'], locale: 'en' },
  { email: 'org-admin@tandem.example', displayName: 'Leyla Nazarova', org: 'bpc', roles: ['org_admin'], locale: 'ru' },
  { email: 'coordinator@tandem.example', displayName: 'Daniyar Seitkali', org: 'prs', roles: ['case_coordinator'], locale: 'ru' },
  { email: 'caseworker@tandem.example', displayName: 'Amina Rahimova', org: 'bpc', roles: ['caseworker'], locale: 'en' },
  { email: 'dpo@tandem.example', displayName: 'Elena Petrova', org: 'prs', roles: ['dpo'], locale: 'en' },
  { email: 'plan-coordinator@tandem.example', displayName: 'Arman Zhakupov', org: 'nccp', roles: ['plan_coordinator'], locale: 'ru' },
  { email: 'contributor@tandem.example', displayName: 'Gulnara Ismailova', org: 'wvn', roles: ['contributor'], locale: 'ru' },
  { email: 'monitor@tandem.example', displayName: 'Besnik Krasniqi', org: 'lac', roles: ['civic_monitor'], locale: 'en' },
  { email: 'donor@tandem.example', displayName: 'Sara Lindqvist', org: 'rfcs', roles: ['donor_officer'], locale: 'en' },
  { email: 'viewer@tandem.example', displayName: 'Omar Haddad', org: 'mlsp', roles: ['viewer'], locale: 'ar' },
  // A second organisation administrator, at the agency, so that an agreement can be walked
  // through by both of its parties.
  { email: 'agency-admin@tandem.example', displayName: 'Aigerim Sadykova', org: 'prs', roles: ['org_admin'], locale: 'en' },
  // Contributors of more civil society organisations and a ministry's focal point, for the
  // national action plan's consultation and its commitments.
  { email: 'mothers-circle@tandem.example', displayName: 'Zarina Tulegenova', org: 'mca', roles: ['contributor'], locale: 'ru' },
  { email: 'sisters-learning@tandem.example', displayName: 'Malika Yusupova', org: 'sil', roles: ['contributor'], locale: 'en' },
  { email: 'youth-horizons@tandem.example', displayName: 'Ruslan Abenov', org: 'yh', roles: ['contributor'], locale: 'ru' },
  { email: 'labour-focal-point@tandem.example', displayName: 'Layla Mansour', org: 'mlsp', roles: ['contributor'], locale: 'ar' },
  // A second civic-space monitor at the collective: a record is verified, and a rating confirmed,
  // by a monitor other than the one who entered it.
  { email: 'monitor-2@tandem.example', displayName: 'Nadia Karimova', org: 'lac', roles: ['civic_monitor'], locale: 'ru' },
];

/** Agreements between demo organisations, by key; dates are relative to the day of seeding. */
export type DemoAgreement = {
  title: string;
  services: string;
  parties: string[];
  signed: string[];
  dataCategories: string[];
  legalBasis: string;
  retentionMonths: number;
  /** Months from the seeding day. */
  from: number;
  until: number;
};

export const DEMO_AGREEMENTS: DemoAgreement[] = [
  {
    title: 'Psychosocial support for returnees and their families',
    services: 'Individual and family counselling; trauma-informed support for children; case conference participation.',
    parties: ['prs', 'bpc'],
    signed: ['prs', 'bpc'],
    dataCategories: ['identity', 'contact', 'household', 'consents', 'needs_assessment', 'case_plan', 'referrals_services', 'case_conferences', 'psychosocial_notes'],
    legalBasis: 'consent',
    retentionMonths: 60,
    from: -6,
    until: 18,
  },
  {
    title: 'Legal aid and civil documentation',
    services: 'Legal counsel; birth registration and identity documents for children born abroad.',
    parties: ['prs', 'lac'],
    signed: ['prs', 'lac'],
    dataCategories: ['identity', 'contact', 'household', 'consents', 'referrals_services'],
    legalBasis: 'public_task',
    retentionMonths: 84,
    from: -12,
    until: 12,
  },
  {
    title: 'Family support for mothers and children',
    services: 'Parenting support groups; school enrolment support.',
    parties: ['prs', 'mca'],
    signed: ['prs'],
    dataCategories: ['identity', 'household', 'consents', 'needs_assessment', 'referrals_services'],
    legalBasis: 'consent',
    retentionMonths: 60,
    from: 0,
    until: 24,
  },
  {
    title: 'Vocational training placements (2024–2025)',
    services: 'Vocational courses and job placement for released offenders.',
    parties: ['mlsp', 'odv'],
    signed: ['mlsp', 'odv'],
    dataCategories: ['identity', 'contact', 'referrals_services'],
    legalBasis: 'contract',
    retentionMonths: 36,
    from: -24,
    until: -1,
  },
];
