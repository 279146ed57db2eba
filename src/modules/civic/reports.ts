// The confidential reporting channel. A reporter — anyone, signed in or not, and treated as
// nobody either way — sends a report and gets a receipt code, shown once. The code is 100 random
// bits; only its keyed hash is stored (Vault.receiptIndex), and the service hands that hash to the
// database for the transaction (tandem.civic_receipt), whose policies then let the reporter read
// their report and its messages, answer, and withdraw it. Content, contact details and messages
// are sealed with the identity vault's keys. Nothing here records who reported: no account, no
// address, no user agent, no exact time (the day only).
//
// A report goes to the desks open for its country (desks.ts): the organisation the reporter
// addressed, or any of them. Their civic-space monitors see it waiting, take it (assigned to them), ask the
// reporter questions, and turn it into a restriction record (unverified); the contact details are
// opened for the monitor it is assigned to only. Audit rows name the report and the action, never
// its content.
import { randomBytes, randomUUID } from 'node:crypto';
import { sql } from 'kysely';
import type { Tx } from '../../db.ts';
import type { Actor } from '../../platform/auth/actor.ts';
import { audit } from '../../platform/audit/audit.ts';
import type { Vault } from '../../platform/crypto/vault.ts';
import type { FileStore } from '../../platform/files/store.ts';
import { DomainError } from '../../platform/http/errors.ts';
import { deskReads, deskScope, desksForReporters } from './desks.ts';
import { requireMonitor } from './policy.ts';
import { asTypes, createRecord } from './records.ts';
import { REPORT_STATUSES, type NewRecord, type NewReport, type ReportContent, type ReportView } from './schema.ts';

/** Crockford's base32: no I, L, O or U, so that a code read aloud or copied by hand survives. */
const ALPHABET = '0123456789ABCDEFGHJKMNPQRSTVWXYZ';
export const RECEIPT_CHARACTERS = 20;

/** A new receipt code: 20 characters of 5 random bits each (100 bits), in groups of four. */
export function newReceipt(): string {
  const bytes = randomBytes(RECEIPT_CHARACTERS);
  const chars = [...bytes].map((b) => ALPHABET[b & 31]!).join('');
  return chars.match(/.{4}/g)!.join('-');
}

/** The code as stored and compared: only its letters and digits. */
const bare = (code: string) => code.replace(/-/g, '');

const contentContext = (id: string) => `civic-report:${id}`;
const contactContext = (id: string) => `civic-report-contact:${id}`;
const messageContext = (id: string) => `civic-report-message:${id}`;
const asReportStatus = (s: string) => REPORT_STATUSES.find((x) => x === s) ?? 'new';

/** Puts the reporter's receipt in force for the transaction: the database's policies read it. */
async function asReporter(tx: Tx, vault: Vault, code: string): Promise<string> {
  const hash = vault.receiptIndex(bare(code));
  await sql`SELECT set_config('tandem.civic_receipt', ${hash}, true)`.execute(tx);
  return hash;
}

/** Sends a report, in a transaction acting for nobody; the receipt code is returned once, here. */
export async function submitReport(tx: Tx, vault: Vault, input: NewReport): Promise<{ receipt: string }> {
  const place = await tx.selectFrom('jurisdictions').select('code').where('code', '=', input.country).executeTakeFirst();
  if (!place) throw new DomainError('validation_failed', undefined, [{ path: 'body.country', message: 'is not a known country', code: 'invalid_choice' }]);
  // Someone must read it: a desk open for the country, the addressed organisation's if one is.
  const desks = await tx
    .selectFrom('civic_report_desks')
    .select('org_id')
    .where((eb) => eb.or([eb('country', '=', input.country), eb('country', 'is', null)]))
    .execute();
  if (desks.length === 0) throw new DomainError('validation_failed', undefined, [{ path: 'body.country', message: 'no organisation receives reports about this country yet', code: 'no_desk' }]);
  if (input.desk !== null && !desks.some((d) => d.org_id === input.desk)) {
    throw new DomainError('validation_failed', undefined, [{ path: 'body.desk', message: 'does not receive reports about this country', code: 'invalid_choice' }]);
  }
  const receipt = newReceipt();
  const receiptHash = await asReporter(tx, vault, receipt);
  const id = randomUUID();
  const { contact, desk, ...content } = input;
  await tx
    .insertInto('civic_reports')
    .values({ id, receipt_hash: receiptHash, country: input.country, desk_org_id: desk, sealed_content: vault.sealRecord(contentContext(id), JSON.stringify(content)) })
    .execute();
  if (contact) await tx.insertInto('civic_report_contacts').values({ report_id: id, sealed_contact: vault.sealRecord(contactContext(id), contact) }).execute();
  await audit(tx, { action: 'civic.report.receive', subjectType: 'civic_report', subjectId: id, details: { country: input.country } });
  return { receipt };
}

