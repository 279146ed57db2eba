// Alerts of the civic-space monitor: anyone signed in subscribes to a country (every type, or
// some); publishing a verified record about it, or confirming its rating, queues one e-mail per
// matching subscriber in their language through the mail queue — written by a job, not on the
// publishing request — and nothing for a record withdrawn before the job ran. Subscriptions are
// each person's own, in the service and under row-level security.
import { sql } from 'kysely';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { createTestApp, type TestApp } from '../support/app.ts';
import { backends } from '../support/databases.ts';
import type { TestClient } from '../support/client.ts';
import { civicRecord } from '../support/civic.ts';

describe.each(backends)('civic-space alerts on %s', (backend) => {
  let t: TestApp;
  let monitor: TestClient;
  let second: TestClient;
  let viewer: TestClient;
  let donor: TestClient;
  beforeAll(async () => {
    t = await createTestApp(backend);
    monitor = await t.signIn('monitor@tandem.example');
    second = await t.signIn('monitor-2@tandem.example');
    viewer = await t.signIn('viewer@tandem.example');
    donor = await t.signIn('donor@tandem.example');
  });
  afterAll(() => t?.close());

  const alerts = () =>
    t.db.system((tx) => tx.selectFrom('mail_outbox').select(['to_email', 'subject', 'body_text']).where('kind', '=', 'civic_alert').orderBy('to_email').execute());
  const verified = async (title: string, extra: Record<string, unknown> = {}) => {
    const id = (await monitor.post('/api/civic/records', { ...civicRecord(title), ...extra })).json().id as string;
    for (const n of [1, 2]) await monitor.post(`/api/civic/records/${id}/sources`, { url: `https://news.example.org/${n}`, title: `Source ${n}` });
    await monitor.post(`/api/civic/records/${id}/status`, { status: 'corroborated' });
    await second.post(`/api/civic/records/${id}/status`, { status: 'verified' });
    return id;
  };

  it('keeps each person’s subscriptions their own', async () => {
    expect((await viewer.put('/api/civic/subscriptions/XM', {})).statusCode).toBe(204);
    expect((await donor.put('/api/civic/subscriptions/XM', { types: ['bank_derisking'] })).statusCode).toBe(204);
    expect((await donor.put('/api/civic/subscriptions/XV', { types: [] })).statusCode).toBe(204);
    expect((await viewer.get('/api/civic/subscriptions')).json()).toEqual({ subscriptions: [{ country: 'XM', types: [] }] });
    expect((await donor.get('/api/civic/subscriptions')).json().subscriptions).toHaveLength(2);
    expect((await viewer.put('/api/civic/subscriptions/QQ', {})).statusCode).toBe(404);
    expect((await viewer.put('/api/civic/subscriptions/xm', {})).statusCode).toBe(400);
    expect((await viewer.put('/api/civic/subscriptions/XM', { types: ['nonsense'] })).statusCode).toBe(400);
    expect((await t.client().get('/api/civic/subscriptions')).statusCode).toBe(401);
    expect((await viewer.delete('/api/civic/subscriptions/XV')).statusCode).toBe(404);
    // The database on its own: a person reads no one else's subscriptions.
    const viewerId = (await t.db.system((tx) => tx.selectFrom('users').select('id').where('email', '=', 'viewer@tandem.example').executeTakeFirstOrThrow())).id;
    const seen = await t.db.transaction({ role: 'tandem_app', requestId: 'rls-check', userId: viewerId }, (tx) => sql<{ n: string }>`SELECT count(*) AS n FROM civic_subscriptions`.execute(tx));
    expect(Number(seen.rows[0]!.n)).toBe(1);
  });

  it('mails the subscribers of the country whose types match when a verified record is published, through a job', async () => {
    await t.db.system((tx) => tx.updateTable('users').set({ locale: 'en' }).where('email', 'in', ['viewer@tandem.example', 'donor@tandem.example']).execute());
    const id = await verified('ALERTED assembly dispersed');
    expect((await monitor.post(`/api/civic/records/${id}/publication`, { published: true })).statusCode).toBe(204);
    // Not written on the request.
    expect(await alerts()).toEqual([]);
    await t.runJobs();
    const sent = await alerts();
    expect(sent.map((m) => m.to_email)).toEqual(['viewer@tandem.example']);
    expect(sent[0]!.subject).toContain('Marisca');
    expect(sent[0]!.body_text).toContain('ALERTED assembly dispersed');
    expect(sent[0]!.body_text).toContain('/public/civic/XM');
    // A type the donor follows: now they hear too.
    const bank = await verified('ALERTED bank closes accounts', { types: ['bank_derisking'] });
    await monitor.post(`/api/civic/records/${bank}/publication`, { published: true });
    await t.runJobs();
    expect((await alerts()).filter((m) => (m.body_text ?? '').includes('ALERTED bank')).map((m) => m.to_email)).toEqual(['donor@tandem.example', 'viewer@tandem.example']);
  });

  it('alerts nobody about a record withdrawn before the job ran, nor after unsubscribing', async () => {
    const id = await verified('WITHDRAWN-BEFORE-ALERT record');
    await monitor.post(`/api/civic/records/${id}/publication`, { published: true });
    await monitor.post(`/api/civic/records/${id}/publication`, { published: false });
    await t.runJobs();
    expect((await alerts()).some((m) => (m.body_text ?? '').includes('WITHDRAWN-BEFORE-ALERT'))).toBe(false);
    expect((await donor.delete('/api/civic/subscriptions/XM')).statusCode).toBe(204);
    const bank = await verified('AFTER-UNSUBSCRIBE bank', { types: ['bank_derisking'] });
    await monitor.post(`/api/civic/records/${bank}/publication`, { published: true });
    await t.runJobs();
    expect((await alerts()).filter((m) => (m.body_text ?? '').includes('AFTER-UNSUBSCRIBE')).map((m) => m.to_email)).toEqual(['viewer@tandem.example']);
  });

  it('mails a confirmed rating in the subscriber’s language', async () => {
    await t.db.system((tx) => tx.updateTable('users').set({ locale: 'ru' }).where('email', '=', 'viewer@tandem.example').execute());
    const proposal = (await t.db.system((tx) => tx.selectFrom('civic_ratings').select('id').where('status', '=', 'proposed').where('country', '=', 'XM').executeTakeFirstOrThrow())).id;
    expect((await monitor.post(`/api/civic/ratings/${proposal}/confirm`)).statusCode).toBe(204);
    await t.runJobs();
    const rating = (await alerts()).filter((m) => m.subject.includes('оценка подтверждена'));
    expect(rating.map((m) => m.to_email)).toEqual(['viewer@tandem.example']);
    expect(rating[0]!.body_text).toMatch(/Марис/);
  });
});
