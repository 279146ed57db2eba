// The response report's content, shown the same way signed in and on the public pages: counts by
// status, then each group (section, question, general) with its contributions, answers, reasons
// and the plan elements that reflect them. Also the download links (PDF, CSV, JSON).
import { client, data } from '../../api/typed.ts';
import { DocumentDownload } from '../../components/document-download.tsx';
import { FormattedDate, FormattedMessage, useIntl } from 'react-intl';
import { Link } from 'react-router';
import type { ContributorLabel, ReportView, StatusCounts } from '../../../modules/planning/report-schema.ts';
import { FileList } from './plan-files.tsx';
import { Clock } from 'lucide-react';
import { Icon } from '../../components/icon.tsx';

const STATES = ['accepted', 'partly_accepted', 'not_accepted', 'out_of_scope', 'under_consideration', 'unanswered'] as const;

const PDF_LANGUAGES = ['en', 'ru', 'ar'] as const;

/** The language the page is shown in, for the PDF. */
export function usePdfLang(): (typeof PDF_LANGUAGES)[number] {
  const locale = useIntl().locale.slice(0, 2);
  return PDF_LANGUAGES.find((l) => l === locale) ?? 'en';
}

export function Contributor(props: { who: ContributorLabel }) {
  const intl = useIntl();
  const { who } = props;
  if (who.kind === 'individual') return <FormattedMessage id="report.individual" />;
  const type = intl.formatMessage({ id: `report.orgType.${who.orgType}` });
  if (who.orgName === null) return <FormattedMessage id="report.anonymousOrganisation" values={{ type }} />;
  return (
    <>
      <bdi>{who.orgName}</bdi>
      {who.kind === 'anonymous_organisation' && (
        <>
          {' '}
          <span className="tag">
            <FormattedMessage id="report.notNamedInPublic" />
          </span>
        </>
      )}
    </>
  );
}

export function StatusTag(props: { status: (typeof STATES)[number] }) {
  return (
    <span className={`tag answer-${props.status}`}>
      <FormattedMessage id={`contributions.status.${props.status}`} />
    </span>
  );
}

function CountsList(props: { counts: StatusCounts; id: string }) {
  return (
    <ul className="answer-counts" aria-labelledby={props.id}>
      {STATES.filter((s) => props.counts[s] > 0).map((s) => (
        <li key={s}>
          <FormattedMessage id={`contributions.status.${s}`} />: <strong>{props.counts[s]}</strong>
        </li>
      ))}
    </ul>
  );
}

export function ReportBody(props: { report: ReportView; fileBase: string; commitmentHref: (id: string) => string | null }) {
  const { report } = props;
  return (
    <>
      <section aria-labelledby="report-counts" className="panel">
        <h2 id="report-counts">
          <FormattedMessage id="report.countsTitle" values={{ count: report.counts.total }} />
        </h2>
        <p className="meta">
          <FormattedMessage id="report.generated" values={{ date: <FormattedDate value={report.generatedAt} dateStyle="medium" timeStyle="short" /> }} />
        </p>
        <CountsList counts={report.counts} id="report-counts" />
        {report.awaitingAnswer > 0 && (
          <p className="notice">
            <Icon of={Clock} />
            <FormattedMessage id="report.awaiting" values={{ count: report.awaitingAnswer }} />
          </p>
        )}
        {!report.complete && (
          <p className="hint">
            <FormattedMessage id="report.partial" />
          </p>
        )}
      </section>
      {report.groups.length === 0 && (
        <p className="empty-state">
          <FormattedMessage id="report.none" />
        </p>
      )}
      {report.groups.map((g, i) => {
        const id = `report-group-${i}`;
        return (
          <section key={g.id ?? 'general'} aria-labelledby={id} className="report-group">
            <h2 id={id}>
              {g.kind === 'section' && <FormattedMessage id="report.sectionHeading" values={{ title: <bdi>{g.title}</bdi> }} />}
              {g.kind === 'question' && <FormattedMessage id="report.questionHeading" values={{ title: <bdi>{g.title}</bdi> }} />}
              {g.kind === 'general' && <FormattedMessage id="report.general" />}
            </h2>
            {g.consultation && (
              <p className="meta">
                <FormattedMessage id="report.consultation" />: <bdi>{g.consultation}</bdi>
              </p>
            )}
            <CountsList counts={g.counts} id={id} />
            <ol className="contributions">
              {g.contributions.map((c) => (
                <li key={c.id}>
                  <article className="card contribution" aria-labelledby={`c-${c.id}`}>
                    <h3 id={`c-${c.id}`}>
                      <Contributor who={c.contributor} />
                    </h3>
                    <p className="meta">
                      <FormattedDate value={c.submittedAt} dateStyle="medium" /> · <bdi>{c.consultation}</bdi> · <StatusTag status={c.status} />
                    </p>
                    <p className="free-text" dir="auto">
                      {c.body}
                    </p>
                    <FileList files={c.files.map((x) => ({ ...x, contentType: '', createdAt: '' }))} base={props.fileBase} />
                    {c.reasons && (
                      <div className="answer">
                        <h4>
                          <FormattedMessage id="report.reasons" />
                          {c.respondedAt && (
                            <>
                              {' '}
                              <span className="meta">
                                (<FormattedDate value={c.respondedAt} dateStyle="medium" />)
                              </span>
                            </>
                          )}
                        </h4>
                        <p className="free-text" dir="auto">
                          {c.reasons}
                        </p>
                      </div>
                    )}
                    {(c.sections.length > 0 || c.commitments.length > 0) && (
                      <p>
                        <FormattedMessage id="report.reflectedIn" />:{' '}
                        {c.sections.map((s) => (
                          <span key={s.id} className="tag">
                            <bdi>{s.title}</bdi>
                          </span>
                        ))}
                        {c.commitments.map((m) => {
                          const href = props.commitmentHref(m.id);
                          const text = (
                            <>
                              <span dir="ltr">{m.reference}</span> <bdi>{m.title}</bdi>
                            </>
                          );
                          return (
                            <span key={m.id} className="tag">
                              {href ? <Link to={href}>{text}</Link> : text}
                            </span>
                          );
                        })}
                      </p>
                    )}
                  </article>
                </li>
              ))}
            </ol>
          </section>
        );
      })}
    </>
  );
}

/**
 * PDF of the report (built in the background: asked for, followed, then downloaded), and CSV or
 * JSON of contributions and commitments: of the published plan on the public pages, else as the
 * person signed in may see it.
 */
export function ReportDownloads(props: { planId: string; published?: boolean; exports: boolean }) {
  const params = { path: { planId: props.planId }, query: { lang: usePdfLang() } };
  const start = () =>
    data(() => (props.published ? client.POST('/api/public/plans/{planId}/report/pdf', { params }) : client.POST('/api/plans/{planId}/report/pdf', { params })));
  const base = props.published ? `/api/public/plans/${props.planId}` : `/api/plans/${props.planId}`;
  return (
    <section aria-labelledby="report-downloads" className="panel">
      <h2 id="report-downloads">
        <FormattedMessage id="report.downloads" />
      </h2>
      <p className="row-actions">
        <DocumentDownload label="report.pdf" start={start} />
        {props.exports &&
          (['contributions', 'commitments'] as const).flatMap((kind) =>
            (['csv', 'json'] as const).map((format) => (
              <a key={`${kind}.${format}`} className="button" href={`${base}/exports/${kind}.${format}`} download>
                <FormattedMessage id={`report.export.${kind}`} values={{ format: format.toUpperCase() }} />
              </a>
            )),
          )}
      </p>
    </section>
  );
}
