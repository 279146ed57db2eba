// One rule for every free text in every module (platform/validation/text.ts): control
// characters and direction overrides are refused everywhere, tabs and line breaks everywhere but
// in multi-line texts. A refusal is a 400 naming the field, and nothing changes. Tried on texts of
// cases, organisations, people, agreements and action plans, by the person who may write them.
import fc from 'fast-check';
import { sql } from 'kysely';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { isCleanLine, isCleanText } from '../../src/platform/validation/text.ts';
import { controlCharacter, lineBreakOrTab } from '../support/bad-input.ts';
import { createTestApp, type TestApp } from '../support/app.ts';
import type { TestClient } from '../support/client.ts';
import { backends } from '../support/databases.ts';

type Who = 'coordinator' | 'orgAdmin' | 'planCoordinator';
type Ids = { rosa: string; profile: Record<string, unknown>; partner: string };
type Field = {
  label: string;
  who: Who;
  method: 'POST' | 'PUT';
  path: (ids: Ids) => string;
  /** A valid request whose field holds `text`. */
  body: (text: string, ids: Ids) => Record<string, unknown>;
  /** Where the problem document names it. */
  field: string;
  multiline: boolean;
  tables: string[];
};

const FIELDS: Field[] = [
  { label: 'case alias', who: 'coordinator', method: 'POST', path: () => '/api/cases', body: (alias) => ({ alias, sex: 'female', ageBand: '25-34', category: 'adult_returnee' }), field: 'body.alias', multiline: false, tables: ['cases', 'case_events'] },
  { label: 'case note', who: 'coordinator', method: 'POST', path: (i) => `/api/cases/${i.rosa}/notes`, body: (body) => ({ section: 'other_notes', body }), field: 'body.body', multiline: true, tables: ['case_notes', 'case_events'] },
  { label: 'consent purpose', who: 'coordinator', method: 'POST', path: (i) => `/api/cases/${i.rosa}/consents`, body: (purpose, i) => ({ recipientOrgId: i.partner, purpose, dataCategories: ['needs_assessment'], legalBasis: 'consent', givenBy: 'person', startsOn: '2026-01-01' }), field: 'body.purpose', multiline: true, tables: ['case_consents'] },
  { label: 'case plan goal', who: 'coordinator', method: 'POST', path: (i) => `/api/cases/${i.rosa}/plan/goals`, body: (description) => ({ domain: 'housing', description }), field: 'body.description', multiline: true, tables: ['case_plan_goals'] },
  { label: 'organisation name', who: 'orgAdmin', method: 'PUT', path: () => '/api/organisations/current', body: (name, i) => ({ ...i.profile, name }), field: 'body.name', multiline: false, tables: ['organisations'] },
  { label: 'organisation description', who: 'orgAdmin', method: 'PUT', path: () => '/api/organisations/current', body: (description, i) => ({ ...i.profile, description }), field: 'body.description', multiline: true, tables: ['organisations'] },
  { label: 'invited person’s name', who: 'orgAdmin', method: 'POST', path: () => '/api/organisations/current/invitations', body: (displayName) => ({ email: 'new.person@example.org', displayName, roles: ['caseworker'] }), field: 'body.displayName', multiline: false, tables: ['invitations', 'mail_outbox'] },
  { label: 'agreement title', who: 'orgAdmin', method: 'POST', path: () => '/api/agreements', body: (title, i) => ({ title, partnerOrgIds: [i.partner], dataCategories: ['needs_assessment'], legalBasis: 'consent', retentionMonths: 24, validFrom: '2026-01-01', validUntil: '2027-12-31' }), field: 'body.title', multiline: false, tables: ['partnership_agreements', 'agreement_parties'] },
  { label: 'plan title', who: 'planCoordinator', method: 'POST', path: () => '/api/plans', body: (title) => ({ title, periodStart: '2027-01-01', periodEnd: '2030-12-31' }), field: 'body.title', multiline: false, tables: ['plans'] },
  { label: 'plan summary', who: 'planCoordinator', method: 'POST', path: () => '/api/plans', body: (summary) => ({ title: 'A plan', summary, periodStart: '2027-01-01', periodEnd: '2030-12-31' }), field: 'body.summary', multiline: true, tables: ['plans'] },
];

