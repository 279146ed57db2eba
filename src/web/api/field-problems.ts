// Which message says what the server found wrong with one field: each field error of a
// problem document carries a code of the server's list (field-codes.ts) and its parameters, and
// the message "field.<code>" says it with them. A code this page does not know, or one sent
// without the parameters its message needs, gets the general "check this field".
import { FIELD_CODES, isFieldCode } from '../../platform/http/field-codes.ts';
import type { IntlShape } from 'react-intl';
import type { ProblemField } from './client.ts';

/** A message id and the values it is formatted with. */
export type FieldProblem = { id: string; values?: Record<string, string | number> };

const GENERAL: FieldProblem = { id: 'field.invalid' };

/** The message for one field error. */
export function problemOf(field: ProblemField): FieldProblem {
  if (!isFieldCode(field.code)) return GENERAL;
  const needed: readonly string[] = FIELD_CODES[field.code];
  const params = field.params ?? {};
  if (!needed.every((p) => typeof params[p] === 'string' || typeof params[p] === 'number')) return GENERAL;
  return needed.length > 0 ? { id: `field.${field.code}`, values: params } : { id: `field.${field.code}` };
}

/** The message for the first problem the server reported for `path` (a body field), or null. */
export function fieldError(fields: readonly ProblemField[] | undefined, path: string): FieldProblem | null {
  const found = fields?.find((f) => f.path === `body.${path}` || f.path.startsWith(`body.${path}.`));
  return found ? problemOf(found) : null;
}

/** Parameters whose value is a code with words of its own (a data category, a unit…): the prefix of those words. */
const WORDED: Record<string, string> = {
  category: 'category',
  unit: 'results.unit',
  frequency: 'results.frequency',
  dimension: 'results.dimension',
};

/** The problem's values, those that are codes with words of their own put into words ("identity" becomes "Identity"). */
export function wordedValues(problem: FieldProblem, intl: Pick<IntlShape, 'messages' | 'formatMessage'>): Record<string, string | number> {
  return Object.fromEntries(
    Object.entries(problem.values ?? {}).map(([name, value]) => {
      const id = WORDED[name] ? `${WORDED[name]}.${value}` : undefined;
      return [name, id && intl.messages[id] !== undefined ? intl.formatMessage({ id }) : value];
    }),
  );
}
