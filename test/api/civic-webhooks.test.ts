// Signed webhooks for civic-space alerts: an organisation's administrator registers an address
// and gets its secret once; a verified record published about a country it follows reaches the
// address as JSON signed with HMAC-SHA256 — sent by a job, retried when the receiver fails, never
// to an address of a private network the installation did not allow — and the organisation reads
// its deliveries. Webhooks are the organisation's own, in the service and under row-level security.
import { createHmac } from 'node:crypto';
import { createServer, type IncomingHttpHeaders, type Server } from 'node:http';
import type { AddressInfo } from 'node:net';
import { sql } from 'kysely';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { isInternalAddress, outboundUrlProblem } from '../../src/platform/http/outbound.ts';
import { createTestApp, type TestApp } from '../support/app.ts';
import { backends } from '../support/databases.ts';
import type { TestClient } from '../support/client.ts';
import { civicRecord } from '../support/civic.ts';

type Received = { headers: IncomingHttpHeaders; body: string };

describe('outbound addresses', () => {
  it('refuses loopback, private, link-local and mapped addresses, and anything but https unless allowed', () => {
    for (const a of ['127.0.0.1', '10.1.2.3', '172.16.0.5', '192.168.1.1', '169.254.169.254', '100.64.0.1', '0.0.0.0', '::1', 'fd00::1', 'fe80::1', '::ffff:10.0.0.1', '::ffff:127.0.0.1']) {
      expect(isInternalAddress(a), a).toBe(true);
    }
    for (const a of ['93.184.216.34', '2606:2800:220:1:248:1893:25c8:1946', '::ffff:93.184.216.34']) expect(isInternalAddress(a), a).toBe(false);
    expect(outboundUrlProblem('https://hooks.example.org/x', [])).toBeNull();
    expect(outboundUrlProblem('http://hooks.example.org/x', [])).toMatchObject({ code: 'url_refused', params: { reason: 'https' }, message: expect.stringMatching(/https/) });
    expect(outboundUrlProblem('https://169.254.169.254/latest/meta-data', [])).toMatchObject({ code: 'url_refused', params: { reason: 'private_network' } });
    expect(outboundUrlProblem('https://[::1]:8443/', [])).toMatchObject({ code: 'url_refused', params: { reason: 'private_network' } });
    expect(outboundUrlProblem('https://localhost/', [])).toMatchObject({ code: 'url_refused', params: { reason: 'private_network' } });
    expect(outboundUrlProblem('https://user:pw@hooks.example.org/', [])).toMatchObject({ code: 'url_refused', params: { reason: 'credentials' }, message: expect.stringMatching(/password/) });
    expect(outboundUrlProblem('http://127.0.0.1:9/', ['127.0.0.1'])).toBeNull();
    expect(outboundUrlProblem('not a url', [])).toMatchObject({ code: 'invalid_format', params: { format: 'url' }, message: 'is not an address' });
  });
});

