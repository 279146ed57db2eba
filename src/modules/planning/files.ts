// Files attached to planning records: a contribution's attachments (by its author), a
// commitment's evidence (by the plan's coordinators), evidence with a progress update (by the
// reporting body) and with an independent assessment (by the assessing organisation). A file is
// readable exactly as the record it belongs to (row-level security, migration 0025); its type is
// checked by its content, not by the name or the type the browser claims.
import { createHash } from 'node:crypto';
import { sql } from 'kysely';
import type { Tx } from '../../db.ts';
import type { Actor } from '../../platform/auth/actor.ts';
import { audit } from '../../platform/audit/audit.ts';
import { DomainError } from '../../platform/http/errors.ts';
import { planAccess, requirePlanningRole } from './access.ts';
import { windowState } from './consultations.ts';
import { FILE_TYPES, MAX_FILE_BYTES } from './schema.ts';

export type FileOwnerKind = 'contribution' | 'commitment' | 'progress' | 'assessment';
export type FileType = (typeof FILE_TYPES)[number];
export type FileView = { id: string; filename: string; contentType: FileType; sizeBytes: number; createdAt: string };
export type StoredFile = FileView & { content: Buffer };

/** At most this many files on one record. */
export const MAX_FILES_PER_RECORD = 10;

const startsWith = (bytes: Buffer, magic: number[]) => magic.every((b, i) => bytes[i] === b);

/** The type a file's content shows it to be, or null when it is none of the accepted ones. */
export function sniffType(bytes: Buffer, claimed: string): FileType | null {
  if (startsWith(bytes, [0x25, 0x50, 0x44, 0x46, 0x2d])) return 'application/pdf'; // %PDF-
  if (startsWith(bytes, [0x89, 0x50, 0x4e, 0x47, 0x0d, 0x0a, 0x1a, 0x0a])) return 'image/png';
  if (startsWith(bytes, [0xff, 0xd8, 0xff])) return 'image/jpeg';
  // Text: valid UTF-8 without NUL or other control characters than tab and line ends.
  if (bytes.includes(0)) return null;
  let text: string;
  try {
    text = new TextDecoder('utf-8', { fatal: true }).decode(bytes);
  } catch {
    return null;
  }
   
  if (/[\u0001-\u0008\u000b\u000c\u000e-\u001f\u007f]/.test(text)) return null;
  return claimed === 'text/csv' || claimed === 'application/csv' ? 'text/csv' : 'text/plain';
}

/** The extensions a file of each type may carry; the first is the one given when it has none of them. */
const EXTENSIONS: Record<FileType, readonly string[]> = {
  'application/pdf': ['.pdf'],
  'image/png': ['.png'],
  'image/jpeg': ['.jpg', '.jpeg'],
  'text/plain': ['.txt'],
  'text/csv': ['.csv'],
};
const MAX_NAME = 200;

/**
 * A name safe to store and to send back: no folders, no control or invisible format characters
 * (a right-to-left override can make "evil\u202Efdp.exe" read as "evilexe.pdf"), not too long,
 * and ending in the extension of the type its content was found to be, so that the name never
 * says something else than the content (an extension of another type is replaced, none is added to).
 */
