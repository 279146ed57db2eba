// Documents built in the background. A module defines a kind of document: how to gather, as the
// person who asked for it (or as the public), what the document shows — read again when it is
// built, so that access withdrawn in the meantime is honoured — and a renderer that turns that into
// a file in a worker thread (render-worker.ts). A request records the document and gets its id at
// once; the `documents.build` job gathers, renders and stores it, reporting progress; the page
// follows it and downloads the file. Nothing heavy runs on the request path.
import { randomUUID } from 'node:crypto';
import { sql } from 'kysely';
import type { AppDatabase, Tx } from '../../db.ts';
import type { Actor } from '../auth/actor.ts';
import type { FileStore } from '../files/store.ts';
import { DomainError } from '../http/errors.ts';
import type { JobDefinition } from '../jobs/queue.ts';
import { requestJob } from '../jobs/request.ts';
import type { RenderPool } from './render-pool.ts';

export type DocumentStatus = 'queued' | 'building' | 'ready' | 'failed';

export type DocumentView = {
  id: string;
  kind: string;
  status: DocumentStatus;
  progress: number;
  filename: string | null;
  /** A stable code when it failed (not_found: what it showed is no longer the reader's). */
  error: string | null;
  createdAt: string;
};

export type Gathered = { input: unknown; filename: string; contentType: string };

export type DocumentKind = {
  kind: string;
  /** A document for the public (one per content), rather than for one person. */
  public?: boolean;
  /** What the document shows, read as the person who asked (null for the public). */
  gather(tx: Tx, actor: Actor | null, params: Record<string, unknown>, now: Date): Promise<Gathered>;
};

type Row = {
  id: string;
  kind: string;
  status: string;
  progress: number;
  filename: string | null;
  error: string | null;
  created_at: Date;
  content_type: string | null;
};

function view(r: Row): DocumentView {
  return {
    id: r.id,
    kind: r.kind,
    status: r.status as DocumentStatus,
    progress: r.progress,
    filename: r.status === 'ready' ? r.filename : null,
    error: r.error,
    createdAt: r.created_at.toISOString(),
  };
}

const COLUMNS = ['id', 'kind', 'status', 'progress', 'filename', 'error', 'created_at', 'content_type'] as const;

/** Records a document for the acting person (who has been checked) and asks for it to be built. */
export async function requestDocument(tx: Tx, actor: Actor, kind: string, params: Record<string, unknown>): Promise<DocumentView> {
  const id = randomUUID();
  await tx.insertInto('documents').values({ id, kind, owner_user_id: actor.userId, owner_org_id: actor.orgId, params: JSON.stringify(params) }).execute();
  requestJob('documents.build', { id }, id);
  return { id, kind, status: 'queued', progress: 0, filename: null, error: null, createdAt: new Date().toISOString() };
}

/** The public document showing this content: the one already made or being made, or a new one. */
export async function requestPublicDocument(tx: Tx, kind: string, params: Record<string, unknown>, contentKey: string): Promise<DocumentView> {
  await sql`INSERT INTO documents (id, kind, params, content_key) VALUES (${randomUUID()}, ${kind}, ${JSON.stringify(params)}, ${contentKey})
    ON CONFLICT (kind, content_key) WHERE owner_user_id IS NULL DO NOTHING`.execute(tx);
  const row = await tx.selectFrom('documents').select(COLUMNS).where('kind', '=', kind).where('content_key', '=', contentKey).where('owner_user_id', 'is', null).executeTakeFirst();
  if (!row) throw new DomainError('not_found');
  if (row.status === 'queued' || row.status === 'failed') requestJob('documents.build', { id: row.id }, row.id);
  return view(row);
}

/** A document the reader may see: their own, or a public one still public. */
export async function getDocument(tx: Tx, id: string): Promise<DocumentView> {
  const row = await tx.selectFrom('documents').select(COLUMNS).where('id', '=', id).executeTakeFirst();
  if (!row) throw new DomainError('not_found');
  return view(row);
}

export async function documentFile(tx: Tx, store: FileStore, id: string): Promise<{ body: Buffer; filename: string; contentType: string }> {
  const row = await tx.selectFrom('documents').select(COLUMNS).where('id', '=', id).executeTakeFirst();
  if (!row) throw new DomainError('not_found');
  if (row.status !== 'ready') throw new DomainError('conflict', 'The document is not ready yet');
  const body = await store.get(row.id);
  if (!body) throw new DomainError('not_found');
  return { body, filename: row.filename ?? 'document', contentType: row.content_type ?? 'application/octet-stream' };
}

export type DocumentJobDeps = {
  kinds: DocumentKind[];
  store: FileStore;
  pool: () => RenderPool;
  /** The person as they act now for the organisation (null when they no longer may). */
  actorOf(tx: Tx, userId: string, orgId: string): Promise<Actor | null>;
};