type ReportRow = {
  id: string;
  country: string;
  sealed_content: string | null;
  status: string;
  received_on: string | Date;
  assigned_user_id: string | null;
  record_id: string | null;
  desk_org_id: string | null;
};

const day = (d: string | Date) => (typeof d === 'string' ? d.slice(0, 10) : d.toISOString().slice(0, 10));

function openContent(vault: Vault, row: ReportRow): ReportContent | null {
  if (row.sealed_content === null) return null;
  const c = JSON.parse(vault.openRecord(contentContext(row.id), row.sealed_content)) as ReportContent;
  return { ...c, types: asTypes(c.types) };
}

async function messagesOf(tx: Tx, vault: Vault, reportId: string) {
  const rows = await tx.selectFrom('civic_report_messages').select(['id', 'from_reporter', 'sealed_body', 'sent_at']).where('report_id', '=', reportId).orderBy('sent_at').orderBy('id').execute();
  return rows.map((m) => ({ fromReporter: m.from_reporter, body: vault.openRecord(messageContext(m.id), m.sealed_body), sentAt: new Date(m.sent_at).toISOString() }));
}

const REPORT_COLUMNS = ['id', 'country', 'sealed_content', 'status', 'received_on', 'assigned_user_id', 'record_id', 'desk_org_id'] as const;

// ---- The reporter, with their receipt code ----------------------------------------------------

export type ReporterView = {
  country: string;
  receivedOn: string;
  status: (typeof REPORT_STATUSES)[number];
  content: ReportContent | null;
  messages: Array<{ fromReporter: boolean; body: string; sentAt: string }>;
  files: Array<{ id: string; filename: string; contentType: string; sizeBytes: number }>;
  /** Whether a monitor has taken the report (then questions can come, and answers go). */
  canAnswer: boolean;
  /** Whether the reporter addressed one organisation (else: any desk of the country). */
  addressed: boolean;
  /** The name of the organisation addressed, while it has a desk open (the names come from the desks). */
  sentTo: string | null;
};

/** The report of this receipt code; not_found for a code that matches none (or was withdrawn and wiped). */
export async function reporterView(tx: Tx, vault: Vault, code: string): Promise<ReporterView> {
  const hash = await asReporter(tx, vault, code);
  const row = await tx.selectFrom('civic_reports').select(REPORT_COLUMNS).where('receipt_hash', '=', hash).executeTakeFirst();
  if (!row) throw new DomainError('not_found');
  const status = asReportStatus(row.status);
  return {
    country: row.country,
    receivedOn: day(row.received_on),
    status,
    content: openContent(vault, row),
    messages: await messagesOf(tx, vault, row.id),
    files: await filesOf(tx, vault, row.id),
    canAnswer: status === 'assigned',
    addressed: row.desk_org_id !== null,
    sentTo: row.desk_org_id === null ? null : ((await desksForReporters(tx)).find((d) => d.orgId === row.desk_org_id)?.name ?? null),
  };
}

async function reporterRow(tx: Tx, vault: Vault, code: string) {
  const hash = await asReporter(tx, vault, code);
  const row = await tx.selectFrom('civic_reports').select(['id', 'status']).where('receipt_hash', '=', hash).executeTakeFirst();
  if (!row) throw new DomainError('not_found');
  return row;
}

/** The reporter answers (or adds to) the monitors' questions; only while a monitor has the report. */
export async function reporterAnswer(tx: Tx, vault: Vault, code: string, body: string): Promise<void> {
  const row = await reporterRow(tx, vault, code);
  if (row.status !== 'assigned') throw new DomainError('conflict', 'Answers go to the monitor who has taken the report');
  const id = randomUUID();
  await tx.insertInto('civic_report_messages').values({ id, report_id: row.id, from_reporter: true, author_user_id: null, sealed_body: vault.sealRecord(messageContext(id), body) }).execute();
  await audit(tx, { action: 'civic.report.answer', subjectType: 'civic_report', subjectId: row.id });
}

