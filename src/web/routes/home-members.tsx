import { FormattedMessage } from 'react-intl';
import { client, data, useLoad, type Answer } from '../api/typed.ts';
import { DataTable, type Column } from '../components/data-table.tsx';
import { Loaded } from '../components/loaded.tsx';
import { RoleTags } from '../components/role-tags.tsx';

type Member = Answer<'/api/organisations/current/members'>['members'][number];

const COLUMNS: Column<Member>[] = [
  { header: 'members.name', cell: (m) => m.displayName },
  { header: 'members.email', cell: (m) => <span dir="ltr">{m.email}</span> },
  { header: 'members.roles', cell: (m) => <RoleTags roles={m.roles} /> },
  { header: 'members.status', cell: (m) => <FormattedMessage id={`status.${m.status}`} /> },
];

export function MembersPanel() {
  const state = useLoad(() => data(client.GET('/api/organisations/current/members')), []);
  return (
    <Loaded state={state}>
      {({ members }) => (
        <DataTable labelledBy="home-members" caption="home.members.title" columns={COLUMNS} rows={members} rowKey={(m) => m.userId} />
      )}
    </Loaded>
  );
}
