import type { FastifyInstance } from 'fastify';

interface PathPattern {
  matches: RegExp;
  methods: Set<string>;
}

function toRegExp(url: string): RegExp {
  const pattern = url
    .replace(/\/+$/, '')
    .split('/')
    .map((segment) => {
      if (segment.startsWith(':')) return '[^/]+';
      if (segment === '*') return '.*';
      return segment.replace(/[.*+?^${}()|[\]\\]/g, '\\$&');
    })
    .join('/');
  return new RegExp(`^${pattern}/?$`);
}

/**
 * Which methods the app answers on a path: a request that matches a route's path but none of its
 * methods is FastAPI's 405, not a 404. Patterns are collected as routes are added and compiled on
 * the first request that needs them.
 */
export function trackAllowedMethods(app: FastifyInstance): (path: string) => string[] {
  const routes = new Map<string, Set<string>>();
  app.addHook('onRoute', (route) => {
    const methods = routes.get(route.url) ?? new Set<string>();
    for (const method of [route.method].flat()) methods.add(method);
    routes.set(route.url, methods);
  });
  let patterns: PathPattern[] | null = null;
  return (path) => {
    patterns ??= [...routes].map(([url, methods]) => ({ matches: toRegExp(url), methods }));
    const allowed = new Set<string>();
    for (const pattern of patterns) {
      if (pattern.matches.test(path)) for (const method of pattern.methods) allowed.add(method);
    }
    return [...allowed];
  };
}
