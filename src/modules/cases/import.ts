// Importing cases from a CSV file into the acting coordinator's agency. Every row is checked
// first (the API's schema, duplicates within the file and, through the blind index, against
// existing cases); with any error nothing is imported unless the coordinator chose to import the
// valid rows only. The import then runs in the background, one transaction per batch of rows,
// each batch updating the run's progress, so that a large file neither holds the database's
// connection (PGlite has one) nor the request, and the page can show how far it has come.
import { randomUUID } from 'node:crypto';
import { sql } from 'kysely';
import type { AppDatabase, Tx } from '../../db.ts';
import type { Actor } from '../../platform/auth/actor.ts';
import { audit } from '../../platform/audit/audit.ts';
import type { Vault, VaultField } from '../../platform/crypto/vault.ts';
import { DomainError } from '../../platform/http/errors.ts';
import { requestJob } from '../../platform/jobs/request.ts';
import { actorFor } from '../identity/acting.ts';
import { can } from '../identity/policy.ts';
import { ImportFileError, readImportFile, type ImportColumn, type ParsedRow, type RowError } from './import-format.ts';
import type { ImportReport, ImportRun } from './schema.ts';
import { insertCases } from './service.ts';
import { checksAcrossAgencies, countChecks, probeRecord, probesOf as identityProbes, raiseDuplicateNotices, visibleHits } from './duplicate-check.ts';

/** Rows per transaction: large enough to be quick, small enough to let other requests through. */
export const IMPORT_BATCH = 250;

export function requireImporter(actor: Actor): void {
  if (!can(actor, 'cases.coordinate') || !actor.orgId) throw new DomainError('forbidden');
}

type RowProbe = { row: number; field: VaultField; column: ImportColumn; index: string };

function probesOf(vault: Vault, r: ParsedRow): RowProbe[] {
  const out: RowProbe[] = [];
  // As when opening one case: a name or a document number alone is a possible duplicate.
  if (r.input.identity.legalName) out.push({ row: r.row, field: 'legal_name', column: 'legal_name', index: vault.blindIndex('legal_name', r.input.identity.legalName)! });
  for (const d of r.input.identity.documentNumbers) out.push({ row: r.row, field: 'document_number', column: 'document_numbers', index: vault.blindIndex('document_number', d)! });
  return out;
}

/**
 * Rows that match a case the agency may see (nothing decrypted; row-level security decides which
 * cases). Cases of other agencies are not looked at here at all: they are checked once a row is
 * imported, and a possible match goes to the data protection officers, never into this report —
 * a report that differed would tell the coordinator who is a case elsewhere (duplicate-check.ts).
 */
async function existingDuplicates(tx: Tx, vault: Vault, rows: ParsedRow[]): Promise<RowError[]> {
  const probes = rows.filter((r) => !r.input.confirmNotDuplicate).flatMap((r) => probesOf(vault, r));
  if (probes.length === 0) return [];
  const hits = await visibleHits(tx, probes);
  if (hits.length === 0) return [];
  const byProbe = new Map<string, string>();
  for (const h of [...hits].sort((a, b) => a.caseNumber.localeCompare(b.caseNumber))) {
    if (!byProbe.has(`${h.field}:${h.blindIndex}`)) byProbe.set(`${h.field}:${h.blindIndex}`, h.caseNumber);
  }
  const errors: RowError[] = [];
  const reported = new Set<string>();
  for (const p of probes) {
    const named = byProbe.get(`${p.field}:${p.index}`);
    if (!named || reported.has(`${p.row}:${p.column}`)) continue;
    reported.add(`${p.row}:${p.column}`);
    errors.push({ row: p.row, column: p.column, code: 'duplicate_existing', message: `possible duplicate of case ${named}`, related: named });
  }
  return errors;
}

function duplicatesInFile(vault: Vault, rows: ParsedRow[]): RowError[] {
  const first = new Map<string, number>();
  const errors: RowError[] = [];
  for (const r of rows) {
    const reported = new Set<string>();
    for (const p of probesOf(vault, r)) {
      const key = `${p.field}:${p.index}`;
      const earlier = first.get(key);
      if (earlier === undefined) first.set(key, r.row);
      else if (!r.input.confirmNotDuplicate && !reported.has(p.column)) {
        reported.add(p.column);
        errors.push({ row: r.row, column: p.column, code: 'duplicate_in_file', message: `same as row ${earlier}`, related: String(earlier) });
      }
    }
  }
  return errors;
}

export type CheckedFile = { report: ImportReport; validRows: ParsedRow[] };