export const MAX_REPORT_FILES = 5;
export const MAX_REPORT_FILE_BYTES = 5 * 1024 * 1024;
export const reportFileKey = (id: string) => `civic-report-file-${id}`;
const fileNameContext = (id: string) => `civic-report-file-name:${id}`;

/**
 * The reporter attaches a file, already stripped of its metadata: its name sealed in the
 * database, its content sealed in the file store (before the transaction commits).
 */
export async function reporterAddFile(tx: Tx, vault: Vault, store: FileStore, code: string, file: { filename: string; contentType: string; bytes: Buffer }): Promise<void> {
  const row = await reporterRow(tx, vault, code);
  if (row.status !== 'new' && row.status !== 'assigned') throw new DomainError('conflict', 'Files are added while the report is open');
  const count = await tx.selectFrom('civic_report_files').select((eb) => eb.fn.countAll<string>().as('n')).where('report_id', '=', row.id).executeTakeFirstOrThrow();
  if (Number(count.n) >= MAX_REPORT_FILES) throw new DomainError('conflict', `At most ${MAX_REPORT_FILES} files go with a report`);
  const id = randomUUID();
  await tx
    .insertInto('civic_report_files')
    .values({ id, report_id: row.id, sealed_name: vault.sealRecord(fileNameContext(id), file.filename), content_type: file.contentType, size_bytes: file.bytes.byteLength })
    .execute();
  await store.put(reportFileKey(id), vault.sealFile(reportFileKey(id), file.bytes), { contentType: 'application/octet-stream' });
  await audit(tx, { action: 'civic.report.file', subjectType: 'civic_report', subjectId: row.id });
}

async function filesOf(tx: Tx, vault: Vault, reportId: string) {
  const rows = await tx.selectFrom('civic_report_files').select(['id', 'sealed_name', 'content_type', 'size_bytes']).where('report_id', '=', reportId).orderBy('id').execute();
  return rows.map((f) => ({ id: f.id, filename: vault.openRecord(fileNameContext(f.id), f.sealed_name), contentType: f.content_type, sizeBytes: f.size_bytes }));
}

/** A file of a report, for the monitor who took it. */
export async function reportFile(tx: Tx, vault: Vault, store: FileStore, actor: Actor, id: string, fileId: string) {
  requireMonitor(actor);
  const row = await monitorRow(tx, actor, id);
  if (row.assigned_user_id !== actor.userId) throw new DomainError('not_found');
  const file = (await filesOf(tx, vault, id)).find((f) => f.id === fileId);
  const stored = file ? await store.get(reportFileKey(fileId)) : undefined;
  if (!file || !stored) throw new DomainError('not_found');
  await audit(tx, { action: 'civic.report.file_download', subjectType: 'civic_report', subjectId: id, subjectOrgId: actor.orgId, details: { file: fileId } });
  return { filename: file.filename, contentType: file.contentType, content: vault.openFile(reportFileKey(fileId), stored) };
}

/**
 * The reporter withdraws the report: its content, contact details, messages and files are
 * erased (the files' keys are returned, for the store to delete once this is committed).
 */
export async function reporterWithdraw(tx: Tx, vault: Vault, code: string): Promise<string[]> {
  const row = await reporterRow(tx, vault, code);
  if (row.status === 'withdrawn') return [];
  const files = await tx.deleteFrom('civic_report_files').where('report_id', '=', row.id).returning('id').execute();
  await tx.deleteFrom('civic_report_messages').where('report_id', '=', row.id).execute();
  await tx.deleteFrom('civic_report_contacts').where('report_id', '=', row.id).execute();
  await tx.updateTable('civic_reports').set({ status: 'withdrawn', sealed_content: null }).where('id', '=', row.id).execute();
  await audit(tx, { action: 'civic.report.withdraw', subjectType: 'civic_report', subjectId: row.id });
  return files.map((f) => reportFileKey(f.id));
}

// ---- Monitors ---------------------------------------------------------------------------------

/** Reports waiting at the organisation's desks, and those taken by this monitor, newest first. */
export async function reportQueue(tx: Tx, vault: Vault, actor: Actor) {
  requireMonitor(actor);
  const scope = await deskScope(tx, actor.orgId);
  const rows = await tx
    .selectFrom('civic_reports')
    .select(REPORT_COLUMNS)
    .where((eb) => {
      const waiting = eb.and([
        eb('status', '=', 'new'),
        eb.or([eb('desk_org_id', 'is', null), eb('desk_org_id', '=', actor.orgId)]),
        ...(scope.everyCountry ? [] : [scope.countries.size > 0 ? eb('country', 'in', [...scope.countries]) : eb.lit(false)]),
      ]);
      return eb.or([waiting, eb('assigned_user_id', '=', actor.userId)]);
    })
    .orderBy('received_on', 'desc')
    .orderBy('id')
    .limit(500)
    .execute();
  return {
    reports: rows.map((r) => ({
      id: r.id,
      country: r.country,
      receivedOn: day(r.received_on),
      status: asReportStatus(r.status),
      title: openContent(vault, r)?.title ?? null,
      assignedToMe: r.assigned_user_id === actor.userId,
      addressedToUs: r.desk_org_id === actor.orgId,
    })),
  };
}

