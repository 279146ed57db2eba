// The commands of `npx tandem`. Each opens the database it needs and closes it again.
import { existsSync, readFileSync } from 'node:fs';
import { join, resolve } from 'node:path';
import { randomBytes } from 'node:crypto';
import type { ParseArgsConfig } from 'node:util';
import type { Config } from '../config.ts';
import type { AppDatabase } from '../db.ts';
import { PASSWORD_MIN_LENGTH } from '../platform/auth/password-rules.ts';
import { migrate } from '../platform/db/migrate.ts';
import { verifyAuditChain } from '../platform/audit/chain.ts';
import { askServerForBackup, backupTo, restoreInto, serverRuns } from '../platform/db/backup.ts';
import { getSetting } from '../platform/db/instance-settings.ts';
import { connectDatabase } from '../platform/db/connect.ts';
import { checkOwnerRole } from '../platform/db/preflight.ts';
import { accountExists, createAccount } from '../modules/identity/setup.ts';
import { heldMailTo } from '../modules/identity/outbox-view.ts';
import { countryNames, ensureJurisdiction, findOrganisationByName, insertOrganisation } from '../modules/orgs/setup.ts';
import { DEMO_ACCOUNTS_FILE, formatAccountsTable, seedDemo, type DemoAccountRow } from '../demo/seed.ts';
import { openDatabase, openVault, resolveSecret } from '../server.ts';
import { currentCode } from '../modules/identity/mfa.ts';
import { rotateVaultKeys } from '../modules/cases/vault-rotation.ts';
import { newKeyLine } from '../platform/crypto/vault.ts';
import type { DB } from '../db.ts';
import { EXIT, UsageError } from './exit.ts';

type Writer = { write(text: string): unknown };
export type CommandContext = {
  config: Config;
  values: Record<string, string | boolean | undefined>;
  out: Writer;
  err: Writer;
  /** Reads standard input to the end (for --password-stdin). */
  stdin?: () => Promise<string>;
};
export type Command = {
  name: string;
  usage: string;
  summary: string;
  options?: ParseArgsConfig['options'];
  run(ctx: CommandContext): Promise<number>;
};

const helpOption = { help: { type: 'boolean', short: 'h' } } as const;

async function withDatabase<T>(config: Config, fn: (db: AppDatabase) => Promise<T>): Promise<T> {
  const db = await openDatabase(config);
  try {
    return await fn(db);
  } finally {
    await db.close();
  }
}

async function readStdin(): Promise<string> {
  const chunks: Buffer[] = [];
  for await (const chunk of process.stdin) chunks.push(chunk as Buffer);
  return Buffer.concat(chunks).toString('utf8');
}

const migrateCommand: Command = {
  name: 'migrate',
  usage: 'migrate',
  summary: 'Apply pending database migrations',
  options: helpOption,
  async run({ config, out }) {
    const db = await connectDatabase<DB>(config.database);
    try {
      await checkOwnerRole(db);
      const report = await migrate(db);
      out.write(
        report.applied.length === 0
          ? `The database is up to date (schema version ${report.current}).\n`
          : `Applied ${report.applied.length} migration(s): ${report.applied.map((m) => `${m.version}_${m.name}`).join(', ')}. Schema version ${report.current}.\n`,
      );
      return EXIT.ok;
    } finally {
      await db.close();
    }
  },
};

const seedDemoCommand: Command = {
  name: 'seed-demo',
  usage: 'seed-demo',
  summary: 'Load the demo country, organisations and accounts (once; safe to repeat)',
  options: helpOption,
  async run({ config, out }) {
    const result = await withDatabase(config, async (db) =>
      seedDemo(db, { password: config.demo.password, dataDir: config.dataDir, secret: await resolveSecret(db, config), vault: openVault(config) }),
    );
    out.write(result.seededNow ? 'Demo data loaded.\n' : 'Demo data was already loaded.\n');
    out.write(`${formatAccountsTable(result.accounts)}\n`);
    return EXIT.ok;
  },
};