/** Every row checked; the rows without any error are returned for importing. */
export async function checkImport(tx: Tx, actor: Actor, vault: Vault, bytes: Uint8Array): Promise<CheckedFile> {
  requireImporter(actor);
  let file: ReturnType<typeof readImportFile>;
  try {
    file = readImportFile(bytes);
  } catch (error) {
    if (error instanceof ImportFileError) throw new DomainError('unprocessable', error.message, [{ path: 'file', message: error.message, code: 'file_unreadable', params: { reason: error.code } }]);
    throw error;
  }
  const errors = [...file.errors, ...duplicatesInFile(vault, file.rows), ...(await existingDuplicates(tx, vault, file.rows))];
  errors.sort((a, b) => a.row - b.row);
  const failed = new Set(errors.map((e) => e.row));
  const validRows = file.rows.filter((r) => !failed.has(r.row));
  await audit(tx, { action: 'case.import.check', subjectType: 'organisation', subjectId: actor.orgId!, details: { rows: file.total, valid: validRows.length, errors: errors.length } });
  return { report: { totalRows: file.total, validRows: validRows.length, errors }, validRows };
}

/**
 * Records the run with its rows (sealed: they hold identifying data) and asks for the job that
 * imports them (`runImport`), once this transaction has committed.
 */
export async function startImport(
  tx: Tx,
  actor: Actor,
  vault: Vault,
  checked: CheckedFile,
  mode: 'all' | 'valid_only',
  checksPerDay: number,
  now: Date,
): Promise<string> {
  requireImporter(actor);
  const { report, validRows } = checked;
  if (mode === 'all' && report.errors.length > 0) {
    const rows = new Set(report.errors.map((e) => e.row)).size;
    throw new DomainError('unprocessable', `${rows} row(s) have errors: nothing was imported. Correct them, or choose to import the valid rows only.`);
  }
  if (validRows.length === 0) throw new DomainError('unprocessable', 'No row is valid: nothing was imported.');
  // Each row with a name or a document number is a person checked against other agencies' cases
  // as it is imported: all of them count now, so that a refusal comes before anything is opened.
  await countChecks(tx, actor, validRows.filter((r) => checksAcrossAgencies(r.input.identity)).length, checksPerDay, now, 'import');
  const id = randomUUID();
  await tx
    .insertInto('case_imports')
    .values({
      id,
      org_id: actor.orgId!,
      created_by: actor.userId,
      mode,
      total_rows: report.totalRows,
      valid_rows: validRows.length,
      errors: JSON.stringify(report.errors),
      sealed_rows: vault.sealRecord(`import:${id}`, JSON.stringify(validRows)),
    })
    .execute();
  await audit(tx, {
    action: 'case.import.start',
    subjectType: 'case_import',
    subjectId: id,
    subjectOrgId: actor.orgId,
    details: { mode, rows: report.totalRows, valid: validRows.length, rows_with_errors: new Set(report.errors.map((e) => e.row)).size },
  });
  requestJob('cases.import', { id }, id);
  return id;
}

/**
 * Lets timers and network events run: the embedded database answers without ever waiting on the
 * network, so a loop of transactions would otherwise keep the event loop to itself and no other
 * request would get through until the end.
 */
const yieldToOthers = () => new Promise<void>((resolve) => setImmediate(resolve));

/** The import was stopped between two batches (the server is shutting down): it goes on later. */
export class ImportPaused extends Error {
  constructor() {
    super('The import was paused between two batches and goes on when a server is up again');
  }
}

/**
 * Imports a run's rows batch by batch, each batch a transaction as the coordinator who started it
 * (their roles read again now). Rows already imported (an earlier attempt that stopped) are
 * skipped, so a run stopped anywhere — between batches, or by the process dying — goes on where
 * it stopped and imports each row once. When asked to stop, it stops after the batch in hand.
 */
