// Authenticated encryption of small secrets (AES-256-GCM) under keys with ids, so that a key can
// be replaced while values sealed under the old one still open. The sealed form is
// "v1.<key id>.<iv>.<ciphertext>.<tag>" in base64url. `aad` binds a value to its place (for
// example the user it belongs to), so that a sealed value copied elsewhere does not open.
// Files are sealed the same way in a binary form (sealBytes): a version byte, the key id, the iv,
// the ciphertext and the tag, with no base64 to inflate a large file.
import { createCipheriv, createDecipheriv, createHash, hkdfSync, randomBytes } from 'node:crypto';

export type Key = { id: string; key: Buffer };

/** The first byte of bytes sealed by sealBytes (its format's version). */
const BYTES_V1 = 0x01;

export class SecretBox {
  readonly #current: Key;
  readonly #byId: Map<string, Key>;

  constructor(keys: Key[]) {
    if (keys.length === 0) throw new Error('SecretBox needs at least one key');
    for (const k of keys) if (k.key.length !== 32) throw new Error(`key ${k.id} is not 256 bits`);
    this.#current = keys[0]!;
    this.#byId = new Map(keys.map((k) => [k.id, k]));
  }

  /** A key for one purpose, derived from the installation secret with HKDF-SHA-256. */
  static derive(secret: string, purpose: string): SecretBox {
    const key = Buffer.from(hkdfSync('sha256', secret, 'tandem', purpose, 32));
    const id = createHash('sha256').update(key).digest('hex').slice(0, 8);
    return new SecretBox([{ id, key }]);
  }

  seal(plaintext: string, aad: string): string {
    const iv = randomBytes(12);
    const cipher = createCipheriv('aes-256-gcm', this.#current.key, iv);
    cipher.setAAD(Buffer.from(aad, 'utf8'));
    const ciphertext = Buffer.concat([cipher.update(plaintext, 'utf8'), cipher.final()]);
    const b64 = (b: Buffer) => b.toString('base64url');
    return ['v1', this.#current.id, b64(iv), b64(ciphertext), b64(cipher.getAuthTag())].join('.');
  }

  sealBytes(plaintext: Uint8Array, aad: string): Buffer {
    const id = Buffer.from(this.#current.id, 'utf8');
    if (id.length > 255) throw new Error('a key id is too long to seal bytes under');
    const iv = randomBytes(12);
    const cipher = createCipheriv('aes-256-gcm', this.#current.key, iv);
    cipher.setAAD(Buffer.from(aad, 'utf8'));
    const ciphertext = Buffer.concat([cipher.update(plaintext), cipher.final()]);
    return Buffer.concat([Buffer.from([BYTES_V1, id.length]), id, iv, ciphertext, cipher.getAuthTag()]);
  }

  openBytes(sealed: Uint8Array, aad: string): Buffer {
    const b = Buffer.from(sealed.buffer, sealed.byteOffset, sealed.byteLength);
    const idLength = b[1] ?? 0;
    const ivAt = 2 + idLength;
    const tagAt = b.length - 16;
    if (b[0] !== BYTES_V1 || tagAt < ivAt + 12) throw new Error('not sealed bytes');
    const id = b.subarray(2, ivAt).toString('utf8');
    const key = this.#byId.get(id);
    if (!key) throw new Error(`sealed with an unknown key (${id})`);
    const decipher = createDecipheriv('aes-256-gcm', key.key, b.subarray(ivAt, ivAt + 12));
    decipher.setAAD(Buffer.from(aad, 'utf8'));
    decipher.setAuthTag(b.subarray(tagAt));
    return Buffer.concat([decipher.update(b.subarray(ivAt + 12, tagAt)), decipher.final()]);
  }

  open(sealed: string, aad: string): string {
    const [version, id, iv, ciphertext, tag] = sealed.split('.');
    if (version !== 'v1' || !id || iv === undefined || ciphertext === undefined || tag === undefined) {
      throw new Error('not a sealed value');
    }
    const key = this.#byId.get(id);
    if (!key) throw new Error(`sealed with an unknown key (${id})`);
    const decipher = createDecipheriv('aes-256-gcm', key.key, Buffer.from(iv, 'base64url'));
    decipher.setAAD(Buffer.from(aad, 'utf8'));
    decipher.setAuthTag(Buffer.from(tag, 'base64url'));
    return Buffer.concat([decipher.update(Buffer.from(ciphertext, 'base64url')), decipher.final()]).toString('utf8');
  }
}
