// The jobs page: platform administrators see every queue with its counts and schedule, and the
// jobs that failed their last attempt, and try one again; both audited. Schedules are kept by
// the queue, once for every instance.
import { sql } from 'kysely';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { backends } from '../support/databases.ts';
import { createTestApp, type TestApp } from '../support/app.ts';

describe.each(backends)('background jobs on %s', (backend) => {
  let t: TestApp;
  beforeAll(async () => {
    t = await createTestApp(backend, { TANDEM_REMINDER_MINUTES: '15' }, { workJobs: true });
  });
  afterAll(() => t?.close());

  it('lists every queue with its schedule to platform administrators only', async () => {
    const admin = await t.signIn('platform-admin@tandem.example');
    const res = await admin.get('/api/jobs');
    expect(res.statusCode).toBe(200);
    const { queues } = res.json() as { queues: Array<{ name: string; schedule: string | null }> };
    expect(Object.fromEntries(queues.map((q) => [q.name, q.schedule]))).toMatchObject({
      'mail.send': null,
      'mail.sweep': '* * * * *',
      'audit.seal': '* * * * *',
      'cases.reminders': '*/15 * * * *',
      'cases.retention': '17 */6 * * *',
    });
    expect((await (await t.signIn('org-admin@tandem.example')).get('/api/jobs')).statusCode).toBe(403);
  });

  it('shows a job that failed its last attempt, and tries it again', async () => {
    // A reminders run that cannot work: the reminders table is renamed away for a moment.
    await t.db.system((tx) => sql`ALTER TABLE case_reminders RENAME TO case_reminders_away`.execute(tx));
    try {
      await t.jobs.send('cases.reminders', {});
      for (let i = 0; i < 4; i++) {
        await t.runJobs();
        await t.db.system((tx) => sql`UPDATE pgboss.job SET start_after = now() WHERE name = 'cases.reminders' AND state = 'retry'`.execute(tx));
      }
    } finally {
      await t.db.system((tx) => sql`ALTER TABLE case_reminders_away RENAME TO case_reminders`.execute(tx));
    }
    const admin = await t.signIn('platform-admin@tandem.example');
    const { failures } = (await admin.get('/api/jobs')).json() as { failures: Array<{ id: string; name: string; attempts: number; error: string }> };
    const failed = failures.find((f) => f.name === 'cases.reminders')!;
    expect(failed).toMatchObject({ attempts: 3 });
    expect(failed.error).toContain('case_reminders');
    expect((await admin.post(`/api/jobs/cases.reminders/failures/${failed.id}/retry`)).statusCode).toBe(204);
    expect(await t.runJobs()).toBeGreaterThan(0);
    const after = (await admin.get('/api/jobs')).json() as { failures: Array<{ id: string }> };
    expect(after.failures.map((f) => f.id)).not.toContain(failed.id);
    // Both the reading and the retry are in the audit trail.
    const actions = await t.db.system(async (tx) => (await sql<{ action: string }>`SELECT action FROM audit_events WHERE action LIKE 'jobs.%'`.execute(tx)).rows.map((r) => r.action));
    expect(actions).toContain('jobs.read');
    expect(actions).toContain('jobs.retry');
  });
});
