// npm run schema: migrates a fresh embedded database and writes db/schema.sql, the current
// schema in one file (see src/platform/db/schema-dump.ts). `--check` exits 1 when the committed
// file differs, naming the first differing line.
import { readFileSync, writeFileSync } from 'node:fs';
import { resolve } from 'node:path';
import { connectDatabase } from '../src/platform/db/connect.ts';
import { migrate } from '../src/platform/db/migrate.ts';
import { dumpSchema } from '../src/platform/db/schema-dump.ts';

const target = resolve(import.meta.dirname, '../db/schema.sql');
const db = await connectDatabase<unknown>({ kind: 'pglite' });
let text: string;
try {
  await migrate(db);
  text = await db.system((tx) => dumpSchema(tx));
} finally {
  await db.close();
}
if (process.argv.includes('--check')) {
  const committed = readFileSync(target, 'utf8');
  if (committed !== text) {
    const a = committed.split('\n');
    const b = text.split('\n');
    const i = a.findIndex((line, n) => line !== b[n]);
    process.stderr.write(`db/schema.sql is out of date (line ${i + 1}): run npm run schema and review the difference.\n`);
    process.exit(1);
  }
} else {
  writeFileSync(target, text);
  process.stdout.write(`wrote ${target}\n`);
}
