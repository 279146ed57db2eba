// What a newcomer meets first: npm start on an old Node.js, the logs in a terminal, the table
// of demo accounts.
import { spawnSync } from 'node:child_process';
import { existsSync } from 'node:fs';
import { describe, expect, it } from 'vitest';
import { prettyFormatter } from '../../src/platform/http/log-format.ts';
import { formatAccountsTable } from '../../src/demo/seed.ts';

const START = new URL('../../scripts/start.js', import.meta.url).pathname;
const SYSTEM_NODE = '/usr/bin/node';

describe('npm start on a Node.js older than 24', () => {
  it('says that Tandem needs Node.js 24 and how to get it, before loading any .ts file', () => {
    // The version is made to look older; start.js must stop before importing start.ts.
    const pretend = "Object.defineProperty(process.versions,'node',{value:'22.12.0'})";
    const run = spawnSync(process.execPath, ['--import', `data:text/javascript,${encodeURIComponent(pretend)}`, START], { encoding: 'utf8', timeout: 20_000 });
    expect(run.status).toBe(1);
    expect(run.stderr).toContain('Tandem needs Node.js 24 or newer; this is Node.js 22.12.0');
    expect(run.stderr).toContain('. scripts/ensure-node24.sh');
    expect(run.stdout).toBe('');
  });

  it.runIf(existsSync(SYSTEM_NODE) && Number(spawnSync(SYSTEM_NODE, ['-p', 'process.versions.node.split(".")[0]'], { encoding: 'utf8' }).stdout) < 24)(
    'on a real older Node.js too, instead of "Unknown file extension .ts"',
    () => {
      const run = spawnSync(SYSTEM_NODE, [START], { encoding: 'utf8', timeout: 20_000 });
      expect(run.status).toBe(1);
      expect(run.stderr).toContain('Tandem needs Node.js 24');
      expect(run.stderr).not.toContain('Unknown file extension');
    },
  );
});

describe('logs for a person at a terminal', () => {
  const line = (fields: Record<string, unknown>) => JSON.stringify({ level: 30, time: Date.UTC(2026, 0, 2, 3, 4, 5), pid: 1, hostname: 'h', ...fields });

  it('hides requests that succeeded and prints a failed one on one line', () => {
    const format = prettyFormatter({ allRequests: false });
    expect(format(line({ reqId: 'r1', req: { method: 'GET', url: '/api/me' }, msg: 'incoming request' }))).toBe('');
    expect(format(line({ reqId: 'r1', res: { statusCode: 200 }, responseTime: 3.2, msg: 'request completed' }))).toBe('');
    expect(format(line({ reqId: 'r2', req: { method: 'POST', url: '/api/cases' }, msg: 'incoming request' }))).toBe('');
    expect(format(line({ reqId: 'r2', res: { statusCode: 500 }, responseTime: 12.7, msg: 'request completed' }))).toBe(
      '03:04:05 ERROR POST /api/cases → 500 13 ms\n',
    );
  });

  it('prints every request at debug, and other events with their fields and error', () => {
    const format = prettyFormatter({ allRequests: true });
    format(line({ reqId: 'r1', req: { method: 'GET', url: '/api/me' }, msg: 'incoming request' }));
    expect(format(line({ reqId: 'r1', res: { statusCode: 401 }, responseTime: 1, msg: 'request completed' }))).toBe('03:04:05 INFO GET /api/me → 401 1 ms\n');
    expect(format(line({ level: 50, msg: 'job failed', job: 'mail', err: { type: 'Error', message: 'boom' } }))).toBe(
      '03:04:05 ERROR job failed (job=mail)\n  Error: boom\n',
    );
    expect(format('not json')).toBe('not json\n');
  });
});

describe('the demo accounts table', () => {
  it('names roles in words and the language each account opens in', () => {
    const table = formatAccountsTable([
      { email: 'coordinator@tandem.example', role: 'case_coordinator', organisation: 'PRS', password: 'p', totpSecret: 'ABC', locale: 'ru' },
      { email: 'viewer@tandem.example', role: 'viewer', organisation: 'MLSP', password: 'p', totpSecret: null, locale: 'ar' },
    ]);
    expect(table).toMatch(/Case coordinator\s+coordinator@tandem\.example\s+Russian/);
    expect(table).toMatch(/Viewer\s+viewer@tandem\.example\s+Arabic\s+MLSP\s+none needed/);
    expect(table).not.toContain('case_coordinator');
  });
});
