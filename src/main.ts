// Starts the Tandem server: configuration → database → application → listen.
// SIGTERM and SIGINT take it out of service without dropping a request (see
// platform/http/lifecycle.ts), then close the database cleanly.
import { ConfigError, loadConfig, type Config } from './config.ts';
import { DataDirBusyError } from './platform/db/data-dir-lock.ts';
import { loggerOptions } from './platform/http/logger.ts';
import { existsSync } from 'node:fs';
import { join } from 'node:path';
import { createTandem, WEB_ROOT } from './server.ts';
import { formatAccountsTable } from './demo/seed.ts';

/** Readable lines for a person running the demo in a terminal; JSON for everything else. */
function logFormat(config: Config): 'json' | 'pretty' {
  return config.logFormat ?? (config.demo.enabled && process.stdout.isTTY ? 'pretty' : 'json');
}

export async function main(): Promise<void> {
  let config: Config;
  try {
    config = loadConfig();
  } catch (error) {
    if (error instanceof ConfigError) {
      process.stderr.write(`${error.message}\nTandem did not start.\n`);
      process.exit(4);
    }
    throw error;
  }

  const webBuilt = existsSync(join(WEB_ROOT, 'index.html'));
  if (!webBuilt) process.stderr.write('The web app is not built (npm run build); serving the API only.\n');

  let tandem;
  try {
    tandem = await createTandem(config, { webRoot: webBuilt ? WEB_ROOT : undefined, logger: loggerOptions(config.logLevel, logFormat(config)), controlSocket: true });
  } catch (error) {
    if (error instanceof DataDirBusyError) {
      process.stderr.write(`${error.message}\n`);
      process.exit(3);
    }
    throw error;
  }
  const { app } = tandem;

  // First signal: readiness turns false, requests are still answered for the drain period, then
  // the server closes (requests in flight finish) and the database closes. A second signal skips
  // what is left of the drain period (Ctrl-C twice in a terminal).
  let signals = 0;
  const stop = (signal: string) => {
    signals += 1;
    if (signals > 1) {
      app.log.info({ signal }, 'shutting down now: drain period cut short');
      void tandem.shutdown(0);
      return;
    }
    const drainMs = config.drainSeconds * 1000;
    app.log.info({ signal, drainSeconds: config.drainSeconds }, 'shutting down: not ready any more, still answering for the drain period');
    const force = setTimeout(() => {
      app.log.error('requests did not finish within 20 seconds after the drain period; stopping anyway');
      process.exit(1);
    }, drainMs + 20_000);
    force.unref();
    tandem
      .shutdown(drainMs)
      .then(() => process.exit(0))
      .catch((error: unknown) => {
        app.log.error({ err: error }, 'error while shutting down');
        process.exit(1);
      });
  };
  process.on('SIGTERM', () => stop('SIGTERM'));
  process.on('SIGINT', () => stop('SIGINT'));

  await app.listen({ port: config.port, host: config.host });
  const database = config.database.kind === 'pglite' ? `embedded PostgreSQL in ${config.database.dataDir}` : 'PostgreSQL';
  process.stdout.write(`\nTandem is running at ${config.publicUrl} (${database}).\n`);
  if (tandem.demo) {
    process.stdout.write(
      `Demo mode: every demo account's password is ${tandem.demo.accounts[0]?.password ?? ''}` +
        `${tandem.demo.passwordGenerated ? ' (generated; set TANDEM_DEMO_PASSWORD to choose one)' : ''}.\n` +
        `Sign in at ${config.publicUrl} as one of these (each account opens in its own language; any page can switch):\n\n` +
        `${formatAccountsTable(tandem.demo.accounts)}\n\n` +
        `Accounts with a second factor ask for a six-digit code after the password. The current codes:\n` +
        `  npx tandem demo-accounts        (in another terminal; prints this table and each code right now)\n` +
        `or add the TOTP secret above to an authenticator app.\n\n`,
    );
  }
}

await main();
