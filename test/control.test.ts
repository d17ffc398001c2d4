import Fastify from 'fastify';
import { afterEach, describe, expect, it } from 'vitest';
import {
  installRequestJournal,
  JOURNAL_BODY_LIMIT,
  type JournalEntry,
  RequestJournal,
} from '../src/mock/journal.js';
import { Clock, WORK_BUDGET_MS } from '../src/sim/clock.js';
import { createArtifact, serviceArtifact } from './fixtures.js';
import { createTestApp, type TestApp } from './helpers.js';

const apps: TestApp[] = [];
async function app(config: Parameters<typeof createTestApp>[0] = {}): Promise<TestApp> {
  const t = await createTestApp(config);
  apps.push(t);
  return t;
}
afterEach(async () => {
  while (apps.length > 0) await apps.pop()!.close();
});

async function journal(t: TestApp, query = '', headers: Record<string, string> = {}) {
  const res = await t.app.inject({ method: 'GET', url: `/_mock/requests${query}`, headers });
  expect(res.statusCode).toBe(200);
  return res.json();
}

describe('the request journal (GET /_mock/requests)', () => {
  it('records method, path, status, tenant and both bodies, newest first, and leaves out its own reads', async () => {
    const t = await app();
    const a = t.client('tenant-a');
    const artifactId = await createArtifact(a, serviceArtifact(), false);
    await t.client('tenant-b').get(`artifacts/${artifactId}?x=1`);
    await t.client(null).get('workloads');
    await t.app.inject({ method: 'GET', url: '/_mock/health' });
    await journal(t);

    const list = await journal(t);
    expect(list).toMatchObject({ count: 3, totalCount: 3, capacity: 1000, recorded: 3 });
    expect(list.data.map((e: any) => [e.id, e.method, e.path, e.status, e.tenant])).toEqual([
      [3, 'GET', '/api/v2/workloads', 401, null],
      [2, 'GET', `/api/v2/artifacts/${artifactId}`, 404, 'tenant-b'],
      [1, 'POST', '/api/v2/artifacts', 201, 'tenant-a'],
    ]);
    const [unauthenticated, missing, created] = list.data;
    expect(unauthenticated.responseBody).toEqual({ detail: 'Not authenticated' });
    expect(missing).toMatchObject({ query: 'x=1', route: '/api/v2/artifacts/:artifact_id' });
    expect(created.requestBody).toEqual(serviceArtifact());
    expect(created.responseBody).toMatchObject({ id: artifactId, status: 'draft' });
    expect(created.timestamp).toBe('2026-01-01T00:00:00.000+00:00');
    expect(created.durationMs).toBeGreaterThanOrEqual(0);
    // Milliseconds to the microsecond, not the timer's every digit.
    expect(String(created.durationMs)).toMatch(/^\d+(\.\d{1,3})?$/);

    // A request no route answered has no route pattern.
    await t.client(null).get('/nowhere');
    const [unrouted] = (await journal(t)).data;
    expect(unrouted).toMatchObject({ path: '/nowhere', route: null, status: 404 });
  });

  it('filters by method, path (prefix or glob), status (code or class) and tenant', async () => {
    const t = await app();
    const a = t.client('tenant-a');
    const b = t.client('tenant-b');
    const artifactId = await createArtifact(a, serviceArtifact(), false);
    await a.get(`artifacts/${artifactId}`);
    await b.get(`artifacts/${artifactId}`);
    await b.get('workloads/nope');
    await t.app.inject({ method: 'POST', url: '/_mock/clock/advance', payload: { seconds: 1 } });

    const paths = async (query: string) =>
      (await journal(t, query)).data.map((e: any) => `${e.method} ${e.path}`);
    expect(await paths('?method=post')).toEqual(['POST /_mock/clock/advance', 'POST /api/v2/artifacts']);
    expect(await paths('?path=/api/v2/workloads')).toEqual(['GET /api/v2/workloads/nope']);
    expect(await paths(`?path=/api/v2/*/${artifactId}`)).toEqual([
      `GET /api/v2/artifacts/${artifactId}`,
      `GET /api/v2/artifacts/${artifactId}`,
    ]);
    // `?` (sent as %3F) makes a glob too: any one character, the whole path matched.
    expect(await paths('?path=/api/v2/workloads/nop%3F')).toEqual(['GET /api/v2/workloads/nope']);
    expect(await paths('?status=4xx')).toEqual([
      'GET /api/v2/workloads/nope',
      `GET /api/v2/artifacts/${artifactId}`,
    ]);
    expect(await paths('?status=201')).toEqual(['POST /api/v2/artifacts']);
    expect(await paths('?tenant=tenant-a&method=GET')).toEqual([`GET /api/v2/artifacts/${artifactId}`]);
    expect(await paths('?limit=2&offset=1')).toEqual([
      'GET /api/v2/workloads/nope',
      `GET /api/v2/artifacts/${artifactId}`,
    ]);
    const bad = await t.app.inject({ method: 'GET', url: '/_mock/requests?status=abc' });
    expect(bad.statusCode).toBe(422);
    expect(bad.json().detail[0].loc).toEqual(['query', 'status']);
    // A class in capitals is a class; a status is three digits or a class 1xx to 5xx, nothing else.
    expect(await paths('?status=4XX')).toEqual(await paths('?status=4xx'));
    // Nor is a filter given empty taken for no filter, or for one nothing matches; a page holds 1
    // to 1000 entries.
    const refusals = ['status=40', 'status=6xx', 'status=x404', 'status=4044', 'method=', 'tenant='];
    for (const query of [...refusals, 'limit=0', 'limit=1001']) {
      const refused = await t.app.inject({ method: 'GET', url: `/_mock/requests?${query}` });
      expect(refused.statusCode, query).toBe(422);
    }
  });

  it('answers 100 entries when no limit is given', async () => {
    const t = await app();
    const api = t.client('tenant-a');
    for (let i = 0; i < 101; i++) await api.get('workloads');
    expect(await journal(t)).toMatchObject({ count: 100, totalCount: 101, recorded: 101 });
  });

  it('counts only the matches in totalCount, whatever the page', async () => {
    const t = await app();
    const a = t.client('tenant-a');
    await a.get('workloads');
    await a.get('workloads/nope');
    await a.get('workloads/nope-either');
    expect(await journal(t, '?status=404&limit=1')).toMatchObject({ count: 1, totalCount: 2, recorded: 3 });
    expect(await journal(t, '?method=POST')).toMatchObject({ count: 0, totalCount: 0, recorded: 3 });
  });

  it("leaves out the Swagger UI's pages as it does health polls", async () => {
    const t = await app();
    await t.app.inject({ method: 'GET', url: '/docs' });
    await t.app.inject({ method: 'GET', url: '/docs/json' });
    await t.app.inject({ method: 'GET', url: '/_mock/health' });
    expect(await journal(t)).toMatchObject({ totalCount: 0, recorded: 0, data: [] });
  });

  it('leaves out its own reads spelt with a trailing slash, which the route answers too', async () => {
    const t = await app();
    const read = await t.app.inject({ method: 'GET', url: '/_mock/requests/?limit=1' });
    expect(read.statusCode).toBe(200);
    expect(await journal(t)).toMatchObject({ totalCount: 0, recorded: 0, data: [] });
  });

  it("keeps a query's own question marks in its query, and matches a glob against the path alone", async () => {
    const t = await app();
    await t.client().get('artifacts?name=a?b');
    expect((await journal(t)).data[0]).toMatchObject({ path: '/api/v2/artifacts', query: 'name=a?b' });
    expect(await journal(t, '?path=*/artifacts')).toMatchObject({ totalCount: 1 });
  });

  it('keeps a body of exactly 8 KiB, and the text of bytes answered as a +json type; a 204 has no body', async () => {
    const clock = new Clock({ mode: 'manual', scale: 1, start: 0 });
    const bare = Fastify().decorateRequest('bodyText', null).decorateRequest('bodyBytes', 0);
    installRequestJournal(bare, clock, 10);
    bare.get('/at-limit', (_request, reply) => reply.type('text/plain').send('x'.repeat(JOURNAL_BODY_LIMIT)));
    bare.get('/over-limit', (_request, reply) =>
      reply.type('text/plain').send('x'.repeat(JOURNAL_BODY_LIMIT + 1)),
    );
    bare.get('/problem', (_request, reply) =>
      reply.type('application/problem+json').send(Buffer.from('{"title":"nope"}')),
    );
    bare.get('/bytes-at-limit', (_request, reply) =>
      reply.type('text/plain').send(Buffer.from('y'.repeat(JOURNAL_BODY_LIMIT))),
    );
    try {
      for (const url of ['/at-limit', '/over-limit', '/problem', '/bytes-at-limit'])
        await bare.inject({ method: 'GET', url });
      const [bytesAtLimit, problem, over, atLimit] = bare.journal.entries();
      expect(atLimit).toMatchObject({
        responseBody: 'x'.repeat(JOURNAL_BODY_LIMIT),
        responseBytes: JOURNAL_BODY_LIMIT,
      });
      expect(over).toMatchObject({ responseBody: null, responseBytes: JOURNAL_BODY_LIMIT + 1 });
      expect(problem).toMatchObject({ responseBody: '{"title":"nope"}', responseBytes: 16 });
      expect(bytesAtLimit).toMatchObject({
        responseBody: 'y'.repeat(JOURNAL_BODY_LIMIT),
        responseBytes: JOURNAL_BODY_LIMIT,
      });
    } finally {
      clock.stop();
      await bare.close();
    }
    // An answer without a body (204) shows none.
    const t = await app();
    expect((await t.app.inject({ method: 'DELETE', url: '/_mock/faults' })).statusCode).toBe(204);
    const [deleted] = (await journal(t)).data;
    expect(deleted).toMatchObject({ method: 'DELETE', status: 204, responseBody: null, responseBytes: 0 });
  });

  it('keeps large bodies out, with their size', async () => {
    const t = await app();
    const a = t.client('tenant-a');
    const description = 'x'.repeat(10_000);
    await a.post('artifacts', serviceArtifact({ description }));
    const [entry] = (await journal(t)).data;
    expect(entry.requestBody).toBeNull();
    expect(entry.requestBytes).toBeGreaterThan(10_000);
    expect(entry.responseBody).toBeNull();
    expect(entry.responseBytes).toBeGreaterThan(10_000);
  });

  it('gives the declared size of a body refused before it was read (too large), and the text of one that is not JSON', async () => {
    const t = await app({ bodyLimit: 1000 });
    const post = (payload: string) =>
      t.app.inject({
        method: 'POST',
        url: '/api/v2/artifacts',
        headers: { authorization: 'Bearer tenant-a', 'content-type': 'application/json' },
        payload,
      });
    expect((await post('x'.repeat(5000))).statusCode).toBe(413);
    expect((await post('{"name": ')).statusCode).toBe(422);
    const [malformed, tooLarge] = (await journal(t)).data;
    expect(tooLarge).toMatchObject({ status: 413, requestBody: null, requestBytes: 5000 });
    expect(malformed).toMatchObject({ status: 422, requestBody: '{"name": ', requestBytes: 9 });
    // Under a type that is not JSON: the text as the UTF-8 it was sent in, not its bytes one by one.
    const plain = await t.app.inject({
      method: 'POST',
      url: '/api/v2/artifacts',
      headers: { authorization: 'Bearer tenant-a', 'content-type': 'text/plain' },
      payload: Buffer.from('café au lait'),
    });
    expect(plain.statusCode).toBe(422);
    const [text] = (await journal(t)).data;
    expect(text).toMatchObject({ status: 422, requestBody: 'café au lait', requestBytes: 13 });
  });

  it('records a response sent as bytes or streamed: its size, and the text of bytes that are text', async () => {
    const t = await app();
    const exported = await t.app.inject({ method: 'GET', url: '/_mock/state' });
    expect(exported.statusCode).toBe(200);
    const [state] = (await journal(t)).data;
    expect(state).toMatchObject({
      path: '/_mock/state',
      responseBody: null,
      responseBytes: exported.rawPayload.length,
    });
    expect(state.responseBytes).toBeGreaterThan(0);

    const clock = new Clock({ mode: 'manual', scale: 1, start: 0 });
    const bare = Fastify().decorateRequest('bodyText', null).decorateRequest('bodyBytes', 0);
    installRequestJournal(bare, clock, 10);
    bare.get('/page', (_request, reply) => reply.type('text/html').send(Buffer.from('<p>café</p>')));
    bare.get('/image', (_request, reply) =>
      reply.type('image/png').send(Buffer.from([0x89, 0x50, 0x4e, 0x47])),
    );
    try {
      await bare.inject({ method: 'GET', url: '/page' });
      await bare.inject({ method: 'GET', url: '/image' });
      const [image, page] = bare.journal.entries();
      expect(page).toMatchObject({ responseBody: '<p>café</p>', responseBytes: 12 });
      expect(image).toMatchObject({ responseBody: null, responseBytes: 4 });
    } finally {
      clock.stop();
      await bare.close();
    }
  });

  it('counts a body as it was sent, not as the server read it', async () => {
    const t = await app();
    const sent = '{ "name" :  "spaced",\n  "extra": [1, 2] }';
    await t.app.inject({
      method: 'POST',
      url: '/api/v2/workloads',
      headers: { authorization: 'Bearer tenant-a', 'content-type': 'application/json' },
      payload: sent,
    });
    const [entry] = (await journal(t)).data;
    expect(entry).toMatchObject({
      requestBody: { name: 'spaced', extra: [1, 2] },
      requestBytes: sent.length,
    });
    // Bytes as they arrived, whatever the text they decode to: UTF-16, UTF-8 with a BOM, and bytes
    // that are not text; the bodies read back whole all the same.
    const payloads: [Buffer, unknown][] = [
      [Buffer.from('\ufeff{}', 'utf16le'), {}],
      [Buffer.from('\ufeff{"name": "bom"}', 'utf8'), { name: 'bom' }],
      [Buffer.from([0xc3, 0x28]), '\ufffd('],
      // A byte order mark alone is bytes sent, but no text: no body to show.
      [Buffer.from('\ufeff', 'utf8'), null],
    ];
    for (const [payload, read] of payloads) {
      const answer = await t.app.inject({
        method: 'POST',
        url: '/api/v2/workloads',
        headers: { authorization: 'Bearer tenant-a', 'content-type': 'application/json' },
        payload,
      });
      const [recorded] = (await journal(t)).data;
      expect(recorded).toMatchObject({
        requestBytes: payload.length,
        requestBody: read,
        responseBody: answer.json(),
      });
    }
  });

  it('DELETE clears it', async () => {
    const t = await app();
    await t.client().get('workloads');
    const cleared = await t.app.inject({ method: 'DELETE', url: '/_mock/requests' });
    expect(cleared.statusCode).toBe(204);
    expect(await journal(t)).toMatchObject({ count: 0, totalCount: 0, recorded: 0, data: [] });
  });

  it('starts again on a full reset, and keeps what came before a reset of one tenant', async () => {
    const t = await app();
    await t.client('tenant-a').get('workloads');
    await t.client('tenant-b').get('workloads');
    expect((await t.client(null).post('/_mock/reset?tenant=tenant-b')).status).toBe(200);
    expect((await journal(t)).data.map((entry: JournalEntry) => entry.path)).toEqual([
      '/_mock/reset',
      '/api/v2/workloads',
      '/api/v2/workloads',
    ]);
    // As in a mock just started: not even the reset itself.
    expect((await t.client(null).post('/_mock/reset')).status).toBe(200);
    expect(await journal(t)).toMatchObject({ totalCount: 0, recorded: 0, data: [] });
    await t.client('tenant-a').get('workloads');
    expect((await journal(t)).data).toMatchObject([{ id: 1, path: '/api/v2/workloads' }]);
  });

  it('never grows past MOCK_JOURNAL_SIZE under 10,000 requests', async () => {
    const t = await app({ journalSize: 50 });
    const api = t.client('load');
    for (let i = 0; i < 10_000; i++) {
      const res = await api.get(i % 2 === 0 ? 'workloads' : `workloads/missing-${i}`);
      expect(res.status).toBe(i % 2 === 0 ? 200 : 404);
      if (i % 1000 === 999) expect(t.app.journal.size).toBe(50);
    }
    const list = await journal(t, '?limit=1000');
    expect(list).toMatchObject({ count: 50, totalCount: 50, capacity: 50, recorded: 10_000 });
    expect(list.data[0]).toMatchObject({ id: 10_000, path: '/api/v2/workloads/missing-9999' });
    expect(list.data[49]).toMatchObject({ id: 9951, path: '/api/v2/workloads' });
  });

  it('keeps every entry whole while it grows, past its first 16 slots and again past 32', async () => {
    const t = await app();
    const api = t.client('tenant-a');
    for (let i = 0; i < 40; i++) await api.get(`workloads/missing-${i}`);
    const list = await journal(t, '?limit=1000');
    expect(list).toMatchObject({ count: 40, recorded: 40 });
    expect(list.data.map((e: JournalEntry) => [e.id, e.path, e.status, e.tenant])).toEqual(
      Array.from({ length: 40 }, (_, i) => [40 - i, `/api/v2/workloads/missing-${39 - i}`, 404, 'tenant-a']),
    );
  });

  it('reads back exactly what it packed: multi-byte text, empty against absent, slots taken over by longer entries', () => {
    const journal = new RequestJournal(2);
    const entry = (body: string | null, extra: Partial<JournalEntry> = {}): Omit<JournalEntry, 'id'> => ({
      timestamp: Date.parse('2026-01-01T00:00:00Z') + 1.5,
      method: 'POST',
      path: '/api/v2/workloads/ünïcødé',
      query: '',
      route: null,
      status: 201,
      tenant: 'テナント',
      durationMs: 0.125,
      requestBody: body,
      requestBytes: body === null ? 0 : Buffer.byteLength(body),
      responseBody: '',
      responseBytes: 0,
      ...extra,
    });
    const small = entry('{"a":1}');
    const large = entry(JSON.stringify({ name: '🚀 naïve — 日本語 '.repeat(200) }), {
      method: 'GET',
      query: 'q=%E2%9C%93',
      route: '/api/v2/workloads/:workload_id',
      tenant: null,
      responseBody: null,
      responseBytes: 123_456,
    });
    journal.record(small);
    journal.record(entry(null));
    journal.record(large); // takes over the first slot, which held a shorter entry
    journal.record(small); // and the second, which held no body at all
    journal.record(large);

    expect(journal.entries()).toEqual([
      { id: 5, ...large },
      { id: 4, ...small },
    ]);
    expect(journal).toMatchObject({ size: 2, recorded: 5 });
    journal.clear();
    expect(journal.entries()).toEqual([]);
    journal.record(small);
    expect(journal.entries()).toEqual([{ id: 1, ...small }]);
  });

  it('reads back a slot taken over by an entry one byte longer than the one before', () => {
    const journal = new RequestJournal(1);
    const entry = (path: string): Omit<JournalEntry, 'id'> => ({
      timestamp: 0,
      method: 'GET',
      path,
      query: '',
      route: null,
      status: 200,
      tenant: null,
      durationMs: 0,
      requestBody: null,
      requestBytes: 0,
      responseBody: 'ok',
      responseBytes: 2,
    });
    journal.record(entry('/abc'));
    journal.record(entry('/abcd'));
    expect(journal.entries()).toEqual([{ id: 2, ...entry('/abcd') }]);
  });

  it('records nothing with MOCK_JOURNAL_SIZE=0', async () => {
    const t = await app({ journalSize: 0 });
    await t.client().get('workloads');
    expect(await journal(t)).toMatchObject({ count: 0, capacity: 0, recorded: 0, data: [] });
  });

  it('stamps an entry with the time of the work done, catching up as a request does: never ahead of what is due', async () => {
    const start = Date.parse('2026-01-01T00:00:00Z');
    let real = 0;
    const clock = new Clock({ mode: 'scaled', scale: 1000, start, realNow: () => real });
    // A thousand steps a simulated second apart, each taking longer than the work budget.
    const ran: number[] = [];
    for (let step = 1; step <= 1000; step++)
      clock.at(start + step * 1000, () => {
        ran.push(clock.now());
        real += WORK_BUDGET_MS + 1;
      });
    // The journal alone, without the app's catch-up before each handler: its own read is the first.
    const app = Fastify().decorateRequest('bodyText', null).decorateRequest('bodyBytes', 0);
    installRequestJournal(app, clock, 10);
    app.get('/x', async () => 'ok');
    try {
      real += 100_000; // a hundred thousand simulated seconds fell due at once
      expect((await app.inject({ method: 'GET', url: '/x' })).statusCode).toBe(200);
      const [entry] = app.journal.entries();
      expect(entry!.timestamp).toBeLessThan(clock.state().nextDueAt!);
      expect(entry!.timestamp).toBe(ran.at(-1));
      expect(clock.now()).toBe(entry!.timestamp);
    } finally {
      clock.stop();
      await app.close();
    }
  });
});

