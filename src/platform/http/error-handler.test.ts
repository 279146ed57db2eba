// zod's issues become field codes in one place: each kind of issue a request schema can raise,
// validated the way the routes validate (fastify-type-provider-zod's validator), gets the code
// and parameters of field-codes.ts, and a refinement's own code comes through with its parameters.
import { validatorCompiler } from 'fastify-type-provider-zod';
import { describe, expect, it } from 'vitest';
import { z } from 'zod';
import { line } from '../validation/text.ts';
import { fieldErrorsOf, type Issue } from './error-handler.ts';
import { rule } from './field-codes.ts';

const schema = z
  .object({
    title: line(3, 10),
    note: line(0, 5).optional(),
    email: z.email(),
    id: z.uuid().optional(),
    kind: z.enum(['a', 'b']).optional(),
    count: z.number().int().min(2).max(9).optional(),
    share: z.number().positive().optional(),
    tags: z.array(z.string()).min(2).max(3).optional(),
    code: z.string().regex(/^[A-Z]{2}$/).optional(),
    startsOn: z.iso.date(),
    endsOn: z.iso.date(),
  })
  .refine((b) => b.endsOn >= b.startsOn, rule('order', 'ends on or after it starts', ['endsOn']))
  .refine((b) => b.title !== 'forbidden', rule('too_big', 'a refinement with parameters', ['title'], { max: 100 }));

function fieldsFor(body: Record<string, unknown>) {
  const validate = validatorCompiler({ schema, method: 'POST', url: '/', httpPart: 'body' });
  const result = validate(body) as { error?: Issue[] };
  expect(result.error, 'the body is refused').toBeDefined();
  return Object.fromEntries(fieldErrorsOf('body', result.error!, body).map((f) => [f.path, { code: f.code, params: f.params }]));
}

const valid = { title: 'A title', email: 'a@example.org', startsOn: '2027-01-01', endsOn: '2027-02-01' };

describe('field codes of validation issues', () => {
  it('names what is missing or blank as required, whatever zod calls it', () => {
    const fields = fieldsFor({ title: '   ', email: '', startsOn: '2027-01-01' });
    expect(fields['body.title']).toEqual({ code: 'required', params: undefined });
    expect(fields['body.email']).toEqual({ code: 'required', params: undefined });
    expect(fields['body.endsOn']).toEqual({ code: 'required', params: undefined });
  });

  it('gives lengths, counts and bounds with their limits', () => {
    const fields = fieldsFor({ ...valid, title: 'ab', note: 'a longer note', tags: ['x'], count: 1, share: 0 });
    expect(fields['body.title']).toEqual({ code: 'too_short', params: { min: 3 } });
    expect(fields['body.note']).toEqual({ code: 'too_long', params: { max: 5 } });
    expect(fields['body.tags']).toEqual({ code: 'too_few', params: { min: 2 } });
    expect(fields['body.count']).toEqual({ code: 'too_small', params: { min: 2 } });
    expect(fields['body.share']).toEqual({ code: 'more_than', params: { min: 0 } });
    const more = fieldsFor({ ...valid, tags: ['a', 'b', 'c', 'd'], count: 10 });
    expect(more['body.tags']).toEqual({ code: 'too_many', params: { max: 3 } });
    expect(more['body.count']).toEqual({ code: 'too_big', params: { max: 9 } });
    expect(fieldsFor({ ...valid, count: 2.5 })['body.count']).toEqual({ code: 'whole_number', params: undefined });
  });

  it('gives formats and choices', () => {
    const fields = fieldsFor({ ...valid, email: 'not an address', id: 'x', kind: 'c', code: 'abc', startsOn: '2027-13-01' });
    expect(fields['body.email']).toEqual({ code: 'invalid_format', params: { format: 'email' } });
    expect(fields['body.id']).toEqual({ code: 'invalid_format', params: { format: 'uuid' } });
    expect(fields['body.code']).toEqual({ code: 'invalid_format', params: { format: 'pattern' } });
    expect(fields['body.startsOn']).toEqual({ code: 'invalid_format', params: { format: 'date' } });
    expect(fields['body.kind']).toEqual({ code: 'invalid_choice', params: undefined });
    expect(fieldsFor({ ...valid, count: 'three' })['body.count']).toEqual({ code: 'invalid', params: undefined });
  });

  it('keeps the text rule, a refinement’s code and its parameters', () => {
    expect(fieldsFor({ ...valid, title: 'two\nlines' })['body.title']).toEqual({ code: 'single_line', params: undefined });
    expect(fieldsFor({ ...valid, title: 'bidi\u202Etext' })['body.title']).toEqual({ code: 'control_characters', params: undefined });
    expect(fieldsFor({ ...valid, endsOn: '2026-12-31' })['body.endsOn']).toEqual({ code: 'order', params: undefined });
    expect(fieldsFor({ ...valid, title: 'forbidden' })['body.title']).toEqual({ code: 'too_big', params: { max: 100 } });
  });

  it('keeps the English sentence beside the code', () => {
    const validate = validatorCompiler({ schema, method: 'POST', url: '/', httpPart: 'body' });
    const body = { ...valid, endsOn: '2026-12-31' };
    const [field] = fieldErrorsOf('body', (validate(body) as { error: Issue[] }).error, body);
    expect(field).toEqual({ path: 'body.endsOn', code: 'order', message: 'ends on or after it starts' });
  });
});