export function cleanFilename(name: string, type: FileType): string {
  const base = name.split(/[\\/]/).pop() ?? '';
  const cleaned = base
    .replace(/[\p{Cc}\p{Cf}\p{Zl}\p{Zp}"<>|*?:]/gu, '')
    .trim()
    .replace(/[. ]+$/u, '');
  const allowed = EXTENSIONS[type];
  const dot = cleaned.lastIndexOf('.');
  const ext = dot >= 0 ? cleaned.slice(dot).toLowerCase() : '';
  const kept = allowed.includes(ext) ? ext : allowed[0]!;
  // An extension-like ending (".exe", ".html", ".v2") is replaced; anything else is part of the name.
  let stem = ext !== '' && /^\.[\p{L}\p{N}]{1,8}$/u.test(ext) ? cleaned.slice(0, dot) : cleaned;
  stem = stem.replace(/[. ]+$/u, '').slice(0, MAX_NAME - kept.length).trim();
  return `${stem === '' || /^\.+$/u.test(stem) ? 'file' : stem}${kept}`;
}

/** Whether the actor may attach a file to this record (the database says the same again). */
async function requireOwnerWritable(tx: Tx, actor: Actor, planId: string, kind: FileOwnerKind, ownerId: string, now: Date): Promise<void> {
  const access = await planAccess(tx, actor, planId);
  let ok: boolean;
  switch (kind) {
    case 'contribution': {
      const own = await tx
        .selectFrom('contributions as k')
        .innerJoin('consultations as c', 'c.id', 'k.consultation_id')
        .select(['k.response_status', 'c.opens_at', 'c.closes_at'])
        .where('k.id', '=', ownerId)
        .where('k.plan_id', '=', planId)
        .where('k.user_id', '=', actor.userId)
        .executeTakeFirst();
      ok = own !== undefined;
      // What was answered is answered as it was sent: files come with the contribution, while
      // the consultation that takes it is open.
      if (own && own.response_status !== null) throw new DomainError('conflict', 'The contribution has been answered: files can no longer be attached to it');
      if (own && (access.stage !== 'consultation' || windowState(own, now) !== 'open')) throw new DomainError('conflict', 'The consultation is closed: files can no longer be attached to its contributions');
      break;
    }
    case 'commitment':
      ok = access.coordinator && (await tx.selectFrom('commitments').select('id').where('id', '=', ownerId).where('plan_id', '=', planId).executeTakeFirst()) !== undefined;
      break;
    case 'progress':
      ok = actor.orgId !== null && (await tx.selectFrom('commitment_progress').select('id').where('id', '=', ownerId).where('plan_id', '=', planId).where('org_id', '=', actor.orgId).executeTakeFirst()) !== undefined;
      break;
    case 'assessment':
      ok = actor.orgId !== null && (await tx.selectFrom('commitment_assessments').select('id').where('id', '=', ownerId).where('plan_id', '=', planId).where('org_id', '=', actor.orgId).executeTakeFirst()) !== undefined;
      break;
  }
  if (!ok) throw new DomainError('not_found');
}

/**
 * Whether the actor may upload at all (a planning role in an organisation) and, when the record
 * is already known, to it. Asked before a byte of the upload is read, and again when storing it.
 */
export async function requireUploader(tx: Tx, actor: Actor, planId: string, owner: { kind: FileOwnerKind; id: string } | null, now: Date): Promise<void> {
  requirePlanningRole(actor);
  if (!actor.orgId) throw new DomainError('forbidden');
  if (owner) await requireOwnerWritable(tx, actor, planId, owner.kind, owner.id, now);
  else await planAccess(tx, actor, planId);
}

export async function addFile(
  tx: Tx,
  actor: Actor,
  planId: string,
  owner: { kind: FileOwnerKind; id: string },
  upload: { filename: string; claimedType: string; bytes: Buffer },
  now: Date,
): Promise<FileView> {
  await requireUploader(tx, actor, planId, owner, now);
  if (upload.bytes.length === 0) throw new DomainError('validation_failed', 'The file is empty', [{ path: 'file', message: 'is empty', code: 'file_empty' }]);
  if (upload.bytes.length > MAX_FILE_BYTES) throw new DomainError('payload_too_large');
  const type = sniffType(upload.bytes, upload.claimedType);
  if (!type) throw new DomainError('unsupported_media_type', 'Attach a PDF, a PNG or JPEG image, or a plain text or CSV file');
  const { n } = await tx
    .selectFrom('plan_files')
    .select((eb) => eb.fn.countAll<number>().as('n'))
    .where('owner_kind', '=', owner.kind)
    .where('owner_id', '=', owner.id)
    .executeTakeFirstOrThrow();
  if (Number(n) >= MAX_FILES_PER_RECORD) throw new DomainError('conflict', `A record holds at most ${MAX_FILES_PER_RECORD} files`);
  const row = await tx
    .insertInto('plan_files')
    .values({
      plan_id: planId,
      owner_kind: owner.kind,
      owner_id: owner.id,
      org_id: actor.orgId!,
      filename: cleanFilename(upload.filename, type),
      content_type: type,
      size_bytes: upload.bytes.length,
      sha256: createHash('sha256').update(upload.bytes).digest('hex'),
      content: upload.bytes,
      created_by: actor.userId,
    })
    .returning(['id', 'filename', 'content_type', 'size_bytes', 'created_at'])
    .executeTakeFirstOrThrow();
  await audit(tx, { action: 'plan.file.add', subjectType: `plan_${owner.kind}`, subjectId: owner.id, details: { planId, fileId: row.id, bytes: row.size_bytes } });
  return view(row);
}

type Row = { id: string; filename: string; content_type: string; size_bytes: number; created_at: Date };
const view = (r: Row): FileView => ({
  id: r.id,
  filename: r.filename,
  contentType: FILE_TYPES.find((t) => t === r.content_type) ?? 'text/plain',
  sizeBytes: r.size_bytes,
  createdAt: r.created_at.toISOString(),
});

/** The files of some records of one kind, without their content, by record. */
export async function filesOf(tx: Tx, planId: string, kind: FileOwnerKind, ownerIds: readonly string[]): Promise<Map<string, FileView[]>> {
  const byOwner = new Map<string, FileView[]>();
  if (ownerIds.length === 0) return byOwner;
  const rows = await tx
    .selectFrom('plan_files')
    .select(['id', 'owner_id', 'filename', 'content_type', 'size_bytes', 'created_at'])
    .where('plan_id', '=', planId)
    .where('owner_kind', '=', kind)
    .where('owner_id', '=', sql<string>`ANY(${[...ownerIds]}::uuid[])`)
    .orderBy('created_at')
    .execute();
  for (const r of rows) {
    const list = byOwner.get(r.owner_id) ?? [];
    list.push(view(r));
    byOwner.set(r.owner_id, list);
  }
  return byOwner;
}

/** One file with its content, if the actor (or the public) may read it; not_found otherwise. */
export async function readFile(tx: Tx, planId: string, fileId: string): Promise<StoredFile> {
  const row = await tx
    .selectFrom('plan_files')
    .select(['id', 'filename', 'content_type', 'size_bytes', 'created_at', 'content'])
    .where('id', '=', fileId)
    .where('plan_id', '=', planId)
    .executeTakeFirst();
  if (!row) throw new DomainError('not_found');
  return { ...view(row), content: Buffer.from(row.content) };
}