describe('POST /_mock/reset with MOCK_SEED', () => {
  it('starts the ids again from the seed: the same world as a fresh start, whatever ran before', async () => {
    const ids = async (t: TestApp) => {
      const api = t.client();
      const artifact = await createArtifact(api);
      const workload = await api.post('workloads', { name: 'w', artifactId: artifact });
      return [artifact, workload.body.id, workload.body.creator.id];
    };
    const fresh = await ids(await app({ seed: 'reset' }));
    const used = await app({ seed: 'reset' });
    await ids(used);
    await ids(used);
    expect((await used.client(null).post('/_mock/reset')).status).toBe(200);
    expect(await ids(used)).toEqual(fresh);
  });

  it("goes on after a tenant's reset: no id handed out before comes again", async () => {
    const used = await app({ seed: 'reset' });
    const api = used.client();
    const before = [await createArtifact(api), await createArtifact(api)];
    expect((await used.client(null).post('/_mock/reset?tenant=tenant-a')).status).toBe(200);
    expect((await api.get('artifacts')).body.data).toEqual([]);
    const after = [await createArtifact(api), await createArtifact(api)];
    for (const id of after) expect(before).not.toContain(id);
  });

  it('without a seed, two fresh starts hand out different ids', async () => {
    const [first, second] = await Promise.all([app({ seed: undefined }), app({ seed: undefined })]);
    expect(await createArtifact(first!.client())).not.toBe(await createArtifact(second!.client()));
  });
});

