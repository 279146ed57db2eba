// What the national-scale benchmarks share: capturing the SQL the application sends for one
// request (from the pg driver), replaying it on a plain connection, timing, and an HTTP client
// that signs in like the web app. Not a test: never gates CI.
import { Worker } from 'node:worker_threads';
import pg from 'pg';
import { currentCode } from '../src/modules/identity/mfa.ts';

// ---- capturing what the application sends to PostgreSQL ----------------------------------
export type Statement = { text: string; values: unknown[] | undefined };
type Seen = Statement & { client: pg.Client };
let capturing: Seen[] | null = null;
const originalQuery = pg.Client.prototype.query;
pg.Client.prototype.query = function (this: pg.Client, ...args: unknown[]) {
  if (capturing && typeof args[0] === 'string') capturing.push({ client: this, text: args[0], values: args[1] as unknown[] | undefined });
  return (originalQuery as (...a: unknown[]) => unknown).apply(this, args);
} as typeof pg.Client.prototype.query;

/** The request's own transactions among everything the pool sent meanwhile (the audit sealer
 * runs every second on another connection): from each "BEGIN; SET LOCAL ROLE …" to its COMMIT. */
function requestTransactions(seen: Seen[]): Statement[] {
  const open = new Set<pg.Client>();
  const kept: Statement[] = [];
  for (const s of seen) {
    if (s.text.startsWith('BEGIN; SET LOCAL ROLE')) open.add(s.client);
    if (!open.has(s.client)) continue;
    kept.push({ text: s.text, values: s.values });
    if (/^(COMMIT|ROLLBACK)$/i.test(s.text.trim())) open.delete(s.client);
  }
  return kept;
}

/** The statements of one request; two captures in a row must agree (request ids aside). */
export async function captureStatements(request: () => Promise<unknown>): Promise<Statement[]> {
  let previous: string | null = null;
  for (let i = 0; i < 20; i++) {
    capturing = [];
    await request();
    const got = requestTransactions(capturing);
    capturing = null;
    // Request ids are written into the context statements: the same request differs by them only.
    const shape = got.map((s) => s.text.replace(/'[0-9a-f-]{36}'/g, "'…'")).join('\n');
    if (shape === previous) return got;
    if (process.env.BENCH_DEBUG && previous) process.stderr.write(`capture differs:\n${shape}\n---\n${previous}\n`);
    previous = shape;
  }
  throw new Error('could not capture a stable statement list');
}

/** Runs a query on a client without it being captured. */
export function directQuery(client: pg.Client, text: string, values?: unknown[]): Promise<pg.QueryResult> {
  return (originalQuery as (...a: unknown[]) => Promise<pg.QueryResult>).call(client, text, values);
}

export async function replay(client: pg.Client, statements: Statement[]): Promise<void> {
  for (const s of statements) await directQuery(client, s.text, s.values);
}

// ---- timing ----------------------------------------------------------------------------------
export type Stats = { p50: number; p95: number };
export function stats(samples: number[]): Stats {
  const s = [...samples].sort((a, b) => a - b);
  return { p50: s[Math.floor(s.length * 0.5)]!, p95: s[Math.floor(s.length * 0.95)]! };
}
export async function time(fn: () => Promise<unknown>, iterations: number, warmup: number): Promise<Stats> {
  for (let i = 0; i < warmup; i++) await fn();
  const samples: number[] = [];
  for (let i = 0; i < iterations; i++) {
    const t = performance.now();
    await fn();
    samples.push(performance.now() - t);
  }
  return stats(samples);
}
export async function throughput(workers: Array<() => Promise<unknown>>, seconds: number): Promise<number> {
  const until = performance.now() + seconds * 1000;
  let done = 0;
  await Promise.all(
    workers.map(async (work) => {
      while (performance.now() < until) {
        await work();
        done += 1;
      }
    }),
  );
  return done / seconds;
}

// ---- HTTP clients ------------------------------------------------------------------------------
/**
 * A GET that reads and drops the answer (for timing), with `json` to read it (for checking) and
 * `at` for the same person's GETs on another server of the same database.
 */
