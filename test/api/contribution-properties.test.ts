// Property tests of the consultation and contribution endpoints: any body the schema refuses
// gets a 4xx problem (never a 500) and leaves consultations, invitations, registers,
// contributions, answers and the mail outbox as they were; so do well-formed bodies naming
// things that are not part of the plan.
import fc from 'fast-check';
import { sql } from 'kysely';
import type { ZodType } from 'zod';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { DEMO_PLAN_TITLE } from '../../src/demo/plans.ts';
import { consultationBody, consultationPatchBody, invitationBody, participantBody } from '../../src/modules/planning/consultation-schema.ts';
import { contributionBody, contributionQuery, responseBody } from '../../src/modules/planning/contribution-schema.ts';
import { outOfRangeMoment, textWithControl, refusedAsSent } from '../support/bad-input.ts';
import { backends } from '../support/databases.ts';
import { createTestApp, type TestApp } from '../support/app.ts';
import type { TestClient } from '../support/client.ts';

describe.each(backends)('bad consultation and contribution input on %s', (backend) => {
  let t: TestApp;
  let coordinator: TestClient;
  let contributor: TestClient;
  const ids: Record<string, string> = {};
  beforeAll(async () => {
    t = await createTestApp(backend);
    coordinator = await t.signIn('plan-coordinator@tandem.example');
    contributor = await t.signIn('contributor@tandem.example');
    ids.plan = (await t.db.system((tx) => tx.selectFrom('plans').select('id').where('title', '=', DEMO_PLAN_TITLE).executeTakeFirstOrThrow())).id;
    const consultations = await t.db.system((tx) => tx.selectFrom('consultations').select(['id', 'modes']).where('plan_id', '=', ids.plan!).execute());
    ids.online = consultations.find((c) => c.modes.includes('online'))!.id;
    ids.meeting = consultations.find((c) => c.modes.includes('meeting'))!.id;
    ids.contribution = (await t.db.system((tx) => tx.selectFrom('contributions').select('id').where('plan_id', '=', ids.plan!).where('response_status', 'is', null).executeTakeFirstOrThrow())).id;
  });
  afterAll(() => t?.close());

  const everything = () =>
    t.db.system(async (tx) => {
      const tables = ['consultations', 'consultation_sections', 'consultation_questions', 'consultation_invitations', 'consultation_participants', 'contributions', 'contribution_links', 'mail_outbox'];
      const parts = await Promise.all(tables.map(async (table) => (await sql<{ d: string }>`SELECT md5(coalesce(string_agg(x::text, ',' ORDER BY x::text), '')) AS d FROM ${sql.table(table)} x`.execute(tx)).rows[0]!.d));
      return parts.join('|');
    });

  const nasty = fc.oneof(
    fc.anything(),
    fc.constantFrom('', ' ', "'; DROP TABLE contributions; --", '<script>x</script>', '\u0000', 'a'.repeat(25_000), '00000000-0000-0000-0000-000000000000', '2026-02-30T10:00:00Z', 'online', 'invited', 'accepted', 'individual', 'female'),
    fc.string(),
    fc.integer(),
    fc.array(fc.oneof(fc.uuid(), fc.string(), fc.constantFrom('online', 'meeting')), { maxLength: 3 }),
  );
  const shaped = (keys: string[]) => fc.dictionary(fc.constantFrom(...keys), nasty, { maxKeys: keys.length });

  type Endpoint = { name: string; method: 'POST' | 'PATCH' | 'PUT'; url: () => string; keys: string[]; schema: ZodType; as: () => TestClient };
  const BODIES: Endpoint[] = [
    { name: 'new consultation', method: 'POST', url: () => `/api/plans/${ids.plan}/consultations`, keys: ['title', 'description', 'opensAt', 'closesAt', 'modes', 'openTo', 'meetingPlace', 'meetingAt', 'sectionIds', 'questions'], schema: consultationBody, as: () => coordinator },
    { name: 'consultation change', method: 'PATCH', url: () => `/api/plans/${ids.plan}/consultations/${ids.online}`, keys: ['title', 'description', 'opensAt', 'closesAt', 'modes', 'openTo', 'sectionIds', 'questions'], schema: consultationPatchBody, as: () => coordinator },
    { name: 'invitations', method: 'POST', url: () => `/api/plans/${ids.plan}/consultations/${ids.online}/invitations`, keys: ['orgIds'], schema: invitationBody, as: () => coordinator },
    { name: 'participants', method: 'POST', url: () => `/api/plans/${ids.plan}/consultations/${ids.meeting}/participants`, keys: ['orgId', 'orgName', 'orgType', 'womenLed', 'sex', 'count'], schema: participantBody, as: () => coordinator },
    { name: 'contribution', method: 'POST', url: () => `/api/plans/${ids.plan}/contributions`, keys: ['consultationId', 'sectionId', 'questionId', 'body', 'onBehalf', 'attribution'], schema: contributionBody, as: () => contributor },
    { name: 'response', method: 'PUT', url: () => `/api/plans/${ids.plan}/contributions/${ids.contribution}/response`, keys: ['status', 'reasons', 'sectionIds', 'commitmentIds'], schema: responseBody, as: () => coordinator },
  ];

  it.each(BODIES.map((b) => [b.name, b] as const))('%s: bodies the schema refuses change nothing', { timeout: 180_000 }, async (_name, endpoint) => {
    const before = await everything();
    await fc.assert(
      fc.asyncProperty(
        fc.oneof(shaped(endpoint.keys), nasty).filter(refusedAsSent(endpoint.schema)),
        async (body) => {
          const res = await endpoint.as().request(endpoint.method, endpoint.url(), body === undefined ? null : body);
          expect(res.statusCode, res.body.slice(0, 200)).toBeGreaterThanOrEqual(400);
          expect(res.statusCode).toBeLessThan(500);
          expect(JSON.parse(res.body)).toHaveProperty('code');
        },
      ),
      { numRuns: 40 },
    );
    expect(await everything()).toEqual(before);
  });

  it('well-formed bodies naming what is not part of the plan change nothing', { timeout: 180_000 }, async () => {
    const before = await everything();
    await fc.assert(
      fc.asyncProperty(fc.uuid(), fc.uuid(), async (a, b) => {
        const attempts: Array<[TestClient, 'POST' | 'PUT', string, unknown]> = [
          [contributor, 'POST', `/api/plans/${ids.plan}/contributions`, { consultationId: a, body: 'Something to say' }],
          [contributor, 'POST', `/api/plans/${ids.plan}/contributions`, { consultationId: ids.online, sectionId: a, body: 'Something to say' }],
          [contributor, 'POST', `/api/plans/${ids.plan}/contributions`, { consultationId: ids.online, questionId: b, body: 'Something to say' }],
          [coordinator, 'PUT', `/api/plans/${ids.plan}/contributions/${ids.contribution}/response`, { status: 'accepted', reasons: 'Reasons enough here', sectionIds: [a] }],
          [coordinator, 'PUT', `/api/plans/${ids.plan}/contributions/${ids.contribution}/response`, { status: 'accepted', reasons: 'Reasons enough here', commitmentIds: [b] }],
          [coordinator, 'PUT', `/api/plans/${ids.plan}/contributions/${a}/response`, { status: 'accepted', reasons: 'Reasons enough here' }],
          [coordinator, 'POST', `/api/plans/${ids.plan}/consultations/${ids.online}/invitations`, { orgIds: [a] }],
          [coordinator, 'POST', `/api/plans/${a}/consultations`, { title: 'Elsewhere', opensAt: '2030-01-01T00:00:00Z', closesAt: '2030-02-01T00:00:00Z', modes: ['online'] }],
          [coordinator, 'POST', `/api/plans/${ids.plan}/consultations/${ids.meeting}/participants`, { orgId: a, orgType: 'cso', sex: 'female' }],
        ];
        for (const [client, method, url, body] of attempts) {
          const res = await client.request(method, url, body);
          expect(res.statusCode, `${method} ${url} ${res.body.slice(0, 200)}`).toBeGreaterThanOrEqual(400);
          expect(res.statusCode).toBeLessThan(500);
        }
      }),
      { numRuns: 10 },
    );
    expect(await everything()).toEqual(before);
  });

  it('moments outside the years 1900–2200 and texts with control characters answer 400 and change nothing', { timeout: 180_000 }, async () => {
    const before = await everything();
    const consultation = (over: Record<string, unknown>) => ({ title: 'A consultation', opensAt: '2030-01-01T00:00:00Z', closesAt: '2030-02-01T00:00:00Z', modes: ['online', 'meeting'], ...over });
    await fc.assert(
      fc.asyncProperty(outOfRangeMoment, textWithControl, async (moment, bad) => {
        const attempts: Array<[TestClient, 'POST' | 'PATCH' | 'PUT', string, unknown]> = [
          [coordinator, 'POST', `/api/plans/${ids.plan}/consultations`, consultation({ opensAt: moment, closesAt: moment.replace(/^\d{4}/, (y) => String(Number(y) + 1).padStart(4, '0')) })],
          [coordinator, 'POST', `/api/plans/${ids.plan}/consultations`, consultation({ meetingAt: moment })],
          [coordinator, 'POST', `/api/plans/${ids.plan}/consultations`, consultation({ description: bad })],
          [coordinator, 'POST', `/api/plans/${ids.plan}/consultations`, consultation({ questions: [bad] })],
          [coordinator, 'PATCH', `/api/plans/${ids.plan}/consultations/${ids.online}`, { closesAt: moment }],
          [coordinator, 'PATCH', `/api/plans/${ids.plan}/consultations/${ids.online}`, { title: bad }],
          [coordinator, 'POST', `/api/plans/${ids.plan}/consultations/${ids.meeting}/participants`, { orgName: bad, orgType: 'cso', sex: 'female' }],
          [contributor, 'POST', `/api/plans/${ids.plan}/contributions`, { consultationId: ids.online, body: bad }],
          [coordinator, 'PUT', `/api/plans/${ids.plan}/contributions/${ids.contribution}/response`, { status: 'accepted', reasons: bad }],
        ];
        for (const [client, method, url, body] of attempts) {
          const res = await client.request(method, url, body);
          expect(res.statusCode, `${method} ${url} ${JSON.stringify(body)} ${res.body.slice(0, 200)}`).toBe(400);
        }
      }),
      { numRuns: 15 },
    );
    expect(await everything()).toEqual(before);
  });

  it('the contributions filter refuses what the schema refuses', async () => {
    await fc.assert(
      fc.asyncProperty(fc.string({ minLength: 1, maxLength: 20 }).filter((v) => !contributionQuery.safeParse({ status: v }).success), async (status) => {
        expect((await coordinator.get(`/api/plans/${ids.plan}/contributions?status=${encodeURIComponent(status)}`)).statusCode).toBe(400);
      }),
      { numRuns: 30 },
    );
  });
});
