// Builds the HTTP application: security headers, cookies, CSRF, rate limits, validation with
// zod, problem+json errors, OpenAPI, the API routes of every module and the web app.
import { randomUUID } from 'node:crypto';
import fastifyCookie from '@fastify/cookie';
import fastifyCsrf from '@fastify/csrf-protection';
import fastifyHelmet from '@fastify/helmet';
import fastifyRateLimit from '@fastify/rate-limit';
import fastifySwagger from '@fastify/swagger';
import Fastify, {
  type FastifyBaseLogger,
  type FastifyInstance,
  type FastifyServerOptions,
  type RawReplyDefaultExpression,
  type RawRequestDefaultExpression,
  type RawServerDefault,
} from 'fastify';
import {
  jsonSchemaTransform,
  serializerCompiler,
  validatorCompiler,
  type ZodTypeProvider,
} from 'fastify-type-provider-zod';
import type { Config } from '../../config.ts';
import type { AppDatabase } from '../../db.ts';
import { DomainError } from './errors.ts';
import { clientErrorHandler, errorHandler, notFoundHandler } from './error-handler.ts';
import { lifecycleHooks, type Lifecycle } from './lifecycle.ts';
import { createScopes, type Authenticator } from './scope.ts';
import { registerWebApp } from './web.ts';

export type App = FastifyInstance<
  RawServerDefault,
  RawRequestDefaultExpression,
  RawReplyDefaultExpression,
  FastifyBaseLogger,
  ZodTypeProvider
>;

export type AppDeps = {
  config: Config;
  db: AppDatabase;
  /** The cookie-signing secret in force (from the configuration, or generated in demo mode). */
  secret: string;
  version: string;
  authenticate: Authenticator;
  /** Serving, draining or closing: readiness and the answers while shutting down follow it. */
  lifecycle: Lifecycle;
  /** Registers a module's routes; called in order. */
  modules: Array<(app: App) => void>;
  /** Folder of the built web app; when absent only the API is served. */
  webRoot?: string;
  logger?: FastifyServerOptions['logger'];
};

const UNSAFE_METHODS = new Set(['POST', 'PUT', 'PATCH', 'DELETE']);

export type ApiRoute = { method: string; url: string };

declare module 'fastify' {
  interface FastifyInstance {
    /** Every API endpoint, as registered: the authorisation and OpenAPI tests walk this list. */
    apiRoutes: ApiRoute[];
  }
}

export async function buildApp(deps: AppDeps): Promise<App> {
  const { config, db } = deps;
  const app = Fastify({
    logger: deps.logger ?? false,
    bodyLimit: config.bodyLimit,
    trustProxy: config.trustProxy,
    genReqId: () => randomUUID(),
    requestIdHeader: false,
    // Requests arriving while closing get a problem document with Retry-After (lifecycle.ts).
    return503OnClosing: false,
    routerOptions: { ignoreTrailingSlash: true, maxParamLength: 200 },
    // Fastify's own errors (a URL that does not decode, a parameter too long) and the HTTP
    // parser's are problem documents like every other error.
    frameworkErrors: (error, req, reply) => errorHandler(error, req, reply),
    clientErrorHandler,
  }).withTypeProvider<ZodTypeProvider>() as unknown as App;

  app.setValidatorCompiler(validatorCompiler);
  app.setSerializerCompiler(serializerCompiler);
  app.setErrorHandler(errorHandler);
  lifecycleHooks(app, deps.lifecycle);

  const apiRoutes: ApiRoute[] = [];
  app.decorate('apiRoutes', apiRoutes);
  app.addHook('onRoute', (route) => {
    if (!route.url.startsWith('/api/')) return;
    for (const method of [route.method].flat()) if (method !== 'HEAD') apiRoutes.push({ method, url: route.url });
  });

  app.addHook('onRequest', async (req, reply) => {
    reply.header('x-request-id', req.id);
  });
  app.addHook('onSend', async (req, reply, payload) => {
    // Responses of the API can hold personal data: never cached by browsers or proxies.
    if (req.url.startsWith('/api/') && !reply.hasHeader('cache-control')) reply.header('cache-control', 'no-store');
    return payload;
  });

  await app.register(fastifyHelmet, {
    contentSecurityPolicy: {
      useDefaults: false,
      directives: {
        defaultSrc: ["'self'"],
        scriptSrc: ["'self'"],
        styleSrc: ["'self'"],
        imgSrc: ["'self'", 'data:', 'blob:'],
        fontSrc: ["'self'"],
        connectSrc: ["'self'"],
        objectSrc: ["'none'"],
        baseUri: ["'none'"],
        formAction: ["'self'"],
        frameAncestors: ["'none'"],
        ...(config.secureCookies ? { upgradeInsecureRequests: [] } : {}),
      },
    },
    strictTransportSecurity: config.secureCookies ? { maxAge: 31536000, includeSubDomains: true } : false,
    referrerPolicy: { policy: 'no-referrer' },
    crossOriginEmbedderPolicy: false,
  });
  app.addHook('onRequest', async (_req, reply) => {
    reply.header('permissions-policy', 'camera=(), microphone=(), geolocation=(), payment=(), usb=()');
  });

  await app.register(fastifyCookie, { secret: deps.secret, hook: 'onRequest' });
  await app.register(fastifyCsrf, {
    cookieKey: 'tandem_csrf',
    cookieOpts: { path: '/', httpOnly: true, sameSite: 'strict', secure: config.secureCookies, signed: true },
    getToken: (req) => {
      const header = req.headers['x-csrf-token'];
      return typeof header === 'string' ? header : undefined;
    },
  });
  // Every state-changing API call carries the token from GET /api/auth/csrf (sign-in included).
  app.addHook('onRequest', (req, reply, done) => {
    if (UNSAFE_METHODS.has(req.method) && req.url.startsWith('/api/')) {
      app.csrfProtection(req, reply, done);
    } else {
      done();
    }
  });

  await app.register(fastifyRateLimit, {
    global: true,
    max: config.rateLimitPerMinute,
    timeWindow: 60_000,
    errorResponseBuilder: () => new DomainError('rate_limited'),
  });

  await app.register(fastifySwagger, {
    openapi: {
      openapi: '3.1.0',
      info: {
        title: 'Tandem API',
        version: deps.version,
        description:
          'Multi-agency coordination for prevention, rehabilitation and reintegration. ' +
          'Errors are application/problem+json with a stable `code`. A refusal naming fields lists them in ' +
          '`errors`: `{ path, code, params?, message }`, where `code` is a stable field code (e.g. `required`, ' +
          '`too_short` with `params.min`, `invalid_format` with `params.format`, `order`, `consent_missing` with ' +
          '`params.category`) to translate, and `message` an English sentence. State-changing requests need ' +
          'the `x-csrf-token` header from GET /api/auth/csrf.',
      },
      components: {
        securitySchemes: { session: { type: 'apiKey', in: 'cookie', name: 'tandem_session' } },
      },
    },
    transform: jsonSchemaTransform,
  });

  const { authenticate } = deps;
  app.decorateRequest('scope', {
    getter() {
      return createScopes(db, authenticate, this);
    },
  });

  app.get('/api/openapi.json', { schema: { tags: ['meta'], summary: 'This API description (OpenAPI 3.1)' } }, async () =>
    app.swagger(),
  );

  for (const register of deps.modules) register(app);

  if (deps.webRoot) {
    await registerWebApp(app, deps.webRoot);
  } else {
    app.setNotFoundHandler(notFoundHandler);
  }
  return app;
}
