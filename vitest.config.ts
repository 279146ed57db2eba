import { defineConfig } from 'vitest/config';
import { LongestFirst } from './test/support/sequencer.ts';

// Three tiers: unit (pure, beside the code), api (through app.inject against PGlite, and
// PostgreSQL when TEST_DATABASE_URL is set) and e2e (Chromium). `npm test` runs them all.
export default defineConfig({
  oxc: { jsx: { runtime: 'automatic' } },
  test: {
    pool: 'forks',
    maxWorkers: 2,
    isolate: true,
    globalSetup: ['test/support/global-setup.ts'],
    sequence: { sequencer: LongestFirst },
    projects: [
      {
        extends: true,
        test: { name: 'unit', include: ['src/**/*.test.ts', 'test/unit/**/*.test.ts'], exclude: ['**/*.api.test.ts'] },
      },
      {
        extends: true,
        test: {
          name: 'api',
          include: ['src/**/*.api.test.ts', 'test/api/**/*.test.ts'],
          testTimeout: 30_000,
          hookTimeout: 60_000,
        },
      },
      {
        extends: true,
        test: {
          name: 'e2e',
          include: ['test/e2e/**/*.test.ts'],
          testTimeout: 60_000,
          hookTimeout: 120_000,
          // A page polled for a change gets as long as a locator waits for one: the default
          // second failed on a loaded machine while the page was still rendering.
          expect: { poll: { timeout: 15_000, interval: 100 } },
          // Two files at a time: a browser test mostly waits (for pages, for the server), so two
          // share the cores well. Each file has its own server, database copy and browser.
        },
      },
    ],
  },
});
