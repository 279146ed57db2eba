// Assembles a running Tandem from its configuration: database (migrated), secrets, demo data,
// and the HTTP application with every module. Used by the server, the CLI and the tests.
import { randomBytes } from 'node:crypto';
import { readFileSync } from 'node:fs';
import { resolve } from 'node:path';
import type { FastifyServerOptions } from 'fastify';
import type { Config } from './config.ts';
import type { AppDatabase, DB } from './db.ts';
import { connectDatabase, type DatabaseTarget } from './platform/db/connect.ts';
import { getOrCreateSetting } from './platform/db/instance-settings.ts';
import { migrate } from './platform/db/migrate.ts';
import { revokeTemporaryTables, separateRequests } from './platform/db/request-role.ts';
import { checkOwnerRole } from './platform/db/preflight.ts';
import { buildApp, type App } from './platform/http/app.ts';
import { databaseAnswers, healthRoutes } from './platform/http/health.ts';
import { Lifecycle, stopAccepting } from './platform/http/lifecycle.ts';
import { identityRoutes } from './modules/identity/routes.ts';
import { peopleRoutes } from './modules/identity/people-routes.ts';
import { mfaBox } from './modules/identity/mfa.ts';
import { resolveSession } from './modules/identity/sessions.ts';
import { orgRoutes } from './modules/orgs/routes.ts';
import { auditRoutes } from './modules/audit/routes.ts';
import { caseRoutes } from './modules/cases/routes.ts';
import { loadKeyring, Vault } from './platform/crypto/vault.ts';
import { importRoutes } from './modules/cases/import-routes.ts';
import { seedDemo, type SeedResult } from './demo/seed.ts';
import { startAuditSealer } from './platform/audit/chain.ts';
import { Jobs } from './platform/jobs/queue.ts';
import { allJobs, documentKinds } from './jobs.ts';
import { folderStore } from './platform/files/store.ts';
import type { BucketStore } from './platform/files/s3.ts';
import { renderPool, type RenderPool } from './platform/documents/render-pool.ts';
import { documentRoutes } from './platform/documents/routes.ts';
import { metricsRoutes } from './platform/metrics/metrics.ts';
import { startControlSocket } from './platform/db/backup.ts';
import { reminderRoutes } from './modules/cases/reminder-routes.ts';
import { planningRoutes } from './modules/planning/routes.ts';
import { civicRoutes } from './modules/civic/routes.ts';
import { fundingRoutes } from './modules/funding/routes.ts';
import { monitoringRoutes } from './modules/monitoring/routes.ts';
import { operationsRoutes } from './modules/operations/routes.ts';

export const ROOT = resolve(import.meta.dirname, '..');
export const WEB_ROOT = resolve(ROOT, 'dist/web');
export const VERSION: string = (JSON.parse(readFileSync(resolve(ROOT, 'package.json'), 'utf8')) as { version: string }).version;

export async function openDatabase(config: Config, override?: DatabaseTarget): Promise<AppDatabase> {
  const db = await connectDatabase<DB>(override ?? config.database);
  try {
    await checkOwnerRole(db);
    await migrate(db);
    const target = override ?? config.database;
    // Requests log in as a role that can only become tandem_app or tandem_auth (request-role.ts).
    if (target.kind === 'postgres') await separateRequests(db, { url: target.url, poolSize: target.poolSize ?? 10, requestUrl: target.requestUrl });
    else await revokeTemporaryTables(db);
    // Every connection of the pool opened and readied now, not by the first requests after a deploy.
    await db.warm(target.kind === 'postgres' ? (target.poolSize ?? 10) : 1);
  } catch (error) {
    await db.close();
    throw error;
  }
  return db;
}

/** The identity vault's keys: configured, or (demo mode only) generated once into the data folder. */
export function openVault(config: Config): Vault {
  return new Vault(
    loadKeyring({
      keys: config.vault.keys,
      keyFile: config.vault.keyFile,
      demoFile: config.demo.enabled ? resolve(config.dataDir, 'vault.keys') : undefined,
    }),
  );
}

/** The cookie-signing secret: configured, or (demo mode only) generated once and kept in the database. */
export async function resolveSecret(db: AppDatabase, config: Config): Promise<string> {
  if (config.secret) return config.secret;
  if (!config.demo.enabled) throw new Error('TANDEM_SECRET is required outside demo mode');
  return db.system((tx) => getOrCreateSetting(tx, 'demo.cookie_secret', () => randomBytes(48).toString('base64url')));
}

export type Tandem = {
  app: App;
  db: AppDatabase;
  demo: SeedResult | undefined;
  /** Seals every pending audit event into the chain now (otherwise done every second). */
  sealAudit(): Promise<void>;
  /** The job queue (pg-boss): what the jobs page shows, and what tests run by hand. */
  jobs: Jobs;
  /** Runs every job waiting now, in this process (tests and the command line). */
  runJobs(): Promise<number>;
  /** Serving, draining or closing; readiness checks are added to it. */
  lifecycle: Lifecycle;
  /**
   * Leaves service gracefully: readiness turns false at once, requests are answered for
   * `drainMs`, then the server closes (requests in flight finish) and the database closes.
   * Calling it again skips what is left of the drain period.
   */
  shutdown(drainMs: number): Promise<void>;
  close(): Promise<void>;
}