export type Getter = ((path: string) => Promise<void>) & { json: (path: string) => Promise<unknown>; at: (base: string) => Getter };
function getter(base: string, headers: () => Record<string, string>): Getter {
  const fetchOk = async (path: string) => {
    const res = await fetch(`${base}${path}`, { headers: headers() });
    if (res.status !== 200) throw new Error(`${path}: ${res.status} ${await res.text()}`);
    return res;
  };
  const get = async (path: string) => {
    await (await fetchOk(path)).arrayBuffer();
  };
  return Object.assign(get, { json: async (path: string) => (await fetchOk(path)).json() as Promise<unknown>, at: (other: string) => getter(other, headers) });
}

/** Signs in like the web app (second factor when asked) and returns a GET that keeps the cookies. */
export async function signIn(base: string, email: string, password: string, totpSecret: string | null): Promise<Getter> {
  const csrf = await fetch(`${base}/api/auth/csrf`);
  const jar = new Map(csrf.headers.getSetCookie().map((c) => c.split(';')[0]!.split('=') as [string, string]));
  const token = ((await csrf.json()) as { token: string }).token;
  const cookie = () => [...jar].map(([k, v]) => `${k}=${v}`).join('; ');
  const post = async (path: string, body: unknown) => {
    const res = await fetch(`${base}${path}`, { method: 'POST', headers: { 'content-type': 'application/json', 'x-csrf-token': token, cookie: cookie() }, body: JSON.stringify(body) });
    for (const c of res.headers.getSetCookie()) {
      const [k, v] = c.split(';')[0]!.split('=') as [string, string];
      jar.set(k, v);
    }
    if (res.status !== 200) throw new Error(`${path} for ${email}: ${res.status} ${await res.text()}`);
    return (await res.json()) as { mfaRequired?: boolean };
  };
  const login = await post('/api/auth/login', { email, password });
  if (login.mfaRequired) await post('/api/auth/mfa', { code: await currentCode(totpSecret!) });
  return getter(base, () => ({ cookie: cookie() }));
}

/** A GET without signing in, as the public. */
export function signedOut(base: string): Getter {
  return getter(base, () => ({}));
}

/**
 * A second Tandem server on its own thread, on the same database, for throughput: the load
 * generator's fetch calls then do not share the server's event loop (as real clients would
 * not). Its statements are not captured (the capture patches this thread's driver only).
 */
export async function serverThread(env: Record<string, string>): Promise<{ base: string; close: () => Promise<void> }> {
  const worker = new Worker(new URL('./server-thread.ts', import.meta.url), { workerData: { env } });
  const port = await new Promise<number>((resolve, reject) => {
    worker.once('message', (m: { port: number }) => resolve(m.port));
    worker.once('error', reject);
  });
  return {
    base: `http://127.0.0.1:${port}`,
    close: async () => {
      const closed = new Promise((resolve) => worker.once('message', resolve));
      worker.postMessage('close');
      await closed;
      await worker.terminate();
    },
  };
}

// ---- why a request is slow ------------------------------------------------------------------
/** Replays a request's statements with EXPLAIN ANALYZE on its reads, and prints the plans of
 * those that took at least minMs (and one line for each of the others). */
export async function explainStatements(client: pg.Client, statements: Statement[], minMs: number, log: (s: string) => void): Promise<void> {
  for (const s of statements) {
    if (!/^\s*(select|with)\b/i.test(s.text)) {
      await directQuery(client, s.text, s.values);
      continue;
    }
    const res = await directQuery(client, `EXPLAIN (ANALYZE, BUFFERS) ${s.text}`, s.values);
    const lines = res.rows.map((r: Record<string, string>) => r['QUERY PLAN']!);
    const ms = Number(/Execution Time: ([\d.]+)/.exec(lines.at(-1) ?? '')?.[1] ?? 0);
    const head = s.text.replace(/\s+/g, ' ').slice(0, 140);
    if (ms < minMs) log(`  ${ms.toFixed(2).padStart(8)} ms  ${head}`);
    else log(`  ${ms.toFixed(2).padStart(8)} ms  ${s.text}\n    values: ${JSON.stringify(s.values)?.slice(0, 300)}\n${lines.map((l: string) => `    ${l}`).join('\n')}`);
  }
}
