// Every interface string exists in English, Russian and Arabic, is a valid ICU message with the
// same arguments in each language, is used by the code, and no component carries hard-coded text.
import { readdirSync, readFileSync, statSync } from 'node:fs';
import { join, relative, resolve } from 'node:path';
import { parse, TYPE } from '@formatjs/icu-messageformat-parser';
import ts from 'typescript';
import { describe, expect, it } from 'vitest';
import { ROLES } from '../../src/platform/auth/roles.ts';
import { ORG_TYPES, VISIBILITIES } from '../../src/modules/orgs/schema.ts';
import { ERROR_STATUS } from '../../src/platform/http/errors.ts';
import { LOCALES } from '../../src/web/i18n/locales.ts';
import { argumentsOf, messages, WEB } from '../support/messages.ts';

const english = messages.en!;

function sourceFiles(dir: string, ext: RegExp): string[] {
  return readdirSync(dir).flatMap((entry) => {
    const path = join(dir, entry);
    if (statSync(path).isDirectory()) return sourceFiles(path, ext);
    return ext.test(entry) && !entry.endsWith('.test.ts') ? [path] : [];
  });
}


describe('interface languages', () => {
  it.each(LOCALES)('%s has exactly the keys of English, none empty', (locale) => {
    const m = messages[locale]!;
    expect(Object.keys(m).sort()).toEqual(Object.keys(english).sort());
    for (const [key, text] of Object.entries(m)) expect(text.trim(), `${locale} ${key}`).not.toBe('');
  });

  it.each(LOCALES)('%s messages are valid ICU with the same arguments as English', (locale) => {
    for (const [key, text] of Object.entries(messages[locale]!)) {
      const parsed = parse(text);
      expect([...argumentsOf(parsed)].sort(), `${locale} ${key}`).toEqual([...argumentsOf(parse(english[key]!))].sort());
      for (const e of parsed) {
        if (e.type === TYPE.plural) expect(Object.keys(e.options), `${locale} ${key}`).toContain('other');
      }
    }
  });

  it('has words for every role, organisation type, visibility and error code', () => {
    const needed = [
      ...ROLES.map((r) => `role.${r}`),
      ...ORG_TYPES.map((t) => `orgType.${t}`),
      ...VISIBILITIES.map((v) => `visibility.${v}`),
      ...Object.keys(ERROR_STATUS).filter((c) => c !== 'method_not_allowed').map((c) => `error.${c}`),
    ];
    for (const key of needed) expect(english, key).toHaveProperty([key]);
  });
});

describe('components', () => {
  const files = sourceFiles(WEB, /\.tsx?$/);
  const TEXT_ATTRIBUTES = new Set(['aria-label', 'aria-description', 'title', 'placeholder', 'alt', 'label']);

  function hardCoded(file: string): string[] {
    const source = ts.createSourceFile(file, readFileSync(file, 'utf8'), ts.ScriptTarget.Latest, true, ts.ScriptKind.TSX);
    const found: string[] = [];
    const visit = (node: ts.Node) => {
      if (ts.isJsxText(node) && /\p{L}/u.test(node.text)) found.push(node.text.trim());
      if (ts.isJsxAttribute(node) && TEXT_ATTRIBUTES.has(node.name.getText()) && node.initializer) {
        const init = node.initializer;
        const literal = ts.isStringLiteral(init)
          ? init
          : ts.isJsxExpression(init) && init.expression && ts.isStringLiteralLike(init.expression)
            ? init.expression
            : undefined;
        // A message id handed to a field component is not text; an id that does not exist is caught below.
        const isMessageId = literal !== undefined && /^[a-zA-Z]+\.[A-Za-z0-9_.]+$/.test(literal.text);
        if (literal && !isMessageId && /\p{L}/u.test(literal.text)) found.push(`${node.name.getText()}="${literal.text}"`);
      }
      if (ts.isJsxExpression(node) && node.expression && ts.isStringLiteralLike(node.expression) && /\p{L}/u.test(node.expression.text)) {
        if (!ts.isJsxAttribute(node.parent)) found.push(node.expression.text);
      }
      ts.forEachChild(node, visit);
    };
    visit(source);
    return found;
  }

  it('carry no hard-coded text: every string comes from the message files', () => {
    const offenders = files.flatMap((f) => hardCoded(f).map((text) => `${relative(WEB, f)}: ${text}`));
    expect(offenders).toEqual([]);
  });

  it('the check finds hard-coded text when there is some', () => {
    const probe = join(WEB, '..', '..', 'test', 'unit', 'fixtures', 'hard-coded.tsx');
    expect(hardCoded(probe)).toEqual(['Save changes', 'aria-label="Close"', 'Delete']);
  });

  // A list shown to people is joined in the interface language (Intl.ListFormat: an Arabic comma
  // in Arabic), not with a Latin comma. Identifiers shown left to right (document numbers,
  // phone numbers) may keep it: they are marked dir="ltr" on the same line.
  function latinLists(file: string): number[] {
    return readFileSync(file, 'utf8')
      .split('\n')
      .flatMap((line, i) => ((/\.join\(['"`],\s?['"`]\)/.test(line) || /\}, \$\{/.test(line)) && !line.includes('dir="ltr"') ? [i + 1] : []));
  }

  it("join the lists they show in the interface language's own way", () => {
    const offenders = files.flatMap((f) => latinLists(f).map((line) => `${relative(WEB, f)}:${line}`));
    expect(offenders).toEqual([]);
  });

  it('the check finds a list joined with a Latin comma', () => {
    expect(latinLists(join(WEB, '..', '..', 'test', 'unit', 'fixtures', 'hard-coded.tsx'))).toEqual([9, 14]);
  });

  it('use only message ids that exist, and every message is used', () => {
    // The server prints messages into exported documents (PDF) and into the pages it renders
    // itself for readers without JavaScript (the confidential reporting channel, export status).
    const printed = [resolve(WEB, '../modules/cases/export'), resolve(WEB, '../modules/civic')].flatMap((dir) => sourceFiles(dir, /\.ts$/));
    const code = [...files, ...printed].map((f) => readFileSync(f, 'utf8')).join('\n');
    const literal = new Set(
      [...code.matchAll(/FormattedMessage\s+id="([^"]+)"|formatMessage\(\{\s*id:\s*'([^']+)'|\bheader:\s*'([^']+)'|\b(?:caption|label|hint)="([a-zA-Z]+\.[^"]+)"/g)].map(
        (m) => (m[1] ?? m[2] ?? m[3] ?? m[4])!,
      ),
    );
    // Ids built at run time, such as `role.${role}`, become patterns (a value may hold dots, as audit actions do).
    const dynamic = [...code.matchAll(/`([a-zA-Z]+\.[^`\s]*\$\{[^`\s]*)`/g)].map(
      (m) => new RegExp(`^${m[1]!.replace(/\./g, '\\.').replace(/\$\{[^}]+\}/g, '[A-Za-z0-9_.]+')}$`),
    );
    // Ids held in data (e.g. { id: 'common.yes' } chosen at run time) count as used.
    const known = [...code.matchAll(/['"]([a-zA-Z]+\.[A-Za-z0-9_.]+)['"]/g)].map((m) => m[1]!);
    for (const id of literal) expect(english, `message id ${id}`).toHaveProperty([id]);
    const unused = Object.keys(english).filter(
      (key) => !literal.has(key) && !known.includes(key) && !dynamic.some((re) => re.test(key)),
    );
    expect(unused).toEqual([]);
  });
});
