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
import { ImportRunner, importRoutes } from './modules/cases/import-routes.ts';
import { seedDemo, type SeedResult } from './demo/seed.ts';
import { startAuditSealer } from './platform/audit/chain.ts';
import { startMailSender } from './platform/mail/sender.ts';
import { every } from './platform/jobs/schedule.ts';
import { anonymiseDueCases } from './modules/cases/retention.ts';
import { raiseReminders } from './modules/cases/reminders.ts';
import { reminderRoutes } from './modules/cases/reminder-routes.ts';
import { planningRoutes } from './modules/planning/routes.ts';

export const ROOT = resolve(import.meta.dirname, '..');
export const WEB_ROOT = resolve(ROOT, 'dist/web');
export const VERSION: string = (JSON.parse(readFileSync(resolve(ROOT, 'package.json'), 'utf8')) as { version: string }).version;

export async function openDatabase(config: Config, override?: DatabaseTarget): Promise<AppDatabase> {
  const db = await connectDatabase<DB>(override ?? config.database);
  try {
    await checkOwnerRole(db);
    await migrate(db);
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
  /** Resolves when no case import is running in this process. */
  importsIdle(): Promise<void>;
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
  options: { database?: AppDatabase; webRoot?: string; logger?: FastifyServerOptions['logger'] } = {},
): Promise<Tandem> {
  const db = options.database ?? (await openDatabase(config));
  try {
    const secret = await resolveSecret(db, config);
    const demo = config.demo.enabled
      ? await seedDemo(db, { password: config.demo.password, dataDir: config.dataDir, secret, vault: openVault(config) })
      : undefined;
    const vault = openVault(config);
    const mailDeps = { delivery: config.mail ? ('smtp' as const) : ('hold' as const), publicUrl: config.publicUrl };
    const imports = new ImportRunner((error) => app.log.error({ err: error }, 'a case import failed'));
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
        caseRoutes({ vault, referralAnswerDays: config.cases.referralAnswerDays, mail: mailDeps }),
        reminderRoutes,
        importRoutes({ db, vault, runner: imports }),
        planningRoutes({ mail: mailDeps }),
      ],
      webRoot: options.webRoot,
      logger: options.logger,
    });
    const sealer = startAuditSealer(db, 1000, (error) => app.log.error({ err: error }, 'sealing the audit trail failed'));
    // Anonymisation of cases past their retention period: a minute after start, then every six hours.
    const retentionJob = every(6 * 3_600_000, () => anonymiseDueCases(db, new Date().toISOString().slice(0, 10)), (error) => app.log.error({ err: error }, 'anonymising cases failed'), 60_000);
    // Reminders on cases: ten seconds after start, then every few minutes.
    const reminderMinutes = config.cases.reminderMinutes;
    const reminderJob =
      reminderMinutes > 0
        ? every(reminderMinutes * 60_000, () => raiseReminders(db, new Date().toISOString().slice(0, 10), mailDeps), (error) => app.log.error({ err: error }, 'raising reminders failed'), 10_000)
        : undefined;
    const mailer = config.mail
      ? startMailSender(db, config.mail, 5000, (error) => app.log.error({ err: error }, 'sending mail failed'))
      : undefined;
    let closed: Promise<void> | undefined;
    const close = async () => {
      lifecycle.closing();
      await stopAccepting(app.server);
      await app.close();
      await imports.stop();
      await mailer?.stop();
      await retentionJob.stop();
      await reminderJob?.stop();
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
      importsIdle: () => imports.idle(),
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
    await db.close();
    throw error;
  }
}
