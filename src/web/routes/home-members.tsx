import { FormattedMessage } from 'react-intl';
import type { MemberView } from '../../modules/identity/schema.ts';
import { useApi } from '../api/use-api.ts';
import { DataTable, type Column } from '../components/data-table.tsx';
import { Loaded } from '../components/loaded.tsx';
import { RoleTags } from '../components/role-tags.tsx';

type Member = MemberView;

const COLUMNS: Column<Member>[] = [
  { header: 'members.name', cell: (m) => m.displayName },
  { header: 'members.email', cell: (m) => <span dir="ltr">{m.email}</span> },
  { header: 'members.roles', cell: (m) => <RoleTags roles={m.roles} /> },
  { header: 'members.status', cell: (m) => <FormattedMessage id={`status.${m.status}`} /> },
];

export function MembersPanel() {
  const state = useApi<{ members: Member[] }>('/api/organisations/current/members');
  return (
    <Loaded state={state}>
      {({ members }) => (
        <DataTable labelledBy="home-members" caption="home.members.title" columns={COLUMNS} rows={members} rowKey={(m) => m.userId} />
      )}
    </Loaded>
  );
}
