// Mail leaves through jobs, after the action that wrote it has committed: a message waits in the
// outbox, a job sends it to the SMTP server and forgets its body; a server that refuses it gets
// it again later, and after the last attempt it is marked failed; a server that hangs holds no
// request and no transaction.
import { createServer as createTcpServer, type Server } from 'node:net';
import type { AddressInfo } from 'node:net';
import { sql } from 'kysely';
import { SMTPServer } from 'smtp-server';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { backends } from '../support/databases.ts';
import { createTestApp, type TestApp } from '../support/app.ts';

type Received = { to: string; body: string };

function fakeSmtp(mode: { refuse: boolean }): Promise<{ port: number; received: Received[]; close(): Promise<void> }> {
  const received: Received[] = [];
  const server = new SMTPServer({
    authOptional: true,
    disabledCommands: ['STARTTLS'],
    onData(stream, session, callback) {
      let body = '';
      stream.on('data', (c: Buffer) => (body += c.toString('utf8')));
      stream.on('end', () => {
        if (mode.refuse) return callback(Object.assign(new Error('Mailbox unavailable'), { responseCode: 450 }));
        received.push({ to: session.envelope.rcptTo.map((r) => r.address).join(','), body });
        callback();
      });
    },
  });
  return new Promise((resolve) =>
    server.listen(0, '127.0.0.1', () =>
      resolve({ port: (server.server.address() as AddressInfo).port, received, close: () => new Promise((r) => server.close(() => r())) }),
    ),
  );
}

describe.each(backends)('mail through jobs on %s', (backend) => {
  const mode = { refuse: false };
  let smtp: Awaited<ReturnType<typeof fakeSmtp>>;
  let t: TestApp;
  beforeAll(async () => {
    smtp = await fakeSmtp(mode);
    t = await createTestApp(backend, { SMTP_URL: `smtp://127.0.0.1:${smtp.port}`, MAIL_FROM: 'tandem@example.org' });
  });
  afterAll(async () => {
    await t?.close();
    await smtp?.close();
  });

  const outbox = (to: string) =>
    t.db.system(async (tx) =>
      (await sql<{ status: string; body_text: string | null; attempts: number; last_error: string | null }>`
        SELECT status, body_text, attempts, last_error FROM mail_outbox WHERE to_email = ${to}`.execute(tx)).rows[0],
    );

  it('sends a message after the action commits, then forgets its body', async () => {
    const admin = await t.signIn('org-admin@tandem.example');
    expect((await admin.post('/api/organisations/current/invitations', { email: 'first@example.org', displayName: 'First Person', roles: ['viewer'] })).statusCode).toBe(201);
    // Committed and waiting: nothing was sent inside the request.
    expect(await outbox('first@example.org')).toMatchObject({ status: 'pending', attempts: 0 });
    expect(smtp.received).toEqual([]);
    expect(await t.runJobs()).toBeGreaterThan(0);
    expect(smtp.received.map((m) => m.to)).toEqual(['first@example.org']);
    expect(smtp.received[0]!.body).toContain('First Person');
    expect(await outbox('first@example.org')).toMatchObject({ status: 'sent', body_text: null, attempts: 1 });
    // Asking again sends nothing twice.
    await t.jobs.send('mail.send', { id: (await t.db.system((tx) => tx.selectFrom('mail_outbox').select('id').where('to_email', '=', 'first@example.org').executeTakeFirstOrThrow())).id });
    await t.runJobs();
    expect(smtp.received).toHaveLength(1);
  });

  it('keeps a refused message for later, and marks it failed after the last attempt', async () => {
    mode.refuse = true;
    const admin = await t.signIn('org-admin@tandem.example');
    expect((await admin.post('/api/organisations/current/invitations', { email: 'second@example.org', displayName: 'Second Person', roles: ['viewer'] })).statusCode).toBe(201);
    await t.runJobs();
    expect(await outbox('second@example.org')).toMatchObject({ status: 'pending', attempts: 1 });
    expect((await outbox('second@example.org'))!.last_error).toContain('Mailbox unavailable');
    // Each retry waits longer; the test brings them forward instead of waiting.
    for (let i = 0; i < 6; i++) {
      await t.db.system((tx) => sql`UPDATE pgboss.job SET start_after = now() WHERE name = 'mail.send' AND state = 'retry'`.execute(tx));
      await t.runJobs();
    }
    expect(await outbox('second@example.org')).toMatchObject({ status: 'failed', body_text: null, attempts: 6 });
    const failures = await t.jobs.failures();
    expect(failures.find((f) => f.name === 'mail.send')).toMatchObject({ attempts: 6 });
    expect(failures.find((f) => f.name === 'mail.send')!.error).toContain('Mailbox unavailable');
    mode.refuse = false;
  });

  it('answers at once while the mail server hangs, and keeps serving requests while a job waits on it', { timeout: 90_000 }, async () => {
    // A server that accepts connections and never says a word.
    const hanging: Server = createTcpServer(() => undefined);
    await new Promise<void>((r) => hanging.listen(0, '127.0.0.1', () => r()));
    const port = (hanging.address() as AddressInfo).port;
    const slow = await createTestApp(backend, { SMTP_URL: `smtp://127.0.0.1:${port}`, MAIL_FROM: 'tandem@example.org', TANDEM_JOB_STOP_SECONDS: '1' }, { workJobs: true });
    try {
      const admin = await slow.signIn('org-admin@tandem.example');
      const started = performance.now();
      const res = await admin.post('/api/organisations/current/invitations', { email: 'third@example.org', displayName: 'Third Person', roles: ['viewer'] });
      expect(res.statusCode).toBe(201);
      expect(performance.now() - started).toBeLessThan(2000);
      // The worker is talking to the silent server now; requests go on.
      await new Promise((r) => setTimeout(r, 1500));
      const claimed = await slow.db.system(async (tx) => (await sql<{ status: string }>`SELECT status FROM mail_outbox WHERE to_email = 'third@example.org'`.execute(tx)).rows[0]!.status);
      expect(claimed).toBe('sending');
      const during = performance.now();
      expect((await admin.get('/api/organisations/current/members')).statusCode).toBe(200);
      expect(performance.now() - during).toBeLessThan(1000);
    } finally {
      await slow.close();
      hanging.close();
    }
  });
});
