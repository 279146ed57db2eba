// Notes in the sections the organisation may see. Psychosocial notes stay with the organisation
// that wrote them unless it shares them with the team.
import { useState, type FormEvent } from 'react';
import { FormattedDate, FormattedMessage, useIntl } from 'react-intl';
import { useAction } from '../../api/use-action.ts';
import { client, data, useLoad, type Body } from '../../api/typed.ts';
import { Checkbox, SelectField, TextField } from '../../components/fields.tsx';
import { Loaded } from '../../components/loaded.tsx';
import { useCase } from './case-page.tsx';
import { CircleExclamationPoint } from 'lucide-react';
import { Icon } from '../../components/icon.tsx';

const NOTE_SECTIONS = ['psychosocial_notes', 'other_notes', 'security'] as const;

// The section comes from the list the server's schema is built from; it checks it again.
type NewNote = Body<'/api/cases/{id}/notes', 'post'>;

export function NotesSection() {
  const { detail } = useCase();
  const intl = useIntl();
  const [version, setVersion] = useState(0);
  const state = useLoad(() => data(client.GET('/api/cases/{id}/notes', { params: { path: { id: detail.id } } })), [detail.id, version]);
  const add = useAction((body: NewNote) => data(() => client.POST('/api/cases/{id}/notes', { params: { path: { id: detail.id } }, body })));
  const sections = NOTE_SECTIONS.filter((s) => detail.sections.includes(s));
  async function submit(e: FormEvent<HTMLFormElement>) {
    e.preventDefault();
    const form = e.currentTarget;
    const f = new FormData(form);
    const ok = await add.run({ section: String(f.get('section')) as NewNote['section'], body: String(f.get('body') ?? ''), shared: f.get('shared') === 'true' });
    if (ok.ok) {
      form.reset();
      setVersion((v) => v + 1);
    }
  }
  return (
    <>
      {detail.can.note && (
        <section className="panel" aria-labelledby="note-new">
          <h2 id="note-new">
            <FormattedMessage id="notes.add" />
          </h2>
          <form className="stacked" onSubmit={submit}>
            {add.error && (
              <p className="form-error" role="alert">
                <Icon of={CircleExclamationPoint} />
                <FormattedMessage id={add.error} />
              </p>
            )}
            <SelectField name="section" label="notes.section" options={sections.map((s) => ({ value: s, label: intl.formatMessage({ id: `category.${s}` }) }))} />
            <TextField name="body" label="notes.body" multiline required maxLength={20000} />
            {sections.includes('psychosocial_notes') && <Checkbox name="shared" label="notes.share" />}
            <button type="submit" className="primary" disabled={add.busy}>
              <FormattedMessage id="notes.save" />
            </button>
          </form>
        </section>
      )}
      <section className="panel" aria-labelledby="case-notes">
        <h2 id="case-notes">
          <FormattedMessage id="case.tab.notes" />
        </h2>
        <Loaded state={state}>
          {({ notes }) =>
            notes.length === 0 ? (
              <p className="empty-state">
                <FormattedMessage id="notes.none" />
              </p>
            ) : (
              <ul className="notes">
                {notes.map((n) => (
                  <li key={n.id} className="card">
                    <p className="meta">
                      <FormattedMessage id={`category.${n.section}`} /> · {n.authorName ?? '—'}, {n.authorOrgName} · <FormattedDate value={n.createdAt} dateStyle="medium" timeStyle="short" />
                      {n.section === 'psychosocial_notes' && (
                        <>
                          {' · '}
                          <FormattedMessage id={n.shared ? 'notes.shared' : 'notes.private'} />
                        </>
                      )}
                    </p>
                    <p className="note-body">{n.body}</p>
                  </li>
                ))}
              </ul>
            )
          }
        </Loaded>
      </section>
    </>
  );
}
