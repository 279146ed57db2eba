// The audit trail for a data protection officer: filters in the address, newest first, page by
// page, and the same selection as a CSV file. Each search and export is itself recorded.
import { useState, type FormEvent } from 'react';
import { FormattedDate, FormattedMessage, useIntl } from 'react-intl';
import { useSearchParams } from 'react-router';
import type { AuditEventView } from '../../modules/audit/schema.ts';
import { useApi } from '../api/use-api.ts';
import { DataTable, type Column } from '../components/data-table.tsx';
import { SelectField, TextField } from '../components/fields.tsx';
import { Loaded } from '../components/loaded.tsx';

const FILTERS = ['action', 'outcome', 'user', 'subjectType', 'subjectId', 'from', 'to'] as const;

export function AuditPage() {
  const intl = useIntl();
  const [params, setParams] = useSearchParams();
  const [before, setBefore] = useState<number[]>([]);
  const query = new URLSearchParams();
  for (const f of FILTERS) {
    const v = params.get(f);
    if (v) query.set(f, v);
  }
  const pageQuery = new URLSearchParams(query);
  const cursor = before.at(-1);
  if (cursor) pageQuery.set('before', String(cursor));
  const state = useApi<{ events: AuditEventView[]; nextBefore: number | null }>(`/api/audit?${pageQuery}`);

  function search(e: FormEvent<HTMLFormElement>) {
    e.preventDefault();
    const form = new FormData(e.currentTarget);
    const next = new URLSearchParams();
    for (const f of FILTERS) {
      const v = form.get(f);
      if (typeof v === 'string' && v.trim()) next.set(f, v.trim());
    }
    setBefore([]);
    setParams(next);
  }

  const columns: Column<AuditEventView>[] = [
    { header: 'audit.when', cell: (e) => <FormattedDate value={e.occurredAt} dateStyle="short" timeStyle="medium" /> },
    { header: 'audit.who', cell: (e) => e.actorName ?? (e.actorUserId ? <code>{e.actorUserId.slice(0, 8)}</code> : '—') },
    { header: 'audit.action', cell: (e) => <code dir="ltr">{e.action}</code> },
    { header: 'audit.outcome', cell: (e) => <FormattedMessage id={`auditOutcome.${e.outcome}`} /> },
    { header: 'audit.record', cell: (e) => (e.subjectType ? <code dir="ltr">{`${e.subjectType}:${e.subjectId ?? ''}`.slice(0, 48)}</code> : '—') },
    { header: 'audit.sealed', cell: (e) => <FormattedMessage id={e.sealed ? 'common.yes' : 'audit.pending'} /> },
  ];
  const any = intl.formatMessage({ id: 'directory.any' });
  return (
    <>
      <h1 tabIndex={-1}>
        <FormattedMessage id="audit.title" />
      </h1>
      <p className="lead">
        <FormattedMessage id="audit.intro" />
      </p>
      <form className="filters" onSubmit={search} role="search" aria-label={intl.formatMessage({ id: 'directory.filters' })}>
        <TextField name="action" label="audit.action" hint="audit.actionHint" defaultValue={params.get('action')} maxLength={80} dir="ltr" />
        <SelectField
          name="outcome"
          label="audit.outcome"
          blank={any}
          defaultValue={params.get('outcome') ?? ''}
          options={(['success', 'denied', 'failure'] as const).map((o) => ({ value: o, label: intl.formatMessage({ id: `auditOutcome.${o}` }) }))}
        />
        <TextField name="subjectType" label="audit.recordType" defaultValue={params.get('subjectType')} maxLength={40} dir="ltr" />
        <TextField name="subjectId" label="audit.recordId" defaultValue={params.get('subjectId')} maxLength={100} dir="ltr" />
        <TextField name="user" label="audit.userId" defaultValue={params.get('user')} maxLength={36} dir="ltr" />
        <TextField name="from" type="date" label="audit.from" defaultValue={params.get('from')} />
        <TextField name="to" type="date" label="audit.to" defaultValue={params.get('to')} />
        <button type="submit" className="primary">
          <FormattedMessage id="directory.search" />
        </button>
      </form>
      <p>
        <a href={`/api/audit/export?${query}`} download>
          <FormattedMessage id="audit.export" />
        </a>
      </p>
      <Loaded state={state}>
        {({ events, nextBefore }) => (
          <section aria-labelledby="audit-results">
            <h2 id="audit-results" className="visually-hidden">
              <FormattedMessage id="audit.results" />
            </h2>
            {events.length === 0 ? (
              <p className="empty-state">
                <FormattedMessage id="audit.none" />
              </p>
            ) : (
              <DataTable labelledBy="audit-results" caption="audit.results" columns={columns} rows={events} rowKey={(e) => String(e.id)} />
            )}
            <p className="pager">
              {before.length > 0 && (
                <button type="button" onClick={() => setBefore((b) => b.slice(0, -1))}>
                  <FormattedMessage id="audit.newer" />
                </button>
              )}
              {nextBefore && (
                <button type="button" onClick={() => setBefore((b) => [...b, nextBefore])}>
                  <FormattedMessage id="audit.older" />
                </button>
              )}
            </p>
          </section>
        )}
      </Loaded>
    </>
  );
}
