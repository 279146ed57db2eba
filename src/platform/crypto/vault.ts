// The identity vault's keys and operations. Each identifying field is sealed on its own
// (AES-256-GCM, bound to its case and field), under the current key of a keyring, so that keys
// can be replaced and old values re-sealed (`tandem keys rotate`). Exact-match search uses a
// blind index: an HMAC of the normalised value under a key derived from the current vault key,
// so that nothing needs decrypting to find a match, and equal values in different fields differ.
// Files built from the vault's data (a case summary, a subject access export) are sealed at rest
// under keys derived from the same keyring for that purpose only (sealFile), each bound to its name.
import { createHmac, hkdfSync, randomBytes } from 'node:crypto';
import { chmodSync, existsSync, mkdirSync, readFileSync, writeFileSync } from 'node:fs';
import { dirname } from 'node:path';
import { SecretBox, type Key } from './secret-box.ts';

export type VaultField = 'legal_name' | 'birth_date' | 'document_number' | 'address' | 'phone' | 'photo';

/** "id:base64" entries, one per line or comma-separated; the first one seals. */
export function parseKeyring(text: string): Key[] {
  const entries = text
    .split(/[\n,]/)
    .map((l) => l.trim())
    .filter((l) => l && !l.startsWith('#'));
  if (entries.length === 0) throw new Error('the vault keyring is empty');
  return entries.map((entry) => {
    const [id, b64] = entry.split(':');
    if (!id || !/^[A-Za-z0-9_-]{1,16}$/.test(id) || !b64) throw new Error('vault keys look like "k1:<base64 of 32 bytes>"');
    const key = Buffer.from(b64, 'base64');
    if (key.length !== 32) throw new Error(`vault key ${id} is not 32 bytes`);
    return { id, key };
  });
}

export function newKeyLine(id: string): string {
  return `${id}:${randomBytes(32).toString('base64')}`;
}

/**
 * The keyring from TANDEM_VAULT_KEYS, or the file TANDEM_VAULT_KEY_FILE names; in demo mode a
 * keyring generated once into the data folder (readable by the owner only).
 */
export function loadKeyring(opts: { keys?: string; keyFile?: string; demoFile?: string }): Key[] {
  if (opts.keys) return parseKeyring(opts.keys);
  if (opts.keyFile) return parseKeyring(readFileSync(opts.keyFile, 'utf8'));
  if (!opts.demoFile) throw new Error('no identity-vault key configured (TANDEM_VAULT_KEYS or TANDEM_VAULT_KEY_FILE)');
  if (!existsSync(opts.demoFile)) {
    mkdirSync(dirname(opts.demoFile), { recursive: true });
    writeFileSync(opts.demoFile, `# Identity-vault keys of this demo installation; the first line seals.\n${newKeyLine('demo1')}\n`, { mode: 0o600 });
  }
  chmodSync(opts.demoFile, 0o600);
  return parseKeyring(readFileSync(opts.demoFile, 'utf8'));
}

export function normalise(field: VaultField, value: string): string {
  const v = value.normalize('NFKC').trim();
  switch (field) {
    case 'legal_name':
      return v.toLocaleLowerCase('und').replace(/\s+/g, ' ');
    case 'document_number':
      return v.toUpperCase().replace(/[\s./-]/g, '');
    case 'phone':
      return v.replace(/[^\d+]/g, '');
    default:
      return v.replace(/\s+/g, ' ');
  }
}

export class Vault {
  readonly #box: SecretBox;
  readonly #files: SecretBox;
  readonly #indexKey: Buffer;
  readonly #receiptKey: Buffer;
  readonly currentKeyId: string;

  constructor(keys: Key[]) {
    this.#box = new SecretBox(keys);
    // One file key per vault key, under the same id: a file sealed before a rotation still opens
    // while the old key is in the keyring.
    this.#files = new SecretBox(keys.map((k) => ({ id: k.id, key: Buffer.from(hkdfSync('sha256', k.key, 'tandem-vault', 'files', 32)) })));
    this.currentKeyId = keys[0]!.id;
    this.#indexKey = Buffer.from(hkdfSync('sha256', keys[0]!.key, 'tandem-vault', 'blind-index', 32));
    this.#receiptKey = Buffer.from(hkdfSync('sha256', keys[0]!.key, 'tandem-vault', 'receipt-code', 32));
  }

  seal(caseId: string, field: VaultField, value: string): string {
    return this.#box.seal(value, `vault:${caseId}:${field}`);
  }

  open(caseId: string, field: VaultField, sealed: string): string {
    return this.#box.open(sealed, `vault:${caseId}:${field}`);
  }

  /**
   * Identifying data held for a while outside a case (the rows of an import in progress), sealed
   * with the same keys and bound to what it belongs to (`context`, e.g. "import:<id>").
   */
  sealRecord(context: string, value: string): string {
    return this.#box.seal(value, `record:${context}`);
  }

  openRecord(context: string, sealed: string): string {
    return this.#box.open(sealed, `record:${context}`);
  }

  /** A file holding data of the vault, sealed for storage and bound to its name (e.g. "document:<id>"). */
  sealFile(name: string, body: Uint8Array): Buffer {
    return this.#files.sealBytes(body, `file:${name}`);
  }

  openFile(name: string, sealed: Uint8Array): Buffer {
    return this.#files.openBytes(sealed, `file:${name}`);
  }

  /** A keyed hash of the normalised value, for exact-match search. Photos are not indexed. */
  blindIndex(field: VaultField, value: string): string | null {
    if (field === 'photo' || field === 'address') return null;
    return createHmac('sha256', this.#indexKey).update(`${field}\u0000${normalise(field, value)}`).digest('base64url').slice(0, 32);
  }

  /**
   * The stored form of a secret code handed to someone without an account (a confidential
   * report's receipt): a keyed hash, so that a copy of the database alone does not let anyone try
   * codes offline. Like the blind index, it follows the vault's current key.
   */
  receiptIndex(code: string): string {
    return createHmac('sha256', this.#receiptKey).update(code).digest('base64url');
  }

  keyIdOf(sealed: string): string | undefined {
    return sealed.split('.')[1];
  }
}