async function monitorRow(tx: Tx, actor: Actor & { orgId: string }, id: string) {
  const row = await tx.selectFrom('civic_reports').select(REPORT_COLUMNS).where('id', '=', id).executeTakeFirst();
  // Waiting at one of the organisation's desks, or this monitor's: any other report does not exist for them.
  const readable = row && (row.assigned_user_id === actor.userId || (row.status === 'new' && deskReads(await deskScope(tx, actor.orgId), actor.orgId, row)));
  if (!readable) throw new DomainError('not_found');
  return row;
}

export async function getReport(tx: Tx, vault: Vault, actor: Actor, id: string): Promise<ReportView> {
  requireMonitor(actor);
  const row = await monitorRow(tx, actor, id);
  const mine = row.assigned_user_id === actor.userId;
  const status = asReportStatus(row.status);
  let contact: string | null = null;
  if (mine) {
    const c = await tx.selectFrom('civic_report_contacts').select('sealed_contact').where('report_id', '=', id).executeTakeFirst();
    contact = c ? vault.openRecord(contactContext(id), c.sealed_contact) : null;
  }
  return {
    id,
    country: row.country,
    receivedOn: day(row.received_on),
    status,
    content: openContent(vault, row),
    assignedToMe: mine,
    addressedToUs: row.desk_org_id === actor.orgId,
    contact,
    messages: mine ? await messagesOf(tx, vault, id) : [],
    files: mine ? await filesOf(tx, vault, id) : [],
    recordId: row.record_id,
    may: { assign: status === 'new', ask: mine && status === 'assigned', convert: mine && status === 'assigned' },
  };
}

/** A monitor takes a waiting report: it is theirs from now on (the database records who). */
export async function assignReport(tx: Tx, actor: Actor, id: string): Promise<void> {
  requireMonitor(actor);
  const row = await monitorRow(tx, actor, id);
  if (row.status !== 'new') throw new DomainError('conflict', 'The report has already been taken');
  await tx.updateTable('civic_reports').set({ status: 'assigned' }).where('id', '=', id).where('status', '=', 'new').execute();
  await audit(tx, { action: 'civic.report.assign', subjectType: 'civic_report', subjectId: id, subjectOrgId: actor.orgId });
}

/** The assigned monitor asks the reporter a question, read with the receipt code. */
export async function askReporter(tx: Tx, vault: Vault, actor: Actor, id: string, body: string): Promise<void> {
  requireMonitor(actor);
  const row = await monitorRow(tx, actor, id);
  if (row.assigned_user_id !== actor.userId || row.status !== 'assigned') throw new DomainError('conflict', 'Questions come from the monitor who has taken the report');
  const messageId = randomUUID();
  await tx.insertInto('civic_report_messages').values({ id: messageId, report_id: id, from_reporter: false, author_user_id: actor.userId, sealed_body: vault.sealRecord(messageContext(messageId), body) }).execute();
  await audit(tx, { action: 'civic.report.question', subjectType: 'civic_report', subjectId: id, subjectOrgId: actor.orgId });
}

/** The assigned monitor turns the report into a restriction record of their organisation, unverified. */
export async function convertReport(tx: Tx, actor: Actor, id: string, input: NewRecord): Promise<{ id: string }> {
  requireMonitor(actor);
  const row = await monitorRow(tx, actor, id);
  if (row.assigned_user_id !== actor.userId || row.status !== 'assigned') throw new DomainError('conflict', 'Only the monitor who has taken the report turns it into a record');
  const record = await createRecord(tx, actor, input);
  await tx.updateTable('civic_reports').set({ status: 'converted', record_id: record.id }).where('id', '=', id).execute();
  await audit(tx, { action: 'civic.report.convert', subjectType: 'civic_report', subjectId: id, subjectOrgId: actor.orgId, details: { record: record.id } });
  return record;
}
