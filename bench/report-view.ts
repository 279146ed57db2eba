// A national response report as the report PDF receives it: a plan with 5,000 contributions
// (by default) in English, Russian and Arabic, many of them mixing scripts and directions the way
// people write them — case and commitment references, acronyms, figures, dates and quotations in
// another language inside a sentence. Deterministic (a seeded generator), no database: the PDF
// benchmark measures the writer, `bench:plans` measures the queries.
import type { ReportContribution, ReportGroup, ReportView, StatusCounts } from '../src/modules/planning/report-schema.ts';

/** A small deterministic generator (mulberry32). */
function random(seed: number): () => number {
  let a = seed >>> 0;
  return () => {
    a = (a + 0x6d2b79f5) >>> 0;
    let t = a;
    t = Math.imul(t ^ (t >>> 15), t | 1);
    t ^= t + Math.imul(t ^ (t >>> 7), t | 61);
    return ((t ^ (t >>> 14)) >>> 0) / 4294967296;
  };
}

// Sentences with {ref}, {num}, {year}, {pct}, {org} slots, filled in differently each time, so
// that the text is not a handful of repeated words.
const SENTENCES = {
  en: [
    'Family support must start before the return, with the mother’s consent, and include the grandparents who often take the children in.',
    'We propose that the plan names who does what, by when, and how families are heard before a decision about them is taken.',
    'In our district {num} children came back in {year}; fewer than {pct}% of them were enrolled in school within six months.',
    'The probation service and the schools should share one contact person per case, as agreed in case {ref}.',
    'Women-led organisations such as {org} already run the peer groups this section describes, without any public funding.',
    'Commitment {ref} should have an indicator that counts girls and boys separately, with a baseline from {year}.',
    'Psychosocial support is offered in the capital only; people in the regions travel up to {num} km for one session.',
    'Local prevention councils need a budget line of their own, otherwise they meet once and never again.',
    'Teachers asked for training on how to talk about online propaganda with pupils aged 12 to 16.',
    'We disagree with the wording “high-risk families”: it stigmatises children who have done nothing wrong.',
    'The plan should say how complaints about the police are received, answered and published every quarter.',
    'Vocational training after release works when an employer is found before the training starts, as the pilot in {year} showed.',
    'Religious leaders were consulted in only two of the {num} regions; the others must be heard as well.',
    'Please publish the minutes of the regional meetings, with the names of the organisations that took part.',
    'Data on returnees must not be shared with agencies outside the case team without a written agreement.',
    'The section on online prevention ignores messaging apps, where most recruitment now happens according to {org}.',
    'A helpline for families worried about a relative should be run by civil society, not by the security services.',
    'Reintegration takes years, not months: the monitoring period of commitment {ref} is far too short.',
    'Mothers returning with young children need housing first; without it nothing else in this plan will hold.',
    'We welcome the plan and offer our experience of {num} mentoring pairs since {year}.',
  ],
  ru: [
    'Поддержка семьи должна начинаться до возвращения, с согласия матери, и включать бабушек и дедушек, которые часто принимают детей.',
    'Предлагаем указать в плане, кто, что и в какие сроки делает, и как выслушивают семьи до принятия решения о них.',
    'В нашем районе в {year} году вернулись {num} детей; менее {pct}% из них пошли в школу в течение полугода.',
    'Служба пробации и школы должны назначать одно контактное лицо на дело, как договорились по делу {ref}.',
    'Женские организации, например {org}, уже ведут группы взаимной поддержки, о которых говорится в этом разделе, без государственного финансирования.',
    'Для обязательства {ref} нужен показатель, отдельно учитывающий девочек и мальчиков, с исходным значением за {year} год.',
    'Психосоциальная помощь есть только в столице; жители регионов едут до {num} км ради одной встречи.',
    'Местным советам по профилактике нужна отдельная строка бюджета, иначе они соберутся один раз и больше никогда.',
    'Учителя просят обучения тому, как говорить о пропаганде в интернете с учениками 12–16 лет.',
    'Мы не согласны с формулировкой «семьи высокого риска»: она клеймит детей, которые ни в чём не виноваты.',
    'В плане следует указать, как принимаются жалобы на полицию, как на них отвечают и как их ежеквартально публикуют.',
    'Профессиональное обучение после освобождения работает, если работодатель найден до начала обучения, как показал пилотный проект {year} года.',
    'С религиозными лидерами консультировались лишь в двух из {num} регионов; остальных тоже нужно выслушать.',
    'Просим опубликовать протоколы региональных встреч с названиями участвовавших организаций.',
    'Данные о вернувшихся нельзя передавать ведомствам вне команды дела без письменного соглашения.',
    'Раздел о профилактике в интернете не учитывает мессенджеры, где, по данным {org}, сейчас происходит большая часть вербовки.',
    'Горячую линию для семей, обеспокоенных родственником, должно вести гражданское общество, а не силовые структуры.',
    'Реинтеграция занимает годы, а не месяцы: срок мониторинга по обязательству {ref} слишком короткий.',
    'Матерям, возвращающимся с маленькими детьми, прежде всего нужно жильё; без него ничего в этом плане не удержится.',
    'Мы поддерживаем план и предлагаем свой опыт: {num} пар наставничества с {year} года.',
  ],
  ar: [
    'يجب أن يبدأ دعم الأسرة قبل العودة، بموافقة الأم، وأن يشمل الأجداد الذين يستقبلون الأطفال في كثير من الأحيان.',
    'نقترح أن تحدد الخطة من يفعل ماذا ومتى، وكيف يُستمع إلى الأسر قبل اتخاذ أي قرار بشأنها.',
    'عاد إلى منطقتنا {num} طفلاً في عام {year}، ولم يلتحق بالمدرسة منهم خلال ستة أشهر سوى أقل من {pct}%.',
    'ينبغي لدائرة المراقبة والمدارس تعيين شخص اتصال واحد لكل حالة، كما اتُّفق عليه في الحالة {ref}.',
    'تدير منظمات تقودها نساء مثل {org} مجموعات دعم الأقران الموصوفة في هذا القسم دون أي تمويل عام.',
    'يجب أن يتضمن الالتزام {ref} مؤشراً يحصي الفتيات والفتيان كلاً على حدة، مع خط أساس من عام {year}.',
    'لا يتوفر الدعم النفسي والاجتماعي إلا في العاصمة؛ ويسافر سكان المناطق مسافة تصل إلى {num} كم من أجل جلسة واحدة.',
    'تحتاج مجالس الوقاية المحلية إلى بند مستقل في الميزانية، وإلا فإنها تجتمع مرة واحدة ثم لا تجتمع أبداً.',
    'طلب المعلمون تدريباً على كيفية الحديث عن الدعاية عبر الإنترنت مع التلاميذ من سن 12 إلى 16 عاماً.',
    'لا نوافق على عبارة «الأسر عالية الخطورة» لأنها تصم أطفالاً لم يرتكبوا أي خطأ.',
    'ينبغي أن تبيّن الخطة كيف تُستقبل الشكاوى المتعلقة بالشرطة وكيف يُرد عليها وتُنشر كل ثلاثة أشهر.',
    'ينجح التدريب المهني بعد الإفراج عندما يُعثر على صاحب عمل قبل بدء التدريب، كما أظهر المشروع التجريبي لعام {year}.',
    'لم تجر استشارة القادة الدينيين إلا في منطقتين من أصل {num} منطقة، ويجب الاستماع إلى الآخرين أيضاً.',
    'نرجو نشر محاضر الاجتماعات الإقليمية مع أسماء المنظمات المشاركة فيها.',
    'لا يجوز تبادل البيانات المتعلقة بالعائدين مع جهات خارج فريق الحالة دون اتفاق مكتوب.',
    'يتجاهل القسم المتعلق بالوقاية عبر الإنترنت تطبيقات المراسلة، حيث يجري معظم التجنيد الآن وفقاً لـ {org}.',
    'ينبغي أن يدير المجتمع المدني خط المساعدة للأسر القلقة على أحد أقاربها، لا الأجهزة الأمنية.',
    'تستغرق إعادة الإدماج سنوات لا أشهراً، ومدة رصد الالتزام {ref} قصيرة جداً.',
    'تحتاج الأمهات العائدات مع أطفال صغار إلى السكن أولاً، ومن دونه لن يصمد شيء في هذه الخطة.',
    'نرحب بالخطة ونقدم خبرتنا في {num} ثنائياً من ثنائيات الإرشاد منذ عام {year}.',
  ],
} as const;

