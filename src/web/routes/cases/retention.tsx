// For a data protection officer: the agency's closed cases, when each will be anonymised, and
// legal holds that stop it; subject access requests awaiting their decision; and subject access
// exports by case number.
import { useState, type FormEvent } from 'react';
import { FormattedDate, FormattedMessage } from 'react-intl';
import { useAction } from '../../api/use-action.ts';
import { client, data, useLoad, type Answer, type Body } from '../../api/typed.ts';

type RetentionView = Answer<'/api/retention'>['cases'][number];
import { DataTable, type Column } from '../../components/data-table.tsx';
import { TextField } from '../../components/fields.tsx';
import { Loaded } from '../../components/loaded.tsx';
import { PendingRequests, SubjectAccessExport } from './case-exports.tsx';
import { CircleExclamationPoint } from 'lucide-react';
import { Icon } from '../../components/icon.tsx';

export function RetentionPage() {
  const [version, setVersion] = useState(0);
  const state = useLoad(() => data(client.GET('/api/retention')), [version]);
  const [holding, setHolding] = useState<string | null>(null);
  const hold = useAction((caseId: string, body: Body<'/api/cases/{id}/legal-hold', 'put'>) => data(() => client.PUT('/api/cases/{id}/legal-hold', { params: { path: { id: caseId } }, body })));
  const done = () => {
    setHolding(null);
    setVersion((v) => v + 1);
  };
  const columns: Column<RetentionView>[] = [
    { header: 'cases.number', cell: (c) => <span dir="ltr" className="nowrap">{c.caseNumber}</span> },
    { header: 'cases.category', cell: (c) => <FormattedMessage id={`caseCategory.${c.category}`} /> },
    { header: 'case.closedOn', cell: (c) => (c.closedOn ? <FormattedDate value={c.closedOn} dateStyle="medium" timeZone="UTC" /> : '—') },
    {
      header: 'retention.anonymiseOn',
      cell: (c) =>
        c.status === 'anonymised' ? (
          <FormattedMessage id="caseStatus.anonymised" />
        ) : c.legalHold ? (
          <FormattedMessage id="retention.held" values={{ reason: c.legalHoldReason ?? '' }} />
        ) : c.anonymiseOn ? (
          <FormattedDate value={c.anonymiseOn} dateStyle="medium" timeZone="UTC" />
        ) : (
          '—'
        ),
    },
    {
      header: 'account.action',
      cell: (c) =>
        c.status === 'anonymised' ? null : c.legalHold ? (
          <button type="button" onClick={async () => (await hold.run(c.caseId, { hold: false })).ok && done()}>
            <FormattedMessage id="retention.lift" />
          </button>
        ) : holding === c.caseId ? (
          <form
            className="inline-form"
            onSubmit={async (e: FormEvent<HTMLFormElement>) => {
              e.preventDefault();
              if ((await hold.run(c.caseId, { hold: true, reason: String(new FormData(e.currentTarget).get('reason') ?? '') })).ok) done();
            }}
          >
            <TextField name="reason" label="agreements.reason" required maxLength={2000} />
            <button type="submit">
              <FormattedMessage id="retention.place" />
            </button>
          </form>
        ) : (
          <button type="button" onClick={() => setHolding(c.caseId)}>
            <FormattedMessage id="retention.place" />
          </button>
        ),
    },
  ];
  return (
    <>
      <h1 tabIndex={-1}>
        <FormattedMessage id="retention.title" />
      </h1>
      <p className="lead">
        <FormattedMessage id="retention.intro" />
      </p>
      {hold.error && (
        <p className="form-error" role="alert">
          <Icon of={CircleExclamationPoint} />
          <FormattedMessage id={hold.error} />
        </p>
      )}
      <Loaded state={state}>
        {({ cases }) => (
          <section aria-labelledby="retention-list">
            <h2 id="retention-list" className="visually-hidden">
              <FormattedMessage id="retention.title" />
            </h2>
            {cases.length === 0 ? (
              <p className="empty-state">
                <FormattedMessage id="retention.none" />
              </p>
            ) : (
              <DataTable labelledBy="retention-list" caption="retention.title" columns={columns} rows={cases} rowKey={(c) => c.caseId} />
            )}
          </section>
        )}
      </Loaded>
      <PendingRequests />
      <SubjectAccessExport caseNumber={null} />
    </>
  );
}
