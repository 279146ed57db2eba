// Restarts as they happen in production: a rolling restart (SIGTERM while requests keep coming)
// drops nothing, and the embedded database's lock follows the process, not its number — a
// container restarted after SIGKILL starts again although the new process has the dead one's pid.
import { spawnSync } from 'node:child_process';
import { mkdirSync, mkdtempSync, readFileSync, writeFileSync } from 'node:fs';
import http from 'node:http';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterAll, describe, expect, it } from 'vitest';
import { backends } from '../support/databases.ts';
import { freePort, runServerToExit, serverEnv, startServer, type ServerProcess } from '../support/server-process.ts';

type Outcome = { path: string; status?: number; retryAfter?: string; error?: string; bytes?: number; started?: number; ended?: number };

/** One GET; a new connection each time unless an agent is given. Never throws: errors are outcomes. */
let epoch = Date.now();
function get(port: number, path: string, agent: http.Agent | false): Promise<Outcome> {
  const started = Date.now() - epoch;
  return new Promise<Outcome>((ok) => {
    const req = http.get({ host: '127.0.0.1', port, path, agent }, (res) => {
      let bytes = 0;
      res.on('data', (c: Buffer) => (bytes += c.length));
      res.on('end', () => ok({ path, status: res.statusCode, retryAfter: res.headers['retry-after'], bytes }));
      res.on('error', (e: NodeJS.ErrnoException) => ok({ path, error: e.code ?? e.message }));
    });
    req.on('error', (e: NodeJS.ErrnoException) => ok({ path, error: e.code ?? e.message }));
  }).then((o) => ({ ...o, started, ended: Date.now() - epoch }));
}

/** A POST whose body arrives slowly: in flight from its headers until its last byte, `gapMs` later. */
function slowPost(port: number, path: string, headers: Record<string, string>, gapMs: number): Promise<Outcome> {
  const body = '{}';
  return new Promise<Outcome>((ok) => {
    const req = http.request(
      { host: '127.0.0.1', port, path, method: 'POST', agent: false, headers: { ...headers, 'content-type': 'application/json', 'content-length': String(body.length) } },
      (res) => {
        let text = '';
        res.setEncoding('utf8');
        res.on('data', (c: string) => (text += c));
        res.on('end', () => ok({ path, status: res.statusCode, retryAfter: res.headers['retry-after'], bytes: text.length }));
        res.on('error', (e: NodeJS.ErrnoException) => ok({ path, error: e.code ?? e.message }));
      },
    );
    req.on('error', (e: NodeJS.ErrnoException) => ok({ path, error: e.code ?? e.message }));
    req.flushHeaders();
    req.write(body.slice(0, 1));
    setTimeout(() => req.end(body.slice(1)), gapMs);
  });
}

const wait = (ms: number) => new Promise((r) => setTimeout(r, ms));
const fresh = () => mkdtempSync(join(tmpdir(), 'tandem-restart-'));

describe.each(backends)('a rolling restart on %s', (backend) => {
  const servers: ServerProcess[] = [];
  afterAll(() => servers.forEach((s) => s.child.kill('SIGKILL')));

  it('turns readiness false, answers every request during the drain period, finishes those in flight, then exits 0', { timeout: 180_000 }, async () => {
    const port = await freePort();
    const server = await startServer(await serverEnv(backend, fresh(), port, { TANDEM_DRAIN_SECONDS: '3' }));
    servers.push(server);
    const ready = await get(port, '/api/health/ready', false);
    expect(ready.status).toBe(200);
    const list = await fetch(`http://127.0.0.1:${port}/api/public/plans`);
    const planId = ((await list.json()) as { plans: Array<{ id: string }> }).plans[0]!.id;
    // The anti-forgery pair for the slow uploads below (the public document request is a POST).
    const csrf = await fetch(`http://127.0.0.1:${port}/api/auth/csrf`);
    const token = ((await csrf.json()) as { token: string }).token;
    const cookie = csrf.headers.getSetCookie().map((c) => c.split(';')[0]).join('; ');
    const paths = ['/api/health', `/api/public/plans/${planId}`, '/api/public/plans', `/api/public/plans/${planId}/report`, '/api/health/live'];

    const outcomes: Outcome[] = [];
    let sending = true;
    const keepAlive = new http.Agent({ keepAlive: true, maxSockets: 4 });
    // Eight clients, half on new connections each time, half on kept-alive ones, from before the
    // signal until well into the drain period.
    const clients = Array.from({ length: 8 }, async (_, n) => {
      for (let i = 0; sending; i++) outcomes.push(await get(port, paths[(n + i) % paths.length]!, n % 2 === 0 ? false : keepAlive));
    });
    await wait(700);
    const signalled = Date.now();
    epoch = signalled;
    server.child.kill('SIGTERM');
    await wait(300);
    const readyWhileDraining = await get(port, '/api/health/ready', false);
    await wait(1500);
    // Requests still arriving when the listening socket closes (at 3 s: uploads whose last byte
    // comes at 3.5 s) must be read to the end and answered.
    const inFlight = ['en', 'ru', 'ar'].map((lang) =>
      slowPost(port, `/api/public/plans/${planId}/report/pdf?lang=${lang}`, { 'x-csrf-token': token, cookie }, 3500 - (Date.now() - signalled)),
    );
    await wait(2800 - (Date.now() - signalled));
    sending = false;
    await Promise.all(clients);
    const slow = await Promise.all(inFlight);
    const code = await server.exited;
    keepAlive.destroy();

    expect(readyWhileDraining.status, 'readiness turns false at once').toBe(503);
    expect(readyWhileDraining.retryAfter).toBeDefined();
    expect(outcomes.length).toBeGreaterThan(40);
    const bad = outcomes.filter((o) => !(o.status === 200 || (o.status === 503 && o.retryAfter !== undefined)));
    expect(bad, 'no reset, no refusal, nothing but 200 or 503 with Retry-After').toEqual([]);
    const answeredDuringDrain = outcomes.filter((o) => o.status === 200).length;
    expect(answeredDuringDrain).toBeGreaterThan(20);
    for (const pdf of slow) {
      expect(pdf.error, `${pdf.path} finished`).toBeUndefined();
      expect(pdf.status, `${pdf.path} answered`).toBe(202);
      expect(pdf.bytes).toBeGreaterThan(20);
    }
    expect(code, server.output()).toBe(0);
  });
});

