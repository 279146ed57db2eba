// npm test: the whole suite — types, lint, then the unit, API and browser tiers.
// The API tier also runs against PostgreSQL when TEST_DATABASE_URL is set; the browser tier
// needs Chromium (/usr/bin/chromium, or TANDEM_CHROMIUM) and is skipped loudly without it.
// The type check and lint run beside the tests (they use one core while the tests start and
// wait on browsers); their output is printed once they end, and any failure fails the run.
import { spawn } from 'node:child_process';
import { existsSync } from 'node:fs';

const chromium = process.env.TANDEM_CHROMIUM ?? '/usr/bin/chromium';
process.stdout.write(
  `Databases: PGlite${process.env.TEST_DATABASE_URL ? ' and PostgreSQL (TEST_DATABASE_URL)' : ' only (set TEST_DATABASE_URL to add PostgreSQL)'}.\n` +
    (existsSync(chromium) ? `Browser: ${chromium}.\n` : `Browser: NONE — the browser tests will be SKIPPED (no ${chromium}).\n`),
);

const started = Date.now();
const seconds = () => Math.round((Date.now() - started) / 1000);

/** Runs a command with its output kept, to print whole when it ends. */
function quiet(name: string, command: string, args: string[]): Promise<{ name: string; ok: boolean; output: string; at: number }> {
  return new Promise((resolve) => {
    const child = spawn(command, args, { stdio: ['ignore', 'pipe', 'pipe'] });
    let output = '';
    child.stdout.on('data', (d: Buffer) => (output += d.toString()));
    child.stderr.on('data', (d: Buffer) => (output += d.toString()));
    child.on('close', (code) => resolve({ name, ok: code === 0, output, at: seconds() }));
  });
}

const checks = Promise.all([quiet('Type check', 'npm', ['run', '-s', 'typecheck']), quiet('Lint', 'npm', ['run', '-s', 'lint'])]);

process.stdout.write('\n== Tests (unit, api, e2e)\n');
const testsPassed = await new Promise<boolean>((resolve) => {
  spawn('npx', ['vitest', 'run', ...process.argv.slice(2)], { stdio: 'inherit' }).on('close', (code) => resolve(code === 0));
});

let failed = testsPassed ? [] : ['Tests'];
for (const check of await checks) {
  process.stdout.write(`\n== ${check.name}: ${check.ok ? 'passed' : 'FAILED'} (done at ${check.at} s)\n${check.output}`);
  if (!check.ok) failed = [...failed, check.name];
}
if (failed.length > 0) {
  process.stderr.write(`\n${failed.join(', ')} failed.\n`);
  process.exit(1);
}
process.stdout.write(`\nAll checks passed in ${seconds()} s.\n`);