describe('MOCK_ADMIN_TOKEN', () => {
  it('guards every /_mock route but health, and leaves the API alone', async () => {
    const t = await app({ adminToken: 's3cret' });
    expect((await t.app.inject({ method: 'GET', url: '/_mock/health' })).statusCode).toBe(200);
    for (const [method, url] of [
      ['GET', '/_mock/clock'],
      ['GET', '/_mock/state'],
      ['GET', '/_mock/requests'],
      ['POST', '/_mock/reset'],
      ['GET', '/_mock/faults'],
    ] as const) {
      const missing = await t.app.inject({ method, url });
      expect(missing.statusCode, `${method} ${url}`).toBe(401);
      expect(missing.json()).toEqual({ detail: 'The mock control surface requires the admin token.' });
      const wrong = await t.app.inject({ method, url, headers: { authorization: 'Bearer s3cre' } });
      expect(wrong.statusCode, `${method} ${url}`).toBe(401);
      const right = await t.app.inject({ method, url, headers: { authorization: 'Bearer s3cret' } });
      expect(right.statusCode, `${method} ${url}`).toBe(200);
    }
    expect((await t.client('s3cret-is-not-needed').get('workloads')).status).toBe(200);
  });

  it('is not asked for when unset', async () => {
    const t = await app();
    expect((await t.app.inject({ method: 'GET', url: '/_mock/clock' })).statusCode).toBe(200);
  });
});
