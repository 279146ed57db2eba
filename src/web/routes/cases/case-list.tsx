// The caseload: for a coordinator, every case the agency leads; for a caseworker, the people
// referred to the organisation. Filters live in the address; pseudonyms only (no names here).
import type { FormEvent } from 'react';
import { FormattedDate, FormattedMessage, useIntl } from 'react-intl';
import { Link, useSearchParams } from 'react-router';
import { AGE_BANDS, CATEGORIES, SEXES } from '../../../modules/cases/schema.ts';
import { useMe } from '../../api/session.tsx';
import { client, data, useLoad, type Answer, type Query } from '../../api/typed.ts';
import { DataTable, type Column } from '../../components/data-table.tsx';
import { SelectField, TextField } from '../../components/fields.tsx';
import { Loaded } from '../../components/loaded.tsx';
import { ArrowRight, Plus } from 'lucide-react';
import { Icon } from '../../components/icon.tsx';

const FILTERS = ['q', 'status', 'category', 'sex', 'ageBand', 'relation'] as const;
const PAGE = 50;

export function CaseListPage() {
  const intl = useIntl();
  const me = useMe();
  const [params, setParams] = useSearchParams();
  const query = new URLSearchParams();
  for (const f of FILTERS) {
    const v = params.get(f);
    if (v) query.set(f, v);
  }
  // Pages follow cursors (the server's `next` and `previous`), not offsets: each page is read
  // along an index from where the last one ended.
  for (const c of ['after', 'before'] as const) {
    const v = params.get(c);
    if (v) query.set(c, v);
  }
  query.set('limit', String(PAGE));
  const queryKey = query.toString();
  const state = useLoad(() => data(client.GET('/api/cases', { params: { query: Object.fromEntries(query) as Query<'/api/cases'> } })), [queryKey]);
  const any = intl.formatMessage({ id: 'directory.any' });

  function search(e: FormEvent<HTMLFormElement>) {
    e.preventDefault();
    const form = new FormData(e.currentTarget);
    const next = new URLSearchParams();
    for (const f of FILTERS) {
      const v = form.get(f);
      if (typeof v === 'string' && v.trim()) next.set(f, v.trim());
    }
    setParams(next);
  }
  const page = (direction: 'after' | 'before', cursor: string) => {
    const next = new URLSearchParams(params);
    next.delete('after');
    next.delete('before');
    next.set(direction, cursor);
    setParams(next);
  };

  const columns: Column<Answer<'/api/cases'>['cases'][number]>[] = [
    {
      header: 'cases.number',
      cell: (c) => (
        <Link to={`/cases/${c.id}`} className="nowrap" dir="ltr">
          {c.caseNumber}
        </Link>
      ),
    },
    { header: 'cases.alias', cell: (c) => c.alias },
    { header: 'cases.person', cell: (c) => <span className="nowrap">{intl.formatList([intl.formatMessage({ id: `sex.${c.sex}` }), c.ageBand], { type: 'unit', style: 'short' })}</span> },
    { header: 'cases.category', cell: (c) => <FormattedMessage id={`caseCategory.${c.category}`} /> },
    { header: 'cases.lead', cell: (c) => (c.relation === 'lead' ? <FormattedMessage id="cases.weLead" /> : c.leadOrgName) },
    { header: 'members.status', cell: (c) => <FormattedMessage id={`caseStatus.${c.status}`} /> },
    { header: 'cases.updated', cell: (c) => <FormattedDate value={c.updatedAt} dateStyle="medium" /> },
  ];
  return (
    <>
      <h1 tabIndex={-1}>
        <FormattedMessage id="cases.title" />
      </h1>
      {me.abilities.includes('cases.coordinate') && (
        <p className="row-actions">
          <Link to="/cases/new" className="button primary">
            <Icon of={Plus} />
            <FormattedMessage id="cases.new" />
          </Link>
          <Link to="/cases/import" className="button">
            <FormattedMessage id="caseImport.link" />
          </Link>
        </p>
      )}
      <form className="filters" onSubmit={search} role="search" aria-label={intl.formatMessage({ id: 'directory.filters' })}>
        <TextField name="q" label="cases.search" defaultValue={params.get('q')} maxLength={80} />
        <SelectField name="status" label="members.status" blank={any} defaultValue={params.get('status') ?? ''} options={(['open', 'closed'] as const).map((s) => ({ value: s, label: intl.formatMessage({ id: `caseStatus.${s}` }) }))} />
        <SelectField name="category" label="cases.category" blank={any} defaultValue={params.get('category') ?? ''} options={CATEGORIES.map((c) => ({ value: c, label: intl.formatMessage({ id: `caseCategory.${c}` }) }))} />
        <SelectField name="sex" label="cases.sex" blank={any} defaultValue={params.get('sex') ?? ''} options={SEXES.map((s) => ({ value: s, label: intl.formatMessage({ id: `sex.${s}` }) }))} />
        <SelectField name="ageBand" label="cases.ageBand" blank={any} defaultValue={params.get('ageBand') ?? ''} options={AGE_BANDS.map((a) => ({ value: a, label: a }))} />
        <SelectField name="relation" label="cases.relation" blank={any} defaultValue={params.get('relation') ?? ''} options={(['lead', 'team'] as const).map((r) => ({ value: r, label: intl.formatMessage({ id: `caseRelation.${r}` }) }))} />
        <button type="submit" className="primary">
          <FormattedMessage id="directory.search" />
        </button>
      </form>
      <Loaded state={state}>
        {({ cases, total, totalCapped, next, previous }) => (
          <section aria-labelledby="case-results">
            <h2 id="case-results">
              <FormattedMessage id={totalCapped ? 'cases.countCapped' : 'cases.count'} values={{ count: total }} />
            </h2>
            {cases.length > 0 && <DataTable labelledBy="case-results" caption="cases.title" columns={columns} rows={cases} rowKey={(c) => c.id} />}
            <p className="pager">
              {previous && (
                <button type="button" onClick={() => page('before', previous)}>
                  <FormattedMessage id="cases.previous" />
                </button>
              )}
              {next && (
                <button type="button" onClick={() => page('after', next)}>
                  <Icon of={ArrowRight} directional />
                  <FormattedMessage id="cases.next" />
                </button>
              )}
            </p>
          </section>
        )}
      </Loaded>
    </>
  );
}
