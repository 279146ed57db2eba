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
});
