// PGlite is a single process's database: two processes opening the same folder would corrupt
// it. While a Tandem process (server or CLI command) uses the folder it holds an exclusive
// flock(2) on `tandem.lock` in it. The kernel releases that lock when the process ends, however
// it ends (SIGKILL, out of memory, a container stopped), so a lock left by a dead process never
// blocks a new start — whatever process id the file names, and even when the new process gets
// the same id as the dead one (a fresh PID namespace in a container gives the same pid every
// time). The file itself stays; only the lock on it means anything.
//
// Node has no flock() of its own, and native addons are avoided here (see the README). The lock
// is taken with flock(1) from util-linux (essential on Debian, in every Linux image): the file is
// opened here and the descriptor handed to `flock --exclusive --nonblock 3`. flock(2) locks
// belong to the open file description, which the child shares with this process, so the lock
// stays held by this process's descriptor after flock(1) has exited, and goes when this process
// closes it or dies. Descriptors are opened close-on-exec, so no other child process inherits it.
import { spawnSync } from 'node:child_process';
import { closeSync, constants, ftruncateSync, openSync, readFileSync, rmSync, writeSync } from 'node:fs';
import { join } from 'node:path';

export const LOCK_FILE = 'tandem.lock';
/** The lock file of earlier versions (a process id, checked by number); removed once the new lock is held. */
const LEGACY_PID_FILE = 'tandem.pid';

export class DataDirBusyError extends Error {
  /** The process id the holder wrote into the lock file, when it could be read (information only). */
  readonly pid: number | null;
  constructor(dataDir: string, pid: number | null) {
    super(`The embedded database in ${dataDir} is in use by another Tandem process${pid === null ? '' : ` (pid ${pid})`}. Stop it first.`);
    this.pid = pid;
  }
}

function ownerPid(path: string): number | null {
  try {
    const pid = Number.parseInt(readFileSync(path, 'utf8'), 10);
    return Number.isInteger(pid) && pid > 0 ? pid : null;
  } catch {
    return null;
  }
}

/** Takes the lock on dataDir or throws DataDirBusyError; returns the function that releases it. */
export function acquireDataDirLock(dataDir: string): () => Promise<void> {
  const path = join(dataDir, LOCK_FILE);
  const fd = openSync(path, constants.O_RDWR | constants.O_CREAT, 0o600);
  let locked: 'yes' | 'busy' | 'no-flock';
  try {
    locked = flockExclusive(fd);
  } catch (error) {
    closeSync(fd);
    throw error;
  }
  if (locked === 'busy') {
    closeSync(fd);
    throw new DataDirBusyError(dataDir, ownerPid(path));
  }
  if (locked === 'no-flock') {
    closeSync(fd);
    return acquirePidLock(dataDir, path);
  }
  // Held: say who holds it, for people reading the folder (the number decides nothing).
  ftruncateSync(fd, 0);
  writeSync(fd, `${process.pid}\n`, 0);
  rmSync(join(dataDir, LEGACY_PID_FILE), { force: true });
  let released = false;
  return async () => {
    if (released) return;
    released = true;
    // Closing the only descriptor of the open file description releases the lock. The file is
    // not removed: removing it would let a process that opened it just before lock an unlinked file.
    closeSync(fd);
  };
}

/** flock(LOCK_EX | LOCK_NB) on fd through flock(1), which shares this process's open file description. */
function flockExclusive(fd: number): 'yes' | 'busy' | 'no-flock' {
  const result = spawnSync('flock', ['--exclusive', '--nonblock', '3'], { stdio: ['ignore', 'ignore', 'pipe', fd], timeout: 10_000 });
  if (result.error) {
    if ((result.error as NodeJS.ErrnoException).code === 'ENOENT') return 'no-flock';
    throw result.error;
  }
  if (result.status === 0) return 'yes';
  // flock(1) exits 1 when --nonblock finds the lock held.
  if (result.status === 1) return 'busy';
  throw new Error(`flock(1) failed (${result.status ?? result.signal}): ${result.stderr.toString().trim()}`);
}

function isAlive(pid: number): boolean {
  try {
    process.kill(pid, 0);
    return true;
  } catch (error) {
    return (error as NodeJS.ErrnoException).code === 'EPERM';
  }
}

/**
 * Only where flock(1) is missing (macOS without util-linux, for development): the lock file
 * holds the owner's process id and is taken over when that process is gone. A reused process id
 * can block this fallback until the file is deleted; production runs on Linux, with flock(1).
 */
function acquirePidLock(dataDir: string, path: string): () => Promise<void> {
  for (let attempt = 0; attempt < 2; attempt++) {
    try {
      const fd = openSync(path, 'wx', 0o600);
      writeSync(fd, `${process.pid}\n`);
      closeSync(fd);
      return async () => rmSync(path, { force: true });
    } catch (error) {
      if ((error as NodeJS.ErrnoException).code !== 'EEXIST') throw error;
      const owner = ownerPid(path);
      // Our own id in the file can only be left from an earlier life of this id: we hold nothing yet.
      if (owner !== null && owner !== process.pid && isAlive(owner)) throw new DataDirBusyError(dataDir, owner);
      rmSync(path, { force: true });
    }
  }
  throw new Error(`Could not take the lock on ${dataDir}`);
}
