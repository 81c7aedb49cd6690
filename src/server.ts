import Fastify, { type FastifyInstance } from 'fastify';
import type { TypeBoxTypeProvider } from '@fastify/type-provider-typebox';
import cookie from '@fastify/cookie';
import helmet from '@fastify/helmet';
import swagger from '@fastify/swagger';
import swaggerUi from '@fastify/swagger-ui';
import { schemaCompilers } from './core/http/compilers';
import ajvFormatsModule from 'ajv-formats';
import { sql } from 'kysely';
import { randomUUID } from 'node:crypto';
import type { Config } from './core/config';
import type { Deps } from './core/deps';
import { guard } from './core/http/guard';
import { clientErrors, frameworkErrors, installErrorHandling } from './core/http/errors';
import { serveWeb } from './core/http/web';
import { eventStreams } from './core/http/sse';
import { access } from './core/http/access';
import { ErrorBody } from './core/http/schemas';
import { modules } from './modules';

// ajv-formats is CommonJS; its default export arrives wrapped under ESM.
const ajvFormats = (ajvFormatsModule as unknown as { default?: unknown }).default ?? ajvFormatsModule;

export interface AppOptions {
  logger?: boolean;
  /** Compile each route's schemas on its first use instead of at startup (tests, one-off commands). */
  lazySchemas?: boolean;
}

export async function buildApp(deps: Deps, options: AppOptions = {}): Promise<FastifyInstance> {
  const { config } = deps;
  const app = Fastify({
    logger: options.logger === false ? false : { level: config.logLevel },
    genReqId: (req) => {
      const given = req.headers['x-request-id'];
      return typeof given === 'string' && /^[\w-]{1,64}$/.test(given) ? given : randomUUID();
    },
    trustProxy: config.trustProxy,
    bodyLimit: 1024 * 1024,
    frameworkErrors: frameworkErrors(config.defaultLocale),
    clientErrorHandler: clientErrors(config.defaultLocale),
    ajv: {
      customOptions: {
        removeAdditional: false,
        coerceTypes: 'array',
        useDefaults: true,
        allErrors: true,
        allowUnionTypes: true,
      },
      plugins: [ajvFormats as never],
    },
    schemaController: { compilersFactory: schemaCompilers(options.lazySchemas ?? false) },
  }).withTypeProvider<TypeBoxTypeProvider>();

  app.decorate('deps', deps);
  // The id a person can quote to support; the same one is in the logs and in 500 messages.
  app.addHook('onSend', async (req, reply) => {
    reply.header('x-request-id', req.id);
  });
  await app.register(cookie);
  await app.register(helmet, {
    contentSecurityPolicy: { directives: { 'img-src': ["'self'", 'data:'] } },
  });
  app.addSchema(ErrorBody);
  await app.register(swagger, {
    openapi: {
      info: {
        title: 'Gongzhi 共治 API',
        version: '1',
        description:
          'Co-governance for residential communities. Every failure answers {"error": {"code", "message", "details"?}}; ' +
          'state-changing calls need the x-csrf-token header from /api/v1/auth/me.',
      },
      components: { securitySchemes: { session: { type: 'apiKey', in: 'cookie', name: 'gz_sid' } } },
    },
  });
  await app.register(swaggerUi, {
    routePrefix: '/api/docs',
    staticCSP: true,
    uiConfig: { docExpansion: 'list' },
  });
  await app.register(guard);
  await app.register(eventStreams);
  // A POST whose fields are all optional may come with no body at all (curl -X POST …/end): treat
  // it as {} so the schema, not the absence, decides.
  app.addHook('preValidation', async (req) => {
    if (req.body === undefined && req.routeOptions.schema?.body) req.body = {};
  });
  installErrorHandling(app);

  app.get('/api/openapi.json', { config: { access: access.public() }, schema: { hide: true } }, () =>
    app.swagger(),
  );
  app.get('/healthz', { config: { access: access.public() }, schema: { hide: true } }, () => ({
    status: 'ok',
  }));
  app.get('/readyz', { config: { access: access.public() }, schema: { hide: true } }, async (_req, reply) => {
    try {
      await sql`select 1`.execute(deps.db);
      return { status: 'ready' };
    } catch {
      return reply.status(503).send({ status: 'unavailable' });
    }
  });

  for (const mod of modules) await app.register(mod, { prefix: '/api/v1' });
  await serveWeb(app);
  return app;
}

export type { Config };
