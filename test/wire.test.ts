import { EventEmitter } from 'node:events';
import { request as httpRequest, type ServerResponse } from 'node:http';
import { type AddressInfo, connect } from 'node:net';
import type { FastifyInstance } from 'fastify';
import request from 'supertest';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { buildApp } from '../src/app.js';
import { STATE_BODY_LIMIT } from '../src/mock/state.js';
import { jsonText, onClientGone } from '../src/wire.js';
import { serviceArtifact } from './fixtures.js';
import { T0 } from './helpers.js';

/** Writes `text` on a connection of its own and reads everything until the server closes it. */
function rawExchange(port: number, text: string): Promise<string> {
  return new Promise<string>((resolve, reject) => {
    let answer = '';
    const socket = connect(port, '127.0.0.1', () => socket.write(text));
    socket.on('data', (chunk) => (answer += chunk));
    socket.on('close', () => resolve(answer));
    socket.on('error', reject);
  });
}

/** Over a real socket: what HTTP clients (curl, requests, httpx) actually see. */
describe('wire conventions over HTTP', () => {
  let app: FastifyInstance;
  beforeAll(async () => {
    app = await buildApp({
      config: { clock: { mode: 'manual', scale: 60, start: T0 }, bodyLimit: 64 * 1024 },
    });
  });
  afterAll(() => app.close());
  const auth = { Authorization: 'Bearer wire-token' };
  /** For clients supertest cannot play: the app's own server, listening on 127.0.0.1. */
  const listeningPort = async () => {
    if (!app.server.listening)
      await new Promise<void>((resolve) => app.server.listen(0, '127.0.0.1', resolve));
    return (app.server.address() as AddressInfo).port;
  };

  it('requires a bearer token: missing, blank or another scheme is 401 with a detail', async () => {
    for (const header of [undefined, '', 'Bearer', 'Bearer    ', 'Basic dXNlcjpwYXNz']) {
      const req = request(app.server).get('/api/v2/workloads');
      const res = await (header === undefined ? req : req.set('Authorization', header));
      expect(res.status, String(header)).toBe(401);
      expect(res.body).toEqual({ detail: 'Not authenticated' });
      expect(res.headers['www-authenticate']).toBe('Bearer');
    }
  });

  it('takes the Bearer scheme in any case, and the Token scheme DataRobot clients send, as one tenant', async () => {
    const created = await request(app.server)
      .post('/api/v2/artifacts')
      .set('Authorization', 'Bearer scheme-token')
      .send(serviceArtifact());
    expect(created.status).toBe(201);
    for (const header of [
      'bearer scheme-token',
      'BEARER scheme-token',
      'Token scheme-token',
      'token scheme-token',
      'Bearer \t scheme-token',
    ]) {
      const res = await request(app.server)
        .get(`/api/v2/artifacts/${created.body.id}`)
        .set('Authorization', header);
      expect(res.status, header).toBe(200);
    }
    // A token with a space inside is one token: its own tenant, not its first word's.
    const spaced = await request(app.server)
      .post('/api/v2/artifacts')
      .set('Authorization', 'Bearer scheme token')
      .send(serviceArtifact());
    expect(spaced.status).toBe(201);
    const read = (header: string) =>
      request(app.server).get(`/api/v2/artifacts/${spaced.body.id}`).set('Authorization', header);
    expect((await read('Bearer scheme token')).status).toBe(200);
    expect((await read('Bearer scheme')).status).toBe(404);
  });

  it('answers with and without a trailing slash, never redirecting', async () => {
    const created = await request(app.server).post('/api/v2/artifacts/').set(auth).send(serviceArtifact());
    expect(created.status).toBe(201);
    for (const path of [
      '/api/v2/artifacts',
      '/api/v2/artifacts/',
      `/api/v2/artifacts/${created.body.id}`,
      `/api/v2/artifacts/${created.body.id}/`,
    ]) {
      const res = await request(app.server).get(path).set(auth).redirects(0);
      expect(res.status, path).toBe(200);
    }
    expect((await request(app.server).get('/_mock/health/').redirects(0)).status).toBe(200);
  });

  it('answers what HTTP parsing refuses in the same {"detail"} shape: 400, and 431 for huge headers', async () => {
    const port = await listeningPort();
    const raw = (text: string) => rawExchange(port, text);
    const malformed = await raw('GET /api/v2/workloads HTTP/1.1\r\nHost: x\r\nBad Header: y\r\n\r\n');
    expect(malformed).toMatch(/^HTTP\/1\.1 400 Bad Request\r\n/);
    expect(malformed).toMatch(/\r\n\r\n\{"detail":"The request is not valid HTTP\."\}$/);
    const huge = await raw(
      `GET /api/v2/workloads HTTP/1.1\r\nHost: x\r\nX-Big: ${'a'.repeat(20_000)}\r\n\r\n`,
    );
    expect(huge).toMatch(/^HTTP\/1\.1 431 Request Header Fields Too Large\r\n/);
    expect(JSON.parse(huge.slice(huge.indexOf('\r\n\r\n') + 4))).toEqual({
      detail: 'The request headers are larger than the server accepts.',
    });
  });

  it('answers 413 for an oversized body', async () => {
    const res = await request(app.server)
      .post('/api/v2/artifacts')
      .set(auth)
      .set('Content-Type', 'application/json')
      .send(JSON.stringify({ ...serviceArtifact(), description: 'x'.repeat(100 * 1024) }));
    expect(res.status).toBe(413);
    expect(res.body.detail).toMatch(/larger than the limit/);
  });

  it("names the limit of the route that refused a body: PUT /_mock/state's own, not the server's", async () => {
    const port = await listeningPort();
    const head = (path: string, length: number) =>
      `PUT ${path} HTTP/1.1\r\nHost: x\r\nAuthorization: Bearer t\r\nContent-Type: application/json\r\nContent-Length: ${length}\r\nConnection: close\r\n\r\n`;
    const detailOf = (answer: string) => JSON.parse(answer.slice(answer.indexOf('\r\n\r\n') + 4)).detail;
    const state = await rawExchange(port, head('/_mock/state', STATE_BODY_LIMIT + 1));
    expect(state).toMatch(/^HTTP\/1\.1 413 /);
    expect(detailOf(state)).toBe(`Request body is larger than the limit of ${STATE_BODY_LIMIT} bytes.`);
    // Declared beyond what the server reads to its end: closed on at once, as the first.
    const artifact = await rawExchange(port, head('/api/v2/artifacts/0123456789abcdef01234567', 2 ** 30));
    expect(detailOf(artifact)).toBe(`Request body is larger than the limit of ${64 * 1024} bytes.`);
  });

  it('reads the rest of a body refused for its size before closing, so a client still sending it gets the 413, not a reset', async () => {
    const port = await listeningPort();
    const declared = 4 * 64 * 1024;
    const answer = /\r\n\r\n\{"detail":"[^"]*"\}/;
    for (const connection of ['keep-alive', 'close']) {
      const socket = connect(port, '127.0.0.1');
      let received = '';
      const errors: Error[] = [];
      socket.setEncoding('utf8');
      socket.on('data', (chunk: string) => (received += chunk));
      socket.on('error', (error) => errors.push(error));
      const closed = new Promise((resolve) => socket.once('close', resolve));
      /** Resolves once what arrived matches; rejects if the connection closes first. */
      const arrived = (pattern: RegExp) =>
        new Promise<void>((resolve, reject) => {
          const check = () => {
            if (!pattern.test(received)) return;
            done();
            resolve();
          };
          const fail = () => {
            done();
            reject(new Error(`${connection}: closed before ${pattern}; received ${received} ${errors}`));
          };
          const done = () => {
            socket.off('data', check);
            socket.off('close', fail);
          };
          socket.on('data', check);
          socket.on('close', fail);
          check();
        });
      socket.write(
        `POST /api/v2/artifacts HTTP/1.1\r\nHost: x\r\nAuthorization: Bearer wire-token\r\n` +
          `Connection: ${connection}\r\nContent-Type: application/json\r\nContent-Length: ${declared}\r\n\r\n`,
      );
      // The answer comes before the body: the declared length is refused at once.
      await arrived(answer);
      expect(received, connection).toMatch(/^HTTP\/1\.1 413 /);
      // The server does not close with the body still on its way: it reads it in full...
      expect(received.toLowerCase()).not.toContain('connection: close');
      received = '';
      for (let sent = 0; sent < declared; sent += 16 * 1024) socket.write('x'.repeat(16 * 1024));
      if (connection === 'close') {
        // ...and then closes, as the client asked.
        await closed;
      } else {
        // ...and the connection then serves the next request.
        socket.write('GET /_mock/health HTTP/1.1\r\nHost: x\r\n\r\n');
        await arrived(/"status":"ok"/);
        expect(received).toMatch(/^HTTP\/1\.1 200 /);
        socket.destroy();
        await closed;
      }
      expect(errors, connection).toEqual([]);
    }
  });

  it('does not wait, when closing, for a client that declared a refused body and sends none of it', async () => {
    const own = await buildApp({
      config: { clock: { mode: 'manual', scale: 60, start: T0 }, bodyLimit: 1024 },
    });
    await own.listen({ port: 0, host: '127.0.0.1' });
    const socket = connect((own.server.address() as AddressInfo).port, '127.0.0.1');
    socket.on('error', () => {});
    let received = '';
    const answered = new Promise<void>((resolve) =>
      socket.on('data', (chunk) => {
        received += chunk;
        if (received.includes('"detail"')) resolve();
      }),
    );
    const closed = new Promise((resolve) => socket.once('close', resolve));
    socket.write(
      'POST /api/v2/artifacts HTTP/1.1\r\nHost: x\r\nAuthorization: Bearer t\r\n' +
        'Content-Type: application/json\r\nContent-Length: 10000000\r\n\r\n',
    );
    await answered;
    expect(received).toMatch(/^HTTP\/1\.1 413 /);
    // The server would read the body for as long as it keeps coming; closing ends that at once
    // (otherwise close() waits for the keep-alive timeout, 72 s, past this test's own timeout).
    await own.close();
    await closed;
  });

  it('answers 422 for malformed JSON, an empty body, and a body that is not JSON', async () => {
    const malformed = await request(app.server)
      .post('/api/v2/artifacts')
      .set(auth)
      .set('Content-Type', 'application/json')
      .send('{"name": ');
    expect(malformed.status).toBe(422);
    expect(malformed.body.detail).toEqual([
      { loc: ['body', 9], msg: 'JSON decode error', type: 'json_invalid', ctx: { error: 'Expecting value' } },
    ]);
    // Python's reason and position (FastAPI reads bodies with Python's json), not JSON.parse's.
    for (const [text, pos, reason] of [
      ['{"name": "a",}', 13, 'Expecting property name enclosed in double quotes'],
      ["{'name': 'a'}", 1, 'Expecting property name enclosed in double quotes'],
      ['{"name": "a"} x', 14, 'Extra data'],
      ['{"name" "a"}', 8, "Expecting ':' delimiter"],
      ['{"name": "a\\q"}', 11, 'Invalid \\escape'],
      ['{"name": "a', 9, 'Unterminated string starting at'],
      ['{"name": "😀" "b"}', 13, "Expecting ',' delimiter"],
    ] as const) {
      const refused = await request(app.server)
        .post('/api/v2/artifacts')
        .set(auth)
        .set('Content-Type', 'application/json')
        .send(text);
      expect(refused.body.detail, text).toEqual([
        { loc: ['body', pos], msg: 'JSON decode error', type: 'json_invalid', ctx: { error: reason } },
      ]);
    }
    // NaN, which json.loads reads and the mock does not: a 422 json_invalid all the same, at the start.
    const nan = await request(app.server)
      .post('/api/v2/artifacts')
      .set(auth)
      .set('Content-Type', 'application/json')
      .send('{"name": NaN}');
    expect(nan.body.detail).toEqual([
      {
        loc: ['body', 0],
        msg: 'JSON decode error',
        type: 'json_invalid',
        ctx: { error: 'The body is not valid JSON.' },
      },
    ]);
    const empty = await request(app.server)
      .post('/api/v2/artifacts')
      .set(auth)
      .set('Content-Type', 'application/json')
      .send('');
    expect(empty.status).toBe(422);
    expect(empty.body.detail[0]).toMatchObject({ type: 'missing', loc: ['body'] });
    const form = await request(app.server).post('/api/v2/artifacts').set(auth).type('form').send('name=x');
    expect(form.status).toBe(422);
    expect(form.body.detail[0]).toMatchObject({ type: 'model_attributes_type', loc: ['body'] });
    const proto = await request(app.server)
      .post('/api/v2/artifacts')
      .set(auth)
      .set('Content-Type', 'application/json')
      .send('{"__proto__": {"polluted": true}, "name": "x"}');
    // A member like any other, as json.loads reads it: neither refused as JSON nor dropped.
    expect(proto.body.detail).toEqual([
      { loc: ['body', 'spec'], msg: 'Field required', type: 'missing' },
      { loc: ['body', '__proto__'], msg: 'Extra inputs are not permitted', type: 'extra_forbidden' },
    ]);
    const constructorKey = await request(app.server)
      .post('/api/v2/artifacts')
      .set(auth)
      .set('Content-Type', 'application/json')
      .send(
        '{"constructor": {"prototype": {"polluted": true}}, "name": "x", "spec": {"containerGroups": []}}',
      );
    expect(constructorKey.body.detail).toEqual([
      { loc: ['body', 'constructor'], msg: 'Extra inputs are not permitted', type: 'extra_forbidden' },
    ]);
    expect(({} as Record<string, unknown>).polluted).toBeUndefined();
  });

  it('reads a body as JSON with no Content-Type, an empty one or application/*+json, as FastAPI does', async () => {
    // requests.post(url, data=json.dumps(body)) sends no Content-Type at all.
    const body = JSON.stringify(serviceArtifact({ name: 'untyped' }));
    const port = await listeningPort();
    const post = (headers: Record<string, string>, payload: string) =>
      new Promise<{ status: number; body: any }>((resolve, reject) => {
        const req = httpRequest(
          {
            host: '127.0.0.1',
            port,
            method: 'POST',
            path: '/api/v2/artifacts',
            headers: { ...auth, ...headers },
          },
          (res) => {
            let text = '';
            res.on('data', (chunk) => (text += chunk));
            res.on('end', () => resolve({ status: res.statusCode!, body: JSON.parse(text) }));
          },
        );
        req.on('error', reject);
        req.end(payload);
      });
    const variants: Record<string, string>[] = [
      {},
      { 'Content-Type': '' },
      { 'Content-Type': 'application/merge-patch+json' },
      { 'Content-Type': 'application/vnd.api+json; charset=utf-8' },
      // Python's email parser strips the space before the parameters.
      { 'Content-Type': 'application/json ; charset=utf-8' },
    ];
    for (const headers of variants) {
      const created = await post(headers, body);
      expect(created.status, JSON.stringify(headers)).toBe(201);
      expect(created.body.name).toBe('untyped');
    }
    // In process, no HTTP parser trims the value first: a space before the type is still JSON to Python.
    const spaced = await app.inject({
      method: 'POST',
      url: '/api/v2/artifacts',
      headers: { ...auth, 'Content-Type': ' application/json' },
      payload: body,
    });
    expect(spaced.statusCode).toBe(201);
    const broken = await post({}, '{"name": ');
    expect(broken.status).toBe(422);
    expect(broken.body.detail[0]).toMatchObject({ type: 'json_invalid', ctx: { error: 'Expecting value' } });
    const text = await post({ 'Content-Type': 'text/plain' }, body);
    expect(text.status).toBe(422);
    expect(text.body.detail[0]).toMatchObject({ type: 'model_attributes_type', loc: ['body'] });
    const emptyText = await post({ 'Content-Type': 'text/plain' }, '');
    expect(emptyText.body.detail[0]).toMatchObject({ type: 'missing', loc: ['body'] });
  });

  it('ignores the body of an operation that takes none, as FastAPI does, whatever its content type says', async () => {
    // Clients that set Content-Type: application/json on every call send it with no body too.
    const json = { ...auth, 'Content-Type': 'application/json' };
    const artifact = await request(app.server).post('/api/v2/artifacts').set(auth).send(serviceArtifact());
    await request(app.server)
      .patch(`/api/v2/artifacts/${artifact.body.id}`)
      .set(auth)
      .send({ status: 'locked' });
    const workload = await request(app.server)
      .post('/api/v2/workloads')
      .set(auth)
      .send({ name: 'no-body', artifactId: artifact.body.id });
    expect(workload.status).toBe(201);
    const id = workload.body.id as string;

    const stop = await request(app.server).post(`/api/v2/workloads/${id}/stop`).set(json);
    expect(stop.status).toBe(202);
    expect(stop.body).toMatchObject({ workloadId: id });
    const garbled = await request(app.server)
      .post(`/api/v2/workloads/${id}/stop`)
      .set(json)
      .send('{"not json');
    expect(garbled.status, 'still stopping').toBe(202);
    const missing = await request(app.server)
      .post('/api/v2/workloads/0123456789abcdef01234567/start')
      .set(json);
    expect(missing.status).toBe(404);
    expect((await request(app.server).delete(`/api/v2/workloads/${id}`).set(json)).status).toBe(204);
    const interrupt = await request(app.server)
      .post(`/_mock/workloads/${id}/interrupt`)
      .set({ 'Content-Type': 'application/json' });
    expect(interrupt.status, 'optional body, none sent').toBe(404);

    // An operation that takes a body still reads an empty one as missing.
    const empty = await request(app.server).post('/api/v2/workloads').set(json);
    expect(empty.status).toBe(422);
    expect(empty.body.detail).toEqual([{ loc: ['body'], msg: 'Field required', type: 'missing' }]);
  });

  it('reads JSON bytes as json.loads does: UTF-16 and UTF-32 read, bytes that are not text a 400 that stores nothing', async () => {
    const port = await listeningPort();
    const post = (payload: Buffer, type = 'application/json') =>
      new Promise<{ status: number; body: any; connection: string | undefined }>((resolve, reject) => {
        const req = httpRequest(
          {
            host: '127.0.0.1',
            port,
            method: 'POST',
            path: '/api/v2/artifacts',
            headers: { ...auth, 'Content-Type': type },
          },
          (res) => {
            let text = '';
            res.on('data', (chunk) => (text += chunk));
            res.on('end', () =>
              resolve({
                status: res.statusCode!,
                body: JSON.parse(text),
                connection: res.headers.connection,
              }),
            );
          },
        );
        req.on('error', reject);
        req.end(payload);
      });
    const json = JSON.stringify(serviceArtifact({ name: 'café' }));
    const utf16 = Buffer.concat([Buffer.from([0xff, 0xfe]), Buffer.from(json, 'utf16le')]);
    const utf16be = Buffer.from(json, 'utf16le').swap16();
    const utf32 = Buffer.from(new Uint32Array([...json].map((char) => char.codePointAt(0)!)).buffer);
    for (const [label, bytes] of [
      ['utf-16 with a BOM', utf16],
      ['utf-16be', utf16be],
      ['utf-32le', utf32],
      // No BOM and two zero bytes first: json.detect_encoding's UTF-32BE.
      ['utf-32be', Buffer.from(utf32).swap32()],
    ] as const) {
      const created = await post(bytes);
      expect(created.status, label).toBe(201);
      expect(created.body.name, label).toBe('café');
    }
    const before = (await request(app.server).get('/api/v2/artifacts?limit=100').set(auth)).body.totalCount;
    // Python's http.client sends a str body as latin-1: é is 0xE9, which is not UTF-8.
    const latin1 = await post(Buffer.from(json, 'latin1'), 'application/json; charset=latin-1');
    expect(latin1.status).toBe(400);
    expect(latin1.body).toEqual({ detail: 'There was an error parsing the body' });
    expect((await request(app.server).get('/api/v2/artifacts?limit=100').set(auth)).body.totalCount).toBe(
      before,
    );
    // A body read whole keeps the connection open, malformed or not, as uvicorn does.
    expect(latin1.connection).not.toBe('close');
    const malformed = await post(Buffer.from('{"name": '));
    expect(malformed.status).toBe(422);
    expect(malformed.connection).not.toBe('close');
  });

  it('reads a UTF-16BE body with a BOM, as json.loads does', async () => {
    const json = JSON.stringify(serviceArtifact({ name: 'café' }));
    const bytes = Buffer.concat([Buffer.from([0xfe, 0xff]), Buffer.from(json, 'utf16le').swap16()]);
    // Through inject: supertest sends a Buffer under application/json as JSON of its bytes.
    const created = await app.inject({
      method: 'POST',
      url: '/api/v2/artifacts',
      headers: { ...auth, 'Content-Type': 'application/json' },
      payload: bytes,
    });
    expect(created.statusCode).toBe(201);
    expect(created.json().name).toBe('café');
    const stored = await request(app.server).get(`/api/v2/artifacts/${created.json().id}`).set(auth);
    expect(stored.body.name).toBe('café');
  });

  it('answers 400 and stores nothing for odd-length UTF-16 and for UTF-32 with a lone surrogate', async () => {
    const json = (name: string) => JSON.stringify(serviceArtifact({ name }));
    // The surrogate as a code point of its own: JSON.stringify would write it as the escape \ud800.
    const utf32With = (point: number) => {
      const [head, tail] = json('caf#').split('#') as [string, string];
      const points = (text: string) => [...text].map((char) => char.codePointAt(0)!);
      return Buffer.from(new Uint32Array([...points(head), point, ...points(tail)]).buffer);
    };
    const cases: [string, Buffer][] = [
      // A stray last byte: a lenient decoder would read it as U+FFFD after the JSON (a 422).
      [
        'utf-16le with a BOM, odd length',
        Buffer.concat([Buffer.from([0xff, 0xfe]), Buffer.from(json('café'), 'utf16le'), Buffer.from([0x20])]),
      ],
      [
        'utf-16be, odd length',
        Buffer.concat([Buffer.from(json('café'), 'utf16le').swap16(), Buffer.from([0x00])]),
      ],
      // Surrogates are no code points in UTF-32, though JSON.parse would take them in a string (a 201).
      ['utf-32le, lone high surrogate', utf32With(0xd800)],
      ['utf-32le, lone low surrogate', utf32With(0xdfff)],
    ];
    const count = async () =>
      (await request(app.server).get('/api/v2/artifacts?limit=100').set(auth)).body.totalCount as number;
    const before = await count();
    for (const [label, bytes] of cases) {
      const res = await app.inject({
        method: 'POST',
        url: '/api/v2/artifacts',
        headers: { ...auth, 'Content-Type': 'application/json' },
        payload: bytes,
      });
      expect(res.statusCode, label).toBe(400);
      expect(res.json(), label).toEqual({ detail: 'There was an error parsing the body' });
    }
    expect(await count()).toBe(before);
  });

  it('detects the encoding of a short body from its first bytes as json.loads does, and reads every code point of UTF-32', async () => {
    const answer = async (payload: Buffer) => {
      const res = await app.inject({
        method: 'POST',
        url: '/api/v2/artifacts',
        headers: { ...auth, 'Content-Type': 'application/json' },
        payload,
      });
      return { status: res.statusCode, body: res.json() };
    };
    const typeOf = async (payload: Buffer) => {
      const { status, body } = await answer(payload);
      return [status, body.detail[0]?.type];
    };
    // Four bytes, a zero second or first: UTF-16 `{}`, an object without the fields the body needs.
    expect(await typeOf(Buffer.from('{}', 'utf16le'))).toEqual([422, 'missing']);
    expect(await typeOf(Buffer.from('{}', 'utf16le').swap16())).toEqual([422, 'missing']);
    // Two bytes: UTF-16 `5`, a number where an object goes.
    expect(await typeOf(Buffer.from('5', 'utf16le'))).toEqual([422, 'model_attributes_type']);
    expect(await typeOf(Buffer.from('5', 'utf16le').swap16())).toEqual([422, 'model_attributes_type']);
    // Three bytes are UTF-8 whatever they hold: a NUL first is no JSON value, not odd-length UTF-16.
    expect(await typeOf(Buffer.from('\0{}'))).toEqual([422, 'json_invalid']);
    // UTF-16LE `"Ā"` is 22 00 00 01: a zero third byte with a fourth that is not is still UTF-16.
    expect(await typeOf(Buffer.from('"\u0100"', 'utf16le'))).toEqual([422, 'model_attributes_type']);
    // UTF-32 up to the last code point, and U+FEFF past the first four bytes is text, not a BOM.
    const name = 'a\u{feff}\u{10ffff}';
    const text = JSON.stringify(serviceArtifact({ name }));
    const created = await answer(
      Buffer.from(new Uint32Array([...text].map((char) => char.codePointAt(0)!)).buffer),
    );
    expect([created.status, created.body.name]).toEqual([201, name]);
    // Only the very first code point can be a BOM: U+FEFF second is a character JSON does not allow there.
    const early = Buffer.from(
      new Uint32Array([...`{\u{feff}${text.slice(1)}`].map((char) => char.codePointAt(0)!)).buffer,
    );
    expect(await typeOf(early)).toEqual([422, 'json_invalid']);
  });

  it('reads a Content-Type that is not a type as text/plain, as Python does: a 422 where a body is read, ignored where none is', async () => {
    for (const type of [
      'json',
      'application/json, text/plain',
      'application/json charset=utf-8',
      'application /json',
      'application/json(x)',
      'text/plain charset=utf-8',
    ]) {
      const res = await request(app.server)
        .post('/api/v2/artifacts')
        .set(auth)
        .set('Content-Type', type)
        .send(JSON.stringify(serviceArtifact()));
      expect(res.status, type).toBe(422);
      expect(res.body.detail[0], type).toMatchObject({ type: 'model_attributes_type', loc: ['body'] });
      const stop = await request(app.server)
        .post('/api/v2/workloads/0123456789abcdef01234567/stop')
        .set(auth)
        .set('Content-Type', type)
        .send('{}');
      expect(stop.status, type).toBe(404);
    }
  });

  it('routes and links a request target in absolute form by its path, and links on a sound host only', async () => {
    const port = await listeningPort();
    for (let i = 0; i < 2; i++)
      await request(app.server).post('/api/v2/artifacts').set(auth).send(serviceArtifact());
    const raw = (target: string, method = 'GET', host: string | null = `127.0.0.1:${port}`) =>
      new Promise<{ head: string; body: any }>((resolve, reject) => {
        let answer = '';
        const hostLine = host === null ? '' : `Host: ${host}\r\n`;
        const socket = connect(port, '127.0.0.1', () =>
          socket.write(
            `${method} ${target} HTTP/1.1\r\n${hostLine}Authorization: ${auth.Authorization}\r\nConnection: close\r\n\r\n`,
          ),
        );
        socket.on('data', (chunk) => (answer += chunk));
        socket.on('close', () => {
          const split = answer.indexOf('\r\n\r\n');
          resolve({ head: answer.slice(0, split), body: JSON.parse(answer.slice(split + 4)) });
        });
        socket.on('error', reject);
      });
    const list = await raw(`http://127.0.0.1:${port}/api/v2/artifacts?limit=1`);
    expect(list.head).toMatch(/^HTTP\/1\.1 200/);
    expect(list.body.next).toBe(`http://127.0.0.1:${port}/api/v2/artifacts?limit=1&offset=1`);
    // A path in the query is no path: the target's own (none) is routed, as uvicorn does.
    expect((await raw('http://127.0.0.1?x=/api/v2/artifacts')).head).toMatch(/^HTTP\/1\.1 404/);
    // A target with no path at all is the root, journaled as "/" with its query.
    expect((await raw(`http://127.0.0.1:${port}?limit=1`)).head).toMatch(/^HTTP\/1\.1 404/);
    const [rootless] = (await request(app.server).get('/_mock/requests')).body.data;
    expect([rootless.path, rootless.query]).toEqual(['/', 'limit=1']);
    const put = await raw(`http://127.0.0.1:${port}/api/v2/workloads/0123456789abcdef01234567`, 'PUT');
    expect(put.head).toMatch(/^HTTP\/1\.1 405/);
    // A Host that is not a host (a path, a query) is not written into links: the server's own address is.
    const odd = await raw('/api/v2/artifacts?limit=1', 'GET', 'x/y?z#w');
    expect(odd.body.next).toBe(`http://127.0.0.1:${port}/api/v2/artifacts?limit=1&offset=1`);
    // Nor is a Host left out (served, as uvicorn serves it, where Node would answer an empty 400).
    const hostless = await raw('/api/v2/artifacts?limit=1', 'GET', null);
    expect(hostless.head).toMatch(/^HTTP\/1\.1 200/);
    expect(hostless.body.next).toBe(`http://127.0.0.1:${port}/api/v2/artifacts?limit=1&offset=1`);
  });

  it('routes a path whose percent-encoding does not decode as uvicorn reads it: a 404, not an undeclared 400', async () => {
    const created = await request(app.server).post('/api/v2/artifacts').set(auth).send(serviceArtifact());
    const id: string = created.body.id;
    for (const bad of ['%ff', '%', '%zz', '%c3', `${id}%e2%82`]) {
      for (const path of [
        `/api/v2/workloads/${bad}`,
        `/api/v2/artifacts/${bad}/`,
        `/_mock/workloads/${bad}/suspend`,
      ]) {
        const method = path.startsWith('/_mock') ? 'post' : 'get';
        const res = await request(app.server)[method](path).set(auth);
        expect([res.status, typeof res.body.detail], path).toEqual([404, 'string']);
      }
      expect((await request(app.server).get(`/api/v2/workloads/${bad}`)).status).toBe(401);
    }
    // The query is not the path: its parser reads it as it is.
    expect((await request(app.server).get(`/api/v2/artifacts/${id}?x=%ff`).set(auth)).status).toBe(200);
    const listed = await request(app.server).get('/api/v2/artifacts?limit=1&x=%ff').set(auth);
    expect(new URL(listed.body.next).search).toBe('?limit=1&x=%EF%BF%BD&offset=1');
  });

  it('serves a request whose Expect it does not know, as uvicorn does; answers a CONNECT as no route', async () => {
    const port = await listeningPort();
    const exchange = (head: string) => rawExchange(port, head);
    const expecting = await exchange(
      `GET /api/v2/workloads HTTP/1.1\r\nHost: x\r\nExpect: something-else\r\nAuthorization: ${auth.Authorization}\r\nConnection: close\r\n\r\n`,
    );
    expect(expecting).toMatch(/^HTTP\/1\.1 200 /);
    expect(expecting).toContain('"totalCount":');
    const tunnel = await exchange(`CONNECT 127.0.0.1:${port} HTTP/1.1\r\nHost: 127.0.0.1:${port}\r\n\r\n`);
    expect(tunnel).toMatch(/^HTTP\/1\.1 404 Not Found\r\n/);
    expect(tunnel.slice(tunnel.indexOf('\r\n\r\n') + 4)).toBe('{"detail":"Not Found"}');
  });

  it('closes a CONNECT once answered, so a client holding its half open cannot hold the shutdown', async () => {
    const own = await buildApp({ config: { clock: { mode: 'manual', scale: 60, start: T0 } } });
    await new Promise<void>((resolve) => own.server.listen(0, '127.0.0.1', resolve));
    const { port } = own.server.address() as AddressInfo;
    const client = connect({ port, host: '127.0.0.1', allowHalfOpen: true });
    await new Promise((resolve) => client.once('connect', resolve));
    client.write(`CONNECT example.com:443 HTTP/1.1\r\nHost: example.com:443\r\n\r\n`);
    await new Promise((resolve) => client.once('end', resolve).resume());
    const closed = own.close().then(() => 'closed');
    const held = new Promise((resolve) => setTimeout(resolve, 5_000, 'held')).then(() => 'held');
    expect(await Promise.race([closed, held])).toBe('closed');
    client.destroy();
  });

  it('answers 400 with a detail when an in-process request says a Content-Length its body does not have', async () => {
    const res = await app.inject({
      method: 'POST',
      url: '/api/v2/artifacts',
      headers: { ...auth, 'Content-Type': 'application/json', 'Content-Length': '5' },
      payload: JSON.stringify(serviceArtifact()),
    });
    expect(res.statusCode).toBe(400);
    expect(res.json()).toEqual({ detail: 'The Content-Length header does not match the body.' });
  });

  it('answers unknown routes with a FastAPI-style 404', async () => {
    const res = await request(app.server).get('/api/v2/nothing-here').set(auth);
    expect(res.status).toBe(404);
    expect(res.body).toEqual({ detail: 'Not Found' });
    // An id of any length is one that does not exist, after authentication.
    const long = `/api/v2/workloads/${'a'.repeat(2000)}`;
    expect((await request(app.server).get(long).set(auth)).body).toEqual({ detail: 'Workload not found.' });
    expect((await request(app.server).get(long)).status).toBe(401);
  });

  it('answers a path it serves, asked with a method it does not, with a FastAPI-style 405', async () => {
    const id = '0123456789abcdef01234567';
    const put = await request(app.server).put(`/api/v2/workloads/${id}/`).set(auth).send({});
    expect(put.status).toBe(405);
    expect(put.body).toEqual({ detail: 'Method Not Allowed' });
    expect(put.headers.allow?.split(', ').sort()).toEqual(['DELETE', 'GET', 'PATCH']);
    // FastAPI adds no HEAD to a GET operation.
    const head = await request(app.server).head(`/api/v2/workloads/${id}`).set(auth);
    expect(head.status).toBe(405);
    expect(head.headers.allow?.split(', ').sort()).toEqual(['DELETE', 'GET', 'PATCH']);
    const get = await request(app.server).get(`/api/v2/workloads/${id}/start?x=1`).set(auth);
    expect(get.status).toBe(405);
    expect(get.headers.allow).toBe('POST');
    expect((await request(app.server).put('/api/v2/nothing-here').set(auth)).status).toBe(404);
    // A path only looking like a served one is a 404: an empty or a two-segment id, a served path
    // below some other prefix, a `.` of a served path (/openapi.json) taken as any character, or
    // another case.
    for (const path of [
      '/api/v2/workloads//start',
      '/api/v2/workloads/a/b/start',
      `/elsewhere/api/v2/workloads/${id}`,
      '/openapi_json',
      '/API/V2/WORKLOADS',
    ]) {
      expect((await request(app.server).put(path).set(auth)).status, path).toBe(404);
    }
    // A path two routes match: the methods of both (PATCH and DELETE reach the workload route).
    const stats = await request(app.server).put('/api/v2/workloads/stats').set(auth);
    expect(stats.headers.allow?.split(', ').sort()).toEqual(['DELETE', 'GET', 'PATCH']);
    // A page answers HEAD too, and says so.
    const page = await request(app.server).put('/openapi.json').set(auth);
    expect(page.status).toBe(405);
    expect(page.headers.allow?.split(', ').sort()).toEqual(['GET', 'HEAD']);
    // Any path below a workload's endpoint is served, by the methods the endpoint relays.
    const trace = await request(app.server).trace(`/api/v2/endpoints/workloads/${id}/a/b`).set(auth);
    expect(trace.status).toBe(405);
    expect(trace.headers.allow?.split(', ')).toEqual(expect.arrayContaining(['GET', 'POST', 'OPTIONS']));
  });

  it('answers HEAD on its pages, as Starlette routes do in FastAPI', async () => {
    // As GET answers, whatever that is: the dashboard's page is a 503 until `npm run build` made it.
    for (const path of [
      '/openapi.json',
      '/docs',
      '/docs/static/index.css',
      '/docs/json',
      '/_mock/health',
      '/_mock/ui',
    ]) {
      const get = await request(app.server).get(path).redirects(0);
      const head = await request(app.server).head(path).redirects(0);
      expect([head.status, head.headers['content-type']], path).toEqual([
        get.status,
        get.headers['content-type'],
      ]);
      expect([404, 405], path).not.toContain(head.status);
      // The page's length, as GET says it (not that of the body HEAD leaves out, 0).
      expect(head.headers['content-length'], path).toBe(get.headers['content-length']);
    }
  });

  it('serves the OpenAPI document and Swagger UI', async () => {
    const doc = await request(app.server).get('/openapi.json');
    expect(doc.status).toBe(200);
    expect(doc.body.openapi).toBe('3.1.0');
    expect(doc.body.paths['/api/v2/workloads'].get.operationId).toBe('listWorkloads');
    const ui = await request(app.server).get('/docs/').redirects(0);
    expect(ui.status).toBe(200);
    expect(ui.text).toContain('swagger');
    // The page reads its own URL of the document: it is the same document, bearer scheme and all,
    // so that "Authorize" and "Try it out" work.
    const initializer = await request(app.server).get('/docs/static/swagger-initializer.js');
    expect(initializer.text).toContain("resolveUrl('./json')");
    const shown = await request(app.server).get('/docs/json');
    expect(shown.body).toEqual(doc.body);
    expect(shown.body.components.securitySchemes).toBeDefined();
    const yaml = await request(app.server).get('/docs/yaml');
    expect(yaml.headers['content-type']).toContain('application/x-yaml');
    expect(yaml.text).toContain('securitySchemes:');
    expect(yaml.text).not.toContain('CreateWorkloadRequestInput');
    // The page's assets revalidate as a browser asks (304), and a path below it that is none is a 404.
    const css = await request(app.server).get('/docs/static/index.css');
    expect(css.status).toBe(200);
    const cached = await request(app.server)
      .get('/docs/static/index.css')
      .set('if-none-match', css.headers.etag ?? '');
    expect(cached.status).toBe(304);
    // A client that asks to close is answered so (the page's own keep-alive is not passed on).
    const closing = await request(app.server).get('/docs/static/index.css').set('Connection', 'close');
    expect([closing.status, closing.headers.connection]).toEqual([200, 'close']);
    const missing = await request(app.server).get('/docs/nope');
    expect([missing.status, missing.body]).toEqual([404, { detail: 'Not Found' }]);
  });
});

