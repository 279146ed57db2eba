// Serves the built web app: hashed assets cached for a year (pre-compressed with brotli and
// gzip at build time, for slow connections), index.html never cached, and index.html for any
// other path that is not part of the API so that the app's own router can answer it.
import { existsSync } from 'node:fs';
import { join } from 'node:path';
import fastifyStatic from '@fastify/static';
import type { FastifyReply, FastifyRequest } from 'fastify';
import type { App } from './app.ts';
import { notFoundHandler } from './error-handler.ts';

export async function registerWebApp(app: App, root: string): Promise<void> {
  if (!existsSync(join(root, 'index.html'))) throw new Error(`The web app is not built: ${root}/index.html is missing`);
  await app.register(fastifyStatic, {
    root,
    prefix: '/',
    preCompressed: true,
    index: false,
    setHeaders: (res, path) => {
      res.header(
        'cache-control',
        path.includes('/assets/') ? 'public, max-age=31536000, immutable' : 'no-cache',
      );
    },
  });
  const sendIndex = (_req: FastifyRequest, reply: FastifyReply) =>
    reply.header('cache-control', 'no-cache').sendFile('index.html');
  // The static wildcard refuses the root folder itself (index: false), so / is its own route.
  app.get('/', { schema: { hide: true } }, sendIndex);
  app.setNotFoundHandler((req: FastifyRequest, reply: FastifyReply) => {
    const wantsPage = (req.method === 'GET' || req.method === 'HEAD') && !req.url.startsWith('/api');
    if (!wantsPage || req.url.startsWith('/assets/')) return notFoundHandler(req, reply);
    return sendIndex(req, reply);
  });
}
