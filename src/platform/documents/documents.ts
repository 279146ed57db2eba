// Documents built in the background. A module defines a kind of document: how to gather, as the
// person who asked for it (or as the public), what the document shows — read again when it is
// built, so that access withdrawn in the meantime is honoured — and a renderer that turns that into
// a file in a worker thread (render-worker.ts). A request records the document and gets its id at
// once; the `documents.build` job gathers, renders and stores it, reporting progress; the page
// follows it and downloads the file. Nothing heavy runs on the request path.
//
// Every file is sealed before it reaches the file store (AES-256-GCM under a key derived from
// the identity vault's keyring, bound to the document) and opened when it is downloaded: a case
// summary or a subject access export holds identifying data, and the store (a shared folder, a
// bucket) must not hold it readable. A kind sets how long its documents are kept once built; only
// the owner reads an owned document (checked here, and by row-level security on its own), each
// download of one is audited, and the sweep deletes expired documents with their files.
import { randomUUID } from 'node:crypto';
import { sql } from 'kysely';
import type { AppDatabase, Tx } from '../../db.ts';
import type { Actor } from '../auth/actor.ts';
import { audit } from '../audit/audit.ts';
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
  /** When it is deleted, with its file. */
  expiresAt: string;
};

/** Seals a file for storage, bound to its name, and opens it again (the identity vault does). */
export type FileSeal = {
  sealFile(name: string, body: Uint8Array): Buffer;
  openFile(name: string, sealed: Uint8Array): Buffer;
};

/** Where documents' files are kept, and how they are sealed there. */
export type DocumentFiles = { store: FileStore; seal: FileSeal };

/** The document a kind gathers for or checks: its id (the key of its file, and of what names it). */
export type DocumentRef = { id: string };

/** Reports are kept a week; a kind holding personal data sets a shorter life. */
export const DEFAULT_LIFETIME_MINUTES = 7 * 24 * 60;

export type Gathered = { input: unknown; filename: string; contentType: string };

export type DocumentKind = {
  kind: string;
  /** A document for the public (one per content), rather than for one person. */
  public?: boolean;
  /** How long a built document is kept (DEFAULT_LIFETIME_MINUTES if not said). */
  lifetimeMinutes?: number;
  /** What the document shows, read as the person who asked (null for the public). */
  gather(tx: Tx, actor: Actor | null, params: Record<string, unknown>, now: Date, doc: DocumentRef): Promise<Gathered>;
  /**
   * Asked again when the owner downloads the built file: throws (not_found) when they may no
   * longer see what it shows (access withdrawn since it was built).
   */
  stillAllowed?(tx: Tx, actor: Actor, params: Record<string, unknown>, doc: DocumentRef): Promise<void>;
  /**
   * A public kind whose content can change under it: whether the document's content key is still
   * that of what it would show now. A document no longer current is gone for readers (not found).
   */
  stillCurrent?(tx: Tx, params: Record<string, unknown>, contentKey: string | null): Promise<boolean>;
  /** What a download is audited as concerning (a case, with its lead organisation); the document itself if not said. */
  auditSubject?(params: Record<string, unknown>): { type: string; id: string; orgId: string | null } | null;
};

const lifetimeOf = (kind: DocumentKind | undefined) => kind?.lifetimeMinutes ?? DEFAULT_LIFETIME_MINUTES;

type Row = {
  id: string;
  kind: string;
  owner_user_id: string | null;
  owner_org_id: string | null;
  params: Record<string, unknown>;
  sealed: boolean;
  expires_at: Date;
  status: string;
  progress: number;
  filename: string | null;
  error: string | null;
  created_at: Date;
  content_type: string | null;
  content_key: string | null;
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
    expiresAt: r.expires_at.toISOString(),
  };
}

const COLUMNS = [
  'id', 'kind', 'owner_user_id', 'owner_org_id', 'params', 'sealed', 'expires_at', 'status', 'progress', 'filename', 'error', 'created_at', 'content_type', 'content_key',
] as const;

