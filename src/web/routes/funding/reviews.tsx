// The reviewer's queue: each assignment asks first for a declaration of conflicts of interest;
// only without a conflict (declared or known to the system) does the application open for scoring.
import { useState } from 'react';
import { FormattedMessage } from 'react-intl';
import { Link } from 'react-router';
import { client, data, useLoad, type Body } from '../../api/typed.ts';
import { useAction } from '../../api/use-action.ts';
import { TextField } from '../../components/fields.tsx';
import { Loaded } from '../../components/loaded.tsx';
import { CircleExclamationPoint, Send, TriangleExclamationPoint } from 'lucide-react';
import { Icon } from '../../components/icon.tsx';

export function ReviewQueuePage() {
  const [version, setVersion] = useState(0);
  const state = useLoad(() => data(client.GET('/api/funding/reviews')), [version]);
  const act = useAction((id: string, body: Body<'/api/funding/reviews/{id}/declaration', 'post'>) =>
    data(() => client.POST('/api/funding/reviews/{id}/declaration', { params: { path: { id } }, body })),
  );
  return (
    <>
      <h1 tabIndex={-1}>
        <FormattedMessage id="funding.reviews.title" />
      </h1>
      <p className="lead">
        <FormattedMessage id="funding.reviews.intro" />
      </p>
      {act.error && (
        <p className="form-error" role="alert">
          <Icon of={CircleExclamationPoint} />
          <FormattedMessage id={act.error} />
        </p>
      )}
      <Loaded state={state}>
        {({ reviews }) =>
          reviews.length === 0 ? (
            <p className="empty-state">
              <FormattedMessage id="funding.reviews.none" />
            </p>
          ) : (
            <ul className="civic-list">
              {reviews.map((r) => (
                <li key={r.id} className="card">
                  <h2 className="card-title" dir="auto">
                    {r.callTitle}
                  </h2>
                  <p className="meta">
                    {r.applicantName === null ? <FormattedMessage id="funding.blindApplicant" /> : <bdi>{r.applicantName}</bdi>}
                  </p>
                  {!r.declared ? (
                    <form
                      className="stacked compact"
                      onSubmit={async (e) => {
                        e.preventDefault();
                        const f = new FormData(e.currentTarget);
                        const conflict = f.get('conflict') === 'yes';
                        if ((await act.run(r.id, { conflict, note: String(f.get('note') ?? '').trim() || null })).ok) setVersion((v) => v + 1);
                      }}
                    >
                      <fieldset className="field">
                        <legend>
                          <FormattedMessage id="funding.reviews.declare" />
                        </legend>
                        <label className="checkbox">
                          <input type="radio" name="conflict" value="no" required /> <FormattedMessage id="funding.reviews.noConflict" />
                        </label>
                        <label className="checkbox">
                          <input type="radio" name="conflict" value="yes" /> <FormattedMessage id="funding.reviews.haveConflict" />
                        </label>
                      </fieldset>
                      <TextField name="note" multiline maxLength={2000} label="funding.field.conflictNote" hint="funding.hint.conflictNote" />
                      <button type="submit" className="primary" disabled={act.busy}>
                        <Icon of={Send} directional />
                        <FormattedMessage id="funding.reviews.sendDeclaration" />
                      </button>
                    </form>
                  ) : r.open ? (
                    <p>
                      <Link className="button primary" to={`/funding/applications/${r.applicationId}`}>
                        <FormattedMessage id={r.scored ? 'funding.reviews.openScored' : 'funding.reviews.open'} />
                      </Link>
                    </p>
                  ) : (
                    <p className="notice warning">
                      <Icon of={TriangleExclamationPoint} />
                      <FormattedMessage id={r.conflictDeclared ? 'funding.reviews.closedDeclared' : 'funding.reviews.closedFlagged'} />
                    </p>
                  )}
                </li>
              ))}
            </ul>
          )
        }
      </Loaded>
    </>
  );
}
