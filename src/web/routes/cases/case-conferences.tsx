// Case conferences: those scheduled and those held (attendees by organisation, minutes,
// decisions, and the plan actions their action items became). The lead agency's coordinator
// schedules one and, once held, records it.
import { useState, type FormEvent } from 'react';
import { DateField } from '../../components/lazy-widgets.tsx';
import { FormattedDate, FormattedList, FormattedMessage, useIntl } from 'react-intl';
import { Link } from 'react-router';
import { NEED_DOMAINS } from '../../../modules/orgs/schema.ts';
import { useAction } from '../../api/use-action.ts';
import { client, data, useLoad, type Answer, type Body } from '../../api/typed.ts';
import { SelectField, TextField } from '../../components/fields.tsx';
import { Loaded } from '../../components/loaded.tsx';
import { useCase } from './case-page.tsx';
import { ResponsibleFields } from './case-plan.tsx';
import { CircleExclamationPoint } from 'lucide-react';
import { Icon } from '../../components/icon.tsx';

type ConferencesView = Answer<'/api/cases/{id}/conferences'>;
type ConferenceView = ConferencesView['conferences'][number];
// The domain comes from the list the server's schema is built from; it checks it again.
type ConferenceRecord = Body<'/api/cases/{id}/conferences/{childId}/record', 'post'>;

const lines = (v: FormDataEntryValue | null) =>
  String(v ?? '')
    .split('\n')
    .map((l) => l.trim())
    .filter(Boolean);

export function ConferencesSection() {
  const { detail, reload } = useCase();
  const [version, setVersion] = useState(0);
  const state = useLoad(() => data(client.GET('/api/cases/{id}/conferences', { params: { path: { id: detail.id } } })), [detail.id, version]);
  const changed = () => {
    setVersion((v) => v + 1);
    reload();
  };
  return (
    <Loaded state={state}>
      {(view) => (
        <>
          <section className="panel" aria-labelledby="case-conferences">
            <h2 id="case-conferences">
              <FormattedMessage id="case.tab.conferences" />
            </h2>
            {view.conferences.length === 0 ? (
              <p className="empty-state">
                <FormattedMessage id="conference.none" />
              </p>
            ) : (
              <ul className="conferences">
                {view.conferences.map((c) => (
                  <Conference key={c.id} conference={c} view={view} onChanged={changed} />
                ))}
              </ul>
            )}
          </section>
          {view.can.hold && <Schedule onScheduled={changed} />}
        </>
      )}
    </Loaded>
  );
}

function Conference(props: { conference: ConferenceView; view: ConferencesView; onChanged: () => void }) {
  const { detail } = useCase();
  const c = props.conference;
  const [recording, setRecording] = useState(false);
  const held = new Date(c.heldAt) <= new Date();
  const byOrg = new Map<string, ConferenceView['attendees']>();
  for (const a of c.attendees) byOrg.set(a.orgName, [...(byOrg.get(a.orgName) ?? []), a]);
  return (
    <li className="card conference" aria-labelledby={`conference-${c.id}`}>
      <h3 id={`conference-${c.id}`}>
        <FormattedDate value={c.heldAt} dateStyle="full" timeStyle="short" />
      </h3>
      <p className="badges">
        <span className={`tag ${c.status === 'recorded' ? 'partner' : ''}`}>
          <FormattedMessage id={`conferenceStatus.${c.status}`} />
        </span>
      </p>
      <dl className="facts">
        <dt>
          <FormattedMessage id="conference.place" />
        </dt>
        <dd>{c.place}</dd>
      </dl>
      <h4>
        <FormattedMessage id="conference.agenda" />
      </h4>
      <ol>
        {c.agenda.map((item, i) => (
          <li key={i}>{item}</li>
        ))}
      </ol>
      {c.status === 'recorded' && (
        <>
          <h4>
            <FormattedMessage id="conference.attendees" />
          </h4>
          <ul className="parties">
            {[...byOrg.entries()].map(([org, people]) => (
              <li key={org}>
                <strong>
                  <bdi>{org}</bdi>
                </strong>
                : <FormattedList type="unit" style="short" value={people.map((p, i) => <bdi key={i}>{`${p.name} (${p.role})`}</bdi>)} />
              </li>
            ))}
          </ul>
          <h4>
            <FormattedMessage id="conference.minutes" />
          </h4>
          <p className="note-body">{c.minutes}</p>
          {c.decisions.length > 0 && (
            <>
              <h4>
                <FormattedMessage id="conference.decisions" />
              </h4>
              <ul>
                {c.decisions.map((d, i) => (
                  <li key={i}>{d}</li>
                ))}
              </ul>
            </>
          )}
          {c.actions.length > 0 && (
            <>
              <h4>
                <FormattedMessage id="conference.actions" />
              </h4>
              <ul>
                {c.actions.map((a) => (
                  <li key={a.id}>
                    {a.description} <span className="meta">— {a.responsibleOrgName}, <FormattedDate value={a.targetDate} dateStyle="medium" timeZone="UTC" /></span>
                  </li>
                ))}
              </ul>
              <p>
                <Link to={`/cases/${detail.id}/plan`}>
                  <FormattedMessage id="conference.seePlan" />
                </Link>
              </p>
            </>
          )}
        </>
      )}
      {c.status === 'scheduled' &&
        props.view.can.hold &&
        (!held ? (
          <p className="meta">
            <FormattedMessage id="conference.recordLater" />
          </p>
        ) : recording ? (
          <RecordForm conference={c} view={props.view} onRecorded={() => (setRecording(false), props.onChanged())} />
        ) : (
          <p>
            <button type="button" className="primary" onClick={() => setRecording(true)}>
              <FormattedMessage id="conference.record" />
            </button>
          </p>
        ))}
    </li>
  );
}