describe.each(backends)('civic-space webhooks on %s', (backend) => {
  let t: TestApp;
  let receiver: Server;
  let base = '';
  let answer = 200;
  const received: Received[] = [];
  let admin: TestClient;
  let otherAdmin: TestClient;
  let monitor: TestClient;
  let second: TestClient;
  let hook = { id: '', secret: '' };

  beforeAll(async () => {
    receiver = createServer((req, res) => {
      let body = '';
      req.on('data', (c: Buffer) => (body += c.toString()));
      req.on('end', () => {
        received.push({ headers: req.headers, body });
        res.statusCode = answer;
        res.end('ok');
      });
    });
    await new Promise<void>((resolve) => receiver.listen(0, '127.0.0.1', resolve));
    base = `http://127.0.0.1:${(receiver.address() as AddressInfo).port}`;
    t = await createTestApp(backend, { TANDEM_WEBHOOK_ALLOWED_HOSTS: '127.0.0.1' });
    admin = await t.signIn('org-admin@tandem.example');
    otherAdmin = await t.signIn('agency-admin@tandem.example');
    monitor = await t.signIn('monitor@tandem.example');
    second = await t.signIn('monitor-2@tandem.example');
  });
  afterAll(async () => {
    await t?.close();
    await new Promise((resolve) => receiver?.close(resolve));
  });

  const published = async (title: string, extra: Record<string, unknown> = {}) => {
    const id = (await monitor.post('/api/civic/records', { ...civicRecord(title), ...extra })).json().id as string;
    for (const n of [1, 2]) await monitor.post(`/api/civic/records/${id}/sources`, { url: `https://news.example.org/${n}`, title: `Source ${n}` });
    await monitor.post(`/api/civic/records/${id}/status`, { status: 'corroborated' });
    await second.post(`/api/civic/records/${id}/status`, { status: 'verified' });
    expect((await monitor.post(`/api/civic/records/${id}/publication`, { published: true })).statusCode).toBe(204);
    return id;
  };
  const deliveries = async () => (await admin.get('/api/civic/webhooks')).json().webhooks.find((w: { id: string }) => w.id === hook.id).deliveries as Array<{ subjectId: string; status: string; attempts: number; lastStatus: number | null }>;
  /** Makes the queue's waiting retries due now (they wait 30 s and more). */
  const retriesDue = () => t.db.system((tx) => sql`UPDATE pgboss.job SET start_after = now() WHERE name = 'civic.webhook' AND state = 'retry'`.execute(tx));

  it('registers a webhook for an organisation’s administrator, with its secret shown once and sealed at rest', async () => {
    const res = await admin.post('/api/civic/webhooks', { url: `${base}/hooks/tandem`, countries: ['XM'], types: [] });
    expect(res.statusCode, res.body).toBe(201);
    hook = res.json();
    expect(hook.secret).toMatch(/^whsec_[A-Za-z0-9_-]{43}$/);
    const list = (await admin.get('/api/civic/webhooks')).json();
    expect(list.webhooks).toMatchObject([{ id: hook.id, url: `${base}/hooks/tandem`, countries: ['XM'], types: [], deliveries: [] }]);
    expect(JSON.stringify(list)).not.toContain(hook.secret);
    const stored = JSON.stringify(await t.db.system((tx) => tx.selectFrom('civic_webhooks').selectAll().execute()));
    expect(stored).not.toContain(hook.secret);
    const audited = await t.db.system((tx) => tx.selectFrom('audit_events').select('details').where('action', '=', 'civic.webhook.create').execute());
    expect(JSON.stringify(audited)).not.toContain(hook.secret);
  });

  it('refuses bad addresses and other people, and changes nothing', async () => {
    const count = async () => (await t.db.system((tx) => tx.selectFrom('civic_webhooks').select('id').execute())).length;
    const before = await count();
    for (const url of ['http://hooks.example.org/x', 'https://10.0.0.8/x', 'https://169.254.169.254/', 'https://localhost/', 'ftp://hooks.example.org/', 'nonsense', '']) {
      const res = await admin.post('/api/civic/webhooks', { url, countries: [], types: [] });
      expect(res.statusCode, url).toBe(400);
    }
    expect((await admin.post('/api/civic/webhooks', { url: 'https://hooks.example.org/x', countries: ['QQ'] })).statusCode).toBe(400);
    expect((await admin.post('/api/civic/webhooks', { url: 'https://hooks.example.org/x', types: ['nonsense'] })).statusCode).toBe(400);
    expect((await monitor.post('/api/civic/webhooks', { url: 'https://hooks.example.org/x' })).statusCode).toBe(403);
    expect((await monitor.get('/api/civic/webhooks')).statusCode).toBe(403);
    expect((await t.client().get('/api/civic/webhooks')).statusCode).toBe(401);
    // Another organisation's administrator neither sees nor removes it.
    expect((await otherAdmin.get('/api/civic/webhooks')).json()).toEqual({ webhooks: [] });
    expect((await otherAdmin.delete(`/api/civic/webhooks/${hook.id}`)).statusCode).toBe(404);
    expect(await count()).toBe(before);
  });

  it('sends a published record about a followed country, signed, through a job; nothing about other countries', async () => {
    received.length = 0;
    const id = await published('WEBHOOK assembly banned');
    await published('WEBHOOK elsewhere', { country: 'XV', region: null });
    expect(received).toEqual([]);
    await t.runJobs();
    expect(received).toHaveLength(1);
    const [got] = received;
    const body = JSON.parse(got!.body);
    expect(body).toMatchObject({ event: 'civic.record.published', record: { id, country: 'XM', title: 'WEBHOOK assembly banned' }, url: expect.stringContaining('/public/civic/XM') });
    expect(got!.headers['tandem-event']).toBe('civic.record.published');
    const [, t1, v1] = /^t=(\d+),v1=([0-9a-f]{64})$/.exec(String(got!.headers['tandem-signature']))!;
    expect(createHmac('sha256', hook.secret).update(`${t1}.${got!.body}`).digest('hex')).toBe(v1);
    expect(Math.abs(Date.now() / 1000 - Number(t1))).toBeLessThan(120);
    expect((await deliveries()).find((d) => d.subjectId === id)).toMatchObject({ status: 'delivered', attempts: 1, lastStatus: 200 });
  });

  it('tries again when the receiver fails, and records each answer', async () => {
    received.length = 0;
    answer = 503;
    const id = await published('WEBHOOK retried');
    await t.runJobs();
    expect(received).toHaveLength(1);
    expect((await deliveries()).find((d) => d.subjectId === id)).toMatchObject({ status: 'pending', attempts: 1, lastStatus: 503 });
    answer = 200;
    await retriesDue();
    await t.runJobs();
    expect(received).toHaveLength(2);
    expect(received[1]!.headers['tandem-delivery']).toBe(received[0]!.headers['tandem-delivery']);
    expect((await deliveries()).find((d) => d.subjectId === id)).toMatchObject({ status: 'delivered', attempts: 2, lastStatus: 200 });
  });

  it('keeps webhooks their organisation’s in the database too', async () => {
    const who = await t.db.system((tx) =>
      tx.selectFrom('users').innerJoin('memberships', 'memberships.user_id', 'users.id').select(['users.id', 'users.email', 'memberships.org_id']).where('email', 'in', ['agency-admin@tandem.example', 'monitor@tandem.example']).execute(),
    );
    const centre = (await t.db.system((tx) => tx.selectFrom('civic_webhooks').select('org_id').where('id', '=', hook.id).executeTakeFirstOrThrow())).org_id;
    for (const w of who) {
      const seen = await t.db.transaction({ role: 'tandem_app', requestId: 'webhook-wall', userId: w.id, orgId: w.org_id }, async (tx) => ({
        hooks: (await tx.selectFrom('civic_webhooks').select('id').execute()).length,
        deliveries: (await tx.selectFrom('civic_webhook_deliveries').select('id').execute()).length,
        removed: Number((await tx.deleteFrom('civic_webhooks').where('id', '=', hook.id).executeTakeFirst()).numDeletedRows),
      }));
      expect(seen, w.email).toEqual({ hooks: 0, deliveries: 0, removed: 0 });
      await expect(
        t.db.transaction({ role: 'tandem_app', requestId: 'webhook-wall', userId: w.id, orgId: w.org_id }, (tx) =>
          tx.insertInto('civic_webhooks').values({ org_id: centre, url: 'https://hooks.example.org/sql', sealed_secret: 'x.y', created_by: w.id }).execute(),
        ),
      ).rejects.toThrow(/row-level security/);
    }
    // The application role cannot mark a delivery as made.
    const admin = who.find((w) => w.email === 'agency-admin@tandem.example')!;
    await expect(
      t.db.transaction({ role: 'tandem_app', requestId: 'webhook-wall', userId: admin.id, orgId: admin.org_id }, (tx) => sql`UPDATE civic_webhook_deliveries SET status = 'delivered'`.execute(tx)),
    ).rejects.toMatchObject({ code: '42501' });
  });

  it('is removed by its administrator, with its deliveries', async () => {
    expect((await admin.delete(`/api/civic/webhooks/${hook.id}`)).statusCode).toBe(204);
    expect((await admin.get('/api/civic/webhooks')).json()).toEqual({ webhooks: [] });
    expect(await t.db.system(async (tx) => (await tx.selectFrom('civic_webhook_deliveries').select('id').execute()).length)).toBe(0);
    received.length = 0;
    await published('WEBHOOK after removal');
    await t.runJobs();
    expect(received).toEqual([]);
  });
});
