// Structured logs without personal data: cookies, tokens and credentials are redacted, request
// bodies are never logged, and database errors are reduced to their code and the names of the
// schema objects involved (their messages and details can quote the values of a row).
import type { FastifyServerOptions } from 'fastify';
import { prettyDestination } from './log-format.ts';

const REDACT = [
  'req.headers.cookie',
  'req.headers.authorization',
  'req.headers["x-csrf-token"]',
  'res.headers["set-cookie"]',
  '*.password',
  '*.email',
  '*.token',
  '*.secretAccessKey',
  '*.TANDEM_FILES_S3_SECRET_ACCESS_KEY',
];

export function loggerOptions(level: string, format: 'json' | 'pretty' = 'json'): FastifyServerOptions['logger'] {
  return {
    level,
    redact: { paths: REDACT, censor: '[redacted]' },
    serializers: { err: serializeError as (err: Error) => never },
    ...(format === 'pretty' ? { stream: prettyDestination(process.stdout, { allRequests: level === 'debug' || level === 'trace' }) } : {}),
  };
}

type DbErrorLike = Error & {
  code?: unknown;
  severity?: unknown;
  table?: unknown;
  column?: unknown;
  constraint?: unknown;
  routine?: unknown;
};

/** Keeps what helps an operator (type, code, schema object names, stack) and nothing quoted. */
export function serializeError(error: unknown): Record<string, unknown> {
  if (!(error instanceof Error)) return { message: 'non-error thrown' };
  const e = error as DbErrorLike;
  const isDatabaseError = typeof e.severity === 'string' && typeof e.code === 'string';
  return {
    type: e.name,
    message: isDatabaseError ? withoutQuotedValues(e.message) : e.message,
    ...(typeof e.code === 'string' ? { code: e.code } : {}),
    ...(isDatabaseError ? { table: e.table, column: e.column, constraint: e.constraint, routine: e.routine } : {}),
    // The stack's first line repeats the message, so it is dropped with the message's values.
    stack: e.stack?.split('\n').slice(1, 12).join('\n'),
    ...(e.cause ? { cause: serializeError(e.cause) } : {}),
  };
}

function withoutQuotedValues(message: string): string {
  return message.replace(/"[^"]*"|'[^']*'|\([^)]*\)=\([^)]*\)/g, '…');
}
