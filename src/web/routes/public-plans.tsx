// Published action plans, seen without signing in: the list, a plan (stages, sections,
// commitments with both assessments), its response report, its figures and each commitment.
// One chunk, loaded when a /public/plans page is first opened.
import { FormattedDate, FormattedMessage } from 'react-intl';
import { Link, Route, Routes, useParams } from 'react-router';
import { client, data, useLoad } from '../api/typed.ts';
import { Loaded } from '../components/loaded.tsx';
import { PublicFrame } from '../components/public-frame.tsx';
import { TableScroll } from '../components/table-scroll.tsx';
import { FiguresBody } from './planning/figures-view.tsx';
import { ReportBody, ReportDownloads } from './planning/report-view.tsx';
import { PublicCommitmentPage } from './public-plans-commitment.tsx';
import { PublicPlanNav } from './public-plans-nav.tsx';
import { PublicResultsPage } from './public-plans-results.tsx';
import { Completion } from './planning/commitment-badges.tsx';
import { NotFoundPage } from './not-found.tsx';
import { PlanFacts } from './public-plan-facts.tsx';

function PlanListPage() {
  const state = useLoad(() => data(client.GET('/api/public/plans')), []);
  return (
    <PublicFrame wide>
      <h1>
        <FormattedMessage id="publicPlans.title" />
      </h1>
      <p className="lead">
        <FormattedMessage id="publicPlans.intro" />
      </p>
      <Loaded state={state}>
        {({ plans }) =>
          plans.length === 0 ? (
            <p className="empty-state">
              <FormattedMessage id="publicPlans.none" />
            </p>
          ) : (
            <ul className="cards">
              {plans.map((p) => (
                <li key={p.id} className="card">
                  <h2 dir="auto">
                    <Link to={`/public/plans/${p.id}`}><bdi>{p.title}</bdi></Link>
                  </h2>
                  <PlanFacts plan={p} />
                </li>
              ))}
            </ul>
          )
        }
      </Loaded>
    </PublicFrame>
  );
}

function PlanPage() {
  const { planId = '' } = useParams();
  const state = useLoad(() => data(client.GET('/api/public/plans/{planId}', { params: { path: { planId } } })), [planId]);
  return (
    <PublicFrame wide>
      <Loaded state={state}>
        {(view) => (
          <>
            <h1 dir="auto">{view.plan.title}</h1>
            <PublicPlanNav planId={planId} />
            <PlanFacts plan={view.plan} />
            {view.summary && (
              <p className="lead free-text" dir="auto">
                {view.summary}
              </p>
            )}
            <section aria-labelledby="plan-stages" className="panel">
              <h2 id="plan-stages">
                <FormattedMessage id="publicPlans.stages" />
              </h2>
              <ol>
                {view.stages.map((s) => (
                  <li key={s.changedAt}>
                    <FormattedMessage id={`plans.stage.${s.to}`} /> — <FormattedDate value={s.changedAt} dateStyle="medium" />
                    {s.reason && (
                      <p className="free-text" dir="auto">
                        <FormattedMessage id="publicPlans.stageReason" values={{ count: s.unanswered }} /> {s.reason}
                      </p>
                    )}
                  </li>
                ))}
              </ol>
            </section>
            <section aria-labelledby="plan-responses" className="panel">
              <h2 id="plan-responses">
                <FormattedMessage id="publicPlans.responses" />
              </h2>
              <p>
                <FormattedMessage id="publicPlans.responsesSummary" values={{ total: view.responses.total, awaiting: view.responses.unanswered }} />{' '}
                <Link to={`/public/plans/${planId}/report`}>
                  <FormattedMessage id="publicPlans.readReport" />
                </Link>
              </p>
            </section>
            <section aria-labelledby="plan-commitments" className="panel">
              <h2 id="plan-commitments">
                <FormattedMessage id="publicPlans.commitments" />
              </h2>
              {view.commitments.length === 0 ? (
                <p className="empty-state">
                  <FormattedMessage id="publicPlans.noCommitments" />
                </p>
              ) : (
                <TableScroll labelledBy="plan-commitments">
                  <table>
                    <thead>
                      <tr>
                        <th scope="col">
                          <FormattedMessage id="publicPlans.commitment" />
                        </th>
                        <th scope="col">
                          <FormattedMessage id="publicPlans.lead" />
                        </th>
                        <th scope="col">
                          <FormattedMessage id="publicPlans.selfAssessed" />
                        </th>
                        <th scope="col">
                          <FormattedMessage id="publicPlans.independent" />
                        </th>
                      </tr>
                    </thead>
                    <tbody>
                      {view.commitments.map((c) => (
                        <tr key={c.id} className={c.disagreement ? 'disagreement' : undefined}>
                          <th scope="row">
                            <Link to={`/public/plans/${planId}/commitments/${c.id}`} dir="auto">
                              {c.reference} {c.title}
                            </Link>
                          </th>
                          <td>
                            <bdi>{c.leadName}</bdi>
                          </td>
                          <td>
                            <Completion level={c.selfAssessed} />
                          </td>
                          <td>
                            <Completion level={c.independent} />
                            {c.disagreement && (
                              <strong className="disagree-note">
                                {' '}
                                <FormattedMessage id="publicPlans.disagreement" />
                              </strong>
                            )}
                          </td>
                        </tr>
                      ))}
                    </tbody>
                  </table>
                </TableScroll>
              )}
            </section>
            <section aria-labelledby="plan-sections">
              <h2 id="plan-sections">
                <FormattedMessage id="publicPlans.sections" />
              </h2>
              {view.sections.map((s) => (
                <article key={s.id} className="card plan-section" aria-labelledby={`s-${s.id}`}>
                  <h3 id={`s-${s.id}`} dir="auto">
                    {s.position}. {s.title}
                  </h3>
                  <p className="meta">
                    <FormattedMessage id="publicPlans.version" values={{ version: s.version }} /> · <FormattedDate value={s.updatedAt} dateStyle="medium" />
                  </p>
                  <p className="free-text" dir="auto">
                    {s.body}
                  </p>
                </article>
              ))}
            </section>
          </>
        )}
      </Loaded>
    </PublicFrame>
  );
}

