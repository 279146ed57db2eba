import fc from 'fast-check';
import { describe, expect, it } from 'vitest';
import { contextSql } from './context.ts';

const uuid = '3f1c2b9e-8d7a-4c6b-9e5f-1a2b3c4d5e6f';

describe('request context SQL', () => {
  it('sets role, request, user and organisation for the transaction only, then has the database resolve the caller once', () => {
    expect(contextSql({ role: 'tandem_app', requestId: 'r-1', userId: uuid, orgId: null })).toBe(
      `SET LOCAL ROLE tandem_app; SET LOCAL tandem.request_id = 'r-1'; SET LOCAL tandem.user_id = '${uuid}'; SET LOCAL tandem.org_id = ''; SELECT tandem_resolve_caller()`,
    );
  });

  it('refuses anything that is not a uuid, a known role or a plain request id', () => {
    expect(() => contextSql({ role: 'postgres' as 'tandem_app', requestId: 'r' })).toThrow(/role/);
    expect(() => contextSql({ role: 'tandem_app', requestId: "x'; DROP TABLE users; --" })).toThrow(/request id/);
    expect(() => contextSql({ role: 'tandem_app', requestId: 'r', userId: "' OR 1=1" })).toThrow(/uuid/);
  });

  it('never lets a quote into the SQL, whatever the input', () => {
    fc.assert(
      fc.property(fc.string(), fc.string(), (requestId, userId) => {
        let text: string | undefined;
        try {
          text = contextSql({ role: 'tandem_app', requestId, userId });
        } catch {
          return true;
        }
        return text.split("'").length === 9; // exactly the four quoted literals
      }),
    );
  });
});
