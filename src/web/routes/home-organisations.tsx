import { FormattedMessage } from 'react-intl';
import { client, data, useLoad, type Answer } from '../api/typed.ts';
import { DataTable, type Column } from '../components/data-table.tsx';
import { Loaded } from '../components/loaded.tsx';

const COLUMNS: Column<Answer<'/api/organisations'>['organisations'][number]>[] = [
  { header: 'organisations.name', cell: (o) => o.name },
  { header: 'organisations.type', cell: (o) => <FormattedMessage id={`orgType.${o.type}`} /> },
  { header: 'organisations.womenLed', cell: (o) => <FormattedMessage id={o.womenLed ? 'common.yes' : 'common.no'} /> },
  { header: 'organisations.visibility', cell: (o) => <FormattedMessage id={`visibility.${o.visibility}`} /> },
];

export function OrganisationsPanel() {
  const state = useLoad(() => data(client.GET('/api/organisations')), []);
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
