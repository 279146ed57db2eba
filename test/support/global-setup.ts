// Prepares, once per test run, a migrated database holding the demo data, from which every test
// file gets its own copy: a PGlite data-folder image, and a PostgreSQL template database when
// TEST_DATABASE_URL is set. Each test file's databases are its own; the run drops them all.
import { mkdtempSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import pg from 'pg';
import type { TestProject } from 'vitest/node';
import { PGlite } from '@electric-sql/pglite';
import type { DB } from '../../src/db.ts';
import { connectDatabase } from '../../src/platform/db/connect.ts';
import { Database } from '../../src/platform/db/database.ts';
import { migrate } from '../../src/platform/db/migrate.ts';
import { dropRequestRole } from '../../src/platform/db/request-role.ts';
import { seedDemo } from '../../src/demo/seed.ts';
import { DEMO_PASSWORD, testConfig } from './test-config.ts';
import { openVault, resolveSecret } from '../../src/server.ts';
import { Kysely } from 'kysely';
import { pgliteDialect, pgliteExtensions } from '../../src/platform/db/pglite-dialect.ts';
import { adminUrl } from './databases.ts';
import { Jobs } from '../../src/platform/jobs/queue.ts';
import { allJobs } from '../../src/jobs.ts';
import { ensureWebBuild } from '../../scripts/web-build.ts';
import { hasChromium } from './browser-path.ts';

/** The job queue's schema and queues, made once in the image rather than by every test's server. */
async function installJobQueue(db: Database<DB>): Promise<void> {
  const silent = { error: () => undefined, info: () => undefined };
  const unused = () => {
    throw new Error('no job runs while the image is prepared');
  };
  const runtime = { files: { put: unused, get: unused, delete: unused }, renderPool: unused, vault: openVault(testConfig()) };
  const jobs = await Jobs.start(db, allJobs(testConfig(), runtime), silent, { connectionString: db.connectionString, work: false });
  await jobs.stop();
}

declare module 'vitest' {
  export interface ProvidedContext {
    pgliteImage: string;
    postgresTemplate: string | null;
    runId: string;
  }
}

async function preparePglite(folder: string): Promise<string> {
  const pglite = await PGlite.create({ extensions: pgliteExtensions });
  const db = new Database<DB>('pglite', new Kysely<DB>({ dialect: pgliteDialect(pglite) }));
  await migrate(db);
  await seedDemo(db, { password: DEMO_PASSWORD, dataDir: folder, secret: await resolveSecret(db, testConfig()), vault: openVault(testConfig()) });
  await installJobQueue(db);
  const image = await pglite.dumpDataDir('none');
  await db.close();
  const path = join(folder, 'pglite-image.tar');
  writeFileSync(path, Buffer.from(await image.arrayBuffer()));
  return path;
}

async function preparePostgres(url: string, runId: string, folder: string): Promise<string> {
  const template = `tandem_tpl_${runId}`;
  const admin = new pg.Client({ connectionString: url });
  await admin.connect();
  try {
    await admin.query(`DROP DATABASE IF EXISTS ${template}`);
    await admin.query(`CREATE DATABASE ${template}`);
  } finally {
    await admin.end();
  }
  const db = await connectDatabase<DB>({ kind: 'postgres', url: adminUrl(url, template), poolSize: 1 });
  try {
    await migrate(db);
    await seedDemo(db, { password: DEMO_PASSWORD, dataDir: folder, secret: await resolveSecret(db, testConfig()), vault: openVault(testConfig()) });
    await installJobQueue(db);
  } finally {
    await db.close();
  }
  return template;
}

export default async function setup(project: TestProject) {
  const runId = `${process.pid}`;
  const folder = mkdtempSync(join(tmpdir(), 'tandem-run-'));
  const url = process.env.TEST_DATABASE_URL;
  const [image, template] = await Promise.all([
    preparePglite(folder),
    url ? preparePostgres(url, runId, folder) : Promise.resolve(null),
    // Built once here, not by the first browser test of each worker at the same time.
    hasChromium ? ensureWebBuild() : Promise.resolve(),
  ]);
  project.provide('pgliteImage', image);
  project.provide('postgresTemplate', template);
  project.provide('runId', runId);

  return async () => {
    rmSync(folder, { recursive: true, force: true });
    if (!url) return;
    const admin = new pg.Client({ connectionString: url });
    await admin.connect();
    try {
      const { rows } = await admin.query<{ datname: string }>(
        `SELECT datname FROM pg_database WHERE datname LIKE $1 OR datname = $2`,
        [`tandem_t_${runId}_%`, template],
      );
      for (const { datname } of rows) {
        await admin.query(`DROP DATABASE IF EXISTS ${datname} WITH (FORCE)`);
        await dropRequestRole((q) => admin.query(q), datname);
      }
    } finally {
      await admin.end();
    }
  };
}
