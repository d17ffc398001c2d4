import { createHash, timingSafeEqual } from 'node:crypto';
import type { IncomingMessage } from 'node:http';
import type { FastifyInstance, onRequestAsyncHookHandler } from 'fastify';
import { errors } from '../errors.js';
import { bearerToken } from '../routes/auth.js';
import { ErrorResponse, withResponses } from '../schemas/common.js';

/** The query parameter that carries MOCK_ADMIN_TOKEN where a header cannot (a browser's EventSource). */
export const ADMIN_TOKEN_PARAM = 'adminToken';

const MOCK_PREFIX = '/_mock';

/** The adminToken each request carried in its URL, taken out before routing. */
const queryTokens = new WeakMap<IncomingMessage, string>();

function decodeQueryPart(part: string): string {
  try {
    return decodeURIComponent(part.replace(/\+/g, ' '));
  } catch {
    return part;
  }
}

function decodePath(path: string): string {
  try {
    return decodeURIComponent(path);
  } catch {
    return path;
  }
}

/**
 * Whether a path is /_mock's or a near miss of it: percent-decoded as the router reads it
 * (`/%5Fmock/clock` is /_mock/clock), and with the doubled slashes and capitals of a mistyped
 * base URL (`//_mock/clock`, a 404 that must not record the token either). The API's routes keep
 * the parameter: /events refuses it as any unknown one, and an endpoint echoes it.
 */
function isMockPath(path: string): boolean {
  const routed = decodePath(path)
    .replace(/\/{2,}/g, '/')
    .toLowerCase();
  return routed === MOCK_PREFIX || routed.startsWith(`${MOCK_PREFIX}/`);
}

/**
 * Part of Fastify's `rewriteUrl`: takes `adminToken` out of a /_mock URL (`url`, the request's
 * target as routing will read it) before routing, keeping the other parameters as sent. No
 * querystring schema, handler, log line or journal entry sees the secret; the guard reads it from
 * here, by the raw request.
 */
export function takeAdminTokenFromUrl(raw: IncomingMessage, url: string): string {
  const mark = url.indexOf('?');
  if (mark < 0) return url;
  const path = url.slice(0, mark);
  if (!isMockPath(path)) return url;
  let token: string | undefined;
  const kept = url
    .slice(mark + 1)
    .split('&')
    .filter((pair) => {
      const equals = pair.indexOf('=');
      if (decodeQueryPart(equals < 0 ? pair : pair.slice(0, equals)) !== ADMIN_TOKEN_PARAM) return true;
      token ??= equals < 0 ? '' : decodeQueryPart(pair.slice(equals + 1));
      return false;
    });
  if (token === undefined) return url;
  queryTokens.set(raw, token);
  return kept.length > 0 ? `${path}?${kept.join('&')}` : path;
}

function digest(text: string): Buffer {
  return createHash('sha256').update(text).digest();
}

/**
 * Requires MOCK_ADMIN_TOKEN on every route but those marked `adminTokenExempt`, as
 * `Authorization: Bearer <token>` or as `?adminToken=<token>`. Both sides are hashed first, so the
 * comparison is timing-safe and says nothing about the token's length either.
 */
export function adminTokenGuard(adminToken: string): onRequestAsyncHookHandler {
  const expected = digest(adminToken);
  const accepts = (given: string | null | undefined): boolean =>
    typeof given === 'string' && timingSafeEqual(digest(given), expected);
  return async (request) => {
    if (request.routeOptions.config.adminTokenExempt) return;
    if (accepts(bearerToken(request.headers.authorization)) || accepts(queryTokens.get(request.raw))) return;
    throw errors.adminTokenRequired();
  };
}

/**
 * The guard's 401, declared on every route it guards, whether MOCK_ADMIN_TOKEN is set or not: the
 * document's security already says the token may be required. This hook runs after
 * @fastify/swagger's (registered at the root) has seen the route; it still reaches the document
 * because swagger keeps the route's options object and reads its schema when the document is built
 * (test/openapi.test.ts checks the 401 is there).
 */
export function declareAdminTokenError(app: FastifyInstance): void {
  const required = ErrorResponse.describe('MOCK_ADMIN_TOKEN is set and the request does not carry it.');
  app.addHook('onRoute', (route) => {
    const schema = route.schema;
    if (route.config?.adminTokenExempt || schema?.response === undefined) return;
    route.schema = withResponses(schema, { 401: required });
  });
}