const createAdminCommand: Command = {
  name: 'create-admin',
  usage: 'create-admin --email <address> --name <full name> --org <organisation> [--country <XX>] [--password-stdin]',
  summary: 'Create a platform administrator (the organisation is created when missing; give --country then)',
  options: {
    ...helpOption,
    email: { type: 'string' },
    name: { type: 'string' },
    org: { type: 'string' },
    country: { type: 'string' },
    'password-stdin': { type: 'boolean' },
  },
  async run({ config, values, out, stdin }) {
    const email = typeof values.email === 'string' ? values.email.trim().toLowerCase() : '';
    const name = typeof values.name === 'string' ? values.name.trim() : '';
    const orgName = typeof values.org === 'string' ? values.org.trim() : '';
    const country = typeof values.country === 'string' ? values.country.trim().toUpperCase() : undefined;
    if (!/^[^\s@]+@[^\s@]+\.[^\s@]+$/.test(email)) throw new UsageError('--email must be an e-mail address');
    if (name.length === 0) throw new UsageError('--name is required');
    if (orgName.length < 2) throw new UsageError('--org is required');
    if (country !== undefined && !/^[A-Z]{2}$/.test(country)) throw new UsageError('--country must be a two-letter ISO 3166 code');

    let password: string;
    let generated = false;
    if (values['password-stdin']) {
      password = (await (stdin ?? readStdin)()).replace(/\r?\n$/, '');
      if (password.length < PASSWORD_MIN_LENGTH) {
        throw new UsageError(`The password must have at least ${PASSWORD_MIN_LENGTH} characters`);
      }
    } else {
      password = randomBytes(15).toString('base64url');
      generated = true;
    }

    const created = await withDatabase(config, (db) =>
      db.system(async (tx) => {
        if (await accountExists(tx, email)) return false;
        let orgId = await findOrganisationByName(tx, orgName);
        if (!orgId) {
          if (!country) throw new UsageError(`No organisation is named "${orgName}"; give --country to create it`);
          await ensureJurisdiction(tx, { code: country, names: countryNames(country) });
          orgId = await insertOrganisation(tx, { name: orgName, type: 'government', country, visibility: 'hidden' });
        }
        await createAccount(tx, { email, displayName: name, password, orgId, roles: ['platform_admin'] });
        return true;
      }),
    );
    if (!created) {
      out.write(`An account for ${email} already exists; nothing was changed.\n`);
      return EXIT.failed;
    }
    out.write(`Platform administrator ${email} created.\n`);
    if (generated) out.write(`Password (shown once; change it after signing in): ${password}\n`);
    return EXIT.ok;
  },
};

const demoAccountsCommand: Command = {
  name: 'demo-accounts',
  usage: 'demo-accounts [--json]',
  summary: 'Print the demo accounts and their password (as JSON with --json)',
  options: { ...helpOption, json: { type: 'boolean' } },
  async run({ config, values, out, err }) {
    const accounts = await readDemoAccounts(config);
    if (!accounts) {
      err.write('No demo accounts: demo data has not been loaded (npm start in demo mode, or npx tandem seed-demo).\n');
      return EXIT.failed;
    }
    if (values.json) {
      out.write(`${JSON.stringify(accounts, null, 2)}\n`);
      return EXIT.ok;
    }
    out.write(`${formatAccountsTable(accounts)}\n`);
    const codes = await Promise.all(
      accounts.filter((a) => a.totpSecret).map(async (a) => `  ${a.email.padEnd(34)} ${await currentCode(a.totpSecret!)}`),
    );
    if (codes.length > 0) {
      out.write(`\nSecond-factor codes right now (valid about 30 seconds; or add the secrets to an authenticator app):\n${codes.join('\n')}\n`);
    }
    return EXIT.ok;
  },
};

