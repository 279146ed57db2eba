// Reminders: raised by the scheduled step from the records (an unanswered referral, a consent
// about to end, a missed session), resolved when the condition is gone, mailed once as a digest
// to the people who act on cases, listed and dismissed by their organisation only.
import { sql } from 'kysely';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { raiseReminders } from '../../src/modules/cases/reminders.ts';
import { backends } from '../support/databases.ts';
import { createTestApp, type TestApp } from '../support/app.ts';
import type { TestClient } from '../support/client.ts';

type Reminder = { id: string; kind: string; caseId: string; caseNumber: string; dueOn: string };
const day = (offset: number) => new Date(Date.now() + offset * 86_400_000).toISOString().slice(0, 10);

describe.each(backends)('reminders on %s', (backend) => {
  let t: TestApp;
  let coordinator: TestClient;
  let caseworker: TestClient;
  let cases: Record<string, string>;
  const raise = () => raiseReminders(t.db, day(0), { delivery: 'hold', publicUrl: 'https://tandem.example' });
  const reminders = async (client: TestClient) => {
    const res = await client.get('/api/reminders');
    expect(res.statusCode).toBe(200);
    return (res.json() as { reminders: Reminder[] }).reminders;
  };
  const digests = (to: string) =>
    t.db.system((tx) => tx.selectFrom('mail_outbox').select(['subject', 'body_text']).where('kind', '=', 'case_reminders').where('to_email', '=', to).execute());

  beforeAll(async () => {
    t = await createTestApp(backend);
    coordinator = await t.signIn('coordinator@tandem.example');
    caseworker = await t.signIn('caseworker@tandem.example');
    const c = await t.db.system((tx) => tx.selectFrom('cases').select(['id', 'alias']).execute());
    cases = Object.fromEntries(c.map((x) => [x.alias, x.id]));
  });
  afterAll(() => t?.close());

  it('raises a reminder of an unanswered referral for the organisation asked and the one asking, and mails each once', async () => {
    expect(await reminders(caseworker)).toEqual([]);
    const first = await raise();
    expect(first.raised).toBeGreaterThan(0);
    const theirs = await reminders(caseworker);
    // Ilyas's referral was proposed nine days ago with five days to answer; Madina's is not yet due.
    expect(theirs.filter((r) => r.kind === 'referral_unanswered').map((r) => r.caseId)).toEqual([cases.Ilyas]);
    expect((await reminders(coordinator)).map((r) => `${r.kind}:${r.caseId}`)).toContain(`referral_unanswered:${cases.Ilyas}`);

    const mail = await digests('caseworker@tandem.example');
    expect(mail).toHaveLength(1);
    // Only offered the case, the centre is told a referral waits, without its number, name or alias.
    const ilyasNumber = await t.db.system(async (tx) => (await tx.selectFrom('cases').select('case_number').where('id', '=', cases.Ilyas!).executeTakeFirstOrThrow()).case_number);
    expect(theirs.find((r) => r.kind === 'referral_unanswered')!.caseNumber).toBeNull();
    expect(mail[0]!.body_text).toContain('a case offered to your organisation');
    expect(mail[0]!.body_text).not.toContain(ilyasNumber);
    expect(mail[0]!.body_text).not.toContain('Ilyas');
    // The agency that leads it sees the number.
    expect((await digests('coordinator@tandem.example'))[0]!.body_text).toContain(ilyasNumber);
    // A second run raises and mails nothing new.
    expect((await raise()).raised).toBe(0);
    expect(await digests('caseworker@tandem.example')).toHaveLength(1);
  });

  it('reminds of a review falling due to the organisation that judged, and of an overdue plan action to the one responsible', async () => {
    const lead = await reminders(coordinator);
    // Farrukh's latest judgement was due for review some days ago (demo data).
    expect(lead.some((r) => r.kind === 'review_due' && r.caseId === cases.Farrukh)).toBe(true);
    const overdue = await t.db.system((tx) =>
      tx.selectFrom('case_plan_actions as a').innerJoin('organisations as o', 'o.id', 'a.responsible_org_id')
        .select(['a.case_id', 'o.short_name']).where('a.status', 'in', ['planned', 'in_progress']).where('a.target_date', '<', day(0)).execute(),
    );
    expect(overdue.length).toBeGreaterThan(0);
    for (const a of overdue) {
      const mine = a.short_name === 'PRS' ? lead : await reminders(caseworker);
      expect(mine.some((r) => r.kind === 'action_overdue' && r.caseId === a.case_id), `${a.short_name} ${a.case_id}`).toBe(true);
    }
  });

  it('stops reminding a team organisation that may no longer see the plan, at once', async () => {
    const actionId = await t.db.system(async (tx) => {
      const bpc = (await tx.selectFrom('organisations').select('id').where('short_name', '=', 'BPC').executeTakeFirstOrThrow()).id;
      const goal = await tx.insertInto('case_plan_goals').values({ case_id: cases.Lilia!, domain: 'educational', description: 'Back to school' }).returning('id').executeTakeFirstOrThrow();
      const action = await tx
        .insertInto('case_plan_actions')
        .values({ case_id: cases.Lilia!, goal_id: goal.id, description: 'Meet the teacher', responsible_org_id: bpc, target_date: day(-2) })
        .returning('id')
        .executeTakeFirstOrThrow();
      return action.id;
    });
    await raise();
    const mine = await t.db.system((tx) => tx.selectFrom('case_reminders').select('id').where('subject_id', '=', actionId).executeTakeFirstOrThrow());
    expect((await reminders(caseworker)).map((r) => r.id)).toContain(mine.id);
    // Mailed to the team organisation as one of its cases: the case number is the lead agency's to read.
    const liliaNumber = await t.db.system(async (tx) => (await tx.selectFrom('cases').select('case_number').where('id', '=', cases.Lilia!).executeTakeFirstOrThrow()).case_number);
    const latest = (await digests('caseworker@tandem.example')).map((m) => m.body_text!).find((b) => b.includes('plan action due on'))!;
    expect(latest).toContain('a case your organisation works on: plan action due on');
    expect(latest).not.toContain(liliaNumber);
    await t.db.system((tx) => sql`UPDATE case_consents SET withdrawn_at = now(), withdrawal_reason = 'test' WHERE case_id = ${cases.Lilia} AND withdrawn_at IS NULL`.execute(tx));
    await raise();
    expect((await reminders(caseworker)).map((r) => r.id)).not.toContain(mine.id);
    const row = await t.db.system((tx) => tx.selectFrom('case_reminders').select('resolved_at').where('subject_id', '=', actionId).executeTakeFirstOrThrow());
    expect(row.resolved_at).not.toBeNull();
  });

  it('resolves the reminder when the referral is answered', async () => {
    const referral = await t.db.system((tx) =>
      tx.selectFrom('referrals').select('id').where('case_id', '=', cases.Ilyas!).where('status', '=', 'proposed').executeTakeFirstOrThrow(),
    );
    const answered = await caseworker.post(`/api/referrals/${referral.id}/answer`, { decision: 'accept' });
    expect(answered.statusCode).toBe(204);
    expect((await raise()).resolved).toBeGreaterThanOrEqual(2);
    expect((await reminders(caseworker)).filter((r) => r.kind === 'referral_unanswered')).toEqual([]);
    expect((await reminders(coordinator)).filter((r) => r.caseId === cases.Ilyas)).toEqual([]);
  });

  it('reminds the lead agency of a consent about to end and of a missed session, and lets it dismiss them', async () => {
    await t.db.system(async (tx) => {
      await sql`UPDATE case_consents SET ends_on = ${day(10)}::date WHERE case_id = ${cases.Sami}`.execute(tx);
      const ref = await tx.selectFrom('referrals').select('id').where('case_id', '=', cases.Rosa!).where('status', '=', 'accepted').executeTakeFirstOrThrow();
      await tx.insertInto('service_sessions').values({ referral_id: ref.id, case_id: cases.Rosa!, org_id: (await tx.selectFrom('organisations').select('id').where('short_name', '=', 'BPC').executeTakeFirstOrThrow()).id, session_on: day(-3), attendance: 'missed' }).execute();
    });
    await raise();
    const lead = await reminders(coordinator);
    const consent = lead.find((r) => r.kind === 'consent_expiring' && r.caseId === cases.Sami);
    const missed = lead.find((r) => r.kind === 'session_missed' && r.caseId === cases.Rosa);
    expect(consent?.dueOn).toBe(day(10));
    expect(missed?.dueOn).toBe(day(-3));
    // These are the lead agency's to act on, not the centre's.
    expect((await reminders(caseworker)).map((r) => r.kind)).not.toContain('session_missed');

    // Another organisation cannot dismiss it; the lead agency can, and it is not raised again.
    expect((await caseworker.post(`/api/reminders/${consent!.id}/dismiss`)).statusCode).toBe(404);
    expect((await coordinator.post(`/api/reminders/${consent!.id}/dismiss`)).statusCode).toBe(204);
    expect((await coordinator.post(`/api/reminders/${consent!.id}/dismiss`)).statusCode).toBe(404);
    await raise();
    expect((await reminders(coordinator)).map((r) => r.id)).not.toContain(consent!.id);
    await t.sealAudit();
    const audited = await t.db.system((tx) => tx.selectFrom('audit_events').select('action').where('action', '=', 'case.reminder.dismiss').execute());
    expect(audited).toHaveLength(1);
  });

  it('refuses people without a case role, and bad ids', async () => {
    const viewer = await t.signIn('viewer@tandem.example');
    expect((await viewer.get('/api/reminders')).statusCode).toBe(403);
    expect((await coordinator.post('/api/reminders/not-a-uuid/dismiss')).statusCode).toBe(400);
  });

  it('keeps reminders to their organisation in the database too, with the application check skipped', async () => {
    const seen = async (orgShortName: string, email: string) => {
      const who = await t.db.system(async (tx) =>
        (await sql<{ user_id: string; org_id: string }>`
          SELECT u.id AS user_id, o.id AS org_id FROM users u, organisations o WHERE u.email = ${email} AND o.short_name = ${orgShortName}`.execute(tx)).rows[0]!,
      );
      const rows = await t.db.transaction({ role: 'tandem_app', requestId: 'sql-check', userId: who.user_id, orgId: who.org_id }, async (tx) =>
        tx.selectFrom('case_reminders').select('org_id').execute(),
      );
      return { orgId: who.org_id, rows };
    };
    const lead = await seen('PRS', 'coordinator@tandem.example');
    expect(lead.rows.length).toBeGreaterThan(0);
    expect(lead.rows.every((r) => r.org_id === lead.orgId)).toBe(true);
    const outsider = await seen('PRS', 'viewer@tandem.example'); // no case role
    expect(outsider.rows).toEqual([]);
  });
});