type Lang = keyof typeof SENTENCES;

const ORGS = {
  en: ["Women's Voices Network", 'Youth Horizons', 'Legal Aid Collective', 'Bridge Psychosocial Centre', "Mothers' Circle Association", 'Open Doors'],
  ru: ['Сеть «Голос женщин»', 'Молодёжные горизонты', 'Коллектив правовой помощи', 'Центр «Мост»', 'Ассоциация «Круг матерей»', 'Открытые двери'],
  ar: ['شبكة أصوات النساء', 'آفاق الشباب', 'جماعة المساعدة القانونية', 'مركز الجسر النفسي', 'جمعية دائرة الأمهات', 'الأبواب المفتوحة'],
};
const REASONS = {
  en: ['Thank you. The plan now says this more clearly.', 'Section {ref} was rewritten after this contribution.', 'This is outside what the plan can decide; we passed it to the ministry.', 'We agree in part: the budget for {year} allows {num} places, not more.'],
  ru: ['Спасибо. Теперь в плане это сказано яснее.', 'Раздел {ref} переписан после этого предложения.', 'Это вне компетенции плана; мы передали предложение в министерство.', 'Согласны частично: бюджет на {year} год позволяет {num} мест, не больше.'],
  ar: ['شكراً لكم. أصبحت الخطة تنص على ذلك بوضوح أكبر.', 'أعيدت صياغة القسم {ref} بعد هذه المساهمة.', 'هذا خارج ما يمكن أن تقرره الخطة، وقد أحلناه إلى الوزارة.', 'نوافق جزئياً: ميزانية عام {year} تسمح بـ {num} مقعداً فقط.'],
};
const STATES = ['accepted', 'partly_accepted', 'not_accepted', 'out_of_scope', 'under_consideration'] as const;
const ORG_TYPES = ['cso', 'community', 'academic', 'faith_based', 'private'];

