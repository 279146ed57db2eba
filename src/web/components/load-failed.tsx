import { FormattedMessage } from 'react-intl';

export function LoadFailed(props: { onRetry: () => void }) {
  return (
    <div className="load-failed" role="alert">
      <p>
        <FormattedMessage id="error.network" />
      </p>
      <button type="button" onClick={props.onRetry}>
        <FormattedMessage id="common.retry" />
      </button>
    </div>
  );
}
