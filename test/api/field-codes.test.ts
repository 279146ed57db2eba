// Refused fields carry a stable code and its parameters beside the English sentence, whichever
// layer refused them: the route's zod schema (a text too short, a blank one, an e-mail address
// that is not one, a period ending before it starts), or a service that knows more than the
// schema (a period changed to end before it starts, a referral for data no consent covers).
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { FIELD_CODES } from '../../src/platform/http/field-codes.ts';
import { createTestApp, type TestApp } from '../support/app.ts';
import type { TestClient } from '../support/client.ts';
import { backends } from '../support/databases.ts';

type Field = { path: string; message: string; code: string; params?: Record<string, string | number> };

const plan = { title: 'Field codes plan', summary: 'A plan to be refused in several ways.', periodStart: '2026-01-01', periodEnd: '2029-12-31' };

describe.each(backends)('field codes in problem documents on %s', (backend) => {
  let t: TestApp;
  let planner: TestClient;
  let coordinator: TestClient;
  beforeAll(async () => {
    t = await createTestApp(backend);
    planner = await t.signIn('plan-coordinator@tandem.example');
    coordinator = await t.signIn('coordinator@tandem.example');
  });
  afterAll(() => t?.close());

  /** The field errors of a refusal, each checked to carry a code of the list and an English sentence. */
  function fieldsOf(res: { statusCode: number; body: string; json(): unknown }, status: number): Field[] {
    expect(res.statusCode, res.body).toBe(status);
    const errors = (res.json() as { errors?: Field[] }).errors ?? [];
    expect(errors.length, res.body).toBeGreaterThan(0);
    for (const e of errors) {
      expect(Object.keys(FIELD_CODES), res.body).toContain(e.code);
      expect(e.message, res.body).toMatch(/\p{L}/u);
      expect(Object.keys(e.params ?? {}).sort(), res.body).toEqual([...FIELD_CODES[e.code as keyof typeof FIELD_CODES]].sort());
    }
    return errors;
  }

  it('names a text too short with its minimum, and a blank one as required', async () => {
    const short = fieldsOf(await planner.post('/api/plans', { ...plan, title: 'ab' }), 400);
    expect(short).toContainEqual({ path: 'body.title', code: 'too_short', params: { min: 3 }, message: expect.any(String) });
    const blank = fieldsOf(await planner.post('/api/plans', { ...plan, title: '   ', periodStart: undefined }), 400);
    expect(blank).toContainEqual(expect.objectContaining({ path: 'body.title', code: 'required' }));
    expect(blank).toContainEqual(expect.objectContaining({ path: 'body.periodStart', code: 'required' }));
  });

  it('names an e-mail address that is not one by its format', async () => {
    const fields = fieldsOf(await t.client().post('/api/auth/login', { email: 'not-an-address', password: 'whatever it is' }), 400);
    expect(fields).toEqual([{ path: 'body.email', code: 'invalid_format', params: { format: 'email' }, message: 'must be an e-mail address' }]);
  });

  it('names a period that ends before it starts, from the schema and from the service', async () => {
    const backwards = fieldsOf(await planner.post('/api/plans', { ...plan, periodEnd: '2025-01-01' }), 400);
    expect(backwards).toEqual([{ path: 'body.periodEnd', code: 'order', message: 'must be after the start of the period' }]);
    const created = await planner.post('/api/plans', plan);
    expect(created.statusCode, created.body).toBe(201);
    // Only the end is sent: the schema cannot compare it with the stored start, the service does.
    const moved = fieldsOf(await planner.patch(`/api/plans/${created.json().id}`, { periodEnd: '2025-06-30' }), 400);
    expect(moved).toEqual([{ path: 'body.periodEnd', code: 'order', message: 'must be after the start of the period' }]);
  });

  it('names each data category a referral lacks a consent or an agreement for', async () => {
    const ids = await t.db.system(async (tx) => ({
      lac: (await tx.selectFrom('organisations').select('id').where('short_name', '=', 'LAC').executeTakeFirstOrThrow()).id,
      farrukh: (await tx.selectFrom('cases').select('id').where('alias', '=', 'Farrukh').executeTakeFirstOrThrow()).id,
    }));
    const body = { toOrgId: ids.lac, needDomain: 'legal', service: 'Legal counsel', reason: 'Questions about the investigation', dataCategories: ['identity', 'case_plan'] };
    const refused = fieldsOf(await coordinator.post(`/api/cases/${ids.farrukh}/referrals`, body), 422);
    expect(refused.map((f) => [f.path, f.code, f.params?.category]).sort()).toEqual([
      ['body.dataCategories', 'agreement_missing', 'case_plan'],
      ['body.dataCategories', 'consent_missing', 'case_plan'],
      ['body.dataCategories', 'consent_missing', 'identity'],
    ]);
    expect(refused.find((f) => f.code === 'consent_missing')!.message).toMatch(/^no valid consent or legal basis covers /);
  });
});