const words = fc.string({ unit: fc.constantFrom('a', 'b', ' ', 'ё', 'ع', 'Ж'), maxLength: 8 });
/** An ordinary text with one refused character (or, for single-line fields, a tab or line break) somewhere in it. */
const spoiled = (multiline: boolean) =>
  fc.tuple(words, multiline ? controlCharacter : fc.oneof(controlCharacter, lineBreakOrTab), words).map(([a, c, b]) => `Name ${a}${c}${b} end`);

describe('the text rule', () => {
  it('refuses control characters and direction overrides everywhere, tabs and line breaks in single lines, and nothing else', () => {
    for (const c of ['\u0000', '\u0007', '\u001b', '\u007f', '\u0085', '\u009b', '\u202a', '\u202e', '\u2066', '\u2069']) {
      expect(isCleanText(`a${c}b`), JSON.stringify(c)).toBe(false);
      expect(isCleanLine(`a${c}b`), JSON.stringify(c)).toBe(false);
    }
    for (const c of ['\t', '\n', '\r', '\u2028', '\u2029']) {
      expect(isCleanText(`a${c}b`)).toBe(true);
      expect(isCleanLine(`a${c}b`)).toBe(false);
    }
    // Marks right-to-left writing needs, and letters of every script, are text.
    for (const ok of ['\u200e', '\u200f', '\u061c', 'Жанна', 'زينب', '😀', 'a\u00a0b']) expect(isCleanLine(ok), ok).toBe(true);
  });
});

describe.each(backends)('one text rule for every module on %s', (backend) => {
  let t: TestApp;
  const clients = {} as Record<Who, TestClient>;
  let ids: Ids;

  const snapshot = (tables: string[]) =>
    t.db.system(async (tx) => {
      const out: Record<string, string | null> = {};
      for (const table of tables) out[table] = (await sql<{ h: string | null }>`SELECT md5(string_agg(x::text, '|' ORDER BY x::text)) AS h FROM ${sql.table(table)} x`.execute(tx)).rows[0]!.h;
      return out;
    });

  beforeAll(async () => {
    t = await createTestApp(backend);
    clients.coordinator = await t.signIn('coordinator@tandem.example');
    clients.orgAdmin = await t.signIn('agency-admin@tandem.example');
    clients.planCoordinator = await t.signIn('plan-coordinator@tandem.example');
    const profile = (await clients.orgAdmin.get('/api/organisations/current')).json() as Record<string, unknown>;
    const keep = ['name', 'shortName', 'regions', 'areasOfWork', 'needDomains', 'languages', 'womenLed', 'genderExpertise', 'registrationStatus', 'visibility', 'description'];
    ids = await t.db.system(async (tx) => ({
      rosa: (await tx.selectFrom('cases').select('id').where('alias', '=', 'Rosa').executeTakeFirstOrThrow()).id,
      partner: (await tx.selectFrom('organisations').select('id').where('short_name', '=', 'BPC').executeTakeFirstOrThrow()).id,
      profile: Object.fromEntries(keep.map((k) => [k, profile[k]])),
    }));
  });
  afterAll(() => t?.close());

  it.each(FIELDS)('$label: a text with a refused character is a 400 naming the field, and changes nothing', async (f) => {
    const before = await snapshot(f.tables);
    await fc.assert(
      fc.asyncProperty(spoiled(f.multiline), async (text) => {
        const res = await clients[f.who].request(f.method, f.path(ids), f.body(text, ids));
        expect(res.statusCode, `${JSON.stringify(text)}: ${res.body.slice(0, 300)}`).toBe(400);
        const problem = res.json() as { code: string; errors: Array<{ path: string }> };
        expect(problem.code).toBe('validation_failed');
        expect(problem.errors.map((e) => e.path)).toContain(f.field);
      }),
      { numRuns: 25 },
    );
    expect(await snapshot(f.tables)).toEqual(before);
    // The same request with clean text is taken, so that the refusals above came from the text.
    const good = f.multiline ? 'First line\n\tsecond line \u200fمرحبا' : 'Clean name \u200fمرحبا';
    const res = await clients[f.who].request(f.method, f.path(ids), f.body(good, ids));
    expect(res.statusCode, res.body.slice(0, 300)).toBeLessThan(300);
  });
});
