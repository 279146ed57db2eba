import type { ReactNode } from 'react';
import { FormattedMessage } from 'react-intl';
import { errorMessageId } from '../api/client.ts';
import type { Loadable } from '../api/typed.ts';
import { Loading } from './loading.tsx';
import { CircleExclamationPoint } from 'lucide-react';
import { Icon } from './icon.tsx';

/** Shows a loading state, a failure with a retry button, or the loaded content. */
export function Loaded<T>(props: { state: Loadable<T>; children: (data: T) => ReactNode }) {
  const { state } = props;
  if (state.status === 'loading') return <Loading />;
  if (state.status === 'failed') {
    return (
      <div role="alert" className="form-error">
        <p>
          <Icon of={CircleExclamationPoint} />
          <FormattedMessage id={errorMessageId(state.error)} />
        </p>
        <button type="button" onClick={state.retry}>
          <FormattedMessage id="common.retry" />
        </button>
      </div>
    );
  }
  return <>{props.children(state.data)}</>;
}