describe('the embedded database lock across restarts', () => {
  const servers: ServerProcess[] = [];
  afterAll(() => servers.forEach((s) => s.child.kill('SIGKILL')));

  it('refuses a second live server on the same data folder (exit 3) and starts once the first was killed with SIGKILL', { timeout: 180_000 }, async () => {
    const dataDir = fresh();
    const port = await freePort();
    const first = await startServer(await serverEnv('pglite', dataDir, port));
    servers.push(first);
    const second = await runServerToExit(await serverEnv('pglite', dataDir, await freePort()));
    expect(second.code).toBe(3);
    expect(second.output).toMatch(/in use by another Tandem process/);
    expect((await fetch(`http://127.0.0.1:${port}/api/health`)).ok, 'the first one still runs').toBe(true);

    first.child.kill('SIGKILL');
    await first.exited;
    const again = await startServer(await serverEnv('pglite', dataDir, port));
    servers.push(again);
    again.child.kill('SIGTERM');
    expect(await again.exited).toBe(0);
  });

  it('starts although the lock file names a live, unrelated process', { timeout: 180_000 }, async () => {
    const dataDir = fresh();
    const port = await freePort();
    // What a reboot can leave: the number now belongs to someone else (here: this test process).
    const env = await serverEnv('pglite', dataDir, port);
    const pglite = join(dataDir, 'pglite');
    mkdirSync(pglite, { recursive: true });
    writeFileSync(join(pglite, 'tandem.pid'), `${process.pid}\n`);
    writeFileSync(join(pglite, 'tandem.lock'), `${process.pid}\n`);
    const server = await startServer(env);
    servers.push(server);
    server.child.kill('SIGTERM');
    expect(await server.exited).toBe(0);
  });

  // A container: every start is pid 1 in a fresh PID namespace, so a dead server's pid file names
  // the new process itself. Needs unshare(1) and the right to create a PID namespace (root).
  const canUnshare = process.getuid?.() === 0 && spawnSync('unshare', ['--pid', '--fork', 'true']).status === 0;
  it.skipIf(!canUnshare)('starts again after SIGKILL in a fresh PID namespace, where it gets the dead process’s pid', { timeout: 180_000 }, async () => {
    const dataDir = fresh();
    const port = await freePort();
    const env = await serverEnv('pglite', dataDir, port);
    const container = ['unshare', '--pid', '--fork', '--kill-child'];
    const first = await startServer(env, container);
    servers.push(first);
    // SIGKILL to the server itself (pid 1 inside); unshare exits once it has been reaped.
    const inner = Number(readFileSync(`/proc/${first.child.pid}/task/${first.child.pid}/children`, 'utf8').trim().split(/\s+/)[0]);
    process.kill(inner, 'SIGKILL');
    await first.exited;
    const second = await startServer(env, container);
    servers.push(second);
    expect((await fetch(`http://127.0.0.1:${port}/api/health`)).ok).toBe(true);
    second.child.kill('SIGKILL');
    await second.exited;
  });
});
