// One commitment: its facts, the government's self-assessment beside civil society's
// independent one, milestones, indicators, the contributions it reflects, its timeline, and the
// forms of those who may report progress, assess it or attach evidence.
import { useState } from 'react';
import { FormattedDate, FormattedMessage, FormattedNumber } from 'react-intl';
import { Link, useParams } from 'react-router';
import { client, data, useLoad, type Answer } from '../../api/typed.ts';
import { CollapsiblePanel } from '../../components/collapsible.tsx';
import { DataTable } from '../../components/data-table.tsx';
import { Loaded } from '../../components/loaded.tsx';
import { Completion, Disagreement } from './commitment-badges.tsx';
import { AssessmentForm, AssessmentList, ProgressForm, ProgressList } from './commitment-reports.tsx';
import { FileList, FileUpload } from './plan-files.tsx';
import { PlanNav } from './plan-nav.tsx';
import { AlarmClock, ArrowLeft } from 'lucide-react';
import { Icon } from '../../components/icon.tsx';

type CommitmentDetail = Answer<'/api/plans/{planId}/commitments/{id}'>;

const Day = (props: { value: string }) => <FormattedDate value={props.value} dateStyle="medium" timeZone="UTC" />;

export default function CommitmentPage() {
  const { planId = '', id = '' } = useParams();
  const [version, setVersion] = useState(0);
  const state = useLoad(() => data(client.GET('/api/plans/{planId}/commitments/{id}', { params: { path: { planId, id } } })), [planId, id, version]);
  const changed = () => setVersion((v) => v + 1);
  return (
    <Loaded state={state}>
      {(c) => (
        <>
          <h1>
            <span dir="ltr">{c.reference}</span> <bdi>{c.title}</bdi>
          </h1>
          <PlanNav planId={planId} />
          <p>
            <Link to={`/plans/${planId}/commitments`}>
              <Icon of={ArrowLeft} directional />
              <FormattedMessage id="commitments.back" />
            </Link>
            {c.can.edit && (
              <>
                {' · '}
                <Link to={`/plans/${planId}/commitments/${c.id}/edit`}>
                  <FormattedMessage id="commitments.edit" />
                </Link>
              </>
            )}
          </p>
          <Assessments c={c} />
          <Facts c={c} onChanged={changed} />
          <Milestones c={c} />
          {c.can.reportProgress && <ProgressForm c={c} onSaved={changed} />}
          <ProgressList c={c} onChanged={changed} />
          {c.can.assess && <AssessmentForm c={c} onSaved={changed} />}
          <AssessmentList c={c} onChanged={changed} />
          <Contributions c={c} />
          <Timeline c={c} />
        </>
      )}
    </Loaded>
  );
}

/** The two assessments side by side, the disagreement said in words. */
function Assessments(props: { c: CommitmentDetail }) {
  const { c } = props;
  return (
    <section className="panel" aria-labelledby="completion">
      <h2 id="completion">
        <FormattedMessage id="commitments.completionHeading" />
      </h2>
      {c.disagreement && (
        <p className="notice" role="status">
          <Disagreement /> <FormattedMessage id="commitments.disagreementExplained" />
        </p>
      )}
      <ul className="cards">
        <li className="card">
          <h3>
            <FormattedMessage id="commitments.selfAssessed" />
          </h3>
          <p>
            <Completion level={c.progress.length > 0 ? c.selfAssessed : null} />
          </p>
          {c.progress[0] && (
            <p className="meta">
              <Day value={c.progress[0].reportedOn} /> · {c.progress[0].org.name ?? <FormattedMessage id="commitments.unnamedOrg" />}
            </p>
          )}
        </li>
        <li className="card">
          <h3>
            <FormattedMessage id="commitments.independent" />
          </h3>
          <p>
            <Completion level={c.independent} />
          </p>
          {c.assessments[0] && (
            <>
              <p className="meta">
                <Day value={c.assessments[0].assessedOn} /> · {c.assessments[0].org.name ?? <FormattedMessage id="commitments.unnamedOrg" />}
              </p>
              <p className="note-body" dir="auto">{c.assessments[0].reasons}</p>
            </>
          )}
        </li>
      </ul>
    </section>
  );
}