describe('MOCK_TOKENS', () => {
  let app: FastifyInstance;
  beforeAll(async () => {
    app = await buildApp({
      config: {
        clock: { mode: 'manual', scale: 60, start: T0 },
        tokens: new Map([
          ['tokA', 'team1'],
          ['tokB', 'team1'],
          ['tokC', 'team2'],
        ]),
      },
    });
  });
  afterAll(() => app.close());

  it('maps tokens to named tenants, refuses unknown tokens, and keeps teams apart', async () => {
    const created = await request(app.server)
      .post('/api/v2/artifacts')
      .set('Authorization', 'Bearer tokA')
      .send(serviceArtifact());
    expect(created.status).toBe(201);
    const sameTeam = await request(app.server)
      .get(`/api/v2/artifacts/${created.body.id}`)
      .set('Authorization', 'Bearer tokB');
    expect(sameTeam.status).toBe(200);
    const otherTeam = await request(app.server)
      .get(`/api/v2/artifacts/${created.body.id}`)
      .set('Authorization', 'Bearer tokC');
    expect(otherTeam.status).toBe(404);
    const unknown = await request(app.server).get('/api/v2/artifacts').set('Authorization', 'Bearer nope');
    expect(unknown.status).toBe(401);
    expect(unknown.body.detail).toBe('Invalid authentication credentials');
    expect(unknown.headers['www-authenticate']).toBe('Bearer');
  });
});

