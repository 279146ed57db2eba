// Killing the server with SIGKILL while it writes loses no committed data and leaves the
// embedded database usable. Sign-ins are the writes: each acknowledged one is a committed session.
import { spawn, type ChildProcess } from 'node:child_process';
import { mkdtempSync } from 'node:fs';
import { createServer } from 'node:net';
import { tmpdir } from 'node:os';
import { join, resolve } from 'node:path';
import { afterAll, describe, expect, it } from 'vitest';

const MAIN = resolve(import.meta.dirname, '../../src/main.ts');
const PASSWORD = 'durability password';

function freePort(): Promise<number> {
  return new Promise((ok) => {
    const s = createServer().listen(0, '127.0.0.1', () => {
      const { port } = s.address() as { port: number };
      s.close(() => ok(port));
    });
  });
}

async function startServer(dataDir: string, port: number): Promise<ChildProcess> {
  const child = spawn(process.execPath, [MAIN], {
    env: { PATH: process.env.PATH, TANDEM_DATA_DIR: dataDir, PORT: String(port), HOST: '127.0.0.1', TANDEM_DEMO_PASSWORD: PASSWORD, TANDEM_LOG_LEVEL: 'warn', TANDEM_RATE_LIMIT_PER_MINUTE: '100000' },
    stdio: ['ignore', 'pipe', 'pipe'],
  });
  const deadline = Date.now() + 60_000;
  while (Date.now() < deadline) {
    if (child.exitCode !== null) throw new Error(`server exited with ${child.exitCode}`);
    try {
      if ((await fetch(`http://127.0.0.1:${port}/api/health`)).ok) return child;
    } catch {
      // not listening yet
    }
    await new Promise((r) => setTimeout(r, 100));
  }
  throw new Error('server did not start within 60 s');
}

async function signIn(base: string): Promise<string | undefined> {
  const csrf = await fetch(`${base}/api/auth/csrf`);
  const csrfCookie = csrf.headers.getSetCookie().map((c) => c.split(';')[0]).join('; ');
  const { token } = (await csrf.json()) as { token: string };
  const res = await fetch(`${base}/api/auth/login`, {
    method: 'POST',
    headers: { 'content-type': 'application/json', 'x-csrf-token': token, cookie: csrfCookie },
    body: JSON.stringify({ email: 'caseworker@tandem.example', password: PASSWORD }),
  });
  if (res.status !== 200) return undefined;
  return res.headers.getSetCookie().find((c) => c.startsWith('tandem_session='))?.split(';')[0];
}

describe('durability of the embedded database', () => {
  const children: ChildProcess[] = [];
  afterAll(() => children.forEach((c) => c.kill('SIGKILL')));

  it('keeps every acknowledged write after SIGKILL and starts again', { timeout: 120_000 }, async () => {
    const dataDir = mkdtempSync(join(tmpdir(), 'tandem-kill-'));
    const port = await freePort();
    const base = `http://127.0.0.1:${port}`;
    const first = await startServer(dataDir, port);
    children.push(first);

    const acknowledged: string[] = [];
    let stop = false;
    const writers = Array.from({ length: 4 }, async () => {
      while (!stop) {
        try {
          const cookie = await signIn(base);
          if (cookie && !stop) acknowledged.push(cookie);
        } catch {
          return; // the server died under us
        }
      }
    });
    await new Promise((r) => setTimeout(r, 2_500));
    first.kill('SIGKILL');
    stop = true;
    await Promise.all(writers);
    expect(acknowledged.length).toBeGreaterThan(5);

    const second = await startServer(dataDir, port);
    children.push(second);
    for (const cookie of acknowledged) {
      const me = await fetch(`${base}/api/auth/me`, { headers: { cookie } });
      expect(me.status, 'an acknowledged sign-in survived').toBe(200);
    }
    expect(await signIn(base)).toBeDefined();

    const exited = new Promise((r) => second.once('exit', r));
    second.kill('SIGTERM');
    expect(await exited).toBe(0);
  });
});
