// Icons keep to the style guide: every Lucide icon the web app imports is in the guide's table of
// meanings (and every row is still used), each is drawn through the one wrapper, and those that
// point a direction are marked so that Arabic pages mirror them — no more, no fewer.
import { readdirSync, readFileSync } from 'node:fs';
import { join, relative, resolve } from 'node:path';
import * as lucide from 'lucide-react';
import { createElement } from 'react';
import { renderToStaticMarkup } from 'react-dom/server';
import { describe, expect, it } from 'vitest';
import { Icon } from '../../src/web/components/icon.tsx';

const ROOT = resolve(import.meta.dirname, '../..');
const WEB = join(ROOT, 'src/web');
const WRAPPER = join(WEB, 'components/icon.tsx');

function sources(dir: string): string[] {
  return readdirSync(dir, { withFileTypes: true }).flatMap((e) => {
    const path = join(dir, e.name);
    if (e.isDirectory()) return sources(path);
    return /\.tsx?$/.test(e.name) && !/\.test\.tsx?$/.test(e.name) ? [path] : [];
  });
}

/** The names a file imports from lucide-react, types left out. */
function lucideImports(text: string): string[] {
  return [...text.matchAll(/import\s*\{([^}]*)\}\s*from\s*'lucide-react'/g)].flatMap((m) =>
    m[1]!
      .split(',')
      .map((s) => s.trim())
      .filter((s) => s && !s.startsWith('type ')),
  );
}

/** The style guide's table: icon name → whether it is mirrored in right-to-left pages. */
function guideTable(): Map<string, { meaning: string; mirrored: boolean }> {
  const guide = readFileSync(join(ROOT, 'docs/style-guide.md'), 'utf8');
  const section = guide.slice(guide.indexOf('## Icons'), guide.indexOf('## Charts'));
  const rows = new Map<string, { meaning: string; mirrored: boolean }>();
  for (const m of section.matchAll(/^\| ([^|]+) \| `([A-Za-z0-9]+)` \| (yes|no) \|$/gm)) {
    expect(rows.has(m[2]!), `${m[2]} stands for one meaning only`).toBe(false);
    rows.set(m[2]!, { meaning: m[1]!.trim(), mirrored: m[3] === 'yes' });
  }
  return rows;
}

const files = sources(WEB).map((path) => ({ path, name: relative(ROOT, path), text: readFileSync(path, 'utf8') }));
const table = guideTable();

describe('icons', () => {
  it('the style guide lists icons that exist in lucide-react', () => {
    expect(table.size).toBeGreaterThan(20);
    for (const name of table.keys()) expect(lucide, `${name} in lucide-react`).toHaveProperty(name);
  });

  it('every Lucide icon the app imports is in the style guide, and every row there is used', () => {
    const used = new Set(files.flatMap((f) => lucideImports(f.text)));
    expect([...used].filter((n) => !table.has(n)), 'icons missing from the style guide').toEqual([]);
    expect([...table.keys()].filter((n) => !used.has(n)), 'rows of the style guide no longer used').toEqual([]);
  });

  it('icons come from lucide-react only and are drawn through the wrapper', () => {
    for (const f of files) {
      // Another icon package, an icon font or an image of an icon would bypass the one set.
      expect(f.text, f.name).not.toMatch(/from '(react-icons|@heroicons|@fortawesome|@phosphor-icons|@tabler)[^']*'/);
      for (const name of lucideImports(f.text)) {
        expect(f.text, `${f.name} draws ${name} without the wrapper`).not.toMatch(new RegExp(`<${name}[\\s/>]`));
      }
      if (lucideImports(f.text).length > 0 && f.path !== WRAPPER) {
        expect(f.text, `${f.name} imports Icon`).toMatch(/import \{ Icon \} from '[./]*(components\/)?icon\.tsx'/);
      }
    }
  });

  it('icons that point a direction are marked directional wherever they are drawn, and no others', () => {
    for (const f of files) {
      for (const m of f.text.matchAll(/<Icon of=\{([A-Z][A-Za-z0-9]*)\}([^/]*)\/>/g)) {
        const row = table.get(m[1]!);
        expect(row, `${f.name}: ${m[1]} in the style guide`).toBeDefined();
        expect(/\bdirectional\b/.test(m[2]!), `${f.name}: ${m[1]} directional`).toBe(row!.mirrored);
      }
      // A mirrored icon passed around as a value (a list of entries, a ternary) would lose its mark.
      for (const name of lucideImports(f.text).filter((n) => table.get(n)?.mirrored)) {
        const uses = f.text.split(/\n/).filter((line) => new RegExp(`\\b${name}\\b`).test(line) && !/from 'lucide-react'|^\s*[A-Za-z0-9]+,$/.test(line));
        for (const line of uses) expect(line, `${f.name}: ${name} only as <Icon of={${name}} directional />`).toMatch(new RegExp(`<Icon of=\\{${name}\\} directional />`));
      }
    }
  });

  it('the wrapper hides the icon from assistive technology, keeps it out of the tab order and marks direction', () => {
    const plain = renderToStaticMarkup(createElement(Icon, { of: lucide.Users }));
    expect(plain).toMatch(/^<svg /);
    expect(plain).toContain('aria-hidden="true"');
    expect(plain).toContain('focusable="false"');
    expect(plain).toMatch(/class="[^"]*\bicon\b/);
    expect(plain).not.toContain('icon-directional');
    expect(plain).not.toContain('style=');
    const back = renderToStaticMarkup(createElement(Icon, { of: lucide.ArrowLeft, directional: true }));
    expect(back).toMatch(/class="[^"]*\bicon-directional\b/);
  });

  it('the stylesheet sizes icons with the text and mirrors directional ones in right-to-left pages', () => {
    const css = readFileSync(join(WEB, 'styles.css'), 'utf8');
    expect(css).toMatch(/\.icon \{[^}]*inline-size: 1\.1em;[^}]*stroke: currentColor;/);
    expect(css).toMatch(/\[dir='rtl'\] \.icon-directional \{\s*transform: scaleX\(-1\);\s*\}/);
  });
});