/** A build that has run this long died with its process: it may be taken again. */
const STALE_MINUTES = 15;

export function documentJobs(deps: DocumentJobDeps): JobDefinition[] {
  const kinds = new Map(deps.kinds.map((k) => [k.kind, k]));
  return [
    {
      name: 'documents.build',
      description: 'Builds a document someone asked for (a response report PDF) in a worker thread',
      retryLimit: 2,
      retryDelay: 15,
      expireInSeconds: 600,
      concurrency: 1,
      async run(data, { db }) {
        const { id } = data as { id: string };
        const doc = await claim(db, id);
        if (!doc) return;
        const kind = kinds.get(doc.kind);
        if (!kind) return fail(db, id, 'unknown_kind');
        let gathered: Gathered;
        try {
          gathered = await gather(db, deps, kind, doc);
        } catch (error) {
          // Refused now (access withdrawn, plan withdrawn): a lasting answer, not a failure to retry.
          if (error instanceof DomainError) return fail(db, id, error.code);
          throw error;
        }
        await progress(db, id, 20);
        let last = 20;
        let lastAt = 0;
        const bytes = await deps.pool().render(doc.kind, gathered.input, (fraction) => {
          const pct = Math.min(95, 20 + Math.floor(fraction * 75));
          if (pct - last >= 5 && Date.now() - lastAt > 300) {
            last = pct;
            lastAt = Date.now();
            void progress(db, id, pct).catch(() => undefined);
          }
        });
        await deps.store.put(id, bytes, { contentType: gathered.contentType });
        await db.system((tx) =>
          sql`UPDATE documents SET status = 'ready', progress = 100, finished_at = now(), filename = ${gathered.filename},
                content_type = ${gathered.contentType}, size_bytes = ${bytes.byteLength}, error = NULL
              WHERE id = ${id}`.execute(tx),
        );
      },
      async failed(data, { db }) {
        await fail(db, (data as { id: string }).id, 'internal');
      },
    },
    {
      name: 'documents.sweep',
      description: 'Asks again for documents left unbuilt, and removes documents past their expiry with their files',
      schedule: '* * * * *',
      retryLimit: 1,
      async run(_data, { db }) {
        const expired = await db.system(async (tx) => {
          const stale = await sql<{ id: string }>`
            SELECT id FROM documents
            WHERE (status = 'queued' AND created_at < now() - interval '1 minute')
               OR (status = 'building' AND started_at < now() - make_interval(mins => ${STALE_MINUTES}))
            LIMIT 200`.execute(tx);
          const expired = await sql<{ id: string }>`DELETE FROM documents WHERE expires_at < now() RETURNING id`.execute(tx);
          for (const { id } of stale.rows) requestJob('documents.build', { id }, id);
          return expired.rows;
        });
        for (const { id } of expired) await deps.store.delete(id);
      },
    },
  ];
}

type Claimed = { id: string; kind: string; owner_user_id: string | null; owner_org_id: string | null; params: Record<string, unknown> };

async function claim(db: AppDatabase, id: string): Promise<Claimed | undefined> {
  return db.system(async (tx) => {
    const { rows } = await sql<Claimed>`
      UPDATE documents SET status = 'building', started_at = now(), progress = 5, error = NULL
      WHERE id = ${id} AND (status = 'queued'
        OR (status = 'failed' AND owner_user_id IS NULL)
        OR (status = 'building' AND started_at < now() - make_interval(mins => ${STALE_MINUTES})))
      RETURNING id, kind, owner_user_id, owner_org_id, params`.execute(tx);
    return rows[0];
  });
}

async function gather(db: AppDatabase, deps: DocumentJobDeps, kind: DocumentKind, doc: Claimed): Promise<Gathered> {
  const now = new Date();
  if (doc.owner_user_id === null) {
    return db.transaction({ role: 'tandem_app', requestId: `document-${doc.id}` }, (tx) => kind.gather(tx, null, doc.params, now));
  }
  const ctx = { role: 'tandem_app' as const, requestId: `document-${doc.id}`, userId: doc.owner_user_id, orgId: doc.owner_org_id };
  return db.transaction(ctx, async (tx) => {
    const actor = await deps.actorOf(tx, doc.owner_user_id!, doc.owner_org_id!);
    if (!actor) throw new DomainError('not_found');
    return kind.gather(tx, actor, doc.params, now);
  });
}

async function progress(db: AppDatabase, id: string, pct: number): Promise<void> {
  await db.system((tx) => sql`UPDATE documents SET progress = ${pct} WHERE id = ${id} AND status = 'building'`.execute(tx));
}

async function fail(db: AppDatabase, id: string, code: string): Promise<void> {
  await db.system((tx) => sql`UPDATE documents SET status = 'failed', error = ${code}, finished_at = now() WHERE id = ${id}`.execute(tx));
}
