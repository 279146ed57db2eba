// An upload route reads its multipart/form-data parts itself (one file, size-limited, its content
// checked), so Fastify validates no body for it. The API document still describes the form, so
// that a client generated from it (the web app's typed client) knows the field the file goes in.
import type { SwaggerTransform } from '@fastify/swagger';
import { jsonSchemaTransform } from 'fastify-type-provider-zod';
import type { z } from 'zod';

/**
 * For a route's `config.swaggerTransform`: the route's schema as usual, with `form` as its request
 * body, under the media types the route `consumes`. Only the document sees it.
 */
export function documentedForm(form: z.ZodObject): SwaggerTransform {
  return (input) => jsonSchemaTransform({ ...input, schema: { ...input.schema, body: form } });
}
