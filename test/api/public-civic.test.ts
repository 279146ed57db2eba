// The civic-space public pages without sign-in: only published records exist on any public
// endpoint (JSON, CSV, JSON export), and nothing private of a published one — who entered,
// verified or published it, how consent was given, the monitoring organisation, a named
// organisation that has not consented — appears, even when a monitor who may see more asks.
// The CSV export is safe in spreadsheets (no piece starts a formula).
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { formulaPieces } from '../../src/platform/export/csv.ts';
import { DEMO_CIVIC_RECORDS } from '../../src/demo/civic.ts';
import { createTestApp, type TestApp } from '../support/app.ts';
import { backends } from '../support/databases.ts';
import type { TestClient } from '../support/client.ts';
import { civicRecord } from '../support/civic.ts';

const PUBLIC_PATHS = (id: string) => [
  '/api/public/civic/countries',
  '/api/public/civic/countries/XM',
  '/api/public/civic/countries/XT',
  '/api/public/civic/countries/XV',
  '/api/public/civic/countries/XM?type=assembly',
  '/api/public/civic/countries/XM?year=2026',
  '/api/public/civic/records',
  '/api/public/civic/records?country=XM&type=harassment_detention',
  `/api/public/civic/records/${id}`,
  '/api/public/civic/export.csv',
  '/api/public/civic/export.json',
  '/api/public/civic/export.csv?country=XM',
];

