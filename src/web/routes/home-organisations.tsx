import { FormattedMessage } from 'react-intl';
import type { OrganisationSummary } from '../../modules/orgs/schema.ts';
import { useApi } from '../api/use-api.ts';
import { Loaded } from '../components/loaded.tsx';
import { TableScroll } from '../components/table-scroll.tsx';

export function OrganisationsPanel() {
  const state = useApi<{ organisations: OrganisationSummary[] }>('/api/organisations');
  return (
    <Loaded state={state}>
      {({ organisations }) => (
        <>
          <p>
            <FormattedMessage id="organisations.count" values={{ count: organisations.length }} />
          </p>
          <TableScroll labelledBy="home-organisations">
            <table>
              <caption className="visually-hidden">
                <FormattedMessage id="home.organisations.title" />
              </caption>
              <thead>
                <tr>
                  <th scope="col">
                    <FormattedMessage id="organisations.name" />
                  </th>
                  <th scope="col">
                    <FormattedMessage id="organisations.type" />
                  </th>
                  <th scope="col">
                    <FormattedMessage id="organisations.womenLed" />
                  </th>
                  <th scope="col">
                    <FormattedMessage id="organisations.visibility" />
                  </th>
                </tr>
              </thead>
              <tbody>
                {organisations.map((o) => (
                  <tr key={o.id}>
                    <td>{o.name}</td>
                    <td>
                      <FormattedMessage id={`orgType.${o.type}`} />
                    </td>
                    <td>
                      <FormattedMessage id={o.womenLed ? 'common.yes' : 'common.no'} />
                    </td>
                    <td>
                      <FormattedMessage id={`visibility.${o.visibility}`} />
                    </td>
                  </tr>
                ))}
              </tbody>
            </table>
          </TableScroll>
        </>
      )}
    </Loaded>
  );
}
