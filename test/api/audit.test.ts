// The audit trail: every sign-in and change leaves a sealed, chained event; the chain detects
// edits and deletions; the application cannot change it; a data protection officer reads and
// exports their organisation's part of it.
import { sql } from 'kysely';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { verifyAuditChain } from '../../src/platform/audit/chain.ts';
import { backends } from '../support/databases.ts';
import { createTestApp, type TestApp } from '../support/app.ts';

describe.each(backends)('audit trail on %s', (backend) => {
  let t: TestApp;
  beforeAll(async () => {
    t = await createTestApp(backend);
  });
  afterAll(() => t?.close());

  it('records sign-ins and reads of personal data, sealed into a chain that verifies', async () => {
    const c = await t.signIn('coordinator@tandem.example');
    await c.get('/api/organisations/current/members');
    await c.post('/api/auth/logout');
    await t.sealAudit();
    const actions = await t.db.system(async (tx) =>
      (await sql<{ action: string; sealed: boolean }>`SELECT action, hash IS NOT NULL AS sealed FROM audit_events ORDER BY id`.execute(tx)).rows,
    );
    expect(actions.map((a) => a.action)).toEqual(
      expect.arrayContaining(['auth.sign_in', 'auth.second_factor', 'org.members.read', 'auth.sign_out']),
    );
    expect(actions.every((a) => a.sealed)).toBe(true);
    const report = await verifyAuditChain(t.db);
    expect(report).toMatchObject({ ok: true, unsealed: 0 });
    expect(report.ok && report.sealed).toBe(actions.length);
  });

  it('seals concurrent writers into one unbroken chain', async () => {
    await Promise.all(Array.from({ length: 12 }, () => t.signIn('viewer@tandem.example')));
    await t.sealAudit();
    expect((await verifyAuditChain(t.db)).ok).toBe(true);
  });

  it('does not let the application role change or delete events', async () => {
    const as = (fn: Parameters<typeof t.db.transaction>[1]) => t.db.transaction({ role: 'tandem_app', requestId: 'x' }, fn);
    await expect(as((tx) => sql`UPDATE audit_events SET action = 'auth.nothing'`.execute(tx))).rejects.toMatchObject({ code: '42501' });
    await expect(as((tx) => sql`DELETE FROM audit_events`.execute(tx))).rejects.toMatchObject({ code: '42501' });
    // Nor the owner, for sealed rows: the guard trigger refuses.
    await expect(t.db.system((tx) => sql`UPDATE audit_events SET action = 'auth.nothing' WHERE hash IS NOT NULL`.execute(tx))).rejects.toThrow(
      /never change/,
    );
  });

  it('names the first broken row when an event was edited directly in the database', async () => {
    await t.signIn('viewer@tandem.example');
    await t.sealAudit();
    const target = await t.db.system(async (tx) =>
      (await sql<{ id: number; chain_seq: number }>`SELECT id, chain_seq FROM audit_events ORDER BY chain_seq LIMIT 1 OFFSET 3`.execute(tx)).rows[0]!,
    );
    await t.db.system(async (tx) => {
      await sql`ALTER TABLE audit_events DISABLE TRIGGER audit_events_guard`.execute(tx);
      await sql`UPDATE audit_events SET outcome = 'failure' WHERE id = ${target.id}`.execute(tx);
      await sql`ALTER TABLE audit_events ENABLE TRIGGER audit_events_guard`.execute(tx);
    });
    const report = await verifyAuditChain(t.db);
    expect(report).toMatchObject({ ok: false, brokenAt: { id: Number(target.id), chainSeq: Number(target.chain_seq) } });

    // Put it back: the chain verifies again; then delete a row: the gap is found.
    await t.db.system(async (tx) => {
      await sql`ALTER TABLE audit_events DISABLE TRIGGER audit_events_guard`.execute(tx);
      await sql`UPDATE audit_events SET outcome = 'success' WHERE id = ${target.id}`.execute(tx);
      await sql`DELETE FROM audit_events WHERE chain_seq = 2`.execute(tx);
      await sql`ALTER TABLE audit_events ENABLE TRIGGER audit_events_guard`.execute(tx);
    });
    const gap = await verifyAuditChain(t.db);
    expect(gap).toMatchObject({ ok: false, brokenAt: { chainSeq: 3 } });
  });

  describe('as a data protection officer', () => {
    it("reads and filters the organisation's events; other roles cannot", async () => {
      const coordinator = await t.signIn('coordinator@tandem.example'); // same organisation as the DPO
      await coordinator.get('/api/organisations/current/members');
      await t.signIn('viewer@tandem.example'); // another organisation
      const dpo = await t.signIn('dpo@tandem.example');

      const page = (await dpo.get('/api/audit?limit=200')).json() as { events: Array<{ action: string; actorName: string | null; actorOrgId: string }> };
      expect(page.events.length).toBeGreaterThan(0);
      const me = (await dpo.get('/api/auth/me')).json();
      expect(page.events.every((e) => e.actorOrgId === me.activeOrgId)).toBe(true);
      expect(page.events.some((e) => e.action === 'org.members.read' && e.actorName === 'Daniyar Seitkali')).toBe(true);

      const filtered = (await dpo.get('/api/audit?action=auth&outcome=success')).json() as { events: Array<{ action: string }> };
      expect(filtered.events.length).toBeGreaterThan(0);
      expect(filtered.events.every((e) => e.action.startsWith('auth.'))).toBe(true);

      const first = (await dpo.get('/api/audit?limit=2')).json() as { events: Array<{ id: number }>; nextBefore: number };
      const second = (await dpo.get(`/api/audit?limit=2&before=${first.nextBefore}`)).json() as { events: Array<{ id: number }> };
      expect(second.events[0]!.id).toBeLessThan(first.events[1]!.id + 1);

      // The total counts every matching event, whatever the page, up to the bound.
      const all = (await dpo.get('/api/audit?action=auth&outcome=success&limit=200')).json() as { events: unknown[]; total: number; totalCapped: boolean };
      expect(all.events.length).toBeLessThan(200);
      expect(all).toMatchObject({ total: all.events.length, totalCapped: false });
      const paged = (await dpo.get('/api/audit?action=auth&outcome=success&limit=1')).json() as { nextBefore: number; total: number };
      expect(paged.total).toBe(all.total);
      expect((await dpo.get(`/api/audit?action=auth&outcome=success&limit=1&before=${paged.nextBefore}`)).json().total).toBe(all.total);
      await t.db.system(async (tx) => {
        await sql`INSERT INTO audit_events (actor_user_id, actor_org_id, action, details)
                  SELECT ${me.user.id}::uuid, ${me.activeOrgId}::uuid, 'test.bulk', '{}'::jsonb FROM generate_series(1, 1001)`.execute(tx);
      });
      const bulk = (await dpo.get('/api/audit?action=test.bulk&limit=10')).json() as { events: unknown[]; total: number; totalCapped: boolean };
      expect(bulk).toMatchObject({ total: 1000, totalCapped: true });
      expect(bulk.events).toHaveLength(10);

      expect((await coordinator.get('/api/audit')).statusCode).toBe(403);
      expect((await t.client().get('/api/audit')).statusCode).toBe(401);
    });

    it('names cases by their number and people by their name, and filters by case number', async () => {
      const coordinator = await t.signIn('coordinator@tandem.example');
      const listed = (await coordinator.get('/api/cases?relation=lead&limit=1')).json() as { cases: Array<{ id: string; caseNumber: string }> };
      const theCase = listed.cases[0]!;
      expect((await coordinator.get(`/api/cases/${theCase.id}`)).statusCode).toBe(200);
      const dpo = await t.signIn('dpo@tandem.example');
      type Page = { events: Array<{ action: string; subjectType: string | null; subjectId: string | null; subjectLabel: string | null }> };
      const read = (await dpo.get(`/api/audit?action=case.read`)).json() as Page;
      const event = read.events.find((e) => e.subjectId === theCase.id);
      expect(event).toMatchObject({ subjectType: 'case', subjectLabel: theCase.caseNumber });
      // Typed as the officer knows it (any case), it selects that case's events only.
      const byNumber = (await dpo.get(`/api/audit?caseNumber=${theCase.caseNumber.toLowerCase()}`)).json() as Page;
      expect(byNumber.events.length).toBeGreaterThan(0);
      expect(byNumber.events.every((e) => e.subjectType === 'case' && e.subjectId === theCase.id)).toBe(true);
      expect(((await dpo.get('/api/audit?caseNumber=XM-1999-99999')).json() as Page).events).toEqual([]);
      expect((await dpo.get('/api/audit?caseNumber=case:1')).statusCode).toBe(400);
    });

    it('exports the trail as CSV, and the export itself is recorded', async () => {
      const dpo = await t.signIn('dpo@tandem.example');
      const res = await dpo.get('/api/audit/export?action=auth.sign_in');
      expect(res.statusCode).toBe(200);
      expect(res.headers['content-type']).toMatch(/^text\/csv/);
      expect(res.headers['content-disposition']).toMatch(/attachment; filename="tandem-audit-/);
      const lines = res.body.trim().split('\r\n');
      expect(lines[0]).toBe('"id","occurredAt","actorUserId","actorName","actorOrgId","action","outcome","subjectType","subjectId","subjectOrgId","requestId","sealed","details"');
      expect(lines.length).toBeGreaterThan(1);
      const recorded = await t.db.system(async (tx) =>
        (await sql<{ n: number }>`SELECT count(*)::int AS n FROM audit_events WHERE action = 'audit.export'`.execute(tx)).rows[0]!.n,
      );
      expect(recorded).toBe(1);
    });

    it('refuses malformed filters', async () => {
      const dpo = await t.signIn('dpo@tandem.example');
      for (const q of ['user=not-a-uuid', 'from=yesterday', 'limit=100000', "action=x'y"]) {
        expect((await dpo.get(`/api/audit?${q}`)).statusCode, q).toBe(400);
      }
    });
  });
});