export async function createTandem(
  config: Config,
  options: {
    database?: AppDatabase;
    webRoot?: string;
    logger?: FastifyServerOptions['logger'];
    /** Run job workers and schedules here (default); false leaves jobs waiting for runJobs(). */
    workJobs?: boolean;
    /** The embedded database: answer backup requests of the command line on the data folder's socket (the server does). */
    controlSocket?: boolean;
  } = {},
): Promise<Tandem> {
  const db = options.database ?? (await openDatabase(config));
  let bucket: BucketStore | undefined;
  try {
    const secret = await resolveSecret(db, config);
    const demo = config.demo.enabled
      ? await seedDemo(db, { password: config.demo.password, dataDir: config.dataDir, secret, vault: openVault(config) })
      : undefined;
    const vault = openVault(config);
    const mailDeps = { delivery: config.mail ? ('smtp' as const) : ('hold' as const), publicUrl: config.publicUrl };
    // Generated files (documents) in a folder of the data folder, or in a bucket (whose client is
    // loaded only then); threads to render them in, started when first needed.
    bucket = config.files.s3 ? (await import('./platform/files/s3.ts')).bucketStore(config.files.s3) : undefined;
    const files = bucket ?? folderStore(config.files.dir);
    // Sealed there under keys derived from the identity vault's (documents.ts).
    const documentFiles = { store: files, seal: vault };
    let pool: RenderPool | undefined;
    const renderPoolOnce = () => (pool ??= renderPool(new URL('./render-worker.ts', import.meta.url), config.files.renderThreads));
    const lifecycle = new Lifecycle();
    lifecycle.addReadinessCheck('database', databaseAnswers(db));
    const app = await buildApp({
      config,
      db,
      secret,
      version: VERSION,
      authenticate: (tx, tokenHash, now) => resolveSession(tx, tokenHash, now, config.session),
      lifecycle,
      modules: [
        healthRoutes(db, VERSION, lifecycle),
        identityRoutes({ config, box: mfaBox(secret) }),
        peopleRoutes(mailDeps),
        orgRoutes(mailDeps),
        auditRoutes,
        caseRoutes({ vault, referralAnswerDays: config.cases.referralAnswerDays, duplicateChecksPerDay: config.cases.duplicateChecksPerDay, mail: mailDeps }),
        reminderRoutes,
        importRoutes({ vault, duplicateChecksPerDay: config.cases.duplicateChecksPerDay }),
        planningRoutes({ mail: mailDeps, files: documentFiles, disclosure: config.disclosure }),
        civicRoutes({ files: documentFiles, vault, secret, webhookAllowedHosts: config.webhookAllowedHosts }),
        fundingRoutes,
        monitoringRoutes({ disclosure: config.disclosure }),
        documentRoutes({ files: documentFiles, kinds: documentKinds(vault) }),
        operationsRoutes({ jobs: () => jobs }),
        metricsRoutes(config.metricsToken, { jobs: () => jobs, connections: () => db.connections() }),
      ],
      webRoot: options.webRoot,
      logger: options.logger,
    });
    const sealer = startAuditSealer(db, 1000, (error) => app.log.error({ err: error }, 'sealing the audit trail failed'));
    const jobs = await Jobs.start(db, allJobs(config, { files, renderPool: renderPoolOnce, vault }), app.log, {
      connectionString: db.connectionString,
      work: options.workJobs ?? true,
      pollingSeconds: config.jobs.pollingSeconds,
    }).catch(async (error: unknown) => {
      await sealer.stop();
      throw error;
    });
    db.jobSender = (name, data, key) => jobs.send(name, data, { key });
    // Ready once the migrations are done (they are, before the application is built) and the queue answers.
    lifecycle.addReadinessCheck('queue', () => jobs.ready());
    if (bucket) lifecycle.addReadinessCheck('files', reportingFailure(bucket.answers, (error) => app.log.warn({ err: error }, 'the bucket for generated files does not answer')));
    const control = options.controlSocket && db.dump ? await startControlSocket(db, config.dataDir) : undefined;
    let closed: Promise<void> | undefined;
    const close = async () => {
      lifecycle.closing();
      control?.close();
      await stopAccepting(app.server);
      await app.close();
      db.jobSender = undefined;
      await jobs.stop(config.jobs.stopSeconds);
      await pool?.close();
      bucket?.close();
      await sealer.stop();
      await sealer.flush().catch(() => undefined);
      await db.close();
    };
    let endDrain: (() => void) | undefined;
    return {
      app,
      db,
      demo,
      lifecycle,
      sealAudit: () => sealer.flush(),
      jobs,
      runJobs: () => jobs.drain(),
      shutdown(drainMs) {
        if (closed) {
          endDrain?.();
          return closed;
        }
        lifecycle.drain();
        closed = new Promise<void>((ok) => {
          const timer = setTimeout(ok, drainMs);
          endDrain = () => {
            clearTimeout(timer);
            ok();
          };
        }).then(close);
        return closed;
      },
      async close() {
        closed ??= close();
        return closed;
      },
    };
  } catch (error) {
    bucket?.close();
    await db.close();
    throw error;
  }
}

/** The same check, telling `report` why when it starts failing (readiness itself shows only that it fails). */
function reportingFailure(check: () => Promise<void>, report: (error: unknown) => void): () => Promise<void> {
  let failing = false;
  return async () => {
    try {
      await check();
      failing = false;
    } catch (error) {
      if (!failing) report(error);
      failing = true;
      throw error;
    }
  };
}
