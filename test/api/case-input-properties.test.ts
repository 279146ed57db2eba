// Property tests at the boundary of the cases module: whatever a client sends to a case endpoint
// that changes something, the answer is a 4xx problem (never a 500) and no case table changes.
// Each endpoint is tried by the person who could use it, so that a refusal comes from the input.
import fc from 'fast-check';
import { sql } from 'kysely';
import type { z } from 'zod';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import * as s from '../../src/modules/cases/schema.ts';
import { backends } from '../support/databases.ts';
import { createTestApp, type TestApp } from '../support/app.ts';
import type { TestClient } from '../support/client.ts';

const CASE_TABLES = [
  'cases', 'case_identity', 'household_links', 'case_consents', 'case_team', 'case_workers', 'referrals', 'service_sessions',
  'needs_assessments', 'case_notes', 'case_events', 'case_break_glass', 'case_access', 'case_reminders', 'mail_outbox',
  'case_duplicate_notices', 'case_duplicate_check_counts',
];

/** Values of every JSON type, and strings that look like what an attacker would try. */
const nasty = fc.oneof(
  fc.anything(),
  fc.constantFrom('', ' ', "'; DROP TABLE cases; --", '=cmd|x', '<script>x</script>', '\u0000', 'a'.repeat(25_000), '00000000-0000-0000-0000-000000000000', '-1', '1e309'),
  fc.string(),
  fc.integer(),
);
const keysOf = (schema: z.ZodType): string[] => {
  const def = schema as unknown as { shape?: Record<string, unknown>; options?: z.ZodType[] };
  if (def.shape) return Object.keys(def.shape);
  return [...new Set((def.options ?? []).flatMap(keysOf))];
};
const shaped = (schema: z.ZodType) => {
  const keys = keysOf(schema);
  return fc.dictionary(fc.constantFrom(...keys), nasty, { maxKeys: keys.length });
};
/** For bodies whose only required field is free text (any words are a valid reason): never text. */
const notText = (key: string) =>
  fc.oneof(
    fc.constantFrom(null, 0, true, [], {}),
    fc.record({ [key]: fc.oneof(fc.constantFrom('', '  ', '\u0000'.repeat(0), 'x'.repeat(25_000)), fc.integer(), fc.boolean(), fc.array(fc.string())) }),
  );

type Who = 'coordinator' | 'caseworker' | 'dpo';
type Endpoint = { who: Who; path: (ids: Record<string, string>) => string; body: fc.Arbitrary<unknown>; label: string };

const ENDPOINTS: Endpoint[] = [
  { label: 'open a case', who: 'coordinator', path: () => '/api/cases', body: shaped(s.newCaseBody) },
  { label: 'link a relative', who: 'coordinator', path: (i) => `/api/cases/${i.rosa}/household`, body: shaped(s.householdLinkBody) },
  { label: 'record a consent', who: 'coordinator', path: (i) => `/api/cases/${i.rosa}/consents`, body: shaped(s.consentBody) },
  { label: 'withdraw a consent', who: 'coordinator', path: (i) => `/api/cases/${i.rosa}/consents/${i.rosaConsent}/withdraw`, body: notText('reason') },
  { label: 'refer', who: 'coordinator', path: (i) => `/api/cases/${i.rosa}/referrals`, body: shaped(s.referralBody) },
  { label: 'answer a referral', who: 'caseworker', path: (i) => `/api/referrals/${i.ilyasReferral}/answer`, body: shaped(s.answerBody) },
  { label: 'record a session', who: 'caseworker', path: (i) => `/api/referrals/${i.rosaReferral}/sessions`, body: shaped(s.sessionBody) },
  { label: 'close a referral', who: 'coordinator', path: (i) => `/api/referrals/${i.rosaReferral}/close`, body: shaped(s.closeReferralBody) },
  { label: 'assess needs', who: 'coordinator', path: (i) => `/api/cases/${i.rosa}/assessments`, body: shaped(s.assessmentBody) },
  { label: 'write a note', who: 'coordinator', path: (i) => `/api/cases/${i.rosa}/notes`, body: shaped(s.noteBody) },
  { label: 'break the glass', who: 'caseworker', path: () => '/api/break-glass', body: shaped(s.breakGlassBody) },
  { label: 'close a case', who: 'coordinator', path: (i) => `/api/cases/${i.rosa}/close`, body: notText('reason') },
  { label: 'reconcile a possible duplicate', who: 'dpo', path: (i) => `/api/duplicate-notices/${i.notice}/reconcile`, body: notText('note') },
];

