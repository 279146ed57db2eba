// A plan's consultations: each with its window (upcoming, open, closed, in words), modes and who
// it is open to; the coordinators see counts and open a new one; a contributor sees whether
// their organisation may contribute now.
import { useState, type FormEvent } from 'react';
import { FormattedDate, FormattedMessage, useIntl } from 'react-intl';
import { Link, useNavigate, useParams } from 'react-router';
import { client, data, useLoad, type Answer, type Body } from '../../api/typed.ts';
import { useAction } from '../../api/use-action.ts';
import { CheckboxGroup, fieldError, SelectField, TextField } from '../../components/fields.tsx';
import { Loaded } from '../../components/loaded.tsx';
import { PlanNav } from './plan-nav.tsx';
import { CircleExclamationPoint } from 'lucide-react';
import { Icon } from '../../components/icon.tsx';

type ConsultationSummary = Answer<'/api/plans/{planId}/consultations'>['consultations'][number];
type ConsultationBody = Body<'/api/plans/{planId}/consultations', 'post'>;

/** The window and ways of taking part, as every page about a consultation shows them. */
export function ConsultationFacts(props: { c: ConsultationSummary }) {
  const { c } = props;
  return (
    <>
      <p className="badges">
        <span className={`tag ${c.window === 'open' ? 'partner' : ''}`}>
          <FormattedMessage id={`consultations.window.${c.window}`} />
        </span>{' '}
        {c.modes.map((m) => (
          <span key={m} className="tag">
            <FormattedMessage id={`consultations.mode.${m}`} />
          </span>
        ))}{' '}
        <span className="tag">
          <FormattedMessage id={`consultations.openTo.${c.openTo}`} />
        </span>
      </p>
      <dl className="facts">
        <dt>
          <FormattedMessage id="consultations.opens" />
        </dt>
        <dd>
          <FormattedDate value={c.opensAt} dateStyle="medium" timeStyle="short" />
        </dd>
        <dt>
          <FormattedMessage id="consultations.closes" />
        </dt>
        <dd>
          <FormattedDate value={c.closesAt} dateStyle="medium" timeStyle="short" />
        </dd>
        {c.meetingAt && (
          <>
            <dt>
              <FormattedMessage id="consultations.meetingAt" />
            </dt>
            <dd>
              <FormattedDate value={c.meetingAt} dateStyle="medium" timeStyle="short" />
            </dd>
          </>
        )}
        {c.meetingPlace && (
          <>
            <dt>
              <FormattedMessage id="consultations.meetingPlace" />
            </dt>
            <dd>{c.meetingPlace}</dd>
          </>
        )}
      </dl>
    </>
  );
}

export function ConsultationsPage() {
  const { planId = '' } = useParams();
  const [version, setVersion] = useState(0);
  const state = useLoad(() => data(client.GET('/api/plans/{planId}/consultations', { params: { path: { planId } } })), [planId, version]);
  return (
    <Loaded state={state}>
      {(view) => (
        <>
          <h1 tabIndex={-1}>
            <FormattedMessage id="consultations.title" />
          </h1>
          <p className="lead" dir="auto">{view.plan.title}</p>
          <PlanNav planId={planId} />
          <section className="panel" aria-labelledby="consultations-list">
            <h2 id="consultations-list">
              <FormattedMessage id="consultations.list" />
            </h2>
            {view.consultations.length === 0 ? (
              <p className="empty-state">
                <FormattedMessage id="consultations.none" />
              </p>
            ) : (
              <ul className="cards">
                {view.consultations.map((c) => (
                  <li key={c.id} className="card">
                    <h3>
                      <Link to={`/plans/${planId}/consultations/${c.id}`}><bdi>{c.title}</bdi></Link>
                    </h3>
                    <ConsultationFacts c={c} />
                    {c.counts && (
                      <p className="meta">
                        <FormattedMessage id="consultations.counts" values={c.counts} />
                      </p>
                    )}
                    {c.contribute !== 'not_contributor' && (
                      <p>
                        <FormattedMessage id={`consultations.contribute.${c.contribute}`} />
                      </p>
                    )}
                  </li>
                ))}
              </ul>
            )}
          </section>
          {view.can.create && <NewConsultation planId={planId} onCreated={() => setVersion((v) => v + 1)} />}
        </>
      )}
    </Loaded>
  );
}

