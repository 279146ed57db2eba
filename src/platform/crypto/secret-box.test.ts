import { describe, expect, it } from 'vitest';
import { SecretBox } from './secret-box.ts';

describe('secret box', () => {
  const box = SecretBox.derive('an installation secret of enough length', 'test');

  it('opens what it sealed, with the same associated data', () => {
    const sealed = box.seal('JBSWY3DPEHPK3PXPJBSWY3DPEHPK3PXP', 'user:1');
    expect(sealed).toMatch(/^v1\.[0-9a-f]{8}\./);
    expect(sealed).not.toContain('JBSWY3DP');
    expect(box.open(sealed, 'user:1')).toBe('JBSWY3DPEHPK3PXPJBSWY3DPEHPK3PXP');
  });

  it('refuses another place, a changed byte and another key', () => {
    const sealed = box.seal('secret', 'user:1');
    expect(() => box.open(sealed, 'user:2')).toThrow();
    const parts = sealed.split('.');
    const ct = Buffer.from(parts[3]!, 'base64url');
    ct[0]! ^= 1;
    parts[3] = ct.toString('base64url');
    expect(() => box.open(parts.join('.'), 'user:1')).toThrow();
    expect(() => SecretBox.derive('another installation secret entirely', 'test').open(sealed, 'user:1')).toThrow(/unknown key/);
  });

  it('derives different keys for different purposes', () => {
    const other = SecretBox.derive('an installation secret of enough length', 'other');
    expect(() => other.open(box.seal('x', 'a'), 'a')).toThrow();
  });

  it('seals bytes in a binary form bound to their place, refusing a changed byte, another place and another key', () => {
    const body = Buffer.from('%PDF-1.7 Zarina Tokhtarova '.repeat(100), 'latin1');
    const sealed = box.sealBytes(body, 'file:document:1');
    expect(sealed.includes(Buffer.from('Zarina'))).toBe(false);
    expect(sealed.subarray(0, 5).toString('latin1')).not.toBe('%PDF-');
    // Version, key id, iv and tag: a fixed overhead, no base64.
    expect(sealed.length).toBe(body.length + 2 + 8 + 12 + 16);
    expect(box.openBytes(sealed, 'file:document:1').equals(body)).toBe(true);
    expect(() => box.openBytes(sealed, 'file:document:2')).toThrow();
    const changed = Buffer.from(sealed);
    changed[40]! ^= 1;
    expect(() => box.openBytes(changed, 'file:document:1')).toThrow();
    expect(() => box.openBytes(body, 'file:document:1')).toThrow(/not sealed bytes/);
    expect(() => SecretBox.derive('another installation secret entirely', 'test').openBytes(sealed, 'file:document:1')).toThrow(/unknown key/);
  });
});
