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
    actor: (fn) =>
      withActor(true, (tx, actor) => {
        if (actor!.stage !== 'complete') throw new DomainError('mfa_required');
        return fn(tx, actor!);
      }),
    signedIn: (fn) => withActor(true, (tx, actor) => fn(tx, actor!)),
    optionalActor: (fn) => withActor(false, fn),
    auth: (fn) => db.transaction({ role: 'tandem_auth', requestId }, fn),
  };
}

export function clearSessionCookie(reply: FastifyReply, secure: boolean): void {
  reply.clearCookie(SESSION_COOKIE, { path: '/', httpOnly: true, sameSite: 'lax', secure });
}
