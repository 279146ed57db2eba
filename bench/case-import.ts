// node bench/case-import.ts: how long importing a 10,000-row CSV of cases takes on the embedded
// database (PGlite), through the HTTP API: the check of every row (schema, duplicates in the file
// and through the blind index), then the background import batch by batch. While it runs, the
// case list is asked for every 250 ms, to show that other requests still get through.
// Not a test: never gates CI.  BENCH_ROWS=20000 node bench/case-import.ts for another size.
import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { loadConfig } from '../src/config.ts';
import { currentCode } from '../src/modules/identity/mfa.ts';
import { createTandem } from '../src/server.ts';
import { TestClient } from '../test/support/client.ts';
import { fileUpload } from '../test/support/multipart.ts';

const say = (line: string) => process.stdout.write(`${line}\n`);
const ROWS = Number(process.env.BENCH_ROWS ?? 10_000);
const dataDir = mkdtempSync(join(tmpdir(), 'tandem-bench-import-'));
// Every row names a person checked across agencies: more than a day allows by default (200).
Object.assign(process.env, { TANDEM_DATA_DIR: dataDir, TANDEM_DEMO_PASSWORD: 'benchmark password', TANDEM_DUPLICATE_CHECKS_PER_DAY: String(ROWS) });
for (const key of ['DATABASE_URL', 'TANDEM_VAULT_KEYS', 'TANDEM_VAULT_KEY_FILE']) delete process.env[key];

const tandem = await createTandem(loadConfig());
try {
  const client = new TestClient(tandem.app);
  const email = 'coordinator@tandem.example';
  await client.post('/api/auth/login', { email, password: 'benchmark password' });
  const secret = tandem.demo!.accounts.find((a) => a.email === email)!.totpSecret!;
  await client.post('/api/auth/mfa', { code: await currentCode(secret) });

  const header = 'alias,sex,age_band,birth_year,nationality,category,legal_status,region,languages,legal_name,birth_date,document_numbers,address,phones';
  const lines = Array.from({ length: ROWS }, (_, i) => {
    const year = 1960 + (i % 45);
    return [`Person ${i}`, i % 2 ? 'male' : 'female', '25-34', year, 'KZ', 'adult_returnee', 'released', 'almaty', 'kk|ru', `"Имя Фамилия ${i}"`, `${year}-0${1 + (i % 9)}-1${i % 10}`, `BN${String(i).padStart(7, '0')}`, `"ул. Абая ${i}, Алматы"`, `+7 701 ${String(i).padStart(7, '0')}`].join(',');
  });
  const file = fileUpload(`${header}\n${lines.join('\n')}\n`);
  say(`${ROWS} rows, ${(file.rawBody.length / 1024 / 1024).toFixed(1)} MB, PGlite`);

  let t0 = performance.now();
  const checked = await client.request('POST', '/api/cases/imports?mode=check', undefined, file);
  const report = checked.json() as { validRows: number; errors: unknown[] };
  say(`check of every row: ${((performance.now() - t0) / 1000).toFixed(2)} s (${report.validRows} valid, ${report.errors.length} errors)`);

  t0 = performance.now();
  const started = await client.request('POST', '/api/cases/imports?mode=all', undefined, file);
  const accepted = performance.now() - t0;
  const id = (started.json() as { id: string }).id;
  const listTimes: number[] = [];
  let done = false;
  const probe = (async () => {
    while (!done) {
      const s = performance.now();
      await client.get('/api/cases?limit=50');
      listTimes.push(performance.now() - s);
      await new Promise((r) => setTimeout(r, 250));
    }
  })();
  // The import is a job: the server's worker runs it; wait until the run says it is done.
  for (;;) {
    const run = (await client.get(`/api/cases/imports/${id}`)).json() as { status: string };
    if (run.status !== 'running') break;
    await new Promise((r) => setTimeout(r, 200));
  }
  const total = performance.now() - t0;
  done = true;
  await probe;
  const run = (await client.get(`/api/cases/imports/${id}`)).json() as { status: string; importedRows: number };
  listTimes.sort((a, b) => a - b);
  say(`import answered (202) after ${(accepted / 1000).toFixed(2)} s (the same check again, then the run starts)`);
  say(`import ${run.status}: ${run.importedRows} cases in ${(total / 1000).toFixed(1)} s, ${Math.round(run.importedRows / (total / 1000))} cases/s`);
  if (listTimes.length > 0) {
    say(`case list while importing: ${listTimes.length} requests, p50 ${listTimes[Math.floor(listTimes.length / 2)]!.toFixed(0)} ms, max ${listTimes.at(-1)!.toFixed(0)} ms`);
  }
} finally {
  await tandem.close();
  rmSync(dataDir, { recursive: true, force: true });
}
