// One consultation: its window and modes, the linked sections to read, its questions. The
// coordinators invite organisations from the directory and keep the meeting's register; a
// contributor whose organisation may take part contributes here, then attaches files.
import { useState, type FormEvent } from 'react';
import { FormattedDate, FormattedMessage, useIntl } from 'react-intl';
import { Link, useParams } from 'react-router';
import { client, data, useLoad, type Answer, type Body } from '../../api/typed.ts';
import { useAction } from '../../api/use-action.ts';
import { CheckboxGroup, fieldError, SelectField, TextField } from '../../components/fields.tsx';
import { Loaded } from '../../components/loaded.tsx';
import { ConsultationFacts } from './consultations.tsx';
import { MeetingRegister } from './meeting-register.tsx';
import { PlanNav } from './plan-nav.tsx';
import { FileUpload } from './plan-files.tsx';
import { CircleExclamationPoint, Send } from 'lucide-react';
import { Icon } from '../../components/icon.tsx';

type ConsultationView = Answer<'/api/plans/{planId}/consultations/{id}'>;
type Invited = Answer<'/api/plans/{planId}/consultations/{id}/invitations', 'post'>;
type NewContribution = Body<'/api/plans/{planId}/contributions', 'post'>;

export function ConsultationPage() {
  const { planId = '', id = '' } = useParams();
  const [version, setVersion] = useState(0);
  // Kept here: the page reloads after invitations are sent, and the result must outlive that.
  const [invited, setInvited] = useState<Invited | null>(null);
  const state = useLoad(() => data(client.GET('/api/plans/{planId}/consultations/{id}', { params: { path: { planId, id } } })), [planId, id, version]);
  return (
    <Loaded state={state}>
      {(c) => (
        <>
          <h1 tabIndex={-1} dir="auto">{c.title}</h1>
          <p className="lead" dir="auto">{c.plan.title}</p>
          <PlanNav planId={planId} />
          <section className="panel" aria-labelledby="consultation-about">
            <h2 id="consultation-about">
              <FormattedMessage id="consultations.about" />
            </h2>
            <ConsultationFacts c={c} />
            {c.description && <p className="note-body">{c.description}</p>}
            {c.contribute !== 'not_contributor' && (
              <p>
                <strong>
                  <FormattedMessage id={`consultations.contribute.${c.contribute}`} />
                </strong>
              </p>
            )}
          </section>
          {c.sections.length > 0 && (
            <section className="panel" aria-labelledby="consultation-sections">
              <h2 id="consultation-sections">
                <FormattedMessage id="consultations.sections" />
              </h2>
              {c.sections.map((s) => (
                <article key={s.id} className="card" aria-labelledby={`section-${s.id}`}>
                  <h3 id={`section-${s.id}`}>
                    {s.position}. <bdi>{s.title}</bdi>
                  </h3>
                  <p className="meta">
                    <FormattedMessage id="consultations.version" values={{ n: s.version }} />
                  </p>
                  <div className="note-body" dir="auto">{s.body}</div>
                </article>
              ))}
            </section>
          )}
          {c.questions.length > 0 && (
            <section className="panel" aria-labelledby="consultation-questions">
              <h2 id="consultation-questions">
                <FormattedMessage id="consultations.questions" />
              </h2>
              <ol>
                {c.questions.map((q) => (
                  <li key={q.id}>{q.text}</li>
                ))}
              </ol>
            </section>
          )}
          {c.can.contribute && <ContributeForm planId={planId} c={c} />}
          {c.can.invite && <Invitations planId={planId} c={c} result={invited} onInvited={(r) => (setInvited(r), setVersion((v) => v + 1))} />}
          {c.can.register && <MeetingRegister planId={planId} consultationId={c.id} />}
        </>
      )}
    </Loaded>
  );
}

