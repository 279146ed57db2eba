// What mail may say, and who reads it held. Every kind of mail the flows produce is scanned for
// the written reasons and notes it must never carry and for the people on cases (names, aliases,
// document numbers, phones, addresses); case numbers reach only the lead agency's own people.
// Held mail is read by the administrators of the recipient's organisation only — in the service
// and in the database — and a held password-reset link never gets past the second factor.
import { readFileSync } from 'node:fs';
import { resolve } from 'node:path';
import { sql } from 'kysely';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { raiseReminders } from '../../src/modules/cases/reminders.ts';
import { DEMO_CASES } from '../../src/demo/cases.ts';
import { DEMO_ACCOUNTS } from '../../src/demo/data.ts';
import type { TxContext } from '../../src/platform/db/context.ts';
import { backends } from '../support/databases.ts';
import { createTestApp, type TestApp } from '../support/app.ts';
import type { TestClient } from '../support/client.ts';

/** Written into every reason, note and answer below: no mail may ever contain it. */
const MARKER = 'QX7-MARKER-ZEBRA';
const NEW_PASSWORD = 'lanterns over the old bridge 4';
const today = () => new Date().toISOString().slice(0, 10);

type Mail = { id: string; kind: string; to_email: string; org_id: string | null; subject: string; body_text: string | null; status: string };
type Held = { to: string; kind: string; subject: string; text: string | null };

