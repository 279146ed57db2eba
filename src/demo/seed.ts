// Seeds the demo installation once, and keeps the demo password in step with
// TANDEM_DEMO_PASSWORD. The accounts and their shared password are also written to
// <data dir>/demo-accounts.json (readable by the owner only) so that `tandem demo-accounts`
// can print them while the server holds the embedded database.
import { randomBytes } from 'node:crypto';
import { mkdirSync, writeFileSync } from 'node:fs';
import { join } from 'node:path';
import type { AppDatabase } from '../db.ts';
import { hashPassword } from '../platform/auth/password.ts';
import { getSetting, setSetting } from '../platform/db/instance-settings.ts';
import { createAccount } from '../modules/identity/setup.ts';
import { MFA_REQUIRED_ROLES, mfaBox, newTotpSecret, storeSecret } from '../modules/identity/mfa.ts';
import { ensureJurisdiction, insertAgreement, insertOrganisation } from '../modules/orgs/setup.ts';
import { DEMO_ACCOUNTS, DEMO_AGREEMENTS, DEMO_COUNTRY, DEMO_ORGANISATIONS } from './data.ts';
import { seedDemoCases } from './cases.ts';
import { seedDemoJudgements } from './judgements.ts';
import { seedDemoPlans } from './plans.ts';
import { seedDemoCivic, seedDemoCivicReports, seedDemoReportDesks } from './civic.ts';
import { seedDemoFunding } from './funding.ts';
import { seedDemoResults } from './results.ts';
import type { Vault } from '../platform/crypto/vault.ts';
import type { Role } from '../platform/auth/roles.ts';

export type DemoAccountRow = {
  email: string;
  /** Role codes, comma-separated (as the API names them). */
  role: string;
  organisation: string;
  password: string;
  totpSecret: string | null;
  /** The interface language the account opens in (absent in files written by older versions). */
  locale?: string;
};
export type SeedResult = { seededNow: boolean; passwordGenerated: boolean; accounts: DemoAccountRow[] };

export const DEMO_ACCOUNTS_FILE = 'demo-accounts.json';

function generatePassword(): string {
  return `demo-${randomBytes(12).toString('base64url')}`;
}

