// How a Tandem process leaves service without dropping a request. Behind a load balancer, on
// SIGTERM: readiness turns false first (GET /api/health/ready answers 503) while every request
// is still answered, for the drain period, so that the balancer stops sending new ones; answers
// carry `Connection: close` meanwhile, so that kept-alive connections move elsewhere. Only then
// does the listening socket close; requests in flight finish, and a request that still reaches
// this process on an open connection gets 503 with Retry-After, never a reset.
//
// Readiness is a list of named checks (the database answers, …): a module that a process cannot
// serve without adds its own with addReadinessCheck.
import type { Server } from 'node:http';
import net from 'node:net';
import { setImmediate as nextTurn } from 'node:timers/promises';
import type { FastifyReply, FastifyRequest } from 'fastify';
import type { App } from './app.ts';
import { problem } from './errors.ts';

export type LifecycleState = 'serving' | 'draining' | 'closing';
export type ReadinessCheck = () => Promise<unknown>;
export type Readiness = { ready: boolean; draining: boolean; checks: Record<string, 'ok' | 'failing'> };

/** Seconds a client is asked to wait before trying again (by then another process, or this one restarted, answers). */
export const RETRY_AFTER_SECONDS = 5;
/** An open connection without a request in progress is closed once it has had this long to send one. */
const IDLE_GRACE_MS = 1000;
/** The longest time spent taking connections already queued before the listening socket closes. */
const MAX_ACCEPT_MS = 2000;
/** A readiness check that does not answer within this long counts as failing. */
const CHECK_TIMEOUT_MS = 3000;

export class Lifecycle {
  #state: LifecycleState = 'serving';
  readonly #checks = new Map<string, ReadinessCheck>();

  get state(): LifecycleState {
    return this.#state;
  }

  /** A condition for taking requests: the check resolves when it holds and throws (or rejects) when not. */
  addReadinessCheck(name: string, check: ReadinessCheck): void {
    if (this.#checks.has(name)) throw new Error(`readiness check ${name} is already registered`);
    this.#checks.set(name, check);
  }

  /** Readiness turns false; requests are still answered. */
  drain(): void {
    if (this.#state === 'serving') this.#state = 'draining';
  }

  /** The listening socket is closing: requests that still arrive are refused with 503 and Retry-After. */
  closing(): void {
    this.#state = 'closing';
  }

  async readiness(): Promise<Readiness> {
    const checks: Readiness['checks'] = {};
    for (const [name, check] of this.#checks) checks[name] = (await passes(check)) ? 'ok' : 'failing';
    const draining = this.#state !== 'serving';
    return { ready: !draining && Object.values(checks).every((c) => c === 'ok'), draining, checks };
  }
}

async function passes(check: ReadinessCheck): Promise<boolean> {
  let timer: NodeJS.Timeout | undefined;
  const timeout = new Promise<false>((ok) => {
    timer = setTimeout(() => ok(false), CHECK_TIMEOUT_MS);
  });
  try {
    return await Promise.race([check().then(() => true), timeout]);
  } catch {
    return false;
  } finally {
    clearTimeout(timer);
  }
}

/** 503 as a problem document that tells the client to come back, on a connection that closes. */
export function sendUnavailable(req: FastifyRequest, reply: FastifyReply, detail?: string, extra: Record<string, unknown> = {}): FastifyReply {
  return reply
    .code(503)
    .header('retry-after', String(RETRY_AFTER_SECONDS))
    .header('connection', 'close')
    .type('application/problem+json')
    .send(JSON.stringify({ ...problem('unavailable', req.id, detail), ...extra }));
}

/** Registers the hooks that carry out the lifecycle: first of all onRequest hooks, so nothing runs for a refused request. */
export function lifecycleHooks(app: App, lifecycle: Lifecycle): void {
  app.addHook('onRequest', async (req, reply) => {
    if (lifecycle.state === 'closing') return sendUnavailable(req, reply, 'This server is shutting down; try again shortly');
  });
  app.addHook('onSend', async (req, reply, payload) => {
    if (lifecycle.state !== 'serving' && req.raw.httpVersionMajor < 2) reply.header('connection', 'close');
    return payload;
  });
}

/**
 * Stops accepting connections without resetting any: connections the kernel has already
 * completed (queued while this process was busy, e.g. building a PDF) are accepted first,
 * since closing the listening socket would reset them; then the socket closes. Requests on open
 * connections are answered (503 with Retry-After once closing; see lifecycleHooks) and their
 * connections closed after the answer; connections left idle — kept alive, or opened without a
 * request yet — are closed once they have had a moment to send one. Resolves when every
 * connection has ended. Node's own server.close() would instead close at once every connection
 * that has not started a request, including one whose request is already on its way.
 */
export async function stopAccepting(server: Server): Promise<void> {
  if (!server.listening) return;
  // Each turn of the event loop accepts what is queued on the listening socket (libuv takes
  // one connection a turn here): turn until a turn brings none, for at most a short while.
  let accepted = 0;
  const count = () => void (accepted += 1);
  server.on('connection', count);
  const until = Date.now() + MAX_ACCEPT_MS;
  for (let before = -1; before !== accepted && Date.now() < until; ) {
    before = accepted;
    await nextTurn();
  }
  server.off('connection', count);
  const ended = new Promise<void>((ok) => net.Server.prototype.close.call(server, () => ok()));
  const idle = setInterval(() => server.closeIdleConnections(), IDLE_GRACE_MS);
  try {
    await ended;
  } finally {
    clearInterval(idle);
  }
}