/** From the file written at seeding (readable while the server holds the database), else the database. */
async function readDemoAccounts(config: Config): Promise<DemoAccountRow[] | undefined> {
  const file = join(config.dataDir, DEMO_ACCOUNTS_FILE);
  if (existsSync(file)) return JSON.parse(readFileSync(file, 'utf8')) as DemoAccountRow[];
  return withDatabase(config, async (db) => {
    const seeded = await db.system((tx) => getSetting(tx, 'demo.seeded'));
    if (!seeded) return undefined;
    const secret = await resolveSecret(db, config);
    return (await seedDemo(db, { password: config.demo.password, dataDir: config.dataDir, secret, vault: openVault(config) })).accounts;
  });
}

const auditVerifyCommand: Command = {
  name: 'audit verify',
  usage: 'audit verify [--json]',
  summary: 'Check the hash chain of the audit trail; exits 1 naming the first broken row',
  options: { ...helpOption, json: { type: 'boolean' } },
  async run({ config, values, out, err }) {
    const report = await withDatabase(config, (db) => verifyAuditChain(db));
    if (values.json) out.write(`${JSON.stringify(report)}\n`);
    if (!report.ok) {
      if (!values.json) {
        err.write(
          `The audit trail is broken at event ${report.brokenAt.id} (position ${report.brokenAt.chainSeq} in the chain): ${report.reason}.\n` +
            `${report.sealed} events before it verify.\n`,
        );
      }
      return EXIT.failed;
    }
    if (!values.json) {
      out.write(
        `The audit trail verifies: ${report.sealed} sealed events` +
          `${report.unsealed > 0 ? `, ${report.unsealed} not sealed yet (sealed within seconds while the server runs)` : ''}.\n` +
          (report.head ? `Head of the chain: ${report.head}\n(keep a copy elsewhere, e.g. daily, to detect a rewritten chain)\n` : ''),
      );
    }
    return EXIT.ok;
  },
};

const keysGenerateCommand: Command = {
  name: 'keys generate',
  usage: 'keys generate --id <key id>',
  summary: 'Print a new identity-vault key line ("id:base64") to put first in the keyring',
  options: { ...helpOption, id: { type: 'string' } },
  async run({ values, out }) {
    const id = typeof values.id === 'string' ? values.id : '';
    if (!/^[A-Za-z0-9_-]{1,16}$/.test(id)) throw new UsageError('--id must be 1 to 16 letters, digits, "-" or "_"');
    out.write(`${newKeyLine(id)}\n`);
    return EXIT.ok;
  },
};

const keysRotateCommand: Command = {
  name: 'keys rotate',
  usage: 'keys rotate [--batch-size <n>]',
  summary: 'Re-seal every identity-vault value under the current (first) key and rebuild the blind indexes; safe to repeat or resume',
  options: { ...helpOption, 'batch-size': { type: 'string' } },
  async run({ config, values, out, err }) {
    const batchSize = values['batch-size'] === undefined ? 500 : Number(values['batch-size']);
    if (!Number.isInteger(batchSize) || batchSize < 1 || batchSize > 10_000) throw new UsageError('--batch-size must be a whole number from 1 to 10000');
    const vault = openVault(config);
    const report = await withDatabase(config, (db) => rotateVaultKeys(db, vault, { batchSize, onBatch: (n) => out.write(`  ${n} re-sealed so far\n`) }));
    const before = Object.entries(report.before).map(([id, n]) => `${n} under ${id}`).join(', ') || 'none';
    out.write(
      `Identity-vault values before: ${before}.\n` +
        `Re-sealed ${report.resealed} value(s) under key ${report.currentKeyId} and rebuilt ${report.indexesRebuilt} blind index(es).\n`,
    );
    if (report.failed.length > 0) {
      const keys = [...new Set(report.failed.map((f) => f.keyId))].join(', ');
      err.write(`${report.failed.length} value(s) could not be opened (sealed under: ${keys}); put those keys back in the keyring and run again. Remove no key yet.\n`);
      return EXIT.failed;
    }
    out.write(`Every value is now sealed under ${report.currentKeyId}: the other keys can be removed from the keyring.\n`);
    return EXIT.ok;
  },
};

