// A plan's sections in order, each with its current text and version; coordinators add more.
import { useState, type FormEvent } from 'react';
import { FormattedDate, FormattedMessage } from 'react-intl';
import { Link, useParams } from 'react-router';
import { client, data, useLoad, type Body } from '../../api/typed.ts';
import { useAction } from '../../api/use-action.ts';
import { fieldError, TextField } from '../../components/fields.tsx';
import { Loaded } from '../../components/loaded.tsx';
import { PlanNav } from './plan-nav.tsx';
import { PlanHeading } from './section-page.tsx';
import { CircleExclamationPoint } from 'lucide-react';
import { Icon } from '../../components/icon.tsx';

export function PlanSectionsPage() {
  const { planId = '' } = useParams();
  const [version, setVersion] = useState(0);
  const state = useLoad(() => data(client.GET('/api/plans/{planId}/sections', { params: { path: { planId } } })), [planId, version]);
  return (
    <>
      <PlanHeading planId={planId} />
      <PlanNav planId={planId} />
      <Loaded state={state}>
        {({ sections, can }) => (
          <>
            <section aria-labelledby="plan-sections">
              <h2 id="plan-sections">
                <FormattedMessage id="plans.tab.sections" />
              </h2>
              {sections.length === 0 ? (
                <p className="empty-state">
                  <FormattedMessage id="plans.sections.none" />
                </p>
              ) : (
                <ol className="notes">
                  {sections.map((s) => (
                    <li key={s.id} className="card">
                      <h3>
                        <Link to={`/plans/${planId}/sections/${s.id}`}><bdi>{s.title}</bdi></Link>
                      </h3>
                      <p className="meta">
                        <FormattedMessage id="plans.sections.versionOn" values={{ version: s.version, date: <FormattedDate value={s.updatedAt} dateStyle="medium" /> }} />
                      </p>
                      <p className="note-body" dir="auto">{s.body}</p>
                    </li>
                  ))}
                </ol>
              )}
            </section>
            {can.edit && <NewSection planId={planId} count={sections.length} onAdded={() => setVersion((v) => v + 1)} />}
          </>
        )}
      </Loaded>
    </>
  );
}

function NewSection(props: { planId: string; count: number; onAdded: () => void }) {
  const add = useAction((body: Body<'/api/plans/{planId}/sections', 'post'>) => data(() => client.POST('/api/plans/{planId}/sections', { params: { path: { planId: props.planId } }, body })));
  async function submit(e: FormEvent<HTMLFormElement>) {
    e.preventDefault();
    const formEl = e.currentTarget;
    const form = new FormData(formEl);
    const position = Number(form.get('position'));
    const result = await add.run({
      title: String(form.get('title') ?? '').trim(),
      body: String(form.get('body') ?? ''),
      ...(position >= 1 ? { position } : {}),
    });
    if (result.ok) {
      formEl.reset();
      props.onAdded();
    }
  }
  return (
    <section className="panel" aria-labelledby="plan-new-section">
      <h2 id="plan-new-section">
        <FormattedMessage id="plans.sections.add" />
      </h2>
      <form className="stacked" onSubmit={submit}>
        {add.error && (
          <p className="form-error" role="alert">
            <Icon of={CircleExclamationPoint} />
            <FormattedMessage id={add.error} />
          </p>
        )}
        <TextField name="title" label="plans.sections.title" required maxLength={300} error={fieldError(add.fields, 'title')} />
        <TextField name="body" label="plans.sections.body" multiline maxLength={50000} error={fieldError(add.fields, 'body')} />
        <TextField name="position" type="number" min={1} max={props.count + 1} label="plans.sections.position" hint="plans.sections.positionHint" error={fieldError(add.fields, 'position')} />
        <button type="submit" className="primary" disabled={add.busy}>
          <FormattedMessage id="plans.sections.addButton" />
        </button>
      </form>
    </section>
  );
}
