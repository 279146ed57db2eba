// One commitment of a published plan: what it sets out to do and who is accountable, its
// milestones and indicators, the government's own progress reports beside the independent
// assessments by civil society (disagreement said in words, not only by colour), the answered
// contributions it reflects, and a timeline.
import { FormattedDate, FormattedMessage, FormattedNumber } from 'react-intl';
import { Link, useParams } from 'react-router';
import { client, data, useLoad } from '../api/typed.ts';
import { Loaded } from '../components/loaded.tsx';
import { PublicFrame } from '../components/public-frame.tsx';
import { TableScroll } from '../components/table-scroll.tsx';
import { FileList } from './planning/plan-files.tsx';
import { PublicPlanNav } from './public-plans-nav.tsx';
import { Completion } from './planning/commitment-badges.tsx';
import { EqualNot } from 'lucide-react';
import { Icon } from '../components/icon.tsx';

const files = (list: Array<{ id: string; filename: string; sizeBytes: number }>) => list.map((f) => ({ ...f, contentType: '', createdAt: '' }));

export function PublicCommitmentPage() {
  const { planId = '', id = '' } = useParams();
  const state = useLoad(() => data(client.GET('/api/public/plans/{planId}/commitments/{id}', { params: { path: { planId, id } } })), [planId, id]);
  const fileBase = `/api/public/plans/${planId}/files`;
  return (
    <PublicFrame wide>
      <Loaded state={state}>
        {({ plan, commitment: c }) => (
          <>
            <h1 dir="auto">
              {c.reference} {c.title}
            </h1>
            <PublicPlanNav planId={planId} />
            <p className="meta">
              <Link to={`/public/plans/${planId}`} dir="auto">
                {plan.title}
              </Link>{' '}
              · <FormattedDate value={c.startsOn} timeZone="UTC" dateStyle="medium" /> – <FormattedDate value={c.endsOn} timeZone="UTC" dateStyle="medium" />
            </p>
            <section aria-labelledby="c-assessments" className={`panel${c.disagreement ? ' disagreement' : ''}`}>
              <h2 id="c-assessments">
                <FormattedMessage id="publicPlans.assessmentsTitle" />
              </h2>
              <dl className="facts">
                <dt>
                  <FormattedMessage id="publicPlans.selfAssessed" />
                </dt>
                <dd>
                  <Completion level={c.selfAssessed} /> {c.selfAssessedOn && <FormattedDate value={c.selfAssessedOn} timeZone="UTC" dateStyle="medium" />}
                </dd>
                <dt>
                  <FormattedMessage id="publicPlans.independent" />
                </dt>
                <dd>
                  <Completion level={c.independent} /> <bdi>{c.independentBy}</bdi> {c.independentOn && <FormattedDate value={c.independentOn} timeZone="UTC" dateStyle="medium" />}
                </dd>
              </dl>
              {c.disagreement && (
                <p className="notice">
                  <Icon of={EqualNot} />
                  <strong>
                    <FormattedMessage id="publicPlans.disagreementExplained" />
                  </strong>
                </p>
              )}
            </section>
            <section aria-labelledby="c-about" className="panel">
              <h2 id="c-about">
                <FormattedMessage id="publicPlans.about" />
              </h2>
              <dl className="facts">
                <dt><FormattedMessage id="publicPlans.objective" /></dt>
                <dd className="free-text" dir="auto">{c.objective}</dd>
                <dt><FormattedMessage id="publicPlans.problem" /></dt>
                <dd className="free-text" dir="auto">{c.problem}</dd>
                <dt><FormattedMessage id="publicPlans.lead" /></dt>
                <dd>{c.leadName}</dd>
                <dt><FormattedMessage id="publicPlans.bodies" /></dt>
                <dd>
                  {c.bodies.length === 0 ? '—' : c.bodies.map((b, i) => (
                    <span key={i} className="tag">
                      <bdi>{b.name}</bdi> (<FormattedMessage id={`publicPlans.role.${b.role}`} />)
                    </span>
                  ))}
                </dd>
                <dt><FormattedMessage id="publicPlans.budget" /></dt>
                <dd>
                  {c.budget ? <bdi className="amount"><FormattedNumber value={c.budget.amount} style="currency" currency={c.budget.currency} /></bdi> : '—'}
                  {c.budgetNotes && <span dir="auto"> {c.budgetNotes}</span>}
                </dd>
                <dt><FormattedMessage id="publicPlans.genderMarker" /></dt>
                <dd>
                  <FormattedMessage id={`publicPlans.gender.${c.genderMarker}`} />
                  <bdi className="free-text"> {c.genderJustification}</bdi>
                </dd>
                <dt><FormattedMessage id="publicPlans.communication" /></dt>
                <dd className="free-text" dir="auto">{c.communicationMechanism}</dd>
              </dl>
              <FileList files={files(c.files)} base={fileBase} />
            </section>
            <section aria-labelledby="c-milestones">
              <h2 id="c-milestones"><FormattedMessage id="publicPlans.milestones" /></h2>
              <TableScroll labelledBy="c-milestones">
                <table>
                  <thead>
                    <tr>
                      <th scope="col"><FormattedMessage id="publicPlans.milestone" /></th>
                      <th scope="col"><FormattedMessage id="publicPlans.deliverable" /></th>
                      <th scope="col"><FormattedMessage id="publicPlans.due" /></th>
                      <th scope="col"><FormattedMessage id="publicPlans.completed" /></th>
                    </tr>
                  </thead>
                  <tbody>
                    {c.milestones.map((m) => (
                      <tr key={m.id}>
                        <th scope="row" dir="auto">{m.title}</th>
                        <td dir="auto">{m.deliverable}</td>
                        <td className="nowrap"><FormattedDate value={m.dueOn} timeZone="UTC" dateStyle="medium" /></td>
                        <td className="nowrap">{m.completedOn ? <FormattedDate value={m.completedOn} timeZone="UTC" dateStyle="medium" /> : <FormattedMessage id="publicPlans.notYet" />}</td>
                      </tr>
                    ))}
                  </tbody>
                </table>
              </TableScroll>
            </section>
            {c.indicators.length > 0 && (
              <section aria-labelledby="c-indicators">
                <h2 id="c-indicators"><FormattedMessage id="publicPlans.indicators" /></h2>
                <TableScroll labelledBy="c-indicators">
                  <table>
                    <thead>
                      <tr>
                        <th scope="col"><FormattedMessage id="publicPlans.indicator" /></th>
                        <th scope="col"><FormattedMessage id="publicPlans.baseline" /></th>
                        <th scope="col"><FormattedMessage id="publicPlans.target" /></th>
                      </tr>
                    </thead>
                    <tbody>
                      {c.indicators.map((i, n) => (
                        <tr key={n}>
                          <th scope="row" dir="auto">{i.name} ({i.unit})</th>
                          <td>{i.baseline ?? '—'}</td>
                          <td>{i.target ?? '—'}</td>
                        </tr>
                      ))}
                    </tbody>
                  </table>
                </TableScroll>
              </section>
            )}
            <div className="side-by-side">
              <section aria-labelledby="c-progress">
                <h2 id="c-progress"><FormattedMessage id="publicPlans.progress" /></h2>
                {c.progress.length === 0 && <p className="empty-state"><FormattedMessage id="publicPlans.noProgress" /></p>}
                {c.progressTotal > c.progress.length && <p className="hint"><FormattedMessage id="publicPlans.latestShown" values={{ shown: c.progress.length, total: c.progressTotal }} /></p>}
                {c.progress.map((p) => (
                  <article key={p.id} className="card">
                    <p className="meta">
                      <FormattedDate value={p.reportedOn} timeZone="UTC" dateStyle="medium" /> · <bdi>{p.by}</bdi> · <Completion level={p.completion} />
                      {p.milestone && <> · <span dir="auto">{p.milestone}</span>{p.milestoneDone && <> (<FormattedMessage id="publicPlans.milestoneDone" />)</>}</>}
                    </p>
                    <p className="free-text" dir="auto">{p.body}</p>
                    <FileList files={files(p.files)} base={fileBase} />
                  </article>
                ))}
              </section>
              <section aria-labelledby="c-independent">
                <h2 id="c-independent"><FormattedMessage id="publicPlans.independentAssessments" /></h2>
                {c.assessments.length === 0 && <p className="empty-state"><FormattedMessage id="publicPlans.noAssessments" /></p>}
                {c.assessmentsTotal > c.assessments.length && <p className="hint"><FormattedMessage id="publicPlans.latestShown" values={{ shown: c.assessments.length, total: c.assessmentsTotal }} /></p>}
                {c.assessments.map((a) => (
                  <article key={a.id} className="card">
                    <p className="meta">
                      <FormattedDate value={a.assessedOn} timeZone="UTC" dateStyle="medium" /> · <bdi>{a.by}</bdi> · <Completion level={a.completion} />
                    </p>
                    <p className="free-text" dir="auto">{a.reasons}</p>
                    <FileList files={files(a.files)} base={fileBase} />
                  </article>
                ))}
              </section>
            </div>
            <section aria-labelledby="c-contributions">
              <h2 id="c-contributions"><FormattedMessage id="publicPlans.reflects" /></h2>
              {c.contributions.length === 0 ? (
                <p className="empty-state"><FormattedMessage id="publicPlans.noContributions" /></p>
              ) : (
                <ul className="notes">
                  {c.contributions.map((k) => (
                    <li key={k.id} className="card">
                      <p className="meta">
                        {k.orgName ? <bdi>{k.orgName}</bdi> : <FormattedMessage id="publicPlans.withoutName" />} · <FormattedDate value={k.respondedAt} timeZone="UTC" dateStyle="medium" />
                      </p>
                      <blockquote className="free-text" dir="auto">{k.body}</blockquote>
                      <p>
                        <span className="tag"><FormattedMessage id={`contributions.status.${k.status}`} /></span> <span className="free-text" dir="auto">{k.reasons}</span>
                      </p>
                    </li>
                  ))}
                </ul>
              )}
            </section>
            <section aria-labelledby="c-timeline">
              <h2 id="c-timeline"><FormattedMessage id="publicPlans.timeline" /></h2>
              <ol className="timeline">
                {c.timeline.map((e, i) => (
                  <li key={i}>
                    <FormattedDate value={e.date} timeZone="UTC" dateStyle="medium" /> — <FormattedMessage id={`publicPlans.event.${e.kind}`} />
                    {e.by && <> · <bdi>{e.by}</bdi></>}
                    {e.completion && <> · <Completion level={e.completion} /></>}
                    {(e.kind === 'milestone_due' || e.kind === 'milestone_done') && <>: <span dir="auto">{e.text}</span></>}
                  </li>
                ))}
              </ol>
            </section>
          </>
        )}
      </Loaded>
    </PublicFrame>
  );
}
