import { readFile } from 'node:fs/promises';
import { join } from 'node:path';
import { Writable } from 'node:stream';
import { afterEach, describe, expect, it } from 'vitest';
import { buildUi } from '../scripts/build-ui.js';
import { buildApp } from '../src/app.js';
import { takeAdminTokenFromUrl } from '../src/mock/admin-token.js';
import { UI_DIST } from '../src/mock/ui.js';
import { createTestApp, T0, type TestApp } from './helpers.js';
import { SseClient } from './sse.js';

const TOKEN = 's3cret';
const REFUSED = { detail: 'The mock control surface requires the admin token.' };

const apps: TestApp[] = [];
const streams: SseClient[] = [];
async function app(adminToken: string | null = TOKEN): Promise<TestApp> {
  const t = await createTestApp({ adminToken: adminToken ?? undefined });
  apps.push(t);
  return t;
}
afterEach(async () => {
  for (const stream of streams.splice(0)) stream.close();
  while (apps.length > 0) await apps.pop()!.close();
});

const bearer = (token: string) => ({ authorization: `Bearer ${token}` });

describe('MOCK_ADMIN_TOKEN and the dashboard', () => {
  it('serves the dashboard page and its assets without the token: they hold no data', async () => {
    const t = await app();
    for (const url of ['/_mock/ui', '/_mock/ui/', '/_mock/ui/dashboard.js', '/_mock/ui/dashboard.css']) {
      const res = await t.app.inject({ method: 'GET', url });
      // 200 once `npm run build` made the page, 503 "not built" before: either way the route answered.
      expect([200, 503], url).toContain(res.statusCode);
      if (res.statusCode === 503) expect(res.body).toContain('The dashboard is not built');
    }
    for (const name of ['state.json', 'constructor', 'toString', '__proto__', 'Dashboard.js', 'INDEX.HTML']) {
      const unknown = await t.app.inject({ method: 'GET', url: `/_mock/ui/${name}` });
      expect(unknown.statusCode, name).toBe(404);
    }
    for (const method of ['GET', 'HEAD'] as const) {
      expect((await t.app.inject({ method, url: '/_mock/health' })).statusCode, method).toBe(200);
    }
  });

  it('serves each asset with its type, no caching, a policy of its own origin only, and no sniffing', async () => {
    await buildUi();
    const t = await app();
    const types = {
      '/_mock/ui': 'text/html; charset=utf-8',
      '/_mock/ui/dashboard.js': 'text/javascript; charset=utf-8',
      '/_mock/ui/dashboard.js.map': 'application/json; charset=utf-8',
      '/_mock/ui/dashboard.css': 'text/css; charset=utf-8',
    };
    for (const [url, type] of Object.entries(types)) {
      for (const method of ['GET', 'HEAD'] as const) {
        const res = await t.app.inject({ method, url });
        expect([res.statusCode, res.headers], `${method} ${url}`).toMatchObject([
          200,
          {
            'content-type': type,
            'cache-control': 'no-cache',
            'content-security-policy':
              "default-src 'self'; img-src 'self' data:; base-uri 'none'; form-action 'none'; frame-ancestors 'none'",
            'x-content-type-options': 'nosniff',
          },
        ]);
      }
    }
    expect((await t.app.inject({ method: 'GET', url: '/_mock/ui' })).body).toMatch(/^<!doctype html>/i);
    // Each asset is its own built file, byte for byte (the page by its name too).
    for (const name of ['index.html', 'dashboard.js', 'dashboard.js.map', 'dashboard.css']) {
      const res = await t.app.inject({ method: 'GET', url: `/_mock/ui/${name}` });
      expect(res.rawPayload.equals(await readFile(join(UI_DIST, name))), name).toBe(true);
    }
    const unknown = await t.app.inject({ method: 'GET', url: '/_mock/ui/favicon.ico' });
    expect(unknown.statusCode).toBe(404);
    expect(unknown.json()).toMatchObject({ detail: expect.any(String) });
    // A page, not an operation of the API: the document leaves it out.
    const paths = Object.keys((await t.app.inject({ method: 'GET', url: '/openapi.json' })).json().paths);
    expect(paths.filter((path) => path.startsWith('/_mock/ui'))).toEqual([]);
  });

  it('exempts only those routes: look-alike paths and paths through them still need the token', async () => {
    const t = await app();
    for (const url of [
      '/_mock/healthX',
      '/_mock/uiX/dashboard.js',
      '/_mock/ui/../clock',
      '/_mock/health/../state',
      '/_mock/clock?x=/_mock/ui',
    ]) {
      const res = await t.app.inject({ method: 'GET', url });
      expect(res.statusCode, url).not.toBe(200);
      expect(res.body, url).not.toContain('"mode"');
      expect(res.body, url).not.toContain('"tenants"');
    }
    const traversal = await t.app.inject({ method: 'GET', url: '/_mock/ui/../clock' });
    expect(traversal.statusCode).toBe(401);
    expect(traversal.json()).toEqual(REFUSED);
  });

  it('takes the token as a Bearer header or as ?adminToken=, and refuses a wrong or missing one', async () => {
    const t = await app();
    for (const [method, path] of [
      ['GET', '/_mock/clock'],
      ['GET', '/_mock/tenants'],
      ['GET', '/_mock/faults'],
      ['GET', '/_mock/requests'],
      ['POST', '/_mock/reset'],
    ] as const) {
      const label = `${method} ${path}`;
      expect((await t.app.inject({ method, url: path, headers: bearer(TOKEN) })).statusCode, label).toBe(200);
      expect((await t.app.inject({ method, url: `${path}?adminToken=${TOKEN}` })).statusCode, label).toBe(
        200,
      );
      for (const refused of [
        { url: path },
        { url: `${path}?adminToken=s3cre` },
        { url: `${path}?adminToken=s3cret-and-more` },
        { url: `${path}?adminToken=` },
        // Compared as sent: no trimming.
        { url: `${path}?adminToken=%20${TOKEN}` },
        { url: `${path}?admintoken=${TOKEN}` },
        { url: path, headers: bearer('s3cre') },
        { url: path, headers: { 'x-admin-token': TOKEN } },
      ]) {
        const res = await t.app.inject({ method, ...refused });
        expect(res.statusCode, `${label} ${JSON.stringify(refused)}`).toBe(401);
        expect(res.json()).toEqual(REFUSED);
      }
    }
    // Either form is enough: a wrong header does not spoil a right query parameter.
    const both = await t.app.inject({
      method: 'GET',
      url: `/_mock/clock?adminToken=${TOKEN}`,
      headers: bearer('wrong'),
    });
    expect(both.statusCode).toBe(200);
    // A token with characters that need encoding.
    const odd = await app('p@ss word&=/é');
    const encoded = await odd.app.inject({
      method: 'GET',
      url: `/_mock/clock?adminToken=${encodeURIComponent('p@ss word&=/é')}`,
    });
    expect(encoded.statusCode).toBe(200);
    // As a form encodes it (URLSearchParams: a space is a plus), and with a % that escapes nothing.
    const form = await odd.app.inject({
      method: 'GET',
      url: `/_mock/clock?${new URLSearchParams({ adminToken: 'p@ss word&=/é' })}`,
    });
    expect(form.statusCode).toBe(200);
    const percent = await app('100%');
    expect(
      (await percent.app.inject({ method: 'GET', url: '/_mock/clock?adminToken=100%' })).statusCode,
    ).toBe(200);
  });

  it('keeps the query parameter out of the routes’ querystrings, the journal and the logs', async () => {
    const t = await app();
    const client = t.client('tenant-a');
    expect((await client.get('workloads')).status).toBe(200);
    expect((await t.client('tenant-b').get('workloads')).status).toBe(200);

    const reset = await t.app.inject({
      method: 'POST',
      url: `/_mock/reset?adminToken=${TOKEN}&tenant=tenant-a`,
    });
    expect(reset.statusCode).toBe(200);
    expect(reset.json()).toEqual({ reset: 'tenant-a' });
    const tenants = await t.app.inject({ method: 'GET', url: `/_mock/tenants?adminToken=${TOKEN}` });
    expect(tenants.json().data.map((tenant: { name: string }) => tenant.name)).toEqual(['tenant-b']);

    // Journal filters still apply, and what it recorded carries no token.
    const journal = await t.app.inject({
      method: 'GET',
      url: `/_mock/requests?method=POST&adminToken=${TOKEN}&limit=5`,
    });
    expect(journal.statusCode).toBe(200);
    expect(journal.json().data).toEqual([
      expect.objectContaining({
        method: 'POST',
        path: '/_mock/reset',
        query: 'tenant=tenant-a',
        status: 200,
      }),
    ]);
    const all = await t.app.inject({
      method: 'GET',
      url: '/_mock/requests?limit=1000',
      headers: bearer(TOKEN),
    });
    expect(JSON.stringify(all.json())).not.toContain(TOKEN);

    // A bad filter is still a 422 about that filter, not about the token.
    const bad = await t.app.inject({ method: 'GET', url: `/_mock/requests?adminToken=${TOKEN}&limit=0` });
    expect(bad.statusCode).toBe(422);
    expect(bad.json().detail.map((item: { loc: string[] }) => item.loc)).toEqual([['query', 'limit']]);

    // A path spelled with percent-escapes reaches the same routes: the token is taken out all the same.
    const escaped = await t.app.inject({ method: 'GET', url: `/%5Fmock/clock?adminToken=${TOKEN}` });
    expect(escaped.statusCode).toBe(200);
    const recorded = await t.app.inject({
      method: 'GET',
      url: '/_mock/requests?limit=1000',
      headers: bearer(TOKEN),
    });
    expect(JSON.stringify(recorded.json())).not.toContain(TOKEN);

    // Nor when the path is mistyped, as a base URL ending in a slash does: a 404 that keeps it out.
    const mistyped = await t.app.inject({ method: 'GET', url: `//_mock/clock?adminToken=${TOKEN}` });
    expect(mistyped.statusCode).toBe(404);
    const afterMistyped = await t.app.inject({
      method: 'GET',
      url: '/_mock/requests?limit=1000',
      headers: bearer(TOKEN),
    });
    expect(afterMistyped.json().data[0]).toMatchObject({ path: '//_mock/clock', status: 404 });
    expect(JSON.stringify(afterMistyped.json())).not.toContain(TOKEN);
    // The API's routes keep it, as any other parameter: /events refuses those it does not know.
    const events = await t.app.inject({
      method: 'GET',
      url: '/api/v2/workloads/nope/events?adminToken=x',
      headers: bearer('tenant-a'),
    });
    expect(events.statusCode).toBe(422);
    expect(events.json().detail).toMatchObject([{ loc: ['query', 'adminToken'], type: 'extra_forbidden' }]);

    // Without MOCK_ADMIN_TOKEN the parameter is dropped all the same.
    const open = await app(null);
    const openReset = await open.app.inject({
      method: 'POST',
      url: '/_mock/reset?tenant=x&adminToken=anything',
    });
    expect(openReset.json()).toEqual({ reset: 'x' });
  });

  it('keeps the token out of the request log', async () => {
    const lines: string[] = [];
    const stream = new Writable({
      write(chunk, _encoding, done) {
        lines.push(String(chunk));
        done();
      },
    });
    const logged = await buildApp({
      config: { adminToken: TOKEN, clock: { mode: 'manual', scale: 60, start: T0 } },
      logger: { stream },
    });
    try {
      const res = await logged.inject({ method: 'GET', url: `/_mock/clock?adminToken=${TOKEN}` });
      expect(res.statusCode).toBe(200);
    } finally {
      await logged.close();
    }
    const urls = lines.map((line) => JSON.parse(line)).flatMap((entry) => (entry.req ? [entry.req.url] : []));
    expect(urls).toEqual(['/_mock/clock']);
    expect(lines.join('')).not.toContain(TOKEN);
  });

  it('streams to a client that passes the token as ?adminToken= (a browser EventSource)', async () => {
    const t = await app();
    const url = await t.app.listen({ port: 0, host: '127.0.0.1' });
    const refused = await SseClient.open(`${url}/_mock/stream?adminToken=wrong`);
    streams.push(refused);
    expect(refused.statusCode).toBe(401);

    const stream = await SseClient.open(`${url}/_mock/stream?types=clock&adminToken=${TOKEN}`);
    streams.push(stream);
    expect(stream.statusCode).toBe(200);
    await stream.until((s) => s.messages.length > 0, 'the hello');
    t.advance(10);
    await stream.until((s) => s.of('clock').length > 0, 'a clock message');
    expect(stream.messages.map((m) => m.event)).toEqual(['hello', 'clock']);
    expect(stream.of('clock')[0]!.clock.now).toBe('2026-01-01T00:00:10.000+00:00');
  });
});

