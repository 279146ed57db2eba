// Domain errors carry a stable code and no HTTP; `problemFor` is the one place that maps them
// to application/problem+json responses. Responses never carry stack traces, SQL or personal data.
import type { FieldError } from './field-codes.ts';

export const ERROR_STATUS = {
  validation_failed: 400,
  malformed_request: 400,
  unauthenticated: 401,
  invalid_credentials: 401,
  forbidden: 403,
  mfa_required: 403,
  csrf_invalid: 403,
  not_found: 404,
  method_not_allowed: 405,
  request_timeout: 408,
  conflict: 409,
  payload_too_large: 413,
  uri_too_long: 414,
  unsupported_media_type: 415,
  unprocessable: 422,
  rate_limited: 429,
  headers_too_large: 431,
  internal: 500,
  unavailable: 503,
} as const;

export type ErrorCode = keyof typeof ERROR_STATUS;

// Each field's problem: a code of field-codes.ts, its parameters, and an English sentence.
export type { FieldError };

export class DomainError extends Error {
  readonly code: ErrorCode;
  readonly fields: FieldError[] | undefined;

  constructor(code: ErrorCode, message?: string, fields?: FieldError[]) {
    super(message ?? TITLES[code]);
    this.code = code;
    this.fields = fields;
  }
}

const TITLES: Record<ErrorCode, string> = {
  validation_failed: 'The request has invalid fields',
  malformed_request: 'The request could not be read',
  unauthenticated: 'Sign-in required',
  invalid_credentials: 'The e-mail address or password is not correct',
  forbidden: 'This action is not allowed for your role',
  mfa_required: 'A second factor is required first',
  csrf_invalid: 'The request is missing a valid anti-forgery token',
  not_found: 'Not found',
  method_not_allowed: 'Method not allowed',
  request_timeout: 'The request took too long to arrive',
  conflict: 'This conflicts with existing data',
  payload_too_large: 'The request body is too large',
  uri_too_long: 'The address is too long',
  unsupported_media_type: 'Unsupported content type',
  unprocessable: 'The request cannot be carried out',
  rate_limited: 'Too many requests; try again shortly',
  headers_too_large: 'The request headers are too large',
  internal: 'Something went wrong on our side',
  unavailable: 'The service is temporarily unavailable',
};

export type Problem = {
  type: string;
  title: string;
  status: number;
  code: ErrorCode;
  detail?: string;
  instance?: string;
  errors?: FieldError[];
};

export function problem(code: ErrorCode, requestId: string, detail?: string, errors?: FieldError[]): Problem {
  return {
    type: `urn:tandem:problem:${code}`,
    title: TITLES[code],
    status: ERROR_STATUS[code],
    code,
    ...(detail && detail !== TITLES[code] ? { detail } : {}),
    instance: requestId,
    ...(errors ? { errors } : {}),
  };
}

/** PostgreSQL error codes that mean the client sent something the database refused. */
const SQLSTATE_CODES: Record<string, ErrorCode> = {
  '23505': 'conflict', // unique_violation
  '23503': 'unprocessable', // foreign_key_violation
  '23514': 'unprocessable', // check_violation
  '23502': 'unprocessable', // not_null_violation
  '22P02': 'validation_failed', // invalid_text_representation
  '22001': 'validation_failed', // string_data_right_truncation
  '22003': 'validation_failed', // numeric_value_out_of_range
  '22007': 'validation_failed', // invalid_datetime_format
  '22008': 'validation_failed', // datetime_field_overflow (e.g. a year 0)
  '22021': 'validation_failed', // character_not_in_repertoire (e.g. a NUL in a text)
  '42501': 'not_found', // insufficient_privilege, incl. row-level security: reveal nothing
};

export function codeForDatabaseError(error: unknown): ErrorCode | undefined {
  const sqlstate = (error as { code?: unknown }).code;
  return typeof sqlstate === 'string' ? SQLSTATE_CODES[sqlstate] : undefined;
}
