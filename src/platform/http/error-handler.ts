// Turns every error into an application/problem+json response with a stable code. Client
// mistakes get a 4xx naming what was wrong; anything else is logged and answered with a bare 500.
import type { FastifyError, FastifyReply, FastifyRequest } from 'fastify';
import { hasZodFastifySchemaValidationErrors } from 'fastify-type-provider-zod';
import { codeForDatabaseError, DomainError, ERROR_STATUS, problem, type ErrorCode, type FieldError } from './errors.ts';

const FASTIFY_CODES: Record<string, ErrorCode> = {
  FST_ERR_CTP_BODY_TOO_LARGE: 'payload_too_large',
  FST_ERR_CTP_INVALID_MEDIA_TYPE: 'unsupported_media_type',
  FST_ERR_CTP_INVALID_CONTENT_LENGTH: 'malformed_request',
  FST_ERR_CTP_EMPTY_JSON_BODY: 'malformed_request',
  FST_ERR_CTP_INVALID_JSON_BODY: 'malformed_request',
  FST_CSRF_INVALID_TOKEN: 'csrf_invalid',
  FST_CSRF_MISSING_SECRET: 'csrf_invalid',
};

function classify(error: FastifyError): { code: ErrorCode; fields?: FieldError[]; detail?: string; fromDatabase?: boolean } {
  if (error instanceof DomainError) return { code: error.code, fields: error.fields, detail: error.message };
  if (hasZodFastifySchemaValidationErrors(error)) {
    const fields = error.validation.map((v) => ({
      path: [error.validationContext, ...v.instancePath.split('/').filter(Boolean)].filter(Boolean).join('.'),
      message: v.message ?? 'is invalid',
    }));
    return { code: 'validation_failed', fields };
  }
  const known = error.code ? FASTIFY_CODES[error.code] : undefined;
  if (known) return { code: known };
  if (error instanceof SyntaxError && error.statusCode === 400) return { code: 'malformed_request' };
  const fromDatabase = codeForDatabaseError(error);
  if (fromDatabase) return { code: fromDatabase, fromDatabase: true };
  const status = error.statusCode ?? 500;
  if (status === 404) return { code: 'not_found' };
  if (status === 405) return { code: 'method_not_allowed' };
  if (status === 429) return { code: 'rate_limited' };
  if (status >= 400 && status < 500) return { code: 'malformed_request' };
  return { code: 'internal' };
}

export function errorHandler(error: FastifyError, req: FastifyRequest, reply: FastifyReply): void {
  const { code, fields, detail, fromDatabase } = classify(error);
  const status = ERROR_STATUS[code];
  if (status >= 500) req.log.error({ err: error }, 'request failed');
  // The database refused something validation let through: the client gets a 4xx, and the
  // operator a warning, as it usually means a missing check (or a probe).
  else if (fromDatabase) req.log.warn({ err: error, code, status }, 'request refused by the database');
  else if (!(error instanceof DomainError)) req.log.info({ code, status }, 'request refused');
  // Only messages we wrote ourselves may reach the client.
  const safeDetail = error instanceof DomainError ? detail : undefined;
  void reply
    .code(status)
    .type('application/problem+json')
    .send(JSON.stringify(problem(code, req.id, safeDetail, fields)));
}

export function notFoundHandler(req: FastifyRequest, reply: FastifyReply): void {
  void reply.code(404).type('application/problem+json').send(JSON.stringify(problem('not_found', req.id)));
}
