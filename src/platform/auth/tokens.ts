import { createHash, randomBytes } from 'node:crypto';

/** A new random token: 32 bytes (256 bits) in base64url, 43 characters. */
export function newToken(): string {
  return randomBytes(32).toString('base64url');
}

/** Tokens are stored only as their SHA-256; a token of 256 random bits needs no slow hash. */
export function hashToken(token: string): Buffer {
  return createHash('sha256').update(token).digest();
}
