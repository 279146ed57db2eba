// A field's problem as text in the person's language (the message and its values come from
// api/field-problems.ts).
import { FormattedMessage, useIntl } from 'react-intl';
import { wordedValues, type FieldProblem } from '../api/field-problems.ts';

export { fieldError, problemOf, type FieldProblem } from '../api/field-problems.ts';

/** The problem as text; parameter values that are codes are said in words. */
export function ProblemText(props: { problem: FieldProblem }) {
  const intl = useIntl();
  return <FormattedMessage id={props.problem.id} values={wordedValues(props.problem, intl)} />;
}
