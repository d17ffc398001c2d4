import { join, sep } from 'node:path';
import { afterEach, describe, expect, it, vi } from 'vitest';
import { UI_DIST } from '../src/mock/ui.js';
import { createTestApp, type TestApp } from './helpers.js';

// A server whose dashboard was never built: reading its files fails as on a fresh clone (the
// tests' own build of the page, in admin-token.test.ts, leaves them in dist/ui for good).
vi.mock('node:fs/promises', async (importOriginal) => {
  const fs = await importOriginal<typeof import('node:fs/promises')>();
  const unbuilt = `${sep}dist${sep}ui${sep}`;
  return {
    ...fs,
    readFile: ((...args: Parameters<typeof fs.readFile>) =>
      String(args[0]).includes(unbuilt)
        ? Promise.reject(Object.assign(new Error('ENOENT: no such file'), { code: 'ENOENT' }))
        : fs.readFile(...args)) as typeof fs.readFile,
  };
});

let t: TestApp;
afterEach(async () => t.close());

describe('the dashboard before `npm run build`', () => {
  it('answers 503 naming the missing file and `npm run build`', async () => {
    t = await createTestApp();
    for (const [url, name] of [
      ['/_mock/ui', 'index.html'],
      ['/_mock/ui/dashboard.js', 'dashboard.js'],
    ] as const) {
      const res = await t.app.inject({ method: 'GET', url });
      expect([res.statusCode, res.headers['content-type'], res.body], url).toEqual([
        503,
        'text/plain; charset=utf-8',
        `The dashboard is not built (no ${join(UI_DIST, name)}): run npm run build.\n`,
      ]);
    }
    // An asset it does not serve is still a 404, built or not.
    expect((await t.app.inject({ method: 'GET', url: '/_mock/ui/favicon.ico' })).statusCode).toBe(404);
  });
});