function Facts(props: { c: CommitmentDetail; onChanged: () => void }) {
  const { c } = props;
  const unnamed = <FormattedMessage id="commitments.unnamedOrg" />;
  return (
    <section className="panel" aria-labelledby="facts">
      <h2 id="facts">
        <FormattedMessage id="commitments.facts" />
      </h2>
      <dl className="facts">
        <dt>
          <FormattedMessage id="commitments.objective" />
        </dt>
        <dd className="note-body" dir="auto">
          {c.objective}
        </dd>
        <dt>
          <FormattedMessage id="commitments.problem" />
        </dt>
        <dd className="note-body" dir="auto">{c.problem}</dd>
        <dt>
          <FormattedMessage id="commitments.lead" />
        </dt>
        <dd>{c.lead.name ?? unnamed}</dd>
        <dt>
          <FormattedMessage id="commitments.period" />
        </dt>
        <dd>
          <Day value={c.startsOn} /> – <Day value={c.endsOn} />
        </dd>
        <dt>
          <FormattedMessage id="commitments.bodies" />
        </dt>
        <dd>
          {c.bodies.length === 0 ? (
            <FormattedMessage id="commitments.noBodies" />
          ) : (
            <ul className="compact">
              {c.bodies.map((b, i) => (
                <li key={`${b.org.id ?? i}:${b.role}`}>
                  {b.org.name ?? unnamed} — <FormattedMessage id={`commitments.role.${b.role}`} />
                </li>
              ))}
            </ul>
          )}
        </dd>
        <dt>
          <FormattedMessage id="commitments.budget" />
        </dt>
        <dd>
          {c.budget ? <bdi className="amount"><FormattedNumber value={c.budget.amount} style="currency" currency={c.budget.currency} /></bdi> : <FormattedMessage id="commitments.noBudget" />}
          {c.budgetNotes && <span className="meta"> — {c.budgetNotes}</span>}
        </dd>
        <dt>
          <FormattedMessage id="commitments.genderMarker" />
        </dt>
        <dd>
          <FormattedMessage id={`commitments.marker.${c.genderMarker}`} />
          <br />
          <span className="note-body" dir="auto">{c.genderJustification}</span>
        </dd>
        <dt>
          <FormattedMessage id="commitments.communication" />
        </dt>
        <dd className="note-body" dir="auto">{c.communicationMechanism}</dd>
      </dl>
      <h3 id="indicators">
        <FormattedMessage id="commitments.indicators" />
      </h3>
      {c.indicators.length === 0 ? (
        <p className="empty-state">
          <FormattedMessage id="commitments.noIndicators" />
        </p>
      ) : (
        <DataTable
          labelledBy="indicators"
          caption="commitments.indicators"
          rowKey={(i) => i.id}
          rows={c.indicators}
          columns={[
            { header: 'commitments.indicatorName', cell: (i) => i.name },
            { header: 'commitments.unit', cell: (i) => i.unit },
            { header: 'commitments.baseline', cell: (i) => (i.baseline === null ? '—' : <FormattedNumber value={i.baseline} />) },
            { header: 'commitments.target', cell: (i) => (i.target === null ? '—' : <FormattedNumber value={i.target} />) },
          ]}
        />
      )}
      <h3>
        <FormattedMessage id="commitments.evidence" />
      </h3>
      {c.files.length === 0 && (
        <p className="empty-state">
          <FormattedMessage id="commitments.noEvidence" />
        </p>
      )}
      <FileList files={c.files} base={`/api/plans/${c.planId}/files`} />
      {c.can.edit && <FileUpload planId={c.planId} ownerKind="commitment" ownerId={c.id} onUploaded={props.onChanged} />}
    </section>
  );
}

function Milestones(props: { c: CommitmentDetail }) {
  const { c } = props;
  // Folded unless one is overdue, which the reader should see without asking.
  return (
    <CollapsiblePanel id="milestones" title="commitments.milestones" open={c.milestones.some((m) => m.overdue && !m.completedOn)}>
      {c.milestones.length === 0 ? (
        <p className="empty-state">
          <FormattedMessage id="commitments.noMilestones" />
        </p>
      ) : (
        <DataTable
          labelledBy="milestones"
          caption="commitments.milestones"
          rowKey={(m) => m.id}
          rows={c.milestones}
          columns={[
            { header: 'commitments.milestoneTitle', cell: (m) => m.title },
            { header: 'commitments.deliverable', cell: (m) => m.deliverable },
            { header: 'commitments.dueOn', cell: (m) => <Day value={m.dueOn} /> },
            {
              header: 'commitments.milestoneStatus',
              cell: (m) =>
                m.completedOn ? (
                  <span className="tag partner">
                    <FormattedMessage id="commitments.doneOn" values={{ date: <Day value={m.completedOn} /> }} />
                  </span>
                ) : m.overdue ? (
                  <span className="tag overdue">
                    <Icon of={AlarmClock} />
                    <FormattedMessage id="commitments.milestoneOverdue" />
                  </span>
                ) : (
                  <FormattedMessage id="commitments.milestoneOpen" />
                ),
            },
          ]}
        />
      )}
    </CollapsiblePanel>
  );
}

function Contributions(props: { c: CommitmentDetail }) {
  const { c } = props;
  return (
    <CollapsiblePanel id="reflects" title="commitments.reflects">
      {c.contributions.length === 0 ? (
        <p className="empty-state">
          <FormattedMessage id="commitments.noContributions" />
        </p>
      ) : (
        <ul className="notes">
          {c.contributions.map((k) => (
            <li key={k.id} className="card">
              <p className="meta">
                {k.orgName ?? <FormattedMessage id="commitments.anonymous" />} · <Day value={k.respondedAt.slice(0, 10)} />
              </p>
              <blockquote className="note-body" dir="auto">{k.body}</blockquote>
              <p>
                <span className="tag">
                  <FormattedMessage id={`contributions.status.${k.status}`} />
                </span>{' '}
                <span dir="auto">{k.reasons}</span>
              </p>
            </li>
          ))}
        </ul>
      )}
    </CollapsiblePanel>
  );
}

function Timeline(props: { c: CommitmentDetail }) {
  return (
    <CollapsiblePanel id="timeline" title="commitments.timeline">
      <ol className="timeline">
        {props.c.timeline.map((e) => (
          <li key={`${e.kind}:${e.refId}`}>
            <strong>
              <Day value={e.on} />
            </strong>{' '}
            <FormattedMessage
              id={`commitments.event.${e.kind}`}
              values={{
                title: e.title,
                org: e.orgName ?? '—',
                status: e.kind === 'answer' ? <FormattedMessage id={`contributions.status.${e.title}`} /> : '',
                completion: e.completion ? <FormattedMessage id={`commitments.completion.${e.completion}`} /> : '',
              }}
            />
          </li>
        ))}
      </ol>
    </CollapsiblePanel>
  );
}
