import { FormattedMessage } from 'react-intl';
import type { OrganisationSummary } from '../../modules/orgs/schema.ts';
import { useApi } from '../api/use-api.ts';
import { DataTable, type Column } from '../components/data-table.tsx';
import { Loaded } from '../components/loaded.tsx';

const COLUMNS: Column<OrganisationSummary>[] = [
  { header: 'organisations.name', cell: (o) => o.name },
  { header: 'organisations.type', cell: (o) => <FormattedMessage id={`orgType.${o.type}`} /> },
  { header: 'organisations.womenLed', cell: (o) => <FormattedMessage id={o.womenLed ? 'common.yes' : 'common.no'} /> },
  { header: 'organisations.visibility', cell: (o) => <FormattedMessage id={`visibility.${o.visibility}`} /> },
];

export function OrganisationsPanel() {
  const state = useApi<{ organisations: OrganisationSummary[] }>('/api/organisations');
  return (
    <Loaded state={state}>
      {({ organisations }) => (
        <>
          <p>
            <FormattedMessage id="organisations.count" values={{ count: organisations.length }} />
          </p>
          <DataTable
            labelledBy="home-organisations"
            caption="home.organisations.title"
            columns={COLUMNS}
            rows={organisations}
            rowKey={(o) => o.id}
          />
        </>
      )}
    </Loaded>
  );
}
