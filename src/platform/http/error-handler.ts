// Turns every error into an application/problem+json response with a stable code: the route
// handlers' and hooks', Fastify's own (bad URL, body, content type…, through frameworkErrors),
// and those of Node's HTTP parser before any request exists (clientErrorHandler). Client
// mistakes get a 4xx naming what was wrong, never echoing what was sent; anything else is logged
// and answered with a bare 500.
import { randomUUID } from 'node:crypto';
import type { Socket } from 'node:net';
import type { FastifyError, FastifyReply, FastifyRequest } from 'fastify';
import { hasZodFastifySchemaValidationErrors } from 'fastify-type-provider-zod';
import { codeForDatabaseError, DomainError, ERROR_STATUS, problem, type ErrorCode } from './errors.ts';
import { isFieldCode, looseFieldError, type FieldCode, type FieldError } from './field-codes.ts';

const FASTIFY_CODES: Record<string, ErrorCode> = {
  FST_ERR_CTP_BODY_TOO_LARGE: 'payload_too_large',
  FST_ERR_CTP_INVALID_MEDIA_TYPE: 'unsupported_media_type',
  FST_ERR_CTP_INVALID_CONTENT_LENGTH: 'malformed_request',
  FST_ERR_CTP_EMPTY_JSON_BODY: 'malformed_request',
  FST_ERR_CTP_INVALID_JSON_BODY: 'malformed_request',
  FST_CSRF_INVALID_TOKEN: 'csrf_invalid',
  FST_CSRF_MISSING_SECRET: 'csrf_invalid',
  FST_ERR_BAD_URL: 'malformed_request',
  FST_ERR_MAX_PARAM_LENGTH: 'uri_too_long',
  FST_INVALID_MULTIPART_CONTENT_TYPE: 'unsupported_media_type',
};

/** Any other 4xx a plugin raises, by its status. */
const STATUS_CODES: Partial<Record<number, ErrorCode>> = {
  404: 'not_found',
  405: 'method_not_allowed',
  406: 'unsupported_media_type',
  408: 'request_timeout',
  413: 'payload_too_large',
  414: 'uri_too_long',
  415: 'unsupported_media_type',
  429: 'rate_limited',
  431: 'headers_too_large',
};

/** A validation issue as fastify-type-provider-zod hands it over: zod's code as `keyword`, the rest of the issue as `params`. */
export type Issue = { keyword: string; instancePath: string; message?: string; params: Record<string, unknown> };

const num = (v: unknown): number => (typeof v === 'bigint' ? Number(v) : (v as number));

/**
 * The one place zod's issues become field codes (field-codes.ts). `sent` is what the client sent
 * at the issue's path: missing, null or blank where a value was needed is a required field,
 * whatever zod found wrong with it. A refinement names its code in its params (see `rule`);
 * one that does not is `invalid`.
 */
export function fieldFromIssue(path: string, issue: Issue, sent: unknown): FieldError {
  const p = issue.params;
  const message = issue.message ?? 'is invalid';
  const field = (code: FieldCode, params?: Record<string, string | number>) => looseFieldError(path, message, code, params);
  const blank = sent === undefined || sent === null || (typeof sent === 'string' && sent.trim() === '');
  if (blank && issue.keyword !== 'custom' && issue.keyword !== 'unrecognized_keys') return field('required');
  switch (issue.keyword) {
    case 'invalid_type':
      return p.expected === 'int' ? field('whole_number') : field('invalid');
    case 'too_small': {
      const min = num(p.minimum);
      if (p.origin === 'string') return min <= 1 ? field('required') : field('too_short', { min });
      if (p.origin === 'array' || p.origin === 'set') return min <= 1 ? field('required') : field('too_few', { min });
      if (p.origin === 'number' || p.origin === 'bigint') return p.inclusive === false ? field('more_than', { min }) : field('too_small', { min });
      return field('invalid');
    }
    case 'too_big': {
      const max = num(p.maximum);
      if (p.origin === 'string') return field('too_long', { max });
      if (p.origin === 'array' || p.origin === 'set') return field('too_many', { max });
      if (p.origin === 'number' || p.origin === 'bigint') return p.inclusive === false ? field('less_than', { max }) : field('too_big', { max });
      return field('invalid');
    }
    case 'invalid_format':
      return field('invalid_format', { format: p.format === 'regex' || typeof p.format !== 'string' ? 'pattern' : p.format });
    case 'invalid_value':
      return field('invalid_choice');
    case 'invalid_union':
      // A discriminated union whose discriminator is none of its options.
      return field(p.discriminator !== undefined ? 'invalid_choice' : 'invalid');
    case 'custom': {
      const { code, ...rest } = (p.params ?? {}) as Record<string, string | number>;
      return isFieldCode(code) ? field(code, Object.keys(rest).length > 0 ? rest : undefined) : field('invalid');
    }
    default:
      return field('invalid');
  }
}

