// Password hashing with argon2id. Parameters follow the OWASP recommendation for argon2id
// (19 MiB of memory, 2 passes, 1 lane) and are written into each hash, so raising them later
// re-hashes on the next sign-in without invalidating older hashes.
import { hash, verify } from '@node-rs/argon2';

export const ARGON2_PARAMS = {
  algorithm: 2, // Algorithm.Argon2id (a const enum, which erasable TypeScript cannot import)
  memoryCost: 19_456,
  timeCost: 2,
  parallelism: 1,
  outputLen: 32,
} as const;

export function hashPassword(password: string): Promise<string> {
  return hash(password, ARGON2_PARAMS);
}

/** A hash of a password nobody knows, checked when an account does not exist so that timing matches. */
let decoy: Promise<string> | undefined;

export async function verifyPassword(storedHash: string | null | undefined, password: string): Promise<boolean> {
  if (!storedHash) {
    decoy ??= hashPassword(`decoy-${Math.random()}`);
    await verify(await decoy, password).catch(() => false);
    return false;
  }
  try {
    return await verify(storedHash, password);
  } catch {
    return false;
  }
}