export async function runImport(db: AppDatabase, vault: Vault, importId: string, now: () => Date, signal?: AbortSignal): Promise<void> {
  const run = await db.system((tx) => tx.selectFrom('case_imports').select(['org_id', 'created_by', 'status', 'sealed_rows']).where('id', '=', importId).executeTakeFirst());
  if (!run || run.status !== 'running' || !run.sealed_rows) return;
  const ctx = { role: 'tandem_app' as const, requestId: `import-${importId}`, userId: run.created_by, orgId: run.org_id };
  const rows = JSON.parse(vault.openRecord(`import:${importId}`, run.sealed_rows)) as ParsedRow[];
  const done = new Set(
    (await db.system((tx) => tx.selectFrom('case_import_rows').select('row_number').where('import_id', '=', importId).execute())).map((r) => r.row_number),
  );
  const todo = rows.filter((r) => !done.has(r.row));
  let imported = done.size;
  try {
    for (let i = 0; i < todo.length; i += IMPORT_BATCH) {
      await yieldToOthers();
      if (signal?.aborted) throw new ImportPaused();
      const batch = todo.slice(i, i + IMPORT_BATCH);
      await db.transaction(ctx, async (tx) => {
        const actor = await actorFor(tx, run.created_by, run.org_id);
        if (!actor) throw new DomainError('forbidden', 'The person who started the import may no longer import cases');
        requireImporter(actor);
        // A case opened since the check may now match: that row is left out and reported.
        const late = await existingDuplicates(tx, vault, batch);
        const lateRows = new Set(late.map((e) => e.row));
        const take = batch.filter((r) => !lateRows.has(r.row));
        const created = await insertCases(tx, actor, vault, take.map((r) => r.input), now(), 'case.imported', { import: importId });
        if (created.length > 0) {
          await tx.insertInto('case_import_rows').values(created.map((c, j) => ({ import_id: importId, row_number: take[j]!.row, case_id: c.id }))).execute();
        }
        // The check across agencies, as when a case is opened by hand: it answers nothing here;
        // possible matches go to the data protection officers.
        const checked = created.filter((_, j) => checksAcrossAgencies(take[j]!.input.identity));
        if (checked.length > 0) {
          await raiseDuplicateNotices(tx, checked.map((c) => c.id));
          await audit(tx, {
            action: 'case.duplicate_check',
            subjectType: 'case_import',
            subjectId: importId,
            subjectOrgId: actor.orgId,
            details: {
              opened: true,
              across_agencies: true,
              cases: checked.map((c) => {
                const j = created.indexOf(c);
                return { case: c.id, probes: probeRecord(identityProbes(vault, take[j]!.input.identity)) };
              }),
            },
          });
        }
        imported += created.length;
        await sql`UPDATE case_imports SET imported_rows = ${imported}, updated_at = now(),
          errors = CASE WHEN ${late.length} > 0 THEN errors || ${JSON.stringify(late)}::jsonb ELSE errors END
          WHERE id = ${importId}`.execute(tx);
      });
    }
    await db.transaction(ctx, async (tx) => {
      // Done: the rows are not kept any longer.
      await sql`UPDATE case_imports SET status = 'done', finished_at = now(), updated_at = now(), sealed_rows = NULL WHERE id = ${importId}`.execute(tx);
      const skipped = rows.length - imported;
      await audit(tx, { action: 'case.import.finish', subjectType: 'case_import', subjectId: importId, subjectOrgId: run.org_id, details: { imported, skipped_as_duplicates: skipped } });
    });
  } catch (error) {
    if (error instanceof ImportPaused) throw error;
    // What was committed stays (each case complete with its identity and timeline); the run says where it stopped.
    await failImport(db, importId, error instanceof DomainError ? error.message : 'the import stopped on an unexpected error', imported);
    if (!(error instanceof DomainError)) throw error;
  }
}

/** The run failed for good: it says where it stopped, and its rows are no longer kept. */
export async function failImport(db: AppDatabase, importId: string, reason: string, imported?: number): Promise<void> {
  await db.system(async (tx) => {
    const { rows } = await sql<{ org_id: string; imported_rows: number }>`
      UPDATE case_imports SET status = 'failed', failure = ${reason.slice(0, 500)}, finished_at = now(), updated_at = now(), sealed_rows = NULL
      WHERE id = ${importId} AND status = 'running' RETURNING org_id, imported_rows`.execute(tx);
    if (rows[0]) {
      await audit(tx, { action: 'case.import.finish', outcome: 'failure', subjectType: 'case_import', subjectId: importId, subjectOrgId: rows[0].org_id, details: { imported: imported ?? rows[0].imported_rows } });
    }
  });
}

/** The run as its page shows it; a run that stopped moving (the server restarted) reads as interrupted. */
export async function getImport(tx: Tx, actor: Actor, importId: string): Promise<ImportRun> {
  requireImporter(actor);
  const run = await tx.selectFrom('case_imports').selectAll().where('id', '=', importId).executeTakeFirst();
  if (!run) throw new DomainError('not_found');
  const status = run.status;
  const cases = await tx
    .selectFrom('case_import_rows as r')
    .innerJoin('cases as c', 'c.id', 'r.case_id')
    .select(['r.row_number', 'c.id', 'c.case_number', 'c.alias'])
    .where('r.import_id', '=', importId)
    .orderBy('r.row_number')
    .limit(500)
    .execute();
  return {
    id: run.id,
    mode: run.mode === 'valid_only' ? 'valid_only' : 'all',
    status: (['running', 'done', 'failed', 'interrupted'] as const).find((s) => s === status) ?? 'failed',
    totalRows: run.total_rows,
    validRows: run.valid_rows,
    importedRows: run.imported_rows,
    errors: run.errors as RowError[],
    failure: run.failure,
    createdAt: run.created_at.toISOString(),
    finishedAt: run.finished_at?.toISOString() ?? null,
    cases: cases.map((c) => ({ row: c.row_number, id: c.id, caseNumber: c.case_number, alias: c.alias })),
  };
}
