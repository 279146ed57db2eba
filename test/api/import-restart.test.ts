// An import survives its server being killed: a real server process on the embedded database
// starts importing a file, is killed with SIGKILL in the middle, and a new server goes on where
// the import stopped — every row imported once, none twice, none lost.
import { spawn, type ChildProcess } from 'node:child_process';
import { mkdtempSync, readFileSync } from 'node:fs';
import { createServer } from 'node:net';
import { tmpdir } from 'node:os';
import { join, resolve } from 'node:path';
import { afterAll, describe, expect, it } from 'vitest';
import { DEMO_ACCOUNTS_FILE, type DemoAccountRow } from '../../src/demo/seed.ts';
import { currentCode } from '../../src/modules/identity/mfa.ts';

const MAIN = resolve(import.meta.dirname, '../../src/main.ts');
const PASSWORD = 'restart password 1234';

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
    env: {
      PATH: process.env.PATH,
      TANDEM_DATA_DIR: dataDir,
      PORT: String(port),
      HOST: '127.0.0.1',
      TANDEM_DEMO_PASSWORD: PASSWORD,
      TANDEM_LOG_LEVEL: 'warn',
      TANDEM_RATE_LIMIT_PER_MINUTE: '100000',
      TANDEM_REMINDER_MINUTES: '0',
    },
    stdio: ['ignore', 'ignore', 'pipe'],
  });
  const deadline = Date.now() + 180_000;
  while (Date.now() < deadline) {
    if (child.exitCode !== null) throw new Error(`server exited with ${child.exitCode}`);
    try {
      if ((await fetch(`http://127.0.0.1:${port}/api/health`)).ok) return child;
    } catch {
      // not listening yet
    }
    await new Promise((r) => setTimeout(r, 200));
  }
  throw new Error('server did not start within 180 s');
}

/** A session of the agency's coordinator, second factor included: its cookies and anti-forgery token. */
async function coordinatorSession(base: string, dataDir: string): Promise<{ cookie: string; token: string }> {
  const jar = new Map<string, string>();
  const keep = (res: Response) => {
    for (const c of res.headers.getSetCookie()) {
      const [pair] = c.split(';');
      const [name, value] = pair!.split('=');
      jar.set(name!, value!);
    }
  };
  const cookie = () => [...jar].map(([k, v]) => `${k}=${v}`).join('; ');
  const csrf = await fetch(`${base}/api/auth/csrf`);
  keep(csrf);
  const { token } = (await csrf.json()) as { token: string };
  const post = async (path: string, body: unknown) => {
    const res = await fetch(`${base}${path}`, { method: 'POST', headers: { 'content-type': 'application/json', 'x-csrf-token': token, cookie: cookie() }, body: JSON.stringify(body) });
    keep(res);
    return res;
  };
  expect((await post('/api/auth/login', { email: 'coordinator@tandem.example', password: PASSWORD })).status).toBe(200);
  const accounts = JSON.parse(readFileSync(join(dataDir, DEMO_ACCOUNTS_FILE), 'utf8')) as DemoAccountRow[];
  const secret = accounts.find((a) => a.email === 'coordinator@tandem.example')!.totpSecret!;
  expect((await post('/api/auth/mfa', { code: await currentCode(secret) })).status).toBe(200);
  return { cookie: cookie(), token };
}

describe('case imports across a killed server', () => {
  const children: ChildProcess[] = [];
  afterAll(() => children.forEach((c) => c.kill('SIGKILL')));

  it('goes on after SIGKILL where it stopped, importing each row once', { timeout: 480_000 }, async () => {
    const dataDir = mkdtempSync(join(tmpdir(), 'tandem-import-kill-'));
    const port = await freePort();
    const base = `http://127.0.0.1:${port}`;
    const first = await startServer(dataDir, port);
    children.push(first);
    const session = await coordinatorSession(base, dataDir);

    const n = 3_000;
    const csv = `alias,sex,age_band,category\n${Array.from({ length: n }, (_, i) => `Restart ${i},female,18-24,family_member`).join('\n')}\n`;
    const form = new FormData();
    form.append('file', new Blob([csv], { type: 'text/csv' }), 'cases.csv');
    const started = await fetch(`${base}/api/cases/imports?mode=all`, { method: 'POST', headers: { 'x-csrf-token': session.token, cookie: session.cookie }, body: form });
    expect(started.status).toBe(202);
    const { id } = (await started.json()) as { id: string };
    const run = async () => (await (await fetch(`${base}/api/cases/imports/${id}`, { headers: { cookie: session.cookie } })).json()) as { status: string; importedRows: number };

    // Killed once some, not all, rows are in.
    let before = 0;
    for (let i = 0; i < 600 && before === 0; i++) {
      before = (await run()).importedRows;
      if (before === 0) await new Promise((r) => setTimeout(r, 50));
    }
    first.kill('SIGKILL');
    await new Promise((r) => first.once('exit', r));
    expect(before).toBeGreaterThan(0);
    expect(before).toBeLessThan(n);

    const second = await startServer(dataDir, port);
    children.push(second);
    // The session is in the database: the same person follows the run on the new server.
    let after = await run();
    const deadline = Date.now() + 240_000;
    while (after.status === 'running' && Date.now() < deadline) {
      await new Promise((r) => setTimeout(r, 500));
      after = await run();
    }
    expect(after).toMatchObject({ status: 'done', importedRows: n });
    // Each row once: paging through the cases list finds each alias exactly once, n in all.
    const aliases: string[] = [];
    let cursor: string | null = null;
    do {
      const page = (await (await fetch(`${base}/api/cases?q=Restart&limit=200${cursor ? `&after=${encodeURIComponent(cursor)}` : ''}`, { headers: { cookie: session.cookie } })).json()) as {
        cases: Array<{ alias: string }>;
        next: string | null;
      };
      aliases.push(...page.cases.map((c) => c.alias));
      cursor = page.next;
    } while (cursor);
    expect(aliases).toHaveLength(n);
    expect(new Set(aliases).size).toBe(n);

    const exited = new Promise((r) => second.once('exit', r));
    second.kill('SIGTERM');
    expect(await exited).toBe(0);
  });
});