function PlanReportPage() {
  const { planId = '' } = useParams();
  const state = useLoad(() => data(client.GET('/api/public/plans/{planId}/report', { params: { path: { planId } } })), [planId]);
  return (
    <PublicFrame wide>
      <h1>
        <FormattedMessage id="report.title" />
      </h1>
      <PublicPlanNav planId={planId} />
      <Loaded state={state}>
        {(report) => (
          <>
            <p className="lead" dir="auto">
              <Link to={`/public/plans/${planId}`}><bdi>{report.plan.title}</bdi></Link>
            </p>
            <ReportDownloads planId={planId} published exports />
            <ReportBody report={report} fileBase={`/api/public/plans/${planId}/files`} commitmentHref={(id) => `/public/plans/${planId}/commitments/${id}`} />
          </>
        )}
      </Loaded>
    </PublicFrame>
  );
}

function PlanFiguresPage() {
  const { planId = '' } = useParams();
  const state = useLoad(() => data(client.GET('/api/public/plans/{planId}/figures', { params: { path: { planId } } })), [planId]);
  return (
    <PublicFrame wide>
      <h1>
        <FormattedMessage id="report.figures.title" />
      </h1>
      <PublicPlanNav planId={planId} />
      <Loaded state={state}>
        {(figures) => (
          <>
            <p className="lead" dir="auto">
              <Link to={`/public/plans/${planId}`}><bdi>{figures.plan.title}</bdi></Link>
            </p>
            <FiguresBody figures={figures} />
          </>
        )}
      </Loaded>
    </PublicFrame>
  );
}

function PublicNotFound() {
  return (
    <PublicFrame>
      <NotFoundPage />
    </PublicFrame>
  );
}

export default function PublicPlansRoutes() {
  return (
    <Routes>
      <Route index element={<PlanListPage />} />
      <Route path=":planId" element={<PlanPage />} />
      <Route path=":planId/report" element={<PlanReportPage />} />
      <Route path=":planId/figures" element={<PlanFiguresPage />} />
      <Route path=":planId/results" element={<PublicResultsPage />} />
      <Route path=":planId/commitments/:id" element={<PublicCommitmentPage />} />
      <Route path="*" element={<PublicNotFound />} />
    </Routes>
  );
}