describe('the OpenAPI document', () => {
  it('documents the admin token on /_mock, as a header or as ?adminToken= (the stream needs it)', async () => {
    const t = await app(null);
    const document = (await t.app.inject({ method: 'GET', url: '/openapi.json' })).json();
    expect(document.components.securitySchemes.mockAdminQuery).toMatchObject({
      type: 'apiKey',
      in: 'query',
      name: 'adminToken',
    });
    expect(document.components.securitySchemes.mockAdminBearer).toMatchObject({
      type: 'http',
      scheme: 'bearer',
    });
    const optionalAdmin = [{}, { mockAdminBearer: [] }, { mockAdminQuery: [] }];
    expect(document.paths['/_mock/stream'].get.security).toEqual(optionalAdmin);
    expect(document.paths['/_mock/stream'].get.description).toContain('?adminToken=');
    expect(document.paths['/_mock/reset'].post.security).toEqual(optionalAdmin);
    expect(document.paths['/_mock/health'].get.security).toEqual([]);
    expect(document.paths['/api/v2/workloads'].get.security).toEqual([{ bearerAuth: [] }]);
  });
});

describe('takeAdminTokenFromUrl', () => {
  const rewrite = (url: string) => {
    const raw = { url } as Parameters<typeof takeAdminTokenFromUrl>[0];
    return takeAdminTokenFromUrl(raw, url);
  };

  it('removes every adminToken from /_mock URLs and keeps the other parameters as sent', () => {
    expect(rewrite('/_mock/stream?adminToken=a')).toBe('/_mock/stream');
    expect(rewrite('/_mock/stream?types=clock%2Cfault&adminToken=a&tenant=x+y')).toBe(
      '/_mock/stream?types=clock%2Cfault&tenant=x+y',
    );
    expect(rewrite('/_mock/stream?adminToken&adminToken=b&lastEventId=3')).toBe(
      '/_mock/stream?lastEventId=3',
    );
    expect(rewrite('/_mock/stream?admin%54oken=a&x=1')).toBe('/_mock/stream?x=1');
    expect(rewrite('/_mock?adminToken=a')).toBe('/_mock');
    expect(rewrite('/_mock/clock?adminToken')).toBe('/_mock/clock');
    // A question mark in a value is part of it: the query begins at the first.
    expect(rewrite('/_mock/requests?adminToken=a&path=/x?y')).toBe('/_mock/requests?path=/x?y');
    // The path as the router reads it, percent-decoded.
    expect(rewrite('/%5Fmock/clock?adminToken=a&x=1')).toBe('/%5Fmock/clock?x=1');
    expect(rewrite('/_%6dock?adminToken=a')).toBe('/_%6dock');
    // An encoded slash is a near miss too; a path that does not decode is read as sent.
    expect(rewrite('/_mock%2Fclock?adminToken=a')).toBe('/_mock%2Fclock');
    expect(rewrite('/_mock/%zz?adminToken=a&x=1')).toBe('/_mock/%zz?x=1');
    // A parameter name that does not decode is kept as sent.
    expect(rewrite('/_mock/clock?%zz=1&adminToken=a')).toBe('/_mock/clock?%zz=1');
  });

  it("takes it out of a mistyped /_mock path too, and leaves the API's URLs and the rest alone", () => {
    expect(rewrite('//_mock/clock?adminToken=a')).toBe('//_mock/clock');
    expect(rewrite('/_Mock//clock?adminToken=a&x=1')).toBe('/_Mock//clock?x=1');
    expect(rewrite('/_mock/clock')).toBe('/_mock/clock');
    expect(rewrite('/_mock/clock?tenant=a')).toBe('/_mock/clock?tenant=a');
    expect(rewrite('/api/v2/workloads?adminToken=a')).toBe('/api/v2/workloads?adminToken=a');
    expect(rewrite('/_mockery?adminToken=a')).toBe('/_mockery?adminToken=a');
  });
});
