// Two Tandem instances on one PostgreSQL database work as one (PostgreSQL only: the embedded
// database belongs to one process): migrations run once when both start together, a session made
// on one is good on the other, a document built by one is served by the other, every job runs
// once though both work, and a scheduled job runs once per period.
import { mkdtempSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import type { AddressInfo } from 'node:net';
import { sql } from 'kysely';
import pg from 'pg';
import { SMTPServer } from 'smtp-server';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import type { DB } from '../../src/db.ts';
import { connectDatabase } from '../../src/platform/db/connect.ts';
import { migrate } from '../../src/platform/db/migrate.ts';
import { dropRequestRole } from '../../src/platform/db/request-role.ts';
import { createTandem, type Tandem } from '../../src/server.ts';
import { createTestApp, type TestApp } from '../support/app.ts';
import { TestClient } from '../support/client.ts';
import { adminUrl } from '../support/databases.ts';
import { testConfig } from '../support/test-config.ts';

const url = process.env.TEST_DATABASE_URL;

describe.skipIf(!url)('two instances on one PostgreSQL', () => {
  const received: string[] = [];
  let smtp: SMTPServer;
  let a: TestApp;
  let b: Tandem;
  beforeAll(async () => {
    smtp = new SMTPServer({
      authOptional: true,
      disabledCommands: ['STARTTLS'],
      onData(stream, session, callback) {
        stream.on('data', () => undefined);
        stream.on('end', () => {
          received.push(session.envelope.rcptTo.map((r) => r.address).join(','));
          callback();
        });
      },
    });
    await new Promise<void>((r) => smtp.listen(0, '127.0.0.1', () => r()));
    const env = {
      SMTP_URL: `smtp://127.0.0.1:${(smtp.server.address() as AddressInfo).port}`,
      MAIL_FROM: 'tandem@example.org',
      TANDEM_FILES_DIR: mkdtempSync(join(tmpdir(), 'tandem-shared-files-')),
      TANDEM_JOB_STOP_SECONDS: '2',
    };
    a = await createTestApp('postgres', env, { workJobs: true });
    const second = await connectDatabase<DB>({ kind: 'postgres', url: a.db.connectionString!, poolSize: 4 });
    b = await createTandem(testConfig(env), { database: second, workJobs: true });
  });
  afterAll(async () => {
    await b?.close();
    await a?.close();
    await new Promise<void>((r) => smtp?.close(() => r()));
  });

  /** The same browser, now talking to the other instance. */
  const onB = (client: TestClient) => {
    const moved = new TestClient(b.app);
    for (const [k, v] of client.cookies) moved.cookies.set(k, v);
    return moved;
  };

  it('runs the migrations once when two instances start together', async () => {
    const admin = new pg.Client({ connectionString: url });
    await admin.connect();
    const name = `tandem_t_twice_${process.pid}`;
    try {
      await admin.query(`DROP DATABASE IF EXISTS ${name}`);
      await admin.query(`CREATE DATABASE ${name}`);
      const [one, two] = await Promise.all([0, 1].map(() => connectDatabase<DB>({ kind: 'postgres', url: adminUrl(url!, name), poolSize: 2 })));
      try {
        const reports = await Promise.all([migrate(one!), migrate(two!)]);
        // Each migration applied by exactly one of them, and recorded once.
        const applied = reports.flatMap((r) => r.applied.map((m) => m.version));
        expect(applied.length).toBe(new Set(applied).size);
        expect(reports.map((r) => r.current)).toEqual([reports[0]!.current, reports[0]!.current]);
        const counts = await one!.system(async (tx) => (await sql<{ n: number; d: number }>`SELECT count(*)::int AS n, count(DISTINCT version)::int AS d FROM schema_migrations`.execute(tx)).rows[0]!);
        expect(counts.n).toBe(counts.d);
      } finally {
        await one!.close();
        await two!.close();
      }
    } finally {
      await admin.query(`DROP DATABASE IF EXISTS ${name} WITH (FORCE)`);
      await dropRequestRole((q) => admin.query(q), name);
      await admin.end();
    }
  });

  it('accepts on one instance a session made on the other', async () => {
    const onA = await a.signIn('coordinator@tandem.example');
    const me = await onB(onA).get('/api/auth/me');
    expect(me.statusCode).toBe(200);
    expect(me.json()).toMatchObject({ user: { email: 'coordinator@tandem.example' } });
    // And a change made through it, with the anti-forgery token the first instance gave.
    const prs = await a.db.system(async (tx) => (await tx.selectFrom('organisations').select('id').where('short_name', '=', 'PRS').executeTakeFirstOrThrow()).id);
    expect((await onB(onA).put('/api/auth/organisation', { orgId: prs })).statusCode).toBe(200);
  });

  it('serves from one instance a document built by the other', async () => {
    const coordinator = await a.signIn('plan-coordinator@tandem.example');
    const plan = await a.db.system(async (tx) => (await tx.selectFrom('plans').select('id').where('published_at', 'is not', null).executeTakeFirstOrThrow()).id);
    const asked = await coordinator.post(`/api/plans/${plan}/report/pdf?lang=ar`);
    expect(asked.statusCode).toBe(202);
    const id = (asked.json() as { id: string }).id;
    let status = '';
    for (let i = 0; i < 300 && status !== 'ready'; i++) {
      status = ((await onB(coordinator).get(`/api/documents/${id}`)).json() as { status: string }).status;
      if (status !== 'ready') await new Promise((r) => setTimeout(r, 100));
    }
    expect(status).toBe('ready');
    for (const client of [coordinator, onB(coordinator)]) {
      const file = await client.get(`/api/documents/${id}/file`);
      expect(file.statusCode).toBe(200);
      expect(file.rawPayload.subarray(0, 5).toString()).toBe('%PDF-');
    }
  });

  it('sends each message once while both instances work the queue', async () => {
    const admin = await a.signIn('org-admin@tandem.example');
    const addresses = Array.from({ length: 12 }, (_, i) => `twice-${i}@example.org`);
    for (const [i, email] of addresses.entries()) {
      const client = i % 2 ? onB(admin) : admin;
      expect((await client.post('/api/organisations/current/invitations', { email, displayName: `Invitee ${i}`, roles: ['viewer'] })).statusCode).toBe(201);
    }
    const deadline = Date.now() + 30_000;
    while (addresses.some((m) => !received.includes(m)) && Date.now() < deadline) await new Promise((r) => setTimeout(r, 100));
    await new Promise((r) => setTimeout(r, 1_500));
    for (const m of addresses) expect(received.filter((r) => r === m), m).toHaveLength(1);
    const statuses = await a.db.system(async (tx) => (await sql<{ status: string }>`SELECT status FROM mail_outbox WHERE to_email LIKE 'twice-%'`.execute(tx)).rows.map((r) => r.status));
    expect(statuses).toEqual(addresses.map(() => 'sent'));
  });

  it('sends a scheduled job once per period, though both instances keep the schedule', { timeout: 150_000 }, async () => {
    const since = await a.db.system(async (tx) => (await sql<{ t: Date }>`SELECT now() AS t`.execute(tx)).rows[0]!.t);
    // Long enough for at least one whole minute.
    await new Promise((r) => setTimeout(r, 75_000));
    const perMinute = await a.db.system(async (tx) =>
      (await sql<{ minute: Date; n: number }>`
        SELECT date_trunc('minute', created_on) AS minute, count(*)::int AS n FROM pgboss.job
        WHERE name = 'audit.seal' AND created_on > ${since} GROUP BY 1 ORDER BY 1`.execute(tx)).rows,
    );
    expect(perMinute.length).toBeGreaterThanOrEqual(1);
    expect(perMinute.map((m) => m.n)).toEqual(perMinute.map(() => 1));
  });
});