describe('jsonText', () => {
  it('decodes a UTF-32 body longer than a function takes arguments', () => {
    const text = `{"d": "${'é'.repeat(300_000)}"}`;
    const bytes = Buffer.from(
      new Uint32Array([0xfeff, ...[...text].map((char) => char.codePointAt(0)!)]).buffer,
    );
    expect(jsonText(bytes)).toBe(text);
  });
});

describe('onClientGone', () => {
  /** A response and its socket, played by hand: the test says when it finishes and when the socket closes. */
  const responseOn = (socket: EventEmitter & { destroyed: boolean }) =>
    Object.assign(new EventEmitter(), { req: { socket }, writableFinished: false }) as EventEmitter & {
      writableFinished: boolean;
    };
  const socketOf = (destroyed = false) => Object.assign(new EventEmitter(), { destroyed });

  it('tells a request whose client is already gone at once, and one still waiting when the connection closes', () => {
    const told: string[] = [];
    onClientGone(responseOn(socketOf(true)) as unknown as ServerResponse, () => told.push('gone already'));
    expect(told).toEqual(['gone already']);
    const socket = socketOf();
    onClientGone(responseOn(socket) as unknown as ServerResponse, () => told.push('waiting'));
    expect(told).toEqual(['gone already']);
    socket.emit('close');
    expect(told).toEqual(['gone already', 'waiting']);
  });

  it('does not tell a response already finished when its keep-alive connection closes later', () => {
    const socket = socketOf();
    const told: string[] = [];
    const answered = responseOn(socket);
    onClientGone(answered as unknown as ServerResponse, () => told.push('answered'));
    // Finished, but the finish listener not yet run: the check at close time still holds.
    answered.writableFinished = true;
    const queued = responseOn(socket);
    onClientGone(queued as unknown as ServerResponse, () => told.push('queued'));
    socket.emit('close');
    expect(told).toEqual(['queued']);
  });
});
