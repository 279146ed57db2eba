// npm test: the whole suite in order — types, lint, then the unit, API and browser tiers.
// The API tier also runs against PostgreSQL when TEST_DATABASE_URL is set; the browser tier
// needs Chromium (/usr/bin/chromium, or TANDEM_CHROMIUM) and is skipped loudly without it.
import { spawnSync } from 'node:child_process';
import { existsSync } from 'node:fs';

const steps: Array<[string, string[]]> = [
  ['Type check', ['npm', 'run', '-s', 'typecheck']],
  ['Lint', ['npm', 'run', '-s', 'lint']],
  ['Tests (unit, api, e2e)', ['npx', 'vitest', 'run', ...process.argv.slice(2)]],
];

const chromium = process.env.TANDEM_CHROMIUM ?? '/usr/bin/chromium';
process.stdout.write(
  `Databases: PGlite${process.env.TEST_DATABASE_URL ? ' and PostgreSQL (TEST_DATABASE_URL)' : ' only (set TEST_DATABASE_URL to add PostgreSQL)'}.\n` +
    (existsSync(chromium) ? `Browser: ${chromium}.\n` : `Browser: NONE — the browser tests will be SKIPPED (no ${chromium}).\n`),
);

const started = Date.now();
for (const [name, [command, ...args]] of steps) {
  process.stdout.write(`\n== ${name}\n`);
  const result = spawnSync(command!, args, { stdio: 'inherit' });
  if (result.status !== 0) {
    process.stderr.write(`\n${name} failed.\n`);
    process.exit(result.status ?? 1);
  }
}
process.stdout.write(`\nAll checks passed in ${Math.round((Date.now() - started) / 1000)} s.\n`);
