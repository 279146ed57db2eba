import { mkdtempSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { loadConfig, type Config } from '../../src/config.ts';

export const DEMO_PASSWORD = 'test password 1234';

/** Settings of a test instance: demo mode with a known password, no rate limit, no logs. */
export function testConfig(env: Record<string, string> = {}): Config {
  return loadConfig({
    TANDEM_DATA_DIR: mkdtempSync(join(tmpdir(), 'tandem-test-')),
    TANDEM_DEMO: '1',
    TANDEM_DEMO_PASSWORD: DEMO_PASSWORD,
    TANDEM_RATE_LIMIT_PER_MINUTE: '1000000',
    TANDEM_LOG_LEVEL: 'silent',
    // Tests raise reminders by hand, so that no background job changes data under them.
    TANDEM_REMINDER_MINUTES: '0',
    // One vault key for every test database copy, which all come from one seeded image.
    TANDEM_VAULT_KEYS: `test1:${Buffer.alloc(32, 42).toString('base64')}`,
    ...env,
  });
}