function ContributeForm(props: { planId: string; c: ConsultationView }) {
  const intl = useIntl();
  const { c } = props;
  const [made, setMade] = useState<string | null>(null);
  const [files, setFiles] = useState<string[]>([]);
  const [individual, setIndividual] = useState(false);
  const send = useAction((body: NewContribution) => data(() => client.POST('/api/plans/{planId}/contributions', { params: { path: { planId: props.planId } }, body })));
  async function submit(e: FormEvent<HTMLFormElement>) {
    e.preventDefault();
    const f = new FormData(e.currentTarget);
    const target = String(f.get('target') ?? '');
    const onBehalf = String(f.get('onBehalf') ?? 'organisation') as NewContribution['onBehalf'];
    const body: NewContribution = {
      consultationId: c.id,
      sectionId: target.startsWith('s:') ? target.slice(2) : null,
      questionId: target.startsWith('q:') ? target.slice(2) : null,
      body: String(f.get('body') ?? '').trim(),
      onBehalf,
      attribution: onBehalf === 'individual' ? 'anonymous' : (String(f.get('attribution') ?? 'named') as NewContribution['attribution']),
    };
    const result = await send.run(body);
    if (result.ok) setMade(result.value.id);
  }
  if (made) {
    return (
      <section className="panel" aria-labelledby="contribute-done">
        <h2 id="contribute-done">
          <FormattedMessage id="contributions.thanks" />
        </h2>
        <p role="status">
          <FormattedMessage id="contributions.thanksBody" />
        </p>
        {files.length > 0 && (
          <ul>
            {files.map((name, i) => (
              <li key={i}>{name}</li>
            ))}
          </ul>
        )}
        <FileUpload planId={props.planId} ownerKind="contribution" ownerId={made} onUploaded={(file) => setFiles((list) => [...list, file.filename])} />
        <p>
          <Link to="/plans/mine">
            <FormattedMessage id="contributions.follow" />
          </Link>{' '}
          ·{' '}
          <button type="button" className="link-button" onClick={() => (setMade(null), setFiles([]))}>
            <FormattedMessage id="contributions.another" />
          </button>
        </p>
      </section>
    );
  }
  const targets = [
    { value: '', label: intl.formatMessage({ id: 'contributions.onWhole' }) },
    ...c.sections.map((s) => ({ value: `s:${s.id}`, label: intl.formatMessage({ id: 'contributions.onSection' }, { title: `${s.position}. ${s.title}` }) })),
    ...c.questions.map((q) => ({ value: `q:${q.id}`, label: intl.formatMessage({ id: 'contributions.onQuestion' }, { text: q.text }) })),
  ];
  return (
    <section className="panel" aria-labelledby="contribute">
      <h2 id="contribute">
        <FormattedMessage id="contributions.contribute" />
      </h2>
      <form className="stacked" onSubmit={submit}>
        {send.error && (
          <p className="form-error" role="alert">
            <Icon of={CircleExclamationPoint} />
            <FormattedMessage id={send.error} />
          </p>
        )}
        <SelectField name="target" label="contributions.field.target" options={targets} defaultValue="" />
        <TextField name="body" label="contributions.field.body" multiline required maxLength={20000} error={fieldError(send.fields, 'body')} />
        {c.can.contributeAsIndividual && (
          <fieldset className="field checkbox-group">
            <legend>
              <FormattedMessage id="contributions.field.onBehalf" />
            </legend>
            {(['organisation', 'individual'] as const).map((v) => (
              <label key={v} className="checkbox">
                <input type="radio" name="onBehalf" value={v} defaultChecked={v === 'organisation'} onChange={() => setIndividual(v === 'individual')} />{' '}
                <FormattedMessage id={`contributions.onBehalf.${v}`} />
              </label>
            ))}
          </fieldset>
        )}
        {individual ? (
          <p className="hint">
            <FormattedMessage id="contributions.individualAnonymous" />
          </p>
        ) : (
          <fieldset className="field checkbox-group">
            <legend>
              <FormattedMessage id="contributions.field.attribution" />
            </legend>
            {(['named', 'anonymous'] as const).map((v) => (
              <label key={v} className="checkbox">
                <input type="radio" name="attribution" value={v} defaultChecked={v === 'named'} /> <FormattedMessage id={`contributions.attribution.${v}`} />
              </label>
            ))}
          </fieldset>
        )}
        <button type="submit" className="primary" disabled={send.busy}>
          <Icon of={Send} directional />
          <FormattedMessage id="contributions.send" />
        </button>
      </form>
    </section>
  );
}

function Invitations(props: { planId: string; c: ConsultationView; result: Invited | null; onInvited: (result: Invited) => void }) {
  const { c } = props;
  const directory = useLoad(() => data(client.GET('/api/directory', { params: { query: { country: c.plan.country } } })), [c.plan.country]);
  const invite = useAction((orgIds: string[]) =>
    data(() => client.POST('/api/plans/{planId}/consultations/{id}/invitations', { params: { path: { planId: props.planId, id: c.id } }, body: { orgIds } })),
  );
  const invited = new Set(c.invitations?.map((i) => i.orgId));
  async function submit(e: FormEvent<HTMLFormElement>) {
    e.preventDefault();
    const form = e.currentTarget;
    const orgIds = new FormData(form).getAll('orgIds').map(String);
    if (orgIds.length === 0) return;
    const r = await invite.run(orgIds);
    if (r.ok) {
      form.reset();
      props.onInvited(r.value);
    }
  }
  return (
    <section className="panel" aria-labelledby="consultation-invitations">
      <h2 id="consultation-invitations">
        <FormattedMessage id="consultations.invitations" />
      </h2>
      {c.invitations && c.invitations.length > 0 ? (
        <ul className="compact">
          {c.invitations.map((i) => (
            <li key={i.orgId}>
              {i.orgName}{' '}
              <span className="meta">
                (<FormattedMessage id={`orgType.${i.orgType}`} />
                {i.womenLed && (
                  <>
                    , <FormattedMessage id="contributions.womenLed" />
                  </>
                )}
                ) — <FormattedDate value={i.invitedAt} dateStyle="medium" />
              </span>
            </li>
          ))}
        </ul>
      ) : (
        <p className="empty-state">
          <FormattedMessage id="consultations.noInvitations" />
        </p>
      )}
      {props.result && (
        <p role="status">
          <FormattedMessage id="consultations.invitedResult" values={props.result} />
        </p>
      )}
      <Loaded state={directory}>
        {({ organisations }) => {
          const candidates = organisations.filter((o) => !invited.has(o.id) && o.country === c.plan.country);
          if (candidates.length === 0) return null;
          return (
            <form className="stacked" onSubmit={submit}>
              {invite.error && (
                <p className="form-error" role="alert">
                  <Icon of={CircleExclamationPoint} />
                  <FormattedMessage id={invite.error} />
                </p>
              )}
              <CheckboxGroup
                name="orgIds"
                label="consultations.inviteFromDirectory"
                options={candidates.map((o) => ({
                  value: o.id,
                  label: (
                    <>
                      {o.name}{' '}
                      <span className="meta">
                        (<FormattedMessage id={`orgType.${o.type}`} />
                        {o.womenLed && (
                          <>
                            , <FormattedMessage id="contributions.womenLed" />
                          </>
                        )}
                        )
                      </span>
                    </>
                  ),
                }))}
              />
              <button type="submit" className="primary" disabled={invite.busy}>
                <Icon of={Send} directional />
                <FormattedMessage id="consultations.invite" />
              </button>
            </form>
          );
        }}
      </Loaded>
    </section>
  );
}
