// The register of a meeting's participants: no names, only organisation, its type, whether it
// is women-led and each participant's sex, so that representation can be counted.
import { useState, type FormEvent } from 'react';
import { FormattedMessage, useIntl } from 'react-intl';
import { PARTICIPANT_ORG_TYPES, PARTICIPANT_SEXES } from '../../../modules/planning/schema.ts';
import { client, data, useLoad, type Body } from '../../api/typed.ts';
import { useAction } from '../../api/use-action.ts';
import { DataTable } from '../../components/data-table.tsx';
import { Checkbox, fieldError, SelectField, TextField } from '../../components/fields.tsx';
import { Loaded } from '../../components/loaded.tsx';
import { CircleExclamationPoint } from 'lucide-react';
import { Icon } from '../../components/icon.tsx';

type NewParticipant = Body<'/api/plans/{planId}/consultations/{id}/participants', 'post'>;

export const orgTypeLabel = (t: string) => (t === 'individual' ? 'contributions.individual' : `orgType.${t}`);

export function MeetingRegister(props: { planId: string; consultationId: string }) {
  const intl = useIntl();
  const path = { planId: props.planId, id: props.consultationId };
  const [version, setVersion] = useState(0);
  const state = useLoad(() => data(client.GET('/api/plans/{planId}/consultations/{id}/participants', { params: { path } })), [props.planId, props.consultationId, version]);
  const add = useAction((body: NewParticipant) => data(() => client.POST('/api/plans/{planId}/consultations/{id}/participants', { params: { path }, body })));
  const remove = useAction((id: string) =>
    data(() => client.DELETE('/api/plans/{planId}/consultations/{id}/participants/{participantId}', { params: { path: { ...path, participantId: id } } })),
  );
  async function submit(e: FormEvent<HTMLFormElement>) {
    e.preventDefault();
    const form = e.currentTarget;
    const f = new FormData(form);
    const body = {
      orgName: String(f.get('orgName') ?? '').trim(),
      orgType: String(f.get('orgType')) as NewParticipant['orgType'],
      womenLed: f.get('womenLed') === 'true',
      sex: String(f.get('sex')) as NewParticipant['sex'],
      count: Number(f.get('count') || 1),
    };
    if ((await add.run(body)).ok) {
      form.reset();
      setVersion((v) => v + 1);
    }
  }
  return (
    <section className="panel" aria-labelledby="meeting-register">
      <h2 id="meeting-register">
        <FormattedMessage id="consultations.register" />
      </h2>
      <Loaded state={state}>
        {(view) => (
          <>
            <p>
              <FormattedMessage id="consultations.register.total" values={{ n: view.counts.total, womenLed: view.counts.womenLed }} />
            </p>
            {view.counts.total > 0 && (
              <dl className="facts">
                {PARTICIPANT_SEXES.filter((s) => view.counts.bySex[s]).map((s) => (
                  <div key={s}>
                    <dt>
                      <FormattedMessage id={`consultations.sex.${s}`} />
                    </dt>
                    <dd>{view.counts.bySex[s]}</dd>
                  </div>
                ))}
                {PARTICIPANT_ORG_TYPES.filter((t) => view.counts.byOrgType[t]).map((t) => (
                  <div key={t}>
                    <dt>
                      <FormattedMessage id={orgTypeLabel(t)} />
                    </dt>
                    <dd>{view.counts.byOrgType[t]}</dd>
                  </div>
                ))}
              </dl>
            )}
            {view.participants.length > 0 && (
              <DataTable
                labelledBy="meeting-register"
                caption="consultations.register"
                rowKey={(p) => p.id}
                rows={view.participants}
                columns={[
                  { header: 'consultations.register.organisation', cell: (p) => p.orgName },
                  { header: 'consultations.register.orgType', cell: (p) => <FormattedMessage id={orgTypeLabel(p.orgType)} /> },
                  { header: 'contributions.womenLed', cell: (p) => <FormattedMessage id={p.womenLed ? 'common.yes' : 'common.no'} /> },
                  { header: 'consultations.register.sex', cell: (p) => <FormattedMessage id={`consultations.sex.${p.sex}`} /> },
                  {
                    header: 'consultations.register.remove',
                    cell: (p) => (
                      <button
                        type="button"
                        className="link-button"
                        disabled={remove.busy}
                        aria-label={intl.formatMessage({ id: 'consultations.register.removeLabel' }, { org: p.orgName })}
                        onClick={async () => {
                          if ((await remove.run(p.id)).ok) setVersion((v) => v + 1);
                        }}
                      >
                        <FormattedMessage id="consultations.register.remove" />
                      </button>
                    ),
                  },
                ]}
              />
            )}
          </>
        )}
      </Loaded>
      <form className="stacked" onSubmit={submit}>
        <h3>
          <FormattedMessage id="consultations.register.add" />
        </h3>
        {add.error && (
          <p className="form-error" role="alert">
            <Icon of={CircleExclamationPoint} />
            <FormattedMessage id={add.error} />
          </p>
        )}
        <TextField name="orgName" label="consultations.register.organisation" required maxLength={200} error={fieldError(add.fields, 'orgName')} />
        <SelectField name="orgType" label="consultations.register.orgType" defaultValue="cso" options={PARTICIPANT_ORG_TYPES.map((t) => ({ value: t, label: intl.formatMessage({ id: orgTypeLabel(t) }) }))} />
        <Checkbox name="womenLed" label="contributions.womenLed" />
        <SelectField name="sex" label="consultations.register.sex" defaultValue="female" options={PARTICIPANT_SEXES.map((s) => ({ value: s, label: intl.formatMessage({ id: `consultations.sex.${s}` }) }))} />
        <TextField name="count" label="consultations.register.count" type="number" min={1} max={200} defaultValue="1" />
        <button type="submit" className="primary" disabled={add.busy}>
          <FormattedMessage id="consultations.register.addButton" />
        </button>
      </form>
    </section>
  );
}