/** Records a document for the acting person (who has been checked) and asks for it to be built. */
export async function requestDocument(tx: Tx, actor: Actor, kind: string, params: Record<string, unknown>): Promise<DocumentView> {
  const id = randomUUID();
  await tx.insertInto('documents').values({ id, kind, owner_user_id: actor.userId, owner_org_id: actor.orgId, params: JSON.stringify(params) }).execute();
  requestJob('documents.build', { id }, id);
  // Until it is built, a document waits as long as any (the table's default): its kind's life starts once it is ready.
  return view(await tx.selectFrom('documents').select(COLUMNS).where('id', '=', id).executeTakeFirstOrThrow());
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

/**
 * The document, if the reader may see it: their own (for the organisation they act for now), or
 * a public one of a public kind. Row-level security says the same on its own (migrations 0039,
 * 0066); expired is gone.
 */
async function readable(tx: Tx, actor: Actor | null, kinds: readonly DocumentKind[], id: string, now: Date): Promise<{ row: Row; kind: DocumentKind | undefined }> {
  const row = await tx.selectFrom('documents').select(COLUMNS).where('id', '=', id).executeTakeFirst();
  if (!row) throw new DomainError('not_found');
  const kind = kinds.find((k) => k.kind === row.kind);
  const owner = row.owner_user_id === null ? kind?.public === true : actor !== null && row.owner_user_id === actor.userId && row.owner_org_id === actor.orgId;
  if (!owner || row.expires_at <= now) throw new DomainError('not_found');
  if (row.owner_user_id === null && kind?.stillCurrent && !(await kind.stillCurrent(tx, row.params, row.content_key))) throw new DomainError('not_found');
  return { row, kind };
}

export async function getDocument(tx: Tx, actor: Actor | null, kinds: readonly DocumentKind[], id: string, now = new Date()): Promise<DocumentView> {
  return view((await readable(tx, actor, kinds, id, now)).row);
}

/**
 * The file of a ready document, opened. The owner of one is checked again by its kind (access
 * withdrawn since it was built) and each download is audited.
 */
export async function documentFile(
  tx: Tx,
  actor: Actor | null,
  deps: { files: DocumentFiles; kinds: readonly DocumentKind[] },
  id: string,
  now = new Date(),
): Promise<{ body: Buffer; filename: string; contentType: string }> {
  const { row, kind } = await readable(tx, actor, deps.kinds, id, now);
  if (row.status !== 'ready') throw new DomainError('conflict', 'The document is not ready yet');
  if (actor && row.owner_user_id !== null) await kind?.stillAllowed?.(tx, actor, row.params, { id: row.id });
  const stored = await deps.files.store.get(row.id);
  if (!stored) throw new DomainError('not_found');
  const body = row.sealed ? deps.files.seal.openFile(fileName(row.id), stored) : stored;
  if (row.owner_user_id !== null) {
    const subject = kind?.auditSubject?.(row.params) ?? null;
    await audit(tx, {
      action: 'document.download',
      subjectType: subject?.type ?? 'document',
      subjectId: subject?.id ?? row.id,
      subjectOrgId: subject ? subject.orgId : row.owner_org_id,
      details: { document: row.id, kind: row.kind, bytes: body.byteLength },
    });
  }
  return { body, filename: row.filename ?? 'document', contentType: row.content_type ?? 'application/octet-stream' };
}

/** The name a document's file is sealed under (its key in the store is its id). */
const fileName = (id: string) => `document:${id}`;

export type DocumentJobDeps = {
  kinds: readonly DocumentKind[];
  files: DocumentFiles;
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
      description: 'Builds a document someone asked for (a response report, a case summary, a subject access export) in a worker thread, and stores it sealed',
      retryLimit: 2,
      retryDelay: 15,
      expireInSeconds: 600,
      concurrency: 1,
      async run(data, { db }) {
        const { id } = data as { id: string };
        const doc = await claim(db, id);
        if (!doc) return;
        const kind = kinds.get(doc.kind);
        if (!kind) return fail(db, id, 'unknown_kind', DEFAULT_LIFETIME_MINUTES);
        let gathered: Gathered;
        try {
          gathered = await gather(db, deps, kind, doc);
        } catch (error) {
          // Refused now (access withdrawn, plan withdrawn): a lasting answer, not a failure to retry.
          if (error instanceof DomainError) return fail(db, id, error.code, lifetimeOf(kind));
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
        // Sealed bytes: to a bucket they are opaque, whatever the document's own type.
        await deps.files.store.put(id, deps.files.seal.sealFile(fileName(id), bytes), { contentType: 'application/octet-stream' });
        await db.system((tx) =>
          sql`UPDATE documents SET status = 'ready', progress = 100, finished_at = now(), filename = ${gathered.filename},
                content_type = ${gathered.contentType}, size_bytes = ${bytes.byteLength}, error = NULL, sealed = true,
                expires_at = now() + make_interval(mins => ${lifetimeOf(kind)})
              WHERE id = ${id}`.execute(tx),
        );
      },
      async failed(data, { db }) {
        const { id } = data as { id: string };
        const row = await db.system((tx) => tx.selectFrom('documents').select('kind').where('id', '=', id).executeTakeFirst());
        await fail(db, id, 'internal', lifetimeOf(kinds.get(row?.kind ?? '')));
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
        for (const { id } of expired) await deps.files.store.delete(id);
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
    return db.transaction({ role: 'tandem_app', requestId: `document-${doc.id}` }, (tx) => kind.gather(tx, null, doc.params, now, { id: doc.id }));
  }
  const ctx = { role: 'tandem_app' as const, requestId: `document-${doc.id}`, userId: doc.owner_user_id, orgId: doc.owner_org_id };
  return db.transaction(ctx, async (tx) => {
    const actor = await deps.actorOf(tx, doc.owner_user_id!, doc.owner_org_id!);
    if (!actor) throw new DomainError('not_found');
    return kind.gather(tx, actor, doc.params, now, { id: doc.id });
  });
}

async function progress(db: AppDatabase, id: string, pct: number): Promise<void> {
  await db.system((tx) => sql`UPDATE documents SET progress = ${pct} WHERE id = ${id} AND status = 'building'`.execute(tx));
}

/** Failed, for good: kept no longer than a built document of its kind, so that the page can say why. */
async function fail(db: AppDatabase, id: string, code: string, lifetimeMinutes: number): Promise<void> {
  await db.system((tx) =>
    sql`UPDATE documents SET status = 'failed', error = ${code}, finished_at = now(),
          expires_at = LEAST(expires_at, now() + make_interval(mins => ${lifetimeMinutes}))
        WHERE id = ${id}`.execute(tx),
  );
}
