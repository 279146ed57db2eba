// The audit chain: sealing new events in order, and verifying the whole chain.
// hash(n) = SHA-256( hash(n-1) || canonical text of row n ), with 32 zero bytes before the first.
import { createHash } from 'node:crypto';
import { sql, type Kysely } from 'kysely';
import type { Database } from '../db/database.ts';
import type { JobDefinition } from '../jobs/queue.ts';

const GENESIS = Buffer.alloc(32);
const BATCH = 1000;
/** Any number that names the sealer's advisory lock on PostgreSQL. */
const SEALER_LOCK = 7317002;

export function chainHash(prev: Uint8Array, canonical: string): Buffer {
  return createHash('sha256').update(prev).update(canonical, 'utf8').digest();
}

type Head = { seq: number; hash: Buffer };

async function head(tx: Kysely<unknown>): Promise<Head> {
  const { rows } = await sql<{ chain_seq: number; hash: Uint8Array }>`
    SELECT chain_seq, hash FROM audit_events WHERE chain_seq IS NOT NULL ORDER BY chain_seq DESC LIMIT 1`.execute(tx);
  return rows[0] ? { seq: Number(rows[0].chain_seq), hash: Buffer.from(rows[0].hash) } : { seq: 0, hash: GENESIS };
}

/** Seals up to `limit` unsealed events into the chain; returns how many. One sealer at a time. */
export async function sealAuditEvents<DB>(db: Database<DB>, limit = BATCH): Promise<number> {
  return db.system(async (t) => {
    const tx = t as unknown as Kysely<unknown>;
    if (db.kind === 'postgres') {
      const { rows } = await sql<{ ok: boolean }>`SELECT pg_try_advisory_xact_lock(${SEALER_LOCK}) AS ok`.execute(tx);
      if (!rows[0]?.ok) return 0;
    }
    const pending = await sql<{ id: number; canonical: string }>`
      SELECT a.id, audit_canonical(a) AS canonical FROM audit_events a
      WHERE a.hash IS NULL ORDER BY a.id LIMIT ${limit}`.execute(tx);
    if (pending.rows.length === 0) return 0;
    let { seq, hash } = await head(tx);
    const ids: number[] = [];
    const seqs: number[] = [];
    const prevs: string[] = [];
    const hashes: string[] = [];
    for (const row of pending.rows) {
      const next = chainHash(hash, row.canonical);
      seq += 1;
      ids.push(Number(row.id));
      seqs.push(seq);
      prevs.push(hash.toString('hex'));
      hashes.push(next.toString('hex'));
      hash = next;
    }
    await sql`
      UPDATE audit_events a
      SET chain_seq = v.seq, prev_hash = decode(v.prev, 'hex'), hash = decode(v.hash, 'hex')
      FROM (SELECT unnest(${ids}::bigint[]) AS id, unnest(${seqs}::bigint[]) AS seq,
                   unnest(${prevs}::text[]) AS prev, unnest(${hashes}::text[]) AS hash) v
      WHERE a.id = v.id`.execute(tx);
    return ids.length;
  });
}

export type VerifyReport =
  | { ok: true; sealed: number; unsealed: number; head: string | null }
  | { ok: false; sealed: number; brokenAt: { id: number; chainSeq: number }; reason: string };

/** Walks the chain from the start and recomputes every hash. */
export async function verifyAuditChain<DB>(db: Database<DB>): Promise<VerifyReport> {
  let expectedSeq = 1;
  let prev: Buffer = GENESIS;
  for (;;) {
    const batch = await db.system(
      async (t) =>
        (
          await sql<{ id: number; chain_seq: number; prev_hash: Uint8Array; hash: Uint8Array; canonical: string }>`
            SELECT a.id, a.chain_seq, a.prev_hash, a.hash, audit_canonical(a) AS canonical FROM audit_events a
            WHERE a.chain_seq >= ${expectedSeq} ORDER BY a.chain_seq LIMIT ${BATCH}`.execute(t as unknown as Kysely<unknown>)
        ).rows,
    );
    if (batch.length === 0) break;
    for (const row of batch) {
      const at = { id: Number(row.id), chainSeq: Number(row.chain_seq) };
      if (at.chainSeq !== expectedSeq) {
        return { ok: false, sealed: expectedSeq - 1, brokenAt: at, reason: `row(s) missing before chain position ${at.chainSeq}` };
      }
      if (!Buffer.from(row.prev_hash).equals(prev)) {
        return { ok: false, sealed: expectedSeq - 1, brokenAt: at, reason: 'does not follow the row before it' };
      }
      const recomputed = chainHash(prev, row.canonical);
      if (!recomputed.equals(Buffer.from(row.hash))) {
        return { ok: false, sealed: expectedSeq - 1, brokenAt: at, reason: 'its content was changed after it was sealed' };
      }
      prev = recomputed;
      expectedSeq++;
    }
  }
  const unsealed = await db.system(
    async (t) =>
      Number(
        (await sql<{ n: number }>`SELECT count(*)::int AS n FROM audit_events WHERE hash IS NULL`.execute(t as unknown as Kysely<unknown>))
          .rows[0]!.n,
      ),
  );
  return { ok: true, sealed: expectedSeq - 1, unsealed, head: expectedSeq > 1 ? prev.toString('hex') : null };
}

/** Seals new events every `intervalMs` until stopped. */
export function startAuditSealer<DB>(db: Database<DB>, intervalMs = 1000, onError: (e: unknown) => void = () => {}) {
  let running = false;
  let stopped = false;
  const tick = async () => {
    if (running || stopped) return;
    running = true;
    try {
      while (!stopped && (await sealAuditEvents(db)) === BATCH) {
        // keep going while there is a backlog
      }
    } catch (error) {
      onError(error);
    } finally {
      running = false;
    }
  };
  const timer = setInterval(() => void tick(), intervalMs);
  timer.unref();
  return {
    async stop() {
      stopped = true;
      clearInterval(timer);
      while (running) await new Promise((r) => setTimeout(r, 10));
    },
    /** Seals everything pending now (shutdown, tests). */
    async flush() {
      while ((await sealAuditEvents(db)) > 0) {
        // until nothing is left
      }
    },
  };
}

/**
 * The sealer above runs in every process, every second (a lock lets one seal at a time); this job
 * seals whatever is left once a minute, whichever instance is up, and shows on the jobs page.
 */
export function auditJobs(): JobDefinition[] {
  return [
    {
      name: 'audit.seal',
      description: 'Seals new audit events into the hash chain (also done every second by each running instance)',
      schedule: '* * * * *',
      retryLimit: 2,
      async run(_data, { db }) {
        while ((await sealAuditEvents(db)) > 0) {
          // until nothing is left
        }
      },
    },
  ];
}
