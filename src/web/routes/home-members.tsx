import { FormattedMessage } from 'react-intl';
import type { z } from 'zod';
import type { memberView } from '../../modules/orgs/schema.ts';
import { useApi } from '../api/use-api.ts';
import { Loaded } from '../components/loaded.tsx';
import { TableScroll } from '../components/table-scroll.tsx';

type Member = z.infer<typeof memberView>;

export function MembersPanel() {
  const state = useApi<{ members: Member[] }>('/api/organisations/current/members');
  return (
    <Loaded state={state}>
      {({ members }) => (
        <TableScroll labelledBy="home-members">
          <table>
            <caption className="visually-hidden">
              <FormattedMessage id="home.members.title" />
            </caption>
            <thead>
              <tr>
                <th scope="col">
                  <FormattedMessage id="members.name" />
                </th>
                <th scope="col">
                  <FormattedMessage id="members.email" />
                </th>
                <th scope="col">
                  <FormattedMessage id="members.roles" />
                </th>
                <th scope="col">
                  <FormattedMessage id="members.status" />
                </th>
              </tr>
            </thead>
            <tbody>
              {members.map((m) => (
                <tr key={m.userId}>
                  <td>{m.displayName}</td>
                  <td dir="ltr">{m.email}</td>
                  <td>
                    {m.roles.map((r) => (
                      <span key={r} className="tag">
                        <FormattedMessage id={`role.${r}`} />
                      </span>
                    ))}
                  </td>
                  <td>
                    <FormattedMessage id={`status.${m.status}`} />
                  </td>
                </tr>
              ))}
            </tbody>
          </table>
        </TableScroll>
      )}
    </Loaded>
  );
}
