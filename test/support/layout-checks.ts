// The layout checks run on every page (see layout-routes.ts): no sideways scrolling, no text
// squeezed into a column a few letters wide, no English left on a Russian or Arabic page, no
// error in the console, no serious or critical accessibility violation.
import AxeBuilder from '@axe-core/playwright';
import type { BrowserContext, Page } from 'playwright-core';
import en from '../../src/web/locales/en.json' with { type: 'json' };
import ru from '../../src/web/locales/ru.json' with { type: 'json' };
import ar from '../../src/web/locales/ar.json' with { type: 'json' };
import { DEMO_PASSWORD } from './test-config.ts';
import type { Stack } from './browser.ts';
import { totpCode } from './browser.ts';

export type Locale = 'en' | 'ru' | 'ar';
export const LOCALES: Locale[] = ['en', 'ru', 'ar'];
export const WIDTHS = [1280, 390] as const;

const MESSAGES: Record<Locale, Record<string, string>> = { en, ru, ar };

/**
 * English sentences that must not appear on a page in another language: the fixed parts of
 * every English message (placeholders cut out) long enough to be unambiguous, where the other
 * language says something else.
 */
function englishFragments(locale: Locale): string[] {
  if (locale === 'en') return [];
  const other = MESSAGES[locale];
  const fragments = new Set<string>();
  for (const [id, text] of Object.entries(en)) {
    if (other[id] === text) continue;
    for (const part of text.split(/\{[^{}]*(?:\{[^{}]*\}[^{}]*)*\}/)) {
      const piece = part.trim();
      if (piece.length >= 14 && piece.split(/\s+/).length >= 3 && /^[\x20-\x7e’—–…]+$/.test(piece)) fragments.add(piece);
    }
  }
  return [...fragments];
}
const FRAGMENTS: Record<Locale, string[]> = { en: [], ru: englishFragments('ru'), ar: englishFragments('ar') };
const MESSAGE_IDS = new Set(Object.keys(en));

/** One context per visitor: signed in once, its pages visited one after another. */
export async function visitorContext(stack: Stack, email: string | null): Promise<{ context: BrowserContext; page: Page; problems: string[] }> {
  const context = await stack.browser.newContext({ viewport: { width: WIDTHS[0], height: 900 }, locale: 'en-GB' });
  // Counts requests in flight, so that a page is checked once everything it asked for arrived.
  await context.addInitScript(() => {
    const w = window as unknown as { __inFlight: number };
    w.__inFlight = 0;
    const original = window.fetch.bind(window);
    window.fetch = async (...args) => {
      w.__inFlight += 1;
      try {
        return await original(...args);
      } finally {
        w.__inFlight -= 1;
      }
    };
  });
  const page = await context.newPage();
  const problems: string[] = [];
  const where = () => new URL(page.url()).pathname;
  page.on('console', (m) => {
    if (m.type() === 'error') problems.push(`${where()}: console error: ${m.text().slice(0, 200)}`);
  });
  page.on('pageerror', (e) => problems.push(`${where()}: error thrown: ${e.message.slice(0, 200)}`));
  if (email) {
    await page.goto(`${stack.baseUrl}/sign-in`);
    await page.locator('#sign-in-email').fill(email);
    await page.locator('#sign-in-password').fill(DEMO_PASSWORD);
    await page.locator('form button[type=submit]').click();
    await page.locator('.home-sections, #sign-in-code').first().waitFor();
    if (await page.locator('#sign-in-code').isVisible()) {
      await page.locator('#sign-in-code').fill(await totpCode(stack, email));
      await page.locator('form button[type=submit]').click();
    }
    await page.locator('.home-sections').waitFor();
  }
  return { context, page, problems };
}

/** Chooses the interface language as a person would keep it on this device, and reloads. */
export async function useLocale(page: Page, locale: Locale): Promise<void> {
  await page.evaluate((l) => window.localStorage.setItem('tandem.locale', l), locale);
  await page.reload();
  await page.waitForFunction((l) => document.documentElement.lang === l, locale);
}

/** Opens a path inside the single-page app (no reload) and waits until it has settled. */
export async function open(page: Page, path: string): Promise<void> {
  await page.evaluate((p) => {
    window.history.pushState(null, '', p);
    window.dispatchEvent(new PopStateEvent('popstate'));
  }, path);
  await settled(page);
}