const backupCommand: Command = {
  name: 'backup',
  usage: 'backup --out <file>',
  summary: 'A consistent copy of the embedded database (asked of the running server, or made here when none runs)',
  options: { ...helpOption, out: { type: 'string' } },
  async run({ config, values, out, err }) {
    if (typeof values.out !== 'string') throw new UsageError('give --out <file>');
    if (config.database.kind !== 'pglite') {
      err.write('On PostgreSQL, back up with pg_dump (see the README: Running at scale).\n');
      return EXIT.failed;
    }
    const path = resolve(values.out);
    const bytes = (await askServerForBackup(config.dataDir, path)) ?? (await withDatabase(config, (db) => backupTo(db, path)));
    out.write(`Backup written to ${path} (${Math.round(bytes / 1024)} KB). Keep it as safe as the data folder: it holds the identity vault's sealed data (not its keys).\n`);
    return EXIT.ok;
  },
};

const restoreCommand: Command = {
  name: 'restore',
  usage: 'restore --from <file>',
  summary: 'Replace the embedded database with a backup (the server must be stopped; the current one is kept beside it)',
  options: { ...helpOption, from: { type: 'string' } },
  async run({ config, values, out, err }) {
    if (typeof values.from !== 'string') throw new UsageError('give --from <file>');
    if (config.database.kind !== 'pglite') {
      err.write('On PostgreSQL, restore with pg_restore or psql (see the README: Running at scale).\n');
      return EXIT.failed;
    }
    if (await serverRuns(config.dataDir)) {
      err.write('A Tandem server is running on this data folder: stop it, then restore.\n');
      return EXIT.failed;
    }
    const kept = await restoreInto(config.database.dataDir, resolve(values.from));
    // The copy must open, be at the current schema, and keep an unbroken audit chain.
    const report = await withDatabase(config, (db) => verifyAuditChain(db));
    if (!report.ok) {
      err.write(`Restored, but the audit chain does not verify: ${JSON.stringify(report)}\n`);
      return EXIT.failed;
    }
    out.write(`Restored from ${resolve(values.from)}; the audit chain verifies (${report.sealed} sealed events).${kept ? ` The database that was there is kept in ${kept}.` : ''}\n`);
    return EXIT.ok;
  },
};

const mailHeldCommand: Command = {
  name: 'mail held',
  usage: 'mail held --to <e-mail> [--json]',
  summary: 'Print the mail held (no SMTP) for one address, e.g. the invitation of a new organisation’s first administrator; audited',
  options: { ...helpOption, to: { type: 'string' }, json: { type: 'boolean' } },
  async run({ config, values, out }) {
    const to = typeof values.to === 'string' ? values.to.trim() : '';
    if (!/^[^\s@]+@[^\s@]+$/.test(to) || to.length > 254) throw new UsageError('--to must be an e-mail address');
    const messages = await withDatabase(config, (db) => db.system((tx) => heldMailTo(tx, to)));
    if (values.json) {
      out.write(`${JSON.stringify(messages, null, 2)}\n`);
      return EXIT.ok;
    }
    if (messages.length === 0) {
      out.write(`No mail is held for ${to.toLowerCase()}.\n`);
      return EXIT.ok;
    }
    for (const m of messages) out.write(`--- ${m.createdAt} · ${m.kind} · to ${m.to}\nSubject: ${m.subject}\n\n${m.text ?? ''}\n`);
    out.write('Pass each link on to its recipient yourself, privately: each works once.\n');
    return EXIT.ok;
  },
};

export const COMMANDS: Command[] = [
  migrateCommand,
  seedDemoCommand,
  createAdminCommand,
  demoAccountsCommand,
  auditVerifyCommand,
  keysGenerateCommand,
  keysRotateCommand,
  mailHeldCommand,
  backupCommand,
  restoreCommand,
];