describe.each(backends)('bad input to cases on %s', (backend) => {
  let t: TestApp;
  const clients = {} as Record<Who, TestClient>;
  const ids: Record<string, string> = {};

  beforeAll(async () => {
    t = await createTestApp(backend);
    clients.coordinator = await t.signIn('coordinator@tandem.example');
    clients.caseworker = await t.signIn('caseworker@tandem.example');
    clients.dpo = await t.signIn('dpo@tandem.example');
    await t.db.system(async (tx) => {
      const caseId = async (alias: string) => (await tx.selectFrom('cases').select('id').where('alias', '=', alias).executeTakeFirstOrThrow()).id;
      ids.rosa = await caseId('Rosa');
      const referral = async (alias: string) => (await tx.selectFrom('referrals').select('id').where('case_id', '=', await caseId(alias)).executeTakeFirstOrThrow()).id;
      ids.ilyasReferral = await referral('Ilyas');
      ids.rosaReferral = await referral('Rosa');
      ids.rosaConsent = (await tx.selectFrom('case_consents').select('id').where('case_id', '=', ids.rosa).executeTakeFirstOrThrow()).id;
      const org = async (shortName: string) => (await tx.selectFrom('organisations').select('id').where('short_name', '=', shortName).executeTakeFirstOrThrow()).id;
      ids.notice = (
        await tx
          .insertInto('case_duplicate_notices')
          .values({ pair_id: crypto.randomUUID(), org_id: await org('PRS'), side: 'held', case_id: ids.rosa, other_org_id: await org('BPC'), other_org_name: 'Bridge Psychosocial Centre', fields: ['legal_name'] })
          .returning('id')
          .executeTakeFirstOrThrow()
      ).id;
    });
  });
  afterAll(() => t?.close());

  const everything = () =>
    t.db.system(async (tx) => {
      const parts = CASE_TABLES.map((table) => sql`(SELECT md5(coalesce(string_agg(x::text, ',' ORDER BY x::text), '')) FROM ${sql.table(table)} x)`);
      return (await sql<{ digest: string }>`SELECT concat_ws('|', ${sql.join(parts)}) AS digest`.execute(tx)).rows[0]!.digest;
    });

  it.each(ENDPOINTS.map((e) => [e.label, e] as const))('%s: bad bodies change nothing', { timeout: 120_000 }, async (_label, endpoint) => {
    const before = await everything();
    await fc.assert(
      fc.asyncProperty(fc.oneof(endpoint.body, nasty), async (body) => {
        const res = await clients[endpoint.who].post(endpoint.path(ids), body === undefined ? null : body);
        expect(res.statusCode, res.body.slice(0, 200)).toBeGreaterThanOrEqual(400);
        expect(res.statusCode, res.body.slice(0, 200)).toBeLessThan(500);
        expect(JSON.parse(res.body)).toHaveProperty('code');
      }),
      { numRuns: 40 },
    );
    expect(await everything()).toBe(before);
  });

  it('case list filters: anything malformed is a 400', async () => {
    await fc.assert(
      fc.asyncProperty(
        fc.dictionary(fc.constantFrom('status', 'category', 'sex', 'ageBand', 'region', 'relation', 'limit', 'offset', 'q'), fc.constantFrom('', 'OPEN', 'x'.repeat(81), '-1', '999999999', 'a b', '%', '<'), { minKeys: 1 }),
        async (query) => {
          const qs = new URLSearchParams(query as Record<string, string>).toString();
          const res = await clients.coordinator.get(`/api/cases?${qs}`);
          // The shared schema is the oracle: what it accepts is answered, anything else is a 400.
          expect(res.statusCode).toBe(s.caseListQuery.safeParse(query).success ? 200 : 400);
        },
      ),
      { numRuns: 60 },
    );
  });

  it('case ids in paths: anything but a case one may see is a 400 or 404', async () => {
    await fc.assert(
      fc.asyncProperty(fc.oneof(fc.uuid(), fc.string({ minLength: 1, maxLength: 60 })), async (id) => {
        const res = await clients.caseworker.get(`/api/cases/${encodeURIComponent(id)}`);
        expect([400, 404]).toContain(res.statusCode);
      }),
      { numRuns: 60 },
    );
  });
});
