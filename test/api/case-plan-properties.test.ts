// Property tests of the plan and conference endpoints: any body the schema refuses gets a 4xx
// problem (never a 500) and leaves the plan, the conferences and the timeline as they were.
import { refusedAsSent } from '../support/bad-input.ts';
import fc from 'fast-check';
import { sql } from 'kysely';
import type { ZodType } from 'zod';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { actionBody, actionUpdateBody, conferenceBody, dueQuery, goalBody, goalUpdateBody, recordConferenceBody } from '../../src/modules/cases/plan-schema.ts';
import { backends } from '../support/databases.ts';
import { createTestApp, type TestApp } from '../support/app.ts';
import type { TestClient } from '../support/client.ts';

describe.each(backends)('bad plan and conference input on %s', (backend) => {
  let t: TestApp;
  let coordinator: TestClient;
  const ids: Record<string, string> = {};
  beforeAll(async () => {
    t = await createTestApp(backend);
    coordinator = await t.signIn('coordinator@tandem.example');
    const lilia = await t.db.system((tx) => tx.selectFrom('cases').select('id').where('alias', '=', 'Lilia').executeTakeFirstOrThrow());
    ids.case = lilia.id;
    const action = await t.db.system((tx) => tx.selectFrom('case_plan_actions').select(['id', 'goal_id']).where('case_id', '=', lilia.id).executeTakeFirstOrThrow());
    ids.goal = action.goal_id;
    ids.action = action.id;
    ids.conference = (await coordinator.post(`/api/cases/${lilia.id}/conferences`, { heldAt: new Date(Date.now() - 3_600_000).toISOString(), place: 'Office', agenda: ['Review'] })).json().id;
  });
  afterAll(() => t?.close());

  const everything = () =>
    t.db.system(async (tx) =>
      (
        await sql<{ digest: string }>`SELECT concat_ws('|',
          (SELECT md5(coalesce(string_agg(x::text, ',' ORDER BY x::text), '')) FROM case_plan_goals x),
          (SELECT md5(coalesce(string_agg(x::text, ',' ORDER BY x::text), '')) FROM case_plan_actions x),
          (SELECT md5(coalesce(string_agg(x::text, ',' ORDER BY x::text), '')) FROM case_conferences x),
          (SELECT count(*)::text FROM case_events)) AS digest`.execute(tx)
      ).rows[0]!.digest,
    );

  const nasty = fc.oneof(
    fc.anything(),
    fc.constantFrom('', ' ', "'; DROP TABLE cases; --", '<script>x</script>', '\u0000', 'a'.repeat(25_000), '00000000-0000-0000-0000-000000000000', '2026-02-30', '-1', 'done', 'health'),
    fc.string(),
    fc.integer(),
    fc.array(fc.record({ orgId: fc.oneof(fc.uuid(), fc.string()), name: fc.string(), role: fc.string(), domain: fc.string(), description: fc.string(), targetDate: fc.string() }), { maxLength: 3 }),
  );
  const shaped = (keys: string[]) => fc.dictionary(fc.constantFrom(...keys), nasty, { maxKeys: keys.length });

  const BODIES: Array<{ name: string; method: 'POST' | 'PATCH'; url: () => string; keys: string[]; schema: ZodType }> = [
    { name: 'new goal', method: 'POST', url: () => `/api/cases/${ids.case}/plan/goals`, keys: ['domain', 'description'], schema: goalBody },
    { name: 'goal change', method: 'PATCH', url: () => `/api/cases/${ids.case}/plan/goals/${ids.goal}`, keys: ['description', 'status'], schema: goalUpdateBody },
    { name: 'new action', method: 'POST', url: () => `/api/cases/${ids.case}/plan/goals/${ids.goal}/actions`, keys: ['description', 'responsibleOrgId', 'responsibleUserId', 'targetDate'], schema: actionBody },
    { name: 'action change', method: 'PATCH', url: () => `/api/cases/${ids.case}/plan/actions/${ids.action}`, keys: ['description', 'responsibleOrgId', 'responsibleUserId', 'targetDate', 'status', 'completedOn'], schema: actionUpdateBody },
    { name: 'new conference', method: 'POST', url: () => `/api/cases/${ids.case}/conferences`, keys: ['heldAt', 'place', 'agenda'], schema: conferenceBody },
    { name: 'conference record', method: 'POST', url: () => `/api/cases/${ids.case}/conferences/${ids.conference}/record`, keys: ['attendees', 'minutes', 'decisions', 'actionItems'], schema: recordConferenceBody },
  ];

  it.each(BODIES.map((b) => [b.name, b] as const))('%s: bodies the schema refuses change nothing', { timeout: 180_000 }, async (_name, endpoint) => {
    const before = await everything();
    await fc.assert(
      fc.asyncProperty(
        fc.oneof(shaped(endpoint.keys), nasty).filter(refusedAsSent(endpoint.schema)),
        async (body) => {
          const res = await coordinator.request(endpoint.method, endpoint.url(), body === undefined ? null : body);
          expect(res.statusCode, res.body.slice(0, 200)).toBeGreaterThanOrEqual(400);
          expect(res.statusCode).toBeLessThan(500);
          expect(JSON.parse(res.body)).toHaveProperty('code');
        },
      ),
      { numRuns: 40 },
    );
    expect(await everything()).toEqual(before);
  });

  it('ids in the path that are not of this case answer 4xx and change nothing', { timeout: 120_000 }, async () => {
    const before = await everything();
    await fc.assert(
      fc.asyncProperty(fc.oneof(fc.uuid(), fc.string({ minLength: 1, maxLength: 60 })), async (id) => {
        const seg = encodeURIComponent(id);
        for (const [method, url, body] of [
          ['PATCH', `/api/cases/${ids.case}/plan/actions/${seg}`, { status: 'done' }],
          ['PATCH', `/api/cases/${ids.case}/plan/goals/${seg}`, { status: 'achieved' }],
          ['POST', `/api/cases/${ids.case}/conferences/${seg}/record`, { attendees: [{ orgId: ids.case, name: 'x', role: 'y' }], minutes: 'x' }],
          ['GET', `/api/cases/${seg}/plan`, undefined],
        ] as const) {
          const res = await coordinator.request(method, url, body);
          expect(res.statusCode, `${method} ${url}`).toBeGreaterThanOrEqual(400);
          expect(res.statusCode).toBeLessThan(500);
        }
      }),
      { numRuns: 25 },
    );
    expect(await everything()).toEqual(before);
  });

  it('the due list refuses any days the schema refuses', async () => {
    await fc.assert(
      fc.asyncProperty(fc.string({ minLength: 1, maxLength: 12 }).filter((v) => !dueQuery.safeParse({ days: v }).success), async (days) => {
        const res = await coordinator.get(`/api/plan-actions/due?days=${encodeURIComponent(days)}`);
        expect(res.statusCode).toBe(400);
      }),
      { numRuns: 40 },
    );
  });
});
