// Every request that touches data runs in exactly one transaction, obtained through one of
// these scopes. The scope authenticates inside that transaction (as tandem_auth, which may only
// read sessions), then switches to tandem_app with the acting user and organisation set, so
// that row-level security sees the same actor the service's policy check sees.
import type { FastifyReply, FastifyRequest } from 'fastify';
import type { Actor } from '../auth/actor.ts';
import { hashToken } from '../auth/tokens.ts';
import { contextSql } from '../db/context.ts';
import { sql } from 'kysely';
import type { AppDatabase, Tx } from '../../db.ts';
import { DomainError } from './errors.ts';
import { audit } from '../audit/audit.ts';

export const SESSION_COOKIE = 'tandem_session';

/** Resolves a session token's hash to the acting person, inside a tandem_auth transaction. */
export type Authenticator = (tx: Tx, tokenHash: Buffer, now: Date) => Promise<Actor | null>;

export type Scopes = {
  /** Signed-in person with every step done (second factor included); 401 or 403 otherwise. */
  actor<T>(fn: (tx: Tx, actor: Actor) => Promise<T>): Promise<T>;
  /** Signed-in person at any stage: only for finishing sign-in (second factor, enrolment), me, sign-out. */
  signedIn<T>(fn: (tx: Tx, actor: Actor) => Promise<T>): Promise<T>;
  /** Anyone; the actor is null when nobody is signed in. */
  optionalActor<T>(fn: (tx: Tx, actor: Actor | null) => Promise<T>): Promise<T>;
  /** Sign-in, password reset and the like: stays in the tandem_auth role. */
  auth<T>(fn: (tx: Tx) => Promise<T>): Promise<T>;
  /**
   * Anyone, taken as nobody even when signed in: the session is not even looked at (the
   * confidential reporting channel never ties what it receives to an account).
   */
  anonymous<T>(fn: (tx: Tx) => Promise<T>): Promise<T>;
};

declare module 'fastify' {
  interface FastifyRequest {
    scope: Scopes;
  }
}

/** Session tokens are 32 random bytes in base64url. Anything else is not worth a database trip. */
const TOKEN_SHAPE = /^[A-Za-z0-9_-]{43}$/;

export function sessionToken(req: FastifyRequest): string | undefined {
  const token = req.cookies[SESSION_COOKIE];
  return token !== undefined && TOKEN_SHAPE.test(token) ? token : undefined;
}

export function createScopes(db: AppDatabase, authenticate: Authenticator, req: FastifyRequest): Scopes {
  const requestId = req.id;
  const withActor = <T>(required: boolean, fn: (tx: Tx, actor: Actor | null) => Promise<T>): Promise<T> =>
    db.transaction({ role: 'tandem_auth', requestId }, async (tx) => {
      const token = sessionToken(req);
      const actor = token === undefined ? null : await authenticate(tx, hashToken(token), new Date());
      if (required && actor === null) throw new DomainError('unauthenticated');
      await sql.raw(contextSql({ role: 'tandem_app', requestId, userId: actor?.userId, orgId: actor?.orgId })).execute(tx);
      return fn(tx, actor);
    });
  return {
    actor: async (fn) => {
      let acting: Actor | null = null;
      try {
        return await withActor(true, (tx, actor) => {
          if (actor!.stage !== 'complete') throw new DomainError('mfa_required');
          acting = actor;
          return fn(tx, actor!);
        });
      } catch (error) {
        if (acting && isRefusal(error)) await recordRefusal(db, req, acting, error);
        throw error;
      }
    },
    signedIn: (fn) => withActor(true, (tx, actor) => fn(tx, actor!)),
    optionalActor: (fn) => withActor(false, fn),
    auth: (fn) => db.transaction({ role: 'tandem_auth', requestId }, fn),
    anonymous: (fn) => db.transaction({ role: 'tandem_app', requestId }, fn),
  };
}

/** A refusal for lack of a right or a relation (the two look the same to the caller: not found). */
function isRefusal(error: unknown): boolean {
  if (error instanceof DomainError) return error.code === 'forbidden' || error.code === 'not_found';
  return (error as { code?: unknown }).code === '42501';
}

/**
 * A signed-in person was refused: recorded as a denied event in its own transaction (the
 * request's was rolled back), with the route and its identifiers only, so that a data protection
 * officer sees someone probing for records they may not see.
 */
async function recordRefusal(db: AppDatabase, req: FastifyRequest, actor: Actor, error: unknown): Promise<void> {
  const params = typeof req.params === 'object' && req.params !== null ? (req.params as Record<string, unknown>) : {};
  await db
    .transaction({ role: 'tandem_app', requestId: req.id, userId: actor.userId, orgId: actor.orgId }, (tx) =>
      audit(tx, {
        action: 'access.refused',
        outcome: 'denied',
        details: { method: req.method, route: req.routeOptions.url ?? null, params, refusal: error instanceof DomainError ? error.code : 'database' },
      }),
    )
    .catch((e: unknown) => req.log.error({ err: e }, 'a refusal could not be recorded'));
}

export function clearSessionCookie(reply: FastifyReply, secure: boolean): void {
  reply.clearCookie(SESSION_COOKIE, { path: '/', httpOnly: true, sameSite: 'lax', secure });
}
