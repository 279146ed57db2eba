// A Tandem server in a child process, as `npm start` runs it: for tests of signals, restarts
// and the data folder's lock. Its database is an embedded one in a folder, or a copy of the
// run's PostgreSQL template.
import { spawn, type ChildProcess } from 'node:child_process';
import { createServer } from 'node:net';
import { resolve } from 'node:path';
import pg from 'pg';
import { inject } from 'vitest';
import { adminUrl, type Backend } from './databases.ts';
import { DEMO_PASSWORD } from './test-config.ts';

export const MAIN = resolve(import.meta.dirname, '../../src/main.ts');

export function freePort(): Promise<number> {
  return new Promise((ok) => {
    const s = createServer().listen(0, '127.0.0.1', () => {
      const { port } = s.address() as { port: number };
      s.close(() => ok(port));
    });
  });
}

let counter = 0;

/** Settings for a server on `backend`: a data folder for PGlite, or a new copy of the template for PostgreSQL. */
export async function serverEnv(backend: Backend, dataDir: string, port: number, extra: Record<string, string> = {}): Promise<Record<string, string>> {
  const env: Record<string, string> = {
    PATH: process.env.PATH ?? '',
    TANDEM_DATA_DIR: dataDir,
    PORT: String(port),
    HOST: '127.0.0.1',
    TANDEM_DEMO: '1',
    TANDEM_DEMO_PASSWORD: DEMO_PASSWORD,
    TANDEM_LOG_LEVEL: 'warn',
    TANDEM_RATE_LIMIT_PER_MINUTE: '1000000',
    TANDEM_REMINDER_MINUTES: '0',
    TANDEM_VAULT_KEYS: `test1:${Buffer.alloc(32, 42).toString('base64')}`,
    ...extra,
  };
  if (backend === 'postgres') {
    const url = process.env.TEST_DATABASE_URL!;
    const name = `tandem_t_${inject('runId')}_${process.pid}_server_${++counter}`;
    const admin = new pg.Client({ connectionString: url });
    await admin.connect();
    try {
      await admin.query(`CREATE DATABASE ${name} TEMPLATE ${inject('postgresTemplate')}`);
    } finally {
      await admin.end();
    }
    env.DATABASE_URL = adminUrl(url, name);
  }
  return env;
}

export type ServerProcess = { child: ChildProcess; output(): string; exited: Promise<number | null> };

/** Starts `node src/main.ts` (optionally under a wrapper command such as unshare); resolves once /api/health answers. */
export async function startServer(env: Record<string, string>, wrapper: string[] = []): Promise<ServerProcess> {
  const [command, ...args] = wrapper.length > 0 ? [...wrapper, process.execPath, MAIN] : [process.execPath, MAIN];
  const child = spawn(command!, args, { env, stdio: ['ignore', 'pipe', 'pipe'] });
  let output = '';
  child.stdout!.on('data', (c: Buffer) => (output += c.toString()));
  child.stderr!.on('data', (c: Buffer) => (output += c.toString()));
  const exited = new Promise<number | null>((ok) => child.once('exit', (code) => ok(code)));
  const base = `http://127.0.0.1:${env.PORT}`;
  const deadline = Date.now() + 90_000;
  while (Date.now() < deadline) {
    if (child.exitCode !== null || child.signalCode !== null) throw new Error(`server exited with ${child.exitCode ?? child.signalCode}:\n${output}`);
    try {
      if ((await fetch(`${base}/api/health`)).ok) return { child, output: () => output, exited };
    } catch {
      // not listening yet
    }
    await new Promise((r) => setTimeout(r, 100));
  }
  child.kill('SIGKILL');
  throw new Error(`server did not start within 90 s:\n${output}`);
}

/** Runs `node src/main.ts` expecting it to stop by itself (e.g. refused); resolves with its exit code and output. */
export function runServerToExit(env: Record<string, string>): Promise<{ code: number | null; output: string }> {
  const child = spawn(process.execPath, [MAIN], { env, stdio: ['ignore', 'pipe', 'pipe'] });
  let output = '';
  child.stdout.on('data', (c: Buffer) => (output += c.toString()));
  child.stderr.on('data', (c: Buffer) => (output += c.toString()));
  const timer = setTimeout(() => child.kill('SIGKILL'), 60_000);
  return new Promise((ok) =>
    child.once('exit', (code) => {
      clearTimeout(timer);
      ok({ code, output });
    }),
  );
}
