import { FormattedMessage } from 'react-intl';

/** One-time recovery codes, shown once: the person writes them down or prints the page. */
export function RecoveryCodes(props: { codes: string[] }) {
  return (
    <div className="recovery-codes">
      <p>
        <strong>
          <FormattedMessage id="mfa.recoveryIntro" />
        </strong>
      </p>
      <ul dir="ltr" data-testid="recovery-codes">
        {props.codes.map((c) => (
          <li key={c}>
            <code>{c}</code>
          </li>
        ))}
      </ul>
      <button type="button" onClick={() => window.print()}>
        <FormattedMessage id="mfa.print" />
      </button>
    </div>
  );
}
