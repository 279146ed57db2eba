import { FormattedMessage } from 'react-intl';
import type { Role } from '../../platform/auth/roles.ts';

export function RoleTags(props: { roles: readonly Role[] }) {
  return (
    <>
      {props.roles.map((r) => (
        <span key={r} className="tag">
          <FormattedMessage id={`role.${r}`} />
        </span>
      ))}
    </>
  );
}
