// Progress updates (the lead or a responsible body) and independent assessments (civil society):
// the forms to add one, and the lists with their evidence files.
import { useState, type FormEvent } from 'react';
import { FormattedDate, FormattedMessage, useIntl } from 'react-intl';
import { COMPLETION_LEVELS } from '../../../modules/planning/schema.ts';
import { client, data, type Answer, type Body } from '../../api/typed.ts';
import { useAction } from '../../api/use-action.ts';
import { type FieldProblem } from '../../components/field-problem.tsx';
import { Checkbox, fieldError, SelectField, TextField } from '../../components/fields.tsx';
import { CollapsiblePanel, NewestFirst } from '../../components/collapsible.tsx';
import { Completion } from './commitment-badges.tsx';
import { FileList, FileUpload } from './plan-files.tsx';
import { CircleExclamationPoint } from 'lucide-react';
import { Icon } from '../../components/icon.tsx';

type CommitmentDetail = Answer<'/api/plans/{planId}/commitments/{id}'>;
type NewProgress = Body<'/api/plans/{planId}/commitments/{id}/progress', 'post'>;
type NewAssessment = Body<'/api/plans/{planId}/commitments/{id}/assessments', 'post'>;

const today = () => new Date().toLocaleDateString('sv-SE'); // YYYY-MM-DD in the person's own time zone

function CompletionField(props: { error?: FieldProblem | null }) {
  const intl = useIntl();
  return (
    <SelectField
      name="completion"
      label="commitments.completionLevel"
      hint="commitments.completionHint"
      options={COMPLETION_LEVELS.map((l) => ({ value: l, label: intl.formatMessage({ id: `commitments.completion.${l}` }) }))}
      error={props.error}
    />
  );
}

export function ProgressForm(props: { c: CommitmentDetail; onSaved: () => void }) {
  const intl = useIntl();
  const [key, setKey] = useState(0);
  const path = { planId: props.c.planId, id: props.c.id };
  const add = useAction((body: NewProgress) => data(() => client.POST('/api/plans/{planId}/commitments/{id}/progress', { params: { path }, body })));
  const open = props.c.milestones.filter((m) => m.completedOn === null);
  async function submit(e: FormEvent<HTMLFormElement>) {
    e.preventDefault();
    const f = new FormData(e.currentTarget);
    const milestoneId = String(f.get('milestoneId') ?? '') || null;
    const result = await add.run({
      reportedOn: String(f.get('reportedOn') ?? ''),
      completion: String(f.get('completion') ?? '') as NewProgress['completion'],
      body: String(f.get('body') ?? ''),
      milestoneId,
      milestoneDone: milestoneId !== null && f.get('milestoneDone') === 'true',
    });
    if (result.ok) {
      setKey((k) => k + 1);
      props.onSaved();
    }
  }
  return (
    <CollapsiblePanel id="progress-form" title="commitments.reportProgress">
      <form key={key} className="stacked" onSubmit={submit}>
        {add.error && (
          <p className="form-error" role="alert">
            <Icon of={CircleExclamationPoint} />
            <FormattedMessage id={add.error} />
          </p>
        )}
        <TextField name="reportedOn" type="date" label="commitments.reportedOn" required defaultValue={today()} error={fieldError(add.fields, 'reportedOn')} />
        <CompletionField error={fieldError(add.fields, 'completion')} />
        <TextField name="body" label="commitments.progressBody" multiline required maxLength={8000} error={fieldError(add.fields, 'body')} />
        <SelectField
          name="milestoneId"
          label="commitments.progressMilestone"
          blank={intl.formatMessage({ id: 'commitments.noMilestone' })}
          options={open.map((m) => ({ value: m.id, label: m.title }))}
          error={fieldError(add.fields, 'milestoneId')}
        />
        <Checkbox name="milestoneDone" label="commitments.milestoneDone" />
        <button type="submit" className="primary" disabled={add.busy}>
          <FormattedMessage id="commitments.postProgress" />
        </button>
      </form>
    </CollapsiblePanel>
  );
}