export async function seedDemo(
  db: AppDatabase,
  opts: { password?: string; dataDir: string; secret: string; vault: Vault },
): Promise<SeedResult> {
  const box = mfaBox(opts.secret);
  const result = await db.system(async (tx) => {
    const stored = await getSetting(tx, 'demo.password');
    const password = opts.password ?? stored ?? generatePassword();
    const passwordGenerated = opts.password === undefined && stored === undefined;
    const seeded = (await getSetting(tx, 'demo.seeded')) !== undefined;

    if (!seeded) {
      await ensureJurisdiction(tx, DEMO_COUNTRY);
      const hash = await hashPassword(password);
      const orgIds = new Map<string, string>();
      for (const { key, ...org } of DEMO_ORGANISATIONS) orgIds.set(key, await insertOrganisation(tx, org));
      const totp: Record<string, string> = {};
      for (const a of DEMO_ACCOUNTS) {
        const userId = await createAccount(tx, { ...a, password: { hash }, orgId: orgIds.get(a.org)! });
        // Roles that reach personal data need a second factor: enrolled already, secret printed.
        if (a.roles.some((r) => MFA_REQUIRED_ROLES.includes(r))) {
          totp[a.email] = newTotpSecret();
          await storeSecret(tx, box, userId, totp[a.email]!, new Date());
        }
      }
      await setSetting(tx, 'demo.totp_secrets', JSON.stringify(totp));
      const signatories = new Map(DEMO_ACCOUNTS.filter((a) => a.roles.includes('org_admin')).map((a) => [a.org, a.displayName]));
      const monthsFrom = (months: number) => {
        const d = new Date();
        d.setUTCMonth(d.getUTCMonth() + months);
        return d.toISOString().slice(0, 10);
      };
      for (const a of DEMO_AGREEMENTS) {
        await insertAgreement(
          tx,
          {
            ...a,
            parties: a.parties.map((k) => orgIds.get(k)!),
            validFrom: monthsFrom(a.from),
            validUntil: monthsFrom(a.until),
            signedBy: a.signed.map((k) => ({ orgId: orgIds.get(k)!, name: signatories.get(k) ?? 'Director', title: 'Director' })),
          },
          new Date(),
        );
      }
      await setSetting(tx, 'demo.seeded', new Date().toISOString());
    }
    // Cases came after the first demo installations: seeded once, on their own marker.
    if ((await getSetting(tx, 'demo.cases_seeded')) === undefined) {
      const orgRows = await tx.selectFrom('organisations').select(['id', 'short_name']).execute();
      const keyOf = new Map(DEMO_ORGANISATIONS.map((o) => [o.shortName, o.key]));
      const orgs = new Map(orgRows.map((o) => [keyOf.get(o.short_name ?? '') ?? '', o.id]));
      const userRows = await tx.selectFrom('users').select(['id', 'email']).execute();
      await seedDemoCases(tx, opts.vault, orgs, new Map(userRows.map((u) => [u.email, u.id])));
      await setSetting(tx, 'demo.cases_seeded', new Date().toISOString());
    }
    // Professional judgement came after cases: its instrument and judgements on their own marker.
    if ((await getSetting(tx, 'demo.judgements_seeded')) === undefined) {
      const orgRows = await tx.selectFrom('organisations').select(['id', 'short_name']).execute();
      const keyOf = new Map(DEMO_ORGANISATIONS.map((o) => [o.shortName, o.key]));
      const userRows = await tx.selectFrom('users').select(['id', 'email']).execute();
      await seedDemoJudgements(
        tx,
        new Map(orgRows.map((o) => [keyOf.get(o.short_name ?? '') ?? '', o.id])),
        new Map(userRows.map((u) => [u.email, u.id])),
      );
      await setSetting(tx, 'demo.judgements_seeded', new Date().toISOString());
    }
    // National action planning came after judgement: the plan and its contributors on their own marker.
    if ((await getSetting(tx, 'demo.plans_seeded')) === undefined) {
      const orgRows = await tx.selectFrom('organisations').select(['id', 'short_name']).execute();
      const keyOf = new Map(DEMO_ORGANISATIONS.map((o) => [o.shortName, o.key]));
      const orgs = new Map(orgRows.map((o) => [keyOf.get(o.short_name ?? '') ?? '', o.id]));
      const existing = new Set((await tx.selectFrom('users').select('email').execute()).map((u) => u.email));
      const missing = DEMO_ACCOUNTS.filter((a) => !existing.has(a.email));
      if (missing.length > 0) {
        const hash = await hashPassword(password);
        for (const a of missing) await createAccount(tx, { ...a, password: { hash }, orgId: orgs.get(a.org)! });
      }
      const userRows = await tx.selectFrom('users').select(['id', 'email']).execute();
      await seedDemoPlans(tx, orgs, new Map(userRows.map((u) => [u.email, u.id])));
      await setSetting(tx, 'demo.plans_seeded', new Date().toISOString());
    }
    if ((await getSetting(tx, 'demo.civic_seeded')) === undefined) {
      // An installation seeded before the second monitor existed gets that account now.
      const orgRows = await tx.selectFrom('organisations').select(['id', 'short_name']).execute();
      const keyOf = new Map(DEMO_ORGANISATIONS.map((o) => [o.shortName, o.key]));
      const orgs = new Map(orgRows.map((o) => [keyOf.get(o.short_name ?? '') ?? '', o.id]));
      const existing = new Set((await tx.selectFrom('users').select('email').execute()).map((u) => u.email));
      const missing = DEMO_ACCOUNTS.filter((a) => !existing.has(a.email));
      if (missing.length > 0) {
        const hash = await hashPassword(password);
        for (const a of missing) await createAccount(tx, { ...a, password: { hash }, orgId: orgs.get(a.org)! });
      }
      const lac = { id: orgs.get('lac')! };
      const userRows = await tx.selectFrom('users').select(['id', 'email']).execute();
      await seedDemoCivic(tx, lac.id, new Map(userRows.map((u) => [u.email, u.id])));
      await setSetting(tx, 'demo.civic_seeded', new Date().toISOString());
    }
    if ((await getSetting(tx, 'demo.funding_seeded')) === undefined) {
      const orgRows = await tx.selectFrom('organisations').select(['id', 'short_name']).execute();
      const keyOf = new Map(DEMO_ORGANISATIONS.map((o) => [o.shortName, o.key]));
      const orgs = new Map(orgRows.map((o) => [keyOf.get(o.short_name ?? '') ?? '', o.id]));
      const userRows = await tx.selectFrom('users').select(['id', 'email']).execute();
      await seedDemoFunding(tx, orgs, new Map(userRows.map((u) => [u.email, u.id])));
      await setSetting(tx, 'demo.funding_seeded', new Date().toISOString());
    }
    // Report desks came after the reporting channel: the monitor's organisation reads the demo countries' reports.
    if ((await getSetting(tx, 'demo.civic_desks_seeded')) === undefined) {
      const lac = await tx.selectFrom('organisations').select('id').where('short_name', '=', DEMO_ORGANISATIONS.find((o) => o.key === 'lac')!.shortName!).executeTakeFirstOrThrow();
      const userRows = await tx.selectFrom('users').select(['id', 'email']).execute();
      await seedDemoReportDesks(tx, new Map(userRows.map((u) => [u.email, u.id])), lac.id);
      await setSetting(tx, 'demo.civic_desks_seeded', new Date().toISOString());
    }
    // The confidential reporting channel came after the monitor: its demo reports on their own marker.
    if ((await getSetting(tx, 'demo.civic_reports_seeded')) === undefined) {
      const lac = await tx.selectFrom('organisations').select('id').where('short_name', '=', DEMO_ORGANISATIONS.find((o) => o.key === 'lac')!.shortName!).executeTakeFirstOrThrow();
      const userRows = await tx.selectFrom('users').select(['id', 'email']).execute();
      await seedDemoCivicReports(tx, opts.vault, new Map(userRows.map((u) => [u.email, u.id])), lac.id);
      await setSetting(tx, 'demo.civic_reports_seeded', new Date().toISOString());
    }
    // Results frameworks came after civic space: the national plan's framework on its own marker.
    if ((await getSetting(tx, 'demo.results_seeded')) === undefined) {
      const orgRows = await tx.selectFrom('organisations').select(['id', 'short_name']).execute();
      const keyOf = new Map(DEMO_ORGANISATIONS.map((o) => [o.shortName, o.key]));
      const orgs = new Map(orgRows.map((o) => [keyOf.get(o.short_name ?? '') ?? '', o.id]));
      const userRows = await tx.selectFrom('users').select(['id', 'email']).execute();
      await seedDemoResults(tx, orgs, new Map(userRows.map((u) => [u.email, u.id])));
      await setSetting(tx, 'demo.results_seeded', new Date().toISOString());
    }
    if (seeded && stored !== password) {
      // TANDEM_DEMO_PASSWORD changed since the demo was seeded: every demo account follows it.
      const hash = await hashPassword(password);
      await tx
        .updateTable('users')
        .set({ password_hash: hash })
        .where('email', 'in', DEMO_ACCOUNTS.map((a) => a.email))
        .execute();
    }
    await setSetting(tx, 'demo.password', password);

    const totpSecrets = JSON.parse((await getSetting(tx, 'demo.totp_secrets')) ?? '{}') as Record<string, string>;
    const orgNames = new Map(DEMO_ORGANISATIONS.map((o) => [o.key, o.name]));
    const accounts: DemoAccountRow[] = DEMO_ACCOUNTS.map((a) => ({
      email: a.email,
      role: a.roles.join(', '),
      organisation: orgNames.get(a.org)!,
      password,
      totpSecret: totpSecrets[a.email] ?? null,
      locale: a.locale,
    }));
    return { seededNow: !seeded, passwordGenerated, accounts };
  });
  writeDemoAccountsFile(opts.dataDir, result.accounts);
  return result;
}

