import { readFile } from 'node:fs/promises';
import { join } from 'node:path';
import type { FastifyPluginAsync } from 'fastify';
import { errors } from '../errors.js';
import { packageRoot } from '../package-root.js';

/** Where `npm run build` (scripts/build-ui.ts) puts the page. */
export const UI_DIST = join(packageRoot(), 'dist', 'ui');

/** The page's files and their types: a Map, so that a name such as `constructor` is no asset. */
const ASSETS = new Map([
  ['index.html', 'text/html; charset=utf-8'],
  ['dashboard.js', 'text/javascript; charset=utf-8'],
  ['dashboard.js.map', 'application/json; charset=utf-8'],
  ['dashboard.css', 'text/css; charset=utf-8'],
]);

/** Everything the page loads comes from this server: it works offline, and nothing else may run. */
const CONTENT_SECURITY_POLICY = [
  "default-src 'self'",
  "img-src 'self' data:",
  "base-uri 'none'",
  "form-action 'none'",
  "frame-ancestors 'none'",
].join('; ');

/** GET /_mock/ui: the live dashboard, a static page built by `npm run build`. */
export const uiRoutes: FastifyPluginAsync = async (app) => {
  const serve = async (name: string, reply: import('fastify').FastifyReply) => {
    const type = ASSETS.get(name);
    if (!type) throw errors.routeNotFound();
    let body: Buffer;
    try {
      body = await readFile(join(UI_DIST, name));
    } catch {
      return reply
        .code(503)
        .type('text/plain; charset=utf-8')
        .send(`The dashboard is not built (no ${join(UI_DIST, name)}): run npm run build.\n`);
    }
    return reply
      .type(type)
      .header('cache-control', 'no-cache')
      .header('content-security-policy', CONTENT_SECURITY_POLICY)
      .header('x-content-type-options', 'nosniff')
      .send(body);
  };

  // The page and its assets hold no data: they load without the admin token, then ask for it.
  // Pages answer HEAD too (only the API's operations do not, as in FastAPI).
  const options = { schema: { hide: true }, config: { adminTokenExempt: true } };
  app.route({
    ...options,
    method: ['GET', 'HEAD'],
    url: '/ui',
    handler: (_request, reply) => serve('index.html', reply),
  });
  app.route<{ Params: { asset: string } }>({
    ...options,
    method: ['GET', 'HEAD'],
    url: '/ui/:asset',
    handler: (request, reply) => serve(request.params.asset, reply),
  });
};