export function AssessmentForm(props: { c: CommitmentDetail; onSaved: () => void }) {
  const [key, setKey] = useState(0);
  const path = { planId: props.c.planId, id: props.c.id };
  const add = useAction((body: NewAssessment) => data(() => client.POST('/api/plans/{planId}/commitments/{id}/assessments', { params: { path }, body })));
  async function submit(e: FormEvent<HTMLFormElement>) {
    e.preventDefault();
    const f = new FormData(e.currentTarget);
    const result = await add.run({
      assessedOn: String(f.get('assessedOn') ?? ''),
      completion: String(f.get('completion') ?? '') as NewAssessment['completion'],
      reasons: String(f.get('reasons') ?? ''),
    });
    if (result.ok) {
      setKey((k) => k + 1);
      props.onSaved();
    }
  }
  return (
    <CollapsiblePanel id="assessment-form" title="commitments.assess">
      <p className="hint">
        <FormattedMessage id="commitments.assessIntro" />
      </p>
      <form key={key} className="stacked" onSubmit={submit}>
        {add.error && (
          <p className="form-error" role="alert">
            <Icon of={CircleExclamationPoint} />
            <FormattedMessage id={add.error} />
          </p>
        )}
        <TextField name="assessedOn" type="date" label="commitments.assessedOn" required defaultValue={today()} error={fieldError(add.fields, 'assessedOn')} />
        <CompletionField error={fieldError(add.fields, 'completion')} />
        <TextField name="reasons" label="commitments.reasons" hint="commitments.reasonsHint" multiline required maxLength={8000} error={fieldError(add.fields, 'reasons')} />
        <button type="submit" className="primary" disabled={add.busy}>
          <FormattedMessage id="commitments.postAssessment" />
        </button>
      </form>
    </CollapsiblePanel>
  );
}

const filesBase = (planId: string) => `/api/plans/${planId}/files`;

export function ProgressList(props: { c: CommitmentDetail; onChanged: () => void }) {
  const { c } = props;
  return (
    <section className="panel" aria-labelledby="progress-list">
      <h2 id="progress-list">
        <FormattedMessage id="commitments.progress" />
      </h2>
      {c.progress.length === 0 ? (
        <p className="empty-state">
          <FormattedMessage id="commitments.noProgress" />
        </p>
      ) : (
        <>
          {c.progressTotal > c.progress.length && (
            <p className="hint">
              <FormattedMessage id="commitments.latestShown" values={{ shown: c.progress.length, total: c.progressTotal }} />
            </p>
          )}
        <NewestFirst
          items={c.progress}
          render={(p) => (
            <>
              <p className="badges">
                <Completion level={p.completion} />
                {p.milestoneDone && p.milestone && (
                  <span className="tag partner">
                    <FormattedMessage id="commitments.milestoneReached" values={{ title: <bdi>{p.milestone.title}</bdi> }} />
                  </span>
                )}
              </p>
              <p className="meta">
                <FormattedDate value={p.reportedOn} dateStyle="medium" timeZone="UTC" /> · {p.org.name ?? <FormattedMessage id="commitments.unnamedOrg" />}
                {p.milestone && !p.milestoneDone && (
                  <>
                    {' · '}
                    <FormattedMessage id="commitments.aboutMilestone" values={{ title: <bdi>{p.milestone.title}</bdi> }} />
                  </>
                )}
              </p>
              <p className="note-body" dir="auto">{p.body}</p>
              <FileList files={p.files} base={filesBase(c.planId)} />
              {p.canAttach && <FileUpload planId={c.planId} ownerKind="progress" ownerId={p.id} onUploaded={props.onChanged} />}
            </>
          )}
        />
        </>
      )}
    </section>
  );
}

export function AssessmentList(props: { c: CommitmentDetail; onChanged: () => void }) {
  const { c } = props;
  return (
    <section className="panel" aria-labelledby="assessment-list">
      <h2 id="assessment-list">
        <FormattedMessage id="commitments.assessments" />
      </h2>
      {c.assessments.length === 0 ? (
        <p className="empty-state">
          <FormattedMessage id="commitments.noAssessments" />
        </p>
      ) : (
        <>
          {c.assessmentsTotal > c.assessments.length && (
            <p className="hint">
              <FormattedMessage id="commitments.latestShown" values={{ shown: c.assessments.length, total: c.assessmentsTotal }} />
            </p>
          )}
        <NewestFirst
          items={c.assessments}
          render={(a) => (
            <>
              <p className="badges">
                <Completion level={a.completion} />
              </p>
              <p className="meta">
                <FormattedDate value={a.assessedOn} dateStyle="medium" timeZone="UTC" /> · {a.org.name ?? <FormattedMessage id="commitments.unnamedOrg" />}
              </p>
              <p className="note-body" dir="auto">{a.reasons}</p>
              <FileList files={a.files} base={filesBase(c.planId)} />
              {a.canAttach && <FileUpload planId={c.planId} ownerKind="assessment" ownerId={a.id} onUploaded={props.onChanged} />}
            </>
          )}
        />
        </>
      )}
    </section>
  );
}
