// Every field code the server can send (the one list in field-codes.ts) is put into words in
// every interface language, with no parameter the code does not carry, and formats without an
// error for the counts that select each plural form. The web app's reading of a field error
// falls back to the general message for a code it does not know or one missing a parameter.
import { parse } from '@formatjs/icu-messageformat-parser';
import { createIntl } from 'react-intl';
import { describe, expect, it } from 'vitest';
import { FIELD_CODES, type FieldCode } from '../../src/platform/http/field-codes.ts';
import { fieldError, problemOf, wordedValues } from '../../src/web/api/field-problems.ts';
import { LOCALES } from '../../src/web/i18n/locales.ts';
import { argumentsOf, messages } from '../support/messages.ts';

const codes = Object.keys(FIELD_CODES) as FieldCode[];


describe('field codes', () => {
  it('are a list worth checking', () => {
    expect(codes.length).toBeGreaterThan(20);
    for (const code of ['required', 'too_short', 'invalid_format', 'order', 'consent_missing', 'agreement_missing', 'password_too_short'] as const) expect(codes).toContain(code);
  });

  it.each(LOCALES)('each has a message in %s that uses only the parameters the code carries', (locale) => {
    for (const code of codes) {
      const text = messages[locale]![`field.${code}`];
      expect(text, `${locale} field.${code}`).toBeTypeOf('string');
      const used = [...argumentsOf(parse(text!))];
      expect(FIELD_CODES[code], `${locale} field.${code} uses ${used.join(', ')}`).toEqual(expect.arrayContaining(used));
    }
  });

  it.each(LOCALES)('each formats in %s with its parameters, whatever the count', (locale) => {
    const errors: unknown[] = [];
    const intl = createIntl({ locale, messages: messages[locale]!, onError: (e) => errors.push(e) });
    // Counts that pick every plural form of English, Russian and Arabic (zero, one, two, few, many, other).
    for (const n of [0, 1, 2, 3, 5, 11, 21, 100, 1.5]) {
      for (const code of codes) {
        const values = Object.fromEntries(FIELD_CODES[code].map((p: string) => [p, ['min', 'max', 'days', 'total'].includes(p) ? n : 'sample']));
        const text = intl.formatMessage({ id: `field.${code}` }, values);
        expect(text, `${locale} field.${code} with ${n}`).not.toMatch(/[{}]|^field\./);
      }
    }
    expect(errors).toEqual([]);
  });
});

describe('a field error read by the web app', () => {
  it('names the message of its code, with its parameters', () => {
    expect(problemOf({ path: 'body.title', message: 'too short', code: 'too_short', params: { min: 3 } })).toEqual({ id: 'field.too_short', values: { min: 3 } });
    expect(problemOf({ path: 'body.endsOn', message: 'ends on or after it starts', code: 'order' })).toEqual({ id: 'field.order' });
    expect(fieldError([{ path: 'body.dataCategories', message: 'x', code: 'consent_missing', params: { category: 'identity' } }], 'dataCategories')).toEqual({
      id: 'field.consent_missing',
      values: { category: 'identity' },
    });
    expect(fieldError([{ path: 'body.bodies.0.orgId', message: 'x', code: 'not_in_country' }], 'bodies')).toEqual({ id: 'field.not_in_country' });
    expect(fieldError([{ path: 'body.title', message: 'x', code: 'required' }], 'summary')).toBeNull();
  });

  it('falls back to the general message for an unknown code or a missing parameter', () => {
    expect(problemOf({ path: 'body.x', message: 'x', code: 'no_such_code' })).toEqual({ id: 'field.invalid' });
    expect(problemOf({ path: 'body.x', message: 'x', code: 'toString' })).toEqual({ id: 'field.invalid' });
    expect(problemOf({ path: 'body.x', message: 'x', code: 'too_short' })).toEqual({ id: 'field.invalid' });
    expect(problemOf({ path: 'body.x', message: 'x', code: 'consent_missing', params: { other: 'identity' } })).toEqual({ id: 'field.invalid' });
  });

  it('says a parameter that is a code in words, in each language', () => {
    const refused = problemOf({ path: 'body.dataCategories', message: 'x', code: 'consent_missing', params: { category: 'case_plan' } });
    const said = Object.fromEntries(
      LOCALES.map((locale) => {
        const intl = createIntl({ locale, messages: messages[locale]! });
        return [locale, intl.formatMessage({ id: refused.id }, wordedValues(refused, intl))];
      }),
    );
    expect(said.en).toBe('No valid consent or legal basis covers Case plan.');
    expect(said.ru).toContain(`«${messages.ru!['category.case_plan']}»`);
    expect(said.ar).toContain(messages.ar!['category.case_plan']);
    // A value with no words of its own is said as it came.
    const intl = createIntl({ locale: 'en', messages: messages.en! });
    expect(wordedValues({ id: 'field.consent_missing', values: { category: 'no_such_category' } }, intl)).toEqual({ category: 'no_such_category' });
    expect(wordedValues({ id: 'field.too_short', values: { min: 3 } }, intl)).toEqual({ min: 3 });
  });
});
