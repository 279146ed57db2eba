import { describe, expect, it } from 'vitest';
import { newKeyLine, normalise, parseKeyring, Vault } from './vault.ts';

describe('identity vault', () => {
  const vault = new Vault(parseKeyring(newKeyLine('k1')));

  it('seals each field bound to its case and field', () => {
    const sealed = vault.seal('case-1', 'legal_name', 'Aisha Karimova');
    expect(sealed).not.toContain('Aisha');
    expect(vault.open('case-1', 'legal_name', sealed)).toBe('Aisha Karimova');
    expect(() => vault.open('case-2', 'legal_name', sealed)).toThrow();
    expect(() => vault.open('case-1', 'address', sealed)).toThrow();
  });

  it('finds the same value written differently, and nothing else', () => {
    expect(vault.blindIndex('legal_name', '  Aisha   KARIMOVA ')).toBe(vault.blindIndex('legal_name', 'aisha karimova'));
    expect(vault.blindIndex('document_number', 'ab 123-456')).toBe(vault.blindIndex('document_number', 'AB123456'));
    expect(vault.blindIndex('legal_name', 'Aisha Karimova')).not.toBe(vault.blindIndex('legal_name', 'Aisha Karimov'));
    expect(vault.blindIndex('document_number', 'X1')).not.toBe(vault.blindIndex('phone', 'X1'));
    expect(vault.blindIndex('photo', 'data')).toBeNull();
  });

  it('opens values sealed under an older key after rotation', () => {
    const oldKey = newKeyLine('k1');
    const before = new Vault(parseKeyring(oldKey));
    const sealed = before.seal('c', 'phone', '+7 700 000 00 00');
    const after = new Vault(parseKeyring(`${newKeyLine('k2')}\n${oldKey}`));
    expect(after.currentKeyId).toBe('k2');
    expect(after.open('c', 'phone', sealed)).toBe('+7 700 000 00 00');
    expect(after.keyIdOf(after.seal('c', 'phone', 'x'))).toBe('k2');
  });

  it('normalises names in any script', () => {
    expect(normalise('legal_name', 'Айша  Каримова')).toBe('айша каримова');
    expect(() => parseKeyring('k1:short')).toThrow(/32 bytes/);
  });

  it('seals files under a key of their own, bound to their name, still opening after a rotation', () => {
    const oldKey = newKeyLine('k1');
    const before = new Vault(parseKeyring(oldKey));
    const body = Buffer.from('{"legal_name":"Aisha Karimova"}', 'utf8');
    const sealed = before.sealFile('document:1', body);
    expect(sealed.includes(Buffer.from('Aisha'))).toBe(false);
    expect(before.openFile('document:1', sealed).equals(body)).toBe(true);
    expect(() => before.openFile('document:2', sealed)).toThrow();
    const after = new Vault(parseKeyring(`${newKeyLine('k2')}\n${oldKey}`));
    expect(after.openFile('document:1', sealed).equals(body)).toBe(true);
    expect(() => new Vault(parseKeyring(newKeyLine('k1'))).openFile('document:1', sealed)).toThrow();
  });
});
