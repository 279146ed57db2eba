// Creating accounts outside any request: the first administrator (CLI) and demo accounts.
// Runs in a system transaction; people are otherwise invited by an organisation administrator.
import type { Tx } from '../../db.ts';
import { hashPassword } from '../../platform/auth/password.ts';
import type { Role } from '../../platform/auth/roles.ts';

export type NewAccount = {
  email: string;
  displayName: string;
  /** The password, or its argon2id hash when several accounts share one (demo data). */
  password: string | { hash: string };
  locale?: 'en' | 'ru' | 'ar';
  orgId: string;
  roles: Role[];
};

export async function createAccount(tx: Tx, a: NewAccount): Promise<string> {
  const email = a.email.trim().toLowerCase();
  const user = await tx
    .insertInto('users')
    .values({
      email,
      display_name: a.displayName,
      password_hash: typeof a.password === 'string' ? await hashPassword(a.password) : a.password.hash,
      locale: a.locale ?? 'en',
    })
    .returning('id')
    .executeTakeFirstOrThrow();
  await tx.insertInto('memberships').values({ user_id: user.id, org_id: a.orgId, roles: a.roles }).execute();
  return user.id;
}

export async function accountExists(tx: Tx, email: string): Promise<boolean> {
  const row = await tx.selectFrom('users').select('id').where('email', '=', email.trim().toLowerCase()).executeTakeFirst();
  return row !== undefined;
}
