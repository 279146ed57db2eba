// npm run bench: the application's overhead on a signed-in request (GET /api/auth/me: session
// lookup, request context, two reads) measured through HTTP, side by side with the same SQL
// run directly on the same database. Prints medians, p95 and ratios. Not a test: never gates CI.
//   npm run bench                       PGlite only
//   BENCH_DATABASE_URL=postgres://… npm run bench   PGlite and PostgreSQL (a scratch database is created and dropped)
import { dropBenchDatabase } from './setup.ts';
import type { AddressInfo } from 'node:net';
import { sql } from 'kysely';
import pg from 'pg';
import { loadConfig } from '../src/config.ts';
import { createTandem } from '../src/server.ts';
import { connectDatabase } from '../src/platform/db/connect.ts';
import { migrate } from '../src/platform/db/migrate.ts';
import { hashToken } from '../src/platform/auth/tokens.ts';
import type { DB } from '../src/db.ts';
import { mkdtempSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';

const ITERATIONS = Number(process.env.BENCH_ITERATIONS ?? 2000);
const WARMUP = 200;
const PASSWORD = 'benchmark password';

type Stats = { p50: number; p95: number };

function stats(samples: number[]): Stats {
  const s = [...samples].sort((a, b) => a - b);
  return { p50: s[Math.floor(s.length * 0.5)]!, p95: s[Math.floor(s.length * 0.95)]! };
}

async function time(fn: () => Promise<unknown>): Promise<Stats> {
  for (let i = 0; i < WARMUP; i++) await fn();
  const samples: number[] = [];
  for (let i = 0; i < ITERATIONS; i++) {
    const t = performance.now();
    await fn();
    samples.push(performance.now() - t);
  }
  return stats(samples);
}

async function benchOne(label: string, env: Record<string, string>): Promise<void> {
  const config = loadConfig({
    TANDEM_DATA_DIR: mkdtempSync(join(tmpdir(), 'tandem-bench-')),
    TANDEM_DEMO: '1',
    TANDEM_DEMO_PASSWORD: PASSWORD,
    TANDEM_RATE_LIMIT_PER_MINUTE: '1000000',
    TANDEM_LOG_LEVEL: 'silent',
    ...env,
  });
  const tandem = await createTandem(config);
  await tandem.app.listen({ port: 0, host: '127.0.0.1' });
  const base = `http://127.0.0.1:${(tandem.app.server.address() as AddressInfo).port}`;

  const csrf = await fetch(`${base}/api/auth/csrf`);
  const csrfCookie = csrf.headers.getSetCookie().map((c) => c.split(';')[0]).join('; ');
  const login = await fetch(`${base}/api/auth/login`, {
    method: 'POST',
    headers: { 'content-type': 'application/json', 'x-csrf-token': ((await csrf.json()) as { token: string }).token, cookie: csrfCookie },
    body: JSON.stringify({ email: 'org-admin@tandem.example', password: PASSWORD }),
  });
  const cookie = login.headers.getSetCookie().find((c) => c.startsWith('tandem_session='))!.split(';')[0]!;
  const tokenHash = hashToken(cookie.split('=')[1]!);

  const http = await time(async () => {
    const res = await fetch(`${base}/api/auth/me`, { headers: { cookie } });
    await res.arrayBuffer();
  });
  // The same work in SQL, as the owner role in one transaction, without the application.
  const direct = await time(() =>
    tandem.db.system(async (tx) => {
      const s = await sql<{ user_id: string; active_org_id: string }>`
        SELECT s.user_id, s.active_org_id FROM sessions s JOIN users u ON u.id = s.user_id
        WHERE s.token_hash = ${tokenHash} AND s.revoked_at IS NULL AND s.expires_at > now()`.execute(tx);
      const userId = s.rows[0]!.user_id;
      await sql`SELECT id, email, display_name, locale FROM users WHERE id = ${userId}`.execute(tx);
      await sql`SELECT m.org_id, m.roles, o.name FROM memberships m JOIN organisations o ON o.id = m.org_id
        WHERE m.user_id = ${userId} AND m.status = 'active'`.execute(tx);
    }),
  );
  await tandem.close();

  const f = (n: number) => n.toFixed(3).padStart(8);
  process.stdout.write(
    `${label.padEnd(10)} GET /api/auth/me  p50 ${f(http.p50)} ms  p95 ${f(http.p95)} ms | same SQL direct  p50 ${f(direct.p50)} ms  p95 ${f(direct.p95)} ms | overhead ×${(http.p50 / direct.p50).toFixed(2)} at p50, ×${(http.p95 / direct.p95).toFixed(2)} at p95\n`,
  );
}

process.stdout.write(`${ITERATIONS} sequential requests after ${WARMUP} warm-up, one client.\n`);
await benchOne('pglite', {});
const url = process.env.BENCH_DATABASE_URL;
if (url) {
  const name = `tandem_bench_${process.pid}`;
  const admin = new pg.Client({ connectionString: url });
  await admin.connect();
  await admin.query(`CREATE DATABASE ${name}`);
  const u = new URL(url);
  u.pathname = `/${name}`;
  try {
    const db = await connectDatabase<DB>({ kind: 'postgres', url: u.toString() });
    await migrate(db);
    await db.close();
    await benchOne('postgres', { DATABASE_URL: u.toString(), TANDEM_SECRET: 'b'.repeat(40), TANDEM_VAULT_KEYS: `k1:${Buffer.alloc(32, 1).toString('base64')}`, TANDEM_PUBLIC_URL: 'http://localhost:3000' });
  } finally {
    await dropBenchDatabase(admin, name);
    await admin.end();
  }
}
