// The audit trail for a data protection officer: filters in the address, newest first, page by
// page, and the same selection as a CSV file. Each search and export is itself recorded.
import { useState, type FormEvent } from 'react';
import { FormattedDate, FormattedMessage, useIntl } from 'react-intl';
import { Link, useSearchParams } from 'react-router';
import { AUDIT_ACTIONS, AUDIT_AREAS, AUDIT_SUBJECTS, areaOf, isAuditAction, isAuditSubject } from '../../modules/audit/actions.ts';
import { client, data, useLoad, type Answer, type Query } from '../api/typed.ts';
import { DataTable, type Column } from '../components/data-table.tsx';
import { SelectField, TextField } from '../components/fields.tsx';
import { Loaded } from '../components/loaded.tsx';
import { ArrowRight, Download } from 'lucide-react';
import { Icon } from '../components/icon.tsx';

// The person filter is set by choosing a name in the results; the identifier is not typed.
const FILTERS = ['action', 'outcome', 'user', 'subjectType', 'caseNumber', 'from', 'to'] as const;

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
  const pageKey = pageQuery.toString();
  const state = useLoad(() => data(client.GET('/api/audit', { params: { query: Object.fromEntries(pageQuery) as Query<'/api/audit'> } })), [pageKey]);

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

  const withFilter = (name: string, value: string) => {
    const next = new URLSearchParams(query);
    next.set(name, value);
    return `?${next}`;
  };
  const columns: Column<AuditEventView>[] = [
    {
      header: 'audit.when',
      cell: (e) => (
        <time dateTime={e.occurredAt}>
          <FormattedDate value={e.occurredAt} dateStyle="medium" timeStyle="short" />
        </time>
      ),
    },
    {
      header: 'audit.who',
      cell: (e) =>
        e.actorUserId ? (
          <Link to={withFilter('user', e.actorUserId)} onClick={() => setBefore([])} title={intl.formatMessage({ id: 'audit.onlyThisPerson' })}>
            <bdi>{e.actorName ?? intl.formatMessage({ id: 'audit.someone' })}</bdi>
          </Link>
        ) : (
          <FormattedMessage id="audit.nobody" />
        ),
    },
    { header: 'audit.action', cell: (e) => (isAuditAction(e.action) ? <FormattedMessage id={`auditAction.${e.action}`} /> : <code dir="ltr">{e.action}</code>) },
    { header: 'audit.outcome', cell: (e) => <FormattedMessage id={`auditOutcome.${e.outcome}`} /> },
    { header: 'audit.record', cell: (e) => <RecordCell event={e} /> },
    { header: 'audit.sealed', cell: (e) => <FormattedMessage id={e.sealed ? 'common.yes' : 'audit.pending'} /> },
  ];
  const actionLabel = (a: string) => intl.formatMessage({ id: `auditAction.${a}` });
  const actionGroups = AUDIT_AREAS.map((area) => ({
    label: intl.formatMessage({ id: `auditArea.${area}` }),
    options: [
      { value: area, label: intl.formatMessage({ id: 'audit.allOfArea' }, { area: intl.formatMessage({ id: `auditArea.${area}` }) }) },
      ...AUDIT_ACTIONS.filter((a) => areaOf(a) === area)
        .map((a) => ({ value: a, label: actionLabel(a) }))
        .sort((x, y) => x.label.localeCompare(y.label, intl.locale)),
    ],
  }));
  const subjectOptions = AUDIT_SUBJECTS.map((t) => ({ value: t, label: intl.formatMessage({ id: `auditSubject.${t}` }) })).sort((x, y) =>
    x.label.localeCompare(y.label, intl.locale),
  );
  const person = params.get('user');
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
        <SelectField name="action" label="audit.action" blank={any} options={[]} groups={actionGroups} defaultValue={params.get('action') ?? ''} />
        <SelectField
          name="outcome"
          label="audit.outcome"
          blank={any}
          defaultValue={params.get('outcome') ?? ''}
          options={(['success', 'denied', 'failure'] as const).map((o) => ({ value: o, label: intl.formatMessage({ id: `auditOutcome.${o}` }) }))}
        />
        <SelectField name="subjectType" label="audit.recordType" blank={any} options={subjectOptions} defaultValue={params.get('subjectType') ?? ''} />
        <TextField name="caseNumber" label="audit.caseNumber" hint="audit.caseNumberHint" defaultValue={params.get('caseNumber')} maxLength={40} dir="ltr" />
        {person && <input type="hidden" name="user" value={person} />}
        <TextField name="from" type="date" label="audit.from" defaultValue={params.get('from')} />
        <TextField name="to" type="date" label="audit.to" defaultValue={params.get('to')} />
        <button type="submit" className="primary">
          <FormattedMessage id="directory.search" />
        </button>
      </form>
      {person && (
        <p>
          <FormattedMessage id="audit.onePerson" />{' '}
          <Link
            to={(() => {
              const next = new URLSearchParams(query);
              next.delete('user');
              return `?${next}`;
            })()}
          >
            <FormattedMessage id="audit.everyone" />
          </Link>
        </p>
      )}
      <p>
        <a href={`/api/audit/export?${query}`} download>
          <Icon of={Download} />
          <FormattedMessage id="audit.export" />
        </a>
      </p>
      <Loaded state={state}>
        {({ events, nextBefore, total, totalCapped }) => (
          <section aria-labelledby="audit-results">
            <h2 id="audit-results" className="visually-hidden">
              <FormattedMessage id="audit.results" />
            </h2>
            {events.length > 0 && (
              <p>
                <FormattedMessage id={totalCapped ? 'audit.countCapped' : 'audit.count'} values={{ count: total }} />
              </p>
            )}
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
                  <Icon of={ArrowRight} directional />
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

/** The record an event concerns, in words: a case's number (a link to it), a name, or its kind. */
type AuditEventView = Answer<'/api/audit'>['events'][number];

function RecordCell({ event: e }: { event: AuditEventView }) {
  if (!e.subjectType) return <>—</>;
  const kind = isAuditSubject(e.subjectType) ? <FormattedMessage id={`auditSubject.${e.subjectType}`} /> : <code dir="ltr">{e.subjectType}</code>;
  if (!e.subjectLabel) return kind;
  return (
    <>
      {kind}:{' '}
      {e.subjectType === 'case' ? (
        <Link to={`/cases/${e.subjectId}`} dir="ltr">
          {e.subjectLabel}
        </Link>
      ) : (
        <bdi>{e.subjectLabel}</bdi>
      )}
    </>
  );
}