describe.each(backends)('public civic-space pages on %s', (backend) => {
  let t: TestApp;
  let nobody: TestClient;
  let monitor: TestClient;
  let second: TestClient;
  const ids: Record<string, string> = {};
  beforeAll(async () => {
    t = await createTestApp(backend);
    nobody = t.client();
    monitor = await t.signIn('monitor@tandem.example');
    second = await t.signIn('monitor-2@tandem.example');
    // A published record with private parts, and drafts at every stage carrying markers.
    const publish = async (title: string, extra: Record<string, unknown> = {}) => {
      const id = (await monitor.post('/api/civic/records', { ...civicRecord(title), ...extra })).json().id;
      for (const n of [1, 2]) await monitor.post(`/api/civic/records/${id}/sources`, { url: `https://news.example.org/${n}`, title: `Source ${n}` });
      return id;
    };
    ids.published = await publish('PUBLISHED record of the north', { description: '=HYPERLINK("http://evil.example","click"); +SUM(1,2)\n@cmd -1' });
    const named = (await monitor.post(`/api/civic/records/${ids.published}/affected`, { name: 'Consenting Association', description: 'Named with consent' })).json().id;
    await monitor.post(`/api/civic/records/${ids.published}/affected`, { description: 'ANONYMOUS-DESCRIPTION of a women-led group', womenLed: true });
    await monitor.post(`/api/civic/records/${ids.published}/affected/${named}/consent`, { note: 'CONSENT-NOTE-MARKER letter from the chair' });
    await monitor.post(`/api/civic/records/${ids.published}/status`, { status: 'corroborated' });
    await second.post(`/api/civic/records/${ids.published}/status`, { status: 'verified' });
    expect((await monitor.post(`/api/civic/records/${ids.published}/publication`, { published: true })).statusCode).toBe(204);

    ids.unverified = (await monitor.post('/api/civic/records', civicRecord('UNPUBLISHED-MARKER unverified'))).json().id;
    ids.corroborated = await publish('UNPUBLISHED-MARKER corroborated');
    await monitor.post(`/api/civic/records/${ids.corroborated}/status`, { status: 'corroborated' });
    ids.verified = await publish('UNPUBLISHED-MARKER verified, waiting for consent');
    await monitor.post(`/api/civic/records/${ids.verified}/affected`, { name: 'UNCONSENTED-ORG-MARKER', description: 'Has not consented' });
    await monitor.post(`/api/civic/records/${ids.verified}/status`, { status: 'corroborated' });
    await second.post(`/api/civic/records/${ids.verified}/status`, { status: 'verified' });
    ids.withdrawn = await publish('UNPUBLISHED-MARKER withdrawn');
    await monitor.post(`/api/civic/records/${ids.withdrawn}/status`, { status: 'corroborated' });
    await second.post(`/api/civic/records/${ids.withdrawn}/status`, { status: 'verified' });
    await monitor.post(`/api/civic/records/${ids.withdrawn}/publication`, { published: true });
    await second.post(`/api/civic/records/${ids.withdrawn}/publication`, { published: false });
    // A proposed rating with a marker in its reasons.
    await monitor.post('/api/civic/ratings', { country: 'XV', year: 2021, rating: 'closed', reasons: 'UNPUBLISHED-MARKER proposal never confirmed by anyone.' });
  });
  afterAll(() => t?.close());
  // The open-data export is built by a job: asked for (202), built, then served.
  const built = async (client: TestClient, path: string) => {
    const first = await client.get(path);
    if (first.statusCode !== 202) return first;
    await t.runJobs();
    return client.get(path);
  };

  it('answers 404 for every record that is not published, signed in or not', async () => {
    for (const client of [nobody, monitor]) {
      for (const key of ['unverified', 'corroborated', 'verified', 'withdrawn']) {
        const res = await client.get(`/api/public/civic/records/${ids[key]}`);
        expect(res.statusCode, key).toBe(404);
        expect(res.body).not.toContain('UNPUBLISHED');
      }
    }
    expect((await nobody.get('/api/public/civic/countries/QQ')).statusCode).toBe(404);
  });

  it('never shows anything unpublished or private, in JSON, CSV or the JSON export', async () => {
    const people = await t.db.system((tx) => tx.selectFrom('users').select(['email', 'display_name']).execute());
    const privateText = [
      'UNPUBLISHED-MARKER', 'UNCONSENTED-ORG-MARKER', 'CONSENT-NOTE-MARKER', 'Written consent from the director', 'Legal Aid Collective',
      ...people.flatMap((p) => [p.email, p.display_name]),
      // Demo records not yet published.
      ...DEMO_CIVIC_RECORDS.filter((r) => r.stage !== 'published').map((r) => r.title),
      'Open Hands Charity', 'Regional Civic Solidarity Network',
    ];
    const bodies: string[] = [];
    for (const client of [nobody, monitor]) {
      for (const path of PUBLIC_PATHS(ids.published!)) {
        const res = await built(client, path);
        expect(res.statusCode, path).toBe(200);
        expect(String(res.headers['cache-control']), path).toMatch(/no-store|no-cache/);
        bodies.push(res.body);
      }
    }
    // The scan can fail: the monitors' own view holds the markers.
    const own = (await monitor.get('/api/civic/records')).body + (await monitor.get(`/api/civic/records/${ids.verified}`)).body + (await monitor.get(`/api/civic/records/${ids.published}`)).body;
    for (const marker of ['UNPUBLISHED-MARKER', 'UNCONSENTED-ORG-MARKER', 'CONSENT-NOTE-MARKER', 'Legal Aid Collective', 'Besnik Krasniqi']) expect(own).toContain(marker);
    for (const body of bodies) for (const marker of privateText) expect(body, marker).not.toContain(marker);
    const all = bodies.join('\n');
    expect(all).toContain('PUBLISHED record of the north');
    expect(all).toContain('Consenting Association');
    expect(all).toContain('ANONYMOUS-DESCRIPTION');
  });

  it('filters by country, type and year', async () => {
    const records = async (q: string) => ((await nobody.get(`/api/public/civic/records${q}`)).json().records as Array<{ id: string; country: string; types: string[]; startedOn: string }>);
    const xt = await records('?country=XT');
    expect(xt.length).toBeGreaterThan(0);
    expect(xt.every((r) => r.country === 'XT')).toBe(true);
    expect((await nobody.get('/api/public/civic/records?country=XT')).json().total).toBe(xt.length);
    const bank = await records('?type=bank_derisking');
    expect(bank.length).toBeGreaterThan(0);
    expect(bank.every((r) => r.types.includes('bank_derisking'))).toBe(true);
    const in2026 = await records('?year=2026');
    expect(in2026.map((r) => r.id)).toContain(ids.published);
    expect(in2026.every((r) => r.startedOn.startsWith('2026'))).toBe(true);
    expect((await nobody.get('/api/public/civic/records?type=nonsense')).statusCode).toBe(400);
  });

  it('shows each country’s confirmed rating history, oldest first, with only published records behind it', async () => {
    const c = (await nobody.get('/api/public/civic/countries/XM')).json();
    expect(c.names.en).toBe('Marisca');
    const years = c.ratings.map((g: { year: number }) => g.year);
    expect(years.length).toBe(2);
    expect(years).toEqual([...years].sort());
    expect(c.ratings.map((g: { rating: string }) => g.rating)).toEqual(['narrowed', 'obstructed']);
    const list = (await nobody.get('/api/public/civic/countries')).json().countries as Array<{ code: string; latest: { rating: string } | null; published: number }>;
    expect(list.map((x) => x.code).sort()).toEqual(['XM', 'XT', 'XV']);
    expect(list.find((x) => x.code === 'XT')!.latest!.rating).toBe('repressed');
  });

  it('exports CSV that no spreadsheet runs as a formula', async () => {
    const csv = (await built(nobody, '/api/public/civic/export.csv')).body;
    expect(csv).toContain('HYPERLINK');
    for (const sep of [',', ';', '\t'] as const) expect(formulaPieces(csv, sep), sep).toEqual([]);
    const json = (await built(nobody, '/api/public/civic/export.json')).json();
    expect(json.records.find((r: { id: string }) => r.id === ids.published).description).toContain('=HYPERLINK');
  });
});
