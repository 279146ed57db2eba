// The web app's message files as the unit tests read them, and the arguments an ICU message uses.
import { readFileSync } from 'node:fs';
import { join, resolve } from 'node:path';
import { TYPE, type MessageFormatElement } from '@formatjs/icu-messageformat-parser';
import { LOCALES } from '../../src/web/i18n/locales.ts';

export const WEB = resolve(import.meta.dirname, '../../src/web');

/** Each interface language's messages, by id. */
export const messages: Record<string, Record<string, string>> = Object.fromEntries(
  LOCALES.map((l) => [l, JSON.parse(readFileSync(join(WEB, 'locales', `${l}.json`), 'utf8')) as Record<string, string>]),
);

/** The names of the arguments a parsed message uses, in plural and select branches and tags too. */
export function argumentsOf(elements: MessageFormatElement[], into = new Set<string>()): Set<string> {
  for (const e of elements) {
    if (e.type === TYPE.argument || e.type === TYPE.number || e.type === TYPE.date || e.type === TYPE.time) into.add(e.value);
    if (e.type === TYPE.plural || e.type === TYPE.select) {
      into.add(e.value);
      for (const option of Object.values(e.options)) argumentsOf(option.value, into);
    }
    if (e.type === TYPE.tag) argumentsOf(e.children, into);
  }
  return into;
}