const iso = (local: string) => (local ? new Date(local).toISOString() : null);

function NewConsultation(props: { planId: string; onCreated: () => void }) {
  const intl = useIntl();
  const navigate = useNavigate();
  const linkable = useLoad(() => data(client.GET('/api/plans/{planId}/linkable', { params: { path: { planId: props.planId } } })), [props.planId]);
  const create = useAction((body: ConsultationBody) => data(() => client.POST('/api/plans/{planId}/consultations', { params: { path: { planId: props.planId } }, body })));
  async function submit(e: FormEvent<HTMLFormElement>) {
    e.preventDefault();
    const f = new FormData(e.currentTarget);
    const get = (k: string) => String(f.get(k) ?? '').trim();
    const body: ConsultationBody = {
      title: get('title'),
      description: get('description') || null,
      // The window is required: left empty, it goes as it is and the server names the field.
      opensAt: iso(get('opensAt')) as string,
      closesAt: iso(get('closesAt')) as string,
      modes: f.getAll('modes').map(String) as ConsultationBody['modes'],
      openTo: get('openTo') as ConsultationBody['openTo'],
      meetingPlace: get('meetingPlace') || null,
      meetingAt: iso(get('meetingAt')),
      sectionIds: f.getAll('sectionIds').map(String),
      questions: get('questions')
        .split('\n')
        .map((q) => q.trim())
        .filter(Boolean),
    };
    const result = await create.run(body);
    if (result.ok) {
      props.onCreated();
      void navigate(`/plans/${props.planId}/consultations/${result.value.id}`);
    }
  }
  const err = (path: string) => fieldError(create.fields, path);
  return (
    <section className="panel" aria-labelledby="consultation-new">
      <h2 id="consultation-new">
        <FormattedMessage id="consultations.new" />
      </h2>
      <form className="stacked" onSubmit={submit}>
        {create.error && (
          <p className="form-error" role="alert">
            <Icon of={CircleExclamationPoint} />
            <FormattedMessage id={create.error} />
          </p>
        )}
        <TextField name="title" label="consultations.field.title" required maxLength={300} error={err('title')} />
        <TextField name="description" label="consultations.field.description" multiline maxLength={8000} error={err('description')} />
        <TextField name="opensAt" label="consultations.opens" type="datetime-local" required error={err('opensAt')} />
        <TextField name="closesAt" label="consultations.closes" type="datetime-local" required error={err('closesAt')} />
        <CheckboxGroup
          name="modes"
          label="consultations.field.modes"
          defaultValue={['online']}
          error={err('modes')}
          options={(['online', 'meeting'] as const).map((m) => ({ value: m, label: intl.formatMessage({ id: `consultations.mode.${m}` }) }))}
        />
        <SelectField
          name="openTo"
          label="consultations.field.openTo"
          defaultValue="invited"
          options={(['invited', 'all'] as const).map((v) => ({ value: v, label: intl.formatMessage({ id: `consultations.openTo.${v}` }) }))}
        />
        <TextField name="meetingPlace" label="consultations.meetingPlace" hint="consultations.field.meetingHint" maxLength={300} error={err('meetingPlace')} />
        <TextField name="meetingAt" label="consultations.meetingAt" type="datetime-local" error={err('meetingAt')} />
        <Loaded state={linkable}>
          {(l) =>
            l.sections.length > 0 && (
              <CheckboxGroup name="sectionIds" label="consultations.field.sections" error={err('sectionIds')} options={l.sections.map((s) => ({ value: s.id, label: <>{s.position}. <bdi>{s.title}</bdi></> }))} />
            )
          }
        </Loaded>
        <TextField name="questions" label="consultations.field.questions" hint="consultations.field.questionsHint" multiline error={err('questions')} />
        <button type="submit" className="primary" disabled={create.busy}>
          <FormattedMessage id="consultations.open" />
        </button>
      </form>
    </section>
  );
}
