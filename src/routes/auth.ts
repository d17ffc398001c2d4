import type { onRequestHookHandler } from 'fastify';
import type { Config } from '../config.js';
import { errors } from '../errors.js';
import type { Store } from '../store/store.js';

/** The token of an `Authorization: Bearer <token>` header (`Token <token>` too), or null when absent or blank. */
export function bearerToken(header: string | undefined): string | null {
  if (!header) return null;
  const match = /^\s*(?:Bearer|Token)\s+(\S.*?)\s*$/i.exec(header);
  return match ? match[1]! : null;
}

/**
 * Resolves the caller: each token is its own tenant, unless MOCK_TOKENS maps tokens to named tenants
 * (then any other token is refused).
 */
export function authenticate(config: Config, store: Store): onRequestHookHandler {
  // A callback hook, not an async one: it runs on every API request and never waits.
  return (request, _reply, done) => {
    const token = bearerToken(request.headers.authorization);
    if (token === null) return done(errors.notAuthenticated());
    let tenant = token;
    if (config.tokens) {
      const named = config.tokens.get(token);
      if (named === undefined) return done(errors.invalidCredentials());
      tenant = named;
    }
    request.principal = store.principal(token, tenant);
    done();
  };
}
