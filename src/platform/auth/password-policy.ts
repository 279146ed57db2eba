// What a new password must be: 12 to 256 characters, not a common password (a list shipped with
// Tandem: no network), not mostly one character or a simple sequence, and not built from the
// person's own e-mail address or name. Checked by the server; forms show the same limits.
import { readFileSync } from 'node:fs';
import { join } from 'node:path';
import { PASSWORD_MAX_LENGTH, PASSWORD_MIN_LENGTH } from './password-rules.ts';

export type PasswordProblem = 'too_short' | 'too_long' | 'common' | 'personal' | 'repetitive';

let common: Set<string> | undefined;

function commonPasswords(): Set<string> {
  common ??= new Set(
    readFileSync(join(import.meta.dirname, 'common-passwords.txt'), 'utf8')
      .split('\n')
      .filter((l) => l && !l.startsWith('#')),
  );
  return common;
}

const SEQUENCES = ['0123456789', 'abcdefghijklmnopqrstuvwxyz', 'qwertyuiopasdfghjklzxcvbnm', 'йцукенгшщзхъфывапролджэячсмитьбю'];

function isSimpleSequence(p: string): boolean {
  if (p.length < 8) return false;
  return SEQUENCES.some((seq) => {
    const twice = seq + seq;
    const backwards = [...twice].reverse().join('');
    // Made only of runs taken from a keyboard or alphabet sequence, of four or more characters.
    return [twice, backwards].some((s) => {
      let i = 0;
      while (i < p.length) {
        let best = 0;
        for (let len = Math.min(p.length - i, s.length); len >= 4 && best === 0; len--) {
          if (s.includes(p.slice(i, i + len))) best = len;
        }
        if (best === 0) return false;
        i += best;
      }
      return true;
    });
  });
}

export function passwordProblems(password: string, person: { email?: string; displayName?: string } = {}): PasswordProblem[] {
  const problems: PasswordProblem[] = [];
  if ([...password].length < PASSWORD_MIN_LENGTH) problems.push('too_short');
  if (password.length > PASSWORD_MAX_LENGTH) problems.push('too_long');
  const lower = password.toLowerCase();
  const compact = lower.replace(/[\s._\-!@#$%^&*]+/g, '');
  if (commonPasswords().has(lower) || commonPasswords().has(compact)) problems.push('common');
  if (new Set(lower).size <= 3 || isSimpleSequence(compact)) problems.push('repetitive');
  const parts = [person.email?.split('@')[0], ...(person.displayName?.split(/\s+/) ?? [])]
    .map((p) => p?.toLowerCase().replace(/[^\p{L}\p{N}]/gu, '') ?? '')
    .filter((p) => p.length >= 4);
  if (parts.some((p) => compact.includes(p) && compact.length - p.length < 6)) problems.push('personal');
  return problems;
}
