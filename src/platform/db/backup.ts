// Backups of the embedded database. A consistent copy is taken inside the running server (on its
// one connection, between transactions), so the command line asks the server for it through a
// Unix socket in the data folder — reachable only by the account that runs Tandem (the socket
// and the folder are its own) — or, with no server running, opens the database itself. Restoring
// loads a copy into the data folder of a stopped server, keeping what was there beside it, and
// checks that the copy opens and its audit chain verifies.
import { createConnection, createServer, type Server } from 'node:net';
import { chmodSync, existsSync, readFileSync, renameSync, rmSync, writeFileSync } from 'node:fs';
import { dirname, isAbsolute, join } from 'node:path';
import type { AppDatabase } from '../../db.ts';

export const CONTROL_SOCKET = 'tandem.sock';

type Request = { op: 'backup'; path: string } | { op: 'ping' };
type Reply = { ok: true; bytes?: number } | { ok: false; error: string };

/** Writes the copy to `path` (absolute). */
export async function backupTo(db: AppDatabase, path: string): Promise<number> {
  if (!db.dump) throw new Error('Backups of PostgreSQL are made with pg_dump (see the README)');
  const blob = await db.dump();
  const bytes = Buffer.from(await blob.arrayBuffer());
  writeFileSync(`${path}.part`, bytes, { mode: 0o600 });
  renameSync(`${path}.part`, path);
  return bytes.length;
}

/** The running server's side: answers backup requests on the data folder's socket. */
export function startControlSocket(db: AppDatabase, dataDir: string): Promise<Server> {
  const path = join(dataDir, CONTROL_SOCKET);
  // A socket left by a process that died is in the way; the data folder's lock says none runs.
  rmSync(path, { force: true });
  const server = createServer((socket) => {
    let buffer = '';
    socket.setEncoding('utf8');
    socket.on('data', (chunk: string) => {
      buffer += chunk;
      if (!buffer.includes('\n') || buffer.length > 4096) return;
      const answer = (reply: Reply) => socket.end(`${JSON.stringify(reply)}\n`);
      let request: Request;
      try {
        request = JSON.parse(buffer.slice(0, buffer.indexOf('\n'))) as Request;
      } catch {
        return answer({ ok: false, error: 'unreadable request' });
      }
      if (request.op === 'ping') return answer({ ok: true });
      if (request.op !== 'backup' || typeof request.path !== 'string' || !isAbsolute(request.path) || !existsSync(dirname(request.path))) {
        return answer({ ok: false, error: 'send {"op":"backup","path":"/absolute/path/in/an/existing/folder"}' });
      }
      backupTo(db, request.path).then(
        (bytes) => answer({ ok: true, bytes }),
        (error: unknown) => answer({ ok: false, error: (error as Error).message }),
      );
    });
    socket.on('error', () => undefined);
  });
  return new Promise((resolve, reject) => {
    server.once('error', reject);
    server.listen(path, () => {
      chmodSync(path, 0o600);
      resolve(server);
    });
  });
}

/** The command line's side: one request to the running server; undefined when no server answers. */
function askServer(dataDir: string, request: Request): Promise<Reply | undefined> {
  const socketPath = join(dataDir, CONTROL_SOCKET);
  if (!existsSync(socketPath)) return Promise.resolve(undefined);
  return new Promise((resolve, reject) => {
    const socket = createConnection(socketPath);
    let buffer = '';
    socket.setEncoding('utf8');
    socket.on('connect', () => socket.write(`${JSON.stringify(request)}\n`));
    socket.on('data', (chunk: string) => (buffer += chunk));
    socket.on('end', () => {
      try {
        resolve(JSON.parse(buffer) as Reply);
      } catch {
        reject(new Error('The server gave no answer'));
      }
    });
    socket.on('error', (error: NodeJS.ErrnoException) => {
      // A socket file without a server behind it: nobody is running.
      if (error.code === 'ECONNREFUSED' || error.code === 'ENOENT') resolve(undefined);
      else reject(error);
    });
  });
}

/** Asks the running server for a copy written to `path`; undefined when no server runs. */
export async function askServerForBackup(dataDir: string, path: string): Promise<number | undefined> {
  const reply = await askServer(dataDir, { op: 'backup', path });
  if (reply === undefined) return undefined;
  if (!reply.ok) throw new Error(reply.error);
  return reply.bytes ?? 0;
}

/** Whether a server runs on this data folder (it answers on the folder's socket). */
export async function serverRuns(dataDir: string): Promise<boolean> {
  return (await askServer(dataDir, { op: 'ping' }).catch(() => ({ ok: true }) as Reply)) !== undefined;
}

/** Moves the current database folder aside and loads the copy in its place; returns where the old one went. */
export async function restoreInto(pgliteDir: string, archive: string): Promise<string | undefined> {
  const { PGlite } = await import('@electric-sql/pglite');
  const { pgliteExtensions } = await import('./pglite-dialect.ts');
  const blob = new Blob([readFileSync(archive)]);
  let kept: string | undefined;
  if (existsSync(pgliteDir)) {
    kept = `${pgliteDir}.before-restore-${new Date().toISOString().replace(/[:.]/g, '-')}`;
    renameSync(pgliteDir, kept);
  }
  try {
    const pglite = await PGlite.create(pgliteDir, { loadDataDir: blob, extensions: pgliteExtensions });
    await pglite.close();
  } catch (error) {
    rmSync(pgliteDir, { recursive: true, force: true });
    if (kept) renameSync(kept, pgliteDir);
    throw error;
  }
  return kept;
}