export function writeDemoAccountsFile(dataDir: string, accounts: DemoAccountRow[]): void {
  mkdirSync(dataDir, { recursive: true });
  writeFileSync(join(dataDir, DEMO_ACCOUNTS_FILE), `${JSON.stringify(accounts, null, 2)}\n`, { mode: 0o600 });
}

/** Role names as the interface shows them in English (the terminal speaks English). */
const ROLE_NAMES: Record<Role, string> = {
  platform_admin: 'Platform administrator',
  org_admin: 'Organisation administrator',
  case_coordinator: 'Case coordinator',
  caseworker: 'Caseworker',
  dpo: 'Data protection officer',
  plan_coordinator: 'Plan coordinator',
  contributor: 'Contributor',
  civic_monitor: 'Civic-space monitor',
  donor_officer: 'Donor officer',
  viewer: 'Viewer',
};
const LANGUAGE_NAMES: Record<string, string> = { en: 'English', ru: 'Russian', ar: 'Arabic' };

export function roleNames(roleCodes: string): string {
  return roleCodes
    .split(',')
    .map((code) => ROLE_NAMES[code.trim() as Role] ?? code.trim())
    .join(', ');
}

/** Demo accounts as a table a person can read in a terminal (the password is the same for all, printed above it). */
export function formatAccountsTable(accounts: DemoAccountRow[]): string {
  const header = ['Role', 'E-mail', 'Opens in', 'Organisation', 'Second factor (TOTP secret)'];
  const rows = accounts.map((a) => [
    roleNames(a.role),
    a.email,
    LANGUAGE_NAMES[a.locale ?? ''] ?? '-',
    a.organisation,
    a.totpSecret ?? 'none needed',
  ]);
  const widths = header.map((h, i) => Math.max(h.length, ...rows.map((r) => r[i]!.length)));
  const line = (cells: string[]) => cells.map((c, i) => c.padEnd(widths[i]!)).join('  ').trimEnd();
  return [line(header), line(widths.map((w) => '-'.repeat(w))), ...rows.map(line)].join('\n');
}
