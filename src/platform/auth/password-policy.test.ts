import { describe, expect, it } from 'vitest';
import { passwordProblems } from './password-policy.ts';

describe('password policy', () => {
  it('accepts a long passphrase', () => {
    expect(passwordProblems('lantern orchard quietly 42')).toEqual([]);
    expect(passwordProblems('Тихий сад у реки 2026')).toEqual([]);
  });

  it('refuses short and overlong passwords', () => {
    expect(passwordProblems('short pass')).toContain('too_short');
    expect(passwordProblems('x'.repeat(257))).toContain('too_long');
  });

  it('refuses common passwords in any case, with or without separators', () => {
    for (const p of ['password1234', 'Password1234', 'QWERTYUIOP123', 'iloveyou1234', 'correct horse battery staple', '1q2w3e4r5t6y']) {
      expect(passwordProblems(p), p).toContain('common');
    }
  });

  it('refuses one character repeated and keyboard or alphabet runs', () => {
    expect(passwordProblems('aaaaaaaaaaaaaaa')).toContain('repetitive');
    expect(passwordProblems('abcdefghijklmnop')).toContain('repetitive');
    expect(passwordProblems('9876543210987')).toContain('repetitive');
    expect(passwordProblems('asdfghjklqwerty')).toContain('repetitive');
  });

  it("refuses a password made of the person's own name or address", () => {
    expect(passwordProblems('amina.rahimova1', { email: 'amina.rahimova@bridge.example' })).toContain('personal');
    expect(passwordProblems('Rahimova2026!!', { displayName: 'Amina Rahimova' })).toContain('personal');
    expect(passwordProblems('Rahimova walks by the river', { displayName: 'Amina Rahimova' })).toEqual([]);
  });
});