function RecordForm(props: { conference: ConferenceView; view: ConferencesView; onRecorded: () => void }) {
  const { detail } = useCase();
  const intl = useIntl();
  const [attendees, setAttendees] = useState(2);
  const [items, setItems] = useState(1);
  const record = useAction((body: ConferenceRecord) =>
    data(() => client.POST('/api/cases/{id}/conferences/{childId}/record', { params: { path: { id: detail.id, childId: props.conference.id } }, body })),
  );
  async function submit(e: FormEvent<HTMLFormElement>) {
    e.preventDefault();
    const f = new FormData(e.currentTarget);
    const get = (k: string) => String(f.get(k) ?? '').trim();
    const body = {
      attendees: Array.from({ length: attendees }, (_, i) => ({ orgId: get(`a${i}.orgId`), name: get(`a${i}.name`), role: get(`a${i}.role`) })).filter((a) => a.name),
      minutes: get('minutes'),
      decisions: lines(f.get('decisions')),
      actionItems: Array.from({ length: items }, (_, i) => ({
        domain: get(`i${i}.domain`) as NonNullable<ConferenceRecord['actionItems']>[number]['domain'],
        description: get(`i${i}.description`),
        responsibleOrgId: get(`i${i}.responsibleOrgId`),
        responsibleUserId: get(`i${i}.responsibleUserId`) || null,
        targetDate: get(`i${i}.targetDate`),
      })).filter((x) => x.description),
    };
    if ((await record.run(body)).ok) props.onRecorded();
  }
  const orgOptions = props.view.organisations.map((o) => ({ value: o.orgId, label: o.orgName }));
  return (
    <form className="stacked" onSubmit={submit}>
      {record.error && (
        <p className="form-error" role="alert">
          <Icon of={CircleExclamationPoint} />
          <FormattedMessage id={record.error} />
        </p>
      )}
      <fieldset>
        <legend>
          <FormattedMessage id="conference.attendees" />
        </legend>
        {Array.from({ length: attendees }, (_, i) => (
          <div key={i} className="row-group" role="group" aria-label={intl.formatMessage({ id: 'conference.attendeeN' }, { n: i + 1 })}>
            <SelectField name={`a${i}.orgId`} label="conference.organisation" options={orgOptions} defaultValue={orgOptions[Math.min(i, orgOptions.length - 1)]?.value} />
            <TextField name={`a${i}.name`} label="conference.personName" maxLength={200} />
            <TextField name={`a${i}.role`} label="conference.personRole" maxLength={200} />
          </div>
        ))}
        <button type="button" onClick={() => setAttendees((n) => n + 1)}>
          <FormattedMessage id="conference.addAttendee" />
        </button>
      </fieldset>
      <TextField name="minutes" label="conference.minutes" multiline required maxLength={20000} />
      <TextField name="decisions" label="conference.decisions" hint="conference.onePerLine" multiline />
      <fieldset>
        <legend>
          <FormattedMessage id="conference.actionItems" />
        </legend>
        <p className="hint">
          <FormattedMessage id="conference.actionItemsHint" />
        </p>
        {Array.from({ length: items }, (_, i) => (
          <div key={i} className="row-group" role="group" aria-label={intl.formatMessage({ id: 'conference.actionItemN' }, { n: i + 1 })}>
            <TextField name={`i${i}.description`} label="plan.actionDescription" maxLength={2000} />
            <SelectField name={`i${i}.domain`} label="plan.domain" options={NEED_DOMAINS.map((d) => ({ value: d, label: intl.formatMessage({ id: `domain.${d}` }) }))} />
            <ResponsibleFields plan={props.view} prefix={`i${i}.`} />
            <TextField name={`i${i}.targetDate`} type="date" label="plan.targetDate" />
          </div>
        ))}
        <button type="button" onClick={() => setItems((n) => n + 1)}>
          <FormattedMessage id="conference.addActionItem" />
        </button>
      </fieldset>
      <button type="submit" className="primary" disabled={record.busy}>
        <FormattedMessage id="conference.saveRecord" />
      </button>
    </form>
  );
}

function Schedule(props: { onScheduled: () => void }) {
  const { detail } = useCase();
  const schedule = useAction((body: Body<'/api/cases/{id}/conferences', 'post'>) => data(() => client.POST('/api/cases/{id}/conferences', { params: { path: { id: detail.id } }, body })));
  const [when, setWhen] = useState('');
  async function submit(e: FormEvent<HTMLFormElement>) {
    e.preventDefault();
    const form = e.currentTarget;
    const f = new FormData(form);
    const at = new Date(when);
    const ok = await schedule.run({ heldAt: Number.isNaN(at.getTime()) ? when : at.toISOString(), place: String(f.get('place') ?? ''), agenda: lines(f.get('agenda')) });
    if (ok.ok) {
      form.reset();
      setWhen('');
      props.onScheduled();
    }
  }
  return (
    <section className="panel" aria-labelledby="conference-new">
      <h2 id="conference-new">
        <FormattedMessage id="conference.schedule" />
      </h2>
      <form className="stacked" onSubmit={submit}>
        {schedule.error && (
          <p className="form-error" role="alert">
            <Icon of={CircleExclamationPoint} />
            <FormattedMessage id={schedule.error} />
          </p>
        )}
        <DateField name="heldAt" label="conference.when" withTime required value={when} onChange={setWhen} />
        <TextField name="place" label="conference.place" hint="conference.placeHint" required maxLength={300} />
        <TextField name="agenda" label="conference.agenda" hint="conference.onePerLine" multiline required />
        <button type="submit" className="primary" disabled={schedule.busy}>
          <FormattedMessage id="conference.scheduleSave" />
        </button>
      </form>
    </section>
  );
}
