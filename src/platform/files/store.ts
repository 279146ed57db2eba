// Where generated files go. A folder by default (under the data folder; several instances must
// share it, e.g. over NFS), or an S3-compatible bucket by configuration (see the README's
// "Running at scale"). Keys are chosen by Tandem (a document's id), never by a person.
import { mkdir, readFile, rm, writeFile, rename } from 'node:fs/promises';
import { join } from 'node:path';

export type FileStore = {
  /** Writes the file whole; `contentType` is kept with it where the store can (a bucket). */
  put(key: string, body: Uint8Array, options?: { contentType?: string }): Promise<void>;
  /** The file, or undefined when there is none. */
  get(key: string): Promise<Buffer | undefined>;
  delete(key: string): Promise<void>;
};

const KEY = /^[a-z0-9][a-z0-9_-]{0,120}$/;

export function checkedKey(key: string): string {
  if (!KEY.test(key)) throw new Error('a file key has an unexpected form');
  return key;
}

export function folderStore(folder: string): FileStore {
  let made: Promise<unknown> | undefined;
  const ready = () => (made ??= mkdir(folder, { recursive: true, mode: 0o700 }));
  return {
    async put(key, body) {
      await ready();
      // Written beside, then renamed: a reader never sees half a file.
      const path = join(folder, checkedKey(key));
      await writeFile(`${path}.part`, body, { mode: 0o600 });
      await rename(`${path}.part`, path);
    },
    async get(key) {
      try {
        return await readFile(join(folder, checkedKey(key)));
      } catch (error) {
        if ((error as NodeJS.ErrnoException).code === 'ENOENT') return undefined;
        throw error;
      }
    },
    async delete(key) {
      await rm(join(folder, checkedKey(key)), { force: true });
    },
  };
}
