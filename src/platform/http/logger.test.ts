import { describe, expect, it } from 'vitest';
import { serializeError } from './logger.ts';

describe('error logging', () => {
  it('keeps the code and schema names of a database error but none of its values', () => {
    const error = Object.assign(new Error('duplicate key value violates unique constraint "users_email_key"'), {
      severity: 'ERROR',
      code: '23505',
      table: 'users',
      constraint: 'users_email_key',
      detail: 'Key (email)=(amina@example.org) already exists.',
      query: 'INSERT INTO users ...',
      params: ['amina@example.org'],
    });
    const logged = JSON.stringify(serializeError(error));
    expect(logged).toContain('23505');
    expect(logged).toContain('users_email_key');
    expect(logged).not.toContain('amina@example.org');
    expect(logged).not.toContain('INSERT');
  });

  it('keeps ordinary error messages', () => {
    expect(serializeError(new Error('boom')).message).toBe('boom');
  });
});