/** The value at `keys` inside what the client sent, or undefined. */
function valueAt(root: unknown, keys: string[]): unknown {
  let at = root;
  for (const key of keys) {
    if (typeof at !== 'object' || at === null || !Object.hasOwn(at, key)) return undefined;
    at = (at as Record<string, unknown>)[key];
  }
  return at;
}

const SENT: Record<string, (req: FastifyRequest) => unknown> = {
  body: (req) => req.body,
  querystring: (req) => req.query,
  params: (req) => req.params,
  headers: (req) => req.headers,
};

/** The field errors of a failed validation of one part of a request (`body`, `querystring`…), given what was sent in it. */
export function fieldErrorsOf(context: string | undefined, issues: readonly Issue[], sent: unknown): FieldError[] {
  return issues.map((issue) => {
    const keys = issue.instancePath.split('/').filter(Boolean);
    return fieldFromIssue([context, ...keys].filter(Boolean).join('.'), issue, valueAt(sent, keys));
  });
}

function classify(error: FastifyError, req: FastifyRequest): { code: ErrorCode; fields?: FieldError[]; detail?: string; fromDatabase?: boolean } {
  if (error instanceof DomainError) return { code: error.code, fields: error.fields, detail: error.message };
  if (hasZodFastifySchemaValidationErrors(error)) {
    const context = error.validationContext;
    return { code: 'validation_failed', fields: fieldErrorsOf(context, error.validation as Issue[], context ? SENT[context]?.(req) : undefined) };
  }
  const known = error.code ? FASTIFY_CODES[error.code] : undefined;
  if (known) return { code: known };
  if (error instanceof SyntaxError && error.statusCode === 400) return { code: 'malformed_request' };
  const fromDatabase = codeForDatabaseError(error);
  if (fromDatabase) return { code: fromDatabase, fromDatabase: true };
  const status = error.statusCode ?? 500;
  const byStatus = STATUS_CODES[status];
  if (byStatus) return { code: byStatus };
  if (status >= 400 && status < 500) return { code: 'malformed_request' };
  return { code: 'internal' };
}

export function errorHandler(error: FastifyError, req: FastifyRequest, reply: FastifyReply): void {
  const { code, fields, detail, fromDatabase } = classify(error, req);
  const status = ERROR_STATUS[code];
  if (status >= 500) req.log.error({ err: error }, 'request failed');
  // The database refused something validation let through: the client gets a 4xx, and the
  // operator a warning, as it usually means a missing check (or a probe).
  else if (fromDatabase) req.log.warn({ err: error, code, status }, 'request refused by the database');
  else if (!(error instanceof DomainError)) req.log.info({ code, status }, 'request refused');
  // Only messages we wrote ourselves may reach the client.
  const safeDetail = error instanceof DomainError ? detail : undefined;
  // Fastify's own errors reach here without the hooks having run: the headers every answer has.
  if (!reply.hasHeader('x-request-id')) reply.header('x-request-id', req.id);
  void reply
    .code(status)
    .header('cache-control', 'no-store')
    .type('application/problem+json')
    .send(JSON.stringify(problem(code, req.id, safeDetail, fields)));
}

export function notFoundHandler(req: FastifyRequest, reply: FastifyReply): void {
  void reply.code(404).type('application/problem+json').send(JSON.stringify(problem('not_found', req.id)));
}

/**
 * Errors of Node's HTTP parser, before any request exists (a malformed request line or header,
 * headers too large, a request too slow to arrive): a problem document, then the connection closes.
 */
export function clientErrorHandler(error: NodeJS.ErrnoException, socket: Socket): void {
  if (error.code === 'ECONNRESET' || socket.destroyed) return;
  const code: ErrorCode = error.code === 'ERR_HTTP_REQUEST_TIMEOUT' ? 'request_timeout' : error.code === 'HPE_HEADER_OVERFLOW' ? 'headers_too_large' : 'malformed_request';
  const id = randomUUID();
  const body = JSON.stringify(problem(code, id));
  if (socket.writable) {
    const status = ERROR_STATUS[code];
    socket.write(
      `HTTP/1.1 ${status} ${STATUS_TEXT[status] ?? 'Error'}\r\nContent-Type: application/problem+json; charset=utf-8\r\n` +
        `Content-Length: ${Buffer.byteLength(body)}\r\nCache-Control: no-store\r\nX-Request-Id: ${id}\r\nConnection: close\r\n\r\n${body}`,
    );
  }
  socket.destroy();
}

const STATUS_TEXT: Record<number, string> = { 400: 'Bad Request', 408: 'Request Timeout', 431: 'Request Header Fields Too Large' };