describe.each(backends)('mail privacy on %s', (backend) => {
  let t: TestApp;
  let orgs: Record<string, string>;
  let users: Record<string, string>;
  let bpcAdmin: TestClient;
  let prsAdmin: TestClient;
  let platformAdmin: TestClient;

  beforeAll(async () => {
    t = await createTestApp(backend);
    orgs = Object.fromEntries((await t.db.system((tx) => tx.selectFrom('organisations').select(['id', 'short_name']).execute())).map((o) => [o.short_name!, o.id]));
    users = Object.fromEntries((await t.db.system((tx) => tx.selectFrom('users').select(['id', 'email']).execute())).map((u) => [u.email, u.id]));
    // Bridge Psychosocial Centre's administrator is its data protection officer too, so that a
    // break-glass by one of its caseworkers is mailed to both organisations' officers.
    await t.db.system((tx) => sql`UPDATE memberships SET roles = ARRAY['org_admin', 'dpo'] WHERE user_id = ${users['org-admin@tandem.example']}::uuid`.execute(tx));
    bpcAdmin = await t.signIn('org-admin@tandem.example');
    prsAdmin = await t.signIn('agency-admin@tandem.example');
    platformAdmin = await t.signIn('platform-admin@tandem.example');
  });
  afterAll(() => t?.close());

  const allMail = () =>
    t.db.system(async (tx) => (await sql<Mail>`SELECT id, kind, to_email, org_id, subject, body_text, status FROM mail_outbox ORDER BY created_at`.execute(tx)).rows);
  const outboxOf = async (client: TestClient) => {
    const res = await client.get('/api/mail/outbox');
    expect(res.statusCode, res.body).toBe(200);
    return (res.json() as { messages: Held[] }).messages;
  };
  const asApp = <T,>(ctx: Omit<TxContext, 'requestId'>, fn: Parameters<TestApp['db']['transaction']>[1]) =>
    t.db.transaction({ requestId: 'mail-walls', ...ctx }, fn) as Promise<T>;
  const ctxOf = (email: string, org: string): Omit<TxContext, 'requestId'> => ({ role: 'tandem_app', userId: users[email]!, orgId: orgs[org]! });

  describe('what mail says', () => {
    it('produces every kind of mail from the flows, none carrying a reason, a note or a person on a case', async () => {
      const aziz = await t.db.system((tx) => tx.selectFrom('cases').select(['id', 'case_number', 'lead_org_id']).where('alias', '=', 'Aziz').executeTakeFirstOrThrow());
      // Emergency access, with a reason naming the person.
      const caseworker = await t.signIn('caseworker@tandem.example');
      const opened = await caseworker.post('/api/break-glass', { caseNumber: aziz.case_number, reason: `${MARKER}: Aziz Rakhimov is at our door in crisis tonight.`, minutes: 30 });
      expect(opened.statusCode, opened.body).toBe(201);
      // A subject access export by the coordinator, with a reason.
      const coordinator = await t.signIn('coordinator@tandem.example');
      const exported = await coordinator.post('/api/subject-access', { caseNumber: aziz.case_number, reason: `${MARKER}: Aziz Rakhimov asked for everything held on him.`, format: 'json' });
      expect(exported.statusCode, exported.body).toBe(202);
      // Reminders, mailed as digests to the lead agency and to partners.
      await raiseReminders(t.db, today(), { delivery: 'hold', publicUrl: 'https://tandem.example' });
      // An invitation and a password reset.
      expect((await bpcAdmin.post('/api/organisations/current/invitations', { email: 'new.colleague@example.org', displayName: 'New Colleague', roles: ['caseworker'] })).statusCode).toBe(201);
      expect((await t.client().post('/api/auth/password-reset', { email: 'monitor@tandem.example' })).statusCode).toBe(202);
      // Planning: an answer with written reasons, and an invitation to a consultation.
      const plans = await t.signIn('plan-coordinator@tandem.example');
      const waiting = await t.db.system((tx) =>
        tx.selectFrom('contributions').select(['id', 'plan_id']).where('response_status', 'is', null).orderBy('submitted_at').executeTakeFirstOrThrow(),
      );
      const answered = await plans.put(`/api/plans/${waiting.plan_id}/contributions/${waiting.id}/response`, { status: 'not_accepted', reasons: `${MARKER}: this is covered by another section already.` });
      expect(answered.statusCode, answered.body).toBe(204);
      const day = (offset: number) => new Date(Date.now() + offset * 86_400_000).toISOString();
      const round = await plans.post(`/api/plans/${waiting.plan_id}/consultations`, {
        title: 'A round for the mail check',
        opensAt: day(-1),
        closesAt: day(14),
        modes: ['online'],
        openTo: 'invited',
        questions: ['What is missing?'],
      });
      expect(round.statusCode, round.body).toBe(201);
      const invited = await plans.post(`/api/plans/${waiting.plan_id}/consultations/${round.json().id}/invitations`, { orgIds: [orgs.YH] });
      expect(invited.statusCode, invited.body).toBe(200);
      expect(invited.json().mailed).toBeGreaterThan(0);

      const mail = await allMail();
      expect(new Set(mail.map((m) => m.kind))).toEqual(
        new Set(['break_glass', 'subject_access', 'case_reminders', 'invitation', 'password_reset', 'contribution_answered', 'consultation_invitation']),
      );
      const staffFirstNames = new Set(DEMO_ACCOUNTS.map((a) => a.displayName.split(' ')[0]));
      const personData = DEMO_CASES.flatMap((c) => [
        c.identity.legalName,
        c.identity.address,
        ...(c.identity.documentNumbers ?? []),
        ...(c.identity.phones ?? []),
      ]).filter((v): v is string => typeof v === 'string' && v.length > 0);
      const aliases = DEMO_CASES.map((c) => c.alias).filter((a) => !staffFirstNames.has(a));
      for (const m of mail) {
        const text = `${m.subject}\n${m.body_text ?? ''}`;
        expect(text, `${m.kind} to ${m.to_email}`).not.toContain(MARKER);
        for (const value of personData) expect(text, `${m.kind} to ${m.to_email}`).not.toContain(value);
        for (const alias of aliases) expect(text, `${m.kind} to ${m.to_email}`).not.toMatch(new RegExp(`\\b${alias}\\b`));
      }

      // Case numbers: only to the lead agency's own people.
      const numbers = await t.db.system((tx) => tx.selectFrom('cases').select(['case_number', 'lead_org_id']).execute());
      const members = await t.db.system((tx) =>
        tx.selectFrom('memberships as m').innerJoin('users as u', 'u.id', 'm.user_id').select(['u.email', 'm.org_id']).where('m.status', '=', 'active').execute(),
      );
      for (const m of mail) {
        for (const c of numbers) {
          if (!`${m.subject}\n${m.body_text ?? ''}`.includes(c.case_number)) continue;
          expect(members.some((x) => x.email === m.to_email && x.org_id === c.lead_org_id), `${c.case_number} in ${m.kind} to ${m.to_email}`).toBe(true);
        }
      }
      const partnerDigest = mail.find((m) => m.kind === 'case_reminders' && m.to_email === 'caseworker@tandem.example');
      expect(partnerDigest?.body_text).toMatch(/referral waiting for an answer since \d{4}-\d{2}-\d{2}/);

      // Break-glass: who, which organisation, when, until when, and where to review it.
      const glass = mail.filter((m) => m.kind === 'break_glass');
      expect(glass.map((m) => [m.to_email, m.org_id]).sort()).toEqual([
        ['dpo@tandem.example', orgs.PRS],
        ['org-admin@tandem.example', orgs.BPC],
      ]);
      const toLead = glass.find((m) => m.to_email === 'dpo@tandem.example')!;
      expect(toLead.body_text).toContain('Amina Rahimova (Bridge Psychosocial Centre)');
      expect(toLead.body_text).toContain(aziz.case_number);
      expect(toLead.body_text).toContain('/break-glass');
      expect(toLead.body_text).toMatch(/\d{4}-\d{2}-\d{2} \d{2}:\d{2} UTC/);
      const toPartner = glass.find((m) => m.to_email === 'org-admin@tandem.example')!;
      expect(toPartner.body_text).toContain('/break-glass');
      expect(toPartner.body_text).not.toContain(aziz.case_number);
    });

    it('files every message under the recipient’s organisation', async () => {
      const members = await t.db.system((tx) =>
        tx.selectFrom('memberships as m').innerJoin('users as u', 'u.id', 'm.user_id').select(['u.email', 'm.org_id']).where('m.status', '=', 'active').execute(),
      );
      const invited = await t.db.system((tx) => tx.selectFrom('invitations').select(['email', 'org_id']).execute());
      for (const m of await allMail()) {
        expect(m.org_id, `${m.kind} to ${m.to_email}`).not.toBeNull();
        const belongs = members.some((x) => x.email === m.to_email && x.org_id === m.org_id) || invited.some((x) => x.email === m.to_email && x.org_id === m.org_id);
        expect(belongs, `${m.kind} to ${m.to_email}`).toBe(true);
      }
    });
  });

  describe('who reads held mail', () => {
    it('shows an administrator only the held mail of their own organisation’s people', async () => {
      const bpc = await outboxOf(bpcAdmin);
      expect(bpc.map((m) => m.to)).toEqual(expect.arrayContaining(['new.colleague@example.org', 'org-admin@tandem.example', 'caseworker@tandem.example']));
      const bpcPeople = new Set([...(await t.db.system((tx) => tx.selectFrom('memberships').innerJoin('users', 'users.id', 'memberships.user_id').select('users.email').where('memberships.org_id', '=', orgs.BPC!).execute())).map((r) => r.email), 'new.colleague@example.org']);
      expect(bpc.every((m) => bpcPeople.has(m.to))).toBe(true);
      const prs = await outboxOf(prsAdmin);
      expect(prs.map((m) => m.to)).toContain('dpo@tandem.example');
      expect(prs.map((m) => m.to)).not.toContain('caseworker@tandem.example');
      expect(prs.map((m) => m.to)).not.toContain('new.colleague@example.org');
    });

    it('does not show a platform administrator another organisation’s invitations or password resets', async () => {
      expect((await t.client().post('/api/auth/password-reset', { email: 'caseworker@tandem.example' })).statusCode).toBe(202);
      expect((await t.client().post('/api/auth/password-reset', { email: 'plan-coordinator@tandem.example' })).statusCode).toBe(202);
      const created = await platformAdmin.post('/api/organisations', {
        name: 'Open Hands Network',
        shortName: 'OHN',
        type: 'cso',
        country: 'XM',
        regions: [],
        areasOfWork: [],
        needDomains: [],
        languages: [],
        womenLed: false,
        genderExpertise: false,
        registrationStatus: 'registered',
        visibility: 'partners',
        description: null,
        firstAdmin: { email: 'first.admin@openhands.example', displayName: 'First Admin', locale: 'en' },
      });
      expect(created.statusCode, created.body).toBe(201);
      const seen = await outboxOf(platformAdmin);
      // Their own organisation's people only: the plan coordinator of the coordination centre.
      expect(seen.map((m) => [m.to, m.kind])).toEqual([['plan-coordinator@tandem.example', 'password_reset']]);
      const heldFor = (to: string) => t.db.system((tx) => tx.selectFrom('mail_outbox').select(['org_id', 'status']).where('to_email', '=', to).execute());
      expect(await heldFor('first.admin@openhands.example')).toEqual([{ org_id: expect.any(String), status: 'held' }]);
      expect((await heldFor('first.admin@openhands.example'))[0]!.org_id).not.toBe(orgs.NCCP);
      // Bridge's administrator passes on its caseworker's reset link; nobody else sees it.
      expect((await outboxOf(bpcAdmin)).filter((m) => m.kind === 'password_reset').map((m) => m.to)).toEqual(['caseworker@tandem.example']);
      expect((await outboxOf(prsAdmin)).filter((m) => m.kind === 'password_reset')).toEqual([]);
    });

    it('keeps the same wall in the database, with the application check skipped', async () => {
      const rowsAs = (ctx: Omit<TxContext, 'requestId'>) =>
        asApp<Array<{ to_email: string; kind: string; org_id: string | null; status: string }>>(ctx, (tx) => tx.selectFrom('mail_outbox').select(['to_email', 'kind', 'org_id', 'status']).execute());
      const resets = (rows: Array<{ to_email: string; kind: string }>) => rows.filter((r) => r.kind === 'password_reset').map((r) => r.to_email);
      const platform = await rowsAs(ctxOf('platform-admin@tandem.example', 'NCCP'));
      expect(platform.length).toBeGreaterThan(0);
      expect(platform.every((r) => r.org_id === orgs.NCCP && r.status === 'held')).toBe(true);
      expect(platform.map((r) => r.to_email)).not.toContain('caseworker@tandem.example');
      expect(platform.map((r) => r.to_email)).not.toContain('first.admin@openhands.example');
      const bpc = await rowsAs(ctxOf('org-admin@tandem.example', 'BPC'));
      expect(bpc.every((r) => r.org_id === orgs.BPC)).toBe(true);
      expect(resets(bpc)).toEqual(['caseworker@tandem.example']);
      // Not an administrator; an administrator acting for an organisation they are not in; nobody.
      expect(await rowsAs(ctxOf('caseworker@tandem.example', 'BPC'))).toEqual([]);
      expect(await rowsAs({ role: 'tandem_app', userId: users['platform-admin@tandem.example']!, orgId: orgs.BPC! })).toEqual([]);
      expect(await rowsAs({ role: 'tandem_app', userId: null, orgId: null })).toEqual([]);
      // Mail that is not held (being sent, or sent) is not for reading.
      await t.db.system((tx) => sql`UPDATE mail_outbox SET status = 'pending' WHERE to_email = 'caseworker@tandem.example' AND kind = 'password_reset'`.execute(tx));
      expect(resets(await rowsAs(ctxOf('org-admin@tandem.example', 'BPC')))).toEqual([]);
      expect((await outboxOf(bpcAdmin)).filter((m) => m.kind === 'password_reset')).toEqual([]);
      await t.db.system((tx) => sql`UPDATE mail_outbox SET status = 'held' WHERE to_email = 'caseworker@tandem.example' AND kind = 'password_reset'`.execute(tx));
      // Only the columns the outbox page shows.
      await expect(asApp(ctxOf('org-admin@tandem.example', 'BPC'), (tx) => sql`SELECT last_error FROM mail_outbox`.execute(tx))).rejects.toThrow(/permission denied/);
      await expect(asApp(ctxOf('org-admin@tandem.example', 'BPC'), (tx) => sql`UPDATE mail_outbox SET body_text = NULL`.execute(tx))).rejects.toThrow(/permission denied/);
    });

    it('files mail in the database only under the recipient’s organisation, whoever sends it', async () => {
      let n = 0;
      /** Inserts as the given request role; answers the organisation the row was filed under. */
      const insert = async (ctx: Omit<TxContext, 'requestId'>, row: { org: string | null; to: string; kind?: string; status?: string }) => {
        const subject = `wall check ${++n}`;
        await asApp(ctx, (tx) =>
          sql`INSERT INTO mail_outbox (org_id, kind, to_email, subject, body_text, status)
            VALUES (${row.org}::uuid, ${row.kind ?? 'invitation'}, ${row.to}, ${subject}, 'body', ${row.status ?? 'held'})`.execute(tx),
        );
        return (await t.db.system((tx) => tx.selectFrom('mail_outbox').select('org_id').where('subject', '=', subject).executeTakeFirstOrThrow())).org_id;
      };
      const bpcAdminCtx = ctxOf('org-admin@tandem.example', 'BPC');
      // Its own people, and someone invited into it: filed under it.
      expect(await insert(bpcAdminCtx, { org: orgs.BPC!, to: 'caseworker@tandem.example' })).toBe(orgs.BPC);
      expect(await insert(bpcAdminCtx, { org: orgs.BPC!, to: 'New.Colleague@example.org' })).toBe(orgs.BPC);
      // Another organisation's person under the sender's organisation, a person under an
      // organisation they are not in, an address nobody invited: filed under none.
      expect(await insert(bpcAdminCtx, { org: orgs.BPC!, to: 'dpo@tandem.example' })).toBeNull();
      expect(await insert(bpcAdminCtx, { org: orgs.PRS!, to: 'caseworker@tandem.example' })).toBeNull();
      expect(await insert(bpcAdminCtx, { org: orgs.BPC!, to: 'stranger@example.org' })).toBeNull();
      // Cross-organisation mail that is the recipient's: a coordinator mailing another agency's officer.
      expect(await insert(ctxOf('coordinator@tandem.example', 'PRS'), { org: orgs.BPC!, to: 'org-admin@tandem.example', kind: 'break_glass' })).toBe(orgs.BPC);
      // A deactivated membership is not the recipient's organisation any more.
      await t.db.system((tx) => sql`UPDATE memberships SET status = 'deactivated' WHERE user_id = ${users['monitor@tandem.example']}::uuid`.execute(tx));
      expect(await insert(bpcAdminCtx, { org: orgs.LAC!, to: 'monitor@tandem.example' })).toBeNull();
      await t.db.system((tx) => sql`UPDATE memberships SET status = 'active' WHERE user_id = ${users['monitor@tandem.example']}::uuid`.execute(tx));
      // Refused: as already sent, and a password reset from a request.
      const refused = /row-level security/;
      await expect(insert(bpcAdminCtx, { org: orgs.BPC!, to: 'caseworker@tandem.example', status: 'sent' })).rejects.toThrow(refused);
      await expect(insert(bpcAdminCtx, { org: orgs.BPC!, to: 'caseworker@tandem.example', kind: 'password_reset' })).rejects.toThrow(refused);
      // The sign-in role queues password resets only, filed the same way.
      const auth = { role: 'tandem_auth' as const };
      expect(await insert(auth, { org: orgs.BPC!, to: 'caseworker@tandem.example', kind: 'password_reset' })).toBe(orgs.BPC);
      expect(await insert(auth, { org: orgs.PRS!, to: 'caseworker@tandem.example', kind: 'password_reset' })).toBeNull();
      await expect(insert(auth, { org: orgs.BPC!, to: 'caseworker@tandem.example', kind: 'invitation' })).rejects.toThrow(refused);
      // What was filed under none is read by no administrator, not even the platform's.
      const unfiled = new Set((await t.db.system((tx) => tx.selectFrom('mail_outbox').select('subject').where('subject', 'like', 'wall check %').where('org_id', 'is', null).execute())).map((r) => r.subject));
      expect(unfiled.size).toBe(5);
      for (const [email, org] of [['org-admin@tandem.example', 'BPC'], ['agency-admin@tandem.example', 'PRS'], ['platform-admin@tandem.example', 'NCCP'], ['monitor@tandem.example', 'LAC']] as const) {
        const seen = await asApp<Array<{ subject: string }>>(ctxOf(email, org), (tx) => tx.selectFrom('mail_outbox').select('subject').where('subject', 'like', 'wall check %').execute());
        expect(seen.filter((r) => unfiled.has(r.subject)), email).toEqual([]);
      }
    });
  });

  describe('mail written before', () => {
    it('loses the reason of a break-glass mail queued before migration 0045', async () => {
      const migration = readFileSync(resolve(import.meta.dirname, '../../src/modules/identity/migrations/0045_identity_held_mail.sql'), 'utf8');
      const scrub = migration.slice(migration.indexOf('UPDATE mail_outbox'));
      await t.db.system(async (tx) => {
        await sql`INSERT INTO mail_outbox (org_id, kind, to_email, subject, body_text, status)
          VALUES (${orgs.PRS}::uuid, 'break_glass', 'dpo@tandem.example', 'Tandem: emergency access to case XM-2026-00010', ${`Reason given:\n${MARKER}`}, 'held')`.execute(tx);
        await sql.raw(scrub).execute(tx);
      });
      const kept = await t.db.system((tx) => tx.selectFrom('mail_outbox').select(['subject', 'body_text']).where('kind', '=', 'break_glass').execute());
      expect(kept.length).toBeGreaterThan(0);
      for (const m of kept) expect(`${m.subject}\n${m.body_text}`).not.toContain(MARKER);
    });
  });

  describe('a held password-reset link and the second factor', () => {
    it('resets the password without a session and without touching the second factor: signing in still needs it', async () => {
      const factor = () =>
        t.db.system(async (tx) =>
          (await sql<{ secret: string; confirmed: Date | null; codes: number }>`
            SELECT f.totp_secret AS secret, f.confirmed_at AS confirmed,
              (SELECT count(*)::int FROM mfa_recovery_codes r WHERE r.user_id = f.user_id AND r.used_at IS NULL) AS codes
            FROM user_mfa f WHERE f.user_id = ${users['caseworker@tandem.example']}::uuid`.execute(tx)).rows[0],
        );
      // Recovery codes, so that both ways of giving the second factor are tried.
      const amina = await t.signIn('caseworker@tandem.example');
      const codes = (await amina.post('/api/auth/mfa/recovery-codes', { code: await t.totpCode('caseworker@tandem.example') })).json().recoveryCodes as string[];
      expect(codes).toHaveLength(10);
      const before = await factor();
      expect(before?.confirmed).not.toBeNull();

      const resetWith = async (password: string) => {
        const guest = t.client();
        expect((await guest.post('/api/auth/password-reset', { email: 'caseworker@tandem.example' })).statusCode).toBe(202);
        // The administrator of Bridge reads the held link and passes it on.
        const held = (await outboxOf(bpcAdmin)).find((m) => m.kind === 'password_reset' && m.to === 'caseworker@tandem.example')!;
        const token = /#token=([A-Za-z0-9_-]{43})/.exec(held.text!)![1]!;
        const done = await guest.post('/api/auth/password-reset/complete', { token, password });
        expect(done.statusCode, done.body).toBe(204);
        expect(done.body).toBe('');
        expect(String(done.headers['set-cookie'] ?? '')).not.toContain('tandem_session=');
        expect((await guest.get('/api/auth/me')).statusCode).toBe(401);
        const open = await t.db.system((tx) =>
          tx.selectFrom('sessions').select('id').where('user_id', '=', users['caseworker@tandem.example']!).where('revoked_at', 'is', null).execute(),
        );
        expect(open).toEqual([]);
      };

      await resetWith(NEW_PASSWORD);
      expect(await factor()).toEqual(before);
      expect((await amina.get('/api/auth/me')).statusCode).toBe(401);
      // The new password alone: the second factor is owed, and nothing is granted before it.
      const holder = t.client();
      const login = await holder.post('/api/auth/login', { email: 'caseworker@tandem.example', password: NEW_PASSWORD });
      expect(login.statusCode).toBe(200);
      expect(login.json()).toEqual({ mfaRequired: true });
      expect((await holder.get('/api/auth/me')).json()).toMatchObject({ stage: 'mfa_pending', roles: [], activeOrgId: null });
      expect((await holder.get('/api/reminders')).statusCode).toBe(403);
      expect((await holder.post('/api/auth/mfa/enrolment')).statusCode).toBe(403);
      expect((await holder.post('/api/auth/mfa', { code: '000000' })).statusCode).toBe(401);
      expect((await holder.post('/api/auth/mfa', { code: await t.totpCode('caseworker@tandem.example') })).json()).toMatchObject({ stage: 'complete' });
      expect((await holder.get('/api/reminders')).statusCode).toBe(200);

      // Again, finishing with a recovery code instead.
      await resetWith(`${NEW_PASSWORD} again`);
      const second = t.client();
      expect((await second.post('/api/auth/login', { email: 'caseworker@tandem.example', password: `${NEW_PASSWORD} again` })).json()).toEqual({ mfaRequired: true });
      expect((await second.post('/api/auth/mfa', { code: codes[0] })).json()).toMatchObject({ stage: 'complete' });
      expect((await factor())?.codes).toBe(before!.codes - 1);
    });
  });
});
