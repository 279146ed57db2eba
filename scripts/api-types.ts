// npm run api:types: writes src/web/api/openapi.d.ts, the API's request and response types for
// the web app, generated from the server's own OpenAPI document (built from the routes' zod
// schemas) with openapi-typescript. `--check` exits 1 when the committed file is stale; the API
// tests check it too (test/api/api-types.test.ts), so a route changed without it fails CI.
import { mkdtempSync, readFileSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { loadConfig } from '../src/config.ts';
import { connectDatabase } from '../src/platform/db/connect.ts';
import { migrate } from '../src/platform/db/migrate.ts';
import { createTandem } from '../src/server.ts';
import { API_TYPES_FILE, apiTypes } from './openapi-types.ts';

const dataDir = mkdtempSync(join(tmpdir(), 'tandem-api-types-'));
const db = await connectDatabase<unknown>({ kind: 'pglite' });
let text: string;
try {
  await migrate(db);
  const config = loadConfig({ TANDEM_DATA_DIR: dataDir, TANDEM_LOG_LEVEL: 'silent', TANDEM_REMINDER_MINUTES: '0' });
  const tandem = await createTandem(config, { database: db, workJobs: false });
  try {
    text = await apiTypes((await tandem.app.inject('/api/openapi.json')).json());
  } finally {
    await tandem.close();
  }
} finally {
  await db.close().catch(() => undefined);
  rmSync(dataDir, { recursive: true, force: true });
}
if (process.argv.includes('--check')) {
  if (readFileSync(API_TYPES_FILE, 'utf8') !== text) {
    process.stderr.write('src/web/api/openapi.d.ts is out of date: run npm run api:types.\n');
    process.exit(1);
  }
} else {
  writeFileSync(API_TYPES_FILE, text);
  process.stdout.write(`wrote ${API_TYPES_FILE}\n`);
}