async function settled(page: Page): Promise<void> {
  await page.waitForFunction(
    () =>
      (window as unknown as { __inFlight: number }).__inFlight === 0 &&
      // The page on screen was drawn for this address (src/web/components/rendered-path.ts): while
      // a route's code loads, the previous page stays on screen and must not be checked for it.
      document.documentElement.dataset.page === window.location.pathname &&
      document.querySelector('h1') !== null &&
      document.querySelector('main') !== null &&
      document.querySelector('.loading') === null,
    undefined,
    { timeout: 15_000, polling: 50 },
  );
  // Two frames: what arrived last is laid out.
  await page.evaluate(() => new Promise((resolve) => requestAnimationFrame(() => requestAnimationFrame(resolve))));
}

/** What the page shows that breaks the rules, each as one line naming the page. */
/** What axe checks of a page: all of it, or the page's own content (the frame checked elsewhere). */
export type AxeScope = 'page' | 'main';

export async function layoutProblems(page: Page, locale: Locale, width: number, axe: AxeScope | null): Promise<string[]> {
  const at = `${new URL(page.url()).pathname} [${locale}, ${width}px]`;
  const found = await page.evaluate(
    ({ fragments, ids }) => {
      const out: string[] = [];
      const root = document.documentElement;
      if (root.scrollWidth > root.clientWidth + 1) {
        // Name the widest culprit, so the report says where to look.
        let widest = '';
        let max = root.clientWidth;
        for (const el of document.body.querySelectorAll('*')) {
          const r = el.getBoundingClientRect();
          const overflow = Math.max(r.right, root.clientWidth - r.left);
          if (r.width > 0 && overflow > max + 1 && !el.closest('.table-scroll')) {
            max = overflow;
            widest = `${el.tagName.toLowerCase()}${el.className ? `.${String(el.className).split(' ').join('.')}` : ''}`;
          }
        }
        out.push(`scrolls sideways: ${root.scrollWidth}px wide for ${root.clientWidth}px (${widest || 'unknown element'})`);
      }
      // Text squeezed into a column a few letters wide: three or more lines of under five characters.
      const walker = document.createTreeWalker(document.body, NodeFilter.SHOW_TEXT);
      for (let node = walker.nextNode(); node; node = walker.nextNode()) {
        const text = node.textContent?.trim() ?? '';
        if (text.length < 6) continue;
        const el = node.parentElement;
        if (!el || el.closest('.visually-hidden, [hidden], option, script, style')) continue;
        const range = document.createRange();
        range.selectNodeContents(node);
        const tops = new Set([...range.getClientRects()].filter((r) => r.width > 0).map((r) => Math.round(r.top)));
        if (tops.size >= 3 && text.length / tops.size < 5) out.push(`text squeezed to ${tops.size} lines of ~${Math.round(text.length / tops.size)} characters: "${text.slice(0, 40)}"`);
      }
      // Interface text only: what people wrote (isolated with dir="auto" or <bdi>) may be in any language.
      const copy = document.body.cloneNode(true) as HTMLElement;
      for (const own of copy.querySelectorAll('[dir="auto"], bdi, input, textarea, select')) own.remove();
      document.body.append(copy);
      copy.style.cssText = 'position:absolute;left:-99999px;top:0';
      const shown = copy.innerText;
      copy.remove();
      for (const f of fragments) if (shown.includes(f)) out.push(`untranslated: "${f.slice(0, 60)}"`);
      for (const token of shown.match(/\b[a-z][A-Za-z]+\.[A-Za-z_.]+\b/g) ?? []) if (ids.includes(token)) out.push(`message id shown instead of text: ${token}`);
      return [...new Set(out)];
    },
    { fragments: FRAGMENTS[locale], ids: [...MESSAGE_IDS] },
  );
  const problems = found.map((p) => `${at}: ${p}`);
  if (axe !== null) {
    const began = Date.now();
    const builder = new AxeBuilder({ page }).withTags(['wcag2a', 'wcag2aa', 'wcag21a', 'wcag21aa']);
    // A route loaded on demand may swap the page's frame a moment after it looked settled.
    if (axe === 'main') await page.locator('main').first().waitFor();
    const result = await (axe === 'main' ? builder.include('main') : builder).analyze();
    if (process.env.TANDEM_LAYOUT_TIMING) process.stdout.write(`  ${at}: axe in ${Date.now() - began} ms\n`);
    for (const v of result.violations.filter((x) => x.impact === 'serious' || x.impact === 'critical')) {
      problems.push(`${at}: axe ${v.id}: ${v.help} (${v.nodes.map((n) => n.target.join(' ')).slice(0, 3).join(', ')})`);
    }
  }
  return problems;
}
