// What every call to the API shares: the anti-forgery token on every state-changing request, and
// problem+json errors turned into ApiError with a stable code that pages translate (messages
// "error.<code>"). Calls go through the typed client (typed.ts); files are saved with download().

/**
 * One field's problem in a problem document: where, a code of the server's list (field-codes.ts)
 * with its parameters, which pages translate, and an English sentence, which they do not show.
 */
export type ProblemField = { path: string; message: string; code: string; params?: Record<string, string | number> };

export class ApiError extends Error {
  readonly code: string;
  readonly status: number;
  readonly fields: ProblemField[];
  /** The server's own sentence (in English), for pages that show it beside the translated message. */
  readonly detail: string | undefined;
  /** The whole problem document, for the few answers that carry more (e.g. possible duplicates). */
  readonly problem: Record<string, unknown>;

  constructor(code: string, status: number, fields: ProblemField[] = [], detail?: string, problem: Record<string, unknown> = {}) {
    super(code);
    this.code = code;
    this.status = status;
    this.fields = fields;
    this.detail = detail;
    this.problem = problem;
  }
}

let csrfToken: Promise<string> | undefined;

/** The anti-forgery token of this session, fetched once; `renew` forgets it (after csrf_invalid). */
export async function antiForgeryToken(renew = false): Promise<string> {
  if (renew) csrfToken = undefined;
  csrfToken ??= fetchCsrfToken();
  try {
    return await csrfToken;
  } catch (error) {
    csrfToken = undefined;
    throw error;
  }
}

async function fetchCsrfToken(): Promise<string> {
  const res = await fetch('/api/auth/csrf', { credentials: 'same-origin', headers: { accept: 'application/json' } });
  if (!res.ok) throw await toError(res);
  return ((await res.json()) as { token: string }).token;
}

async function toError(res: Response): Promise<ApiError> {
  try {
    return problemError(res.status, await res.json());
  } catch {
    return problemError(res.status, undefined);
  }
}

/** An ApiError from a problem document (or from nothing, when the body was not JSON). */
export function problemError(status: number, problem: unknown): ApiError {
  if (typeof problem !== 'object' || problem === null) return new ApiError(status >= 500 ? 'internal' : 'malformed_request', status);
  const body = problem as { code?: string; detail?: string; errors?: ProblemField[] };
  return new ApiError(body.code ?? 'internal', status, body.errors, body.detail, body as Record<string, unknown>);
}

/** A file saved, or the server's answer that it accepted the request without a file yet (202). */
export type DownloadResult = { saved: true } | { saved: false; accepted: unknown };

/**
 * A file from the API (a POST with a JSON body, or a GET), saved by the browser under the name
 * the server gives it. Nothing of it is kept in the page. A 202 answer carries no file: its JSON
 * body is returned instead (a request recorded to be approved first).
 */
export async function download(method: 'GET' | 'POST', path: string, body?: unknown, retried = false): Promise<DownloadResult> {
  const headers: Record<string, string> = {};
  if (body !== undefined) headers['content-type'] = 'application/json';
  if (method !== 'GET') headers['x-csrf-token'] = await antiForgeryToken();
  let res: Response;
  try {
    res = await fetch(path, { method, headers, credentials: 'same-origin', body: body === undefined ? undefined : JSON.stringify(body) });
  } catch {
    throw new ApiError('network', 0);
  }
  if (!res.ok) {
    const error = await toError(res);
    if (error.code === 'csrf_invalid' && !retried) {
      csrfToken = undefined;
      return download(method, path, body, true);
    }
    throw error;
  }
  if (res.status === 202) return { saved: false, accepted: await res.json() };
  const name = /filename="([^"]+)"/.exec(res.headers.get('content-disposition') ?? '')?.[1] ?? 'tandem-export';
  const url = URL.createObjectURL(await res.blob());
  const a = document.createElement('a');
  a.href = url;
  a.download = name;
  document.body.append(a);
  a.click();
  a.remove();
  setTimeout(() => URL.revokeObjectURL(url), 10_000);
  return { saved: true };
}

/** Known error codes have their own message; anything else gets the general one. */
export function errorMessageId(error: unknown): string {
  const code = error instanceof ApiError ? error.code : 'internal';
  return KNOWN_ERRORS.has(code) ? `error.${code}` : 'error.internal';
}

const KNOWN_ERRORS = new Set([
  'network',
  'validation_failed',
  'malformed_request',
  'unauthenticated',
  'invalid_credentials',
  'forbidden',
  'mfa_required',
  'csrf_invalid',
  'not_found',
  'conflict',
  'payload_too_large',
  'unsupported_media_type',
  'unprocessable',
  'rate_limited',
  'internal',
  'unavailable',
]);
