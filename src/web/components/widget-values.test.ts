// The pure parts of the localised widgets: ISO values in and out of the date field, which files
// the file field takes, and how the organisation chooser matches what was typed.
import { describe, expect, it } from 'vitest';
import { accepts, contains, parseIso, toIso } from './widget-values.ts';

describe('date field values', () => {
  it('reads and gives back what a native date input gave', () => {
    expect(toIso(parseIso('2026-03-01', false), false)).toBe('2026-03-01');
    expect(toIso(parseIso('2026-03-01T09:30', true), true)).toBe('2026-03-01T09:30');
    expect(toIso(parseIso('2026-03-01T09:30:00.000Z', true), true)).toBe('2026-03-01T09:30');
  });
  it('treats empty and malformed values as no date', () => {
    expect(parseIso('', false)).toBeNull();
    expect(parseIso(null, true)).toBeNull();
    expect(parseIso('01/03/2026', false)).toBeNull();
    expect(parseIso('2026-02-30', false)).toBeNull();
    expect(toIso(null, false)).toBe('');
  });
});

describe('file field', () => {
  it('takes a file by ending or media type, as the native accept does', () => {
    expect(accepts(['.csv', 'text/csv'], { name: 'Cases.CSV', type: '' })).toBe(true);
    expect(accepts(['.csv', 'text/csv'], { name: 'cases', type: 'text/csv' })).toBe(true);
    expect(accepts(['.csv', 'text/csv'], { name: 'cases.xlsx', type: 'application/vnd.ms-excel' })).toBe(false);
    expect(accepts(['image/*'], { name: 'photo', type: 'image/png' })).toBe(true);
    expect(accepts([], { name: 'anything', type: '' })).toBe(true);
  });
});

describe('choosing an organisation by typing', () => {
  it('matches anywhere, ignoring case and accents, in Cyrillic and Arabic too', () => {
    const en = new Intl.Collator('en', { usage: 'search', sensitivity: 'base' });
    expect(contains(en, 'Bridge Psychosocial Centre', 'psycho')).toBe(true);
    expect(contains(en, 'Cáritas Marisca', 'caritas')).toBe(true);
    expect(contains(en, 'Bridge Psychosocial Centre', 'legal')).toBe(false);
    const ru = new Intl.Collator('ru', { usage: 'search', sensitivity: 'base' });
    expect(contains(ru, 'Служба пробации', 'ПРОБА')).toBe(true);
    const ar = new Intl.Collator('ar', { usage: 'search', sensitivity: 'base' });
    expect(contains(ar, 'مركز الجسر', 'الجسر')).toBe(true);
    expect(contains(en, 'Anything', '  ')).toBe(true);
  });
});
