// What the database refuses because of what the client sent is the client's fault (4xx), never
// ours: the second wall behind the request schemas.
import { describe, expect, it } from 'vitest';
import { codeForDatabaseError } from '../../src/platform/http/errors.ts';

describe('database errors', () => {
  it.each([
    ['22003', 'numeric_value_out_of_range'],
    ['22007', 'invalid_datetime_format'],
    ['22008', 'datetime_field_overflow'],
    ['22021', 'character_not_in_repertoire'],
    ['22P02', 'invalid_text_representation'],
  ])('%s (%s) is a validation failure', (code) => {
    expect(codeForDatabaseError(Object.assign(new Error('refused'), { code }))).toBe('validation_failed');
  });

  it('leaves other errors to the caller', () => {
    expect(codeForDatabaseError(Object.assign(new Error('broken'), { code: '57P01' }))).toBeUndefined();
    expect(codeForDatabaseError(new Error('no code'))).toBeUndefined();
  });
});
