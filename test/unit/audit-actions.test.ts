// Every action the code writes to the audit trail is listed (so the officer's filter offers it
// and the page shows it in words, in every language).
import { readdirSync, readFileSync } from 'node:fs';
import { join } from 'node:path';
import { describe, expect, it } from 'vitest';
import { AUDIT_ACTIONS, AUDIT_AREAS, areaOf } from '../../src/modules/audit/actions.ts';
import { ABILITIES } from '../../src/modules/identity/policy.ts';
import en from '../../src/web/locales/en.json' with { type: 'json' };

const SRC = new URL('../../src/', import.meta.url).pathname;

/** Dotted names in the same files that are not audit actions: abilities, and events of a case's own timeline. */
const NOT_ACTIONS = new Set<string>([
  ...ABILITIES,
  'case.closed',
  'case.imported',
  'case.opened',
  'case.reopened',
  'case.subject_access_exported',
  'case.summary_exported',
  'judgement.recorded',
  'plan.action_added',
  'plan.action_updated',
  'plan.goal_added',
  'plan.goal_updated',
]);

function sources(dir: string): string[] {
  return readdirSync(dir, { withFileTypes: true }).flatMap((d) =>
    d.isDirectory() ? sources(join(dir, d.name)) : d.name.endsWith('.ts') && !d.name.endsWith('.test.ts') ? [join(dir, d.name)] : [],
  );
}

describe('audit actions', () => {
  it('lists every action written by the code, each with words and an area', () => {
    const written = new Set<string>();
    // Every dotted name of an audit area in a file that writes audit events (actions may come from
    // tables such as { suspend: 'org.agreement.suspend' } or from SQL), less what is known not to be one.
    const pattern = new RegExp(`'((?:${AUDIT_AREAS.join('|')})\\.[a-z_]+(?:\\.[a-z_]+)*)'`, 'g');
    for (const file of sources(SRC).filter((f) => !f.includes('/web/'))) {
      const text = readFileSync(file, 'utf8');
      if (!/\baudit(SignIn)?\(|INSERT INTO audit_events/.test(text)) continue;
      for (const m of text.matchAll(pattern)) if (!NOT_ACTIONS.has(m[1]!)) written.add(m[1]!);
    }
    expect(written.size).toBeGreaterThan(80);
    const listed = new Set<string>(AUDIT_ACTIONS);
    expect([...written].filter((a) => !listed.has(a))).toEqual([]);
    const messages = en as Record<string, string>;
    expect(AUDIT_ACTIONS.filter((a) => !messages[`auditAction.${a}`])).toEqual([]);
    expect(AUDIT_ACTIONS.filter((a) => !(AUDIT_AREAS as readonly string[]).includes(areaOf(a)))).toEqual([]);
  });
});
