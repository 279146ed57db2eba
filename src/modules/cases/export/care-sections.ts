// Export sections of the care records: professional judgements, the case plan and case
// conferences (see sections.ts for what a section is). A summary holds the current judgement,
// the open plan and the latest conference; a complete export holds everything.
import type { ExportSection } from './sections.ts';

const iso = (d: Date | null | undefined) => (d ? d.toISOString() : null);
const section = <T>(s: ExportSection<T>) => s as ExportSection<unknown>;
type Named = { key: string; label: string };
const labelOf = (list: Named[], key: string) => list.find((x) => x.key === key)?.label ?? key;

export const judgements = section({
  key: 'judgements',
  needs: ['professional_judgement'],
  tables: ['case_judgements'],
  collect: async ({ tx, caseId, complete }) => {
    const rows = await tx
      .selectFrom('case_judgements as j')
      .innerJoin('judgement_instruments as i', 'i.id', 'j.instrument_id')
      .innerJoin('organisations as o', 'o.id', 'j.org_id')
      .select(['j.recorded_at', 'j.recorder_name', 'o.name', 'i.name as instrument', 'i.version', 'i.factors', 'i.levels', 'j.ratings', 'j.overall_level', 'j.overall_reasons', 'j.next_review_on'])
      .where('j.case_id', '=', caseId)
      .orderBy('j.recorded_at', 'desc')
      .limit(complete ? 10_000 : 1)
      .execute();
    return rows.map((j) => ({
      recordedAt: iso(j.recorded_at),
      recorderName: j.recorder_name,
      orgName: j.name,
      instrument: `${j.instrument} (v${j.version})`,
      overallLevel: labelOf(j.levels, j.overall_level),
      overallReasons: j.overall_reasons,
      nextReviewOn: j.next_review_on,
      factors: j.factors.map((f) => ({ factor: f.label, level: labelOf(j.levels, j.ratings[f.key]?.level ?? ''), rationale: j.ratings[f.key]?.rationale ?? null })),
    }));
  },
  render: (pdf, rows, l) => {
    pdf.heading(l.t('case.tab.judgement'));
    if (rows.length === 0) return void pdf.paragraph(l.t('judgement.none'));
    pdf.meta(l.t('judgement.neverComputed'));
    for (const j of rows) {
      pdf.subheading(`${l.date(j.recordedAt)} — ${j.orgName}, ${j.recorderName}`).facts([
        [l.t('judgement.instrument'), j.instrument],
        [l.t('judgement.overall'), j.overallLevel],
        [l.t('judgement.reasons'), j.overallReasons],
        [l.t('judgement.nextReview'), l.date(j.nextReviewOn)],
      ]);
      for (const f of j.factors) pdf.paragraph(`${f.factor}: ${f.level}${f.rationale ? ` — ${f.rationale}` : ''}`);
    }
  },
});

export const plan = section({
  key: 'plan',
  needs: ['case_plan'],
  tables: ['case_plan_goals', 'case_plan_actions'],
  collect: async ({ tx, caseId, complete }) => {
    let goals = tx.selectFrom('case_plan_goals').select(['id', 'domain', 'description', 'status']).where('case_id', '=', caseId).orderBy('created_at');
    if (!complete) goals = goals.where('status', '=', 'open');
    const [g, a] = await Promise.all([
      goals.execute(),
      tx
        .selectFrom('case_plan_actions as a')
        .innerJoin('organisations as o', 'o.id', 'a.responsible_org_id')
        .select(['a.goal_id', 'a.description', 'o.name', 'a.target_date', 'a.status', 'a.completed_on'])
        .where('a.case_id', '=', caseId)
        .orderBy('a.target_date')
        .execute(),
    ]);
    return g.map((goal) => ({
      domain: goal.domain,
      description: goal.description,
      status: goal.status,
      actions: a
        .filter((x) => x.goal_id === goal.id)
        .map((x) => ({ description: x.description, responsibleOrgName: x.name, targetDate: x.target_date, status: x.status, completedOn: x.completed_on })),
    }));
  },
  render: (pdf, goals, l) => {
    pdf.heading(l.t('case.tab.plan'));
    if (goals.length === 0) return void pdf.paragraph(l.t('plan.none'));
    const today = new Date().toISOString().slice(0, 10);
    for (const g of goals) {
      pdf.subheading(`${l.t(`domain.${g.domain}`)} — ${g.description} (${l.t(`goalStatus.${g.status}`)})`);
      for (const a of g.actions) {
        const overdue = (a.status === 'planned' || a.status === 'in_progress') && a.targetDate < today;
        pdf.paragraph(`${a.description} — ${a.responsibleOrgName}, ${l.date(a.targetDate)}: ${l.t(`actionStatus.${a.status}`)}${overdue ? ` (${l.t('plan.overdue')})` : ''}`);
      }
    }
  },
});

export const conferences = section({
  key: 'conferences',
  needs: ['case_conferences'],
  tables: ['case_conferences'],
  collect: async ({ tx, caseId, complete }) => {
    const rows = await tx
      .selectFrom('case_conferences')
      .select(['held_at', 'place', 'agenda', 'attendees', 'minutes', 'decisions', 'status'])
      .where('case_id', '=', caseId)
      .orderBy('held_at', 'desc')
      .limit(complete ? 10_000 : 2)
      .execute();
    const orgIds = [...new Set(rows.flatMap((c) => c.attendees.map((a) => a.orgId)))];
    const orgs = orgIds.length ? await tx.selectFrom('organisations').select(['id', 'name']).where('id', 'in', orgIds).execute() : [];
    const orgName = (id: string) => orgs.find((o) => o.id === id)?.name ?? '—';
    return rows.map((c) => ({
      heldAt: iso(c.held_at),
      place: c.place,
      status: c.status,
      agenda: c.agenda,
      attendees: c.attendees.map((a) => ({ orgName: orgName(a.orgId), name: a.name, role: a.role })),
      minutes: c.minutes,
      decisions: c.decisions,
    }));
  },
  render: (pdf, rows, l) => {
    pdf.heading(l.t('case.tab.conferences'));
    if (rows.length === 0) return void pdf.paragraph(l.t('conference.none'));
    for (const c of rows) {
      pdf.subheading(`${l.date(c.heldAt, true)} — ${c.place}`);
      if (c.agenda.length) pdf.paragraph(`${l.t('conference.agenda')}: ${c.agenda.join('; ')}`);
      if (c.attendees.length) pdf.paragraph(`${l.t('conference.attendees')}: ${c.attendees.map((a) => `${a.name} (${a.role}, ${a.orgName})`).join('; ')}`);
      if (c.decisions.length) pdf.paragraph(`${l.t('conference.decisions')}: ${c.decisions.join('; ')}`);
      if (c.minutes) pdf.freeText(c.minutes);
    }
  },
});
