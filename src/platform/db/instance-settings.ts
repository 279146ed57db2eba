// Installation-wide values kept in the database (owner role only): generated secrets in demo
// mode and markers such as "demo data seeded".
import type { Kysely } from 'kysely';
import type { PlatformTables } from './tables.ts';

type Tx = Kysely<PlatformTables>;

export async function getSetting(tx: Tx, key: string): Promise<string | undefined> {
  const row = await tx.selectFrom('instance_settings').select('value').where('key', '=', key).executeTakeFirst();
  return row?.value;
}

export async function setSetting(tx: Tx, key: string, value: string): Promise<void> {
  await tx
    .insertInto('instance_settings')
    .values({ key, value })
    .onConflict((oc) => oc.column('key').doUpdateSet({ value, updated_at: new Date() }))
    .execute();
}

/** Returns the stored value, or stores and returns the one `make` produces. */
export async function getOrCreateSetting(tx: Tx, key: string, make: () => string): Promise<string> {
  const existing = await getSetting(tx, key);
  if (existing !== undefined) return existing;
  const value = make();
  await tx.insertInto('instance_settings').values({ key, value }).onConflict((oc) => oc.column('key').doNothing()).execute();
  return (await getSetting(tx, key)) ?? value;
}
