// What is wrong with one field of a refused request, as a stable code with named parameters:
// `errors[].code` and `errors[].params` of a problem document. This list is the contract with
// API users and with the web app, which has a message for every code in every interface
// language (a unit test reads this list): a refusal uses a code from here, and a new code comes
// with its messages. Beside the code, `message` stays an English sentence for people reading
// the API and for logs; clients translate the code, never the sentence.
//
// Each code names its parameters. Parameters whose value is itself a code (a data category,
// a unit, a frequency, a reason) are sent as that code, for the client to put into words.

export const FIELD_CODES = {
  // Any input.
  /** Missing, empty, or only spaces. */
  required: [],
  /** Not of the kind expected (the catch-all). */
  invalid: [],
  /** Not one of the values offered here (an option, or a record this field may point to). */
  invalid_choice: [],
  /** Not in the expected form; `format`: email, url, uuid, date, datetime or pattern. */
  invalid_format: ['format'],
  /** A text shorter than `min` characters. */
  too_short: ['min'],
  /** A text longer than `max` characters. */
  too_long: ['max'],
  /** A list with fewer than `min` items. */
  too_few: ['min'],
  /** A list with more than `max` items. */
  too_many: ['max'],
  /** A number below `min`. */
  too_small: ['min'],
  /** A number above `max`. */
  too_big: ['max'],
  /** A number that must be more than `min` (`min` itself refused). */
  more_than: ['min'],
  /** A number that must be less than `max` (`max` itself refused). */
  less_than: ['max'],
  /** A number that must be whole. */
  whole_number: [],
  /** A number with more than `max` decimals. */
  decimals: ['max'],
  /** A date outside the years `min` to `max`. */
  year_range: ['min', 'max'],
  /** A list naming the same item twice. */
  not_unique: [],
  /** A text holding control characters or direction overrides. */
  control_characters: [],
  /** A single-line text holding tabs or line breaks. */
  single_line: [],
  /** A change that changes nothing. */
  no_change: [],
  /** Does not agree with other fields of the same request. */
  inconsistent: [],

  // Dates.
  /** Ends (or closes) before it starts (or opens). */
  order: [],
  /** A date of something done that lies in the future. */
  in_future: [],
  /** A date that must be after today and at most `days` days ahead. */
  date_window: ['days'],
  /** A new closing date that is not later than the current one, or not in the future. */
  later_deadline: [],

  // Records the field points to.
  /** Already used by another record. */
  taken: [],
  /** Not part of this plan. */
  not_in_plan: [],
  /** Not part of this consultation. */
  not_in_consultation: [],
  /** Not of the country concerned (an organisation, a region, a record). */
  not_in_country: [],
  /** A country that is not the country of the caller's organisation. */
  not_your_country: [],
  /** An organisation that is not on the case team. */
  not_on_team: [],
  /** A person who is not a caseworker of the responsible organisation. */
  not_caseworker: [],
  /** The caller's own organisation, where another one is needed. */
  own_organisation: [],
  /** No organisation receives reports about this country yet. */
  no_desk: [],
  /** No active account has this e-mail address. */
  no_account: [],

  // Cases.
  /** No consent or other legal basis in force covers the data `category`. */
  consent_missing: ['category'],
  /** No partnership agreement in force covers the data `category`. */
  agreement_missing: ['category'],
  /** A child's consent is given by a guardian. */
  guardian_consent: [],
  /** Consent as the legal basis needs who gave it (the person or a guardian). */
  consent_giver: [],
  /** Only a done action has a completion date. */
  only_when_done: [],

  // Planning, results and funding.
  /** A meeting place or time needs the meeting mode. */
  needs_meeting_mode: [],
  /** The plan takes contributions from organisations only. */
  organisations_only: [],
  /** Not a period of the indicator's reporting `frequency`. */
  period_format: ['frequency'],
  /** The indicator's catalogue function gives values in `unit`. */
  unit_mismatch: ['unit'],
  /** A numerator larger than its denominator. */
  over_denominator: [],
  /** The groups of `dimension` do not add up to the total. */
  sum_mismatch: ['dimension'],
  /** The weights of the criteria must add up to `total`. */
  weights_total: ['total'],
  /** A budget above the call's ceiling of `max` (in `currency`). */
  over_ceiling: ['max', 'currency'],

  // Files and web addresses.
  /** An empty file. */
  file_empty: [],
  /** A file of a kind this upload does not take. */
  file_type: [],
  /** A file that cannot be read; `reason` says why (damaged, encrypted, or a reason of the CSV import). */
  file_unreadable: ['reason'],
  /** A web address that may not be used; `reason`: https, credentials or private_network. */
  url_refused: ['reason'],

  // New passwords.
  /** Shorter than `min` characters. */
  password_too_short: ['min'],
  /** Longer than `max` characters. */
  password_too_long: ['max'],
  /** A commonly used password. */
  password_common: [],
  /** Built from the person's name or e-mail address. */
  password_personal: [],
  /** A repetition or a simple sequence. */
  password_repetitive: [],
} as const satisfies Record<string, readonly string[]>;

export type FieldCode = keyof typeof FIELD_CODES;

type ParamName<C extends FieldCode> = (typeof FIELD_CODES)[C][number];
type ParamValue = string | number;

/**
 * One field's problem. A code with parameters must be sent with them, a code without none:
 * `{ path: 'body.dataCategories', message: 'no consent covers identity', code: 'consent_missing', params: { category: 'identity' } }`.
 */
export type FieldError = {
  [C in FieldCode]: { path: string; message: string; code: C } & ([ParamName<C>] extends [never] ? { params?: undefined } : { params: Record<ParamName<C>, ParamValue> });
}[FieldCode];

/** What is wrong, before it is said of which field: a field error without its path. */
export type FieldReason = FieldError extends infer E ? (E extends unknown ? Omit<E, 'path'> : never) : never;

/** A field error whose code was worked out at run time (from a zod issue); the caller keeps to FIELD_CODES. */
export const looseFieldError = (path: string, message: string, code: FieldCode, params?: Record<string, ParamValue>): FieldError =>
  ({ path, message, code, ...(params ? { params } : {}) }) as FieldError;

export const isFieldCode = (code: unknown): code is FieldCode => typeof code === 'string' && Object.hasOwn(FIELD_CODES, code);

/**
 * The options of a zod refinement whose failure carries a field code:
 * `.refine(inOrder, rule('order', 'ends on or after it starts', ['endsOn']))`. The validation
 * error handler reads the code from the params.
 */
export function rule<C extends FieldCode>(
  code: C,
  message: string,
  path?: Array<string | number>,
  ...params: [ParamName<C>] extends [never] ? [] : [Record<ParamName<C>, ParamValue>]
): { message: string; path?: Array<string | number>; params: Record<string, ParamValue> } {
  return { message, ...(path ? { path } : {}), params: { ...params[0], code } };
}
