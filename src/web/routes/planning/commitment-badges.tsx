// How a completion level and a disagreement are shown, signed in and on the public pages: always
// in words, with a sign for the disagreement, so that nothing depends on colour.
import { FormattedMessage } from 'react-intl';
import type { CompletionLevel } from '../../../modules/planning/schema.ts';
import { EqualNot } from 'lucide-react';
import { Icon } from '../../components/icon.tsx';

export function Completion(props: { level: CompletionLevel | null }) {
  if (props.level === null) {
    return (
      <span className="meta">
        <FormattedMessage id="commitments.notAssessed" />
      </span>
    );
  }
  return (
    <span className={`tag completion-${props.level}`}>
      <FormattedMessage id={`commitments.completion.${props.level}`} />
    </span>
  );
}

export function Disagreement() {
  return (
    <span className="tag overdue">
      <Icon of={EqualNot} />
      <FormattedMessage id="commitments.disagreement" />
    </span>
  );
}
