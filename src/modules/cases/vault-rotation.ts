// Re-sealing the identity vault under the keyring's current key (`tandem keys rotate`).
// Values are taken in batches in id order, each batch in its own transaction, so a run can be
// stopped at any point and started again: what is already under the current key is skipped,
// which also makes a second run a no-op. The blind index is derived from the current key too,
// so every identity field's index is rebuilt from the opened value in the same update; after a
// run, duplicate checks and exact-match search work with the new key alone.
import { sql } from 'kysely';
import type { AppDatabase } from '../../db.ts';
import type { Vault, VaultField } from '../../platform/crypto/vault.ts';
import { VAULT_FIELDS } from './schema.ts';

export type RotationReport = {
  currentKeyId: string;
  /** Values found sealed under each key id before the run. */
  before: Record<string, number>;
  resealed: number;
  indexesRebuilt: number;
  /** Values that did not open (their key is not in the keyring, or they were tampered with). */
  failed: Array<{ id: string; keyId: string; reason: string }>;
};

const isField = (f: string): f is VaultField => (VAULT_FIELDS as readonly string[]).includes(f);

export async function countByKey(db: AppDatabase): Promise<Record<string, number>> {
  const { rows } = await db.system((tx) =>
    sql<{ key_id: string; n: number }>`SELECT split_part(sealed, '.', 2) AS key_id, count(*)::int AS n FROM case_identity GROUP BY 1 ORDER BY 1`.execute(tx),
  );
  return Object.fromEntries(rows.map((r) => [r.key_id, r.n]));
}

export async function rotateVaultKeys(
  db: AppDatabase,
  vault: Vault,
  options: { batchSize?: number; onBatch?: (done: number) => void } = {},
): Promise<RotationReport> {
  const batchSize = options.batchSize ?? 500;
  const current = vault.currentKeyId;
  const report: RotationReport = { currentKeyId: current, before: await countByKey(db), resealed: 0, indexesRebuilt: 0, failed: [] };
  let after = '00000000-0000-0000-0000-000000000000';
  for (;;) {
    const done = await db.system(async (tx) => {
      const { rows } = await sql<{ id: string; case_id: string; field: string; sealed: string; blind_index: string | null }>`
        SELECT id, case_id, field, sealed, blind_index FROM case_identity
        WHERE id > ${after} AND split_part(sealed, '.', 2) <> ${current}
        ORDER BY id LIMIT ${batchSize} FOR UPDATE`.execute(tx);
      for (const row of rows) {
        after = row.id;
        if (!isField(row.field)) continue;
        let plain: string;
        try {
          plain = vault.open(row.case_id, row.field, row.sealed);
        } catch (error) {
          report.failed.push({ id: row.id, keyId: vault.keyIdOf(row.sealed) ?? '?', reason: (error as Error).message });
          continue;
        }
        const index = vault.blindIndex(row.field, plain);
        await tx
          .updateTable('case_identity')
          .set({ sealed: vault.seal(row.case_id, row.field, plain), blind_index: index })
          .where('id', '=', row.id)
          .execute();
        report.resealed += 1;
        if (index !== null) report.indexesRebuilt += 1;
      }
      return rows.length;
    });
    if (done === 0) break;
    options.onBatch?.(report.resealed);
  }
  return report;
}
