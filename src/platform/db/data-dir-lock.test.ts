// The data folder's lock follows the process, not its number: a live holder keeps everyone else
// out; a lock file left by a dead process never blocks, whatever process id it names.
import { spawn, type ChildProcess } from 'node:child_process';
import { existsSync, mkdtempSync, readFileSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join, resolve } from 'node:path';
import { afterEach, describe, expect, it } from 'vitest';
import { acquireDataDirLock, DataDirBusyError, LOCK_FILE } from './data-dir-lock.ts';

const LOCK_MODULE = resolve(import.meta.dirname, 'data-dir-lock.ts');

/** A separate process that takes the lock on dataDir, says "locked" and then waits to be killed. */
async function holder(dataDir: string): Promise<ChildProcess> {
  const script = `import { acquireDataDirLock } from ${JSON.stringify(LOCK_MODULE)};
acquireDataDirLock(${JSON.stringify(dataDir)}); process.stdout.write('locked\\n'); setInterval(() => {}, 1000);`;
  const child = spawn(process.execPath, ['--input-type=module', '-e', script], { stdio: ['ignore', 'pipe', 'inherit'] });
  await new Promise<void>((ok, fail) => {
    child.stdout!.on('data', (chunk: Buffer) => chunk.toString().includes('locked') && ok());
    child.once('exit', (code) => fail(new Error(`the holder exited with ${code}`)));
  });
  return child;
}

const killed = (child: ChildProcess) => new Promise((ok) => (child.exitCode !== null || child.signalCode !== null ? ok(undefined) : child.once('exit', ok)));

describe('the data folder lock', () => {
  const children: ChildProcess[] = [];
  afterEach(() => {
    for (const c of children.splice(0)) c.kill('SIGKILL');
  });
  const folder = () => mkdtempSync(join(tmpdir(), 'tandem-lock-'));

  it('refuses a second process while the first one lives, and names it', async () => {
    const dir = folder();
    const first = await holder(dir);
    children.push(first);
    let refused: unknown;
    try {
      acquireDataDirLock(dir);
    } catch (error) {
      refused = error;
    }
    expect(refused).toBeInstanceOf(DataDirBusyError);
    expect((refused as DataDirBusyError).pid).toBe(first.pid);
  });

  it('is free at once after its holder is killed with SIGKILL, the lock file left behind', async () => {
    const dir = folder();
    const first = await holder(dir);
    first.kill('SIGKILL');
    await killed(first);
    expect(existsSync(join(dir, LOCK_FILE))).toBe(true);
    const release = acquireDataDirLock(dir);
    expect(readFileSync(join(dir, LOCK_FILE), 'utf8').trim()).toBe(String(process.pid));
    await release();
  });

  it('is not blocked by a lock file naming this very process id (a container restarted with the same pid)', async () => {
    const dir = folder();
    writeFileSync(join(dir, LOCK_FILE), `${process.pid}\n`);
    writeFileSync(join(dir, 'tandem.pid'), `${process.pid}\n`);
    const release = acquireDataDirLock(dir);
    expect(existsSync(join(dir, 'tandem.pid')), 'the old pid file is cleared').toBe(false);
    await release();
  });

  it('is not blocked by a lock file naming a live, unrelated process', async () => {
    const dir = folder();
    writeFileSync(join(dir, LOCK_FILE), `${process.ppid}\n`);
    writeFileSync(join(dir, 'tandem.pid'), '1\n');
    const release = acquireDataDirLock(dir);
    await release();
  });

  it('is refused to a second taker in the same process too, and free again once released', async () => {
    const dir = folder();
    const release = acquireDataDirLock(dir);
    expect(() => acquireDataDirLock(dir)).toThrow(DataDirBusyError);
    await release();
    await release();
    const again = acquireDataDirLock(dir);
    await again();
  });
});
