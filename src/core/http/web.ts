import compress from '@fastify/compress';
import fastifyStatic from '@fastify/static';
import type { FastifyInstance } from 'fastify';
import fs from 'node:fs';
import path from 'node:path';
import { access } from './access';
import { AppError } from '../errors';

/** Where `vite build` puts the two shells. */
export const webRoot = path.resolve('dist/web');

/**
 * Serves the built web app: hashed assets cached for a year, HTML never cached, and every other
 * GET outside /api falling back to the shell it belongs to (/console/… → the console), so deep
 * links and reloads work. Without a build, the API still runs and / says how to build.
 */
export async function serveWeb(app: FastifyInstance): Promise<void> {
  await app.register(compress, { global: true, threshold: 1024, encodings: ['br', 'gzip', 'deflate'] });
  const built = fs.existsSync(path.join(webRoot, 'index.html'));
  if (built) {
    await app.register(fastifyStatic, {
      root: webRoot,
      wildcard: false,
      index: false,
      setHeaders(res, file) {
        res.header(
          'cache-control',
          file.includes(`${path.sep}assets${path.sep}`) ? 'public, max-age=31536000, immutable' : 'no-cache',
        );
      },
    });
  }
  app.get('/*', { config: { access: access.public() }, schema: { hide: true } }, async (req, reply) => {
    const url = req.url.split('?')[0] ?? '/';
    if (url.startsWith('/api/') || url.startsWith('/assets/'))
      throw new AppError(404, 'route_not_found', { method: req.method, url });
    if (!built)
      return reply
        .type('text/plain; charset=utf-8')
        .status(503)
        .send('The web app is not built yet: run `npm run build` (npm start does it for you).');
    const shell = url === '/console' || url.startsWith('/console/') ? 'console/index.html' : 'index.html';
    reply.header('cache-control', 'no-cache');
    return reply.sendFile(shell);
  });
}
