// Pages served as plain HTML by the server, for readers without JavaScript: the open-data
// export's waiting page and the confidential reporting channel. No script, no inline style (the
// content security policy forbids both): a small stylesheet of their own, right to left in
// Arabic, readable on a phone.
import { labelsFor, type ExportLocale, type Labels } from '../cases/export/labels.ts';

const ESCAPES: Record<string, string> = { '&': '&amp;', '<': '&lt;', '>': '&gt;', '"': '&quot;', "'": '&#39;' };

/** Text for HTML: every character that could open markup or end an attribute, escaped. */
export function esc(value: unknown): string {
  return String(value ?? '').replace(/[&<>"']/g, (c) => ESCAPES[c]!);
}

const ENDONYMS: Record<ExportLocale, string> = { en: 'English', ru: 'Русский', ar: 'العربية' };

export const PLAIN_STYLESHEET = '/public/civic/plain.css';

export const PLAIN_CSS = `
html { font-family: system-ui, sans-serif; line-height: 1.5; color: #1a1a1a; background: #fff; }
body { max-width: 42rem; margin: 0 auto; padding: 1rem; }
h1 { font-size: 1.5rem; line-height: 1.25; }
label { display: block; font-weight: 600; margin-top: 1rem; }
.hint { display: block; font-weight: 400; color: #444; font-size: .9rem; }
input, select, textarea, button { font: inherit; max-width: 100%; box-sizing: border-box; }
input[type=text], input[type=email], input[type=date], select, textarea { width: 100%; padding: .5rem; border: 1px solid #666; border-radius: 4px; }
textarea { min-height: 8rem; }
fieldset { border: 1px solid #999; border-radius: 4px; margin-top: 1rem; }
fieldset label { font-weight: 400; margin-top: .25rem; }
/* A date as day, month and year side by side (report-pages.ts dateFields). */
fieldset.date { display: flex; flex-wrap: wrap; gap: .75rem; align-items: end; }
fieldset.date legend { font-weight: 600; }
fieldset.date label { display: flex; flex-direction: column; }
fieldset.date input { width: 4.5rem; padding: .5rem; border: 1px solid #666; border-radius: 4px; }
fieldset.date select { width: auto; }
button, .button { display: inline-block; margin-top: 1rem; padding: .6rem 1.2rem; background: #1d4f91; color: #fff; border: 0; border-radius: 4px; text-decoration: none; cursor: pointer; }
button.secondary { background: #6b1d1d; }
.receipt { font-family: ui-monospace, monospace; font-size: 1.25rem; padding: 1rem; border: 2px dashed #1d4f91; word-break: break-all; direction: ltr; unicode-bidi: isolate; }
.error { color: #8b0000; font-weight: 600; }
.message { border-inline-start: 4px solid #1d4f91; padding-inline-start: .75rem; margin: 1rem 0; white-space: pre-wrap; }
/* A field for robots only: out of sight and out of reach of the keyboard. */
.hp { position: absolute; inset-inline-start: -10000px; width: 1px; height: 1px; overflow: hidden; }
nav.languages a { margin-inline-end: .75rem; }
`;

/** A whole page in the reader's language and direction; `refreshSeconds` reloads it (no script needed). */
export function plainPage(lang: ExportLocale, title: string, body: string, options: { refreshSeconds?: number; languages?: (l: ExportLocale) => string } = {}): string {
  const labels = labelsFor(lang);
  const refresh = options.refreshSeconds ? `<meta http-equiv="refresh" content="${options.refreshSeconds}">` : '';
  const languages = options.languages
    ? `<nav class="languages" aria-label="${esc(labels.t('lang.label'))}">${(['en', 'ru', 'ar'] as const)
        .map((l) => `<a href="${esc(options.languages!(l))}" lang="${l}"${l === lang ? ' aria-current="page"' : ''}>${ENDONYMS[l]}</a>`)
        .join('')}</nav>`
    : '';
  return `<!doctype html>
<html lang="${lang}" dir="${labels.direction}">
<head>
<meta charset="utf-8">
<meta name="viewport" content="width=device-width, initial-scale=1">
<meta name="referrer" content="no-referrer">
${refresh}
<title>${esc(title)}</title>
<link rel="stylesheet" href="${PLAIN_STYLESHEET}">
</head>
<body>
${languages}
<main>
<h1>${esc(title)}</h1>
${body}
</main>
</body>
</html>`;
}

export type { ExportLocale, Labels };
