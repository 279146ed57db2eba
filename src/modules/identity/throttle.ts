// Brute-force protection for sign-in: after too many failures within a window, an account (or a
// client address) is locked for a while. Keys are kept for unknown e-mail addresses too, so that
// the answer never reveals whether an account exists.
import { createHash } from 'node:crypto';
import { sql } from 'kysely';
import type { Tx } from '../../db.ts';

export const THROTTLE = {
  windowMinutes: 15,
  lockMinutes: 15,
  accountFailures: 5,
  addressFailures: 30,
} as const;

export function accountKey(email: string): string {
  return `account:${createHash('sha256').update(email.trim().toLowerCase()).digest('hex')}`;
}

export function addressKey(ip: string): string {
  return `address:${ip.slice(0, 64)}`;
}

/** When the earliest of these keys is unlocked again, or null when none is locked. */
export async function lockedUntil(tx: Tx, keys: string[], now: Date): Promise<Date | null> {
  const rows = await tx
    .selectFrom('sign_in_throttle')
    .select('locked_until')
    .where('key', 'in', keys)
    .where('locked_until', '>', now)
    .execute();
  const times = rows.map((r) => r.locked_until!.getTime());
  return times.length > 0 ? new Date(Math.max(...times)) : null;
}

/** Counts a failure against each key; returns whether this failure locked any of them. */
export async function recordFailure(tx: Tx, keys: Array<{ key: string; limit: number }>, now: Date): Promise<boolean> {
  let locked = false;
  const windowStart = new Date(now.getTime() - THROTTLE.windowMinutes * 60_000);
  const lockEnd = new Date(now.getTime() + THROTTLE.lockMinutes * 60_000);
  for (const { key, limit } of keys) {
    const { rows } = await sql<{ failures: number }>`
      INSERT INTO sign_in_throttle AS t (key, failures, window_started_at)
      VALUES (${key}, 1, ${now})
      ON CONFLICT (key) DO UPDATE SET
        failures = CASE WHEN t.window_started_at < ${windowStart} THEN 1 ELSE t.failures + 1 END,
        window_started_at = CASE WHEN t.window_started_at < ${windowStart} THEN ${now} ELSE t.window_started_at END
      RETURNING failures`.execute(tx);
    if ((rows[0]?.failures ?? 0) >= limit) {
      await tx.updateTable('sign_in_throttle').set({ locked_until: lockEnd, failures: 0, window_started_at: now }).where('key', '=', key).execute();
      locked = true;
    }
  }
  return locked;
}

export async function clearFailures(tx: Tx, key: string): Promise<void> {
  await tx.deleteFrom('sign_in_throttle').where('key', '=', key).execute();
}
