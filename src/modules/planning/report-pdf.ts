// The response report as a PDF in the reader's language: the same content as the page, group by
// group, with the counts by status; right to left in Arabic.
import { isolate } from '../../platform/pdf/bidi.ts';
import { PdfWriter } from '../../platform/pdf/document.ts';
import { labelsFor, type ExportLocale, type Labels } from '../cases/export/labels.ts';
import { ANSWER_STATES, type ContributorLabel, type ReportView, type StatusCounts } from './report-schema.ts';

export function contributorText(c: ContributorLabel, l: Labels): string {
  const type = l.t(`report.orgType.${c.orgType}`);
  if (c.kind === 'individual') return l.t('report.individual');
  if (c.orgName === null) return l.t('report.anonymousOrganisation', { type });
  return c.kind === 'anonymous_organisation' ? `${isolate(c.orgName)} (${l.t('report.notNamedInPublic')})` : c.orgName;
}

function countsLine(counts: StatusCounts, l: Labels): string {
  const parts = ANSWER_STATES.filter((s) => counts[s] > 0).map((s) => `${l.t(`contributions.status.${s}`)}: ${counts[s]}`);
  return `${l.t('report.figures.contributions')}: ${counts.total}${parts.length ? ` — ${parts.join(', ')}` : ''}`;
}

/** `progress` hears how much of the report is laid out (0 to 1), contribution by contribution. */
export async function renderReportPdf(view: ReportView, locale: ExportLocale, progress: (fraction: number) => void = () => {}): Promise<Buffer> {
  const l = labelsFor(locale);
  const title = l.t('report.title');
  const pdf = new PdfWriter({ title: `${title}: ${view.plan.title}`, lang: locale, direction: l.direction, createdAt: new Date(view.generatedAt) });
  pdf.title(title);
  pdf.freeText(view.plan.title);
  pdf.meta(`${isolate(view.plan.ownerName ?? '')} · ${isolate(l.date(view.plan.periodStart))} – ${isolate(l.date(view.plan.periodEnd))} · ${l.t(`plans.stage.${view.plan.stage}`)}`);
  pdf.meta(l.t('report.generated', { date: isolate(l.date(view.generatedAt, true)) }));
  pdf.paragraph(countsLine(view.counts, l));
  if (view.awaitingAnswer > 0) pdf.paragraph(`${l.t('contributions.status.unanswered')}: ${view.awaitingAnswer}`);
  if (view.groups.length === 0) pdf.paragraph(l.t('report.none'));
  const total = Math.max(1, view.groups.reduce((n, g) => n + g.contributions.length, 0));
  let done = 0;
  for (const g of view.groups) {
    const title = isolate(g.title ?? '');
    const heading = g.kind === 'section' ? l.t('report.sectionHeading', { title }) : g.kind === 'question' ? l.t('report.questionHeading', { title }) : l.t('report.general');
    pdf.heading(heading);
    if (g.consultation) pdf.meta(`${l.t('report.consultation')}: ${isolate(g.consultation)}`);
    pdf.meta(countsLine(g.counts, l));
    for (const c of g.contributions) {
      pdf.subheading(`${isolate(contributorText(c.contributor, l))} — ${isolate(l.date(c.submittedAt))} — ${l.t(`contributions.status.${c.status}`)}`);
      pdf.freeText(c.body);
      if (c.reasons) {
        pdf.paragraph(`${l.t('report.reasons')}:`, { bold: true });
        pdf.freeText(c.reasons);
      }
      const reflected = [...c.sections.map((s) => s.title), ...c.commitments.map((m) => `${m.reference} ${m.title}`)].map(isolate);
      if (reflected.length) pdf.paragraph(`${l.t('report.reflectedIn')}: ${reflected.join('; ')}`);
      pdf.space(4);
      if (++done % 50 === 0) progress(done / total);
    }
  }
  return pdf.end();
}