function uuid(n: number): string {
  const h = n.toString(16).padStart(12, '0');
  return `00000000-0000-4000-8000-${h}`;
}

export type ReportViewOptions = { contributions?: number; seed?: number };

export function nationalReportView({ contributions = 5000, seed = 2027 }: ReportViewOptions = {}): ReportView {
  const rnd = random(seed);
  const pick = <T>(xs: readonly T[]): T => xs[Math.floor(rnd() * xs.length)]!;
  const int = (lo: number, hi: number) => lo + Math.floor(rnd() * (hi - lo + 1));
  const lang = (): Lang => {
    const r = rnd();
    return r < 0.4 ? 'en' : r < 0.7 ? 'ru' : 'ar';
  };
  const fill = (s: string, l: Lang) =>
    s
      .replaceAll('{ref}', () => pick([`XM-${int(2024, 2027)}-${String(int(1, 99_999)).padStart(5, '0')}`, `B-${int(1, 60)}`, `${int(1, 40)}.${int(1, 9)}`]))
      .replaceAll('{num}', () => String(int(2, 2500)))
      .replaceAll('{year}', () => String(int(2019, 2027)))
      .replaceAll('{pct}', () => String(int(3, 60)))
      // An organisation is named in its own language, often not the sentence's.
      .replaceAll('{org}', () => pick(ORGS[rnd() < 0.6 ? l : lang()]));
  const paragraph = (l: Lang, sentences: number) => {
    const out: string[] = [];
    for (let i = 0; i < sentences; i++) {
      // One sentence in six is in another language (a quotation, a name, a translated passage).
      const sl = rnd() < 1 / 6 ? lang() : l;
      out.push(fill(pick(SENTENCES[sl]), sl));
    }
    return out.join(' ');
  };

  const sectionTitles = Array.from({ length: 40 }, (_, i) => {
    const l = (['en', 'ru', 'ar'] as const)[i % 3]!;
    const names = { en: ['Prevention in schools', 'Families returning home', 'Released offenders', 'Online prevention', 'Community resilience'], ru: ['Профилактика в школах', 'Возвращение семей', 'Освобождённые', 'Профилактика в интернете', 'Устойчивость сообществ'], ar: ['الوقاية في المدارس', 'عودة الأسر', 'المفرج عنهم', 'الوقاية عبر الإنترنت', 'صمود المجتمعات'] };
    return `${i + 1}. ${names[l][i % 5]}`;
  });
  const groups: ReportGroup[] = [
    ...sectionTitles.map((title, i) => ({ kind: 'section' as const, id: uuid(100 + i), title, consultation: null })),
    ...Array.from({ length: 30 }, (_, i) => ({ kind: 'question' as const, id: uuid(200 + i), title: `Question ${(i % 5) + 1} of consultation ${Math.floor(i / 5) + 1}: what should this part of the plan change, and who should do it?`, consultation: `Consultation ${Math.floor(i / 5) + 1} on the draft plan` })),
    { kind: 'general' as const, id: null, title: null, consultation: null },
  ].map((g) => ({ ...g, counts: emptyCounts(), contributions: [] as ReportContribution[] }));

  const start = Date.UTC(2026, 9, 1);
  for (let n = 0; n < contributions; n++) {
    const l = lang();
    const answered = rnd() < 0.6;
    const status = answered ? pick(STATES) : 'unanswered';
    const kind = n % 10 === 0 ? 'individual' : n % 7 === 0 ? 'anonymous_organisation' : 'organisation';
    const sections = answered && n % 2 === 0 ? [{ id: uuid(100 + (n % 40)), title: sectionTitles[n % 40]! }] : [];
    const commitments = answered && n % 3 === 0 ? [{ id: uuid(300 + (n % 60)), reference: `B-${(n % 60) + 1}`, title: pick(['prevention councils', 'family support', 'школьные программы', 'التدريب المهني', 'online literacy']) }] : [];
    const c: ReportContribution = {
      id: uuid(10_000 + n),
      body: `${paragraph(l, int(3, 8))}${rnd() < 0.15 ? `\n${paragraph(l, int(1, 3))}` : ''}`,
      contributor: { kind, orgName: kind === 'individual' ? null : pick(ORGS[l]), orgType: pick(ORG_TYPES) },
      consultation: `Consultation ${(n % 6) + 1} on the draft plan`,
      submittedAt: new Date(start + n * 518_400).toISOString(),
      status,
      reasons: answered ? fill(pick(REASONS[rnd() < 0.7 ? l : lang()]), l) + (rnd() < 0.5 ? ` ${paragraph(l, int(1, 2))}` : '') : null,
      respondedAt: answered ? new Date(start + n * 518_400 + 3 * 86_400_000).toISOString() : null,
      sections,
      commitments,
      files: [],
    };
    // Three in five on a section, three in ten on a question, the rest general.
    const r = rnd();
    const g = groups[r < 0.6 ? int(0, 39) : r < 0.9 ? 40 + int(0, 29) : 70]!;
    g.contributions.push(c);
    count(g.counts, status);
  }
  const counts = emptyCounts();
  for (const g of groups) for (const c of g.contributions) count(counts, c.status);
  return {
    plan: { id: uuid(1), title: 'National action plan on preventing violent extremism 2027–2031', country: 'XM', stage: 'consultation', periodStart: '2027-01-01', periodEnd: '2031-12-31', ownerName: 'National Coordination Centre for Prevention', publishedAt: '2026-09-01T00:00:00.000Z' },
    generatedAt: '2026-12-01T09:00:00.000Z',
    complete: true,
    counts,
    awaitingAnswer: counts.unanswered,
    groups: groups.filter((g) => g.contributions.length > 0),
    can: { export: true },
  };
}

function emptyCounts(): StatusCounts {
  return { total: 0, accepted: 0, partly_accepted: 0, not_accepted: 0, out_of_scope: 0, under_consideration: 0, unanswered: 0 };
}

function count(c: StatusCounts, status: ReportContribution['status']): void {
  c.total++;
  c[status]++;
}
